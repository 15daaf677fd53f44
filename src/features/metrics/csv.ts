/**
 * The metrics as CSV (src/platform/csv.ts: formula-safe): one row per cell of every figure the
 * page shows, with the same marks ("<5" small, ".." withheld) and no free text — only the
 * catalogue's labels of municipalities, channels, topics and services.
 */
import type { Lang } from '../../i18n/index.ts';
import { type CsvColumn, toCsv } from '../../platform/csv.ts';
import { type Shown, type SuppressionRules, shownText } from '../../platform/suppression.ts';
import { reportFigures, type Unit } from './figures.ts';
import type { MetricsReport } from './model.ts';

type Key = 'group' | 'figure' | 'key' | 'label' | 'value' | 'n' | 'unit' | 'period' | 'municipality';

const COLUMNS: CsvColumn<Key>[] = [
  { key: 'group', header: 'group' },
  { key: 'figure', header: 'figure' },
  { key: 'key', header: 'breakdown_key' },
  { key: 'label', header: 'label' },
  { key: 'value', header: 'value' },
  { key: 'n', header: 'n' },
  { key: 'unit', header: 'unit' },
  { key: 'period', header: 'period' },
  { key: 'municipality', header: 'municipality' },
];

/** A value in the file: plain digits with a full stop (percentages as 0–100), or its mark. */
function csvValue(unit: Unit, figure: Shown, rules: SuppressionRules): string {
  return shownText(
    figure,
    (v) => {
      switch (unit) {
        case 'percent':
          return (Math.round(v * 1000) / 10).toString();
        case 'per_thousand':
          return (Math.round(v * 10) / 10).toString();
        case 'ratio':
          return (Math.round(v * 100) / 100).toString();
        default:
          return Math.round(v).toString();
      }
    },
    rules,
  );
}

/** perheverkko-mittarit-2026-01-2026-11.csv */
export function metricsCsvName(report: MetricsReport): string {
  return `perheverkko-mittarit-${report.query.from}-${report.query.to}.csv`;
}

/** Every cell of the report's figures, labels in the language asked. */
export function metricsCsv(report: MetricsReport, lang: Lang): string {
  const rules = report.rules;
  const period = `${report.query.from}/${report.query.to}`;
  const municipality = report.query.municipality ?? 'region';
  const rows = reportFigures(report, lang).flatMap((group) =>
    group.figures.flatMap((figure) =>
      [...figure.rows, ...figure.foot].map((r) => {
        const unit = r.unit ?? figure.unit;
        return {
          group: group.key,
          figure: figure.id,
          key: r.key,
          label: r.label,
          value: csvValue(unit, r.value, rules),
          n: r.n ? csvValue('count', r.n, rules) : '',
          unit,
          period,
          municipality,
        };
      }),
    ),
  );
  return toCsv(rows, COLUMNS);
}
