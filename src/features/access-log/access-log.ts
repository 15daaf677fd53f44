/**
 * Reading the access log. The log is about client data, so reading it is itself logged where
 * a professional reads it: every search and export of the data-protection officer appends a
 * row (action 'read' or 'export', resource 'access_log') in the same transaction as the read.
 * The client reading the list of accesses to their own data is not logged: it is their own
 * data, shown only to them, and logging it would fill that very list with their own visits.
 *
 * With a read replica (DATABASE_READ_URL) the DPO's search and export read from it, and the row
 * that logs them is committed on the primary first: a read is never without its row (one that
 * then fails is logged all the same, the safe side). Without a replica the row and the read share
 * one transaction, as before. The client's own list always reads the primary.
 */
import type { Kysely } from 'kysely';
import { appendAccessLog, staffActorColumns } from '../../platform/access/index.ts';
import type { ClientActor, StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { type AccessLogFilters, type AccessLogView, accessesToClient, searchAccessLog } from './queries.ts';

export const PAGE_SIZE = 50;
/** An export larger than this is cut: narrow the filters. */
export const EXPORT_LIMIT = 100_000;

/** "Who has read my data": every access to the signed-in client's data (703/2023 §11). */
export async function myAccessLog(db: Kysely<DB>, actor: ClientActor, page: number) {
  return accessesToClient(db, actor.clientId, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
}

/** The DPO's search of their region's log (from `read`: the replica, or the primary); logged as a read of the access log. */
export async function searchRegionAccessLog(
  db: Kysely<DB>,
  actor: StaffActor,
  filters: AccessLogFilters,
  page: number,
  read: Kysely<DB> = db,
): Promise<{ rows: AccessLogView[]; total: number }> {
  return loggedRead(db, read, actor, 'read', filters, (from) =>
    searchAccessLog(from, actor.regionId, filters, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
  );
}

/** The DPO's CSV export of their region's log (from `read`); logged as an export. */
export async function exportRegionAccessLog(
  db: Kysely<DB>,
  actor: StaffActor,
  filters: AccessLogFilters,
  read: Kysely<DB> = db,
): Promise<AccessLogView[]> {
  const { rows } = await loggedRead(db, read, actor, 'export', filters, (from) =>
    searchAccessLog(from, actor.regionId, filters, { offset: 0, limit: EXPORT_LIMIT }),
  );
  return rows;
}

/** The read and its log row: one transaction on the primary, or the row on the primary first, then the read on the replica. */
async function loggedRead<T>(
  db: Kysely<DB>,
  read: Kysely<DB>,
  actor: StaffActor,
  action: 'read' | 'export',
  filters: AccessLogFilters,
  readIt: (from: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (read === db) {
    return db.transaction().execute(async (trx) => {
      const result = await readIt(trx);
      await logAccessLogRead(trx, actor, action, filters);
      return result;
    });
  }
  await db.transaction().execute((trx) => logAccessLogRead(trx, actor, action, filters));
  return readIt(read);
}

async function logAccessLogRead(
  trx: Parameters<typeof appendAccessLog>[0],
  actor: StaffActor,
  action: 'read' | 'export',
  filters: AccessLogFilters,
) {
  await appendAccessLog(trx, {
    ...(await staffActorColumns(trx, actor)),
    role: 'dpo',
    regionId: actor.regionId,
    // a search for one client (by id) is an access to that client's data
    clientId: filters.client && UUID_PATTERN.test(filters.client) ? filters.client : null,
    action,
    resourceType: 'access_log',
    resourceId: null,
    reason: describeFilters(filters),
    breakGlass: false,
    registryOrganizationId: null,
  });
}

function describeFilters(f: AccessLogFilters): string {
  const parts = [
    f.client ? `client=${f.client}` : '',
    f.user ? `user=${f.user}` : '',
    f.from ? `from=${f.from.toISOString()}` : '',
    f.until ? `until=${f.until.toISOString()}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `search ${parts.join(' ')}` : 'search (no filters)';
}
