import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { ClientActor } from '../../../platform/auth/actor.ts';
import { Layout } from '../../../ui/Layout.tsx';
import { PAGE_SIZE } from '../access-log.ts';
import type { AccessLogView } from '../queries.ts';
import { AccessTable, Pager } from './AccessTable.tsx';

/** "Who has read my data" (703/2023 §11: the client's right to know who has processed their data). */
export function MyAccessLogPage({
  lang,
  rows,
  total,
  page,
  actor,
  csrfToken,
}: {
  lang: Lang;
  rows: AccessLogView[];
  total: number;
  page: number;
  actor: ClientActor;
  csrfToken: string;
}) {
  const t = translations(lang).access;
  return (
    <Layout lang={lang} title={t.myTitle} path="/my/access-log" actor={actor} csrfToken={csrfToken}>
      <h1>{t.myTitle}</h1>
      <p>{t.myIntro}</p>
      {total === 0 ? (
        <p data-qa="no-accesses">{t.myNone}</p>
      ) : (
        <>
          <p>{total === 1 ? t.resultsOne : format(t.results, { count: total })}</p>
          <AccessTable lang={lang} rows={rows} showClient={false} />
          <Pager
            lang={lang}
            page={page}
            total={total}
            pageSize={PAGE_SIZE}
            href={(p) => `/${lang}/my/access-log?page=${p}`}
          />
        </>
      )}
    </Layout>
  );
}
