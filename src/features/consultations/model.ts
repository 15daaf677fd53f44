/**
 * The consultation's pure rules (capability 7): its state machine, the clock of a request that
 * nobody claims (expiry), and the check that an anonymous request's text does not identify
 * the family. No database, no clock read here: `now` and `today` are passed in.
 */
import type { ConsultationKind, ConsultationOutcome, ConsultationState } from '../../platform/db/types.ts';
import { addWorkingDays } from '../../platform/working-days.ts';

export const CONSULTATION_KINDS = ['consultation', 'cowork'] as const satisfies readonly ConsultationKind[];
export const OUTCOMES = [
  'advice_given',
  'cowork_agreed',
  'family_directed',
] as const satisfies readonly ConsultationOutcome[];
export const STATES = [
  'requested',
  'claimed',
  'answered',
  'closed',
  'declined',
  'expired',
] as const satisfies readonly ConsultationState[];

/** Who acts on a consultation: the professional who asked, a counsellor of the region, the clock. */
export type Side = 'requester' | 'counsellor' | 'system';

/** What can happen to a consultation. */
export const EVENTS = ['claim', 'answer', 'accept', 'decline', 'reply', 'close', 'expire'] as const;
export type ConsultationEvent = (typeof EVENTS)[number];

interface Transition {
  from: readonly ConsultationState[];
  /** the state after it; 'same' keeps the state (a reply in the thread, a further answer) */
  to: ConsultationState | 'same';
  by: Side;
  /** the kinds of request it is for (all when not said) */
  kinds?: readonly ConsultationKind[];
}

/**
 * The one table of allowed transitions. A counsellor claims a request, answers a consultation
 * in writing or by proposing a call (and may answer again), accepts a co-work request, or
 * declines either with a reason; the requester replies in the thread while it is open; a
 * counsellor closes an answered one with its outcome; a request nobody claimed expires.
 */
export const TRANSITIONS: Record<ConsultationEvent, Transition> = {
  claim: { from: ['requested'], to: 'claimed', by: 'counsellor' },
  answer: { from: ['claimed', 'answered'], to: 'answered', by: 'counsellor', kinds: ['consultation'] },
  accept: { from: ['claimed'], to: 'answered', by: 'counsellor', kinds: ['cowork'] },
  decline: { from: ['requested', 'claimed'], to: 'declined', by: 'counsellor' },
  reply: { from: ['requested', 'claimed', 'answered'], to: 'same', by: 'requester' },
  close: { from: ['answered'], to: 'closed', by: 'counsellor' },
  expire: { from: ['requested'], to: 'expired', by: 'system' },
};

export type TransitionResult =
  | { ok: true; to: ConsultationState }
  | {
      ok: false;
      code: 'consultation.transition_not_allowed' | 'consultation.not_your_step' | 'consultation.wrong_kind';
    };

/** Whether `side` may do `event` to a consultation of `kind` in `state`, and the state after it. */
export function transition(
  state: ConsultationState,
  kind: ConsultationKind,
  event: ConsultationEvent,
  side: Side,
): TransitionResult {
  const t = TRANSITIONS[event];
  if (t.by !== side) return { ok: false, code: 'consultation.not_your_step' };
  if (t.kinds && !t.kinds.includes(kind)) return { ok: false, code: 'consultation.wrong_kind' };
  if (!t.from.includes(state)) return { ok: false, code: 'consultation.transition_not_allowed' };
  return { ok: true, to: t.to === 'same' ? state : t.to };
}

/** The steps a side may take now (a page shows their forms). */
export function stepsFor(state: ConsultationState, kind: ConsultationKind, side: Side): ConsultationEvent[] {
  return EVENTS.filter((e) => transition(state, kind, e, side).ok);
}

/** Open: someone still has to act (the queue and the requester's own list mark these). */
export const isOpen = (state: ConsultationState) =>
  state === 'requested' || state === 'claimed' || state === 'answered';

/**
 * A request nobody claims expires this many working days after the day its first response was
 * promised by (the queue shows it overdue in between). Checked lazily: whenever the queue, the
 * requester's list or the consultation itself is read or changed (docs/consultations.md).
 */
export const EXPIRY_WORKING_DAYS = 10;

/** The last day a request may still be claimed; after it the request has expired. */
export const expiresAfter = (respondBy: string) => addWorkingDays(respondBy, EXPIRY_WORKING_DAYS);

/** Whether a request (still unclaimed) has run out of time on `today` (YYYY-MM-DD, Helsinki). */
export function hasExpired(state: ConsultationState, respondBy: string, today: string): boolean {
  return transition(state, 'consultation', 'expire', 'system').ok && today > expiresAfter(respondBy);
}

// ---------------------------------------------------------------- the identifying-text check

/** What in a text looks like it identifies someone. */
export type IdentifyingKind = 'identity_code' | 'phone' | 'email' | 'name';
export interface IdentifyingHit {
  kind: IdentifyingKind;
  text: string;
}

const CONTROL_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
/** ddmmyy, the century sign (+ 1800s, - and Y–U 1900s, A–F 2000s), nnn and the control character. */
const IDENTITY_CODE = /(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![0-9A-Za-z])/g;

/** A Finnish personal identity code whose control character checks (and whose date can be). */
export function isIdentityCode(text: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(text);
  if (!m) return false;
  const [, dd, mm, yy, , nnn, control] = m as unknown as string[];
  const day = Number(dd);
  const month = Number(mm);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return CONTROL_CHARACTERS[Number(`${dd}${mm}${yy}${nnn}`) % 31] === control;
}

/**
 * A Finnish phone number: +358 or 00358 and the number without its 0, or a number beginning 0
 * (mobile 04x/050, landline 01x–09x) with 7–10 digits in all, spaces and hyphens allowed.
 */
const PHONE = /(?<![\d+])(?:(?:\+|00)358[\s-]?\(?0?\)?|0)[1-9](?:[\s-]?\d){5,9}(?![\d])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Common first names in Finland (Finnish and Swedish), in lower case; not exhaustive on purpose. */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `aada aino aleksi alexander alva amanda anna anne anni antti aapo aarne ada adam aleksanteri alina
  alisa amelia anton arttu aurora camilla daniel eelis eemeli eetu eevi eino elias elina ella ellen
  elmeri elsa emil emilia emma erik essi frans hanna heidi heikki helmi henrik hilda hilla ida iida
  iiris ilona inkeri irja isla jaana jani janne jari jenni jesse joel johanna johannes jonatan joona
  jukka juha juho julia jussi kaisa kalle kari katariina kerttu kim kristian kristiina lauri leevi
  leo liisa linnea lotta lucas luka maija marika marja markus matias matti mia mikael mikko milla
  minna mira nea neo niilo niklas nina noora oliver olivia olli oona oskari otto paula pauliina
  pekka petra pihla riikka roosa saana saara sanna sara satu siiri silja sofia sonja sami stina
  susanna taneli teemu tiina timo topias tuomas tuula tuomo ulla valtteri veera veeti venla viivi
  vilja ville vilma väinö wilhelm william ebba freja maja saga selma elin klara liam hugo axel
  oskar theo alvar ronja aatu hugo kasper onni toivo lumi aamu`
    .split(/\s+/)
    .filter(Boolean),
);

/** A name's case endings often written after it (Ainon, Eevalle, Ellan kanssa, Matiksi …). */
const NAME_ENDINGS = [
  '',
  'n',
  'a',
  'ä',
  'lla',
  'llä',
  'lle',
  'lta',
  'ltä',
  'sta',
  'stä',
  'ssa',
  'ssä',
  'ksi',
  'na',
  'nä',
];

function nameOf(word: string): string | undefined {
  const lower = word.toLocaleLowerCase('fi');
  for (const ending of NAME_ENDINGS) {
    if (!lower.endsWith(ending)) continue;
    const stem = lower.slice(0, lower.length - ending.length);
    if (stem.length >= 2 && FIRST_NAMES.has(stem)) return stem;
  }
  return undefined;
}

/** A capitalised word; a word that begins the text or a sentence is left out (any word is capitalised there). */
const CAPITALISED = /\p{Lu}\p{Ll}+/gu;
function startsSentence(text: string, index: number): boolean {
  const before = text.slice(0, index).replace(/[\s"'«»“”(]+$/u, '');
  return before === '' || /[.!?:\n]$/.test(before);
}

/**
 * What in the text looks identifying: personal identity codes (with a valid control
 * character), phone numbers, e-mail addresses, and capitalised first names from the list (not
 * at the beginning of a sentence, where "Onni" may be happiness and "Toivo" hope). A warning,
 * not a verdict: the sender may confirm that the text does not identify anyone.
 */
export function identifyingHits(text: string): IdentifyingHit[] {
  const hits: IdentifyingHit[] = [];
  for (const m of text.matchAll(IDENTITY_CODE)) {
    if (isIdentityCode(m[0])) hits.push({ kind: 'identity_code', text: m[0] });
  }
  for (const m of text.matchAll(EMAIL)) hits.push({ kind: 'email', text: m[0] });
  const withoutEmails = text.replace(EMAIL, ' ');
  for (const m of withoutEmails.matchAll(PHONE)) {
    if (hits.some((h) => h.kind === 'identity_code' && h.text.includes(m[0]))) continue;
    hits.push({ kind: 'phone', text: m[0].trim() });
  }
  for (const m of withoutEmails.matchAll(CAPITALISED)) {
    const index = m.index ?? 0;
    const prev = withoutEmails[index - 1];
    if (prev !== undefined && /[\p{L}\d-]/u.test(prev)) continue;
    if (startsSentence(withoutEmails, index)) continue;
    if (nameOf(m[0])) hits.push({ kind: 'name', text: m[0] });
  }
  return hits;
}

// ---------------------------------------------------------------- text rules

export const QUESTION_MAX = 4000;
export const PLACE_MAX = 300;
export const NAME_MAX = 200;
export const REFERENCE_MAX = 200;

/** Bidirectional formatting characters (embeddings, overrides, isolates) turn text around: refused. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
export const hasBidiControls = (text: string) => BIDI_CONTROLS.test(text);
