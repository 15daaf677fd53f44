/**
 * The one door to client data. Nothing reads or writes a client's data except through
 * accessClientData: it opens one transaction, loads the facts the policy needs, decides,
 * runs the work, and appends the access-log row in that same transaction — so an access
 * without its log row, or a log row without its access, cannot be committed.
 * (Features get a Transaction only from here; see docs/security.md.)
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor, ClientActor, StaffActor } from '../auth/actor.ts';
import type { DB, LocalizedText } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { type AccessLogEntry, appendAccessLog } from './log.ts';
import {
  type AccessRequest,
  type ContactAccessRequest,
  type ContactActor,
  type ContactDecision,
  type ContactFacts,
  type Decision,
  decide,
  decideContact,
  decideHandoff,
  type HandoffAccessRequest,
  type HandoffFacts,
  type HandoffSide,
} from './policy.ts';

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
        await appendDenial(trx, actor, await entryFor(trx, actor, request, decision, clientRegionId), now);
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

/**
 * A refusal's row goes to the target's region, and — when the actor belongs to another one —
 * also to the actor's own, whose data-protection officer must see what their users tried.
 * That copy does not name the other region's client.
 */
async function appendDenial(trx: Transaction<DB>, actor: ContactActor, entry: AccessLogEntry, now: Date) {
  await appendAccessLog(trx, entry, now);
  const own = actor.kind === 'staff' || actor.kind === 'client' ? actor.regionId : null;
  if (own !== null && entry.regionId !== own) {
    await appendAccessLog(
      trx,
      { ...entry, regionId: own, clientId: null, registryOrganizationId: null },
      now,
    );
  }
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

// ---------------------------------------------------------------- contacts (issue 5)

/**
 * The door to contacts and their record entries: like accessClientData, one transaction in
 * which the policy (decideContact) is asked, the work runs and the access-log row is
 * appended. A refused access answers "not found" and is logged as 'denied' (except for an
 * anonymous visitor, who has nobody to log).
 */
export async function accessContact<T>(
  db: Kysely<DB>,
  actor: ContactActor,
  request: ContactAccessRequest,
  // the decision too: what is allowed can shape what is read (a manager's queue has no free text)
  work: (trx: Transaction<DB>, decision: ContactDecision & { allowed: true }) => Promise<T>,
  now = new Date(),
): Promise<T> {
  const outcome = await db.transaction().execute(async (trx) => {
    const facts = await contactFacts(trx, actor, request);
    const decision = decideContact(actor, request, facts);
    const target = facts.contact ?? facts.queue;
    const base = {
      regionId:
        target?.regionId ?? (actor.kind === 'staff' || actor.kind === 'client' ? actor.regionId : null),
      clientId: facts.contact?.clientId ?? (actor.kind === 'client' ? actor.clientId : null),
      resourceType: request.resource.type,
      resourceId: request.resource.id ?? request.contactId,
      breakGlass: false,
      registryOrganizationId: target?.registryOrganizationId ?? null,
    };
    if (!decision.allowed) {
      if (actor.kind === 'staff' || actor.kind === 'client' || actor.kind === 'status_link') {
        await appendDenial(
          trx,
          actor,
          {
            ...base,
            ...(await contactActorColumns(trx, actor)),
            action: 'denied',
            reason: [`${request.action} refused (${decision.reason})`, request.reason?.trim()]
              .filter(Boolean)
              .join(': '),
            role: actor.kind === 'staff' ? actor.roles.map((r) => r.role).join(',') || null : null,
          },
          now,
        );
      }
      return { allowed: false as const };
    }
    const result = await work(trx, decision);
    await appendAccessLog(
      trx,
      {
        ...base,
        ...(await contactActorColumns(trx, actor)),
        action: request.action,
        reason: request.reason?.trim() || null,
        role: decision.role,
      },
      now,
    );
    return { allowed: true as const, result };
  });
  if (outcome.allowed) return outcome.result;
  throw new AppError('contact.not_found', 404);
}

async function contactFacts(
  trx: Transaction<DB>,
  actor: ContactActor,
  request: ContactAccessRequest,
): Promise<ContactFacts> {
  // a new contact's id was made for this request: there is nothing to look up
  if (request.contactId !== null && request.action === 'create' && request.resource.type === 'contact')
    return { contact: null, queue: null };
  if (request.contactId !== null) {
    const row = await trx
      .selectFrom('contact')
      .select(['region_id', 'registry_organization_id', 'client_id'])
      .where('id', '=', request.contactId)
      .executeTakeFirst();
    return {
      contact: row
        ? {
            regionId: row.region_id,
            registryOrganizationId: row.registry_organization_id,
            clientId: row.client_id,
          }
        : null,
      queue: null,
    };
  }
  if (actor.kind !== 'staff') return { contact: null, queue: null };
  // the chosen contact-point organisation, else the region's wellbeing services county
  const region = await trx
    .selectFrom('region')
    .select(
      sql<string | null>`coalesce(region.contact_point_organization_id, (
        SELECT o.id FROM organization o WHERE o.region_id = region.id AND o.kind = 'region' ORDER BY o.id LIMIT 1))`.as(
        'contact_point_organization_id',
      ),
    )
    .where('id', '=', actor.regionId)
    .executeTakeFirst();
  return {
    contact: null,
    queue: {
      regionId: actor.regionId,
      registryOrganizationId: region?.contact_point_organization_id ?? null,
    },
  };
}

/** Who the log names: staff by name and organisation, a client by name, others by their way in. */
async function contactActorColumns(trx: Transaction<DB>, actor: ContactActor) {
  if (actor.kind === 'staff') return staffActorColumns(trx, actor);
  if (actor.kind === 'client') {
    return {
      actorKind: 'client' as const,
      staffUserId: null,
      actorClientId: actor.clientId,
      actorName: actor.name,
      organizationId: null,
      organizationName: null,
    };
  }
  return {
    actorKind: 'public' as const,
    staffUserId: null,
    actorClientId: null,
    actorName: actor.kind === 'status_link' ? 'status link' : 'public form',
    organizationId: null,
    organizationName: null,
  };
}

// ---------------------------------------------------------------- handoffs (issue 6)

/**
 * The door to handoffs: decideHandoff, the work (which is told the actor's side), and the
 * access-log row, in one transaction. Refusals answer "not found" and are logged as 'denied'.
 */
export async function accessHandoff<T>(
  db: Kysely<DB>,
  actor: ContactActor,
  request: HandoffAccessRequest,
  work: (trx: Transaction<DB>, side: HandoffSide) => Promise<T>,
  now = new Date(),
): Promise<T> {
  const outcome = await db.transaction().execute(async (trx) => {
    const facts = await handoffFacts(trx, request);
    const decision = decideHandoff(actor, request, facts);
    const contactId = facts.handoff?.contactId ?? request.contactId ?? null;
    const client = contactId
      ? await trx.selectFrom('contact').select('client_id').where('id', '=', contactId).executeTakeFirst()
      : undefined;
    const base = {
      regionId:
        facts.handoff?.regionId ??
        facts.contact?.regionId ??
        (actor.kind === 'staff' || actor.kind === 'client' ? actor.regionId : null),
      clientId: client?.client_id ?? null,
      resourceType: request.resource.type,
      resourceId: request.resource.id ?? request.handoffId,
      breakGlass: false,
      registryOrganizationId:
        facts.handoff?.senderOrganizationId ?? facts.contact?.registryOrganizationId ?? null,
    };
    if (!decision.allowed) {
      if (actor.kind !== 'anonymous') {
        await appendDenial(
          trx,
          actor,
          {
            ...base,
            ...(await contactActorColumns(trx, actor)),
            action: 'denied',
            reason: [`${request.action} refused (${decision.reason})`, request.reason?.trim()]
              .filter(Boolean)
              .join(': '),
            role: actor.kind === 'staff' ? actor.roles.map((r) => r.role).join(',') || null : null,
          },
          now,
        );
      }
      return { allowed: false as const };
    }
    const result = await work(trx, decision.side);
    await appendAccessLog(
      trx,
      {
        ...base,
        ...(await contactActorColumns(trx, actor)),
        action: request.action,
        reason: request.reason?.trim() || null,
        role: decision.role,
      },
      now,
    );
    return { allowed: true as const, result };
  });
  if (outcome.allowed) return outcome.result;
  throw new AppError('handoff.not_found', 404);
}

async function handoffFacts(trx: Transaction<DB>, request: HandoffAccessRequest): Promise<HandoffFacts> {
  if (request.handoffId !== null) {
    const h = await trx
      .selectFrom('handoff')
      .select([
        'region_id',
        'contact_id',
        'sender_organization_id',
        'target_organization_id',
        'target_unit_id',
      ])
      .where('id', '=', request.handoffId)
      .executeTakeFirst();
    return {
      handoff: h
        ? {
            regionId: h.region_id,
            contactId: h.contact_id,
            senderOrganizationId: h.sender_organization_id,
            targetOrganizationId: h.target_organization_id,
            targetUnitId: h.target_unit_id,
          }
        : null,
      contact: null,
    };
  }
  if (request.contactId) {
    const c = await trx
      .selectFrom('contact')
      .select(['region_id', 'registry_organization_id'])
      .where('id', '=', request.contactId)
      .executeTakeFirst();
    return {
      handoff: null,
      contact: c ? { regionId: c.region_id, registryOrganizationId: c.registry_organization_id } : null,
    };
  }
  return { handoff: null, contact: null };
}
