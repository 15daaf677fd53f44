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
import { CompiledQuery, type Transaction } from 'kysely';
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

interface FactRow {
  region_id: string | null;
  staff_user_id: string | null;
  client_id: string | null;
  organization_id: string | null;
  ended_at: Date | string | null;
}

/** $1 the client, $2 the staff member (null for the client themself: no relationship matches). */
const FACTS = `
  SELECT c.region_id, r.staff_user_id, r.client_id, r.organization_id, r.ended_at
  FROM client c LEFT JOIN care_relationship r ON r.client_id = c.id AND r.staff_user_id = $2::uuid
  WHERE c.id = $1::uuid`;

async function clientRecordFacts(
  trx: Transaction<DB>,
  actor: AccessActor,
  _action: AccessAction,
  resource: ResourceRef,
  now: Date,
): Promise<AccessFacts> {
  if ((actor.kind !== 'staff' && actor.kind !== 'client') || !resource.id) {
    return { clientRegionId: null, careRelationships: [], now };
  }
  // one round trip: the client's region and, for staff, their care relationships with them (a
  // relationship always names an existing client: its foreign key); the SQL text is made once
  const { rows } = await trx.executeQuery<FactRow>(
    CompiledQuery.raw(FACTS, [resource.id, actor.kind === 'staff' ? actor.userId : null]),
  );
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
