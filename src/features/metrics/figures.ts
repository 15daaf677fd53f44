/**
 * The report as a list of figures: what the page draws (a chart, a summary sentence and a table
 * per figure) and what the CSV writes (one row per cell), so both show the same cells with the
 * same marks. Every value is a `Shown` (src/platform/suppression.ts) or public statistics; no
 * figure carries free text or points to a contact.
 */
import { format, type Lang, translations } from '../../i18n/index.ts';
import { type Shown, type SuppressionRules, shownText } from '../../platform/suppression.ts';
import type { CountBreakdown, DayBucket, Duration, MetricsReport, RateBreakdown, RateRow } from './model.ts';

export type Unit = 'count' | 'percent' | 'per_thousand' | 'days' | 'ratio';

export type GroupKey =
  | 'contacts'
  | 'perThousand'
  | 'response'
  | 'oneContact'
  | 'feedback'
  | 'handoffs'
  | 'consultations'
  | 'meetings'
  | 'gaps'
  | 'pastPromise';

type FigureTitle = keyof ReturnType<typeof translations>['metrics']['figures'];

/** One cell of a figure: its value, its n (the count or the denominator it rests on). */
export interface FigureRow {
  key: string;
  label: string;
  value: Shown;
  /** the row's own unit, when a figure mixes them (a count and a share) */
  unit?: Unit;
  n: Shown | null;
  /** public statistics beside the value (the children of a municipality) */
  children?: number | null;
}

export interface Figure {
  group: GroupKey;
  id: FigureTitle;
  title: string;
  unit: Unit;
  /** the header of the rows' label column */
  labelHeader: string;
  rows: FigureRow[];
  /** rows of the table and the CSV only (a total, a median), not drawn */
  foot: FigureRow[];
  /** the one-sentence summary (without the n) */
  summary: string;
  /** the n of the whole figure */
  n: Shown | null;
  /** how it is drawn: sorted bars (largest first), bars in the rows' order, or no chart */
  chart: 'sorted' | 'ordered' | 'none';
  /** a labelled line: the target (90 %) or the region's value */
  line?: { value: number; label: string };
  /** the figure has a children column (per 1,000 children) */
  withChildren?: boolean;
}

export interface FigureGroup {
  key: GroupKey;
  title: string;
  figures: Figure[];
}

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Numbers the page's way: "1 234", "86 %", "12,3" in Finnish; sv and en their own. */
export function formatter(lang: Lang, unit: Unit): (value: number) => string {
  const locale = LOCALES[lang];
  switch (unit) {
    case 'count':
    case 'days':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format;
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format;
    case 'per_thousand':
    case 'ratio':
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format;
  }
}

/** A figure's cell as text: the value in its unit, or "<5" / "..". */
export function cellText(lang: Lang, unit: Unit, figure: Shown, rules: SuppressionRules): string {
  return shownText(figure, formatter(lang, unit), rules);
}

const shown = (value: number): Shown => ({ shown: true, value });
const BUCKETS: readonly DayBucket[] = ['0', '1', '2', '3', 'more', 'none'];

/** The figures of a report, grouped as the page shows them, in the page's language. */
export function reportFigures(report: MetricsReport, lang: Lang): FigureGroup[] {
  const t = translations(lang).metrics;
  const rules = report.rules;
  const text = (unit: Unit, v: Shown) => cellText(lang, unit, v, rules);
  const col = t.columns;
  /** a sentence about a share, or, when the share is hidden, that it is (never "<5 got help") */
  const aboutRate = (rate: Shown, sentence: (rate: string) => string) =>
    rate.shown
      ? sentence(text('percent', rate))
      : format(t.summary.rateHidden, { mark: text('percent', rate) });

  const figure = (
    group: GroupKey,
    id: FigureTitle,
    rest: Omit<Figure, 'group' | 'id' | 'title' | 'foot'> & { foot?: FigureRow[] },
  ): Figure => ({ group, id, title: t.figures[id], foot: [], ...rest });

  /** A count breakdown: sorted bars unless its order means something (ages, 1–5, yes/no). */
  const counts = (
    group: GroupKey,
    id: FigureTitle,
    b: CountBreakdown,
    labelHeader: string,
    chart: 'sorted' | 'ordered' = 'sorted',
  ): Figure => {
    const top = [...b.rows]
      .filter((r) => r.count.shown)
      .sort((x, y) => (y.count.shown ? y.count.value : 0) - (x.count.shown ? x.count.value : 0))[0];
    const total = text('count', b.total);
    return figure(group, id, {
      unit: 'count',
      labelHeader,
      rows: b.rows.map((r) => ({ key: r.key, label: r.label, value: r.count, n: null })),
      foot: [{ key: 'total', label: t.rows.total, value: b.total, n: null }],
      summary:
        top?.count.shown && top.count.value > 0
          ? format(t.summary.count, { total, top: top.label, topValue: text('count', top.count) })
          : format(t.summary.countOnly, { total }),
      n: b.total,
      chart,
    });
  };

  const rateRows = (rows: RateRow[]): FigureRow[] =>
    rows.map((r) => ({ key: r.key, label: r.label, value: r.rate, n: r.denominator }));

  const rates = (
    group: GroupKey,
    id: FigureTitle,
    b: RateBreakdown,
    labelHeader: string,
    summary: (rate: string) => string,
    line?: Figure['line'],
  ): Figure =>
    figure(group, id, {
      unit: 'percent',
      labelHeader,
      rows: rateRows(b.rows),
      foot: [{ key: 'total', label: t.rows.total, value: b.total.rate, n: b.total.denominator }],
      summary: aboutRate(b.total.rate, summary),
      n: b.total.denominator,
      chart: 'sorted',
      line,
    });

  const duration = (group: GroupKey, id: FigureTitle, d: Duration): Figure =>
    figure(group, id, {
      unit: 'percent',
      labelHeader: col.bucket,
      rows: BUCKETS.map((key) => {
        const row = d.buckets.find((b) => b.key === key);
        return {
          key,
          label: t.buckets[key],
          value: row?.share ?? shown(0),
          n: row?.count ?? shown(0),
        };
      }),
      foot: [{ key: 'median', label: t.rows.median, value: d.median, unit: 'days', n: d.n }],
      summary: format(t.summary.duration, { median: text('days', d.median) }),
      n: d.n,
      chart: 'ordered',
    });

  const single = (key: string, label: string, r: Omit<RateRow, 'key' | 'label'>): FigureRow => ({
    key,
    label,
    value: r.rate,
    n: r.denominator,
  });

  const pt = report.perThousand;
  const regionPerThousand = pt.region.perThousand;
  // the municipality with most families per 1,000 children (none when no family contacted)
  const topPerThousand = [...pt.rows]
    .filter((r) => r.perThousand.shown && r.perThousand.value > 0)
    .sort(
      (a, b) =>
        (b.perThousand.shown ? b.perThousand.value : 0) - (a.perThousand.shown ? a.perThousand.value : 0),
    )[0];
  const fb = report.feedback;
  const h = report.handoffs;
  const gap = (key: string, label: string, value: number | null): FigureRow => ({
    key,
    label,
    value: value === null ? { shown: false, reason: 'secondary' } : shown(value),
    n: null,
  });
  const gaps = report.gaps;

  const groups: [GroupKey, Figure[]][] = [
    [
      'contacts',
      [
        counts('contacts', 'byMunicipality', report.contacts.byMunicipality, col.municipality),
        counts('contacts', 'byChannel', report.contacts.byChannel, col.category),
        counts('contacts', 'byTopic', report.contacts.byTopic, col.category),
        counts('contacts', 'byContacter', report.contacts.byContacter, col.category),
        counts('contacts', 'byAgeGroup', report.contacts.byAgeGroup, col.category, 'ordered'),
        counts('contacts', 'byLanguage', report.contacts.byLanguage, col.category),
      ],
    ],
    [
      'perThousand',
      [
        figure('perThousand', 'perThousand', {
          unit: 'per_thousand',
          labelHeader: col.municipality,
          rows: pt.rows.map((r) => ({
            key: r.key,
            label: r.label,
            value: r.perThousand,
            n: r.families,
            children: r.children,
          })),
          foot: [
            {
              key: 'region',
              label: t.rows.region,
              value: regionPerThousand,
              n: pt.region.families,
              children: pt.region.children,
            },
          ],
          summary: topPerThousand?.perThousand.shown
            ? format(t.summary.perThousand, {
                region: text('per_thousand', regionPerThousand),
                top: topPerThousand.label,
                topValue: text('per_thousand', topPerThousand.perThousand),
              })
            : format(t.summary.perThousandOnly, { region: text('per_thousand', regionPerThousand) }),
          n: pt.region.families,
          chart: 'sorted',
          withChildren: true,
          line: regionPerThousand.shown
            ? {
                value: regionPerThousand.value,
                label: format(t.chart.region, { value: text('per_thousand', regionPerThousand) }),
              }
            : undefined,
        }),
      ],
    ],
    [
      'response',
      [
        rates(
          'response',
          'withinPromise',
          report.withinPromise,
          col.municipality,
          (rate) =>
            format(t.summary.withinPromise, {
              rate,
              target: formatter(lang, 'percent')(report.withinPromise.target),
            }),
          {
            value: report.withinPromise.target,
            label: format(t.chart.target, { value: formatter(lang, 'percent')(report.withinPromise.target) }),
          },
        ),
        duration('response', 'timeToFirstResponse', report.timeToFirstResponse),
      ],
    ],
    [
      'oneContact',
      [
        rates('oneContact', 'oneContactEnough', report.oneContactEnough, col.municipality, (rate) =>
          format(t.summary.oneContactEnough, { rate }),
        ),
      ],
    ],
    [
      'feedback',
      [
        {
          ...counts('feedback', 'gotHelp', fb.gotHelp, col.category, 'ordered'),
          summary: aboutRate(fb.gotHelpRate.rate, (rate) => format(t.summary.gotHelp, { rate })),
        },
        figure('feedback', 'feedbackRates', {
          unit: 'percent',
          labelHeader: col.figure,
          rows: [
            single('got_help_rate', t.rows.gotHelpRate, fb.gotHelpRate),
            single('response_rate', t.rows.responseRate, fb.responseRate),
          ],
          summary: aboutRate(fb.responseRate.rate, (rate) => format(t.summary.feedbackRates, { rate })),
          n: fb.responseRate.denominator,
          chart: 'ordered',
        }),
        counts('feedback', 'ease', fb.ease, col.category, 'ordered'),
      ],
    ],
    [
      'handoffs',
      [
        counts('handoffs', 'handoffsByService', h.byService, col.service),
        rates('handoffs', 'acceptance', h.acceptance, col.service, (rate) =>
          format(t.summary.acceptance, { rate }),
        ),
        duration('handoffs', 'timeToAcceptance', h.timeToAcceptance),
        figure('handoffs', 'handoffRates', {
          unit: 'percent',
          labelHeader: col.figure,
          rows: [
            single('closed_loop', t.rows.closedLoop, h.closedLoop),
            single('cross_border', t.rows.crossBorderShare, h.crossBorderShare),
          ],
          summary: aboutRate(h.closedLoop.rate, (rate) => format(t.summary.handoffRates, { rate })),
          n: h.closedLoop.denominator,
          chart: 'ordered',
        }),
        duration('handoffs', 'firstVisit', h.firstVisit),
        counts('handoffs', 'declineReasons', h.declineReasons, col.category),
        counts('handoffs', 'crossBorderByMethod', h.crossBorderByMethod, col.category),
      ],
    ],
    [
      'consultations',
      [
        figure('consultations', 'consultations', {
          unit: 'count',
          labelHeader: col.figure,
          rows: [
            { key: 'requests', label: t.rows.requests, value: report.consultations.requests, n: null },
            {
              ...single(
                'within_promise',
                t.rows.consultationsWithinPromise,
                report.consultations.withinPromise,
              ),
              unit: 'percent',
            },
          ],
          summary: format(t.summary.consultations, {
            requests: text('count', report.consultations.requests),
            rate: text('percent', report.consultations.withinPromise.rate),
          }),
          n: report.consultations.requests,
          chart: 'none',
        }),
      ],
    ],
    [
      'meetings',
      [
        figure('meetings', 'meetings', {
          unit: 'count',
          labelHeader: col.figure,
          rows: [
            { key: 'held', label: t.rows.held, value: report.meetings.held, n: null },
            {
              key: 'per_thousand',
              label: t.rows.meetingsPerThousand,
              value: report.meetings.perThousand,
              unit: 'per_thousand',
              n: report.meetings.held,
            },
          ],
          summary: format(t.summary.meetings, { held: text('count', report.meetings.held) }),
          n: report.meetings.held,
          chart: 'none',
        }),
        duration('meetings', 'bookedToHeld', report.meetings.bookedToHeld),
      ],
    ],
    [
      'gaps',
      [
        figure('gaps', 'gaps', {
          unit: 'ratio',
          labelHeader: col.figure,
          rows: [
            gap('per_thousand', t.rows.gapPerThousand, gaps.perThousand),
            gap('within_promise', t.rows.gapWithinPromise, gaps.withinPromise),
            gap('acceptance', t.rows.gapAcceptance, gaps.acceptance),
          ],
          summary:
            gaps.perThousand === null
              ? t.summary.gapsNone
              : format(t.summary.gaps, { value: formatter(lang, 'ratio')(gaps.perThousand) }),
          n: null,
          chart: 'ordered',
        }),
      ],
    ],
    [
      'pastPromise',
      [
        figure('pastPromise', 'pastPromise', {
          unit: 'count',
          labelHeader: col.figure,
          rows: [
            { key: 'contacts', label: t.rows.pastContacts, value: report.pastPromiseToday.contacts, n: null },
            { key: 'handoffs', label: t.rows.pastHandoffs, value: report.pastPromiseToday.handoffs, n: null },
          ],
          summary: format(t.summary.pastPromise, {
            contacts: text('count', report.pastPromiseToday.contacts),
            handoffs: text('count', report.pastPromiseToday.handoffs),
          }),
          n: null,
          chart: 'ordered',
        }),
      ],
    ],
  ];
  return groups.map(([key, figures]) => ({ key, title: t.groups[key], figures }));
}
