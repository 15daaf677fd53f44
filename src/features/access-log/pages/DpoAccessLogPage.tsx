import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { TextField } from '../../../ui/forms.tsx';
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
  const form = { lang, id: 'f', values: { ...values }, problems };
  const field = (name: keyof DpoFormValues, label: string, type: 'text' | 'date') => (
    <TextField form={form} name={name} label={label} type={type} qa={`filter-${name}`} />
  );
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
