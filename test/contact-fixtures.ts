/**
 * What the contact tests share: a valid contact, signing demo users in, JSON calls as a browser
 * script makes them, the extra staff the access tests need, and row counts of the tables a
 * contact writes.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { type DemoUsers, seedDemoUsers } from '../src/features/identity/demo.ts';
import type { DB } from '../src/platform/db/types.ts';
import type { App } from '../src/platform/http/server.ts';

/** Our own origin, as a same-origin fetch sends it with a JSON POST. */
export const SAME_ORIGIN = { origin: 'http://localhost:80', host: 'localhost:80' };

export const KUOPIO = '297';
export const TAMPERE = '837';

/** A contact the public form accepts: a parent in Kuopio, answered on the status page. */
export function validContact(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: randomUUID(),
    contacter: 'parent',
    municipality: KUOPIO,
    childAges: [4, 9],
    topics: ['UNI'],
    message: 'Nelivuotias ei nukahda iltaisin, ja koko perhe on väsynyt.',
    replyChannel: 'status_page',
    language: 'fi',
    ...overrides,
  };
}

/**
 * Staff the demo users do not have: a counsellor of another region (Pirkanmaa, whose
 * wellbeing services county runs its contact point), and a counsellor and a manager of another
 * organisation of this region (the city of Kuopio, not the contact point).
 */
export const EXTRA_STAFF: DemoUsers = {
  organizations: [],
  staff: [
    {
      username: 'pirkanmaa-neuvoja',
      name: 'Pekka Pirkkalainen',
      region: 'pirkanmaa',
      organization: 'pirkanmaan-hyvinvointialue',
      roles: ['counsellor'],
    },
    {
      username: 'kuopio-neuvoja',
      name: 'Kerttu Kuopiolainen',
      region: 'pohjois-savo',
      organization: 'kuopio-kaupunki',
      roles: ['counsellor'],
    },
    {
      username: 'kuopio-esihenkilo',
      name: 'Kalle Kuopiolainen',
      region: 'pohjois-savo',
      organization: 'kuopio-kaupunki',
      roles: ['manager'],
    },
  ],
  clients: [],
};

export async function seedExtraStaff(db: Kysely<DB>): Promise<void> {
  const written = await seedDemoUsers(db, EXTRA_STAFF);
  if (written !== EXTRA_STAFF.staff.length) throw new Error(`extra staff: ${written} written`);
}

/** A session cookie of a demo user ('' for anonymous). */
export async function signIn(app: App, username: string): Promise<string> {
  if (username === 'anonymous') return '';
  const res = await app.inject({
    method: 'POST',
    url: '/api/dev/session',
    headers: SAME_ORIGIN,
    payload: { username },
  });
  if (res.statusCode !== 200) throw new Error(`${username} did not sign in: ${res.statusCode} ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0] ?? '';
}

export interface Call {
  method?: 'GET' | 'POST' | 'PUT';
  url: string;
  cookie?: string;
  payload?: unknown;
}

/** A JSON call from our own pages' script (same origin); a GET has no body. */
export async function call(app: App, { method = 'GET', url, cookie, payload }: Call) {
  const headers: Record<string, string> = { ...SAME_ORIGIN };
  if (cookie) headers.cookie = cookie;
  if (method !== 'GET') headers['content-type'] = 'application/json';
  return app.inject({
    method,
    url,
    headers,
    payload: method === 'GET' ? undefined : JSON.stringify(payload ?? {}),
  });
}

/**
 * A GET of an event stream from the listening app (`baseUrl`): the answer's status, and its
 * JSON when it is not a stream. The stream is dropped as soon as its headers have come.
 */
export async function callStream(baseUrl: string, path: string, cookie?: string) {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
    signal: abort.signal,
  });
  const stream = String(res.headers.get('content-type')).startsWith('text/event-stream');
  const body = stream ? '' : await res.text();
  abort.abort();
  return { statusCode: res.status, body, json: () => JSON.parse(body) as unknown };
}

/** The token of a status link (…/fi/tilanne/<token>). */
export function tokenOf(statusUrl: string): string {
  const token = statusUrl.split('/').pop();
  if (!token) throw new Error(`no token in ${statusUrl}`);
  return token;
}

/** The tables a contact writes to, and how many rows each has. */
export const CONTACT_TABLES = [
  'contact',
  'record_entry',
  'record_entry_version',
  'outbox',
  'contact_event',
] as const;
export type Counts = Record<(typeof CONTACT_TABLES)[number] | 'access_log', number>;

export async function countRows(db: Kysely<DB>): Promise<Counts> {
  const { rows } = await sql<Counts>`
    SELECT (SELECT count(*)::int FROM contact) AS contact,
           (SELECT count(*)::int FROM record_entry) AS record_entry,
           (SELECT count(*)::int FROM record_entry_version) AS record_entry_version,
           (SELECT count(*)::int FROM outbox) AS outbox,
           (SELECT count(*)::int FROM contact_event) AS contact_event,
           (SELECT count(*)::int FROM access_log) AS access_log`.execute(db);
  const counts = rows[0];
  if (!counts) throw new Error('no counts');
  return counts;
}

/** The access-log rows written after the row with id `after` (in the order written). */
export async function accessLogAfter(db: Kysely<DB>, after: string | number) {
  return db
    .selectFrom('access_log')
    .select([
      'id',
      'actor_kind',
      'staff_user_id',
      'actor_client_id',
      'actor_name',
      'action',
      'resource_type',
      'resource_id',
      'reason',
      'region_id',
      'role',
    ])
    .where('id', '>', String(after))
    .orderBy('id')
    .execute();
}

export async function lastAccessLogId(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('access_log')
    .select(sql<string>`coalesce(max(id), 0)::text`.as('id'))
    .executeTakeFirstOrThrow();
  return row.id;
}
