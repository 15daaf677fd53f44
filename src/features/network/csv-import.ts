/**
 * CSV import of the network registry: one file of units and one of professionals, upserted by
 * code, all or nothing. Every problem of both files is found before anything is written, each
 * with its file, row (the line of the file; the header is row 1) and column; a file with a
 * single problem is rejected whole. The same rules as the staff pages and the API apply
 * (schema.ts reads the cells, network.ts checks them against the region).
 */
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { type ErrorCode, errorMessage, format, type Lang, translations } from '../../i18n/index.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { resolveProfessional, resolveUnit, sameRow } from './network.ts';
import {
  type ProfessionalRow,
  professionalRowsByIds,
  registryContext,
  type UnitRow,
  unitRowsByIds,
  writeProfessional,
  writeUnit,
} from './queries.ts';
import {
  OPTIONAL_COLUMNS,
  PROFESSIONAL_COLUMNS,
  type ProfessionalInput,
  professionalFromText,
  UNIT_COLUMNS,
  type UnitInput,
  unitFromText,
} from './schema.ts';

export type ImportFile = 'units' | 'professionals';

export interface ImportProblem {
  file: ImportFile;
  /** the line of the file where the row starts (the header is row 1) */
  row: number;
  /** null: the row (or the file) as a whole */
  column: string | null;
  code: ErrorCode;
  params?: Record<string, string | number>;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}
export interface ImportReport {
  units: ImportCounts;
  professionals: ImportCounts;
}

/** The files were not imported: every problem, in file, row and column order. */
export class NetworkImportError extends Error {
  constructor(public readonly problems: ImportProblem[]) {
    super(`the files have ${problems.length} problem(s); nothing was imported`);
    this.name = 'NetworkImportError';
  }

  /** As the API's error: the fields are "<file>.<row>.<column>". */
  toAppError(): AppError {
    return new AppError(
      'network.import_invalid',
      400,
      { count: this.problems.length },
      this.problems.map((p) => ({
        field: [p.file, p.row, p.column].filter((x) => x !== null).join('.'),
        code: p.code,
        ...(p.params ? { params: p.params } : {}),
      })),
    );
  }
}

export const MAX_ROWS = 5000;

const COLUMNS: Record<ImportFile, readonly string[]> = {
  units: UNIT_COLUMNS,
  professionals: PROFESSIONAL_COLUMNS,
};

interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

/** "row 7, column fte: …" in the language asked for. */
export function importProblemText(lang: Lang, p: ImportProblem): string {
  const ti = translations(lang).network.import;
  const message = errorMessage(lang, p.code, p.params);
  const file = ti.files[p.file];
  if (p.row === 0) return `${file}: ${message}`;
  return p.column === null
    ? format(ti.row, { file, row: p.row, message })
    : format(ti.rowColumn, { file, row: p.row, column: p.column, message });
}

/** Rows of a CSV text by column name, or the problems that stop reading it. */
export function readCsv(text: string, file: ImportFile): { rows: CsvRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  // Finnish spreadsheets write CSV with semicolons
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = Number((error as { lines?: number }).lines) || 1;
    return { rows: [], problems: [{ file, row: line, column: null, code: 'network.csv_unreadable' }] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], problems: [{ file, row: 0, column: null, code: 'network.csv_no_rows' }] };
  const names = header.record.map((h) => h.trim().toLowerCase());
  const known = new Set<string>([...COLUMNS[file], ...OPTIONAL_COLUMNS]);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      problems.push({
        file,
        row: 1,
        column: name,
        code: 'network.csv_duplicate_column',
        params: { column: name },
      });
    else if (!known.has(name))
      problems.push({
        file,
        row: 1,
        column: name,
        code: 'network.csv_unknown_column',
        params: { column: name },
      });
    seen.add(name);
  }
  for (const column of COLUMNS[file])
    if (!seen.has(column))
      problems.push({ file, row: 1, column: null, code: 'network.csv_missing_column', params: { column } });
  if (problems.length > 0) return { rows: [], problems };
  const rows: CsvRow[] = [];
  for (const { record, info } of data) {
    if (record.every((cell) => cell === '')) continue;
    // a record ends on info.lines; its quoted line breaks are before that
    const row = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== names.length) {
      problems.push({
        file,
        row,
        column: null,
        code: 'network.csv_column_count',
        params: { count: record.length, expected: names.length },
      });
      continue;
    }
    rows.push({ row, cells: Object.fromEntries(names.map((n, i) => [n, record[i] ?? ''])) });
  }
  if (rows.length === 0 && problems.length === 0)
    problems.push({ file, row: 0, column: null, code: 'network.csv_no_rows' });
  if (rows.length > MAX_ROWS)
    problems.push({
      file,
      row: 0,
      column: null,
      code: 'network.csv_too_many_rows',
      params: { max: MAX_ROWS },
    });
  return { rows, problems };
}

const at =
  (file: ImportFile, row: number) =>
  (p: FieldProblem): ImportProblem => ({
    file,
    row,
    column: p.field,
    code: p.code,
    ...(p.params ? { params: p.params } : {}),
  });

/** The same code twice in a file: the later rows are problems. */
function duplicates(file: ImportFile, rows: { row: number; code: string }[]): ImportProblem[] {
  const first = new Map<string, number>();
  const out: ImportProblem[] = [];
  for (const r of rows) {
    if (!r.code) continue;
    const seen = first.get(r.code);
    if (seen === undefined) first.set(r.code, r.row);
    else
      out.push({ file, row: r.row, column: 'code', code: 'network.duplicate_code', params: { row: seen } });
  }
  return out;
}

const order = (a: ImportProblem, b: ImportProblem) =>
  (a.file === b.file ? 0 : a.file === 'units' ? -1 : 1) || a.row - b.row || columnIndex(a) - columnIndex(b);
const columnIndex = (p: ImportProblem) => {
  const i = p.column === null ? -1 : COLUMNS[p.file].indexOf(p.column);
  return i === -1 && p.column !== null ? COLUMNS[p.file].length : i;
};

/**
 * Imports the units and/or professionals CSV texts into the region, all or nothing. Throws
 * NetworkImportError with every problem; nothing is written unless there are none.
 */
export async function importNetworkCsv(
  db: Kysely<DB>,
  regionId: string,
  files: { units?: string | null; professionals?: string | null },
): Promise<ImportReport> {
  const unitsText = files.units?.trim() ? files.units : null;
  const professionalsText = files.professionals?.trim() ? files.professionals : null;
  if (unitsText === null && professionalsText === null) throw new AppError('network.import_empty', 400);

  const problems: ImportProblem[] = [];
  const unitRows: { row: number; input: UnitInput }[] = [];
  const professionalRows: { row: number; input: ProfessionalInput }[] = [];
  if (unitsText !== null) {
    const csv = readCsv(unitsText, 'units');
    problems.push(...csv.problems);
    for (const r of csv.rows) {
      const parsed = unitFromText(r.cells);
      problems.push(...parsed.problems.map(at('units', r.row)));
      unitRows.push({ row: r.row, input: parsed.value });
    }
    problems.push(
      ...duplicates(
        'units',
        unitRows.map((u) => ({ row: u.row, code: u.input.code })),
      ),
    );
  }
  if (professionalsText !== null) {
    const csv = readCsv(professionalsText, 'professionals');
    problems.push(...csv.problems);
    for (const r of csv.rows) {
      const parsed = professionalFromText(r.cells);
      problems.push(...parsed.problems.map(at('professionals', r.row)));
      professionalRows.push({ row: r.row, input: parsed.value });
    }
    problems.push(
      ...duplicates(
        'professionals',
        professionalRows.map((p) => ({ row: p.row, code: p.input.code })),
      ),
    );
  }
  const columnProblem = new Set(problems.map((p) => `${p.file}.${p.row}.${p.column}`));
  const report: ImportReport = {
    units: { created: 0, updated: 0, unchanged: 0 },
    professionals: { created: 0, updated: 0, unchanged: 0 },
  };

  try {
    await db.transaction().execute(async (trx) => {
      const ctx = await registryContext(trx, regionId, {
        units: unitRows.map((u) => u.input.code).filter(Boolean),
        professionals: professionalRows.map((p) => p.input.code).filter(Boolean),
      });
      const ownUnit = (code: string) => {
        const u = ctx.unitCodes.get(code);
        return u && u.regionId === regionId ? u.id : undefined;
      };
      const ownProfessional = (code: string) => {
        const p = ctx.professionalCodes.get(code);
        return p && p.regionId === regionId ? p.id : undefined;
      };
      const storedUnits = await unitRowsByIds(
        trx,
        unitRows.map((u) => ownUnit(u.input.code)).filter((id): id is string => Boolean(id)),
      );
      const storedProfessionals = await professionalRowsByIds(
        trx,
        professionalRows.map((p) => ownProfessional(p.input.code)).filter((id): id is string => Boolean(id)),
      );

      // the file's units, stored or new, for the professionals' unit_code
      const fileUnits = new Map<string, string>();
      const unitWrites: { row: UnitRow; stored: UnitRow | undefined }[] = [];
      for (const { row, input } of unitRows) {
        const storedId = ownUnit(input.code);
        const stored = storedId ? storedUnits.get(storedId) : undefined;
        const id = stored?.id ?? newId();
        if (input.code && !fileUnits.has(input.code)) fileUnits.set(input.code, id);
        const result = resolveUnit(input, ctx, stored ?? null, id);
        // a cell already found bad is reported once
        if ('problems' in result)
          problems.push(
            ...result.problems
              .map(at('units', row))
              .filter((p) => !columnProblem.has(`${p.file}.${p.row}.${p.column}`)),
          );
        else unitWrites.push({ row: result.row, stored });
      }
      const professionalWrites: { row: ProfessionalRow; stored: ProfessionalRow | undefined }[] = [];
      for (const { row, input } of professionalRows) {
        const storedId = ownProfessional(input.code);
        const stored = storedId ? storedProfessionals.get(storedId) : undefined;
        const result = resolveProfessional(input, ctx, stored ?? null, fileUnits, stored?.id ?? newId());
        if ('problems' in result)
          problems.push(
            ...result.problems
              .map(at('professionals', row))
              .filter((p) => !columnProblem.has(`${p.file}.${p.row}.${p.column}`)),
          );
        else professionalWrites.push({ row: result.row, stored });
      }
      if (problems.length > 0) throw new NetworkImportError([...problems].sort(order));

      for (const { row, stored } of unitWrites) {
        if (stored && sameRow(stored, row)) report.units.unchanged++;
        else {
          await writeUnit(trx, row, stored !== undefined);
          report.units[stored ? 'updated' : 'created']++;
        }
      }
      for (const { row, stored } of professionalWrites) {
        if (stored && sameRow(stored, row)) report.professionals.unchanged++;
        else {
          await writeProfessional(trx, row, stored !== undefined);
          report.professionals[stored ? 'updated' : 'created']++;
        }
      }
    });
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === '23505' || /duplicate key|unique constraint/i.test(e.message ?? ''))
      throw new NetworkImportError([{ file: 'units', row: 0, column: null, code: 'network.code_taken' }]);
    throw error;
  }
  return report;
}
