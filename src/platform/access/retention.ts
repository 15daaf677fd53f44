/**
 * Retention: access-log rows are kept for ACCESS_LOG_RETENTION_DAYS (default 730, two
 * years) and then removed by this job only. In one transaction it locks every chain's head,
 * appends a 'retention' row that names what it removes (per chain: the rows, and the hash of
 * the last one), then removes each chain's expired prefix through remove_expired_access_log(),
 * which moves that chain's anchor so verification starts from the oldest remaining row.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/types.ts';
import { appendAccessLog } from './log.ts';

export interface RetentionReport {
  removed: number;
  cutoff: Date;
  /** per chain, the rows (seq) removed */
  chains: { shard: number; fromSeq: string; toSeq: string }[];
}

export async function removeExpiredAccessLog(
  db: Kysely<DB>,
  now: Date,
  retentionDays: number,
): Promise<RetentionReport> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    // Every head, in shard order: no writer appends while a prefix is cut. A writer holds one
    // head only, so this cannot deadlock with them.
    const heads = await trx
      .selectFrom('access_log_chain')
      .select(['shard', 'anchor_seq'])
      .orderBy('shard')
      .forUpdate()
      .execute();
    // A chain's expired prefix ends before its first row that is still kept.
    const bounds = await trx
      .selectFrom('access_log')
      .select([
        'shard',
        sql<string | null>`max(seq) filter (where at < ${cutoff})`.as('lastExpired'),
        sql<string | null>`min(seq) filter (where at >= ${cutoff})`.as('firstKept'),
      ])
      .groupBy('shard')
      .execute();
    const chains: (RetentionReport['chains'][number] & { hash: string })[] = [];
    for (const head of heads) {
      const b = bounds.find((x) => Number(x.shard) === Number(head.shard));
      if (!b?.lastExpired) continue;
      const upTo = b.firstKept
        ? Math.min(Number(b.lastExpired), Number(b.firstKept) - 1)
        : Number(b.lastExpired);
      if (upTo < Number(head.anchor_seq)) continue;
      const last = await trx
        .selectFrom('access_log')
        .select('hash')
        .where('shard', '=', Number(head.shard))
        .where('seq', '=', String(upTo))
        .executeTakeFirstOrThrow();
      chains.push({
        shard: Number(head.shard),
        fromSeq: String(head.anchor_seq),
        toSeq: String(upTo),
        hash: last.hash,
      });
    }
    if (chains.length === 0) return { removed: 0, cutoff, chains: [] };
    await appendAccessLog(
      trx,
      {
        actorKind: 'system',
        staffUserId: null,
        actorClientId: null,
        actorName: 'retention',
        organizationId: null,
        organizationName: null,
        role: null,
        regionId: null,
        clientId: null,
        action: 'retention',
        resourceType: 'access_log',
        resourceId: chains.map((c) => `${c.shard}:${c.fromSeq}-${c.toSeq}`).join(' '),
        reason:
          `removed rows older than ${cutoff.toISOString()} (kept ${retentionDays} days): ` +
          chains.map((c) => `chain ${c.shard} rows ${c.fromSeq}-${c.toSeq}, last hash ${c.hash}`).join('; '),
        breakGlass: false,
        registryOrganizationId: null,
      },
      now,
    );
    let removed = 0;
    for (const c of chains) {
      const result = await sql<{ removed: string }>`
        select remove_expired_access_log(${c.shard}::smallint, ${c.toSeq}::bigint) as removed`.execute(trx);
      removed += Number(result.rows[0]?.removed ?? 0);
    }
    return { removed, cutoff, chains: chains.map(({ hash: _, ...c }) => c) };
  });
}
