import type { ReactNode } from 'react';
import { errorMessage, format, type Lang, translations } from '../../../i18n/index.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import {
  Choices,
  type FormModel,
  Hint,
  hintId,
  ErrorSummary as KitErrorSummary,
  TextArea,
  TextField,
} from '../../../ui/forms.tsx';
import type { VersionRow } from '../queries.ts';

/**
 * What every form field needs to know: the page's language, what the user sent (or what is
 * stored) and the problems found (the one form kit's model, src/ui/forms.tsx).
 */
export type FormState = FormModel;

/** A group of checkboxes (or radio buttons) under a legend, three to a row; the problem is the group's. */
export function Checks(props: {
  form: FormState;
  name: string;
  legend: string;
  options: { value: string; label: ReactNode }[];
  type?: 'checkbox' | 'radio';
}) {
  return (
    <Choices
      {...props}
      type={props.type ?? 'checkbox'}
      className="wide"
      optionsClassName="grid-3"
      qa={() => undefined}
    />
  );
}

const CONTENT_LANGS = ['fi', 'sv', 'en'] as const;
const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
/** "suomeksi", "på svenska", "in English": how the page's language names a text's language. */
const inLanguage = (lang: Lang, content: Lang) => {
  const tf = translations(lang).admin.form;
  return content === 'fi' ? tf.inFinnish : content === 'sv' ? tf.inSwedish : tf.inEnglish;
};

/**
 * Every text of the catalogue, in Finnish, Swedish and English: one fieldset whose legend
 * names the text, with an input (or a textarea) for each language, labelled by the language
 * and marked with it (lang). Finnish is required unless said; the hint is the group's.
 * Fields `${name}_fi`, `${name}_sv`, `${name}_en`.
 */
export function Localized({
  form,
  name,
  label,
  area,
  fiRequired = true,
  hint,
}: {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  area?: boolean;
  fiRequired?: boolean;
}) {
  const Field = area ? TextArea : TextField;
  return (
    <fieldset className="localized" data-qa={`localized-${name}`}>
      <legend>{label}</legend>
      <Hint form={form} name={name} hint={hint} />
      <div className={area ? undefined : 'grid-3'}>
        {CONTENT_LANGS.map((l) => (
          <Field
            key={l}
            form={form}
            name={`${name}_${l}`}
            label={capitalised(inLanguage(form.lang, l))}
            required={l === 'fi' && fiRequired}
            describedBy={hint ? hintId(form, name) : undefined}
            contentLang={l}
          />
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Repeated rows (phones, opening hours): a fieldset for the list, one for each row ("Phone
 * 2"), as many rows as the values have (the stored ones and a few empty ones to fill in).
 */
export function Rows({
  form,
  list,
  legend,
  rowLegend,
  hint,
  children,
}: {
  form: FormState;
  list: string;
  legend: string;
  /** e.g. "Puhelinnumero {n}" */
  rowLegend: string;
  hint?: string;
  children: (n: number) => ReactNode;
}) {
  const count = Math.max(
    1,
    ...Object.keys(form.values).map((k) => Number(new RegExp(`^${list}_(\\d+)_`).exec(k)?.[1] ?? 0)),
  );
  return (
    <fieldset className="wide rows" id={list} data-qa={`rows-${list}`}>
      <legend>{legend}</legend>
      <Hint form={form} name={list} hint={hint} />
      {Array.from({ length: count }, (_, i) => `${list}_${i + 1}`).map((id, i) => (
        <fieldset key={id} className="row">
          <legend>{format(rowLegend, { n: i + 1 })}</legend>
          {children(i + 1)}
        </fieldset>
      ))}
    </fieldset>
  );
}

/**
 * The name of a field as the error summary says it: "Nimi suomeksi", "Aukioloaika 2:
 * päivät ja kellonajat", so that every problem names its field.
 */
export function fieldLabel(lang: Lang, field: string): string {
  const tf = translations(lang).admin.form;
  const labels: Record<string, string> = {
    name: tf.names,
    summary: tf.summary,
    description: tf.description,
    applicationProcess: tf.applicationProcess,
    fees: tf.fees,
    eligibility: tf.eligibility,
    city: tf.city,
    transportation: tf.transportation,
    accessibility: tf.accessibility,
    organizationId: tf.organization,
    status: tf.status,
    serviceTypes: tf.serviceTypes,
    topics: tf.topics,
    minAge: `${tf.ages}: ${tf.minAge}`,
    maxAge: `${tf.ages}: ${tf.maxAge}`,
    channels: tf.channels,
    languages: tf.languages,
    areaScope: tf.area,
    municipalities: tf.areaList,
    locations: tf.locations,
    email: tf.email,
    url: tf.url,
    kind: tf.kind,
    municipalityCode: tf.municipality,
    website: tf.website,
    phone: tf.phone,
    street: tf.street,
    postalCode: tf.postalCode,
    latitude: tf.coordinates,
    longitude: tf.coordinates,
    phones: tf.phones,
    hours: tf.hours,
    number: tf.phoneNumber,
    when: tf.hoursWhen,
    note: tf.hoursNote,
  };
  const row = /^(phones|hours)_(\d+)_(.+)$/.exec(field);
  const [prefix, rest] = row
    ? [`${format(row[1] === 'phones' ? tf.phoneRow : tf.hoursRow, { n: row[2] ?? '' })}: `, row[3] ?? '']
    : ['', field];
  const text = /^(.+)_(fi|sv|en)$/.exec(rest);
  const base = text ? (text[1] ?? '') : rest;
  const name = row && base === 'description' ? tf.phoneDescription : (labels[base] ?? base);
  const said = text ? `${name} ${inLanguage(lang, text[2] as Lang)}` : name;
  return prefix ? `${prefix}${said.charAt(0).toLocaleLowerCase()}${said.slice(1)}` : said;
}

/** The form's problems at its top, each naming its field ("Nimi suomeksi: …") and linking to it. */
export function ErrorSummary({ lang, problems }: { lang: Lang; problems: FieldProblem[] }) {
  return (
    <KitErrorSummary
      title={translations(lang).admin.form.errorsTitle}
      items={problems.map((p) => ({
        key: p.field + p.code,
        href: p.field,
        text: `${fieldLabel(lang, p.field)}: ${errorMessage(lang, p.code, p.params)}`,
      }))}
    />
  );
}

const helsinki = new Intl.DateTimeFormat('fi-FI', {
  timeZone: 'Europe/Helsinki',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 26.11.2026 klo 14.05 (Europe/Helsinki); "kl." in Swedish, "at" in English. */
export function dateTimeText(lang: Lang, date: Date): string {
  const parts = helsinki.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const word = lang === 'fi' ? 'klo' : lang === 'sv' ? 'kl.' : 'at';
  return `${Number(get('day'))}.${Number(get('month'))}.${get('year')} ${word} ${get('hour')}.${get('minute')}`;
}

export function VersionHistory({ lang, versions }: { lang: Lang; versions: VersionRow[] }) {
  const tf = translations(lang).admin.form;
  if (versions.length === 0) return null;
  return (
    <section aria-labelledby="history" className="wide">
      <h2 id="history">{tf.history}</h2>
      <DataTable
        className="admin-table"
        qa="version-history"
        rows={versions}
        rowKey={(v) => String(v.version)}
        columns={[
          { header: tf.version, cell: (v) => v.version },
          { header: tf.change, cell: (v) => tf.changeKinds[v.changeKind] },
          { header: tf.who, cell: (v) => v.changedBy },
          { header: tf.when, cell: (v) => dateTimeText(lang, v.changedAt) },
        ]}
      />
    </section>
  );
}
