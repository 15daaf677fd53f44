/**
 * The tamper-evident access log: append (always inside the caller's transaction) and verify.
 * Each row's hash = sha256(prev_hash + "\n" + canonical content). The chain is striped into
 * SHARDS independent chains; a writer locks its shard's head (access_log_chain) FOR UPDATE,
 * so writers of one shard take turns and no chain can fork, while writers of different
 * shards commit side by side. A connection writes to the shard of its backend pid, so a
 * transaction only ever holds one head. The lock is held until the caller's transaction
 * ends, which is why withAccess (door.ts) appends the row after the work is done.
 */
import { createHash } from 'node:crypto';
import {
  CompiledQuery,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  type QueryCreator,
  sql,
  type Transaction,
} from 'kysely';
import type { AccessLogAction, AccessLogTable, DB } from '../db/types.ts';
import type { Notification } from '../events.ts';

/** The number of chains (rows of access_log_chain, migration 0005). */
export const SHARDS = 8;

export interface AccessLogEntry {
  actorKind: 'staff' | 'client' | 'system' | 'public';
  staffUserId: string | null;
  actorClientId: string | null;
  actorName: string;
  organizationId: string | null;
  /** undefined: read from organizationId in the statement that locks the chain (one round trip less) */
  organizationName: string | null | undefined;
  role: string | null;
  regionId: string | null;
  clientId: string | null;
  action: AccessLogAction;
  resourceType: string;
  resourceId: string | null;
  reason: string | null;
  breakGlass: boolean;
  registryOrganizationId: string | null;
}

type StoredRow = Omit<AccessLogTable, 'id' | 'seq' | 'at'> & {
  id: string | number;
  seq: string | number;
  at: Date;
};

/** The content a hash covers, in a fixed order: every column but the hashes themselves. */
function contentValues(row: Omit<StoredRow, 'prev_hash' | 'hash'>) {
  return [
    String(row.id),
    Number(row.shard),
    String(row.seq),
    row.at.toISOString(),
    row.actor_kind,
    row.staff_user_id,
    row.actor_client_id,
    row.actor_name,
    row.organization_id,
    row.organization_name,
    row.role,
    row.region_id,
    row.client_id,
    row.action,
    row.resource_type,
    row.resource_id,
    row.reason,
    row.break_glass,
    row.registry_organization_id,
  ];
}

export function canonicalContent(row: Omit<StoredRow, 'prev_hash' | 'hash'>): string {
  return JSON.stringify(contentValues(row));
}

export function rowHash(prevHash: string, row: Omit<StoredRow, 'prev_hash' | 'hash'>): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalContent(row)}`)
    .digest('hex');
}

/** Appends one row to its shard's chain in the caller's transaction; returns its id. */
/**
 * A write that belongs with an access and goes in the same statement as its log row (a
 * disclosure event of consent): one round trip less on every read across registries.
 */
export type SideWrite = (
  creator: QueryCreator<DB>,
  // biome-ignore lint/suspicious/noExplicitAny: any one table's insert (Kysely's table type is invariant)
) => InsertQueryBuilder<DB, any, InsertResult>;

interface ChainHead {
  shard: number;
  last_seq: string;
  last_hash: string;
  id: string;
  organization_name: string | null;
}

/*
 * The two statements of an append as SQL text, made once: every read of client data runs them,
 * and building them with Kysely's query builder each time cost more of the process's time than
 * sending them (docs/bench.md, "The logged read").
 */

/**
 * Locks this connection's chain head and draws the row's id; with an organisation's id, reads
 * its name (one round trip less); with notifications, sends them (delivered when the
 * transaction commits, in their order: one round trip less for each).
 */
function lockHead(
  organizationId: string | null,
  notifications: readonly Notification[],
): CompiledQuery<ChainHead> {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => {
    parameters.push(value);
    return `$${parameters.length}`;
  };
  const name =
    organizationId !== null
      ? `(SELECT o.name->>'fi' FROM organization o WHERE o.id = ${parameter(organizationId)})`
      : 'NULL::text';
  const notified =
    notifications.length > 0
      ? `(SELECT count(pg_notify(n.channel, n.payload)) FROM unnest(${parameter(notifications.map((n) => n.channel))}::text[], ${parameter(notifications.map((n) => n.payload))}::text[]) AS n(channel, payload))`
      : '0';
  return CompiledQuery.raw(
    `SELECT shard, last_seq, last_hash, nextval('access_log_id_seq') AS id, ${name} AS organization_name, ${notified} AS notified
     FROM access_log_chain WHERE shard = pg_backend_pid() % ${SHARDS} FOR UPDATE`,
    parameters,
  );
}

/**
 * The row, and its chain's head moved on to it: $1 … $19 the content (canonicalContent's
 * order), $20 prev_hash, $21 hash (appendParameters). The bench's floor sends the same.
 */
export const APPEND_ACCESS_LOG = `
  WITH appended AS (
    INSERT INTO access_log (id, shard, seq, at, actor_kind, staff_user_id, actor_client_id, actor_name,
      organization_id, organization_name, role, region_id, client_id, action, resource_type, resource_id,
      reason, break_glass, registry_organization_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21))
  UPDATE access_log_chain SET last_seq = $3, last_hash = $21 WHERE shard = $2`;

/** APPEND_ACCESS_LOG's parameters: the columns a hash covers, in its order, then the hashes. */
export function appendParameters(
  row: Omit<StoredRow, 'prev_hash' | 'hash'>,
  prevHash: string,
  hash: string,
): unknown[] {
  return [...contentValues(row), prevHash, hash];
}

export async function appendAccessLog(
  trx: Transaction<DB>,
  entry: AccessLogEntry,
  now = new Date(),
  sideWrites: readonly SideWrite[] = [],
  notifications: readonly Notification[] = [],
): Promise<string> {
  const lookUpName = entry.organizationName === undefined && entry.organizationId !== null;
  const { rows } = await trx.executeQuery<ChainHead>(
    lockHead(lookUpName ? entry.organizationId : null, notifications),
  );
  const head = rows[0];
  if (!head) throw new Error('access_log_chain has no head for this shard');
  const content = {
    id: String(head.id),
    shard: Number(head.shard),
    seq: String(Number(head.last_seq) + 1),
    at: now,
    actor_kind: entry.actorKind,
    staff_user_id: entry.staffUserId,
    actor_client_id: entry.actorClientId,
    actor_name: entry.actorName,
    organization_id: entry.organizationId,
    organization_name: lookUpName ? head.organization_name : (entry.organizationName ?? null),
    role: entry.role,
    region_id: entry.regionId,
    client_id: entry.clientId,
    action: entry.action,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId,
    reason: entry.reason,
    break_glass: entry.breakGlass,
    registry_organization_id: entry.registryOrganizationId,
  };
  const hash = rowHash(head.last_hash, content);
  // one statement (one round trip while the head is locked): the row, and the head moved on
  if (sideWrites.length === 0) {
    await trx.executeQuery(
      CompiledQuery.raw(APPEND_ACCESS_LOG, appendParameters(content, head.last_hash, hash)),
    );
    return content.id;
  }
  let statement = trx.with('appended', (q) =>
    q.insertInto('access_log').values({ ...content, prev_hash: head.last_hash, hash }),
  );
  sideWrites.forEach((write, i) => {
    statement = statement.with(`side_${i}`, write) as unknown as typeof statement;
  });
  await statement
    .updateTable('access_log_chain')
    .set({ last_seq: content.seq, last_hash: hash })
    .where('shard', '=', content.shard)
    .execute();
  return content.id;
}

export interface TamperedRow {
  /** null when the row is missing */
  id: string | null;
  at: Date | null;
  shard: number;
  seq: string;
}

export type VerifyResult =
  | { ok: true; count: number }
  | { ok: false; count: number; row: TamperedRow; problem: string };

const BATCH = 2000;

/**
 * Walks every shard's chain from its anchor (the oldest row retention left) to its head, and
 * names the first row (by id) whose content, link or position does not fit.
 */
export async function verifyAccessLog(db: Kysely<DB>): Promise<VerifyResult> {
  const heads = await db.selectFrom('access_log_chain').selectAll().orderBy('shard').execute();
  let count = 0;
  const failures: { row: TamperedRow; problem: string }[] = [];
  for (const head of heads) {
    const shard = Number(head.shard);
    let expected = Number(head.anchor_seq);
    let prevHash = head.anchor_prev_hash;
    let failure: { row: TamperedRow; problem: string } | undefined;
    const missing = (seq: number, problem: string) => ({
      row: { id: null, at: null, shard, seq: String(seq) },
      problem,
    });
    walk: for (;;) {
      const rows = await db
        .selectFrom('access_log')
        .selectAll()
        .where('shard', '=', shard)
        .where('seq', '>=', String(expected))
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        const at = new Date(row.at);
        const here = { id: String(row.id), at, shard, seq: String(row.seq) };
        if (Number(row.seq) !== expected) {
          failure = missing(
            expected,
            `row ${expected} of chain ${shard} is missing (the next is ${row.seq})`,
          );
        } else if (row.prev_hash !== prevHash) {
          failure = { row: here, problem: 'its link to the previous row does not match' };
        } else if (rowHash(row.prev_hash, { ...row, at }) !== row.hash) {
          failure = { row: here, problem: 'its content does not match its hash' };
        }
        if (failure) break walk;
        prevHash = row.hash;
        expected++;
        count++;
      }
      if (rows.length < BATCH) break;
    }
    if (!failure && (expected - 1 !== Number(head.last_seq) || prevHash !== head.last_hash)) {
      failure = missing(expected, `rows ${expected}–${head.last_seq} of chain ${shard} are missing`);
    }
    if (failure) failures.push(failure);
  }
  const first = failures.sort((a, b) => Number(a.row.id ?? Infinity) - Number(b.row.id ?? Infinity))[0];
  return first ? { ok: false, count, ...first } : { ok: true, count };
}
