import { translations } from '../../../i18n/index.ts';
import { FieldError, type FormState } from '../../admin/pages/parts.tsx';

/** What a form sent, or what is stored, as form values (a checkbox group is a list). */
export type Values = Record<string, string | string[]>;

interface Option {
  value: string;
  label: string;
}

/**
 * A select like the catalogue administration's (label, problem beside it, aria-invalid),
 * with option groups: services grouped by their organisation.
 */
export function FieldSelect({
  form,
  name,
  label,
  required,
  options,
  groups = [],
}: {
  form: FormState;
  name: string;
  label: string;
  required?: boolean;
  options: Option[];
  groups?: { label: string; options: Option[] }[];
}) {
  const v = form.values[name];
  const value = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  const problem = form.problems.some((p) => p.field === name);
  return (
    <div className="field">
      <label htmlFor={name}>
        {label}
        {required ? (
          <span className="hint-inline"> {translations(form.lang).network.common.required}</span>
        ) : null}
      </label>
      <FieldError form={form} name={name} />
      <select
        id={name}
        name={name}
        defaultValue={value}
        data-qa={`field-${name}`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${name}-error` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

export { Checks as FieldChecks } from '../../admin/pages/parts.tsx';
