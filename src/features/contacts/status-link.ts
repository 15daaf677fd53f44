/**
 * The family's private status link: a token made from the contact's id with the installation's
 * key (unguessable, the same on every request), kept in the database only as its hash. Whoever
 * holds the link is the status-link holder the contacts' policy knows.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StatusLinkHolder } from '../../platform/access/index.ts';
import type { DB } from '../../platform/db/types.ts';
import { contactIdByStatusTokenHash } from './queries.ts';

/**
 * The key status-link tokens are made with: derived from PERSONAL_DATA_KEY when the installation
 * has one (production must), otherwise from the random secret the migration stored.
 */
export async function statusLinkKey(db: Kysely<DB>, personalDataKey?: Buffer): Promise<Buffer> {
  if (personalDataKey)
    return createHmac('sha256', personalDataKey).update('perheverkko/status-link').digest();
  const row = await db
    .selectFrom('app_secret')
    .select('value')
    .where('name', '=', 'status_link')
    .executeTakeFirst();
  if (!row) throw new Error('app_secret status_link is missing: run the migrations');
  return createHmac('sha256', Buffer.from(row.value, 'utf8')).update('perheverkko/status-link').digest();
}

/** The private token of a contact's status link: unguessable, and the same on every request. */
export function statusToken(key: Buffer, contactId: string): string {
  return createHmac('sha256', key).update(`status:${contactId}`).digest('base64url');
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const STATUS_PATHS = { fi: 'tilanne', sv: 'status', en: 'status' } as const;

export function statusPath(lang: 'fi' | 'sv' | 'en', token: string): string {
  return `/${lang}/${STATUS_PATHS[lang]}/${token}`;
}

/** The contact a status-link token opens, or null: a wrong token looks like a missing page. */
export async function statusHolder(db: Kysely<DB>, token: string): Promise<StatusLinkHolder | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const contactId = await contactIdByStatusTokenHash(db, tokenHash(token));
  return contactId ? { kind: 'status_link', contactId } : null;
}
