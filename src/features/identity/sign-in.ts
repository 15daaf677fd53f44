import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  encryptPersonalCode,
  type PersonalDataKeys,
  personalCodeHmac,
} from '../../platform/auth/personal-data.ts';
import type { DB } from '../../platform/db/types.ts';
import { stableUuid } from '../../platform/ids.ts';

/** The active staff user of an identity at the staff identity provider, if there is one. */
export async function activeStaffUserOf(
  db: Kysely<DB>,
  issuer: string,
  subject: string,
): Promise<string | undefined> {
  const user = await db
    .selectFrom('staff_user')
    .select('id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .where('active', '=', true)
    .executeTakeFirst();
  return user?.id;
}

/** Claims that carry the personal identity code, by provider convention. */
const PERSONAL_CODE_CLAIMS = ['personal_identity_code', 'hetu', 'urn:oid:1.2.246.21'];

/** A person's name from standard OIDC claims. */
export function nameFromClaims(claims: Record<string, unknown>): string {
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string).trim() : '');
  const full = text('name') || [text('given_name'), text('family_name')].filter(Boolean).join(' ');
  return full || text('preferred_username') || '?';
}

export function personalCodeFromClaims(claims: Record<string, unknown>): string | undefined {
  for (const key of PERSONAL_CODE_CLAIMS) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/**
 * The client of a citizen identity: created at the first sign-in, name (and personal
 * identity code, sealed) refreshed at every later one. A person met before under another
 * subject (a new registration at Suomi.fi) is found again by the code's HMAC.
 */
export async function upsertClient(
  db: Kysely<DB>,
  input: { issuer: string; subject: string; claims: Record<string, unknown>; regionCode: string },
  keys: PersonalDataKeys | undefined,
): Promise<string> {
  const name = nameFromClaims(input.claims);
  const code = personalCodeFromClaims(input.claims);
  // Without a key the code is not kept at all (never in clear).
  const sealed =
    code && keys
      ? { hmac: personalCodeHmac(keys, code), encrypted: encryptPersonalCode(keys, code) }
      : undefined;
  return db.transaction().execute(async (trx) => {
    let existing = await trx
      .selectFrom('client')
      .select('id')
      .where('issuer', '=', input.issuer)
      .where('subject', '=', input.subject)
      .executeTakeFirst();
    if (!existing && sealed) {
      existing = await trx
        .selectFrom('client')
        .select('id')
        .where('personal_identity_code_hmac', '=', sealed.hmac)
        .executeTakeFirst();
    }
    if (existing) {
      await trx
        .updateTable('client')
        .set({
          issuer: input.issuer,
          subject: input.subject,
          name,
          ...(sealed
            ? { personal_identity_code_hmac: sealed.hmac, personal_identity_code_encrypted: sealed.encrypted }
            : {}),
        })
        .where('id', '=', existing.id)
        .execute();
      return existing.id;
    }
    const id = randomUUID();
    await trx
      .insertInto('client')
      .values({
        id,
        region_id: stableUuid('region', input.regionCode),
        issuer: input.issuer,
        subject: input.subject,
        name,
        personal_identity_code_hmac: sealed?.hmac ?? null,
        personal_identity_code_encrypted: sealed?.encrypted ?? null,
      })
      .execute();
    return id;
  });
}

/** Control characters (C0, DEL, C1), the line and paragraph separators, and the backslash. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const UNSAFE_IN_RETURN_PATH = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/;
/** A page of this site: a language, then a path, query or fragment (or nothing). */
const SITE_PAGE = /^\/(?:fi|sv|en)(?:[/?#]|$)/;
const SAME_SITE = 'http://perheverkko.invalid';

/**
 * Where to go after signing in (`next`), or null when it is not a page of this site: the one
 * check of every sign-in entry (the sign-in page, the demo form, the start of an OpenID Connect
 * sign-in and its callback), made before anything is written. A value with control or line-
 * separator characters or a backslash, another site ("//evil", "https:"), or dot segments that
 * climb out of the language, is refused. What is kept is the URL parser's serialisation, so
 * non-ASCII characters come percent-encoded: always a valid Location header.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  if (UNSAFE_IN_RETURN_PATH.test(value) || !SITE_PAGE.test(value) || value.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(value, SAME_SITE);
  } catch {
    return null;
  }
  if (url.origin !== SAME_SITE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return SITE_PAGE.test(path) && !path.startsWith('//') && /^[\x21-\x7e]+$/.test(path) ? path : null;
}
