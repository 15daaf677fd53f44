/**
 * The shared metrics as the page, the charts and the CSV read them (../shared/design/METRICS.md):
 * every figure already protected (src/platform/suppression.ts), with its n, and every label
 * already in the page's language. Nothing here names a person or links to a contact.
 */
import type { Lang } from '../../i18n/index.ts';
import type { Shown, SuppressionRules } from '../../platform/suppression.ts';

/** A calendar month 'YYYY-MM' (Europe/Helsinki). */
export type Month = string;

/** What the manager asked for: whole months, within one calendar year, one municipality or all. */
export interface MetricsQuery {
  regionId: string;
  /** first and last month, inclusive, in the same year */
  from: Month;
  to: Month;
  /** a municipality's code, or null for the whole region */
  municipality: string | null;
  lang: Lang;
}

/** One cell of a count breakdown. */
export interface CountRow {
  key: string;
  label: string;
  count: Shown;
}

export interface CountBreakdown {
  rows: CountRow[];
  total: Shown;
}

/** One cell of a rate breakdown: numerator ÷ denominator, each protected. */
export interface RateRow {
  key: string;
  label: string;
  numerator: Shown;
  denominator: Shown;
  /** 0 … 1 */
  rate: Shown;
}

export interface RateBreakdown {
  rows: RateRow[];
  total: Omit<RateRow, 'key' | 'label'>;
}

/** Working-day buckets of a duration: same day (0), 1, 2, 3, more than 3, not yet. */
export type DayBucket = '0' | '1' | '2' | '3' | 'more' | 'none';

export interface BucketRow {
  key: DayBucket;
  count: Shown;
  /** share of all in the breakdown (0 … 1) */
  share: Shown;
}

export interface Duration {
  /** the median in working days (whole days), hidden when n is small */
  median: Shown;
  buckets: BucketRow[];
  n: Shown;
}

/** Contacts per 1,000 children of one municipality (or the region: key 'region'). */
export interface PerThousandRow {
  key: string;
  label: string;
  /** unique families contacting in the period */
  families: Shown;
  /** children aged 0–17 on 31.12 of the population year (public statistics: not suppressed) */
  children: number | null;
  /** families ÷ children × 1,000 */
  perThousand: Shown;
}

export interface MetricsReport {
  query: MetricsQuery;
  rules: SuppressionRules;
  /** the region's and (when chosen) the municipality's names */
  regionName: string;
  municipalityName: string | null;
  /** when the summary tables were last brought up to date (null: never) */
  refreshedAt: Date | null;
  /** #1 and #18: new contacts, by municipality, channel, topic, contacter, age group, language */
  contacts: {
    total: Shown;
    byMunicipality: CountBreakdown;
    byChannel: CountBreakdown;
    byTopic: CountBreakdown;
    byContacter: CountBreakdown;
    byAgeGroup: CountBreakdown;
    byLanguage: CountBreakdown;
  };
  /** #2 (and #19's first gap): the equality of municipalities */
  perThousand: {
    /** the population year (31.12), its source, and whether the period is a whole year */
    populationYear: number | null;
    populationSource: 'statfin_11re' | 'plain_csv' | 'estimate' | null;
    wholeYear: boolean;
    rows: PerThousandRow[];
    region: PerThousandRow;
  };
  /** #3: first answered within the promised working days, by municipality; the target share */
  withinPromise: RateBreakdown & { target: number };
  /** #4: time to first response in working days */
  timeToFirstResponse: Duration;
  /** #5: closed as resolved without a handoff ÷ closed (by the month closed), by municipality */
  oneContactEnough: RateBreakdown;
  /** #6, #7 and the ease of reaching us (1–5) */
  feedback: {
    gotHelp: CountBreakdown;
    /** yes ÷ (yes + partly + no) */
    gotHelpRate: Omit<RateRow, 'key' | 'label'>;
    /** feedback ÷ contacts closed in the period */
    responseRate: Omit<RateRow, 'key' | 'label'>;
    ease: CountBreakdown;
  };
  /** #8 – #14 */
  handoffs: {
    byService: CountBreakdown;
    /** accepted ÷ (accepted + declined + expired), by receiving service */
    acceptance: RateBreakdown;
    timeToAcceptance: Duration;
    /** with a final outcome ÷ all */
    closedLoop: Omit<RateRow, 'key' | 'label'>;
    firstVisit: Duration;
    declineReasons: CountBreakdown;
    /** handoffs to a unit in another municipality, by the methods its professionals know */
    crossBorderByMethod: CountBreakdown;
    crossBorderShare: Omit<RateRow, 'key' | 'label'>;
  };
  /** #15 */
  consultations: { requests: Shown; withinPromise: Omit<RateRow, 'key' | 'label'> };
  /** #16 */
  meetings: { held: Shown; perThousand: Shown; bookedToHeld: Duration };
  /** #19: the highest ÷ the lowest municipality (null when fewer than two can be shown) */
  gaps: { perThousand: number | null; withinPromise: number | null; acceptance: number | null };
  /** #20: open contacts and handoffs past their promise (as of the last refresh) */
  pastPromiseToday: { contacts: Shown; handoffs: Shown };
}
