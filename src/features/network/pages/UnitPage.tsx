import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { EmailLink } from '../../../ui/ContactLinks.tsx';
import { Checkbox, type FormValues, Select, TextField } from '../../../ui/forms.tsx';
import { pick, Text } from '../../../ui/Layout.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { Checks, dateTimeText, ErrorSummary, type FormState, Localized } from '../../admin/pages/parts.tsx';
import type { MethodView, ProfessionalView, UnitView } from '../queries.ts';
import { NETWORK_LANGUAGES } from '../schema.ts';
import {
  capacityText,
  fteText,
  languagesText,
  MethodName,
  municipalityNames,
  NETWORK_PATH,
  professionalPath,
  unitPath,
  waitText,
} from './parts.tsx';

export interface UnitPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  /** null: a new unit */
  unit: UnitView | null;
  /** edit: the whole form (administrators, managers); view: read only */
  mode: 'edit' | 'view';
  values: FormValues;
  problems: FieldProblem[];
  /** the capacity form of a read-only page (the unit's own receiving worker) */
  capacity: { values: FormValues; problems: FieldProblem[] } | null;
  professionals: ProfessionalView[];
  methods: MethodView[];
  municipalities: { code: string; name: LocalizedText }[];
  organizations: { id: string; name: LocalizedText; retired: boolean }[];
  services: { id: string; organizationId: string; name: LocalizedText; retired: boolean }[];
}

export function UnitPage(props: UnitPageProps) {
  const { lang, unit, mode } = props;
  const t = translations(lang);
  const tn = t.network;
  const tu = tn.unit;
  const label = (text: LocalizedText | undefined) => pick(text, lang).value;
  const name = unit ? label(unit.name) : '';
  const heading = !unit ? tu.newTitle : mode === 'edit' ? tu.editTitle : tu.viewTitle;
  const title = unit ? `${heading}: ${name}` : heading;
  const path = unit ? unitPath(unit.id) : `${NETWORK_PATH}/units/new`;
  const names = new Map(props.municipalities.map((m) => [m.code, m.name]));
  const municipalityOptions = props.municipalities
    .map((m) => ({ value: m.code, label: label(m.name) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const methods = new Map(props.methods.map((m) => [m.code, m]));
  const form: FormState = { lang, values: props.values, problems: props.problems };
  const keep = (field: string) => new Set([props.values[field]].flat().filter(Boolean) as string[]);
  const organizations = props.organizations
    .filter((o) => !o.retired || keep('organization').has(o.id))
    .map((o) => ({ value: o.id, label: label(o.name) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const orgName = new Map(props.organizations.map((o) => [o.id, label(o.name)]));
  const serviceGroups = [...new Set(props.services.map((s) => s.organizationId))]
    .map((orgId) => ({
      label: orgName.get(orgId) ?? '',
      options: props.services
        .filter((s) => s.organizationId === orgId && (!s.retired || keep('service_id').has(s.id)))
        .map((s) => ({ value: s.id, label: label(s.name) }))
        .sort((a, b) => a.label.localeCompare(b.label, lang)),
    }))
    .filter((g) => g.options.length > 0)
    .sort((a, b) => a.label.localeCompare(b.label, lang));

  return (
    <StaffLayout {...props} title={title} path={path} current="network">
      <p>
        <a href={`/${lang}${NETWORK_PATH}`}>{tu.back}</a>
      </p>
      <h1>
        {heading}
        {unit ? (
          <>
            {': '}
            <Text text={unit.name} lang={lang} />
          </>
        ) : null}
      </h1>
      {mode === 'edit' ? (
        <>
          <ErrorSummary lang={lang} problems={props.problems} />
          <form
            method="post"
            action={`/${lang}${unit ? unitPath(unit.id) : `${NETWORK_PATH}/units`}`}
            noValidate
            data-qa="unit-form"
          >
            <input type="hidden" name="_csrf" value={props.csrf} />
            <div className="grid-3">
              <TextField form={form} name="code" label={tu.code} hint={tu.codeHint} required />
            </div>
            <Localized form={form} name="name" label={tu.name} />
            <Select
              form={form}
              name="organization"
              label={tu.organization}
              required
              options={organizations}
            />
            <Select
              form={form}
              name="service_id"
              label={tu.service}
              options={[{ value: '', label: tu.noService }]}
              groups={serviceGroups}
            />
            <Select
              form={form}
              name="municipality_code"
              label={tu.municipality}
              required
              options={municipalityOptions}
            />
            <Checks
              form={form}
              name="municipalities_served"
              legend={tu.served}
              options={municipalityOptions}
            />
            <Checks
              form={form}
              name="languages"
              legend={tu.languages}
              options={NETWORK_LANGUAGES.map((l) => ({ value: l, label: t.lang[l] }))}
            />
            <Checkbox form={form} name="remote_possible" label={tu.remote} />
            <div className="grid-3">
              <TextField form={form} name="free_slots_per_week" label={tu.slots} type="number" required />
              <TextField form={form} name="wait_days" label={tu.wait} hint={tu.waitHint} type="number" />
            </div>
            <TextField form={form} name="email" label={tu.email} type="email" />
            <Checkbox form={form} name="active" label={tu.active} />
            <p>
              <button type="submit" className="button" data-qa="save">
                {tn.common.save}
              </button>
            </p>
          </form>
        </>
      ) : unit ? (
        <section aria-labelledby="details">
          <h2 id="details">{tu.details}</h2>
          <dl className="meta" data-qa="unit-details">
            <dt>{tu.organization}</dt>
            <dd>
              <Text text={unit.organization.name} lang={lang} />
            </dd>
            <dt>{tu.service}</dt>
            <dd>
              {unit.service ? (
                <a href={`/${lang}/services/${unit.service.id}`}>
                  <Text text={unit.service.name} lang={lang} />
                </a>
              ) : (
                tu.noService
              )}
            </dd>
            <dt>{tu.municipality}</dt>
            <dd>{unit.municipalityCode ? municipalityNames(lang, [unit.municipalityCode], names) : ''}</dd>
            <dt>{tu.served}</dt>
            <dd>{municipalityNames(lang, unit.municipalitiesServed, names)}</dd>
            <dt>{tu.languages}</dt>
            <dd>{languagesText(lang, unit.languages)}</dd>
            <dt>{tu.remote}</dt>
            <dd>{unit.remotePossible ? tn.common.yes : tn.common.no}</dd>
            <dt>{tn.list.capacity}</dt>
            <dd data-qa="capacity">
              {capacityText(lang, unit)}; {waitText(lang, unit)}
            </dd>
            <dt>{tu.email}</dt>
            <dd>{unit.email ? <EmailLink address={unit.email} /> : ''}</dd>
            <dt>{tu.active}</dt>
            <dd>{unit.active ? tn.common.yes : tn.common.no}</dd>
          </dl>
          <p>
            <small>{format(tn.common.updated, { date: dateTimeText(lang, unit.updatedAt) })}</small>
          </p>
        </section>
      ) : null}

      {unit && props.capacity ? (
        <section aria-labelledby="capacity" className="card">
          <h2 id="capacity">{tu.capacityTitle}</h2>
          <p>{tu.capacityLead}</p>
          <ErrorSummary lang={lang} problems={props.capacity.problems} />
          <form
            method="post"
            action={`/${lang}${unitPath(unit.id)}/capacity`}
            noValidate
            data-qa="capacity-form"
          >
            <input type="hidden" name="_csrf" value={props.csrf} />
            <div className="grid-3">
              <TextField
                form={{ lang, values: props.capacity.values, problems: props.capacity.problems }}
                name="free_slots_per_week"
                label={tu.slots}
                type="number"
                required
              />
              <TextField
                form={{ lang, values: props.capacity.values, problems: props.capacity.problems }}
                name="wait_days"
                label={tu.wait}
                hint={tu.waitHint}
                type="number"
              />
            </div>
            <button type="submit" className="button" data-qa="save-capacity">
              {tu.capacitySave}
            </button>
          </form>
        </section>
      ) : null}

      {unit ? (
        <section aria-labelledby="professionals" className="wide">
          <h2 id="professionals">{tu.professionals}</h2>
          {mode === 'edit' ? (
            <p>
              <a
                className="button secondary"
                href={`/${lang}${NETWORK_PATH}/professionals/new?unit=${unit.id}`}
                data-qa="new-professional"
              >
                {tu.newProfessional}
              </a>
            </p>
          ) : null}
          {props.professionals.length === 0 ? (
            <p>{tu.noProfessionals}</p>
          ) : (
            <table className="admin-table" data-qa="professionals">
              <thead>
                <tr>
                  <th scope="col">{tn.professional.name}</th>
                  <th scope="col">{tn.professional.fte}</th>
                  <th scope="col">{tn.professional.languages}</th>
                  <th scope="col">{tn.professional.methods}</th>
                </tr>
              </thead>
              <tbody>
                {props.professionals.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <a href={`/${lang}${professionalPath(p.id)}`}>{p.name}</a>
                      {p.title ? (
                        <>
                          <br />
                          <small lang={lang === 'fi' ? undefined : 'fi'}>{p.title}</small>
                        </>
                      ) : null}
                      {p.active ? null : (
                        <>
                          <br />
                          <small>{tn.common.inactive}</small>
                        </>
                      )}
                    </td>
                    <td>
                      {fteText(lang, p.fte)} {tn.common.fteUnit}
                      {p.remotePossible ? (
                        <>
                          <br />
                          <small>{tn.common.remoteYes}</small>
                        </>
                      ) : null}
                    </td>
                    <td>{languagesText(lang, p.languages)}</td>
                    <td>
                      {p.methods.map((code, i) => (
                        <span key={code}>
                          {i > 0 ? ', ' : ''}
                          <MethodName method={methods.get(code)} lang={lang} />
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </StaffLayout>
  );
}
