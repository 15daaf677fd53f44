import { format, type Lang, translations } from '../../../i18n/index.ts';
import { type Column, DataTable } from '../../../ui/DataTable.tsx';
import { actorLabel, reasonLabel, roleLabel, whatLabel } from '../describe.ts';
import { formatDateTime } from '../format.ts';
import type { AccessLogView } from '../queries.ts';

/**
 * The accesses as a table, every code in words (describe.ts); break-the-glass rows are
 * highlighted and say so in words. On a phone each access is a card (DataTable).
 */
export function AccessTable({
  lang,
  rows,
  showClient,
}: {
  lang: Lang;
  rows: AccessLogView[];
  showClient: boolean;
}) {
  const t = translations(lang).access;
  const columns: Column<AccessLogView>[] = [
    { header: t.when, cell: (r) => formatDateTime(r.at, lang) },
    { header: t.who, cell: (r) => <bdi>{actorLabel(lang, r)}</bdi> },
    { header: t.organization, cell: (r) => r.organizationName ?? '' },
    { header: t.role, cell: (r) => roleLabel(lang, r.role) },
    ...(showClient
      ? [{ header: t.client, cell: (r: AccessLogView) => <bdi>{r.clientName ?? ''}</bdi> }]
      : []),
    { header: t.what, cell: (r) => whatLabel(lang, r) },
    {
      header: t.reason,
      cell: (r) => (
        <>
          {r.breakGlass ? (
            <strong className="tag warning" data-qa="break-glass">
              {t.breakGlass}
            </strong>
          ) : null}
          {r.breakGlass ? ' ' : null}
          <bdi>{reasonLabel(lang, r)}</bdi>
        </>
      ),
    },
  ];
  return (
    <DataTable
      className="access-log"
      qa="access-log"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      rowClassName={(r) => (r.breakGlass ? 'break-glass' : undefined)}
      rowQa={(r) => `access-${r.id}`}
    />
  );
}

/** Previous / next links that keep the filters. */
export function Pager({
  lang,
  page,
  total,
  pageSize,
  href,
}: {
  lang: Lang;
  page: number;
  total: number;
  pageSize: number;
  href: (page: number) => string;
}) {
  const t = translations(lang).access;
  const last = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={format(t.results, { count: total })}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev" data-qa="previous">
          {t.previous}
        </a>
      ) : null}{' '}
      {page < last ? (
        <a href={href(page + 1)} rel="next" data-qa="next">
          {t.next}
        </a>
      ) : null}
    </nav>
  );
}
