import { format, formatDate, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { ErrorSummary, type FormModel, TextArea } from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { type PopulationImportReport, populationProblemText } from '../import.ts';
import type { PopulationProblem } from '../parse.ts';
import type { RegionPopulationRow } from '../queries.ts';

export const POPULATION_PATH = '/staff/population';

export interface PopulationPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  /** the region's stored figures */
  current: RegionPopulationRow[];
  /** what was pasted (kept on a preview or a problem) */
  csv: string;
  /** the file was refused: every problem */
  problems: PopulationProblem[];
  /** what a confirm would save (a dry run), with the figures it carries */
  /** the previewed file's report, and the file as pasted (the confirm form sends it again) */
  preview: { report: PopulationImportReport; rows: string } | null;
  /** what was saved */
  saved: PopulationImportReport | null;
}

const nameIn = (lang: Lang, name: LocalizedText) => name[lang] ?? name.fi;
const number = (lang: Lang, n: number) => n.toLocaleString(lang === 'en' ? 'en-GB' : `${lang}-FI`);

/**
 * The administrator's child-population page: the region's figures with their source, and the
 * import in two steps without JavaScript or file upload — paste the CSV, preview what would be
 * saved (nothing is), confirm.
 */
export function PopulationPage(props: PopulationPageProps) {
  const { lang, problems, preview, saved } = props;
  const tp = translations(lang).population.page;
  const action = `/${lang}${POPULATION_PATH}`;
  const form: FormModel = {
    lang,
    values: { csv: props.csv },
    problems:
      problems.length > 0
        ? [
            {
              field: 'csv',
              text:
                problems.length === 1
                  ? populationProblemText(lang, problems[0] as PopulationProblem)
                  : format(tp.problemsTitle, { count: problems.length }),
            },
          ]
        : [],
  };
  return (
    <StaffLayout {...props} title={tp.title} path={POPULATION_PATH} current="population">
      <h1>{tp.title}</h1>
      <p>{tp.lead}</p>
      {saved ? (
        <div className="notice success" role="status" data-qa="population-saved">
          <h2>{tp.savedTitle}</h2>
          <p>
            {format(tp.saved, {
              created: saved.created,
              replaced: saved.replaced,
              unchanged: saved.unchanged,
              years: saved.years.join(', '),
            })}
          </p>
        </div>
      ) : null}
      <ErrorSummary
        title={format(tp.problemsTitle, { count: problems.length })}
        focus
        qa="population-problems"
        items={problems.map((p, i) => ({
          key: `${i}.${p.line}.${p.code}`,
          href: 'csv',
          text: populationProblemText(lang, p),
        }))}
      />
      {preview ? <Preview lang={lang} csrf={props.csrf} action={action} {...preview} /> : null}
      <section aria-labelledby="population-import">
        <h2 id="population-import">{tp.formTitle}</h2>
        <form method="post" action={`${action}/preview`} noValidate data-qa="population-form">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <TextArea form={form} name="csv" label={tp.csvLabel} hint={tp.csvHint} rows={12} required />
          <p>
            <button type="submit" className="button" data-qa="population-preview">
              {tp.preview}
            </button>
          </p>
        </form>
      </section>
      <Current lang={lang} rows={props.current} />
    </StaffLayout>
  );
}

function Preview({
  lang,
  csrf,
  action,
  report,
  rows,
}: {
  lang: Lang;
  csrf: string;
  action: string;
  report: PopulationImportReport;
  rows: string;
}) {
  const tp = translations(lang).population.page;
  return (
    <section aria-labelledby="population-preview" data-qa="population-preview-section">
      <h2 id="population-preview">{tp.previewTitle}</h2>
      <p>{tp.previewLead}</p>
      <p>{format(tp.formRead, { form: tp.form[report.form] })}</p>
      <DataTable
        qa="population-preview-table"
        caption={tp.previewCaption}
        rows={report.rows}
        rowKey={(r) => `${r.code}.${r.year}`}
        columns={[
          { header: tp.municipality, rowHeader: true, cell: (r) => `${nameIn(lang, r.name)} (${r.code})` },
          { header: tp.year, cell: (r) => r.year },
          { header: tp.children, cell: (r) => number(lang, r.children) },
          {
            header: tp.now,
            cell: (r) =>
              r.previous === null
                ? '–'
                : `${number(lang, r.previous)}${r.previousSource ? ` (${tp.sources[r.previousSource]})` : ''}`,
          },
          { header: tp.change, cell: (r) => tp.changes[r.change] },
        ]}
      />
      {report.ignored.length > 0 ? (
        <>
          <h3>{tp.ignoredTitle}</h3>
          <ul data-qa="population-ignored">
            {report.ignored.map((i) => (
              <li key={`${i.line}`}>{format(tp.ignoredRow, { line: i.line, area: i.area })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {report.missing.length > 0 ? (
        <>
          <h3>{tp.missingTitle}</h3>
          <ul data-qa="population-missing">
            {report.missing.map((m) => (
              <li key={m.year}>
                {format(tp.missingYear, {
                  year: m.year,
                  names: m.municipalities.map((x) => nameIn(lang, x.name)).join(', '),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form method="post" action={action} data-qa="population-confirm-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="csv" value={rows} />
        <p>
          <button type="submit" className="button" data-qa="population-confirm">
            {tp.confirm}
          </button>{' '}
          <a href={action}>{tp.cancel}</a>
        </p>
      </form>
    </section>
  );
}

function Current({ lang, rows }: { lang: Lang; rows: RegionPopulationRow[] }) {
  const tp = translations(lang).population.page;
  return (
    <section aria-labelledby="population-current">
      <h2 id="population-current">{tp.currentTitle}</h2>
      {rows.length === 0 ? (
        <p data-qa="population-none">{tp.currentNone}</p>
      ) : (
        <>
          {rows.some((r) => r.source === 'estimate') ? (
            <p className="hint" data-qa="population-estimate-note">
              {tp.estimateNote}
            </p>
          ) : null}
          <DataTable
            qa="population-current"
            caption={tp.caption}
            rows={rows}
            rowKey={(r) => `${r.code}.${r.year}`}
            columns={[
              {
                header: tp.municipality,
                rowHeader: true,
                cell: (r) => `${nameIn(lang, r.name)} (${r.code})`,
              },
              { header: tp.year, cell: (r) => r.year },
              { header: tp.children, cell: (r) => number(lang, r.children) },
              { header: tp.source, cell: (r) => tp.sources[r.source] },
              {
                header: tp.imported,
                cell: (r) =>
                  format(tp.importedBy, {
                    date: formatDate(r.importedAt, lang),
                    who: tp.importers[r.importedBy] ?? r.importedBy,
                  }),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
