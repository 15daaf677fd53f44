/**
 * Every read and write of the contact point's client data — contact, contact_event,
 * record_entry, record_entry_version — stands here (issue 11, test/security/client-data-sql):
 * functions that take the transaction the door (platform/access/door.ts) opened for the
 * access, so none of them runs without the policy's decision and its access-log row. The one
 * exception says why where it stands: the status link's token lookup, which finds who the
 * actor is.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { AlongLog } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type {
  ContactEventKind,
  ContactState,
  ContactTable,
  DB,
  RecordEntryType,
  Urgency,
} from '../../platform/db/types.ts';

// ---------------------------------------------------------------- intake

/** A contact received earlier with this idempotency key (a retry of the same request). */
export async function contactByIdempotencyKey(trx: Transaction<DB>, key: string) {
  return trx
    .selectFrom('contact')
    .select(['id', 'reference', 'request_hash', 'respond_by', 'language', 'urgency', 'safety'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Inserts a new contact with the next reference of the year (PV-2026-000123); undefined when
 * a retry with the same idempotency key raced this request and committed first.
 */
export async function insertContact(
  trx: Transaction<DB>,
  year: string,
  values: Omit<Insertable<ContactTable>, 'reference'>,
) {
  return trx
    .insertInto('contact')
    .values({
      ...values,
      reference: sql<string>`'PV-' || ${year} || '-' || lpad(nextval('contact_number_seq')::text, 6, '0')`,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'reference'])
    .executeTakeFirst();
}

// ---------------------------------------------------------------- record entries and events

export type Author =
  | { kind: 'staff'; staff: StaffActor }
  | { kind: 'family'; name: string }
  | { kind: 'system'; name: string };

export function authorColumns(author: Author) {
  return author.kind === 'staff'
    ? { author_kind: 'staff' as const, staff_user_id: author.staff.userId, author_name: author.staff.name }
    : { author_kind: author.kind, staff_user_id: null, author_name: author.name };
}

/** Adds a record entry and its first version; false when the entry (its id) already exists. */
export interface NewEntry {
  id: string;
  contactId: string;
  type: RecordEntryType;
  serviceTask: string;
  registry: string;
  content: Record<string, unknown>;
  author: Author;
  at: Date;
}

export async function addEntry(trx: Transaction<DB>, entry: NewEntry): Promise<boolean> {
  // the entry and its first version in one statement (an intake runs several of these)
  const author = authorColumns(entry.author);
  const inserted = await sql<{ id: string }>`
    WITH entry AS (
      INSERT INTO record_entry (id, contact_id, type, service_task_code, registry_organization_id, created_at)
      VALUES (${entry.id}, ${entry.contactId}, ${entry.type}, ${entry.serviceTask}, ${entry.registry}, ${entry.at})
      ON CONFLICT (id) DO NOTHING
      RETURNING id)
    INSERT INTO record_entry_version (entry_id, version, content, reason, at, author_kind, staff_user_id, author_name)
    SELECT id, 1, ${JSON.stringify(entry.content)}::jsonb, NULL, ${entry.at}, ${author.author_kind},
      ${author.staff_user_id}::uuid, ${author.author_name}
    FROM entry
    RETURNING entry_id AS id`.execute(trx);
  return inserted.rows.length > 0;
}

/**
 * `addEntry` inside the door's transaction (withAccess's `along`, a new entry's id): the entry
 * and its first version go in the access-log row's statement, one round trip fewer.
 */
export function addEntryAlong(along: AlongLog, entry: NewEntry): void {
  along.write((q) =>
    q.insertInto('record_entry').values({
      id: entry.id,
      contact_id: entry.contactId,
      type: entry.type,
      service_task_code: entry.serviceTask,
      registry_organization_id: entry.registry,
      created_at: entry.at,
    }),
  );
  along.write((q) =>
    q.insertInto('record_entry_version').values({
      entry_id: entry.id,
      version: 1,
      content: JSON.stringify(entry.content),
      reason: null,
      at: entry.at,
      ...authorColumns(entry.author),
    }),
  );
}

/** The contact an entry (by its id) belongs to, if the entry exists. */
export async function entryContact(trx: Transaction<DB>, entryId: string) {
  return trx.selectFrom('record_entry').select('contact_id').where('id', '=', entryId).executeTakeFirst();
}

/** An entry of the contact, locked for its correction. */
export async function lockEntry(trx: Transaction<DB>, contactId: string, entryId: string) {
  return trx
    .selectFrom('record_entry')
    .select(['id', 'type', 'contact_id', 'current_version'])
    .where('id', '=', entryId)
    .where('contact_id', '=', contactId)
    .forUpdate()
    .executeTakeFirst();
}

/** A correction: the entry's next version, which becomes its current one. */
export async function addEntryVersion(
  trx: Transaction<DB>,
  version: {
    entryId: string;
    version: number;
    content: Record<string, unknown>;
    reason: string;
    at: Date;
    author: Author;
  },
): Promise<void> {
  await trx
    .insertInto('record_entry_version')
    .values({
      entry_id: version.entryId,
      version: version.version,
      content: JSON.stringify(version.content),
      reason: version.reason,
      at: version.at,
      ...authorColumns(version.author),
    })
    .execute();
  await trx
    .updateTable('record_entry')
    .set({ current_version: version.version })
    .where('id', '=', version.entryId)
    .execute();
}

export async function addEvent(trx: Transaction<DB>, ...event: Parameters<typeof eventRow>): Promise<void> {
  await trx
    .insertInto('contact_event')
    .values(eventRow(...event))
    .execute();
}

/** `addEvent` inside the door's transaction (withAccess's `along`): in the access-log row's statement. */
export function addEventAlong(along: AlongLog, ...event: Parameters<typeof eventRow>): void {
  along.write((q) => q.insertInto('contact_event').values(eventRow(...event)));
}

function eventRow(
  contactId: string,
  at: Date,
  kind: ContactEventKind,
  from: ContactState | null,
  to: ContactState,
  staff: StaffActor | null,
  note: string | null,
) {
  return {
    contact_id: contactId,
    at,
    kind,
    from_state: from,
    to_state: to,
    staff_user_id: staff?.userId ?? null,
    actor_name: staff?.name ?? 'family',
    note,
  };
}

export interface EntryView {
  id: string;
  type: RecordEntryType;
  serviceTaskCode: string;
  createdAt: Date;
  currentVersion: number;
  content: Record<string, unknown>;
  authorName: string;
  versions: {
    version: number;
    content: Record<string, unknown>;
    reason: string | null;
    at: Date;
    authorName: string;
  }[];
}

/** A contact's record entries (of the given types), each with all its versions, oldest first. */
export async function entriesOf(
  trx: Transaction<DB>,
  contactId: string,
  types?: RecordEntryType[],
): Promise<EntryView[]> {
  let query = trx
    .selectFrom('record_entry')
    .innerJoin('record_entry_version', 'record_entry_version.entry_id', 'record_entry.id')
    .where('record_entry.contact_id', '=', contactId);
  if (types) query = query.where('record_entry.type', 'in', types);
  const rows = await query
    .select([
      'record_entry.id',
      'record_entry.type',
      'record_entry.service_task_code',
      'record_entry.created_at',
      'record_entry.current_version',
      'record_entry_version.version',
      'record_entry_version.content',
      'record_entry_version.reason',
      'record_entry_version.at',
      'record_entry_version.author_name',
    ])
    .orderBy('record_entry.created_at')
    .orderBy('record_entry.id')
    .orderBy('record_entry_version.version')
    .execute();
  const byId = new Map<string, EntryView>();
  for (const r of rows) {
    let entry = byId.get(r.id);
    if (!entry) {
      entry = {
        id: r.id,
        type: r.type,
        serviceTaskCode: r.service_task_code,
        createdAt: new Date(r.created_at),
        currentVersion: r.current_version,
        content: {},
        authorName: r.author_name,
        versions: [],
      };
      byId.set(r.id, entry);
    }
    const content = (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Record<
      string,
      unknown
    >;
    entry.versions.push({
      version: r.version,
      content,
      reason: r.reason,
      at: new Date(r.at),
      authorName: r.author_name,
    });
    if (r.version === r.current_version) entry.content = content;
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------- one contact

/**
 * The contact a status-link token opens (by the token's hash). Not inside the door: it finds
 * who the actor is (the link holder), as the sign-in finds the client; the holder then asks
 * the door for what the link shows.
 */
export async function contactIdByStatusTokenHash(db: Kysely<DB>, hash: string) {
  const row = await db
    .selectFrom('contact')
    .select('id')
    .where('status_token_hash', '=', hash)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** What the family's status page shows of their contact. */
export async function statusRow(trx: Transaction<DB>, contactId: string) {
  return trx
    .selectFrom('contact')
    .select([
      'reference',
      'state',
      'received_at',
      'respond_by',
      'language',
      'reply_channel',
      'outcome',
      'closed_at',
      'region_id',
      'urgency',
      'municipality_code',
      'channel',
    ])
    .where('id', '=', contactId)
    .executeTakeFirstOrThrow();
}

/** The whole contact, with the name of its counsellor, and its events. */
export async function contactWithEvents(trx: Transaction<DB>, contactId: string) {
  const contact = await trx
    .selectFrom('contact')
    .leftJoin('staff_user', 'staff_user.id', 'contact.assigned_to')
    .selectAll('contact')
    .select('staff_user.name as assigned_name')
    .where('contact.id', '=', contactId)
    .executeTakeFirstOrThrow();
  const events = await trx
    .selectFrom('contact_event')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('id')
    .execute();
  return { contact, events };
}

/** The contact, locked for a change; undefined when there is none. */
export async function lockContactRow(trx: Transaction<DB>, contactId: string) {
  return trx
    .selectFrom('contact')
    .select([
      'id',
      'reference',
      'state',
      'version',
      'region_id',
      'registry_organization_id',
      'assigned_to',
      'first_response_at',
      'language',
      'email',
      'phone',
      'reply_channel',
      'contact_name',
    ])
    .where('id', '=', contactId)
    .forUpdate()
    .executeTakeFirst();
}

/** Changes the contact, with its new version and time of change. */
export async function touch(
  trx: Transaction<DB>,
  contactId: string,
  now: Date,
  changes: Record<string, unknown> = {},
) {
  await trx
    .updateTable('contact')
    .set({ ...changes, updated_at: now, version: sql`version + 1` })
    .where('id', '=', contactId)
    .execute();
}

/** A staff member's work e-mail address (for their notifications). */
export async function staffEmail(trx: Transaction<DB>, staffUserId: string) {
  const row = await trx
    .selectFrom('staff_user')
    .select('email')
    .where('id', '=', staffUserId)
    .executeTakeFirst();
  return row?.email ?? null;
}

// ---------------------------------------------------------------- the queue and its counts

/** The region's open contacts: the most urgent first, then the oldest (queue.ts shapes them). */
export async function queueRows(
  trx: Transaction<DB>,
  query: {
    regionId: string;
    userId: string;
    municipality?: string;
    urgency?: Urgency;
    show?: 'all' | 'unassigned' | 'mine';
    /** the start of the family's message (for the contact point's counsellors only) */
    withText: boolean;
    limit: number;
  },
) {
  let q = trx
    .selectFrom('contact')
    .leftJoin('staff_user', 'staff_user.id', 'contact.assigned_to')
    .where('contact.region_id', '=', query.regionId)
    // a literal, not a parameter: a generic (prepared) plan can then use the partial indexes
    .where(sql<boolean>`contact.state <> 'closed'`);
  if (query.municipality) q = q.where('contact.municipality_code', '=', query.municipality);
  if (query.urgency) q = q.where('contact.urgency', '=', query.urgency);
  if (query.show === 'unassigned') q = q.where('contact.state', '=', 'new');
  if (query.show === 'mine') q = q.where('contact.assigned_to', '=', query.userId);
  return q
    .select([
      'contact.id',
      'contact.reference',
      'contact.state',
      'contact.channel',
      'contact.contacter',
      'contact.municipality_code',
      'contact.child_ages',
      'contact.topics',
      'contact.urgency',
      'contact.safety',
      'contact.reply_channel',
      'contact.language',
      'contact.received_at',
      'contact.respond_by',
      'contact.first_response_at',
      'contact.assigned_to',
      'staff_user.name as assigned_name',
      'contact.version',
      sql<string>`count(*) over ()`.as('total'),
      (query.withText
        ? sql<string | null>`(SELECT left(v.content->>'message', 1000) FROM record_entry e
            JOIN record_entry_version v ON v.entry_id = e.id AND v.version = e.current_version
            WHERE e.contact_id = contact.id AND e.type = 'contact' LIMIT 1)`
        : sql<string | null>`NULL::text`
      ).as('message_start'),
    ])
    .orderBy(sql`CASE contact.urgency WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END`)
    .orderBy('contact.received_at')
    .limit(query.limit)
    .execute();
}

/** The region's open contacts in numbers: by urgency, unclaimed, overdue, the actor's own. */
export async function queueCountRow(trx: Transaction<DB>, regionId: string, today: string, userId: string) {
  return (
    trx
      .selectFrom('contact')
      .where('region_id', '=', regionId)
      // a literal, as in the queue: the partial indexes of open contacts apply
      .where(sql<boolean>`contact.state <> 'closed'`)
      .select([
        sql<string>`count(*) FILTER (WHERE urgency = 'emergency')`.as('emergency'),
        sql<string>`count(*) FILTER (WHERE urgency = 'urgent')`.as('urgent'),
        sql<string>`count(*) FILTER (WHERE urgency = 'normal')`.as('normal'),
        sql<string>`count(*) FILTER (WHERE state = 'new')`.as('unclaimed'),
        sql<string>`count(*) FILTER (WHERE first_response_at IS NULL AND respond_by < ${today})`.as(
          'overdue',
        ),
        sql<string>`count(*) FILTER (WHERE assigned_to = ${userId})`.as('mine'),
      ])
      .executeTakeFirstOrThrow()
  );
}

/** A client's own contacts (sent while signed in), newest first. */
export async function contactsOfClient(trx: Transaction<DB>, clientId: string, limit: number) {
  return trx
    .selectFrom('contact')
    .select(['id', 'reference', 'state', 'received_at', 'respond_by', 'outcome', 'closed_at'])
    .where('client_id', '=', clientId)
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
