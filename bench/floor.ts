/**
 * The floor of a logged read (issue 15, "goals restated"): what any design that logs a read
 * durably must do at least — the read's SELECT and one access-log row appended to its chain
 * as platform/access/log.ts does it (head locked FOR UPDATE, the row and the head moved on in
 * one statement, the same hash, so every chain still verifies), in one transaction through
 * the driver, committed with PostgreSQL's `synchronous_commit` as the server has it (on: the
 * bench warns otherwise). A read through the door is judged against this, not against a bare
 * SELECT that writes nothing.
 */
import { APPEND_ACCESS_LOG, appendParameters, rowHash, SHARDS } from '../src/platform/access/log.ts';
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
  await query(APPEND_ACCESS_LOG, appendParameters(content, head.last_hash, hash));
}

/** `SHOW synchronous_commit` on PostgreSQL (PGlite: null); the floor is durable only when 'on'. */
export async function synchronousCommit(query: RawQuery, url: string | null): Promise<string | null> {
  if (!url) return null;
  const [row] = (await query('SHOW synchronous_commit', [])) as { synchronous_commit: string }[];
  return row?.synchronous_commit ?? null;
}
