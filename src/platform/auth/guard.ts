import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { isLang } from '../../i18n/index.ts';
import { Refusal } from '../access/refusal.ts';
import type { DB, LocalizedText } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { hasRole, type StaffActor, type StaffRole } from './actor.ts';

/**
 * Who may open a staff page, written down once:
 * - a signed-out user is sent to sign in (302 to /:lang/sign-in?next=<this page>);
 * - a signed-in user who is not staff, or staff without one of the roles, gets 404: a page
 *   they may not use does not exist for them (never 403, which would say it does);
 * - another region's record answers 404 too — each feature checks that with `sameRegion`.
 *
 * Use as a route's preHandler (`{ preHandler: staffOnly('catalogue_editor', 'administrator') }`)
 * and read the actor in the handler with `staffActor(request)`.
 */
export function staffOnly(...roles: StaffRole[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = request.actor;
    if (actor.kind === 'anonymous') {
      return reply.redirect(signInUrl(request), 302);
    }
    // refused users are logged for the DPO (platform/access/refusal.ts)
    if (actor.kind !== 'staff') throw new Refusal('not_staff');
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
