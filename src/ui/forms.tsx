/**
 * The one form kit: a field shows its label, its hint and its problem beside it, keeps what was
 * typed, and tells assistive technology (aria-describedby: the hint, then the problem;
 * aria-invalid); a group of choices does the same for its legend; the error summary lists every
 * problem as a link to its field (WCAG 3.3.1). Pages build a FormModel and pass it as `form`.
 *
 * Ids: a page with one form uses the field's name (`message`, `message-hint`, `message-error`,
 * data-qa `field-message` and `message-error`); a page with many forms gives each an id prefix
 * (`note-text`, `note-text-hint`, `note-text-error`, data-qa `note-text` and `error-text`).
 */
import type { ReactNode } from 'react';
import { errorMessage, type Lang, translations } from '../i18n/index.ts';
import type { FieldProblem } from '../platform/errors.ts';

/** What a form sent, or what is stored, as form values (a checkbox group is a list). */
export type FormValues = Record<string, string | string[]>;

/** A problem already in words, or one with a code that the catalogue puts into words. */
export type FormProblem = { field: string; text: string } | FieldProblem;

export interface FormModel {
  lang: Lang;
  /** the id prefix of each field, when a page holds more than one form */
  id?: string;
  values: FormValues;
  problems: readonly FormProblem[];
  /** a coded problem in this form's words (naming its field); by default the code's message */
  say?: (problem: FieldProblem) => string;
  /** the class of the "(required)" mark after a label: 'hint-inline' unless said */
  requiredClass?: string;
}

export const fieldId = (form: FormModel, name: string) => (form.id ? `${form.id}-${name}` : name);
export const errorId = (form: FormModel, name: string) => `${fieldId(form, name)}-error`;
export const hintId = (form: FormModel, name: string) => `${fieldId(form, name)}-hint`;
const controlQa = (form: FormModel, name: string) => (form.id ? `${form.id}-${name}` : `field-${name}`);
const errorQa = (form: FormModel, name: string) => (form.id ? `error-${name}` : errorId(form, name));

export const one = (values: FormValues, name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
export const many = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/** A problem in the form's words: the same beside the field and in the error summary. */
export function problemText(form: FormModel, p: FormProblem): string {
  if ('text' in p) return p.text;
  return form.say ? form.say(p) : errorMessage(form.lang, p.code, p.params);
}

const problemOf = (form: FormModel, name: string) => form.problems.find((p) => p.field === name);

/** aria-invalid and aria-describedby of a field: the ids that describe it (its hint), then its problem. */
export function aria(form: FormModel, name: string, describedBy: (string | undefined)[] = []) {
  const problem = problemOf(form, name);
  const ids = [...describedBy, problem ? errorId(form, name) : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': problem ? true : undefined, 'aria-describedby': ids || undefined };
}

/** "(pakollinen)" after a label or a legend. */
export function RequiredMark({ form }: { form: FormModel }) {
  return (
    <span className={form.requiredClass ?? 'hint-inline'}> {translations(form.lang).form.required}</span>
  );
}

/** The problem of one field, beside it (its id is what aria-describedby points to). */
export function FieldError({ form, name }: { form: FormModel; name: string }) {
  const p = problemOf(form, name);
  return p ? (
    <p className="field-error" id={errorId(form, name)} data-qa={errorQa(form, name)}>
      {problemText(form, p)}
    </p>
  ) : null;
}

export function Hint({ form, name, hint }: { form: FormModel; name: string; hint?: ReactNode }) {
  return hint ? (
    <span className="hint" id={hintId(form, name)}>
      {hint}
    </span>
  ) : null;
}

interface FieldProps {
  form: FormModel;
  /** the field's key: its value, its problem and its id */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  /** whether the label says "(required)": by default when the field is required */
  marked?: boolean;
  /** the id of a text shown elsewhere (a group's hint) that describes this field too */
  describedBy?: string;
  /** a class beside 'field' ('narrow') */
  className?: string;
  /** data-qa, when not the form's usual one */
  qa?: string;
  /** the name the value is posted as, when not the field's key */
  postAs?: string;
}

/** The label (with its mark), the hint and the problem above a control, in one div.field. */
function Field({
  form,
  name,
  label,
  hint,
  required,
  marked = required,
  className,
  children,
}: FieldProps & { children: ReactNode }) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={fieldId(form, name)}>
        {label}
        {marked ? <RequiredMark form={form} /> : null}
      </label>
      <Hint form={form} name={name} hint={hint} />
      <FieldError form={form} name={name} />
      {children}
    </div>
  );
}

const controlProps = (props: FieldProps) => ({
  id: fieldId(props.form, props.name),
  name: props.postAs ?? props.name,
});

const describedProps = (props: FieldProps) => {
  const { form, name, hint, describedBy } = props;
  return {
    'data-qa': props.qa ?? controlQa(form, name),
    ...aria(form, name, [describedBy, hint ? hintId(form, name) : undefined]),
  };
};

export function TextField(
  props: FieldProps & {
    type?: string;
    autoComplete?: string;
    inputMode?: 'numeric' | 'tel' | 'email' | 'text';
    spellCheck?: boolean;
    /** the language of the text typed in the field, when it is not the page's */
    contentLang?: Lang;
    /** the value, when not the form's */
    value?: string;
  },
) {
  return (
    <Field {...props}>
      <input
        {...controlProps(props)}
        type={props.type ?? 'text'}
        lang={props.contentLang}
        defaultValue={props.value ?? one(props.form.values, props.name)}
        required={props.required}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        spellCheck={props.spellCheck}
        {...describedProps(props)}
      />
    </Field>
  );
}

export function TextArea(props: FieldProps & { rows?: number; contentLang?: Lang }) {
  return (
    <Field {...props}>
      <textarea
        {...controlProps(props)}
        rows={props.rows ?? 4}
        lang={props.contentLang}
        defaultValue={one(props.form.values, props.name)}
        required={props.required}
        {...describedProps(props)}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A select; options first, then option groups (services under their organisation). */
export function Select(
  props: FieldProps & { options: Option[]; groups?: { label: string; options: Option[] }[] },
) {
  return (
    <Field {...props}>
      <select
        {...controlProps(props)}
        defaultValue={one(props.form.values, props.name)}
        {...describedProps(props)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {(props.groups ?? []).map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </Field>
  );
}

/** One checkbox that says yes (value "true"), its label after it and its problem above. */
export function Checkbox({ form, name, label }: { form: FormModel; name: string; label: ReactNode }) {
  return (
    <div className="field">
      <FieldError form={form} name={name} />
      <label className="check">
        <input
          type="checkbox"
          id={fieldId(form, name)}
          name={name}
          value="true"
          defaultChecked={one(form.values, name) === 'true'}
          data-qa={controlQa(form, name)}
          {...aria(form, name)}
        />
        {label}
      </label>
    </div>
  );
}

/**
 * A fieldset of related fields or choices: the legend (with its mark), the hint and the
 * group's problem, then what the group holds.
 */
export function FieldGroup({
  form,
  name,
  legend,
  hint,
  required,
  className,
  children,
}: {
  form: FormModel;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <fieldset
      id={fieldId(form, name)}
      className={className}
      {...aria(form, name, [hint ? hintId(form, name) : undefined])}
    >
      <legend>
        {legend}
        {required ? <RequiredMark form={form} /> : null}
      </legend>
      <Hint form={form} name={name} hint={hint} />
      <FieldError form={form} name={name} />
      {children}
    </fieldset>
  );
}

export interface ChoiceOption {
  value: string;
  label: ReactNode;
  /** a hint of its own, under the option */
  hint?: string;
  /** the id of a text elsewhere that describes the option (the emergency box of a danger answer) */
  describedBy?: string;
  /** the language of the label, when not the page's */
  lang?: string;
}

/**
 * Radio buttons or checkboxes under a legend; the problem is the group's. 'grid' places the
 * options in a div (class `optionsClassName`); 'list' gives each option its own div.choice, its
 * id (`${field id}-${value}`) and its hint, and then the children (what a choice reveals).
 */
export function Choices({
  form,
  name,
  legend,
  hint,
  required,
  options,
  type = 'radio',
  className,
  layout = 'grid',
  optionsClassName = 'options',
  qa = (value) => `${controlQa(form, name)}-${value}`,
  children,
}: {
  form: FormModel;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  options: ChoiceOption[];
  type?: 'radio' | 'checkbox';
  className?: string;
  layout?: 'grid' | 'list';
  optionsClassName?: string;
  /** each option's data-qa (undefined: none) */
  qa?: (value: string) => string | undefined;
  children?: ReactNode;
}) {
  const chosen = new Set(many(form.values, name));
  return (
    <FieldGroup form={form} name={name} legend={legend} hint={hint} required={required} className={className}>
      {layout === 'grid' ? (
        <div className={optionsClassName}>
          {options.map((o) => (
            <label key={o.value} className="check">
              <input
                type={type}
                name={name}
                value={o.value}
                defaultChecked={chosen.has(o.value)}
                data-qa={qa(o.value)}
              />
              <span lang={o.lang}>{o.label}</span>
            </label>
          ))}
        </div>
      ) : (
        options.map((o) => {
          const id = `${fieldId(form, name)}-${o.value}`;
          const describedBy = [o.hint ? `${id}-hint` : null, o.describedBy].filter(Boolean).join(' ');
          return (
            <div key={o.value} className="choice">
              <label className="check" htmlFor={id}>
                <input
                  type={type}
                  id={id}
                  name={name}
                  value={o.value}
                  defaultChecked={chosen.has(o.value)}
                  aria-describedby={describedBy || undefined}
                  data-qa={qa(o.value)}
                />
                <span lang={o.lang}>{o.label}</span>
              </label>
              {o.hint ? (
                <span className="hint choice-hint" id={`${id}-hint`}>
                  {o.hint}
                </span>
              ) : null}
            </div>
          );
        })
      )}
      {children}
    </FieldGroup>
  );
}

/**
 * The list of a form's problems at its top, each a link to its field. `focus`: the summary
 * takes the focus when the page opens (made focusable, autofocus), so a screen reader reads it
 * first; only the form posted has one, so only one element asks for the focus.
 */
export function ErrorSummary({
  title,
  items,
  id,
  titleId = id ? `${id}-title` : undefined,
  focus = false,
  heading = 'h2',
  qa = 'error-summary',
}: {
  title: string;
  /** each problem in words, and the id of the element it links to */
  items: { key: string; href: string; text: ReactNode }[];
  id?: string;
  titleId?: string;
  focus?: boolean;
  heading?: 'h2' | 'h3';
  qa?: string;
}) {
  if (items.length === 0) return null;
  const Heading = heading;
  return (
    <div
      className="error-summary"
      role="alert"
      id={id}
      tabIndex={focus ? -1 : undefined}
      // biome-ignore lint/a11y/noAutofocus: moving the focus to the problems is what WCAG 3.3.1 asks
      autoFocus={focus || undefined}
      aria-labelledby={titleId}
      data-qa={qa}
    >
      <Heading id={titleId}>{title}</Heading>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <a href={`#${item.href}`}>{item.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A form's problems as the summary lists them: its words, linking to the field (or `anchors[field]`). */
export function summaryItems(form: FormModel, anchors: Record<string, string> = {}) {
  return form.problems.map((p) => ({
    key: 'code' in p ? p.field + p.code : p.field,
    href: anchors[p.field] ?? fieldId(form, p.field),
    text: problemText(form, p),
  }));
}
