/**
 * What a consultation form or API call sends, checked into what the use cases take: every
 * problem with its field and code (shown beside the field, listed in the API's error), nothing
 * read from the database here. The unit, the consent's registries and the state are checked
 * by the use cases.
 */
import type { FieldProblem } from '../../platform/errors.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { hasForbiddenCharacters } from '../../platform/text.ts';
import { helsinkiDate, helsinkiMinutes } from '../../platform/working-days.ts';
import { RECORDED_CHANNELS, type RecordedChannel } from '../consent/index.ts';
import {
  CONSULTATION_KINDS,
  hasBidiControls,
  NAME_MAX,
  OUTCOMES,
  PLACE_MAX,
  QUESTION_MAX,
  REFERENCE_MAX,
} from './model.ts';

export type Raw = Record<string, unknown>;

export interface ConsultationInput {
  /** the new consultation's id (a form sent twice makes one) */
  id: string;
  kind: 'consultation' | 'cowork';
  identified: boolean;
  question: string;
  /** the sender confirmed that the text does not identify the family */
  notIdentifying: boolean;
  familyName: string | null;
  consentKind: 'written' | 'verbal' | null;
  consentGivenOn: string | null;
  consentReference: string | null;
  coworkAt: Date | null;
  coworkPlace: string | null;
  unitId: string | null;
}

const str = (raw: Raw, name: string): string => {
  const v = raw[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : typeof v === 'boolean' || typeof v === 'number' ? String(v) : '';
};
const yes = (raw: Raw, name: string) => ['true', 'on', 'yes', '1'].includes(str(raw, name));

type Code = FieldProblem['code'];

/** A text field's problem: missing, too long, or characters we do not store. */
export function textProblem(
  value: string,
  { max, multiLine, required = true }: { max: number; multiLine: boolean; required?: boolean },
): Code | null {
  if (hasForbiddenCharacters(value, { multiLine }) || hasBidiControls(value))
    return 'consultation.control_characters';
  if (value.trim() === '') return required ? 'consultation.text_required' : null;
  if (value.trim().length > max) return 'consultation.text_too_long';
  return null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2})[:.](\d{2})$/;

function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * A time on Helsinki's clock ('2026-11-26T14:05', as a datetime-local input sends it) as an
 * instant, summer time included; null when it is no such time (or the hour skipped in spring).
 */
export function helsinkiLocal(value: string): Date | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [, day = '', h = '', min = ''] = m;
  const hour = Number(h);
  const minute = Number(min);
  if (!isDay(day) || hour > 23 || minute > 59) return null;
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, hour, minute);
  // Helsinki is 2 h (winter) or 3 h (summer) ahead of UTC: the later instant when a time repeats
  for (const offsetHours of [2, 3]) {
    const instant = new Date(asUtc - offsetHours * 3_600_000);
    if (helsinkiDate(instant) === day && helsinkiMinutes(instant) === hour * 60 + minute) return instant;
  }
  return null;
}

/** The new consultation's fields, or the problems beside them. */
export function consultationFromInput(
  raw: Raw,
  now: Date,
): { ok: true; value: ConsultationInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, code: Code | null) => {
    if (code) problems.push({ field, code });
  };
  const kind = str(raw, 'kind');
  if (!(CONSULTATION_KINDS as readonly string[]).includes(kind)) problem('kind', 'consultation.choose_one');
  const about = str(raw, 'about');
  if (about !== 'anonymous' && about !== 'identified') problem('about', 'consultation.choose_one');
  const identified = about === 'identified';
  const question = str(raw, 'question');
  problem('question', textProblem(question, { max: QUESTION_MAX, multiLine: true }));

  let familyName: string | null = null;
  let consentKind: 'written' | 'verbal' | null = null;
  let consentGivenOn: string | null = null;
  let consentReference: string | null = null;
  if (identified) {
    const name = str(raw, 'familyName');
    problem('familyName', textProblem(name, { max: NAME_MAX, multiLine: false }));
    familyName = name.trim();
    const ck = str(raw, 'consentKind');
    if (ck === 'written' || ck === 'verbal') consentKind = ck;
    else problem('consentKind', 'consultation.consent_required');
    const given = str(raw, 'consentGivenOn').trim();
    if (given === '') problem('consentGivenOn', 'consultation.consent_required');
    else if (!isDay(given)) problem('consentGivenOn', 'consultation.date_invalid');
    else if (given > helsinkiDate(now)) problem('consentGivenOn', 'consultation.consent_in_future');
    else consentGivenOn = given;
    const ref = str(raw, 'consentReference');
    problem('consentReference', textProblem(ref, { max: REFERENCE_MAX, multiLine: false, required: false }));
    consentReference = ref.trim() || null;
  }

  let coworkAt: Date | null = null;
  let coworkPlace: string | null = null;
  let unitId: string | null = null;
  if (kind === 'cowork') {
    const at = str(raw, 'coworkAt').trim();
    if (at === '') problem('coworkAt', 'consultation.text_required');
    else {
      const instant = helsinkiLocal(at);
      if (!instant) problem('coworkAt', 'consultation.date_invalid');
      else if (instant.getTime() <= now.getTime()) problem('coworkAt', 'consultation.time_in_past');
      else coworkAt = instant;
    }
    const place = str(raw, 'coworkPlace');
    problem('coworkPlace', textProblem(place, { max: PLACE_MAX, multiLine: false }));
    coworkPlace = place.trim();
    const unit = str(raw, 'unitId').trim();
    if (unit !== '') {
      if (!UUID_PATTERN.test(unit)) problem('unitId', 'consultation.unit_unknown');
      else unitId = unit.toLowerCase();
    }
  }
  const rawId = str(raw, 'consultationId');
  const id = UUID_PATTERN.test(rawId) ? rawId.toLowerCase() : crypto.randomUUID();
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      id,
      kind: kind as ConsultationInput['kind'],
      identified,
      question: question.trim(),
      notIdentifying: yes(raw, 'notIdentifying'),
      familyName,
      consentKind,
      consentGivenOn,
      consentReference,
      coworkAt,
      coworkPlace,
      unitId,
    },
  };
}

/** A step on a consultation: claim, answer (written or a call), accept, decline, reply, close. */
export type StepInput =
  | { step: 'claim' }
  | { step: 'answer'; answerKind: 'written' | 'call'; body: string; callAt: Date | null }
  | { step: 'accept'; body: string }
  | { step: 'decline'; body: string }
  | { step: 'reply'; body: string }
  | { step: 'close'; outcome: (typeof OUTCOMES)[number]; body: string };

export const STEP_NAMES = ['claim', 'answer', 'accept', 'decline', 'reply', 'close'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** A step's fields, or the problems beside them. */
export function stepFromInput(
  step: StepName,
  raw: Raw,
  now: Date,
): { ok: true; value: StepInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const body = str(raw, 'body');
  const bodyProblem = (required: boolean) => {
    const code = textProblem(body, { max: QUESTION_MAX, multiLine: true, required });
    if (code)
      problems.push({
        field: 'body',
        code:
          step === 'decline' && code === 'consultation.text_required' ? 'consultation.reason_required' : code,
      });
  };
  let value: StepInput;
  switch (step) {
    case 'claim':
      value = { step };
      break;
    case 'answer': {
      const answerKind = str(raw, 'answerKind') === 'call' ? 'call' : 'written';
      let callAt: Date | null = null;
      if (answerKind === 'call') {
        const at = str(raw, 'callAt').trim();
        const instant = at === '' ? null : helsinkiLocal(at);
        if (at === '') problems.push({ field: 'callAt', code: 'consultation.text_required' });
        else if (!instant) problems.push({ field: 'callAt', code: 'consultation.date_invalid' });
        else if (instant.getTime() <= now.getTime())
          problems.push({ field: 'callAt', code: 'consultation.time_in_past' });
        else callAt = instant;
      }
      bodyProblem(true);
      value = { step, answerKind, body: body.trim(), callAt };
      break;
    }
    case 'close': {
      const outcome = str(raw, 'outcome');
      if (!(OUTCOMES as readonly string[]).includes(outcome))
        problems.push({ field: 'outcome', code: 'consultation.choose_one' });
      bodyProblem(false);
      value = { step, outcome: outcome as (typeof OUTCOMES)[number], body: body.trim() };
      break;
    }
    default:
      bodyProblem(true);
      value = { step, body: body.trim() };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** The family's withdrawal of its consent, as the requester records it: how they told, and why. */
export function consentWithdrawalFromInput(
  raw: Raw,
):
  | { ok: true; value: { channel: RecordedChannel; reason: string | null } }
  | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const channel = str(raw, 'channel');
  if (!(RECORDED_CHANNELS as readonly string[]).includes(channel))
    problems.push({ field: 'channel', code: 'consultation.withdrawal_channel_required' });
  const reason = str(raw, 'reason');
  const reasonCode = textProblem(reason, { max: 500, multiLine: false, required: false });
  if (reasonCode) problems.push({ field: 'reason', code: reasonCode });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { channel: channel as RecordedChannel, reason: reason.trim() || null } };
}
