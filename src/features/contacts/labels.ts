/**
 * Codes of the contact point in words, for every page that shows them (issue 10, finding 16):
 * what the record keeps as a code (an outcome, how a contact was closed, an author without a
 * name, a service task) is never shown as the code.
 */
import { type Lang, translations } from '../../i18n/index.ts';
import type { LocalizedText } from '../../platform/db/types.ts';

/** An outcome code, or the note a close event keeps ("guided_onward (handoff)"), in words. */
export function outcomeLabel(lang: Lang, note: string | null | undefined): string {
  const t = translations(lang).contacts;
  const m = /^(\w+)(?: \((\w+)\))?$/.exec((note ?? '').trim());
  if (!m) return note ?? '';
  const outcomes = t.outcome as Record<string, string>;
  const outcome = outcomes[m[1] ?? ''];
  if (!outcome) return note ?? '';
  const by = m[2] ? t.closedBy[m[2]] : undefined;
  return by ? `${outcome} (${by})` : outcome;
}

/**
 * Who wrote an entry or a message: a person's name as kept, and for the family without a name
 * the words, not the placeholder the record keeps ('anonymous', 'family').
 */
export function authorLabel(lang: Lang, name: string): string {
  const t = translations(lang).contacts.familyAuthor;
  if (name === 'anonymous') return t.anonymous;
  if (name === 'family') return t.family;
  return name;
}

/** A service task by its name; its code only when the reference data has no name for it. */
export function serviceTaskLabel(lang: Lang, task: LocalizedText | undefined, code: string): string {
  return task ? (task[lang] ?? task.fi) : code;
}
