/**
 * The rules of feedback after a contact (issue 13, capability 12), as pure functions: what an
 * answer may hold, the comment cleaned of control and bidi characters, the month it is counted
 * under, and the receipt that makes one answer per contact without naming the contact.
 */
import { createHmac } from 'node:crypto';
import { cleanText } from '../../platform/calendar.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { helsinkiDate } from '../../platform/working-days.ts';

export const GOT_HELP = ['yes', 'partly', 'no'] as const;
export type GotHelp = (typeof GOT_HELP)[number];
export const EASE_VALUES = ['1', '2', '3', '4', '5'] as const;
export const COMMENT_MAX = 2000;
/** comments on one page of the managers' list */
export const COMMENTS_PAGE_SIZE = 50;

/** One family's answer, checked. */
export interface FeedbackAnswer {
  gotHelp: GotHelp;
  /** how easy it was to reach us, 1–5; null: not answered */
  ease: number | null;
  /** the free text, cleaned; null: none */
  comment: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The comment as kept: without C0/C1 control characters and the bidirectional formatting ones
 * (which could make it read differently on the managers' page), lone surrogates and the blank
 * around it (the calendar's text cleaner, platform/calendar.ts).
 */
export function cleanComment(text: string): string {
  return cleanText(text.replace(LONE_SURROGATE, ''));
}

/**
 * An answer from the form (strings) or the API (ease a number, null for none): got-help is
 * required, ease 1–5 or nothing, a comment of at most 2,000 characters after cleaning. Every
 * problem at once, each with its field.
 */
export function parseAnswer(raw: {
  gotHelp?: unknown;
  ease?: unknown;
  comment?: unknown;
}): Parsed<FeedbackAnswer> {
  const problems: FieldProblem[] = [];
  const gotHelp = GOT_HELP.find((v) => v === raw.gotHelp);
  if (!gotHelp) problems.push({ field: 'gotHelp', code: 'feedback.got_help_required' });
  let ease: number | null = null;
  if (raw.ease !== undefined && raw.ease !== null && raw.ease !== '') {
    const n = typeof raw.ease === 'string' && /^[1-5]$/.test(raw.ease) ? Number(raw.ease) : raw.ease;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5) ease = n;
    else problems.push({ field: 'ease', code: 'feedback.ease_invalid' });
  }
  let comment: string | null = null;
  if (raw.comment !== undefined && raw.comment !== null) {
    if (typeof raw.comment !== 'string') problems.push({ field: 'comment', code: 'request.invalid' });
    else {
      const cleaned = cleanComment(raw.comment);
      if (cleaned.length > COMMENT_MAX)
        problems.push({ field: 'comment', code: 'request.too_long', params: { max: COMMENT_MAX } });
      else comment = cleaned === '' ? null : cleaned;
    }
  }
  if (problems.length > 0 || !gotHelp) return { ok: false, problems };
  return { ok: true, value: { gotHelp, ease, comment } };
}

/** The month an answer is counted under: the first day of the month the contact closed, in Helsinki. */
export function closingMonth(closedAt: Date): string {
  return `${helsinkiDate(closedAt).slice(0, 7)}-01`;
}

/**
 * The receipt of a contact's answer: HMAC-SHA-256 of 'feedback:' and the contact's id with the
 * installation's key (the status links' key, as the meeting poll links use it with a prefix of
 * their own). Without the key it names no contact and cannot be found from the contact's id.
 */
export function receiptKey(key: Buffer, contactId: string): string {
  return createHmac('sha256', key).update(`feedback:${contactId}`).digest('hex');
}

/** 'YYYY-MM' → the first day of that month, or null for anything else. */
export function monthStart(text: string): string | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  return m ? `${m[1]}-${m[2]}-01` : null;
}

/** The period of the comments' list (?from=YYYY-MM&to=YYYY-MM, both optional, inclusive). */
export function parsePeriod(raw: {
  from?: unknown;
  to?: unknown;
}): Parsed<{ from: string | null; to: string | null }> {
  const problems: FieldProblem[] = [];
  const read = (field: 'from' | 'to') => {
    const v = raw[field];
    if (v === undefined || v === '') return null;
    const start = typeof v === 'string' ? monthStart(v) : null;
    if (start === null) problems.push({ field, code: 'feedback.month_invalid' });
    return start;
  };
  const from = read('from');
  const to = read('to');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { from, to } };
}

/** "marraskuu 2026", "november 2026", "November 2026": a month as the managers read it. */
export function monthName(month: string, lang: 'fi' | 'sv' | 'en'): string {
  const locale = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[lang];
  const date = new Date(`${month.slice(0, 7)}-01T12:00:00Z`);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
