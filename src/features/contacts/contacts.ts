/**
 * The one contact point and the shared regional queue (capabilities 2, 3, 4 and 10): a
 * contact's life from the public form (or a counsellor's phone log) to its outcome. Every read
 * and write of a contact goes through accessContact (the policy and the access log, in one
 * transaction with the work); notifications go to the outbox and live events are published in
 * that same transaction, so they exist exactly when the change is committed.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { ContactActor, StatusLinkHolder } from '../../platform/access/index.ts';
import { accessContact } from '../../platform/access/index.ts';
import { type Actor, hasRole, type StaffActor } from '../../platform/auth/actor.ts';
import type {
  ContactEventKind,
  ContactOutcome,
  ContactState,
  DB,
  RecordEntryType,
  Urgency,
} from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { enqueue } from '../../platform/outbox.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { catalogueOptions } from '../catalogue/index.ts';
import { type ContactsDeps, nowOf } from './deps.ts';
import { alertOnDuty, dutyDaysFrom } from './duty.ts';
import { contactPromise, promiseRulesOf } from './promise.ts';
import type { QueueItem } from './queue.ts';
import type { ContactInput, MappingContent, OutcomeContent } from './schema.ts';
import { urgencyOf } from './schema.ts';

/** The channel live queue updates are published on (payloads: ids and kinds only). */
export const CONTACT_EVENTS = 'contact_events';

export type { ContactsDeps } from './deps.ts';
export {
  FIRST_LINE_LENGTH,
  firstLine,
  QUEUE_LIMIT,
  type QueueFilters,
  type QueueItem,
  readQueue,
} from './queue.ts';

// ---------------------------------------------------------------- status links

/**
 * The key status-link tokens are made with: derived from PERSONAL_DATA_KEY when the installation
 * has one (production must), otherwise from the random secret the migration stored.
 */
export async function statusLinkKey(db: Kysely<DB>, personalDataKey?: Buffer): Promise<Buffer> {
  if (personalDataKey)
    return createHmac('sha256', personalDataKey).update('perheverkko/status-link').digest();
  const row = await db
    .selectFrom('app_secret')
    .select('value')
    .where('name', '=', 'status_link')
    .executeTakeFirst();
  if (!row) throw new Error('app_secret status_link is missing: run the migrations');
  return createHmac('sha256', Buffer.from(row.value, 'utf8')).update('perheverkko/status-link').digest();
}

/** The private token of a contact's status link: unguessable, and the same on every request. */
export function statusToken(key: Buffer, contactId: string): string {
  return createHmac('sha256', key).update(`status:${contactId}`).digest('base64url');
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const STATUS_PATHS = { fi: 'tilanne', sv: 'status', en: 'status' } as const;

export function statusPath(lang: 'fi' | 'sv' | 'en', token: string): string {
  return `/${lang}/${STATUS_PATHS[lang]}/${token}`;
}

// ---------------------------------------------------------------- state machine

/** The allowed changes of a contact's state: the one table every use case checks. */
export const TRANSITIONS = {
  claim: { from: ['new'], to: 'assigned' },
  assign: { from: ['new', 'assigned', 'in_progress'], to: null },
  start: { from: ['assigned'], to: 'in_progress' },
  record: { from: ['assigned', 'in_progress'], to: null },
  close: { from: ['assigned', 'in_progress'], to: 'closed' },
  reopen: { from: ['closed'], to: 'in_progress' },
} as const satisfies Record<string, { from: readonly ContactState[]; to: ContactState | null }>;

export type Transition = keyof typeof TRANSITIONS;

export function canTransition(state: ContactState, transition: Transition): boolean {
  return (TRANSITIONS[transition].from as readonly ContactState[]).includes(state);
}

function requireTransition(state: ContactState, transition: Transition): void {
  if (canTransition(state, transition)) return;
  if (state === 'closed') throw new AppError('contact.closed', 409, { state });
  if (transition === 'claim') throw new AppError('contact.already_claimed', 409, { state });
  throw new AppError('contact.transition_not_allowed', 409, { state });
}

// ---------------------------------------------------------------- intake

export interface Submitted {
  contactId: string;
  reference: string;
  statusToken: string;
  respondBy: string;
  language: 'fi' | 'sv' | 'en';
  urgency: Urgency;
  safety: ContactInput['safety'];
  /** false when this was a retry of a contact already received */
  created: boolean;
}

/** How a contact came in: the public form, or a counsellor logging a call or a visit. */
export type Intake =
  | { channel: 'web' }
  | { channel: 'phone' | 'walk_in'; urgency: Urgency; staff: StaffActor };

/**
 * Receives a contact. Validated input only (schema.ts); the municipality and topics are checked
 * against the reference data here. The idempotency key makes a retry (double click, reload,
 * a network retry) answer with the same contact; the same key with other content is refused.
 */
export async function submitContact(
  deps: ContactsDeps,
  actor: Actor,
  input: ContactInput,
  intake: Intake = { channel: 'web' },
): Promise<Submitted> {
  const { db } = deps;
  await checkReferences(db, input);
  const staff = intake.channel === 'web' ? null : intake.staff;
  // a logged call or visit belongs to the counsellor's own region (also without a municipality)
  const region = await regionFor(db, input.municipality, deps.defaultRegionCode, staff?.regionId);
  // …and only a counsellor of that region's contact point logs one: it is assigned to them
  if (
    staff &&
    (staff.regionId !== region.id || !hasRole(staff, 'counsellor', region.contact_point_organization_id))
  )
    throw new AppError('http.not_found', 404);
  // a family on one region's address never sends to another region's municipality (issue 10,
  // finding 21): the form offers only the site's own, and a forged one is refused by name
  if (!staff && input.municipality && region.code !== deps.defaultRegionCode)
    throw new AppError('request.invalid', 400, {}, [
      { field: 'municipality', code: 'contact.municipality_unknown' },
    ]);
  const requestHash = hashOf({ ...input, idempotencyKey: undefined, channel: intake.channel });
  const replay = await findByIdempotencyKey(deps, input.idempotencyKey, requestHash);
  if (replay) return replay;

  const now = nowOf(deps);
  const id = randomUUID();
  const token = statusToken(deps.statusKey, id);
  const urgency = intake.channel === 'web' ? urgencyOf(input.safety) : intake.urgency;
  // the promise by urgency (promise.ts); the roster only matters to urgent and emergency ones
  const promise = contactPromise({
    urgency,
    sentAt: now,
    rules: promiseRulesOf(region.contact_promise),
    normalWorkingDays: region.first_response_working_days,
    dutyDays: urgency === 'normal' ? new Set() : await dutyDaysFrom(db, region.id, helsinkiDate(now)),
  });
  const respondBy = promise.respondBy;
  const year = helsinkiDate(now).slice(0, 4);

  return accessContact(
    db,
    actor,
    { contactId: id, action: 'create', resource: { type: 'contact', id } },
    async (trx) => {
      const inserted = await trx
        .insertInto('contact')
        .values({
          id,
          reference: sql<string>`'PV-' || ${String(year)} || '-' || lpad(nextval('contact_number_seq')::text, 6, '0')`,
          region_id: region.id,
          registry_organization_id: region.contact_point_organization_id,
          client_id: actor.kind === 'client' ? actor.clientId : null,
          idempotency_key: input.idempotencyKey,
          request_hash: requestHash,
          status_token_hash: tokenHash(token),
          channel: intake.channel,
          contacter: input.contacter,
          municipality_code: input.municipality,
          child_ages: input.childAges,
          topics: input.topics,
          language: input.language,
          anonymous: !input.name,
          contact_name: input.name,
          reply_channel: input.replyChannel,
          phone: input.phone,
          email: input.email,
          reach_time: input.reachTime,
          urgency,
          safety: input.safety,
          state: staff ? 'assigned' : 'new',
          assigned_to: staff?.userId ?? null,
          assigned_at: staff ? now : null,
          received_at: now,
          respond_by: respondBy,
          logged_by: staff?.userId ?? null,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning(['id', 'reference'])
        .executeTakeFirst();
      if (!inserted) {
        // A retry raced this request and committed first.
        const existing = await trx
          .selectFrom('contact')
          .select(['id', 'reference', 'request_hash', 'respond_by', 'language', 'urgency', 'safety'])
          .where('idempotency_key', '=', input.idempotencyKey)
          .executeTakeFirstOrThrow();
        if (existing.request_hash !== requestHash) throw new AppError('contact.idempotency_key_reused', 409);
        return {
          contactId: existing.id,
          reference: existing.reference,
          statusToken: statusToken(deps.statusKey, existing.id),
          respondBy: existing.respond_by,
          language: existing.language,
          urgency: existing.urgency,
          safety: existing.safety,
          created: false,
        };
      }
      await addEntry(trx, {
        id: randomUUID(),
        contactId: id,
        type: 'contact',
        serviceTask: region.contact_service_task,
        registry: region.contact_point_organization_id,
        content: {
          channel: intake.channel,
          contacter: input.contacter,
          municipality: input.municipality,
          childAges: input.childAges,
          topics: input.topics,
          message: input.message,
          safety: input.safety,
          urgency,
          replyChannel: input.replyChannel,
          reachTime: input.reachTime,
        },
        author: staff ? { kind: 'staff', staff } : { kind: 'family', name: input.name ?? 'anonymous' },
        at: now,
      });
      await addEvent(trx, id, now, 'received', null, staff ? 'assigned' : 'new', staff, null);
      if (input.email) {
        await enqueue(trx, {
          channel: 'email',
          recipient: input.email,
          template: 'contact_received',
          language: input.language,
          params: {
            reference: inserted.reference,
            respondBy,
            statusUrl: `${deps.publicUrl}${statusPath(input.language, token)}`,
            urgency,
          },
        });
      }
      // a family's emergency alerts the counsellor on duty at once (a logged one has its counsellor)
      if (promise.alertDuty && !staff)
        await alertOnDuty(trx, {
          contactId: id,
          reference: inserted.reference,
          urgency,
          regionId: region.id,
          contactPointOrganizationId: region.contact_point_organization_id,
          publicUrl: deps.publicUrl,
          now,
          staffedNow: promise.staffedNow,
        });
      await publish(trx, CONTACT_EVENTS, { type: 'received', contactId: id, regionId: region.id });
      return {
        contactId: id,
        reference: inserted.reference,
        statusToken: token,
        respondBy,
        language: input.language,
        urgency,
        safety: input.safety,
        created: true,
      };
    },
    now,
  );
}

async function findByIdempotencyKey(
  deps: ContactsDeps,
  key: string,
  requestHash: string,
): Promise<Submitted | null> {
  const existing = await deps.db
    .selectFrom('contact')
    .select(['id', 'reference', 'request_hash', 'respond_by', 'language', 'urgency', 'safety'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!existing) return null;
  if (existing.request_hash !== requestHash) throw new AppError('contact.idempotency_key_reused', 409);
  return {
    contactId: existing.id,
    reference: existing.reference,
    statusToken: statusToken(deps.statusKey, existing.id),
    respondBy: existing.respond_by,
    language: existing.language,
    urgency: existing.urgency,
    safety: existing.safety,
    created: false,
  };
}

async function checkReferences(db: Kysely<DB>, input: ContactInput): Promise<void> {
  const options = await catalogueOptions(db);
  const problems: FieldProblem[] = [];
  if (input.municipality && !options.municipalities.some((m) => m.code === input.municipality))
    problems.push({ field: 'municipality', code: 'contact.municipality_unknown' });
  for (const code of input.topics)
    if (!options.topics.some((t) => t.code === code))
      problems.push({ field: 'topics', code: 'contact.topic_unknown', params: { value: code.slice(0, 60) } });
  if (problems.length > 0) throw new AppError('request.invalid', 400, {}, problems);
}

const REGION_TTL_MS = 60_000;
const regionCache = new WeakMap<Kysely<DB>, Map<string, { at: number; region: Promise<ContactRegion> }>>();
type ContactRegion = Awaited<ReturnType<typeof readRegionFor>>;

/** The region of a contact: read once a minute per municipality (an intake does it every time). */
function regionFor(
  db: Kysely<DB>,
  municipality: string | null,
  defaultRegionCode: string,
  defaultRegionId?: string,
): Promise<ContactRegion> {
  let cache = regionCache.get(db);
  if (!cache) {
    cache = new Map();
    regionCache.set(db, cache);
  }
  const key = `${municipality ?? ''}/${defaultRegionId ?? ''}/${defaultRegionCode}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < REGION_TTL_MS) return hit.region;
  const region = readRegionFor(db, municipality, defaultRegionCode, defaultRegionId);
  cache.set(key, { at: Date.now(), region });
  region.catch(() => cache.delete(key));
  return region;
}

/** Forgets the cached regions (tests that change a region's promise). */
export function forgetContactRegions(db: Kysely<DB>): void {
  regionCache.delete(db);
}

async function readRegionFor(
  db: Kysely<DB>,
  municipality: string | null,
  defaultRegionCode: string,
  defaultRegionId?: string,
) {
  const query = db
    .selectFrom('region')
    .select([
      'region.id',
      'region.code',
      'first_response_working_days',
      contactPointOf(sql.ref('region.id'), sql.ref('region.contact_point_organization_id')).as(
        'contact_point_organization_id',
      ),
      'contact_service_task',
      'contact_promise',
    ]);
  const region = municipality
    ? await query
        .innerJoin('municipality', 'municipality.region_id', 'region.id')
        .where('municipality.code', '=', municipality)
        .executeTakeFirst()
    : defaultRegionId
      ? await query.where('region.id', '=', defaultRegionId).executeTakeFirst()
      : await query.where('region.code', '=', defaultRegionCode).executeTakeFirst();
  if (!region?.contact_point_organization_id) throw new AppError('contact.no_region_contact_point', 503);
  return { ...region, contact_point_organization_id: region.contact_point_organization_id };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

// ---------------------------------------------------------------- record entries and events

type Author =
  | { kind: 'staff'; staff: StaffActor }
  | { kind: 'family'; name: string }
  | { kind: 'system'; name: string };

async function addEntry(
  trx: Transaction<DB>,
  entry: {
    id: string;
    contactId: string;
    type: RecordEntryType;
    serviceTask: string;
    registry: string;
    content: Record<string, unknown>;
    author: Author;
    at: Date;
  },
): Promise<boolean> {
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

function authorColumns(author: Author) {
  return author.kind === 'staff'
    ? { author_kind: 'staff' as const, staff_user_id: author.staff.userId, author_name: author.staff.name }
    : { author_kind: author.kind, staff_user_id: null, author_name: author.name };
}

async function addEvent(
  trx: Transaction<DB>,
  contactId: string,
  at: Date,
  kind: ContactEventKind,
  from: ContactState | null,
  to: ContactState,
  staff: StaffActor | null,
  note: string | null,
): Promise<void> {
  await trx
    .insertInto('contact_event')
    .values({
      contact_id: contactId,
      at,
      kind,
      from_state: from,
      to_state: to,
      staff_user_id: staff?.userId ?? null,
      actor_name: staff?.name ?? 'family',
      note,
    })
    .execute();
}

// ---------------------------------------------------------------- the family's status page

export interface StatusView {
  reference: string;
  state: ContactState;
  /** what the family's answers signalled (the emergency numbers stay in view) */
  urgency: Urgency;
  /** the family's own words, as sent */
  ownMessage: { text: string; at: Date } | null;
  receivedAt: Date;
  respondBy: string;
  language: 'fi' | 'sv' | 'en';
  replyChannel: string;
  outcome: ContactOutcome | null;
  closedAt: Date | null;
  regionId: string;
  messages: { id: string; from: 'family' | 'counsellor'; text: string; at: Date; author: string | null }[];
}

/** The contact a status-link token opens, or null: a wrong token looks like a missing page. */
export async function statusHolder(db: Kysely<DB>, token: string): Promise<StatusLinkHolder | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db
    .selectFrom('contact')
    .select('id')
    .where('status_token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  return row ? { kind: 'status_link', contactId: row.id } : null;
}

export async function readStatus(deps: ContactsDeps, token: string): Promise<StatusView> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) throw new AppError('contact.status_not_found', 404);
  return accessContact(
    deps.db,
    holder,
    { contactId: holder.contactId, action: 'read', resource: { type: 'contact_status' } },
    async (trx) => {
      const c = await trx
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
        ])
        .where('id', '=', holder.contactId)
        .executeTakeFirstOrThrow();
      const messages = await entriesOf(trx, holder.contactId, ['message']);
      const [first] = await entriesOf(trx, holder.contactId, ['contact']);
      return {
        reference: c.reference,
        state: c.state,
        urgency: c.urgency,
        ownMessage:
          first && typeof first.content.message === 'string'
            ? { text: first.content.message, at: first.createdAt }
            : null,
        receivedAt: new Date(c.received_at),
        respondBy: c.respond_by,
        language: c.language,
        replyChannel: c.reply_channel,
        outcome: c.outcome,
        closedAt: c.closed_at ? new Date(c.closed_at) : null,
        regionId: c.region_id,
        messages: messages.map((m) => {
          const content = m.content as { from?: string; text?: string };
          const fromFamily = content.from === 'family';
          return {
            id: m.id,
            from: fromFamily ? ('family' as const) : ('counsellor' as const),
            text: String(content.text ?? ''),
            at: m.createdAt,
            author: fromFamily ? null : firstName(m.authorName),
          };
        }),
      };
    },
    nowOf(deps),
  );
}

/** The family sees their counsellor's first name only. */
function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

/** The family writes to their counsellor from the status page. messageId makes a retry harmless. */
export async function addFamilyMessage(
  deps: ContactsDeps,
  token: string,
  messageId: string,
  text: string,
): Promise<{ created: boolean }> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) throw new AppError('contact.status_not_found', 404);
  const now = nowOf(deps);
  return accessContact(
    deps.db,
    holder,
    { contactId: holder.contactId, action: 'create', resource: { type: 'contact_message', id: messageId } },
    async (trx) => {
      const c = await lockContact(trx, holder.contactId);
      // a closed contact's messages would go unread: the family is offered a new contact instead
      if (c.state === 'closed') throw new AppError('contact.closed', 409, { state: c.state });
      const created = await addEntry(trx, {
        id: messageId,
        contactId: c.id,
        type: 'message',
        serviceTask: await serviceTaskOf(trx, c.region_id),
        registry: c.registry_organization_id,
        content: { from: 'family', text },
        author: { kind: 'family', name: c.contact_name ?? 'family' },
        at: now,
      });
      if (!created) return { created };
      await addEvent(trx, c.id, now, 'message_from_family', c.state, c.state, null, null);
      await touch(trx, c.id, now);
      await publish(trx, CONTACT_EVENTS, { type: 'message', contactId: c.id, regionId: c.region_id });
      if (c.assigned_to) {
        const staff = await trx
          .selectFrom('staff_user')
          .select('email')
          .where('id', '=', c.assigned_to)
          .executeTakeFirst();
        if (staff?.email)
          await enqueue(trx, {
            channel: 'email',
            recipient: staff.email,
            template: 'staff_new_message',
            language: 'fi',
            params: { reference: c.reference, contactUrl: `${deps.publicUrl}/fi/staff/contacts/${c.id}` },
          });
      }
      return { created };
    },
    now,
  );
}

// ---------------------------------------------------------------- one contact, for staff

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

export interface ContactDetail extends QueueItem {
  /** the family's private status page (path), for the counsellor to give out on the phone */
  statusPath: string;
  language: 'fi' | 'sv' | 'en';
  anonymous: boolean;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  reachTime: string;
  outcome: ContactOutcome | null;
  closedAt: Date | null;
  loggedBy: string | null;
  entries: EntryView[];
  events: {
    at: Date;
    kind: ContactEventKind;
    from: ContactState | null;
    to: ContactState;
    actorName: string;
    note: string | null;
  }[];
}

export async function readContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
): Promise<ContactDetail> {
  return accessContact(
    deps.db,
    actor,
    { contactId, action: 'read', resource: { type: 'contact', id: contactId } },
    async (trx) => {
      const c = await trx
        .selectFrom('contact')
        .leftJoin('staff_user', 'staff_user.id', 'contact.assigned_to')
        .selectAll('contact')
        .select('staff_user.name as assigned_name')
        .where('contact.id', '=', contactId)
        .executeTakeFirstOrThrow();
      const [entries, events] = await Promise.all([
        entriesOf(trx, contactId),
        trx
          .selectFrom('contact_event')
          .selectAll()
          .where('contact_id', '=', contactId)
          .orderBy('id')
          .execute(),
      ]);
      return {
        id: c.id,
        reference: c.reference,
        state: c.state,
        channel: c.channel,
        contacter: c.contacter,
        municipalityCode: c.municipality_code,
        childAges: c.child_ages.map(Number),
        topics: c.topics,
        urgency: c.urgency,
        safety: c.safety,
        replyChannel: c.reply_channel,
        firstLine: null, // the page shows the family's words whole
        receivedAt: new Date(c.received_at),
        respondBy: c.respond_by,
        firstResponseAt: c.first_response_at ? new Date(c.first_response_at) : null,
        assignedTo: c.assigned_to,
        assignedName: c.assigned_name,
        version: c.version,
        statusPath: statusPath(c.language, statusToken(deps.statusKey, c.id)),
        language: c.language,
        anonymous: c.anonymous,
        contactName: c.contact_name,
        phone: c.phone,
        email: c.email,
        reachTime: c.reach_time,
        outcome: c.outcome,
        closedAt: c.closed_at ? new Date(c.closed_at) : null,
        loggedBy: c.logged_by,
        entries,
        events: events.map((e) => ({
          at: new Date(e.at),
          kind: e.kind,
          from: e.from_state,
          to: e.to_state,
          actorName: e.actor_name,
          note: e.note,
        })),
      };
    },
    nowOf(deps),
  );
}

async function entriesOf(trx: Transaction<DB>, contactId: string, types?: RecordEntryType[]) {
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
  const byId = new Map<string, EntryView & { versions: EntryView['versions'] }>();
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

// ---------------------------------------------------------------- work on a contact

async function lockContact(trx: Transaction<DB>, contactId: string) {
  const c = await trx
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
  if (!c) throw new AppError('contact.not_found', 404);
  return c;
}

function checkVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw new AppError('contact.stale', 409);
}

async function touch(
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

async function serviceTaskOf(trx: Transaction<DB>, regionId: string): Promise<string> {
  const r = await trx
    .selectFrom('region')
    .select('contact_service_task')
    .where('id', '=', regionId)
    .executeTakeFirstOrThrow();
  return r.contact_service_task;
}

/**
 * One step of a contact's life, the same for every use case: through the door (policy + log),
 * the contact locked, the step checked against TRANSITIONS and the page's version.
 */
async function changeContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  step: {
    transition: Transition;
    resource: 'contact' | 'contact_assignment';
    expectedVersion: number | undefined;
    reason?: string;
  },
  work: (trx: Transaction<DB>, c: LockedContact, now: Date) => Promise<void>,
): Promise<void> {
  const now = nowOf(deps);
  await accessContact(
    deps.db,
    actor,
    { contactId, action: 'update', resource: { type: step.resource, id: contactId }, reason: step.reason },
    async (trx) => {
      const c = await lockContact(trx, contactId);
      requireTransition(c.state, step.transition);
      checkVersion(c.version, step.expectedVersion);
      await work(trx, c, now);
    },
    now,
  );
}

type LockedContact = Awaited<ReturnType<typeof lockContact>>;

/** A counsellor takes a new contact from the queue. */
export async function claimContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'claim', resource: 'contact', expectedVersion },
    async (trx, c, now) => {
      await touch(trx, contactId, now, { state: 'assigned', assigned_to: actor.userId, assigned_at: now });
      await addEvent(trx, contactId, now, 'claimed', c.state, 'assigned', actor, null);
      await publish(trx, CONTACT_EVENTS, { type: 'claimed', contactId, regionId: c.region_id });
    },
  );
}

/** The counsellors who can be given contacts of the region's contact point. */
export async function contactPointCounsellors(db: Kysely<DB>, regionId: string) {
  return db
    .selectFrom('staff_user')
    .innerJoin('staff_role', 'staff_role.staff_user_id', 'staff_user.id')
    .innerJoin('region', (join) =>
      join.on((eb) =>
        eb(
          'staff_role.organization_id',
          '=',
          contactPointOf(sql.ref('region.id'), sql.ref('region.contact_point_organization_id')),
        ),
      ),
    )
    .where('region.id', '=', regionId)
    .where('staff_user.region_id', '=', regionId)
    .where('staff_role.role', '=', 'counsellor')
    .where('staff_user.active', '=', true)
    .select(['staff_user.id', 'staff_user.name'])
    .distinct()
    .orderBy('staff_user.name')
    .execute();
}

/** A manager (or a counsellor) gives a contact to a counsellor of the contact point. */
export async function assignContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  staffUserId: string,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'assign', resource: 'contact_assignment', expectedVersion },
    async (trx, c, now) => {
      const counsellors = await contactPointCounsellors(trx, c.region_id);
      const assignee = counsellors.find((s) => s.id === staffUserId);
      if (!assignee)
        throw new AppError('request.invalid', 400, {}, [
          { field: 'staffUserId', code: 'contact.assignee_not_counsellor' },
        ]);
      const to: ContactState = c.state === 'in_progress' ? 'in_progress' : 'assigned';
      await touch(trx, contactId, now, { state: to, assigned_to: staffUserId, assigned_at: now });
      await addEvent(trx, contactId, now, 'assigned', c.state, to, actor, assignee.name);
      await publish(trx, CONTACT_EVENTS, { type: 'assigned', contactId, regionId: c.region_id });
      const email = await trx
        .selectFrom('staff_user')
        .select('email')
        .where('id', '=', staffUserId)
        .executeTakeFirst();
      if (email?.email && staffUserId !== actor.userId)
        await enqueue(trx, {
          channel: 'email',
          recipient: email.email,
          template: 'staff_assigned',
          language: 'fi',
          params: { reference: c.reference, contactUrl: `${deps.publicUrl}/fi/staff/contacts/${contactId}` },
        });
    },
  );
}

export type WorkEntry =
  | { type: 'mapping'; content: MappingContent }
  | { type: 'advice'; content: { text: string } }
  | { type: 'message'; content: { text: string } };

/**
 * Records a mapping, advice or a message to the family. A new contact is claimed by whoever
 * records first; the first record moves it to "in progress"; advice or a message is the first
 * response. entryId makes a retried form post harmless.
 */
export async function recordEntry(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  entryId: string,
  entry: WorkEntry,
  expectedVersion?: number,
): Promise<{ created: boolean }> {
  const now = nowOf(deps);
  return accessContact(
    deps.db,
    actor,
    { contactId, action: 'create', resource: { type: 'record_entry', id: entryId } },
    async (trx) => {
      const c = await lockContact(trx, contactId);
      const existing = await trx
        .selectFrom('record_entry')
        .select('contact_id')
        .where('id', '=', entryId)
        .executeTakeFirst();
      if (existing) {
        if (existing.contact_id !== contactId) throw new AppError('contact.entry_not_found', 404);
        return { created: false };
      }
      if (c.state === 'new') {
        await touch(trx, contactId, now, { state: 'assigned', assigned_to: actor.userId, assigned_at: now });
        await addEvent(trx, contactId, now, 'claimed', 'new', 'assigned', actor, null);
        c.state = 'assigned';
      } else {
        requireTransition(c.state, 'record');
        checkVersion(c.version, expectedVersion);
      }
      const content =
        entry.type === 'message' ? { from: 'counsellor', text: entry.content.text } : entry.content;
      await addEntry(trx, {
        id: entryId,
        contactId,
        type: entry.type,
        serviceTask: await serviceTaskOf(trx, c.region_id),
        registry: c.registry_organization_id,
        content,
        author: { kind: 'staff', staff: actor },
        at: now,
      });
      const changes: Record<string, unknown> = {};
      if (c.state === 'assigned') {
        changes.state = 'in_progress';
        await addEvent(trx, contactId, now, 'started', 'assigned', 'in_progress', actor, null);
      }
      if (!c.first_response_at && entry.type !== 'mapping') changes.first_response_at = now;
      await touch(trx, contactId, now, changes);
      if (entry.type === 'message') await notifyFamily(deps, trx, c, 'family_new_message');
      await publish(trx, CONTACT_EVENTS, { type: 'entry', contactId, regionId: c.region_id });
      return { created: true };
    },
    now,
  );
}

async function notifyFamily(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  c: {
    id: string;
    reference: string;
    language: 'fi' | 'sv' | 'en';
    email: string | null;
    phone: string | null;
    reply_channel: string;
  },
  template: 'family_new_message' | 'family_closed' | 'family_appointment_set',
  extra: Record<string, unknown> = {},
): Promise<void> {
  const statusUrl = `${deps.publicUrl}${statusPath(c.language, statusToken(deps.statusKey, c.id))}`;
  const params = { ...extra, reference: c.reference, statusUrl };
  if (c.email) {
    await enqueue(trx, { channel: 'email', recipient: c.email, template, language: c.language, params });
  } else if (c.phone && c.reply_channel !== 'status_page') {
    // the template may say it shorter for a phone (one or two SMS parts)
    const sms = { ...params, sms: true };
    await enqueue(trx, { channel: 'sms', recipient: c.phone, template, language: c.language, params: sms });
  }
}

/** A correction: a new version of a mapping, advice or outcome, with its reason. */
export async function correctEntry(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  entryId: string,
  content: Record<string, unknown>,
  reason: string,
  expectedEntryVersion?: number,
): Promise<{ version: number }> {
  const now = nowOf(deps);
  return accessContact(
    deps.db,
    actor,
    { contactId, action: 'update', resource: { type: 'record_entry', id: entryId }, reason },
    async (trx) => {
      const entry = await trx
        .selectFrom('record_entry')
        .select(['id', 'type', 'contact_id', 'current_version'])
        .where('id', '=', entryId)
        .where('contact_id', '=', contactId)
        .forUpdate()
        .executeTakeFirst();
      if (!entry) throw new AppError('contact.entry_not_found', 404);
      if (!['mapping', 'advice', 'outcome'].includes(entry.type))
        throw new AppError('contact.entry_not_correctable', 409);
      if (expectedEntryVersion !== undefined && expectedEntryVersion !== entry.current_version)
        throw new AppError('contact.stale', 409);
      const contact = await lockContact(trx, contactId);
      if (entry.type === 'outcome') {
        const target = typeof content.targetServiceId === 'string' ? content.targetServiceId : null;
        if (target) await checkTargetService(trx, target, contact.region_id);
      }
      const version = entry.current_version + 1;
      await trx
        .insertInto('record_entry_version')
        .values({
          entry_id: entryId,
          version,
          content: JSON.stringify(content),
          reason,
          at: now,
          ...authorColumns({ kind: 'staff', staff: actor }),
        })
        .execute();
      await trx
        .updateTable('record_entry')
        .set({ current_version: version })
        .where('id', '=', entryId)
        .execute();
      // the contact's outcome column follows the current version of its outcome entry
      const outcome = entry.type === 'outcome' && contact.state === 'closed' ? content.outcome : undefined;
      await touch(trx, contactId, now, typeof outcome === 'string' ? { outcome } : {});
      await publish(trx, CONTACT_EVENTS, { type: 'entry', contactId, regionId: contact.region_id });
      return { version };
    },
    now,
  );
}

/** The entry type a correction must match (used by routes to pick the schema). */
export async function entryTypeOf(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  entryId: string,
): Promise<RecordEntryType> {
  const detail = await readContact(deps, actor, contactId);
  const entry = detail.entries.find((e) => e.id === entryId);
  if (!entry) throw new AppError('contact.entry_not_found', 404);
  return entry.type;
}

/** Closes a contact with its outcome (and an optional last message to the family). */
export async function closeContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  outcome: OutcomeContent,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'close', resource: 'contact', expectedVersion },
    async (trx, c, now) => {
      if (outcome.targetServiceId) await checkTargetService(trx, outcome.targetServiceId, c.region_id);
      const serviceTask = await serviceTaskOf(trx, c.region_id);
      const { messageToFamily, ...recorded } = outcome;
      await addEntry(trx, {
        id: randomUUID(),
        contactId,
        type: 'outcome',
        serviceTask,
        registry: c.registry_organization_id,
        content: recorded,
        author: { kind: 'staff', staff: actor },
        at: now,
      });
      if (messageToFamily) {
        await addEntry(trx, {
          id: randomUUID(),
          contactId,
          type: 'message',
          serviceTask,
          registry: c.registry_organization_id,
          content: { from: 'counsellor', text: messageToFamily },
          author: { kind: 'staff', staff: actor },
          at: now,
        });
      }
      await touch(trx, contactId, now, {
        state: 'closed',
        outcome: outcome.outcome,
        closed_at: now,
        ...(c.first_response_at ? {} : { first_response_at: now }),
      });
      await addEvent(trx, contactId, now, 'closed', c.state, 'closed', actor, outcome.outcome);
      await notifyFamily(deps, trx, c, 'family_closed');
      await publish(trx, CONTACT_EVENTS, { type: 'closed', contactId, regionId: c.region_id });
    },
  );
}

async function checkTargetService(trx: Transaction<DB>, serviceId: string, regionId: string): Promise<void> {
  const service = await trx
    .selectFrom('service')
    .innerJoin('organization', 'organization.id', 'service.organization_id')
    .select('service.id')
    .where('service.id', '=', serviceId)
    .where('organization.region_id', '=', regionId)
    .executeTakeFirst();
  if (!service)
    throw new AppError('request.invalid', 400, {}, [
      { field: 'targetServiceId', code: 'contact.target_service_unknown' },
    ]);
}

/** Opens a closed contact again (the family came back about the same matter), with a reason. */
export async function reopenContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  reason: string,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'reopen', resource: 'contact', expectedVersion, reason },
    async (trx, c, now) => {
      await touch(trx, contactId, now, {
        state: 'in_progress',
        outcome: null,
        closed_at: null,
        assigned_to: c.assigned_to ?? actor.userId,
      });
      await addEvent(trx, contactId, now, 'reopened', 'closed', 'in_progress', actor, reason);
      await publish(trx, CONTACT_EVENTS, { type: 'reopened', contactId, regionId: c.region_id });
    },
  );
}

// ---------------------------------------------------------------- the region's contact point

/**
 * The organisation that runs a region's contact point: the one an administrator chose
 * (region.contact_point_organization_id), else the region's wellbeing services county.
 */
export function contactPointOf(regionId: RawBuilder<unknown>, chosen: RawBuilder<unknown>) {
  return sql<string | null>`coalesce(${chosen}, (
    SELECT o.id FROM organization o WHERE o.region_id = ${regionId} AND o.kind = 'region' ORDER BY o.id LIMIT 1))`;
}

export type { ContactActor };

// ---------------------------------------------------------------- for the warm handoff (issue 6)

/** The contact a handoff is made from, locked, inside the handoff's transaction. */
export async function contactForHandoff(trx: Transaction<DB>, contactId: string) {
  return lockContact(trx, contactId);
}

/**
 * A handoff reached its first appointment: responsibility passed to the receiving unit, so the
 * contact closes as "guided onward" to that service (a record entry and an event, as always).
 */
export async function closeContactByHandoff(
  trx: Transaction<DB>,
  contactId: string,
  targetServiceId: string,
  staff: StaffActor,
  now: Date,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  if (!canTransition(c.state, 'close')) return;
  await addEntry(trx, {
    id: randomUUID(),
    contactId,
    type: 'outcome',
    serviceTask: await serviceTaskOf(trx, c.region_id),
    registry: c.registry_organization_id,
    content: { outcome: 'guided_onward', targetServiceId, note: null, visits: null },
    author: { kind: 'staff', staff },
    at: now,
  });
  await touch(trx, contactId, now, {
    state: 'closed',
    outcome: 'guided_onward',
    closed_at: now,
    ...(c.first_response_at ? {} : { first_response_at: now }),
  });
  await addEvent(trx, contactId, now, 'closed', c.state, 'closed', staff, 'guided_onward (handoff)');
  await publish(trx, CONTACT_EVENTS, { type: 'closed', contactId, regionId: c.region_id });
}

/** Adds the handoff's record entry to its contact (uniform recording). */
export async function recordHandoffEntry(
  trx: Transaction<DB>,
  contactId: string,
  entryId: string,
  content: Record<string, unknown>,
  staff: StaffActor,
  now: Date,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  // like any record (recordEntry): a new contact is claimed by whoever records first, and the
  // first record starts the work; else the contact would stay unclaimed in the queue and the
  // appointment could not close it (close is from assigned or in progress only)
  if (c.state === 'new') {
    await touch(trx, contactId, now, { state: 'assigned', assigned_to: staff.userId, assigned_at: now });
    await addEvent(trx, contactId, now, 'claimed', 'new', 'assigned', staff, null);
    c.state = 'assigned';
  }
  await addEntry(trx, {
    id: entryId,
    contactId,
    type: 'handoff',
    serviceTask: await serviceTaskOf(trx, c.region_id),
    registry: c.registry_organization_id,
    content,
    author: { kind: 'staff', staff },
    at: now,
  });
  if (c.state === 'assigned') {
    await touch(trx, contactId, now, { state: 'in_progress' });
    await addEvent(trx, contactId, now, 'started', 'assigned', 'in_progress', staff, null);
  } else await touch(trx, contactId, now);
  await publish(trx, CONTACT_EVENTS, { type: 'entry', contactId, regionId: c.region_id });
}

/** Tells the family (by e-mail or SMS, as they chose) that their status page has news. */
export async function notifyFamilyOfNews(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  contactId: string,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  await notifyFamily(deps, trx, c, 'family_new_message');
}

/**
 * Tells the family their first appointment (after a handoff): its own e-mail or SMS, with the
 * time in the subject, the place, how to reach the unit and the calendar file's address.
 */
export async function notifyFamilyOfAppointment(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  contactId: string,
  appointment: Record<string, unknown>,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  await notifyFamily(deps, trx, c, 'family_appointment_set', appointment);
}
