import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { Text } from '../../../ui/Layout.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { MethodView, UnitView } from '../queries.ts';
import {
  capacityText,
  fteText,
  IMPORT_PATH,
  MethodName,
  methodLabel,
  municipalityNames,
  NETWORK_PATH,
  unitPath,
  waitText,
} from './parts.tsx';

export interface NetworkListProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  canEdit: boolean;
  units: UnitView[];
  methods: MethodView[];
  /** the region's municipalities, by name */
  municipalities: { code: string; name: LocalizedText }[];
  filter: { municipality: string; method: string; includeInactive: boolean };
  search: string;
}

/** The region's units with capacity and wait, filtered by municipality served and method. */
export function NetworkListPage(props: NetworkListProps) {
  const { lang, units, filter } = props;
  const t = translations(lang);
  const tn = t.network;
  const tl = tn.list;
  const names = new Map(props.municipalities.map((m) => [m.code, m.name]));
  const methods = new Map(props.methods.map((m) => [m.code, m]));
  const municipalityOptions = props.municipalities
    .map((m) => ({ code: m.code, label: municipalityNames(lang, [m.code], names) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return (
    <StaffLayout {...props} title={tl.title} path={NETWORK_PATH} search={props.search} current="network">
      <h1>{tl.title}</h1>
      <p>{tl.lead}</p>
      {props.canEdit ? (
        <p>
          <a className="button" href={`/${lang}${NETWORK_PATH}/units/new`} data-qa="new-unit">
            {tl.newUnit}
          </a>{' '}
          <a className="button secondary" href={`/${lang}${IMPORT_PATH}`} data-qa="import">
            {tl.import}
          </a>
        </p>
      ) : null}
      <search>
        <form method="get" action={`/${lang}${NETWORK_PATH}`} className="searchbar">
          <div className="field">
            <label htmlFor="municipality">{tl.municipality}</label>
            <select id="municipality" name="municipality" defaultValue={filter.municipality}>
              <option value="">{tl.anyMunicipality}</option>
              {municipalityOptions.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="method">{tl.method}</label>
            <select id="method" name="method" defaultValue={filter.method}>
              <option value="">{tl.anyMethod}</option>
              {props.methods
                .map((m) => ({ code: m.code, label: methodLabel(m, lang) }))
                .sort((a, b) => a.label.localeCompare(b.label, lang))
                .map((m) => (
                  <option key={m.code} value={m.code}>
                    {m.label}
                  </option>
                ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" name="inactive" value="1" defaultChecked={filter.includeInactive} />
            {tl.showInactive}
          </label>
          <button type="submit" className="button">
            {tl.filter}
          </button>
        </form>
      </search>
      <p role="status">{format(tl.count, { count: units.length })}</p>
      {units.length === 0 ? (
        <p>{tl.none}</p>
      ) : (
        <DataTable
          className="admin-table wide"
          qa="network-units"
          rows={units}
          rowKey={(u) => u.id}
          rowQa={(u) => `unit-${u.code ?? u.id}`}
          columns={[
            {
              header: tl.unit,
              cell: (u: UnitView) => (
                <>
                  <a href={`/${lang}${unitPath(u.id)}`}>
                    <Text text={u.name} lang={lang} />
                  </a>
                  <br />
                  <small>
                    <Text text={u.organization.name} lang={lang} />
                    {u.active ? null : ` – ${tn.common.inactive}`}
                  </small>
                </>
              ),
            },
            {
              header: tl.place,
              cell: (u: UnitView) => (
                <>
                  {u.municipalityCode ? municipalityNames(lang, [u.municipalityCode], names) : ''}
                  <br />
                  <small>{u.remotePossible ? tn.common.remoteYes : tn.common.remoteNo}</small>
                </>
              ),
            },
            { header: tl.capacity, cell: (u: UnitView) => capacityText(lang, u) },
            { header: tl.wait, cell: (u: UnitView) => waitText(lang, u) },
            {
              header: tl.people,
              cell: (u: UnitView) => (
                <>
                  {format(tn.common.people, { n: u.professionalCount, fte: fteText(lang, u.fte) })}
                  {u.methods.length > 0 ? (
                    <>
                      <br />
                      <small>
                        {u.methods.map((code, i) => (
                          <span key={code}>
                            {i > 0 ? ', ' : ''}
                            <MethodName method={methods.get(code)} lang={lang} />
                          </span>
                        ))}
                      </small>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      )}
    </StaffLayout>
  );
}
