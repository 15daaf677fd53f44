import { format, type Lang, translations } from '../../../i18n/index.ts';
import { formatDateTime } from '../format.ts';
import type { AccessLogView } from '../queries.ts';

export function roleLabel(lang: Lang, role: string | null): string {
  const roles = translations(lang).access.roles as Record<string, string>;
  return (role ?? '')
    .split(',')
    .filter(Boolean)
    .map((r) => roles[r] ?? r)
    .join(', ');
}

/** The accesses as a table; break-the-glass rows are highlighted and say so in words. */
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
  return (
    <table className="access-log" data-qa="access-log">
      <thead>
        <tr>
          <th scope="col">{t.when}</th>
          <th scope="col">{t.who}</th>
          <th scope="col">{t.organization}</th>
          <th scope="col">{t.role}</th>
          {showClient ? <th scope="col">{t.client}</th> : null}
          <th scope="col">{t.what}</th>
          <th scope="col">{t.reason}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={r.breakGlass ? 'break-glass' : undefined} data-qa={`access-${r.id}`}>
            <td>{formatDateTime(r.at, lang)}</td>
            <td>{r.actorName}</td>
            <td>{r.organizationName ?? ''}</td>
            <td>{roleLabel(lang, r.role)}</td>
            {showClient ? <td>{r.clientName ?? r.clientId ?? ''}</td> : null}
            <td>
              {t.actions[r.action]}: {r.resourceType}
              {r.resourceId ? ` ${r.resourceId}` : ''}
            </td>
            <td>
              {r.breakGlass ? (
                <strong className="tag warning" data-qa="break-glass">
                  {t.breakGlass}
                </strong>
              ) : null}
              {r.breakGlass && r.reason ? ' ' : null}
              {r.reason ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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
