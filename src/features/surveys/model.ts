/**
 * The survey's rules, as pure functions of their input (no database, no clock but the one
 * passed in): what a builder form, an answer form and a recipient list may hold, and whether a
 * survey is open on a day. Each form is checked with a zod schema at the edge; a problem comes
 * back as a coded FieldProblem beside its field (`survey.title_required`, …), never half saved.
 */
import { z } from 'zod';
import type { ErrorCode } from '../../i18n/index.ts';
import type {
  LocalizedText,
  SurveyAudience,
  SurveyQuestionKind,
  SurveyState,
} from '../../platform/db/types.ts';
import { isEmailAddress } from '../../platform/email.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { hasForbiddenCharacters } from '../../platform/text.ts';

export const AUDIENCES = ['clients', 'professionals'] as const satisfies readonly SurveyAudience[];
export const QUESTION_KINDS = [
  'single',
  'multiple',
  'scale',
  'text',
] as const satisfies readonly SurveyQuestionKind[];
export const TEXT_LANGS = ['fi', 'sv', 'en'] as const;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 20;
export const MAX_QUESTIONS = 50;
export const SCALE_VALUES = [1, 2, 3, 4, 5] as const;
export const TITLE_MAX = 200;
export const INTRO_MAX = 2000;
export const QUESTION_MAX = 500;
export const OPTION_MAX = 200;
export const ANSWER_TEXT_MAX = 2000;
export const MAX_RECIPIENTS = 500;
/** free texts are listed only from this many responses on (a single answer must not stand out) */
export const MIN_RESPONSES_FOR_TEXTS = 5;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** What a form posted: a field is a text, or a list (checkboxes). */
export type Posted = Record<string, unknown>;

const problem = (field: string, code: ErrorCode, params?: Record<string, string | number>): FieldProblem =>
  params ? { field, code, params } : { field, code };

/** A form field as one trimmed text ('' when absent or a list). */
export function field(values: Posted, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** A form field as a list of texts (a checkbox group). */
export function fieldList(values: Posted, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** A zod issue's message is the error code; its first path element is the field. */
function problemsOf(error: z.ZodError): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    const fieldName = String(issue.path[0] ?? 'form');
    if (seen.has(fieldName)) continue;
    seen.add(fieldName);
    const [code, max] = issue.message.split('|');
    out.push(problem(fieldName, code as ErrorCode, max ? { max: Number(max) } : undefined));
  }
  return out;
}

const text = (max: number, multiLine: boolean) =>
  z
    .string()
    .max(max, `request.too_long|${max}`)
    .refine((s) => !hasForbiddenCharacters(s, { multiLine }), 'request.control_characters');

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'survey.date_required')
  .refine(isCalendarDay, 'survey.date_required');

function isCalendarDay(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

// ---------------------------------------------------------------- the survey's settings

export interface SurveySettings {
  audience: SurveyAudience;
  title: LocalizedText;
  intro: LocalizedText;
  opensOn: string;
  closesOn: string;
}

const settingsSchema = z
  .object({
    audience: z.enum(AUDIENCES, 'request.invalid_value'),
    title_fi: text(TITLE_MAX, false).min(1, 'survey.title_required'),
    title_sv: text(TITLE_MAX, false),
    title_en: text(TITLE_MAX, false),
    intro_fi: text(INTRO_MAX, true),
    intro_sv: text(INTRO_MAX, true),
    intro_en: text(INTRO_MAX, true),
    opensOn: day,
    closesOn: day,
  })
  .refine((s) => s.closesOn >= s.opensOn, { message: 'survey.close_before_open', path: ['closesOn'] });

/** A localized text from its three fields (sv and en only when given). */
function localized(values: Record<string, string>, prefix: string): LocalizedText {
  const out: LocalizedText = { fi: values[`${prefix}_fi`] ?? '' };
  for (const lang of ['sv', 'en'] as const) {
    const v = values[`${prefix}_${lang}`];
    if (v) out[lang] = v;
  }
  return out;
}

export function settingsFromInput(values: Posted): Parsed<SurveySettings> {
  const names = ['audience', 'opensOn', 'closesOn'];
  const raw: Record<string, string> = {};
  for (const n of names) raw[n] = field(values, n);
  for (const lang of TEXT_LANGS) {
    raw[`title_${lang}`] = field(values, `title_${lang}`);
    raw[`intro_${lang}`] = field(values, `intro_${lang}`);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return {
    ok: true,
    value: {
      audience: parsed.data.audience,
      title: localized(raw, 'title'),
      intro: localized(raw, 'intro'),
      opensOn: parsed.data.opensOn,
      closesOn: parsed.data.closesOn,
    },
  };
}

// ---------------------------------------------------------------- a question

export interface QuestionInput {
  kind: SurveyQuestionKind;
  text: LocalizedText;
  options: LocalizedText[];
  required: boolean;
}

const questionSchema = z.object({
  kind: z.enum(QUESTION_KINDS, 'request.invalid_value'),
  text_fi: text(QUESTION_MAX, false).min(1, 'survey.question_text_required'),
  text_sv: text(QUESTION_MAX, false),
  text_en: text(QUESTION_MAX, false),
  options_fi: text(OPTION_MAX * MAX_OPTIONS, true),
  options_sv: text(OPTION_MAX * MAX_OPTIONS, true),
  options_en: text(OPTION_MAX * MAX_OPTIONS, true),
});

const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

/**
 * A question from its form: the text in fi (sv, en optional), the kind, whether an answer is
 * required, and for a choice question 2–20 options, one per line (the sv and en lines, when
 * given, as many as the Finnish ones).
 */
export function questionFromInput(values: Posted): Parsed<QuestionInput> {
  const raw: Record<string, string> = { kind: field(values, 'kind') };
  for (const lang of TEXT_LANGS) {
    raw[`text_${lang}`] = field(values, `text_${lang}`);
    raw[`options_${lang}`] = field(values, `options_${lang}`);
  }
  const parsed = questionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const kind = parsed.data.kind;
  const base = { kind, text: localized(raw, 'text'), required: field(values, 'required') === 'true' };
  if (kind === 'scale' || kind === 'text') return { ok: true, value: { ...base, options: [] } };
  const fi = lines(parsed.data.options_fi);
  if (fi.length < MIN_OPTIONS)
    return {
      ok: false,
      problems: [problem('options_fi', 'survey.choice_needs_options', { min: MIN_OPTIONS })],
    };
  if (fi.length > MAX_OPTIONS)
    return { ok: false, problems: [problem('options_fi', 'survey.too_many_options', { max: MAX_OPTIONS })] };
  const tooLong = fi.findIndex((o) => o.length > OPTION_MAX);
  if (tooLong >= 0)
    return { ok: false, problems: [problem('options_fi', 'request.too_long', { max: OPTION_MAX })] };
  const problems: FieldProblem[] = [];
  const other: Partial<Record<'sv' | 'en', string[]>> = {};
  for (const lang of ['sv', 'en'] as const) {
    const given = lines(parsed.data[`options_${lang}`]);
    if (given.length === 0) continue;
    if (given.length !== fi.length || given.some((o) => o.length > OPTION_MAX))
      problems.push(problem(`options_${lang}`, 'survey.options_mismatch', { count: fi.length }));
    else other[lang] = given;
  }
  if (problems.length > 0) return { ok: false, problems };
  const options = fi.map((o, i) => {
    const option: LocalizedText = { fi: o };
    for (const lang of ['sv', 'en'] as const) {
      const v = other[lang]?.[i];
      if (v) option[lang] = v;
    }
    return option;
  });
  return { ok: true, value: { ...base, options } };
}

// ---------------------------------------------------------------- publishing, answering

export interface QuestionView {
  id: string;
  position: number;
  kind: SurveyQuestionKind;
  text: LocalizedText;
  options: LocalizedText[];
  required: boolean;
}

/** Why a draft cannot be published (nothing changes then), or null. */
export function publishProblem(
  survey: { closesOn: string },
  questionCount: number,
  today: string,
): FieldProblem | null {
  if (questionCount === 0) return problem('questions', 'survey.no_questions');
  if (survey.closesOn < today) return problem('closesOn', 'survey.closes_in_past');
  return null;
}

export type Openness = 'open' | 'not_yet_open' | 'closed';

/** Whether a published survey takes answers on a day (Europe/Helsinki), both ends included. */
export function openness(
  survey: { state: SurveyState; opensOn: string; closesOn: string },
  today: string,
): Openness {
  if (survey.state !== 'published' || today > survey.closesOn) return 'closed';
  if (today < survey.opensOn) return 'not_yet_open';
  return 'open';
}

export interface AnswerInput {
  questionId: string;
  choices: number[] | null;
  scale: number | null;
  text: string | null;
}

/** The field of a question on the answer form. */
export const answerField = (questionId: string) => `q-${questionId}`;

/**
 * The answers of a posted form, question by question: a choice is an option's index, a scale
 * value 1–5, a text at most 2,000 characters; a required question left empty is
 * `survey.answer_required` beside it. Fields of no question are ignored.
 */
export function answersFromInput(questions: readonly QuestionView[], values: Posted): Parsed<AnswerInput[]> {
  const problems: FieldProblem[] = [];
  const answers: AnswerInput[] = [];
  for (const q of questions) {
    const name = answerField(q.id);
    const given = fieldList(values, name)
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    if (given.length === 0) {
      if (q.required) problems.push(problem(name, 'survey.answer_required'));
      continue;
    }
    if (q.kind === 'text') {
      const t = given.join('\n');
      if (t.length > ANSWER_TEXT_MAX)
        problems.push(problem(name, 'request.too_long', { max: ANSWER_TEXT_MAX }));
      else if (hasForbiddenCharacters(t, { multiLine: true }))
        problems.push(problem(name, 'request.control_characters'));
      else answers.push({ questionId: q.id, choices: null, scale: null, text: t });
      continue;
    }
    const numbers = given.map((v) => (/^\d{1,2}$/.test(v) ? Number(v) : Number.NaN));
    if (q.kind === 'scale') {
      const n = numbers[0] ?? Number.NaN;
      if (given.length !== 1 || !(SCALE_VALUES as readonly number[]).includes(n))
        problems.push(problem(name, 'survey.invalid_choice'));
      else answers.push({ questionId: q.id, choices: null, scale: n, text: null });
      continue;
    }
    const valid = numbers.every((n) => Number.isInteger(n) && n >= 0 && n < q.options.length);
    const unique = [...new Set(numbers)].sort((a, b) => a - b);
    if (!valid || (q.kind === 'single' && given.length !== 1))
      problems.push(problem(name, 'survey.invalid_choice'));
    else answers.push({ questionId: q.id, choices: unique, scale: null, text: null });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: answers };
}

// ---------------------------------------------------------------- sending

/**
 * The addresses a manager pasted, one per line (blank lines skipped, duplicates once, kept in
 * lower case): a line that is no e-mail address is `survey.invalid_address` naming the line.
 */
export function recipientsFromInput(value: string): Parsed<string[]> {
  const rows = value.split(/\r?\n/);
  const out = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const address = row.trim().toLowerCase();
    if (!address) continue;
    if (!isEmailAddress(address))
      return { ok: false, problems: [problem('addresses', 'survey.invalid_address', { line: i + 1 })] };
    out.add(address);
  }
  if (out.size > MAX_RECIPIENTS)
    return {
      ok: false,
      problems: [problem('addresses', 'survey.too_many_recipients', { max: MAX_RECIPIENTS })],
    };
  return { ok: true, value: [...out] };
}

/** The text of a localized value in a language, Finnish when it has none; and which language it is. */
export function inLang(
  text: LocalizedText,
  lang: 'fi' | 'sv' | 'en',
): { value: string; lang: 'fi' | 'sv' | 'en' } {
  const v = text[lang];
  return v ? { value: v, lang } : { value: text.fi, lang: 'fi' };
}
