import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AccessLogAction, DB } from '../../platform/db/types.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';

/** One access-log row as the pages and the CSV show it (a whitelist of columns). */
export interface AccessLogView {
  id: string;
  at: Date;
  actorKind: 'staff' | 'client' | 'system' | 'public';
  actorName: string;
  organizationName: string | null;
  role: string | null;
  clientId: string | null;
  clientName: string | null;
  action: AccessLogAction;
  resourceType: string;
  resourceId: string | null;
  reason: string | null;
  breakGlass: boolean;
}

export interface AccessLogFilters {
  /** a client's id, or a part of their name */
  client?: string;
  /** a staff user's id, or a part of the actor's name */
  user?: string;
  from?: Date;
  /** exclusive */
  until?: Date;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('access_log')
    .leftJoin('client', 'client.id', 'access_log.client_id')
    .select([
      'access_log.id',
      'access_log.at',
      'access_log.actor_kind as actorKind',
      'access_log.actor_name as actorName',
      'access_log.organization_name as organizationName',
      'access_log.role',
      'access_log.client_id as clientId',
      'client.name as clientName',
      'access_log.action',
      'access_log.resource_type as resourceType',
      'access_log.resource_id as resourceId',
      'access_log.reason',
      'access_log.break_glass as breakGlass',
    ]);
}

const toView = (row: Omit<AccessLogView, 'id' | 'at'> & { id: string | number; at: Date | string }) => ({
  ...row,
  id: String(row.id),
  at: new Date(row.at),
});

/**
 * Every access to the client's data by someone else, newest first: not refusals, and not the
 * client's own use of their data (sending a contact, opening their own page), which would
 * fill the list with their own visits; the data-protection officer's log keeps those too.
 */
export async function accessesToClient(
  db: Kysely<DB>,
  clientId: string,
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: AccessLogView[]; total: number }> {
  const where = (q: ReturnType<typeof baseQuery>) =>
    q
      .where('access_log.client_id', '=', clientId)
      .where('access_log.action', 'in', ['read', 'create', 'update', 'delete', 'export'])
      .where((eb) =>
        eb.or([
          eb('access_log.actor_client_id', 'is', null),
          eb('access_log.actor_client_id', '!=', clientId),
        ]),
      );
  const [rows, count] = await Promise.all([
    where(baseQuery(db)).orderBy('access_log.id', 'desc').offset(offset).limit(limit).execute(),
    where(baseQuery(db)).clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toView), total: Number(count.n) };
}

/** The region's access log with the filters, newest first. */
export async function searchAccessLog(
  db: Kysely<DB>,
  regionId: string,
  filters: AccessLogFilters,
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: AccessLogView[]; total: number }> {
  const where = (q: ReturnType<typeof baseQuery>) => {
    let r = q.where('access_log.region_id', '=', regionId);
    const { client, user, from, until } = filters;
    if (client) {
      r = UUID_PATTERN.test(client)
        ? r.where('access_log.client_id', '=', client)
        : r.where('client.name', 'ilike', likePattern(client));
    }
    if (user) {
      r = UUID_PATTERN.test(user)
        ? r.where('access_log.staff_user_id', '=', user)
        : r.where('access_log.actor_name', 'ilike', likePattern(user));
    }
    if (from) r = r.where('access_log.at', '>=', from);
    if (until) r = r.where('access_log.at', '<', until);
    return r;
  };
  const [rows, count] = await Promise.all([
    where(baseQuery(db)).orderBy('access_log.id', 'desc').offset(offset).limit(limit).execute(),
    where(baseQuery(db)).clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toView), total: Number(count.n) };
}
