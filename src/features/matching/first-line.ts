/**
 * The first-line table (issue 14, part 2; docs/routing.md): for every topic × age band, the
 * service types that are the first help, the second line and the urgent route, each row with
 * its source in law or guidance. Pure: the shipped table is data/seed/reference/first-line.csv
 * (read once); a region's own table (editable by its administrators) is first-line-store.ts.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export const AGE_BANDS = ['0-6', '7-12', '13-17', 'parent'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface FirstLineRow {
  topic: string;
  band: AgeBand;
  /** service types that are the first help, in the order a counsellor would try them */
  firstHelp: string[];
  /** service types for when the first help is not enough, or beside it */
  secondLine: string[];
  /** service types raised when the situation is urgent or an emergency, in order */
  urgentRoute: string[];
  /** the law or guidance the row rests on */
  source: string;
}

/** The table by `topic|band`. */
export type FirstLineTable = ReadonlyMap<string, FirstLineRow>;

export const rowKey = (topic: string, band: string) => `${topic}|${band}`;

/** The age band of a child's (or a young person's own) age. */
export function bandOf(age: number): Exclude<AgeBand, 'parent'> {
  return age <= 6 ? '0-6' : age <= 12 ? '7-12' : '13-17';
}

/**
 * The bands whose rows apply to a situation: those of the children's ages; with no age known,
 * the parent's own need (`parent`).
 */
export function situationBands(childAges: readonly number[]): AgeBand[] {
  const bands = new Set<AgeBand>(childAges.map(bandOf));
  if (bands.size === 0) return ['parent'];
  return AGE_BANDS.filter((b) => bands.has(b));
}

const codes = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,;|]+/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);

/** Parses the CSV form of the table (topic,band,first_help,second_line,urgent_route,source). */
export function parseFirstLineCsv(text: string): FirstLineRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  return records.map((r, i) => {
    const band = r.band as AgeBand;
    if (!AGE_BANDS.includes(band)) throw new Error(`first-line.csv row ${i + 2}: unknown band ${r.band}`);
    return {
      topic: r.topic ?? '',
      band,
      firstHelp: codes(r.first_help),
      secondLine: codes(r.second_line),
      urgentRoute: codes(r.urgent_route),
      source: r.source ?? '',
    };
  });
}

export function tableOf(rows: readonly FirstLineRow[]): FirstLineTable {
  return new Map(rows.map((r) => [rowKey(r.topic, r.band), r]));
}

export const FIRST_LINE_FILE = new URL('../../../data/seed/reference/first-line.csv', import.meta.url);
let shipped: { rows: FirstLineRow[]; table: FirstLineTable } | null = null;

/** The rows shipped with Perheverkko (data/seed/reference/first-line.csv), read once. */
export function shippedFirstLineRows(): FirstLineRow[] {
  shipped ??= (() => {
    const rows = parseFirstLineCsv(readFileSync(FIRST_LINE_FILE, 'utf8'));
    return { rows, table: tableOf(rows) };
  })();
  return shipped.rows;
}

/** The shipped table (the rules when a region's own is not at hand, e.g. in the pure tests). */
export function shippedFirstLine(): FirstLineTable {
  shippedFirstLineRows();
  return (shipped as { table: FirstLineTable }).table;
}

/** The rows of a situation: its topics × its bands, in the topics' order. */
export function rowsFor(
  table: FirstLineTable,
  situation: { topics: readonly string[]; childAges: readonly number[] },
): FirstLineRow[] {
  const bands = situationBands(situation.childAges);
  const rows: FirstLineRow[] = [];
  for (const topic of new Set(situation.topics))
    for (const band of bands) {
      const row = table.get(rowKey(topic, band));
      if (row) rows.push(row);
    }
  return rows;
}

/** Every service type the table names for a situation (first help, second line; urgent route too when asked). */
export function typesFor(
  table: FirstLineTable,
  situation: { topics: readonly string[]; childAges: readonly number[] },
  urgent: boolean,
): string[] {
  const types = new Set<string>();
  for (const row of rowsFor(table, situation)) {
    for (const t of row.firstHelp) types.add(t);
    for (const t of row.secondLine) types.add(t);
    if (urgent) for (const t of row.urgentRoute) types.add(t);
  }
  if (urgent) types.add(SOCIAL_EMERGENCY);
  return [...types].sort();
}

/** Of a first help's value (1), the value of a second-line service for a topic. */
export const SECOND_LINE_SHARE = 0.5;

/** What the table says of one service in the situation: its best tier, why, and its share. */
export interface FirstLineFit {
  tier: 'first' | 'second';
  topic: string;
  band: AgeBand;
  source: string;
  /** the mean over the situation's topics of the service's best value at the children's bands (first help 1, second line SECOND_LINE_SHARE) */
  share: number;
}

export function firstLineFit(
  table: FirstLineTable,
  situation: { topics: readonly string[]; childAges: readonly number[] },
  serviceTypes: readonly string[],
): FirstLineFit | null {
  const bands = situationBands(situation.childAges);
  const topics = [...new Set(situation.topics)];
  let best: Omit<FirstLineFit, 'share'> | null = null;
  let sum = 0;
  for (const topic of topics) {
    let value = 0;
    for (const band of bands) {
      const row = table.get(rowKey(topic, band));
      if (!row) continue;
      const tier = row.firstHelp.some((t) => serviceTypes.includes(t))
        ? 'first'
        : row.secondLine.some((t) => serviceTypes.includes(t))
          ? 'second'
          : null;
      if (tier === null) continue;
      value = Math.max(value, tier === 'first' ? 1 : SECOND_LINE_SHARE);
      if (!best || (best.tier === 'second' && tier === 'first'))
        best = { tier, topic, band, source: row.source };
    }
    sum += value;
  }
  return best ? { ...best, share: sum / topics.length } : null;
}

/** The route type child protection: only ever an urgent route (lastensuojelulaki 417/2007 §§ 25–27). */
export const CHILD_PROTECTION = 'LASTENSUOJELU';
/** The round-the-clock social emergency service (sosiaalihuoltolaki 1301/2014 § 29). */
export const SOCIAL_EMERGENCY = 'SOSIAALIPAIVYSTYS';

/**
 * The urgent routes of a situation, in order: the urgent routes of its rows merged by their
 * place in each row (a type first in any row comes first); on a tie child protection first (a
 * child's safety goes before everything), then in the order the rows name them. In an
 * emergency (danger now) the round-the-clock social emergency service comes first whenever it
 * is a route. With no topic the social emergency service alone.
 */
export function urgentRoutesFor(
  table: FirstLineTable,
  situation: { topics: readonly string[]; childAges: readonly number[]; urgency: string },
): { type: string; topic: string | null; source: string | null }[] {
  if (situation.urgency === 'normal') return [];
  const rows = rowsFor(table, situation);
  if (rows.length === 0) return [{ type: SOCIAL_EMERGENCY, topic: null, source: null }];
  const best = new Map<string, { index: number; order: number; topic: string; source: string }>();
  let order = 0;
  for (const row of rows)
    row.urgentRoute.forEach((type, index) => {
      const seen = best.get(type);
      if (!seen || index < seen.index)
        best.set(type, { index, order: seen?.order ?? order++, topic: row.topic, source: row.source });
    });
  const routes = [...best.entries()].sort(
    ([ta, a], [tb, b]) =>
      a.index - b.index ||
      Number(tb === CHILD_PROTECTION) - Number(ta === CHILD_PROTECTION) ||
      a.order - b.order,
  );
  if (situation.urgency === 'emergency') {
    const i = routes.findIndex(([type]) => type === SOCIAL_EMERGENCY);
    if (i > 0) routes.unshift(...routes.splice(i, 1));
  }
  return routes.map(([type, r]) => ({ type, topic: r.topic, source: r.source }));
}

// ---------------------------------------------------------------------- checking a row

export interface RowProblem {
  field: 'firstHelp' | 'secondLine' | 'urgentRoute' | 'source';
  code:
    | 'first_line.first_help_required'
    | 'first_line.unknown_service_type'
    | 'first_line.child_protection_urgent_only'
    | 'first_line.source_required';
  params?: Record<string, string>;
}

/**
 * The rules every row keeps (the administrator's form and the consistency test alike): a first
 * help, every code a service type, child protection only as an urgent route, a source.
 */
export function checkRow(
  row: Pick<FirstLineRow, 'firstHelp' | 'secondLine' | 'urgentRoute' | 'source'>,
  serviceTypes: ReadonlySet<string>,
): RowProblem[] {
  const problems: RowProblem[] = [];
  if (row.firstHelp.length === 0)
    problems.push({ field: 'firstHelp', code: 'first_line.first_help_required' });
  for (const field of ['firstHelp', 'secondLine', 'urgentRoute'] as const) {
    const unknown = row[field].filter((c) => !serviceTypes.has(c));
    if (unknown.length > 0)
      problems.push({
        field,
        code: 'first_line.unknown_service_type',
        params: { value: unknown.join(', ') },
      });
    else if (field !== 'urgentRoute' && row[field].includes(CHILD_PROTECTION))
      problems.push({ field, code: 'first_line.child_protection_urgent_only' });
  }
  if (row.source.trim().length === 0) problems.push({ field: 'source', code: 'first_line.source_required' });
  return problems;
}
