import type { ReactNode } from 'react';
import { errorMessage, type Lang, translations } from '../../../i18n/index.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
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

export function Input({ form, name, label, required, hint, type = 'text' }: FieldProps & { type?: string }) {
  return (
    <div className="field">
      <FieldLabel form={form} name={name} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldError form={form} name={name} />
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={fieldValue(form, name)}
        required={required}
        data-qa={`field-${name}`}
        {...ariaOf(form, name, hint ? hintId(name) : undefined)}
      />
    </div>
  );
}

export function Area({ form, name, label, required, hint }: FieldProps) {
  return (
    <div className="field">
      <FieldLabel form={form} name={name} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldError form={form} name={name} />
      <textarea
        id={name}
        name={name}
        rows={4}
        defaultValue={fieldValue(form, name)}
        required={required}
        data-qa={`field-${name}`}
        {...ariaOf(form, name, hint ? hintId(name) : undefined)}
      />
    </div>
  );
}

/** fi required (unless said), sv and en optional: three fields side by side on a wide screen. */
export function Localized({
  form,
  name,
  label,
  area,
  fiRequired = true,
  hint,
}: Omit<FieldProps, 'required'> & { area?: boolean; fiRequired?: boolean }) {
  const tf = translations(form.lang).admin.form;
  const Field = area ? Area : Input;
  return (
    <div className={area ? undefined : 'grid-3'}>
      <Field
        form={form}
        name={`${name}_fi`}
        label={`${label} ${tf.inFinnish}`}
        required={fiRequired}
        hint={hint}
      />
      <Field form={form} name={`${name}_sv`} label={`${label} ${tf.inSwedish}`} hint={hint} />
      <Field form={form} name={`${name}_en`} label={`${label} ${tf.inEnglish}`} hint={hint} />
    </div>
  );
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
            <a href={`#${p.field}`}>{errorMessage(lang, p.code, p.params)}</a>
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
      <table className="admin-table" data-qa="version-history">
        <thead>
          <tr>
            <th scope="col">{tf.version}</th>
            <th scope="col">{tf.change}</th>
            <th scope="col">{tf.who}</th>
            <th scope="col">{tf.when}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{tf.changeKinds[v.changeKind]}</td>
              <td>{v.changedBy}</td>
              <td>{dateTimeText(lang, v.changedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
