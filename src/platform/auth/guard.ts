import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { isLang } from '../../i18n/index.ts';
import { definePolicy } from '../access/door.ts';
import { Refusal } from '../access/refusal.ts';
import type { DB, LocalizedText } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { type AccessQuestion, mayAsk } from '../feature.ts';
import { hasRole, type StaffActor, type StaffRole } from './actor.ts';

/** The staff workspace itself (its home): any staff member's, nobody else's. */
export const STAFF_WORKSPACE = 'staff_workspace';

export const staffWorkspacePolicy = definePolicy<undefined>({
  resources: [STAFF_WORKSPACE],
  actions: ['read'],
  notFound: 'http.not_found',
  factless: [STAFF_WORKSPACE],
  async facts() {
    return undefined;
  },
  decide(actor) {
    return actor.kind === 'staff'
      ? { allowed: true, role: actor.roles[0]?.role ?? null, basis: 'role' }
      : { allowed: false, reason: 'not_staff' };
  },
});

/** The question of the workspace home: may this user use the staff workspace at all. */
export const WORKSPACE: AccessQuestion = { action: 'read', resource: { type: STAFF_WORKSPACE, id: null } };

type PreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * Who may open a staff page, written down once — the HTTP edge's first check, before the
 * feature's own door decides about the record:
 * - a signed-out user is sent to sign in (302 to /:lang/sign-in?next=<this page>);
 * - a signed-in user who is not staff, or staff whom the door does not permit the question
 *   (or who has none of the roles), gets 404: a page they may not use does not exist for them
 *   (never 403, which would say it does);
 * - another region's record answers 404 too — each feature checks that with `sameRegion`.
 *
 * Ask the same question as the section's navigation entry, so the page and its link agree:
 * `{ preHandler: staffOnly({ action: 'read', resource: { type: 'catalogue_admin', id: null } }) }`
 * (a factless resource type: the door decides from the actor alone). A role list
 * (`staffOnly('counsellor')`) is the older form, still used by some routes; no arguments: any
 * staff member. Read the actor in the handler with `staffActor(request)`.
 */
export function staffOnly(question: AccessQuestion | readonly AccessQuestion[]): PreHandler;
export function staffOnly(...roles: StaffRole[]): PreHandler;
export function staffOnly(...args: (StaffRole | AccessQuestion | readonly AccessQuestion[])[]): PreHandler {
  const first = args[0];
  const question = typeof first === 'object' ? first : null;
  const roles = args.filter((a): a is StaffRole => typeof a === 'string');
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = request.actor;
    if (actor.kind === 'anonymous') {
      return reply.redirect(signInUrl(request), 302);
    }
    // refused users are logged for the DPO (platform/access/refusal.ts)
    if (actor.kind !== 'staff') throw new Refusal('not_staff');
    if (question) {
      if (!mayAsk(actor, question)) throw new Refusal('role');
      return;
    }
    if (roles.length > 0 && !roles.some((role) => hasRole(actor, role))) throw new Refusal('role');
  };
}

/** The staff actor of a request that passed `staffOnly`. */
export function staffActor(request: FastifyRequest): StaffActor {
  const actor = request.actor;
  if (actor.kind !== 'staff') throw new Refusal('not_staff');
  return actor;
}

/** A record of another region does not exist for this user. */
export function sameRegion(actor: StaffActor, regionId: string | null | undefined): void {
  if (regionId === null || regionId === undefined) throw new AppError('http.not_found', 404);
  if (regionId !== actor.regionId) throw new Refusal('other_region', regionId);
}

/** The sign-in page in the request's language, coming back here afterwards. */
export function signInUrl(request: FastifyRequest): string {
  const first = request.url.split('/')[1]?.split('?')[0];
  const lang = isLang(first) ? first : 'fi';
  return `/${lang}/sign-in?next=${encodeURIComponent(request.url)}`;
}

/** The name of the user's organisation, for the workspace frame. */
export async function organizationName(
  db: Kysely<DB>,
  organizationId: string,
): Promise<LocalizedText | null> {
  const row = await db
    .selectFrom('organization')
    .select('name')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.name ?? null;
}
