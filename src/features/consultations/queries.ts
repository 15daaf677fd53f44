/**
 * The consultations' SQL (called from inside the door's work, or for what is no client data:
 * the region's settings and the family counselling's units).
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type {
  ConsultationMessageKind,
  ConsultationState,
  DB,
  LocalizedText,
} from '../../platform/db/types.ts';
import { newId } from '../../platform/ids.ts';

type Trx = Transaction<DB>;
export type ConsultationRow = Selectable<DB['consultation']>;
export type MessageRow = Selectable<DB['consultation_message']>;

/**
 * The region's family counselling — the organisation that runs its contact point: the one an
 * administrator chose, else the region's wellbeing services county (as contacts decide it) —
 * and its first-response promise in working days.
 */
export async function regionSettings(trx: Trx | Kysely<DB>, regionId: string) {
  return trx
    .selectFrom('region')
    .select([
      sql<string | null>`coalesce(region.contact_point_organization_id, (
        SELECT o.id FROM organization o WHERE o.region_id = region.id AND o.kind = 'region' ORDER BY o.id LIMIT 1))`.as(
        'contact_point_organization_id',
      ),
      'first_response_working_days',
    ])
    .where('id', '=', regionId)
    .executeTakeFirst();
}

/** A unit and the organisation it belongs to (a co-work request's unit). */
export async function unitById(trx: Trx, unitId: string) {
  return trx
    .selectFrom('unit')
    .select(['id', 'organization_id', 'active'])
    .where('id', '=', unitId)
    .executeTakeFirst();
}

/** The active units of an organisation (the family counselling's, for the co-work form). */
export async function unitsOf(db: Kysely<DB>, organizationId: string) {
  return db
    .selectFrom('unit')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where('active', '=', true)
    .orderBy(sql`name->>'fi'`)
    .execute();
}

export interface NewConsultation {
  id: string;
  regionId: string;
  kind: 'consultation' | 'cowork';
  identified: boolean;
  requesterId: string;
  requesterOrganizationId: string;
  counsellingOrganizationId: string;
  familyName: string | null;
  consentChannel: 'written' | 'verbal' | null;
  consentGivenOn: string | null;
  consentReference: string | null;
  consentDirectiveId: string | null;
  coworkAt: Date | null;
  coworkPlace: string | null;
  unitId: string | null;
  respondBy: string;
  at: Date;
}

/**
 * A new consultation and its question, in one statement; nothing when the id is taken (the same
 * form sent again, or at once: the second waits on the id's index until the first ends).
 * Whether it was made.
 */
export async function insertConsultation(trx: Trx, c: NewConsultation, question: string): Promise<boolean> {
  const made = await trx
    .with('c', (db) =>
      db
        .insertInto('consultation')
        .values({
          id: c.id,
          region_id: c.regionId,
          kind: c.kind,
          identified: c.identified,
          state: 'requested',
          requester_id: c.requesterId,
          requester_organization_id: c.requesterOrganizationId,
          counselling_organization_id: c.counsellingOrganizationId,
          family_name: c.familyName,
          consent_channel: c.consentChannel,
          consent_given_on: c.consentGivenOn,
          consent_reference: c.consentReference,
          consent_directive_id: c.consentDirectiveId,
          cowork_at: c.coworkAt,
          cowork_place: c.coworkPlace,
          unit_id: c.unitId,
          respond_by: c.respondBy,
          created_at: c.at,
          updated_at: c.at,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id'),
    )
    .insertInto('consultation_message')
    .columns(['id', 'consultation_id', 'author_id', 'side', 'kind', 'body', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('c')
        .select([
          sql<string>`${newId()}::uuid`.as('id'),
          'c.id as consultation_id',
          sql<string>`${c.requesterId}::uuid`.as('author_id'),
          sql<'requester'>`'requester'`.as('side'),
          sql<'question'>`'question'`.as('kind'),
          sql<string>`${question}::text`.as('body'),
          sql<Date>`${c.at}::timestamptz`.as('created_at'),
        ]),
    )
    .returning('consultation_message.consultation_id')
    .execute();
  return made.length > 0;
}

/**
 * Waits for any other intake of the same id to end (to the end of the transaction), so that a
 * form sent twice at once makes one consultation: the second then finds the first.
 */
export async function lockConsultationId(trx: Trx, id: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`consultation:${id}`}))`.execute(trx);
}

/** Who sent the consultation of this id (a retried intake), or undefined when there is none. */
export async function consultationRequester(trx: Trx, id: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('consultation')
    .select('requester_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.requester_id;
}

export async function insertMessage(
  trx: Trx,
  m: {
    consultationId: string;
    authorId: string;
    side: 'requester' | 'counsellor';
    kind: ConsultationMessageKind;
    body: string;
    at: Date;
  },
) {
  await trx
    .insertInto('consultation_message')
    .values({
      id: newId(),
      consultation_id: m.consultationId,
      author_id: m.authorId,
      side: m.side,
      kind: m.kind,
      body: m.body,
      created_at: m.at,
    })
    .execute();
}

/** One consultation with the names the page shows. */
export async function consultationById(trx: Trx, id: string) {
  return trx
    .selectFrom('consultation as c')
    .innerJoin('staff_user as r', 'r.id', 'c.requester_id')
    .innerJoin('organization as o', 'o.id', 'c.requester_organization_id')
    .leftJoin('staff_user as k', 'k.id', 'c.claimed_by')
    .leftJoin('unit as u', 'u.id', 'c.unit_id')
    .leftJoin('consent_directive as d', 'd.id', 'c.consent_directive_id')
    .selectAll('c')
    .select([
      'd.status as consent_status',
      'r.name as requester_name',
      'r.email as requester_email',
      'o.name as requester_organization_name',
      'k.name as claimed_by_name',
      'u.name as unit_name',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type ConsultationDetailRow = NonNullable<Awaited<ReturnType<typeof consultationById>>>;

/** The thread, oldest first, with each author's name. */
export async function messagesOf(trx: Trx, consultationId: string) {
  return trx
    .selectFrom('consultation_message as m')
    .innerJoin('staff_user as a', 'a.id', 'm.author_id')
    .select(['m.id', 'm.side', 'm.kind', 'm.body', 'm.created_at', 'a.name as author_name'])
    .where('m.consultation_id', '=', consultationId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
}

const listColumns = [
  'c.id',
  'c.kind',
  'c.identified',
  'c.state',
  'c.respond_by',
  'c.created_at',
  'c.updated_at',
  'c.cowork_at',
  'c.requester_unread',
  'c.claimed_by',
] as const;

/**
 * The region's open consultations (requested, claimed, answered), the oldest promise first;
 * an identified family's only while the consent it carries is in force on the day (`today`,
 * Helsinki's YYYY-MM-DD): withdrawn or ended, the counsellors no longer see it.
 */
export async function queueOf(trx: Trx, regionId: string, counsellingOrganizationId: string, today: string) {
  return trx
    .selectFrom('consultation as c')
    .innerJoin('organization as o', 'o.id', 'c.requester_organization_id')
    .leftJoin('staff_user as k', 'k.id', 'c.claimed_by')
    .leftJoin('consent_directive as d', 'd.id', 'c.consent_directive_id')
    .select([...listColumns, 'o.name as requester_organization_name', 'k.name as claimed_by_name'])
    .where('c.region_id', '=', regionId)
    .where('c.counselling_organization_id', '=', counsellingOrganizationId)
    .where('c.state', 'in', ['requested', 'claimed', 'answered'])
    .where((eb) =>
      eb.or([
        eb('c.consent_directive_id', 'is', null),
        eb.and([eb('d.status', '=', 'active'), eb('d.valid_until', '>=', today)]),
      ]),
    )
    .orderBy('c.respond_by')
    .orderBy('c.created_at')
    .limit(500)
    .execute();
}

/** The requester's own consultations, newest first. */
export async function mineOf(trx: Trx, requesterId: string) {
  return trx
    .selectFrom('consultation as c')
    .innerJoin('organization as o', 'o.id', 'c.requester_organization_id')
    .leftJoin('staff_user as k', 'k.id', 'c.claimed_by')
    .select([...listColumns, 'o.name as requester_organization_name', 'k.name as claimed_by_name'])
    .where('c.requester_id', '=', requesterId)
    .orderBy('c.created_at', 'desc')
    .limit(500)
    .execute();
}

export type ListRow = Awaited<ReturnType<typeof mineOf>>[number] & {
  requester_organization_name: LocalizedText;
};

/** Requests still unclaimed whose promised day has passed (the expiry candidates). */
export async function unclaimedPastDue(
  trx: Trx,
  where: { regionId?: string; requesterId?: string; id?: string },
  today: string,
) {
  let q = trx
    .selectFrom('consultation')
    .select(['id', 'state', 'respond_by'])
    .where('state', '=', 'requested')
    .where('respond_by', '<', today);
  if (where.regionId) q = q.where('region_id', '=', where.regionId);
  if (where.requesterId) q = q.where('requester_id', '=', where.requesterId);
  if (where.id) q = q.where('id', '=', where.id);
  return q.execute();
}

/** Marks requests expired (only those still requested). */
export async function markExpired(trx: Trx, ids: readonly string[], at: Date) {
  if (ids.length === 0) return;
  await trx
    .updateTable('consultation')
    .set({ state: 'expired', ended_at: at, updated_at: at, version: sql`version + 1` })
    .where('id', 'in', ids)
    .where('state', '=', 'requested')
    .execute();
}

/**
 * Moves a consultation from `from` to its next state, when it is still in `from` and (when
 * given) at `version`; false when it was not (someone else acted first, or the form is stale).
 */
export async function updateConsultation(
  trx: Trx,
  id: string,
  from: ConsultationState,
  version: number | undefined,
  set: Partial<{
    state: ConsultationState;
    claimed_by: string;
    claimed_at: Date;
    answer_kind: 'written' | 'call' | 'accepted';
    call_at: Date | null;
    outcome: 'advice_given' | 'cowork_agreed' | 'family_directed';
    requester_unread: boolean;
    ended_at: Date;
  }>,
  at: Date,
): Promise<boolean> {
  let q = trx
    .updateTable('consultation')
    .set({ ...set, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .where('state', '=', from);
  if (version !== undefined) q = q.where('version', '=', version);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The requester has seen the latest answer. */
export async function markSeen(trx: Trx, id: string) {
  await trx
    .updateTable('consultation')
    .set({ requester_unread: false })
    .where('id', '=', id)
    .where('requester_unread', '=', true)
    .execute();
}
