/**
 * The floor of a logged read (issue 15, "goals restated"): what any design that logs a read
 * durably must do at least — the read's SELECT and one access-log row appended to its chain
 * as platform/access/log.ts does it (head locked FOR UPDATE, the row and the head moved on in
 * one statement, the same hash, so every chain still verifies), in one transaction through
 * the driver, committed with PostgreSQL's `synchronous_commit` as the server has it (on: the
 * bench warns otherwise). A read through the door is judged against this, not against a bare
 * SELECT that writes nothing.
 */
import { rowHash, SHARDS } from '../src/platform/access/log.ts';
import type { RawQuery } from './common.ts';

/** The log row's content, as the door would write it (everything but id, shard, seq, at and the hashes). */
export interface FloorLogEntry {
  actorKind: 'staff' | 'client' | 'system' | 'public';
  staffUserId: string | null;
  actorName: string;
  organizationId: string | null;
  organizationName: string | null;
  role: string | null;
  regionId: string | null;
  clientId: string | null;
  action: 'read' | 'create' | 'update' | 'delete' | 'export';
  resourceType: string;
  resourceId: string | null;
  registryOrganizationId: string | null;
}

const LOCK_CHAIN_HEAD = `
  SELECT shard, last_seq, last_hash, nextval('access_log_id_seq') AS id
  FROM access_log_chain WHERE shard = pg_backend_pid() % ${SHARDS} FOR UPDATE`;
const APPEND_LOG = `
  WITH appended AS (
    INSERT INTO access_log (id, shard, seq, at, actor_kind, staff_user_id, actor_client_id, actor_name,
      organization_id, organization_name, role, region_id, client_id, action, resource_type, resource_id,
      reason, break_glass, registry_organization_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL, false, $16, $17, $18))
  UPDATE access_log_chain SET last_seq = $3, last_hash = $18 WHERE shard = $2`;

/** Appends one chained access-log row in the caller's transaction (two statements, as log.ts). */
export async function appendFloorLogRow(query: RawQuery, entry: FloorLogEntry): Promise<void> {
  const [head] = (await query(LOCK_CHAIN_HEAD, [])) as {
    shard: number;
    last_seq: string;
    last_hash: string;
    id: string;
  }[];
  if (!head) throw new Error('no chain head');
  const now = new Date();
  const content = {
    id: String(head.id),
    shard: Number(head.shard),
    seq: String(Number(head.last_seq) + 1),
    at: now,
    actor_kind: entry.actorKind,
    staff_user_id: entry.staffUserId,
    actor_client_id: null,
    actor_name: entry.actorName,
    organization_id: entry.organizationId,
    organization_name: entry.organizationName,
    role: entry.role,
    region_id: entry.regionId,
    client_id: entry.clientId,
    action: entry.action,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId,
    reason: null,
    break_glass: false,
    registry_organization_id: entry.registryOrganizationId,
  };
  const hash = rowHash(head.last_hash, content);
  await query(APPEND_LOG, [
    content.id,
    content.shard,
    content.seq,
    now,
    content.actor_kind,
    content.staff_user_id,
    content.actor_name,
    content.organization_id,
    content.organization_name,
    content.role,
    content.region_id,
    content.client_id,
    content.action,
    content.resource_type,
    content.resource_id,
    content.registry_organization_id,
    head.last_hash,
    hash,
  ]);
}

/** `SHOW synchronous_commit` on PostgreSQL (PGlite: null); the floor is durable only when 'on'. */
export async function synchronousCommit(query: RawQuery, url: string | null): Promise<string | null> {
  if (!url) return null;
  const [row] = (await query('SHOW synchronous_commit', [])) as { synchronous_commit: string }[];
  return row?.synchronous_commit ?? null;
}
