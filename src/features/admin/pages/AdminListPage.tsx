import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { Text } from '../../../ui/Layout.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { ListRow } from '../queries.ts';
import { dateTimeText } from './parts.tsx';

export type AdminEntity = 'services' | 'organizations' | 'locations';

export const entityPath = (entity: AdminEntity) =>
  entity === 'services' ? '/staff/catalogue' : `/staff/catalogue/${entity}`;

/** The catalogue's tabs: its three kinds of records and the thesaurus (ThesaurusPage.tsx). */
export function CatalogueTabs({ lang, entity }: { lang: Lang; entity: AdminEntity | 'thesaurus' }) {
  const t = translations(lang);
  const tc = t.admin.catalogue;
  return (
    <nav aria-label={tc.sections} className="tabs">
      <ul>
        {(['services', 'organizations', 'locations'] as const).map((e) => (
          <li key={e}>
            <a href={`/${lang}${entityPath(e)}`} aria-current={e === entity ? 'page' : undefined}>
              {tc[e]}
            </a>
          </li>
        ))}
        <li>
          <a
            href={`/${lang}/staff/catalogue/thesaurus`}
            aria-current={entity === 'thesaurus' ? 'page' : undefined}
          >
            {t.thesaurus.tab}
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function AdminListPage(props: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  entity: AdminEntity;
  q: string;
  includeRetired: boolean;
  page: number;
  pageSize: number;
  rows: ListRow[];
  total: number;
  search: string;
}) {
  const { lang, entity, rows, total, page, pageSize } = props;
  const ta = translations(lang).admin;
  const tc = ta.catalogue;
  const path = entityPath(entity);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageHref = (n: number) => {
    const params = new URLSearchParams(props.search.replace(/^\?/, ''));
    params.delete('done');
    params.set('page', String(n));
    return `/${lang}${path}?${params.toString()}`;
  };
  const newLabel =
    entity === 'services' ? tc.newService : entity === 'organizations' ? tc.newOrganization : tc.newLocation;
  const title = `${tc.title}: ${tc[entity]}`;
  return (
    <StaffLayout {...props} title={title} path={path} search={props.search} current="catalogue">
      <h1>{tc.title}</h1>
      <CatalogueTabs lang={lang} entity={entity} />
      <h2>{tc[entity]}</h2>
      <p>
        <a
          className="button"
          href={`/${lang}${entity === 'services' ? '/staff/catalogue/services' : path}/new`}
          data-qa="new"
        >
          {newLabel}
        </a>
      </p>
      <search>
        <form method="get" action={`/${lang}${path}`} className="searchbar">
          <div className="field">
            <label htmlFor="q">{tc.search}</label>
            <input type="search" id="q" name="q" defaultValue={props.q} />
          </div>
          <label className="check">
            <input type="checkbox" name="retired" value="1" defaultChecked={props.includeRetired} />
            {tc.showRetired}
          </label>
          <button type="submit" className="button">
            {tc.filter}
          </button>
        </form>
      </search>
      <p role="status">{format(tc.count, { count: total })}</p>
      {rows.length === 0 ? (
        <p>{tc.none}</p>
      ) : (
        <DataTable
          className="admin-table wide"
          qa="admin-list"
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            {
              header: tc.name,
              cell: (r: ListRow) => (
                <a href={`/${lang}${entity === 'services' ? '/staff/catalogue/services' : path}/${r.id}`}>
                  <Text text={r.name} lang={lang} />
                </a>
              ),
            },
            ...(entity !== 'organizations'
              ? [
                  {
                    header: entity === 'services' ? tc.organization : tc.municipality,
                    cell: (r: ListRow) => <Text text={r.secondary} lang={lang} />,
                  },
                ]
              : []),
            {
              header: tc.status,
              cell: (r: ListRow) =>
                r.status
                  ? ta.statuses[r.status as keyof typeof ta.statuses]
                  : r.retired
                    ? tc.retired
                    : tc.active,
            },
            { header: tc.updated, cell: (r: ListRow) => dateTimeText(lang, r.updatedAt) },
          ]}
        />
      )}
      {pages > 1 ? (
        <nav aria-label={tc.pager} className="pager">
          <ul>
            {page > 1 ? (
              <li>
                <a href={pageHref(page - 1)}>{tc.previous}</a>
              </li>
            ) : null}
            <li>
              <span aria-current="page">{format(tc.page, { n: page })}</span>
            </li>
            {page < pages ? (
              <li>
                <a href={pageHref(page + 1)}>{tc.next}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </StaffLayout>
  );
}
