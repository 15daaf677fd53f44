/**
 * The handoff pages' forms as posted, turned into the domain's input and checked with the
 * domain's own schemas (../schema.ts), each problem named by the form field it belongs to; the
 * situation the suggestions are asked for (from the contact's mapping, the contact itself, or
 * the counsellor's adjustments); and a Helsinki wall-clock date and time as an instant.
 */
import type { ErrorCode } from '../../../i18n/index.ts';
import type { Urgency } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { zodProblems } from '../../../platform/http/validation.ts';
import type { ContactDetail, FormValues } from '../../contacts/index.ts';
import type { Situation } from '../../matching/index.ts';
import type { NewHandoff, TransitionInput } from '../handoffs.ts';
import { handoffInputSchema, transitionBodies } from '../schema.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const one = (values: FormValues, name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const orUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/** Problems by form field: a nested path is its field, and only the first problem of each. */
function byField(problems: FieldProblem[], rename: Record<string, string> = {}): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const p of problems) {
    const path = p.field.split('.')[0] ?? p.field;
    const field = rename[path] ?? path;
    if (!out.some((o) => o.field === field)) out.push({ ...p, field });
  }
  return out;
}

// ---------------------------------------------------------------- Helsinki wall-clock time

const TIME_ZONE = 'Europe/Helsinki';
const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Helsinki's wall clock: { date: '2026-11-26', time: '14:05' }. */
export function helsinkiWallClock(instant: Date): { date: string; time: string } {
  const parts = wallClock.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
  };
}

/** How far ahead of UTC Helsinki's clock is at an instant (ms): 2 h in winter, 3 h in summer. */
function helsinkiOffset(ms: number): number {
  const { date, time } = helsinkiWallClock(new Date(ms));
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, h ?? 0, min ?? 0) - Math.floor(ms / 60_000) * 60_000;
}

export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 14:05 as a time input sends it; 14.05 and 9.30 as a Finn types it where there is no time picker. */
export const TIME_PATTERN = /^(\d{1,2})[:.](\d{2})$/;

/**
 * A date ('2026-11-26') and a time ('14:05') on Helsinki's clock as an instant, summer time
 * included: 'invalid' for a date or time that is not one, 'missing' for a time that does not
 * exist on that day (the hour skipped when summer time begins). A time that happens twice (the
 * hour repeated when it ends) is the later one, in winter time.
 */
export function helsinkiInstant(date: string, time: string): Date | 'invalid' | 'missing' {
  const d = DATE_PATTERN.exec(date.trim());
  const t = TIME_PATTERN.exec(time.trim());
  if (!d || !t) return 'invalid';
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return 'invalid';
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return 'invalid';
  // the wall clock read as UTC, less each offset Helsinki has around that day (winter and
  // summer time); the instants whose Helsinki clock shows the date and time asked are the answers
  const wanted = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const offsets = new Set([-1, 0, 1].map((days) => helsinkiOffset(asUtc + days * 86_400_000)));
  const matches = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((ms) => {
      const back = helsinkiWallClock(new Date(ms));
      return back.date === date.trim() && back.time === wanted;
    });
  if (matches.length === 0) return 'missing';
  return new Date(Math.max(...matches));
}

// ---------------------------------------------------------------- the situation

/** Languages the situation may name (the matching's reason texts know these). */
export const SITUATION_LANGUAGES = ['fi', 'sv', 'en', 'se', 'ru', 'ar', 'so', 'uk', 'fa', 'et'] as const;

/** The adjustment form's values as the query brings them (anything unknown left out). */
export interface SituationQuery {
  adjust?: string;
  municipality?: string;
  ages?: string;
  topics?: string | string[];
  language?: string;
  remote?: string;
  methods?: string | string[];
}

export interface SituationForm {
  /** the situation asked for; null when it cannot be (no municipality) */
  situation: Situation | null;
  /** the mapping it came from (its time), or null: from the contact itself */
  mappedAt: Date | null;
  /** the counsellor changed it (the query) */
  adjusted: boolean;
  /** the adjustment form's values */
  values: FormValues;
  problems: FieldProblem[];
}

const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);
const RANK: Record<Urgency, number> = { normal: 0, urgent: 1, emergency: 2 };
const higher = (a: Urgency, b: Urgency): Urgency => (RANK[b] > RANK[a] ? b : a);

/**
 * The situation of a contact: from its latest mapping (children's ages, topics, who contacted,
 * and the safety screen: violence or a concern for the child's safety makes it at least
 * urgent), or without one from the contact itself; the municipality, language and urgency
 * from the contact. The counsellor's adjustments (the query, with adjust=1) replace the
 * municipality, ages, topics, language, remote and methods; codes the reference data does not
 * know are left out (known: the lists given).
 */
export function situationOf(
  contact: ContactDetail,
  query: SituationQuery,
  known: { municipalities: Set<string>; topics: Set<string>; methods: Set<string> },
): SituationForm {
  const mappings = contact.entries
    .filter((e) => e.type === 'mapping')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const mapping = mappings[0];
  const content = mapping?.content ?? {};
  const safety = (content.safety ?? {}) as Record<string, unknown>;
  const mappedAges = Array.isArray(content.childAges) ? content.childAges.map(Number) : null;
  const mappedTopics = Array.isArray(content.topics) ? content.topics.map(String) : null;
  const contacter =
    content.contacter === 'parent' ||
    content.contacter === 'young_person' ||
    content.contacter === 'professional'
      ? content.contacter
      : (contact.contacter as Situation['contacter']);
  let urgency = contact.urgency as Urgency;
  if (safety.violence === 'yes' || safety.childSafetyConcern === 'yes') urgency = higher(urgency, 'urgent');

  const base = {
    municipality: contact.municipalityCode ?? '',
    ages: mappedAges ?? contact.childAges,
    topics: mappedTopics ?? contact.topics,
    language: contact.language as string,
    remote: false,
    methods: [] as string[],
  };
  const adjusted = query.adjust === '1';
  const problems: FieldProblem[] = [];
  let ages = base.ages;
  let values: FormValues = {
    municipality: base.municipality,
    ages: base.ages.join(', '),
    topics: base.topics,
    language: base.language,
    remote: 'no',
    methods: [],
  };
  let situation = { ...base };
  if (adjusted) {
    const municipality = (query.municipality ?? '').trim();
    const agesText = (query.ages ?? '').slice(0, 100);
    const parts = agesText.split(/[\s,;]+/).filter(Boolean);
    const parsedAges = parts.every((p) => /^\d{1,2}$/.test(p) && Number(p) <= 17) ? parts.map(Number) : null;
    if (parsedAges === null) problems.push({ field: 'ages', code: 'contact.age_invalid' });
    else if (parsedAges.length > 10) problems.push({ field: 'ages', code: 'contact.too_many_children' });
    ages = parsedAges && parsedAges.length <= 10 ? parsedAges : base.ages;
    const topics = [...new Set(list(query.topics).filter((c) => known.topics.has(c)))].slice(0, 12);
    const methods = [...new Set(list(query.methods).filter((c) => known.methods.has(c)))].slice(0, 16);
    const language = (SITUATION_LANGUAGES as readonly string[]).includes(query.language ?? '')
      ? (query.language as string)
      : base.language;
    situation = {
      municipality: known.municipalities.has(municipality) ? municipality : '',
      ages,
      topics,
      language,
      remote: query.remote === 'yes',
      methods,
    };
    values = {
      municipality: situation.municipality,
      ages: agesText,
      topics,
      language,
      remote: situation.remote ? 'yes' : 'no',
      methods,
    };
  }
  if (!known.municipalities.has(situation.municipality)) {
    problems.push({ field: 'municipality', code: 'matching.unknown_municipality', params: { value: '' } });
  }
  return {
    situation:
      known.municipalities.has(situation.municipality) && problems.length === 0
        ? {
            municipality: situation.municipality,
            childAges: situation.ages,
            topics: situation.topics,
            language: situation.language,
            urgency,
            contacter,
            remote: situation.remote,
            ...(situation.methods.length > 0 ? { methods: situation.methods } : {}),
          }
        : null,
    mappedAt: mapping ? mapping.createdAt : null,
    adjusted,
    values,
    problems,
  };
}

/** The adjusted situation as a query string ('' when it is the contact's own). */
export function situationSearch(form: SituationForm): string {
  if (!form.adjusted) return '';
  const params = new URLSearchParams({ adjust: '1' });
  const add = (name: string) => {
    const v = form.values[name];
    for (const x of Array.isArray(v) ? v : [v ?? '']) params.append(name, x);
  };
  for (const name of ['municipality', 'ages', 'topics', 'language', 'remote', 'methods']) add(name);
  return `?${params.toString()}`;
}

/**
 * What the handover form starts with: the mapping's description and notes and the latest
 * advice given (the receiver reads what the counsellor already knows).
 */
export function summaryOf(contact: ContactDetail): string {
  const latest = (type: 'mapping' | 'advice') =>
    contact.entries
      .filter((e) => e.type === type)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]?.content ?? {};
  const mapping = latest('mapping');
  const advice = latest('advice');
  const safety = (mapping.safety ?? {}) as Record<string, unknown>;
  return [mapping.familyDescription, mapping.notes, safety.notes, advice.text]
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .join('\n\n')
    .slice(0, 4000);
}

// ---------------------------------------------------------------- the forms

/** "Hand over to this service": the domain's schema, the reasons as shown (JSON), the unit or none. */
export function handoverFromForm(values: FormValues, contactId: string): Parsed<NewHandoff> {
  const problems: FieldProblem[] = [];
  let matchReasons: unknown = null;
  const reasons = one(values, 'matchReasons');
  if (reasons.trim() !== '') {
    try {
      matchReasons = JSON.parse(reasons);
    } catch {
      problems.push({ field: 'matchReasons', code: 'request.invalid_value' });
    }
  }
  const unit = one(values, 'targetUnitId');
  const parsed = handoffInputSchema.safeParse({
    handoffId: one(values, 'handoffId'),
    contactId,
    targetServiceId: one(values, 'targetServiceId'),
    targetUnitId: unit === '' ? null : unit,
    summary: one(values, 'summary'),
    familyAgreement: orUndefined(one(values, 'familyAgreement')),
    matchReasons,
  });
  if (!parsed.success) problems.push(...zodProblems(parsed.error));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: byField(problems) };
  return { ok: true, value: parsed.data };
}

/** The steps of the loop a page form posts (the last part of its address). */
export const STEPS = ['accept', 'appointment', 'first-visit', 'complete', 'decline', 'cancel'] as const;
export type Step = (typeof STEPS)[number];

const timeProblem = (result: 'invalid' | 'missing', field: string, empty: boolean): FieldProblem => ({
  field,
  code: (empty
    ? 'handoff.appointment_required'
    : result === 'missing'
      ? 'handoff.appointment_time_invalid'
      : 'request.invalid_date') satisfies ErrorCode,
});

/** One step as posted, checked with the domain's schema of that step. */
export function stepFromForm(step: Step, values: FormValues): Parsed<TransitionInput> {
  switch (step) {
    case 'accept':
      return { ok: true, value: { transition: 'accept' } };
    case 'first-visit':
      return { ok: true, value: { transition: 'first_visit_held' } };
    case 'complete':
      return { ok: true, value: { transition: 'complete' } };
    case 'appointment': {
      const date = one(values, 'date');
      const time = one(values, 'time');
      const problems: FieldProblem[] = [];
      if (!DATE_PATTERN.test(date.trim())) problems.push(timeProblem('invalid', 'date', date.trim() === ''));
      if (!TIME_PATTERN.test(time.trim())) problems.push(timeProblem('invalid', 'time', time.trim() === ''));
      let at: Date | undefined;
      if (problems.length === 0) {
        const instant = helsinkiInstant(date, time);
        if (instant instanceof Date) at = instant;
        else problems.push(timeProblem(instant, instant === 'missing' ? 'time' : 'date', false));
      }
      const place = one(values, 'place').trim();
      const withWhom = one(values, 'with').trim();
      const parsed = transitionBodies.appointment.safeParse({
        appointmentAt: at ?? new Date(0),
        place: place === '' ? null : place,
        with: withWhom === '' ? null : withWhom,
      });
      if (!parsed.success) problems.push(...zodProblems(parsed.error));
      if (problems.length > 0 || !parsed.success || !at)
        return { ok: false, problems: byField(problems, { appointmentAt: 'date' }) };
      return {
        ok: true,
        value: {
          transition: 'set_appointment',
          appointmentAt: at,
          place: parsed.data.place ?? null,
          ...(parsed.data.with ? { with: parsed.data.with } : {}),
        },
      };
    }
    case 'decline': {
      const parsed = transitionBodies.decline.safeParse({
        reason: orUndefined(one(values, 'reason')),
        text: one(values, 'text'),
      });
      if (!parsed.success) return { ok: false, problems: byField(zodProblems(parsed.error)) };
      return {
        ok: true,
        value: { transition: 'decline', reason: parsed.data.reason, text: parsed.data.text },
      };
    }
    case 'cancel': {
      const parsed = transitionBodies.cancel.safeParse({ text: one(values, 'text') });
      if (!parsed.success) return { ok: false, problems: byField(zodProblems(parsed.error)) };
      return { ok: true, value: { transition: 'cancel', text: parsed.data.text } };
    }
  }
}

/** The domain's field names as this page's: the appointment's instant is its date and time. */
export function formFields(problems: FieldProblem[]): FieldProblem[] {
  return byField(problems, { appointmentAt: 'date' });
}
