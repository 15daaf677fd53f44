import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/types.ts';
import { purgeRateLimitCounters } from '../http/rate-limit-store.ts';
import type { ScheduledJob } from '../jobs.ts';
import { type Actor, ANONYMOUS, type StaffRole } from './actor.ts';

export const SESSION_COOKIE = 'pv_session';

export interface SessionPolicy {
  /** a session unused this long ends */
  idleMinutes: number;
  /** a session ends this long after sign-in, however busy */
  absoluteHours: number;
  /** cookies only over HTTPS (production) */
  secureCookies: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/** The session id stored in the database: the SHA-256 of the cookie's random token. */
export const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A session to start. idTokenSealed: the identity provider's ID token sealed with
 * PERSONAL_DATA_KEY (sealText), the only form in which it is kept: it may carry the personal
 * identity code, the name and the e-mail address. Logout needs nothing else.
 */
export type NewSession =
  | { kind: 'staff'; staffUserId: string; idTokenSealed?: string; issuer?: string }
  | { kind: 'client'; clientId: string; idTokenSealed?: string; issuer?: string };

/** A new session with a new random token (a new id at every sign-in: no session fixation). */
export async function createSession(db: Kysely<DB>, session: NewSession): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('session')
    .values({
      id: sessionId(token),
      kind: session.kind,
      staff_user_id: session.kind === 'staff' ? session.staffUserId : null,
      client_id: session.kind === 'client' ? session.clientId : null,
      id_token_sealed: session.idTokenSealed ?? null,
      issuer: session.issuer ?? null,
    })
    .execute();
  return token;
}

export async function deleteSession(
  db: Kysely<DB>,
  token: string,
): Promise<{ idTokenSealed: string | null; issuer: string | null } | undefined> {
  return db
    .deleteFrom('session')
    .where('id', '=', sessionId(token))
    .returning(['id_token_sealed as idTokenSealed', 'issuer'])
    .executeTakeFirst();
}

/** How long a sign-in may stay at the identity provider (platform/auth/oidc.ts keeps the same). */
const SIGN_IN_MINUTES = 10;

/**
 * Removes the sessions that have ended (unused past the idle timeout, or older than the
 * absolute one) and the sign-ins left unfinished at an identity provider: an ended session is
 * otherwise removed only when its cookie comes back, which it may never do. Run by the server
 * every few minutes (sessionPurgeJob) and by `npm run cli -- purge-sessions`.
 */
export async function purgeEndedSessions(
  db: Kysely<DB>,
  policy: Pick<SessionPolicy, 'idleMinutes' | 'absoluteHours'>,
  now = new Date(),
): Promise<{ sessions: number; signIns: number }> {
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const absoluteLimit = new Date(now.getTime() - policy.absoluteHours * 3_600_000);
  const sessions = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleLimit), eb('created_at', '<', absoluteLimit)]))
    .executeTakeFirst();
  const signIns = await db
    .deleteFrom('oidc_login')
    .where('created_at', '<', new Date(now.getTime() - SIGN_IN_MINUTES * 60_000))
    .executeTakeFirst();
  // the rate-limit counters of ended windows (platform/http/rate-limit-store.ts)
  await purgeRateLimitCounters(db, now);
  return { sessions: Number(sessions.numDeletedRows), signIns: Number(signIns.numDeletedRows) };
}

/** The default period of the purge in the server: every 5 minutes. */
export const SESSION_PURGE_MS = 5 * 60_000;

/** The scheduled job (src/platform/jobs.ts): every `periodMs`, once across processes. */
export function sessionPurgeJob(
  db: Kysely<DB>,
  policy: Pick<SessionPolicy, 'idleMinutes' | 'absoluteHours'>,
  periodMs = SESSION_PURGE_MS,
): ScheduledJob {
  return {
    name: 'session-purge',
    schedule: { everyMs: periodMs },
    // sessions are timed by the real clock (actorOfSession), not the application's (tests fix that)
    run: async () => purgeEndedSessions(db, policy),
  };
}

/**
 * The actor of a session token, or anonymous when there is no such session or it has run
 * out (idle or absolute timeout; an expired session is removed).
 */
export async function actorOfSession(
  db: Kysely<DB>,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<Actor> {
  const id = sessionId(token);
  const session = await db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session) return ANONYMOUS;
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const absoluteLimit = new Date(now.getTime() - policy.absoluteHours * 3_600_000);
  if (new Date(session.last_seen_at) < idleLimit || new Date(session.created_at) < absoluteLimit) {
    await db.deleteFrom('session').where('id', '=', id).execute();
    return ANONYMOUS;
  }
  // Touch at most once a minute, to keep a busy session alive without a write per request.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    await db.updateTable('session').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', id).execute();
  }
  if (session.kind === 'staff' && session.staff_user_id) {
    const user = await db
      .selectFrom('staff_user')
      .select(['id', 'region_id', 'organization_id', 'unit_id', 'name', 'active'])
      .where('id', '=', session.staff_user_id)
      .executeTakeFirst();
    if (!user?.active) return ANONYMOUS;
    const roles = await db
      .selectFrom('staff_role')
      .select(['organization_id', 'role'])
      .where('staff_user_id', '=', user.id)
      .execute();
    return {
      kind: 'staff',
      userId: user.id,
      regionId: user.region_id,
      organizationId: user.organization_id,
      unitId: user.unit_id,
      name: user.name,
      roles: roles.map((r) => ({ organizationId: r.organization_id, role: r.role as StaffRole })),
      sessionId: id,
    };
  }
  if (session.kind === 'client' && session.client_id) {
    const client = await db
      .selectFrom('client')
      .select(['id', 'region_id', 'name'])
      .where('id', '=', session.client_id)
      .executeTakeFirst();
    if (!client) return ANONYMOUS;
    return {
      kind: 'client',
      clientId: client.id,
      regionId: client.region_id,
      name: client.name,
      sessionId: id,
    };
  }
  return ANONYMOUS;
}

export function setSessionCookie(reply: FastifyReply, token: string, policy: SessionPolicy) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secureCookies,
    maxAge: policy.absoluteHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, policy: SessionPolicy) {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secureCookies,
  });
}

export function sessionToken(request: FastifyRequest): string | undefined {
  const token = request.cookies[SESSION_COOKIE];
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

/**
 * Cookies, and request.actor on every request: the signed-in staff user or client, or
 * anonymous. Called on the root instance (not registered as an encapsulated plugin), so that
 * every route sees the actor.
 */
export async function installSessions(
  app: FastifyInstance,
  { db, policy }: { db: Kysely<DB>; policy: SessionPolicy },
) {
  await app.register(cookie);
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    const token = sessionToken(request);
    request.actor = token ? await actorOfSession(db, token, policy) : ANONYMOUS;
  });
}
