import { type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { Select, TextField } from '../../../ui/forms.tsx';
import { pick } from '../../../ui/Layout.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { CatalogueOptions } from '../../catalogue/index.ts';
import type { VersionRow } from '../queries.ts';
import { type FormValues, ORGANIZATION_KINDS, SERVICE_STATUSES } from '../schema.ts';
import { type AdminEntity, CatalogueTabs, entityPath } from './AdminListPage.tsx';
import { Checks, ErrorSummary, type FormState, Localized, Rows, VersionHistory } from './parts.tsx';

export interface Choice {
  id: string;
  name: LocalizedText;
  retired: boolean;
}

export function EditPage(props: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  entity: AdminEntity;
  /** null: a new record */
  id: string | null;
  retired: boolean;
  values: FormValues;
  problems: FieldProblem[];
  versions: VersionRow[];
  options: CatalogueOptions;
  organizations: Choice[];
  locations: Choice[];
}) {
  const { lang, entity, id, values, problems } = props;
  const t = translations(lang);
  const ta = t.admin;
  const tf = ta.form;
  const base = `/staff/catalogue/${entity}`;
  const path = id ? `${base}/${id}` : `${base}/new`;
  const name = values.name_fi ? String(values.name_fi) : '';
  const heading = id
    ? entity === 'services'
      ? tf.editService
      : entity === 'organizations'
        ? tf.editOrganization
        : tf.editLocation
    : entity === 'services'
      ? ta.catalogue.newService
      : entity === 'organizations'
        ? ta.catalogue.newOrganization
        : ta.catalogue.newLocation;
  const form: FormState = { lang, values, problems };
  const label = (text: LocalizedText) => pick(text, lang).value;
  // every list of choices in the order of the page's language (Å, Ä, Ö after Z in fi and sv)
  const collator = new Intl.Collator(lang, { numeric: true });
  const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const regionMunicipalities = props.options.municipalities
    .filter((m) => m.regionId === props.actor.regionId)
    .map((m) => ({ value: m.code, label: label(m.name) }))
    .sort(byLabel);
  const choices = (list: Choice[], keep: Set<string>) =>
    list
      .filter((c) => !c.retired || keep.has(c.id))
      .map((c) => ({ value: c.id, label: label(c.name) }))
      .sort(byLabel);
  const chosen = (n: string) => new Set([values[n]].flat().filter(Boolean) as string[]);
  return (
    <StaffLayout {...props} title={id ? `${heading}: ${name}` : heading} path={path} current="catalogue">
      <CatalogueTabs lang={lang} entity={entity} />
      <h1>
        {heading}
        {id && name ? `: ${name}` : ''}
      </h1>
      <ErrorSummary lang={lang} problems={problems} />
      <form method="post" action={`/${lang}${id ? `${base}/${id}` : base}`} noValidate data-qa="edit-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <Localized form={form} name="name" label={tf.names} />
        {entity === 'services' ? (
          <>
            <Select
              form={form}
              name="organizationId"
              label={tf.organization}
              required
              options={choices(props.organizations, chosen('organizationId'))}
            />
            <Select
              form={form}
              name="status"
              label={tf.status}
              options={SERVICE_STATUSES.map((s) => ({ value: s, label: ta.statuses[s] }))}
            />
            <Localized form={form} name="summary" label={tf.summary} />
            <Localized form={form} name="description" label={tf.description} area hint={tf.descriptionHint} />
            <Localized
              form={form}
              name="applicationProcess"
              label={tf.applicationProcess}
              area
              fiRequired={false}
            />
            <Localized form={form} name="eligibility" label={tf.eligibility} area fiRequired={false} />
            <Localized form={form} name="fees" label={tf.fees} fiRequired={false} />
            <Checks
              form={form}
              name="serviceTypes"
              legend={tf.serviceTypes}
              options={props.options.serviceTypes
                .map((x) => ({ value: x.id, label: label(x.name) }))
                .sort(byLabel)}
            />
            <Checks
              form={form}
              name="topics"
              legend={tf.topics}
              options={props.options.topics.map((x) => ({ value: x.id, label: label(x.name) })).sort(byLabel)}
            />
            <fieldset>
              <legend>{tf.ages}</legend>
              <div className="grid-3">
                <TextField form={form} name="minAge" label={tf.minAge} type="number" />
                <TextField form={form} name="maxAge" label={tf.maxAge} type="number" />
              </div>
            </fieldset>
            <Checks
              form={form}
              name="channels"
              legend={tf.channels}
              options={(['visit', 'phone', 'chat', 'video', 'home_visit', 'eservice'] as const).map((c) => ({
                value: c,
                label: t.channel[c],
              }))}
            />
            <Checks
              form={form}
              name="languages"
              legend={tf.languages}
              options={(['fi', 'sv', 'en', 'se', 'ru', 'ar', 'so', 'uk', 'fa', 'et'] as const).map((l) => ({
                value: l,
                label: t.lang[l],
              }))}
            />
            <Checks
              form={form}
              name="areaScope"
              type="radio"
              legend={tf.area}
              options={[
                { value: 'region', label: tf.areaRegion },
                { value: 'municipalities', label: tf.areaMunicipalities },
              ]}
            />
            <Checks form={form} name="municipalities" legend={tf.areaList} options={regionMunicipalities} />
            <Checks
              form={form}
              name="locations"
              legend={tf.locations}
              options={choices(props.locations, chosen('locations'))}
            />
            <Rows form={form} list="phones" legend={tf.phones} rowLegend={tf.phoneRow} hint={tf.phonesHint}>
              {(n) => (
                <>
                  <TextField form={form} name={`phones_${n}_number`} label={tf.phoneNumber} type="tel" />
                  <Localized
                    form={form}
                    name={`phones_${n}_description`}
                    label={tf.phoneDescription}
                    fiRequired={false}
                  />
                </>
              )}
            </Rows>
            <Rows form={form} list="hours" legend={tf.hours} rowLegend={tf.hoursRow} hint={tf.hoursHint}>
              {(n) => (
                <>
                  <TextField
                    form={form}
                    name={`hours_${n}_when`}
                    label={tf.hoursWhen}
                    describedBy="hours-hint"
                  />
                  <Localized form={form} name={`hours_${n}_note`} label={tf.hoursNote} fiRequired={false} />
                </>
              )}
            </Rows>
            <TextField form={form} name="email" label={tf.email} type="email" />
            <TextField form={form} name="url" label={tf.url} type="url" />
          </>
        ) : entity === 'organizations' ? (
          <>
            <Select
              form={form}
              name="kind"
              label={tf.kind}
              required
              options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: t.organization.kind[k] }))}
            />
            <Localized
              form={form}
              name="description"
              label={tf.description}
              area
              fiRequired={false}
              hint={tf.descriptionHint}
            />
            <Select
              form={form}
              name="municipalityCode"
              label={tf.municipality}
              options={[{ value: '', label: tf.noMunicipality }, ...regionMunicipalities]}
            />
            <TextField form={form} name="email" label={tf.email} type="email" />
            <TextField form={form} name="website" label={tf.website} type="url" />
            <TextField form={form} name="phone" label={tf.phone} />
          </>
        ) : (
          <>
            <Select
              form={form}
              name="organizationId"
              label={tf.organization}
              required
              options={choices(props.organizations, chosen('organizationId'))}
            />
            <TextField form={form} name="street" label={tf.street} required />
            <div className="grid-3">
              <TextField form={form} name="postalCode" label={tf.postalCode} required />
            </div>
            <Localized form={form} name="city" label={tf.city} />
            <Localized form={form} name="transportation" label={tf.transportation} area fiRequired={false} />
            <Localized form={form} name="accessibility" label={tf.accessibility} area fiRequired={false} />
            <Select
              form={form}
              name="municipalityCode"
              label={tf.municipality}
              required
              options={regionMunicipalities}
            />
            <fieldset>
              <legend>{tf.coordinates}</legend>
              <div className="grid-3">
                <TextField form={form} name="latitude" label={tf.latitude} />
                <TextField form={form} name="longitude" label={tf.longitude} />
              </div>
            </fieldset>
          </>
        )}
        <p>
          <button type="submit" className="button" data-qa="save">
            {tf.save}
          </button>{' '}
          <a className="button secondary" href={`/${lang}${entityPath(entity)}`}>
            {tf.cancel}
          </a>
        </p>
      </form>
      {id ? (
        <section aria-labelledby="retire" className="card">
          <h2 id="retire">{props.retired ? tf.restore : tf.retireTitle}</h2>
          <p>{entity === 'services' ? tf.retireServiceText : tf.retireText}</p>
          <form method="post" action={`/${lang}${base}/${id}/${props.retired ? 'restore' : 'retire'}`}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            {entity === 'services' && !props.retired ? (
              <div className="field">
                <label htmlFor="retire-status">{tf.retireAs}</label>
                <select id="retire-status" name="status" defaultValue="inactive">
                  <option value="inactive">{ta.statuses.inactive}</option>
                  <option value="defunct">{ta.statuses.defunct}</option>
                </select>
              </div>
            ) : null}
            <button type="submit" className="button secondary" data-qa={props.retired ? 'restore' : 'retire'}>
              {props.retired ? tf.restore : tf.retire}
            </button>
          </form>
          {entity === 'services' && !props.retired ? (
            <p>
              <a href={`/${lang}/services/${id}`}>{tf.viewPublic}</a>
            </p>
          ) : null}
        </section>
      ) : null}
      <VersionHistory lang={lang} versions={props.versions} />
    </StaffLayout>
  );
}
