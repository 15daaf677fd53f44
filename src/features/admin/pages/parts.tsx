import type { ReactNode } from 'react';
import { errorMessage, format, type Lang, translations } from '../../../i18n/index.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import type { VersionRow } from '../queries.ts';
import type { FormValues } from '../schema.ts';

/**
 * What every form field needs to know: the page's language, what the user sent (or what is
 * stored) and the problems found. Passed to each field as `form`, so a field shows its
 * problem beside it, keeps what was typed, and says so to assistive technology.
 */
export interface FormState {
  lang: Lang;
  values: FormValues;
  problems: FieldProblem[];
}

const problemOf = (form: FormState, field: string) => form.problems.find((p) => p.field === field);
const errorId = (field: string) => `${field}-error`;
const hintId = (field: string) => `${field}-hint`;
const fieldValue = (form: FormState, name: string) => {
  const v = form.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const chosenOf = (form: FormState, name: string) => {
  const v = form.values[name];
  return new Set(Array.isArray(v) ? v : v ? [v] : []);
};
/** aria-invalid and aria-describedby (hint, then problem) of a field. */
const ariaOf = (form: FormState, name: string, hint?: string) => {
  // hint: the ids of the texts that describe the field, space-separated
  const problem = problemOf(form, name);
  const describedBy = [hint, problem ? errorId(name) : undefined].filter(Boolean).join(' ');
  return {
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
};

interface FieldProps {
  form: FormState;
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  /** the id of a hint shown elsewhere (a Localized fieldset's) that describes this field too */
  describedBy?: string;
  /** the language of the text typed in the field, when it is not the page's */
  contentLang?: Lang;
}

export function FieldError({ form, name }: { form: FormState; name: string }) {
  const p = problemOf(form, name);
  return p ? (
    <p className="field-error" id={errorId(name)} data-qa={errorId(name)}>
      {errorMessage(form.lang, p.code, p.params)}
    </p>
  ) : null;
}

function FieldLabel({ form, name, label, required }: Omit<FieldProps, 'hint'>) {
  return (
    <label htmlFor={name}>
      {label}
      {required ? <span className="hint-inline"> {translations(form.lang).admin.form.required}</span> : null}
    </label>
  );
}

function Hint({ name, hint }: { name: string; hint?: string }) {
  return hint ? (
    <span className="hint" id={hintId(name)}>
      {hint}
    </span>
  ) : null;
}

const describedByOf = (name: string, hint?: string, describedBy?: string) =>
  [describedBy, hint ? hintId(name) : undefined].filter(Boolean).join(' ') || undefined;

export function Input({
  form,
  name,
  label,
  required,
  hint,
  describedBy,
  contentLang,
  type = 'text',
}: FieldProps & { type?: string }) {
  return (
    <div className="field">
      <FieldLabel form={form} name={name} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldError form={form} name={name} />
      <input
        id={name}
        name={name}
        type={type}
        lang={contentLang}
        defaultValue={fieldValue(form, name)}
        required={required}
        data-qa={`field-${name}`}
        {...ariaOf(form, name, describedByOf(name, hint, describedBy))}
      />
    </div>
  );
}

export function Area({ form, name, label, required, hint, describedBy, contentLang }: FieldProps) {
  return (
    <div className="field">
      <FieldLabel form={form} name={name} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldError form={form} name={name} />
      <textarea
        id={name}
        name={name}
        rows={4}
        lang={contentLang}
        defaultValue={fieldValue(form, name)}
        required={required}
        data-qa={`field-${name}`}
        {...ariaOf(form, name, describedByOf(name, hint, describedBy))}
      />
    </div>
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
}: Omit<FieldProps, 'required' | 'describedBy' | 'contentLang'> & { area?: boolean; fiRequired?: boolean }) {
  const Field = area ? Area : Input;
  return (
    <fieldset className="localized" data-qa={`localized-${name}`}>
      <legend>{label}</legend>
      <Hint name={name} hint={hint} />
      <div className={area ? undefined : 'grid-3'}>
        {CONTENT_LANGS.map((l) => (
          <Field
            key={l}
            form={form}
            name={`${name}_${l}`}
            label={capitalised(inLanguage(form.lang, l))}
            required={l === 'fi' && fiRequired}
            describedBy={hint ? hintId(name) : undefined}
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
      <Hint name={list} hint={hint} />
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

export function Select({
  form,
  name,
  label,
  required,
  options,
}: Omit<FieldProps, 'hint'> & { options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <FieldLabel form={form} name={name} label={label} required={required} />
      <FieldError form={form} name={name} />
      <select
        id={name}
        name={name}
        defaultValue={fieldValue(form, name)}
        data-qa={`field-${name}`}
        {...ariaOf(form, name)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes (or radio buttons) under a legend; the problem is the group's. */
export function Checks({
  form,
  name,
  legend,
  options,
  type = 'checkbox',
}: {
  form: FormState;
  name: string;
  legend: string;
  options: { value: string; label: ReactNode }[];
  type?: 'checkbox' | 'radio';
}) {
  const set = chosenOf(form, name);
  return (
    <fieldset id={name} {...ariaOf(form, name)} className="wide">
      <legend>{legend}</legend>
      <FieldError form={form} name={name} />
      <div className="grid-3">
        {options.map((o) => (
          <label key={o.value} className="check">
            <input type={type} name={name} value={o.value} defaultChecked={set.has(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ErrorSummary({ lang, problems }: { lang: Lang; problems: FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" role="alert" data-qa="error-summary">
      <h2>{translations(lang).admin.form.errorsTitle}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.field + p.code}>
            <a href={`#${p.field}`}>
              {fieldLabel(lang, p.field)}: {errorMessage(lang, p.code, p.params)}
            </a>
          </li>
        ))}
      </ul>
    </div>
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
