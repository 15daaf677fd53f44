/**
 * The network's shared metrics (capability 13): the period and municipality form (no script),
 * when the figures were brought up to date (and, for those who may, the button that does it
 * now), the legend of the marks, the population year, and one section per group of figures.
 * Every figure is a <figure>: its summary sentence with its n as the caption, the chart (SVG
 * with the summary as its name) and a real table of the same cells beside it. Nothing on the
 * page links to a contact.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import type { SuppressionRules } from '../../../platform/suppression.ts';
import { defineAsset } from '../../../ui/assets.ts';
import { ErrorSummary, Select, summaryItems, TextField } from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { figureChart } from '../charts.ts';
import { cellText, type Figure, type FigureGroup, formatter, reportFigures } from '../figures.ts';
import type { MetricsReport } from '../model.ts';

/** The metrics page's own stylesheet (charts, figures), served by the asset plugin. */
export const METRICS_STYLES = defineAsset('/assets/metrics.css', new URL('./metrics.css', import.meta.url));

export const METRICS_PATH = '/staff/metrics';

export interface MetricsFormValues {
  from: string;
  to: string;
  municipality: string;
}

export interface MetricsPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  values: MetricsFormValues;
  problems: FieldProblem[];
  /** the region's municipalities for the select, in the page's language */
  municipalities: { code: string; name: string }[];
  /** null when the form has a problem */
  report: MetricsReport | null;
  mayRefresh: boolean;
  mayExport: boolean;
  /** the query string of the shown period (for the CSV link and the language links) */
  query: string;
  flash?: string;
}

const helsinkiClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

function clock(date: Date) {
  const p = Object.fromEntries(helsinkiClock.formatToParts(date).map((x) => [x.type, x.value]));
  return { date: `${Number(p.day)}.${Number(p.month)}.${p.year}`, time: `${Number(p.hour)}.${p.minute}` };
}

/** "26.11.2026 klo 9.12" (sv "kl. 9.12", en "at 9.12"), Europe/Helsinki. */
export function updatedText(lang: Lang, date: Date): string {
  const c = clock(date);
  return `${c.date} ${lang === 'fi' ? 'klo' : lang === 'sv' ? 'kl.' : 'at'} ${c.time}`;
}

/** "9.12" in Helsinki: the time in the refresh notice. */
export function timeText(date: Date): string {
  return clock(date).time;
}

/** "1/2026" for '2026-01'. */
export const monthText = (month: string) => `${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

export function MetricsPage(props: MetricsPageProps) {
  const { lang, report } = props;
  const t = translations(lang).metrics;
  const form = { lang, values: { ...props.values }, problems: props.problems };
  return (
    <StaffLayout
      lang={lang}
      title={t.title}
      path={METRICS_PATH}
      search={props.query ? `?${props.query}` : ''}
      actor={props.actor}
      organizationName={props.organizationName}
      current="metrics"
      csrf={props.csrf}
      flash={props.flash}
      stylesheets={[METRICS_STYLES.url]}
    >
      <div className="metrics">
        <h1>{t.title}</h1>
        <p>{t.lead}</p>
        <ErrorSummary title={t.form.errorsTitle} items={summaryItems(form)} focus />
        <form
          method="get"
          action={`/${lang}${METRICS_PATH}`}
          className="filters metrics-period"
          noValidate
          data-qa="metrics-period"
        >
          <h2 className="visually-hidden">{t.form.title}</h2>
          <p className="hint" id="period-hint">
            {t.form.monthHint}
          </p>
          <div className="metrics-period-fields">
            <TextField form={form} name="from" label={t.form.from} type="month" describedBy="period-hint" />
            <TextField form={form} name="to" label={t.form.to} type="month" describedBy="period-hint" />
            <Select
              form={form}
              name="municipality"
              label={t.form.municipality}
              options={[
                { value: '', label: t.form.wholeRegion },
                ...props.municipalities.map((m) => ({ value: m.code, label: m.name })),
              ]}
            />
          </div>
          <button type="submit" data-qa="metrics-show">
            {t.form.show}
          </button>
        </form>
        {report ? <Report {...props} report={report} /> : null}
      </div>
    </StaffLayout>
  );
}

function Report(props: MetricsPageProps & { report: MetricsReport }) {
  const { lang, report } = props;
  const t = translations(lang).metrics;
  const rules = report.rules;
  const pt = report.perThousand;
  const period = format(t.period, { from: monthText(report.query.from), to: monthText(report.query.to) });
  const groups = reportFigures(report, lang);
  return (
    <>
      <p className="metrics-scope" data-qa="metrics-scope">
        <strong>{format(t.scope, { period, place: report.municipalityName ?? report.regionName })}</strong>
      </p>
      <div className="metrics-status">
        <p data-qa="metrics-updated">
          {report.refreshedAt
            ? format(t.updated, { when: updatedText(lang, report.refreshedAt) })
            : t.neverUpdated}
        </p>
        {props.mayRefresh ? (
          <form method="post" action={`/${lang}${METRICS_PATH}/refresh`} data-qa="metrics-refresh">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="from" value={report.query.from} />
            <input type="hidden" name="to" value={report.query.to} />
            <input type="hidden" name="municipality" value={report.query.municipality ?? ''} />
            <button type="submit" className="secondary">
              {t.refresh}
            </button>
          </form>
        ) : null}
      </div>
      <Legend lang={lang} rules={rules} />
      <p data-qa="metrics-population">
        {pt.populationYear && pt.populationSource
          ? format(t.population.line, {
              year: pt.populationYear,
              source: t.population.source[pt.populationSource],
            })
          : t.population.none}
        {pt.wholeYear ? null : ` ${t.population.perPeriod}`}
      </p>
      {props.mayExport ? (
        <p>
          <a href={`/${lang}${METRICS_PATH}/export.csv?${props.query}`} download data-qa="metrics-csv">
            {t.csv}
          </a>
        </p>
      ) : null}
      <nav aria-labelledby="metrics-contents" className="metrics-contents">
        <h2 id="metrics-contents" className="visually-hidden">
          {t.title}
        </h2>
        <ul>
          {groups.map((g) => (
            <li key={g.key}>
              <a href={`#group-${g.key}`}>{g.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map((g) => (
        <Group key={g.key} group={g} lang={lang} rules={rules} />
      ))}
    </>
  );
}

function Legend({ lang, rules }: { lang: Lang; rules: SuppressionRules }) {
  const t = translations(lang).metrics.legend;
  return (
    <div className="metrics-legend" data-qa="metrics-legend">
      <h2>{t.title}</h2>
      <dl>
        <div>
          <dt>{`<${rules.minCount}`}</dt>
          <dd>{format(t.small, { min: rules.minCount })}</dd>
        </div>
        <div>
          <dt>..</dt>
          <dd>{format(t.withheld, { minDenominator: rules.minDenominator })}</dd>
        </div>
      </dl>
    </div>
  );
}

function Group({ group, lang, rules }: { group: FigureGroup; lang: Lang; rules: SuppressionRules }) {
  return (
    <section className="metrics-group" aria-labelledby={`group-${group.key}`} data-qa={`group-${group.key}`}>
      <h2 id={`group-${group.key}`}>{group.title}</h2>
      {group.figures.map((f) => (
        <FigureView key={f.id} figure={f} lang={lang} rules={rules} />
      ))}
    </section>
  );
}

/** The caption's sentence: the summary, then n. */
export function figureSentence(figure: Figure, lang: Lang, rules: SuppressionRules): string {
  const t = translations(lang).metrics.summary;
  return figure.n
    ? `${figure.summary} ${format(t.n, { n: cellText(lang, 'count', figure.n, rules) })}`
    : figure.summary;
}

function FigureView({ figure, lang, rules }: { figure: Figure; lang: Lang; rules: SuppressionRules }) {
  const t = translations(lang).metrics;
  const sentence = figureSentence(figure, lang, rules);
  const svg = figureChart(figure, lang, rules, `${figure.title}. ${sentence}`);
  const id = `figure-${figure.id}`;
  const valueHeader =
    figure.unit === 'percent'
      ? t.columns.share
      : figure.unit === 'per_thousand'
        ? t.columns.perThousand
        : figure.unit === 'ratio'
          ? t.columns.ratio
          : figure.unit === 'days'
            ? t.columns.value
            : t.columns.count;
  const hasN = [...figure.rows, ...figure.foot].some((r) => r.n !== null);
  const text = (unit: Figure['unit'], v: Parameters<typeof cellText>[2]) => cellText(lang, unit, v, rules);
  const rowView = (r: Figure['rows'][number], foot = false) => (
    <tr key={r.key} className={foot ? 'metrics-foot' : undefined}>
      <th scope="row">{r.label}</th>
      {figure.withChildren ? (
        <td className="num">
          {r.children === null || r.children === undefined ? '' : formatter(lang, 'count')(r.children)}
        </td>
      ) : null}
      {hasN ? <td className="num">{r.n ? text('count', r.n) : ''}</td> : null}
      <td className="num">{text(r.unit ?? figure.unit, r.value)}</td>
    </tr>
  );
  return (
    <figure className="metrics-figure" aria-labelledby={`${id}-caption`} data-qa={id}>
      <figcaption id={`${id}-caption`}>
        <span className="metrics-figure-title">{figure.title}</span> <span data-qa="summary">{sentence}</span>
      </figcaption>
      <div className={svg ? 'metrics-figure-body' : 'metrics-figure-body no-chart'}>
        {svg ? (
          // the SVG is built on the server from escaped labels (charts.ts); no user markup reaches it
          // biome-ignore lint/security/noDangerouslySetInnerHtml: a server-drawn chart
          <div className="metrics-chart" dangerouslySetInnerHTML={{ __html: svg }} />
        ) : null}
        <div className="metrics-table">
          <table>
            <caption>{figure.title}</caption>
            <thead>
              <tr>
                <th scope="col">{figure.labelHeader}</th>
                {figure.withChildren ? <th scope="col">{t.columns.children}</th> : null}
                {hasN ? <th scope="col">{figure.withChildren ? t.columns.families : t.columns.n}</th> : null}
                <th scope="col">{valueHeader}</th>
              </tr>
            </thead>
            <tbody>
              {figure.rows.length === 0 ? (
                <tr>
                  <td colSpan={2 + (hasN ? 1 : 0) + (figure.withChildren ? 1 : 0)}>{t.noData}</td>
                </tr>
              ) : (
                figure.rows.map((r) => rowView(r))
              )}
              {figure.foot.map((r) => rowView(r, true))}
            </tbody>
          </table>
        </div>
      </div>
    </figure>
  );
}
