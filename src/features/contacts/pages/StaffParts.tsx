/**
 * What the counsellors' pages share: form fields that show their problem beside them (with ids
 * made unique per form, since one contact page holds many forms), dates and times as written in
 * Finland, and the urgency and overdue marks (in words, never colour alone).
 */
import type { ReactNode } from 'react';
import { type ErrorCode, errorMessage, format, type Lang, translations } from '../../../i18n/index.ts';
import type { LocalizedText, Urgency } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { formatFinnishDate, helsinkiDate, workingDaysBetween } from '../../../platform/working-days.ts';
import type { FormModel, FormValues } from '../../../ui/forms.tsx';
import * as Kit from '../../../ui/forms.tsx';
import { pick } from '../../../ui/Layout.tsx';

export type { FormValues } from '../../../ui/forms.tsx';

/**
 * One form on a page: its id prefix (so two forms can have a field of the same name), what the
 * user sent or what is stored, and the problems found.
 */
export interface FormCtx {
  lang: Lang;
  id: string;
  values: FormValues;
  problems: FieldProblem[];
  /** the fields' names, so that every problem says which field it is about */
  names?: FieldNames;
}

/** A field's name as its label says it; a choice is "choose one" when left empty, not "fill in". */
export type FieldNames = Record<string, { label: string; choice?: boolean }>;

/**
 * A problem in words that name the field ("Kuka on vaarassa: valitse yksi."), the same beside the
 * field and in the summary; a field without a name gives the message alone.
 */
export function problemText(ctx: FormCtx, p: FieldProblem): string {
  const message = errorMessage(ctx.lang, p.code, p.params);
  const name = ctx.names?.[p.field];
  if (!name) return message;
  const tc = translations(ctx.lang).contactStaff.common;
  // left empty: "fill this in" or "choose one" (the family's form says it in its own words)
  const empty = p.code === 'contact.required' || p.code === 'contact.message_required';
  const problem = empty ? (name.choice ? tc.chooseOne : tc.fillIn) : message;
  return format(tc.fieldProblem, { field: name.label, problem });
}

/** The one form kit's model of a staff form: its problems in words that name their field. */
const model = (ctx: FormCtx): FormModel => ({ ...ctx, say: (p) => problemText(ctx, p) });

export { fieldId, many, type Option, one } from '../../../ui/forms.tsx';

export function FieldError({ ctx, name }: { ctx: FormCtx; name: string }) {
  return <Kit.FieldError form={model(ctx)} name={name} />;
}

interface FieldProps {
  ctx: FormCtx;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export function TextField({
  ctx,
  ...props
}: FieldProps & { type?: string; autoComplete?: string; inputMode?: 'numeric' | 'tel' | 'email' | 'text' }) {
  return <Kit.TextField form={model(ctx)} {...props} />;
}

export function TextArea({ ctx, ...props }: FieldProps & { rows?: number }) {
  return <Kit.TextArea form={model(ctx)} {...props} />;
}

export function SelectField({
  ctx,
  ...props
}: FieldProps & { options: Kit.Option[]; groups?: { label: string; options: Kit.Option[] }[] }) {
  return <Kit.Select form={model(ctx)} {...props} />;
}

/** Radio buttons or checkboxes under a legend; the problem is the group's. */
export function Choices({
  ctx,
  layout = 'grid',
  ...props
}: {
  ctx: FormCtx;
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: ReactNode }[];
  type?: 'radio' | 'checkbox';
  required?: boolean;
  layout?: 'grid' | 'row' | 'stack';
}) {
  return (
    <Kit.Choices form={model(ctx)} {...props} type={props.type ?? 'radio'} className={`choices ${layout}`} />
  );
}

/**
 * A form's problems, each naming its field and linking to it. The summary takes the focus when
 * the page opens (autofocus on an element made focusable), so a screen reader reads it first;
 * only the form posted has one, so only one element asks for the focus. Shown near the top of
 * the page, it is in view without JavaScript as well.
 */
export function ErrorSummary({ ctx }: { ctx: FormCtx }) {
  return (
    <Kit.ErrorSummary
      title={translations(ctx.lang).contactStaff.common.errorsTitle}
      items={Kit.summaryItems(model(ctx))}
      id={`${ctx.id}-errors`}
      focus
      heading="h3"
      qa={`${ctx.id}-errors`}
    />
  );
}

/** "Nothing was changed": a 409 (someone else was first, the page is stale, the contact closed). */
export function ConflictNotice({ lang, message, reload }: { lang: Lang; message: string; reload: string }) {
  const tc = translations(lang).contactStaff.common;
  return (
    <div className="notice conflict" role="alert" data-qa="conflict">
      <h2>{tc.conflictTitle}</h2>
      <p>{message}</p>
      <p>
        <a href={reload} data-qa="reload">
          {tc.reload}
        </a>
      </p>
    </div>
  );
}

export function Hidden({ name, value }: { name: string; value: string | number }) {
  return <input type="hidden" name={name} value={String(value)} />;
}

// ---------------------------------------------------------------- words and dates

export const label = (text: LocalizedText | null | undefined, lang: Lang) => pick(text, lang).value;

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
export function dateTime(lang: Lang, date: Date): string {
  const parts = helsinki.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const word = lang === 'fi' ? 'klo' : lang === 'sv' ? 'kl.' : 'at';
  return `${Number(get('day'))}.${Number(get('month'))}.${get('year')} ${word} ${get('hour')}.${get('minute')}`;
}

/** A 'YYYY-MM-DD' day as 26.11.2026. */
export const day = (value: string) => formatFinnishDate(value);

/** Working days waited since the day of receipt, in words. */
export function waitingText(lang: Lang, receivedAt: Date, now: Date): string {
  const tc = translations(lang).contactStaff.common;
  const n = workingDaysBetween(helsinkiDate(receivedAt), helsinkiDate(now));
  return n === 0 ? tc.workingDaysZero : n === 1 ? tc.workingDayOne : format(tc.workingDays, { n });
}

/**
 * How long a contact has waited: an emergency's clock runs in hours and minutes since it came
 * in (issue 10, finding 1), the others' in working days.
 */
export function Waiting({
  lang,
  urgency,
  receivedAt,
  now,
}: {
  lang: Lang;
  urgency: Urgency;
  receivedAt: Date;
  now: Date;
}) {
  if (urgency !== 'emergency') return <>{waitingText(lang, receivedAt, now)}</>;
  const tc = translations(lang).contactStaff.common;
  const minutes = Math.max(0, Math.floor((now.getTime() - receivedAt.getTime()) / 60_000));
  const params = { h: Math.floor(minutes / 60), m: minutes % 60 };
  return (
    <strong className="waiting-hours" data-qa="waiting-hours">
      <span aria-hidden="true">{format(tc.hoursWaited, params)}</span>
      <span className="visually-hidden">{format(tc.hoursWaitedLabel, params)}</span>
    </strong>
  );
}

export function agesText(lang: Lang, ages: number[]): string {
  const t = translations(lang).contacts;
  return ages.map((age) => (age === 0 ? t.ageUnderOne : format(t.ageYears, { age }))).join(', ');
}

/** The urgency in words; urgent and emergency also stand out (a mark and a border). */
export function UrgencyBadge({ lang, urgency }: { lang: Lang; urgency: Urgency }) {
  const text = translations(lang).contacts.urgency[urgency];
  if (urgency === 'normal') return <span className="urgency normal">{text}</span>;
  return (
    <strong className={`urgency ${urgency}`} data-qa={`urgency-${urgency}`}>
      <span aria-hidden="true">! </span>
      {text}
    </strong>
  );
}

export function OverdueBadge({ lang }: { lang: Lang }) {
  return (
    <strong className="overdue" data-qa="overdue">
      {translations(lang).contactStaff.common.overdue}
    </strong>
  );
}

/** The message of an AppError code, with a contact's state in words. */
export function conflictMessage(lang: Lang, code: ErrorCode, params: Record<string, string | number>) {
  const states = translations(lang).contacts.state as Record<string, string>;
  const state = typeof params.state === 'string' ? (states[params.state] ?? params.state) : undefined;
  return errorMessage(lang, code, state ? { ...params, state } : params);
}
