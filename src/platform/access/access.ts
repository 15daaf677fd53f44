/**
 * The one door to client data. Nothing reads or writes a client's data except through
 * accessClientData: it opens one transaction, loads the facts the policy needs, decides,
 * runs the work, and appends the access-log row in that same transaction — so an access
 * without its log row, or a log row without its access, cannot be committed.
 * (Features get a Transaction only from here; see docs/security.md.)
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor, ClientActor, StaffActor } from '../auth/actor.ts';
import type { DB, LocalizedText } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { type AccessLogEntry, appendAccessLog } from './log.ts';
import { type AccessRequest, type Decision, decide } from './policy.ts';

/**
 * Runs work(trx) when the policy allows the actor the access, and logs it in the same
 * transaction. A refused access answers "not found" (another organisation's or region's
 * record must not be told apart from a missing one); the refusal itself is logged as
 * 'denied' for the data-protection officer. A break-the-glass request with too short a
 * reason answers 400, so the user can say more.
 */
export async function accessClientData<T>(
  db: Kysely<DB>,
  actor: Actor,
  request: AccessRequest,
  work: (trx: Transaction<DB>) => Promise<T>,
  now = new Date(),
): Promise<T> {
  const outcome = await db.transaction().execute(async (trx) => {
    const { decision, clientRegionId } = await decideInTransaction(trx, actor, request, now);
    if (!decision.allowed) {
      if (actor.kind !== 'anonymous') {
        await appendAccessLog(trx, await entryFor(trx, actor, request, decision, clientRegionId), now);
      }
      return { allowed: false as const, decision };
    }
    if (actor.kind === 'anonymous') throw new Error('the policy never allows anonymous access');
    const result = await work(trx);
    // Appended last: the chain head stays locked only until this transaction commits.
    await appendAccessLog(trx, await entryFor(trx, actor, request, decision, clientRegionId), now);
    return { allowed: true as const, result };
  });
  if (outcome.allowed) return outcome.result;
  if (outcome.decision.reason === 'break_glass_reason_too_short') {
    throw new AppError('access.break_glass_reason_too_short', 400);
  }
  throw new AppError('access.not_found', 404);
}

async function decideInTransaction(
  trx: Transaction<DB>,
  actor: Actor,
  request: AccessRequest,
  now: Date,
): Promise<{ decision: Decision; clientRegionId: string | null }> {
  if (actor.kind === 'anonymous') {
    return {
      decision: decide(actor, request, { clientRegionId: null, careRelationships: [], now }),
      clientRegionId: null,
    };
  }
  const client = await trx
    .selectFrom('client')
    .select('region_id')
    .where('id', '=', request.clientId)
    .executeTakeFirst();
  const clientRegionId = client?.region_id ?? null;
  const careRelationships =
    actor.kind === 'staff'
      ? await trx
          .selectFrom('care_relationship')
          .select(['staff_user_id', 'client_id', 'organization_id', 'ended_at'])
          .where('staff_user_id', '=', actor.userId)
          .where('client_id', '=', request.clientId)
          .execute()
      : [];
  const decision = decide(actor, request, {
    clientRegionId,
    careRelationships: careRelationships.map((c) => ({
      staffUserId: c.staff_user_id,
      clientId: c.client_id,
      organizationId: c.organization_id,
      endedAt: c.ended_at ? new Date(c.ended_at) : null,
    })),
    now,
  });
  return { decision, clientRegionId };
}

async function entryFor(
  trx: Transaction<DB>,
  actor: StaffActor | ClientActor,
  request: AccessRequest,
  decision: Decision,
  clientRegionId: string | null,
): Promise<AccessLogEntry> {
  const base = {
    regionId: clientRegionId ?? actor.regionId,
    clientId: request.clientId,
    action: decision.allowed ? request.action : ('denied' as const),
    resourceType: request.resource.type,
    resourceId: request.resource.id ?? null,
    reason: decision.allowed
      ? request.reason?.trim() || null
      : [`${request.action} refused (${decision.reason})`, request.reason?.trim()].filter(Boolean).join(': '),
    breakGlass: decision.allowed && decision.breakGlass,
    registryOrganizationId: request.registryOrganizationId,
  };
  if (actor.kind === 'client') {
    return {
      ...base,
      actorKind: 'client',
      staffUserId: null,
      actorClientId: actor.clientId,
      actorName: actor.name,
      organizationId: null,
      organizationName: null,
      role: 'client',
    };
  }
  return {
    ...base,
    ...(await staffActorColumns(trx, actor)),
    role: decision.allowed ? decision.role : actor.roles.map((r) => r.role).join(',') || null,
  };
}

/** Who a staff actor is, as the log keeps it: their name and organisation at the time. */
export async function staffActorColumns(trx: Transaction<DB>, actor: StaffActor) {
  const organization = await trx
    .selectFrom('organization')
    .select('name')
    .where('id', '=', actor.organizationId)
    .executeTakeFirst();
  return {
    actorKind: 'staff' as const,
    staffUserId: actor.userId,
    actorClientId: null,
    actorName: actor.name,
    organizationId: actor.organizationId,
    organizationName: organization ? (organization.name as LocalizedText).fi : null,
  };
}
