/**
 * The counsellors' forms and their fields as posted: each form's values are turned into the
 * domain's input and checked with the domain's own schema (schema.ts), and each problem is
 * named by the form field it belongs to, so it is shown beside that field. The other way round,
 * stored content fills a form (a correction starts from the entry as it stands).
 */
import type { ReactNode } from 'react';
import type { ErrorCode, Lang } from '../../../i18n/index.ts';
import { translations } from '../../../i18n/index.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { IsolatedFormat } from '../../../ui/UserText.tsx';
import type { CatalogueOptions } from '../../catalogue/index.ts';
import {
  adviceSchema,
  CONTACTERS,
  type ContactInput,
  contactInputSchema,
  correctionReasonSchema,
  LAPSET_PUHEEKSI,
  loggedContactInputSchema,
  type MappingContent,
  mappingSchema,
  messageSchema,
  OUTCOMES,
  type OutcomeContent,
  outcomeSchema,
  problemsOf,
  SCREEN_ANSWERS,
} from '../schema.ts';
import type { ServiceChoice } from '../staff-views.ts';
import type { MappingTopicSuggestion } from '../topic-suggestions.ts';
import {
  Choices,
  type FieldNames,
  type FormCtx,
  type FormValues,
  label,
  many,
  one,
  SelectField,
  TextArea,
  TextField,
} from './StaffParts.tsx';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** "3, 7" → [3, 7]; null when a part is not a whole number of years 0–17. */
export function parseAges(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,2}$/.test(p) || Number(p) > 17)) return null;
  return parts.map(Number);
}

/**
 * The domain's problems as form fields: a nested path is the field it came from, list items are
 * their list, and a choice left empty is "fill in this" rather than "invalid value".
 */
function formProblems(
  problems: FieldProblem[],
  values: FormValues,
  rename: Record<string, string> = {},
): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const p of problems) {
    const path = p.field.replace(/\.\d+$/, '');
    const field = rename[path] ?? path;
    const empty = many(values, field).every((v) => v.trim() === '');
    const code: ErrorCode = empty && p.code === 'request.invalid_value' ? 'contact.required' : p.code;
    if (!out.some((o) => o.field === field)) out.push({ ...p, field, code });
  }
  return out;
}

const text = (values: FormValues, name: string) => one(values, name);
const orNull = (value: string) => (value.trim() === '' ? null : value);
const orUndefined = (value: string) => (value === '' ? undefined : value);

// ---------------------------------------------------------------- logging a call or a visit

export function loggedContactFromForm(values: FormValues): Parsed<{
  input: ContactInput;
  intake: { channel: 'phone' | 'walk_in'; urgency: 'normal' | 'urgent' | 'emergency' };
}> {
  const ages = parseAges(text(values, 'childAges'));
  const candidate = {
    idempotencyKey: text(values, 'idempotencyKey'),
    contacter: orUndefined(text(values, 'contacter')),
    municipality: orNull(text(values, 'municipality')),
    childAges: ages ?? [],
    topics: many(values, 'topics'),
    message: text(values, 'message'),
    name: orNull(text(values, 'name')),
    replyChannel: orUndefined(text(values, 'replyChannel')),
    phone: orNull(text(values, 'phone')),
    email: orNull(text(values, 'email')),
    reachTime: orUndefined(text(values, 'reachTime')),
    language: orUndefined(text(values, 'language')),
    safety: orUndefined(text(values, 'safety')),
  };
  const intake = loggedContactInputSchema.safeParse({
    channel: orUndefined(text(values, 'channel')),
    urgency: orUndefined(text(values, 'urgency')),
  });
  const input = contactInputSchema.safeParse(candidate);
  const problems = [
    ...(intake.success ? [] : problemsOf(intake.error)),
    ...(input.success ? [] : problemsOf(input.error)),
    ...(ages === null ? [{ field: 'childAges', code: 'contact.age_invalid' as const }] : []),
  ];
  if (problems.length > 0 || !input.success || !intake.success)
    return { ok: false, problems: formProblems(problems, values) };
  return { ok: true, value: { input: input.data, intake: intake.data } };
}

// ---------------------------------------------------------------- situation mapping

const MAPPING_RENAME = {
  'safety.violence': 'violence',
  'safety.childSafetyConcern': 'childSafetyConcern',
  'safety.substanceUse': 'substanceUse',
  'safety.notes': 'safetyNotes',
};

export function mappingFromForm(values: FormValues): Parsed<MappingContent> {
  const ages = parseAges(text(values, 'childAges'));
  const parsed = mappingSchema.safeParse({
    contacter: orUndefined(text(values, 'contacter')),
    familyDescription: orNull(text(values, 'familyDescription')),
    childAges: ages ?? [],
    topics: many(values, 'topics'),
    safety: {
      violence: orUndefined(text(values, 'violence')),
      childSafetyConcern: orUndefined(text(values, 'childSafetyConcern')),
      substanceUse: orUndefined(text(values, 'substanceUse')),
      notes: orNull(text(values, 'safetyNotes')),
    },
    earlierServices: many(values, 'earlierServices'),
    earlierServicesNotes: orNull(text(values, 'earlierServicesNotes')),
    lapsetPuheeksi: orUndefined(text(values, 'lapsetPuheeksi')),
    notes: orNull(text(values, 'notes')),
  });
  const problems = [
    ...(parsed.success ? [] : problemsOf(parsed.error)),
    ...(ages === null ? [{ field: 'childAges', code: 'contact.age_invalid' as const }] : []),
  ];
  if (problems.length > 0 || !parsed.success)
    return { ok: false, problems: formProblems(problems, values, MAPPING_RENAME) };
  return { ok: true, value: parsed.data };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

export function mappingToForm(content: Record<string, unknown>): FormValues {
  const safety = (content.safety ?? {}) as Record<string, unknown>;
  return {
    contacter: str(content.contacter),
    familyDescription: str(content.familyDescription),
    childAges: strs(content.childAges).join(', '),
    topics: strs(content.topics),
    violence: str(safety.violence),
    childSafetyConcern: str(safety.childSafetyConcern),
    substanceUse: str(safety.substanceUse),
    safetyNotes: str(safety.notes),
    earlierServices: strs(content.earlierServices),
    earlierServicesNotes: str(content.earlierServicesNotes),
    lapsetPuheeksi: str(content.lapsetPuheeksi),
    notes: str(content.notes),
  };
}

/** The mapping's fields by name, as their labels say them (the errors name them so). */
export function mappingNames(lang: Lang): FieldNames {
  const tm = translations(lang).contactStaff.mapping;
  return {
    contacter: { label: tm.contacter, choice: true },
    familyDescription: { label: tm.familyDescription },
    childAges: { label: tm.childAges },
    topics: { label: tm.topics, choice: true },
    violence: { label: tm.violence, choice: true },
    childSafetyConcern: { label: tm.childSafetyConcern, choice: true },
    substanceUse: { label: tm.substanceUse, choice: true },
    safetyNotes: { label: tm.safetyNotes },
    earlierServices: { label: tm.earlierServices, choice: true },
    earlierServicesNotes: { label: tm.earlierServicesNotes },
    lapsetPuheeksi: { label: tm.lapsetPuheeksi, choice: true },
    notes: { label: tm.notes },
  };
}

/**
 * The mapping's topics: those the family's own words suggest first, each with the words that
 * led to it (the counsellor accepts one by checking it), then the rest in alphabetical order.
 */
function mappingTopicChoices(
  lang: Lang,
  options: CatalogueOptions,
  suggestions: readonly MappingTopicSuggestion[],
): { choices: { value: string; label: ReactNode }[]; suggested: number } {
  const tm = translations(lang).contactStaff.mapping;
  const all = topicOptions(lang, options);
  const suggested = suggestions.flatMap((s) => {
    const o = all.find((x) => x.value === s.topic);
    return o
      ? [
          {
            value: o.value,
            label: (
              <>
                {o.label}{' '}
                <span className="meta" data-qa={`topic-suggestion-${o.value}`}>
                  <IsolatedFormat
                    template={tm.suggestedFrom}
                    params={{ words: s.words }}
                    isolate={['words']}
                  />
                </span>
              </>
            ),
          },
        ]
      : [];
  });
  const first = new Set(suggested.map((o) => o.value));
  return { choices: [...suggested, ...all.filter((o) => !first.has(o.value))], suggested: suggested.length };
}

export function MappingFields({
  ctx,
  options,
  suggestions = [],
}: {
  ctx: FormCtx;
  options: CatalogueOptions;
  /** topics suggested by the family's own words (a new mapping only) */
  suggestions?: readonly MappingTopicSuggestion[];
}) {
  const t = translations(ctx.lang);
  const tm = t.contactStaff.mapping;
  const topics = mappingTopicChoices(ctx.lang, options, suggestions);
  const answers = SCREEN_ANSWERS.map((a) => ({ value: a, label: tm.answers[a] }));
  return (
    <>
      <Choices
        ctx={ctx}
        name="contacter"
        legend={tm.contacter}
        required
        options={CONTACTERS.map((c) => ({ value: c, label: t.contacts.contacter[c] }))}
        layout="stack"
      />
      <TextArea
        ctx={ctx}
        name="familyDescription"
        label={tm.familyDescription}
        hint={tm.familyDescriptionHint}
        rows={3}
      />
      <TextField
        ctx={ctx}
        name="childAges"
        label={tm.childAges}
        hint={tm.childAgesHint}
        inputMode="numeric"
        autoComplete="off"
      />
      <Choices
        ctx={ctx}
        name="topics"
        legend={tm.topics}
        hint={topics.suggested > 0 ? tm.topicsSuggestedHint : undefined}
        type="checkbox"
        options={topics.choices}
      />
      <fieldset className="screen" id={`${ctx.id}-safety`}>
        <legend>{tm.safety}</legend>
        <Choices ctx={ctx} name="violence" legend={tm.violence} required options={answers} layout="row" />
        <Choices
          ctx={ctx}
          name="childSafetyConcern"
          legend={tm.childSafetyConcern}
          required
          options={answers}
          layout="row"
        />
        <Choices
          ctx={ctx}
          name="substanceUse"
          legend={tm.substanceUse}
          required
          options={answers}
          layout="row"
        />
        <TextArea ctx={ctx} name="safetyNotes" label={tm.safetyNotes} rows={2} />
      </fieldset>
      <Choices
        ctx={ctx}
        name="earlierServices"
        legend={tm.earlierServices}
        hint={tm.earlierServicesHint}
        type="checkbox"
        options={options.serviceTypes
          .map((s) => ({ value: s.code, label: label(s.name, ctx.lang) }))
          .sort((a, b) => a.label.localeCompare(b.label, ctx.lang))}
      />
      <TextArea ctx={ctx} name="earlierServicesNotes" label={tm.earlierServicesNotes} rows={2} />
      <Choices
        ctx={ctx}
        name="lapsetPuheeksi"
        legend={tm.lapsetPuheeksi}
        required
        options={LAPSET_PUHEEKSI.map((v) => ({ value: v, label: tm.lapsetPuheeksiValues[v] }))}
        layout="row"
      />
      <TextArea ctx={ctx} name="notes" label={tm.notes} rows={3} />
    </>
  );
}

export function topicOptions(lang: Lang, options: CatalogueOptions) {
  return options.topics
    .map((x) => ({ value: x.code, label: label(x.name, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
}

// ---------------------------------------------------------------- advice, messages, reasons

/** Advice given or a message to the family: one text, checked by the entry's schema. */
export function entryTextFromForm(values: FormValues, kind: 'advice' | 'message'): Parsed<{ text: string }> {
  const schema = kind === 'advice' ? adviceSchema : messageSchema;
  const parsed = schema.safeParse({ text: text(values, 'text') });
  if (!parsed.success) return { ok: false, problems: formProblems(problemsOf(parsed.error), values) };
  return { ok: true, value: parsed.data };
}

/** The reason of a correction or of reopening. */
export function reasonFromForm(values: FormValues): Parsed<string> {
  const parsed = correctionReasonSchema.safeParse(text(values, 'reason'));
  if (!parsed.success)
    return { ok: false, problems: formProblems(problemsOf(parsed.error), values, { body: 'reason' }) };
  return { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------- outcome

export function outcomeFromForm(
  values: FormValues,
  { withMessage }: { withMessage: boolean },
): Parsed<OutcomeContent> {
  const outcome = text(values, 'outcome');
  const visits = text(values, 'visits');
  const target = text(values, 'targetServiceId');
  const parsed = outcomeSchema.safeParse({
    outcome: orUndefined(outcome),
    // only what the outcome chosen uses: a service picked and then left is not recorded
    targetServiceId: outcome === 'guided_onward' ? orNull(target) : null,
    visits: outcome === 'visits_booked' && visits ? Number(visits) : null,
    note: orNull(text(values, 'note')),
    ...(withMessage ? { messageToFamily: orNull(text(values, 'messageToFamily')) } : {}),
  });
  if (!parsed.success) return { ok: false, problems: formProblems(problemsOf(parsed.error), values) };
  return { ok: true, value: parsed.data };
}

/** The outcome form's fields by name. */
export function outcomeNames(lang: Lang): FieldNames {
  const tl = translations(lang).contactStaff.close;
  return {
    outcome: { label: tl.outcome, choice: true },
    visits: { label: tl.visits, choice: true },
    targetServiceId: { label: tl.targetService, choice: true },
    note: { label: tl.note },
    messageToFamily: { label: tl.messageToFamily },
  };
}

export function outcomeToForm(content: Record<string, unknown>): FormValues {
  return {
    outcome: str(content.outcome),
    visits: content.visits ? String(content.visits) : '',
    targetServiceId: str(content.targetServiceId),
    note: str(content.note),
  };
}

export function OutcomeFields({
  ctx,
  services,
  withMessage,
  search,
}: {
  ctx: FormCtx;
  services: ServiceChoice[];
  withMessage: boolean;
  /** controls of a separate form that narrows the services, shown just above them */
  search?: ReactNode;
}) {
  const t = translations(ctx.lang);
  const tl = t.contactStaff.close;
  const byOrganization = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const s of services) {
    const org = label(s.organizationName, ctx.lang);
    const group = byOrganization.get(org) ?? { label: org, options: [] };
    group.options.push({ value: s.id, label: label(s.name, ctx.lang) });
    byOrganization.set(org, group);
  }
  const groups = [...byOrganization.values()].sort((a, b) => a.label.localeCompare(b.label, ctx.lang));
  for (const g of groups) g.options.sort((a, b) => a.label.localeCompare(b.label, ctx.lang));
  return (
    <>
      <Choices
        ctx={ctx}
        name="outcome"
        legend={tl.outcome}
        required
        options={OUTCOMES.map((o) => ({ value: o, label: t.contacts.outcome[o] }))}
        layout="stack"
      />
      <SelectField
        ctx={ctx}
        name="visits"
        label={tl.visits}
        hint={tl.visitsHint}
        options={[
          { value: '', label: t.contactStaff.common.choose },
          { value: '1', label: '1' },
          { value: '2', label: '2' },
          { value: '3', label: '3' },
        ]}
      />
      {search}
      <SelectField
        ctx={ctx}
        name="targetServiceId"
        label={tl.targetService}
        hint={tl.targetServiceHint}
        options={[{ value: '', label: tl.noService }]}
        groups={groups}
      />
      <TextArea ctx={ctx} name="note" label={tl.note} rows={3} />
      {withMessage ? (
        <TextArea
          ctx={ctx}
          name="messageToFamily"
          label={tl.messageToFamily}
          hint={tl.messageToFamilyHint}
          rows={3}
        />
      ) : null}
    </>
  );
}
