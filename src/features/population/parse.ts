/**
 * Reading a child-population file: pure functions of the file and the municipalities, tested
 * without a database. Two forms are understood:
 *
 * - Statistics Finland's table 11re ("Väestö iän (1-v.) ja sukupuolen mukaan alueittain")
 *   exported from PxWeb as CSV: a title line (and a blank line) before the header, semicolon,
 *   comma or tab between quoted cells, Latin-1 (windows-1252) or UTF-8 with or without a BOM.
 *   The long layout has a column per variable (Alue, Vuosi, Sukupuoli, Ikä) and one value
 *   column; the wide layouts put some variables into the value columns' headings ("Miehet 2024
 *   Väestö 31.12.", "2024", "0"). Ages 0–17 are summed, of both sexes: the total row
 *   (Yhteensä / Totalt / Total) when there is one, otherwise males and females — never both.
 * - A plain CSV: municipality, year, children aged 0–17 (headers in fi, sv or en).
 *
 * An area is a municipality's code (KU297, 297, "KU297 Kuopio", "297 Kuopio") or its Finnish,
 * Swedish or English name. The whole country and regions (KOKO MAA, MK11 Pohjois-Savo, …) are
 * ignored and reported; an unknown municipality, or one of another region, is a problem.
 * Every problem of the file is found before anything is saved, each with its line.
 */
import { parse } from 'csv-parse/sync';
import type { ErrorCode } from '../../i18n/index.ts';
import type { LocalizedText } from '../../platform/db/types.ts';

export type PopulationSource = 'statfin_11re' | 'plain_csv' | 'estimate';
export const POPULATION_SOURCES: readonly PopulationSource[] = ['statfin_11re', 'plain_csv', 'estimate'];
export type PopulationForm = 'statfin_11re' | 'plain_csv';

/** The children counted: ages 0–17 on 31 December. */
export const CHILD_AGES = 18;

/** A municipality the file may name. */
export interface MunicipalityRef {
  code: string;
  name: LocalizedText;
  regionId: string;
}

export interface PopulationProblem {
  /** the line of the file (the first line is 1); null: the file as a whole */
  line: number | null;
  code: ErrorCode;
  params?: Record<string, string | number>;
}

/** One municipality's children in one year, as the file gives them. */
export interface PopulationRow {
  code: string;
  year: number;
  children: number;
  /** the first line it was read from */
  line: number;
}

/** A row of the whole country or a region: not a municipality, so not imported. */
export interface IgnoredArea {
  line: number;
  area: string;
  kind: 'country' | 'region';
}

export interface ParsedPopulation {
  form: PopulationForm;
  rows: PopulationRow[];
  ignored: IgnoredArea[];
}

/** The file was not read: every problem, in line order. */
export class PopulationFileError extends Error {
  constructor(public readonly problems: PopulationProblem[]) {
    super(`the file has ${problems.length} problem(s); nothing was imported`);
    this.name = 'PopulationFileError';
  }
}

/** At most this many problems are listed (the rest are counted). */
export const MAX_PROBLEMS = 200;

// ------------------------------------------------------------------------- decoding

/**
 * The file's text: UTF-8 (a BOM is dropped) when it is valid UTF-8, otherwise windows-1252,
 * the code page PxWeb's CSV export uses ("ANSI"; Latin-1 for every Finnish and Swedish letter),
 * without a UTF-8 BOM left in front of it.
 */
export function decodePopulationFile(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    // a UTF-8 byte order mark before Latin-1 text (a file saved by one program, edited in
    // another): the mark is not text, so it must not become "ï»¿" before the header
    const bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
    return new TextDecoder('windows-1252').decode(bom ? input.subarray(3) : input);
  }
}

// ------------------------------------------------------------------------- words

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
const key = (s: string) => norm(s).replace(/[\s\-–]+/g, '_');

const AREA_COLUMNS = new Set([
  'alue',
  'område',
  'area',
  'kunta',
  'kommun',
  'municipality',
  'kuntakoodi',
  'kommunkod',
  'municipality_code',
  'kunta_koodi',
]);
const YEAR_COLUMNS = new Set(['vuosi', 'år', 'year']);
const SEX_COLUMNS = new Set(['sukupuoli', 'kön', 'sex', 'gender']);
const AGE_COLUMNS = new Set(['ikä', 'ålder', 'age']);
/** PxWeb's "contents" variable (Väestö 31.12.): one value, nothing to sum over */
const INFO_COLUMNS = new Set(['tiedot', 'uppgifter', 'information', 'data']);
const CHILDREN_COLUMNS = new Set([
  'lapset_0_17',
  'barn_0_17',
  'children_0_17',
  'lapsia_0_17',
  '0_17_vuotiaat',
  '0_17',
  'lapset',
  'barn',
  'children',
]);

/** How the missing columns are named in a problem (each language's word). */
export const COLUMN_NAMES = {
  area: 'kunta / kommun / municipality',
  year: 'vuosi / år / year',
  children: 'lapset_0_17 / barn_0_17 / children_0_17',
  age: 'Ikä / Ålder / Age',
} as const;

type Sex = 'total' | 'male' | 'female';
const TOTAL_WORDS = new Set(['yhteensä', 'totalt', 'total', 'sss', 'kaikki', 'both sexes', 'alla']);
const MALE_WORDS = new Set(['miehet', 'mies', 'män', 'man', 'males', 'male', 'men', '1']);
const FEMALE_WORDS = new Set(['naiset', 'nainen', 'kvinnor', 'kvinna', 'females', 'female', 'women', '2']);

function sexOf(cell: string): Sex | null {
  const w = norm(cell);
  if (TOTAL_WORDS.has(w)) return 'total';
  if (MALE_WORDS.has(w)) return 'male';
  if (FEMALE_WORDS.has(w)) return 'female';
  return null;
}

/** An age cell: a year of age (0, 17, "100 -", "5 vuotta"), the total, or not understood. */
function ageOf(cell: string): number | 'total' | null {
  const w = norm(cell);
  if (TOTAL_WORDS.has(w) || /^(ikä|ålder|age)( yhteensä| totalt| total)?$/.test(w)) return 'total';
  // a band of ages (0 - 4) is not a year of age
  if (/^\d{1,3} ?[-–] ?\d{1,3}$/.test(w)) return null;
  const m = /^(\d{1,3})(?: ?[-–+])?(?: (?:vuotta|vuotias|år|years?|v\.?))?$/.exec(w);
  return m ? Number(m[1]) : null;
}

function yearOf(cell: string): number | null {
  const w = norm(cell);
  return /^\d{4}$/.test(w) ? Number(w) : null;
}

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

// Statistics Finland's regions (maakunnat) in fi, sv and en, and the whole country: the rows of
// an export that are not municipalities.
const COUNTRY_NAMES = new Set([
  'koko maa',
  'hela landet',
  'whole country',
  'manner-suomi',
  'fastlandsfinland',
  'mainland finland',
]);
const REGION_NAMES = new Set(
  [
    'Uusimaa/Nyland',
    'Varsinais-Suomi/Egentliga Finland/Southwest Finland',
    'Satakunta',
    'Kanta-Häme/Egentliga Tavastland',
    'Pirkanmaa/Birkaland',
    'Päijät-Häme/Päijänne-Tavastland',
    'Kymenlaakso/Kymmenedalen',
    'Etelä-Karjala/Södra Karelen/South Karelia',
    'Etelä-Savo/Södra Savolax/South Savo',
    'Pohjois-Savo/Norra Savolax/North Savo',
    'Pohjois-Karjala/Norra Karelen/North Karelia',
    'Keski-Suomi/Mellersta Finland/Central Finland',
    'Etelä-Pohjanmaa/Södra Österbotten/South Ostrobothnia',
    'Pohjanmaa/Österbotten/Ostrobothnia',
    'Keski-Pohjanmaa/Mellersta Österbotten/Central Ostrobothnia',
    'Pohjois-Pohjanmaa/Norra Österbotten/North Ostrobothnia',
    'Kainuu/Kajanaland',
    'Lappi/Lappland/Lapland',
    'Ahvenanmaa/Åland',
  ].flatMap((names) => names.split('/').map(norm)),
);
const REGION_WORDS =
  /(hyvinvointialue|välfärdsområde|wellbeing services county|maakunta|landskap|seutukunta)/;

type Area = { kind: 'municipality'; code: string } | { kind: 'country' | 'region' } | { kind: 'unknown' };

/** The municipalities by code and by each of their names. */
export function areaIndex(municipalities: readonly MunicipalityRef[]) {
  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  const byName = new Map<string, MunicipalityRef>();
  for (const m of municipalities) {
    for (const name of [m.name.fi, m.name.sv, m.name.en]) if (name) byName.set(norm(name), m);
  }
  return { byCode, byName };
}
type AreaIndex = ReturnType<typeof areaIndex>;

function areaOf(cell: string, index: AreaIndex): Area {
  const w = norm(cell);
  const coded = /^ku ?(\d{3})\b/.exec(w) ?? /^(\d{1,3})(?: |$)/.exec(w);
  if (coded) return { kind: 'municipality', code: (coded[1] as string).padStart(3, '0') };
  if (w === 'sss' || COUNTRY_NAMES.has(w)) return { kind: 'country' };
  if (/^(mk|sk|hv|sa|avi|ely)\d{1,3}\b/.test(w)) return { kind: 'region' };
  const named = index.byName.get(w);
  if (named) return { kind: 'municipality', code: named.code };
  if (REGION_NAMES.has(w) || REGION_WORDS.test(w)) return { kind: 'region' };
  return { kind: 'unknown' };
}

/** A count: digits (spaces between thousands allowed); "-" is nil in Statistics Finland's tables. */
function countOf(cell: string): { value: number } | { problem: ErrorCode } {
  const w = cell.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (w === '-') return { value: 0 };
  if (!/^[-−]?\d+$/.test(w)) return { problem: 'population.not_a_number' };
  const value = Number(w.replace('−', '-'));
  if (value < 0) return { problem: 'population.negative_count' };
  if (!Number.isSafeInteger(value) || value > 2_147_483_647) return { problem: 'population.not_a_number' };
  return { value };
}

// ------------------------------------------------------------------------- reading CSV

interface Record_ {
  cells: string[];
  line: number;
}

/** The delimiter of the header: the most common of ; , and tab outside quotes on its line. */
function delimiterOf(text: string): string {
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
    }
    const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] as [string, number];
    if (best[1] > 0) return best[0];
  }
  return ';';
}

function readRecords(text: string): Record_[] | PopulationProblem {
  try {
    const parsed = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return parsed
      .map(({ record, info }) => ({ cells: record, line: info.lines }))
      .filter((r) => !(r.cells[0] ?? '').startsWith('#') && r.cells.some((c) => c !== ''));
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { line: typeof line === 'number' ? line : null, code: 'population.unreadable' };
  }
}

// ------------------------------------------------------------------------- the file

export interface ParseContext {
  municipalities: readonly MunicipalityRef[];
  /** the region imported into: its municipalities only */
  regionId: string;
}

/** Reads a file of either form; throws PopulationFileError with every problem. */
export function parsePopulationFile(input: string | Uint8Array, context: ParseContext): ParsedPopulation {
  const records = readRecords(decodePopulationFile(input));
  if (!Array.isArray(records)) throw new PopulationFileError([records]);
  // the header: the first row of more than one cell (PxWeb's title line is a single cell)
  const start = records.findIndex((r) => r.cells.filter((c) => c !== '').length > 1);
  const header = records[start];
  const data = start < 0 ? [] : records.slice(start + 1);
  if (!header || data.length === 0) {
    throw new PopulationFileError([{ line: null, code: 'population.empty_file' }]);
  }
  const problems: PopulationProblem[] = [];
  const reader = new Reader(context, problems);
  const names = header.cells.map(key);
  const result = names.some((n) => CHILDREN_COLUMNS.has(n))
    ? reader.plain(header, data)
    : reader.statfin(header, data);
  if (problems.length > 0) {
    throw new PopulationFileError(
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).slice(0, MAX_PROBLEMS),
    );
  }
  if (result.rows.length === 0) {
    throw new PopulationFileError([{ line: null, code: 'population.no_municipalities' }]);
  }
  return result;
}

class Reader {
  private readonly index: AreaIndex;
  constructor(
    private readonly context: ParseContext,
    private readonly problems: PopulationProblem[],
  ) {
    this.index = areaIndex(context.municipalities);
  }

  private problem(line: number | null, code: ErrorCode, params?: Record<string, string | number>) {
    this.problems.push(params ? { line, code, params } : { line, code });
  }

  /** The row's municipality of the region, or null (ignored, or a problem reported). */
  private municipality(cell: string, line: number, ignored: IgnoredArea[]): string | null {
    const area = areaOf(cell, this.index);
    if (area.kind === 'country' || area.kind === 'region') {
      ignored.push({ line, area: cell, kind: area.kind });
      return null;
    }
    const known = area.kind === 'municipality' ? this.index.byCode.get(area.code) : undefined;
    if (!known) {
      this.problem(line, 'population.unknown_municipality', { value: cell });
      return null;
    }
    if (known.regionId !== this.context.regionId) {
      this.problem(line, 'population.other_region', { value: `${known.code} ${known.name.fi}` });
      return null;
    }
    return known.code;
  }

  private year(cell: string, line: number): number | null {
    const year = yearOf(cell);
    if (year === null || year < MIN_YEAR || year > MAX_YEAR) {
      this.problem(line, 'population.invalid_year', { value: cell });
      return null;
    }
    return year;
  }

  private count(cell: string, line: number): number | null {
    const count = countOf(cell);
    if ('problem' in count) {
      this.problem(line, count.problem, { value: cell });
      return null;
    }
    return count.value;
  }

  /** The plain form: municipality, year, children 0–17 (other columns are ignored). */
  plain(header: Record_, data: Record_[]): ParsedPopulation {
    const names = header.cells.map(key);
    const col = (set: Set<string>) => names.findIndex((n) => set.has(n));
    const area = col(AREA_COLUMNS);
    const year = col(YEAR_COLUMNS);
    const children = col(CHILDREN_COLUMNS);
    const missing = (
      [
        ['area', area],
        ['year', year],
      ] as const
    ).filter(([, i]) => i < 0);
    for (const [name] of missing) {
      this.problem(header.line, 'population.missing_column', { column: COLUMN_NAMES[name] });
    }
    if (missing.length > 0) return { form: 'plain_csv', rows: [], ignored: [] };
    const rows: PopulationRow[] = [];
    const ignored: IgnoredArea[] = [];
    const seen = new Map<string, number>();
    for (const r of data) {
      const cell = (i: number) => r.cells[i] ?? '';
      const code = this.municipality(cell(area), r.line, ignored);
      const y = this.year(cell(year), r.line);
      const n = this.count(cell(children), r.line);
      if (code === null || y === null || n === null) continue;
      const other = seen.get(`${code}|${y}`);
      if (other !== undefined) {
        this.problem(r.line, 'population.duplicate_row', { other });
        continue;
      }
      seen.set(`${code}|${y}`, r.line);
      rows.push({ code, year: y, children: n, line: r.line });
    }
    return { form: 'plain_csv', rows, ignored };
  }

  /** Table 11re: the long layout or a wide one; ages 0–17 summed per municipality and year. */
  statfin(header: Record_, data: Record_[]): ParsedPopulation {
    const names = header.cells.map(key);
    const col = (set: Set<string>) => names.findIndex((n) => set.has(n));
    const area = col(AREA_COLUMNS);
    const yearCol = col(YEAR_COLUMNS);
    const sexCol = col(SEX_COLUMNS);
    const ageCol = col(AGE_COLUMNS);
    const dimensions = new Set([area, yearCol, sexCol, ageCol, col(INFO_COLUMNS)]);
    const valueColumns = header.cells.map((label, i) => ({ label, i })).filter((v) => !dimensions.has(v.i));
    const heading = headingVariables(
      valueColumns.map((v) => v.label),
      { sex: sexCol >= 0, age: ageCol >= 0 },
    );
    const values = valueColumns.map((v) => ({ i: v.i, ...headingOf(v.label, heading) }));
    if (area < 0) {
      // neither form: name what a plain file needs, and the table's area column
      this.problem(header.line, 'population.missing_column', {
        column: `${COLUMN_NAMES.area}, ${COLUMN_NAMES.children}`,
      });
      return { form: 'statfin_11re', rows: [], ignored: [] };
    }
    if (yearCol < 0 && values.some((v) => v.year === undefined)) {
      this.problem(header.line, 'population.missing_column', { column: COLUMN_NAMES.year });
    }
    if (ageCol < 0 && values.some((v) => v.age === undefined)) {
      this.problem(header.line, 'population.missing_column', { column: COLUMN_NAMES.age });
    }
    if (values.length === 0) {
      this.problem(header.line, 'population.missing_column', { column: 'Väestö 31.12.' });
    }
    for (const v of values.filter((x) => x.year === null)) {
      this.problem(header.line, 'population.invalid_year', { value: header.cells[v.i] ?? '' });
    }
    if (this.problems.length > 0) return { form: 'statfin_11re', rows: [], ignored: [] };

    const ignored: IgnoredArea[] = [];
    // code|year → sex → age → the line it came from; and the sums
    const cells = new Map<
      string,
      { line: number; bySex: Map<Sex, Map<number, number>>; sums: Record<Sex, number> }
    >();
    for (const r of data) {
      // a footnote after the table (a single cell of text)
      if (r.cells.filter((c) => c !== '').length === 1 && r.cells.length < header.cells.length) continue;
      const cell = (i: number) => r.cells[i] ?? '';
      const code = this.municipality(cell(area), r.line, ignored);
      if (code === null) continue;
      const rowYear = yearCol >= 0 ? this.year(cell(yearCol), r.line) : undefined;
      if (rowYear === null) continue;
      let rowSex: Sex | undefined;
      if (sexCol >= 0) {
        const s = sexOf(cell(sexCol));
        if (s === null) {
          this.problem(r.line, 'population.unknown_sex', { value: cell(sexCol) });
          continue;
        }
        rowSex = s;
      }
      let rowAge: number | 'total' | undefined;
      if (ageCol >= 0) {
        const a = ageOf(cell(ageCol));
        if (a === null) {
          this.problem(r.line, 'population.unknown_age', { value: cell(ageCol) });
          continue;
        }
        rowAge = a;
      }
      for (const v of values) {
        const year = rowYear ?? v.year;
        const age = rowAge ?? v.age;
        const sex = rowSex ?? v.sex ?? 'total';
        if (year == null || age === undefined || age === 'total' || age >= CHILD_AGES) continue;
        const n = this.count(cell(v.i), r.line);
        if (n === null) continue;
        const k = `${code}|${year}`;
        const entry = cells.get(k) ?? {
          line: r.line,
          bySex: new Map(),
          sums: { total: 0, male: 0, female: 0 },
        };
        cells.set(k, entry);
        const ages = entry.bySex.get(sex) ?? new Map<number, number>();
        entry.bySex.set(sex, ages);
        const other = ages.get(age);
        if (other !== undefined) {
          this.problem(r.line, 'population.duplicate_row', { other });
          continue;
        }
        ages.set(age, r.line);
        entry.sums[sex] += n;
      }
    }

    const rows: PopulationRow[] = [];
    for (const [k, entry] of cells) {
      const [code, y] = k.split('|') as [string, string];
      const year = Number(y);
      const name = `${code} ${this.index.byCode.get(code)?.name.fi ?? ''}`.trim();
      // both sexes: the total when the file has it, otherwise males and females (never both)
      const sexes: Sex[] = entry.bySex.has('total')
        ? ['total']
        : entry.bySex.has('male') && entry.bySex.has('female')
          ? ['male', 'female']
          : [];
      if (sexes.length === 0) {
        this.problem(entry.line, 'population.one_sex_only', { value: name, year });
        continue;
      }
      const missingAges = sexes.flatMap((s) =>
        Array.from({ length: CHILD_AGES }, (_, age) => age).filter((age) => !entry.bySex.get(s)?.has(age)),
      );
      if (missingAges.length > 0) {
        this.problem(entry.line, 'population.incomplete_ages', {
          value: name,
          year,
          missing: [...new Set(missingAges)].join(', '),
        });
        continue;
      }
      rows.push({
        code,
        year,
        children: sexes.reduce((sum, s) => sum + entry.sums[s], 0),
        line: entry.line,
      });
    }
    rows.sort((a, b) => a.year - b.year || a.code.localeCompare(b.code));
    return { form: 'statfin_11re', rows, ignored };
  }
}

/** The heading variables of a wide layout: whether sex and age are in the value columns' headings. */
export function headingVariables(
  labels: readonly string[],
  columns: { sex: boolean; age: boolean },
): { sex: boolean; age: boolean } {
  const tokens = labels.map((l) => tokensOf(l).tokens);
  const isAge = (x: string) => /^\d{1,3}[-+]?$/.test(x);
  const age = !columns.age && tokens.some((t) => t.some(isAge));
  const sexWord = (x: string) => (/^\d+$/.test(x) ? null : sexOf(x));
  // sex is in the heading when age is a column, when a heading names males or females, or
  // when one names a total beside an age ("2024 Yhteensä 0": the total is the sex's)
  const sex =
    !columns.sex &&
    (columns.age ||
      tokens.some((t) => t.some((x) => sexWord(x) === 'male' || sexWord(x) === 'female')) ||
      tokens.some((t) => t.some(isAge) && t.some((x) => sexWord(x) === 'total')));
  return { sex, age };
}

/** A heading without the contents' name ("Väestö 31.12."): its year, and its other words. */
function tokensOf(label: string): { year?: number | null; tokens: string[] } {
  let rest = norm(label)
    // the contents: "Väestö 31.12.", "Befolkning 31.12.", "Population 31 Dec"
    .replace(/(väestö|befolkning(en)?|population)( \d{1,2}\.? ?\d{1,2}\.?| 31 dec(ember)?\.?)?/g, ' ')
    .replace(/\b31\.12\.?/g, ' ');
  const out: { year?: number | null; tokens: string[] } = { tokens: [] };
  const year = /(?:^| )(\d{4})(?= |$)/.exec(rest);
  if (year) {
    const y = Number(year[1]);
    out.year = y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
    rest = rest.replace(year[0], ' ');
  }
  out.tokens = rest.split(' ').filter(Boolean);
  return out;
}

/**
 * What a value column's heading says, in a wide layout: its year ("2024"), sex ("Miehet") and
 * age ("0", "100 -") — PxWeb joins the heading variables' values with spaces. A total
 * ("Yhteensä") is the sex's when sex is in the heading, otherwise the age's. null year: the
 * heading names a year out of range.
 */
export function headingOf(
  label: string,
  heading: { sex: boolean; age: boolean },
): { year?: number | null; sex?: Sex; age?: number | 'total' } {
  const { year, tokens } = tokensOf(label);
  const out: { year?: number | null; sex?: Sex; age?: number | 'total' } = year === undefined ? {} : { year };
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as string;
    const sex = /^\d+$/.test(token) ? null : sexOf(token);
    if (sex === 'total') {
      if (heading.sex && out.sex === undefined) out.sex = 'total';
      else if (heading.age && out.age === undefined) out.age = 'total';
    } else if (sex !== null) {
      if (heading.sex) out.sex = sex;
    } else if (heading.age && out.age === undefined && /^\d{1,3}[-+]?$/.test(token)) {
      if (tokens[t + 1] === '-' || tokens[t + 1] === '+') t++;
      out.age = Number(token.replace(/[-+]$/, ''));
    }
  }
  return out;
}
