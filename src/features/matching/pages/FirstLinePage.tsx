import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { defineAsset } from '../../../ui/assets.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { Choices, ErrorSummary, type FormModel, summaryItems, TextArea } from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { AGE_BANDS, type AgeBand } from '../first-line.ts';
import type { StoredFirstLineRow } from '../first-line-store.ts';

export const FIRST_LINE_PATH = '/staff/admin/first-line';

/** The table page's own stylesheet (long compounds break inside their cells). */
export const FIRST_LINE_STYLES = defineAsset(
  '/assets/first-line.css',
  new URL('./first-line.css', import.meta.url),
);

interface Named {
  code: string;
  name: LocalizedText;
}

interface Frame {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
}

const nameIn = (lang: Lang, n: LocalizedText) => n[lang] ?? n.fi;
const namesOf = (lang: Lang, codes: string[], named: Named[]) =>
  codes.map((c) => {
    const n = named.find((x) => x.code === c);
    return n ? nameIn(lang, n.name) : c;
  });

export const rowPath = (lang: Lang, topic: string, band: AgeBand) =>
  `/${lang}${FIRST_LINE_PATH}/${encodeURIComponent(topic)}/${band}`;

/** The region's first-line table, topic by topic, each row with its edit link. */
export function FirstLinePage(
  props: Frame & { rows: StoredFirstLineRow[]; topics: Named[]; serviceTypes: Named[]; flash?: string },
) {
  const { lang } = props;
  const t = translations(lang).matching;
  const tf = t.firstLine;
  const byTopic = new Map<string, StoredFirstLineRow[]>();
  for (const r of props.rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  // in the page language's alphabetical order, as the topics of the search and the mapping
  const topics = props.topics
    .filter((x) => byTopic.has(x.code))
    .sort((a, b) => nameIn(lang, a.name).localeCompare(nameIn(lang, b.name), lang));
  const list = (codes: string[]) => namesOf(lang, codes, props.serviceTypes).join(', ') || '–';
  return (
    <StaffLayout
      {...props}
      title={tf.title}
      path={FIRST_LINE_PATH}
      current="first-line"
      flash={props.flash}
      stylesheets={[FIRST_LINE_STYLES.url]}
    >
      <h1>{tf.title}</h1>
      <p>{tf.intro}</p>
      <nav aria-label={tf.topicsNav} className="wide">
        <ul className="grid-3" data-qa="first-line-topics">
          {topics.map((topic) => (
            <li key={topic.code}>
              <a href={`#topic-${topic.code}`}>{nameIn(lang, topic.name)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {topics.map((topic) => {
        const rows = AGE_BANDS.flatMap((b) => (byTopic.get(topic.code) ?? []).filter((r) => r.band === b));
        return (
          <section
            key={topic.code}
            className="wide"
            aria-labelledby={`topic-${topic.code}`}
            data-qa={`first-line-${topic.code}`}
          >
            <h2 id={`topic-${topic.code}`}>{nameIn(lang, topic.name)}</h2>
            <DataTable
              className="admin-table first-line-table"
              caption={format(tf.caption, { topic: nameIn(lang, topic.name) })}
              rows={rows}
              rowKey={(r) => r.band}
              columns={[
                { header: tf.band, cell: (r) => t.band[r.band], rowHeader: true },
                { header: tf.firstHelp, cell: (r) => list(r.firstHelp) },
                { header: tf.secondLine, cell: (r) => list(r.secondLine) },
                { header: tf.urgentRoute, cell: (r) => list(r.urgentRoute) },
                { header: tf.source, cell: (r) => r.source },
                {
                  header: tf.edit,
                  labelHidden: true,
                  className: 'first-line-edit',
                  cell: (r) => (
                    <a href={rowPath(lang, r.topic, r.band)} data-qa={`edit-${r.topic}-${r.band}`}>
                      {tf.edit}
                      <span className="visually-hidden">
                        {format(tf.editRowHidden, { topic: nameIn(lang, topic.name), band: t.band[r.band] })}
                      </span>
                    </a>
                  ),
                },
              ]}
            />
          </section>
        );
      })}
    </StaffLayout>
  );
}

/** One row's form: the three columns as checkboxes of the service types, and the source. */
export function FirstLineEditPage(
  props: Frame & {
    row: StoredFirstLineRow;
    topicName: LocalizedText;
    form: FormModel;
    version: number;
    serviceTypes: Named[];
    changedBy: string | null;
  },
) {
  const { lang, row, form } = props;
  const t = translations(lang).matching;
  const tf = t.firstLine;
  const heading = format(tf.editTitle, { topic: nameIn(lang, props.topicName), band: t.band[row.band] });
  // in the page language's alphabetical order, as the mapping's earlier services
  const options = props.serviceTypes
    .map((s) => ({ value: s.code, label: nameIn(lang, s.name) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return (
    <StaffLayout
      {...props}
      title={heading}
      path={`${FIRST_LINE_PATH}/${row.topic}/${row.band}`}
      current="first-line"
    >
      <p>
        <a href={`/${lang}${FIRST_LINE_PATH}#topic-${row.topic}`}>{tf.back}</a>
      </p>
      <h1>{heading}</h1>
      <p data-qa="first-line-changed">
        {row.version === 1 && !props.changedBy
          ? tf.asShipped
          : format(tf.changed, { by: props.changedBy ?? '–', version: row.version })}
      </p>
      <ErrorSummary title={tf.problemsTitle} focus items={summaryItems(form)} />
      <form
        method="post"
        action={rowPath(lang, row.topic, row.band)}
        noValidate
        className="wide"
        data-qa="first-line-form"
      >
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="version" value={String(props.version)} />
        <Choices
          form={form}
          name="firstHelp"
          legend={tf.firstHelp}
          hint={tf.firstHelpHint}
          required
          type="checkbox"
          className="wide"
          optionsClassName="grid-3"
          options={options}
        />
        <Choices
          form={form}
          name="secondLine"
          legend={tf.secondLine}
          hint={tf.secondLineHint}
          type="checkbox"
          className="wide"
          optionsClassName="grid-3"
          options={options}
        />
        <Choices
          form={form}
          name="urgentRoute"
          legend={tf.urgentRoute}
          hint={tf.urgentRouteHint}
          type="checkbox"
          className="wide"
          optionsClassName="grid-3"
          options={options}
        />
        <TextArea form={form} name="source" label={tf.source} hint={tf.sourceHint} rows={3} required />
        <p>
          <button type="submit" className="button" data-qa="first-line-save">
            {tf.save}
          </button>{' '}
          <a href={`/${lang}${FIRST_LINE_PATH}#topic-${row.topic}`}>{tf.cancel}</a>
        </p>
      </form>
    </StaffLayout>
  );
}
