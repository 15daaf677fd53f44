import { errorMessage, format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { PAGE_SIZE } from '../access-log.ts';
import type { AccessLogView } from '../queries.ts';
import { AccessTable, Pager } from './AccessTable.tsx';

export interface DpoFormValues {
  client: string;
  user: string;
  from: string;
  to: string;
}

/** The data-protection officer's search of the region's access log, with CSV export. */
export function DpoAccessLogPage({
  lang,
  actor,
  organizationName,
  csrf,
  values,
  problems,
  result,
  page,
  query,
}: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  values: DpoFormValues;
  problems: FieldProblem[];
  result: { rows: AccessLogView[]; total: number } | null;
  page: number;
  /** the filters as a query string, without page */
  query: string;
}) {
  const t = translations(lang).access;
  const problem = (field: string) => problems.find((p) => p.field === field);
  const field = (name: keyof DpoFormValues, label: string, type: 'text' | 'date') => {
    const p = problem(name);
    return (
      <div className="field">
        <label htmlFor={`f-${name}`}>{label}</label>
        {p ? (
          <p className="error" id={`e-${name}`}>
            {errorMessage(lang, p.code)}
          </p>
        ) : null}
        <input
          id={`f-${name}`}
          name={name}
          type={type}
          defaultValue={values[name]}
          aria-invalid={p ? true : undefined}
          aria-describedby={p ? `e-${name}` : undefined}
          data-qa={`filter-${name}`}
        />
      </div>
    );
  };
  const sep = query ? '&' : '';
  return (
    <StaffLayout
      lang={lang}
      title={t.dpoTitle}
      path="/staff/access-log"
      search={query ? `?${query}` : ''}
      actor={actor}
      organizationName={organizationName}
      current="access-log"
      csrf={csrf}
    >
      <h1>{t.dpoTitle}</h1>
      <p>{t.dpoIntro}</p>
      <form method="get" action={`/${lang}/staff/access-log`} className="filters" data-qa="access-log-search">
        {field('client', t.client, 'text')}
        {field('user', t.user, 'text')}
        {field('from', t.from, 'date')}
        {field('to', t.to, 'date')}
        <button type="submit">{t.search}</button>
      </form>
      {result ? (
        <>
          <p>
            {result.total === 1 ? t.resultsOne : format(t.results, { count: result.total })}{' '}
            <a
              href={`/${lang}/staff/access-log.csv${query ? `?${query}` : ''}`}
              data-qa="export-csv"
              download
            >
              {t.exportCsv}
            </a>
          </p>
          <AccessTable lang={lang} rows={result.rows} showClient />
          <Pager
            lang={lang}
            page={page}
            total={result.total}
            pageSize={PAGE_SIZE}
            href={(p) => `/${lang}/staff/access-log?${query}${sep}page=${p}`}
          />
        </>
      ) : null}
    </StaffLayout>
  );
}
