/**
 * Importing a child-population file into a region, all or nothing: the file is read whole
 * (parse.ts) before anything is written, and the figures are written in one transaction. A
 * figure for a municipality and year already stored is replaced (upsert), and the report says
 * which were new, replaced or unchanged. A dry run reads and reports without writing — the
 * page's preview and the CLI's --dry-run.
 */
import type { Kysely } from 'kysely';
import { errorMessage, format, type Lang, translations } from '../../i18n/index.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import {
  type IgnoredArea,
  type PopulationForm,
  type PopulationProblem,
  type PopulationSource,
  parsePopulationFile,
} from './parse.ts';
import { municipalitiesOfRegion, municipalityRefs, storedPopulation, upsertPopulation } from './queries.ts';

export type PopulationChange = 'new' | 'replaced' | 'unchanged';

export interface PopulationImportRow {
  code: string;
  name: LocalizedText;
  year: number;
  children: number;
  /** the figure stored before, when there was one */
  previous: number | null;
  previousSource: PopulationSource | null;
  change: PopulationChange;
}

export interface PopulationImportReport {
  form: PopulationForm;
  source: PopulationSource;
  dryRun: boolean;
  rows: PopulationImportRow[];
  years: number[];
  /** rows of the whole country or of regions, skipped */
  ignored: IgnoredArea[];
  /** the region's municipalities the file gave no figure for, by year */
  missing: { year: number; municipalities: { code: string; name: LocalizedText }[] }[];
  created: number;
  replaced: number;
  unchanged: number;
}

export interface PopulationImportOptions {
  regionId: string;
  /** who imports (a staff user's name, or 'demo seed') */
  importedBy: string;
  /** the source to record; by default the form the file was read as */
  source?: PopulationSource;
  dryRun?: boolean;
  now?: Date;
}

/** Reads the file and saves its figures (unless a dry run); throws PopulationFileError. */
export async function importPopulation(
  db: Kysely<DB>,
  file: string | Uint8Array,
  options: PopulationImportOptions,
): Promise<PopulationImportReport> {
  return db.transaction().execute(async (trx) => {
    const parsed = parsePopulationFile(file, {
      municipalities: await municipalityRefs(trx),
      regionId: options.regionId,
    });
    const source = options.source ?? parsed.form;
    const years = [...new Set(parsed.rows.map((r) => r.year))].sort((a, b) => a - b);
    const stored = await storedPopulation(
      trx,
      parsed.rows.map((r) => r.code),
      years,
    );
    const before = new Map(stored.map((s) => [`${s.code}|${s.year}`, s]));
    const region = await municipalitiesOfRegion(trx, options.regionId);
    const names = new Map(region.map((m) => [m.code, m.name]));
    const rows: PopulationImportRow[] = parsed.rows.map((r) => {
      const old = before.get(`${r.code}|${r.year}`);
      const change: PopulationChange = !old
        ? 'new'
        : old.children === r.children && old.source === source
          ? 'unchanged'
          : 'replaced';
      return {
        code: r.code,
        name: names.get(r.code) ?? { fi: r.code },
        year: r.year,
        children: r.children,
        previous: old?.children ?? null,
        previousSource: old?.source ?? null,
        change,
      };
    });
    if (!options.dryRun) {
      // an unchanged figure keeps its import time: the page shows when it last changed
      const written = parsed.rows.filter((_, i) => rows[i]?.change !== 'unchanged');
      await upsertPopulation(trx, written, source, options.importedBy, options.now ?? new Date());
    }
    const missing = years
      .map((year) => ({
        year,
        municipalities: region.filter((m) => !parsed.rows.some((r) => r.year === year && r.code === m.code)),
      }))
      .filter((m) => m.municipalities.length > 0);
    const count = (c: PopulationChange) => rows.filter((r) => r.change === c).length;
    return {
      form: parsed.form,
      source,
      dryRun: options.dryRun === true,
      rows,
      years,
      ignored: parsed.ignored,
      missing,
      created: count('new'),
      replaced: count('replaced'),
      unchanged: count('unchanged'),
    };
  });
}

/** A problem in words, with its line ("Line 4: Unknown municipality: Kuopo."). */
export function populationProblemText(lang: Lang, problem: PopulationProblem): string {
  const message = errorMessage(lang, problem.code, problem.params);
  return problem.line === null
    ? message
    : format(translations(lang).population.page.line, { line: problem.line, message });
}
