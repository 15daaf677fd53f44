/**
 * Topics for the counsellor's mapping from the family's own words (issue 14, part 2;
 * docs/matching.md): what the region's thesaurus finds in the message of the contact, each
 * topic with the words that led to it. Only a suggestion: the mapping form lists these topics
 * first, unchecked unless already chosen, and nothing is saved until the counsellor saves the
 * mapping. The words are those the contact page has already read through the access policy
 * (readContact, logged); nothing here reads the contact again, and nothing here is logged.
 */
import type { Kysely } from 'kysely';
import { LANGS, type Lang } from '../../i18n/index.ts';
import type { DB } from '../../platform/db/types.ts';
import { loadThesaurus, suggestTopics, type Thesaurus } from '../catalogue/index.ts';
import type { ContactDetail } from './contacts.ts';

export interface MappingTopicSuggestion {
  topic: string;
  /** the family's words that led to it, as they wrote them (lower-cased by the thesaurus) */
  words: string;
}

/** The family's own words: the message of the contact's first entry. */
export function familyWordsOf(contact: Pick<ContactDetail, 'entries'>): string {
  const message = contact.entries.find((e) => e.type === 'contact')?.content.message;
  return typeof message === 'string' ? message : '';
}

/**
 * The topics the thesaurus suggests for a text, in the order the words come: the contact's own
 * language first (a family writes in it), then the others (a logged call may be noted in
 * another); only topics the region's catalogue knows; each topic once.
 */
export function topicSuggestionsFor(
  thesaurus: Thesaurus,
  text: string,
  language: Lang,
  knownTopics: ReadonlySet<string>,
): MappingTopicSuggestion[] {
  if (text.trim().length === 0) return [];
  const out: MappingTopicSuggestion[] = [];
  const seen = new Set<string>();
  for (const lang of [language, ...LANGS.filter((l) => l !== language)])
    for (const s of suggestTopics(thesaurus, text, lang)) {
      if (seen.has(s.topic) || !knownTopics.has(s.topic)) continue;
      seen.add(s.topic);
      out.push({ topic: s.topic, words: s.matched });
    }
  return out;
}

/** The suggestions for a contact already read by the page (its region's thesaurus). */
export async function mappingTopicSuggestions(
  db: Kysely<DB>,
  regionId: string,
  contact: Pick<ContactDetail, 'entries' | 'language'>,
  knownTopics: ReadonlySet<string>,
): Promise<MappingTopicSuggestion[]> {
  const text = familyWordsOf(contact);
  if (text.trim().length === 0) return [];
  return topicSuggestionsFor(await loadThesaurus(db, regionId), text, contact.language, knownTopics);
}
