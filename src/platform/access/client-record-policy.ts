/**
 * The generic client record: a client's data kept by an organisation (its registry
 * controller), reached by care relationship or by breaking the glass. Its rules are `decide`
 * (policy.ts, pure, tested in policy.test.ts); this registers them with the door for the
 * resource type 'client_record'. Platform: it reads only the identity tables (client,
 * care_relationship), and so imports no feature.
 *
 * The resource: `clientRecord(clientId, registryOrganizationId, { breakGlass })`, i.e.
 * { type: 'client_record', id: the client, parentId: the registry organisation }; a
 * break-the-glass read gives its reason to the door (withAccess's `reason`).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { AppError } from '../errors.ts';
import {
  type AccessAction,
  type AccessActor,
  type AccessDecision,
  definePolicy,
  type LogTarget,
  type ResourceRef,
} from './door.ts';
import { type AccessFacts, decide } from './policy.ts';

export const CLIENT_RECORD = 'client_record';

/** A client's record kept by an organisation, as the door is asked about it. */
export function clientRecord(
  clientId: string,
  registryOrganizationId: string,
  options: { breakGlass?: boolean } = {},
): ResourceRef {
  return {
    type: CLIENT_RECORD,
    id: clientId,
    parentId: registryOrganizationId,
    ...(options.breakGlass ? { breakGlass: true } : {}),
  };
}

async function clientRecordFacts(
  trx: Transaction<DB>,
  actor: AccessActor,
  _action: AccessAction,
  resource: ResourceRef,
  now: Date,
): Promise<AccessFacts> {
  if (actor.kind !== 'staff' && actor.kind !== 'client') {
    return { clientRegionId: null, careRelationships: [], now };
  }
  const clientId = resource.id ?? '';
  // one round trip: the client's region and, for staff, their care relationships with them (a
  // relationship always names an existing client: its foreign key)
  const rows = await trx
    .selectFrom('client')
    .leftJoin('care_relationship', (join) =>
      join
        .onRef('care_relationship.client_id', '=', 'client.id')
        .on('care_relationship.staff_user_id', '=', actor.kind === 'staff' ? actor.userId : null),
    )
    .select([
      'client.region_id',
      'care_relationship.staff_user_id',
      'care_relationship.client_id',
      'care_relationship.organization_id',
      'care_relationship.ended_at',
    ])
    .where('client.id', '=', clientId)
    .execute();
  return {
    clientRegionId: rows[0]?.region_id ?? null,
    careRelationships: rows.flatMap((c) =>
      c.staff_user_id !== null && c.client_id !== null && c.organization_id !== null
        ? [
            {
              staffUserId: c.staff_user_id,
              clientId: c.client_id,
              organizationId: c.organization_id,
              endedAt: c.ended_at ? new Date(c.ended_at) : null,
            },
          ]
        : [],
    ),
    now,
  };
}

function decideClientRecord(
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  facts: AccessFacts | undefined,
  reason?: string,
): AccessDecision {
  // a status link or a job is nobody's care relationship
  if (actor.kind === 'status_link' || actor.kind === 'system' || !facts)
    return { allowed: false, reason: 'anonymous' };
  const decision = decide(
    actor,
    {
      clientId: resource.id ?? '',
      registryOrganizationId: resource.parentId ?? '',
      action,
      resource: { type: resource.type, ...(resource.id ? { id: resource.id } : {}) },
      ...(reason !== undefined ? { reason } : {}),
      ...(resource.breakGlass ? { breakGlass: true } : {}),
    },
    facts,
  );
  if (!decision.allowed) {
    return decision.reason === 'break_glass_reason_too_short'
      ? { ...decision, error: new AppError('access.break_glass_reason_too_short', 400) }
      : decision;
  }
  return {
    allowed: true,
    role: decision.role,
    basis: decision.basis,
    breakGlass: decision.breakGlass,
  };
}

/** The log names the client, in the client's region (else the actor's), and the registry. */
function clientRecordTarget(
  facts: AccessFacts | undefined,
  actor: AccessActor,
  resource: ResourceRef,
): LogTarget {
  const own = actor.kind === 'staff' || actor.kind === 'client' ? actor.regionId : null;
  return {
    regionId: facts?.clientRegionId ?? own,
    clientId: resource.id,
    registryOrganizationId: resource.parentId ?? null,
    resourceId: resource.id,
  };
}

export const clientRecordPolicy = definePolicy<AccessFacts>({
  resources: [CLIENT_RECORD],
  actions: ['read', 'create', 'update', 'delete', 'export'],
  notFound: 'access.not_found',
  facts: clientRecordFacts,
  decide: decideClientRecord,
  target: clientRecordTarget,
});
