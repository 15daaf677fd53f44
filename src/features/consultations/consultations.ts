/**
 * The consultations' use cases (capability 7): send one (the intake), the counsellors' queue,
 * the requester's own list, one consultation with its thread, and each step on it. Every read
 * and write goes through the one door (withAccess) with its access-log row in the same
 * transaction; the requester's notification is written to the outbox in it too.
 */
import type { Kysely, Transaction } from 'kysely';
import { type Allowed, withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { enqueue } from '../../platform/outbox.ts';
import { helsinkiDate, isOverdue, respondByDate } from '../../platform/working-days.ts';
import { type RecordedChannel, recordConsultationConsent, withdrawConsent } from '../consent/index.ts';
import type { ConsultationInput, StepInput } from './input.ts';
import { type ConsultationEvent, hasExpired, identifyingHits, stepsFor, transition } from './model.ts';
import { sideOf } from './policy.ts';
import {
  consultationById,
  consultationRequester,
  insertConsultation,
  insertMessage,
  type ListRow,
  lockConsultationId,
  markExpired,
  markSeen,
  messagesOf,
  mineOf,
  queueOf,
  regionSettings,
  unclaimedPastDue,
  unitById,
  unitsOf,
  updateConsultation,
} from './queries.ts';

type Trx = Transaction<DB>;

export interface ConsultationDeps {
  db: Kysely<DB>;
  /** the site's address, for the link in the requester's e-mail */
  publicUrl: string;
  now?: () => Date;
}

const bad = (field: string, code: FieldProblem['code'], params?: Record<string, string | number>) =>
  new AppError('request.invalid', 400, {}, [{ field, code, ...(params ? { params } : {}) }]);

/** The words the family agreed to, whose hash the consent keeps (shown on the form in every language). */
export const CONSENT_NOTICE =
  'The family agreed that the professional may tell the region’s family counselling about their situation for a consultation.';

/** How long a consent recorded with a consultation is valid: a year from the day it was given. */
const CONSENT_VALID_DAYS = 365;

function dayPlus(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- the intake

/**
 * Sends a consultation or co-work request (the intake; the bench compares it with a bare
 * insert). Anonymous text that looks identifying comes back with a warning beside the text
 * unless the sender confirmed it does not identify anyone; an identified family needs the
 * consent reference, recorded in the consent store across registries. Sent twice with the same
 * id, it makes one consultation.
 */
export async function sendConsultation(
  db: Kysely<DB>,
  actor: StaffActor,
  input: ConsultationInput,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ id: string }> {
  if (!input.identified && !input.notIdentifying) {
    const hits = identifyingHits(input.question);
    if (hits.length > 0)
      throw bad('question', 'consultation.looks_identifying', {
        found: [...new Set(hits.map((h) => h.text))].slice(0, 5).join(', '),
      });
  }
  return withAccess(
    db,
    actor,
    'create',
    { type: 'consultation', id: input.id },
    async (trx) => {
      // the same form sent again makes one; another's id (a tampered form) is not theirs
      const retried = async () => {
        if ((await consultationRequester(trx, input.id)) !== actor.userId)
          throw new AppError('consultation.not_found', 404);
        return { id: input.id };
      };
      // an identified family's consent is recorded once: such an intake waits for any other of
      // the same id and looks first (an anonymous one finds out by its insert alone)
      if (input.identified) {
        await lockConsultationId(trx, input.id);
        if ((await consultationRequester(trx, input.id)) !== undefined) return retried();
      }
      const region = await regionSettings(trx, actor.regionId);
      const counselling = region?.contact_point_organization_id;
      if (!region || !counselling) throw new AppError('consultation.not_found', 404);
      if (input.unitId) {
        const unit = await unitById(trx, input.unitId);
        if (!unit?.active) throw bad('unitId', 'consultation.unit_unknown');
        if (unit.organization_id !== counselling) throw bad('unitId', 'consultation.unit_not_counselling');
      }
      let consentDirectiveId: string | null = null;
      if (input.identified) {
        if (!input.familyName || !input.consentKind || !input.consentGivenOn)
          throw bad('consentKind', 'consultation.consent_required');
        consentDirectiveId = await recordConsultationConsent(
          trx,
          actor,
          {
            regionId: actor.regionId,
            familyName: input.familyName,
            sourceOrganizationId: actor.organizationId,
            recipientOrganizationId: counselling,
            kind: input.consentKind,
            givenOn: input.consentGivenOn,
            validUntil: dayPlus(input.consentGivenOn, CONSENT_VALID_DAYS),
            reference: input.consentReference,
            noticeText: CONSENT_NOTICE,
          },
          now,
        );
      }
      const made = await insertConsultation(
        trx,
        {
          id: input.id,
          regionId: actor.regionId,
          kind: input.kind,
          identified: input.identified,
          requesterId: actor.userId,
          requesterOrganizationId: actor.organizationId,
          counsellingOrganizationId: counselling,
          familyName: input.identified ? input.familyName : null,
          consentChannel: input.identified ? input.consentKind : null,
          consentGivenOn: input.identified ? input.consentGivenOn : null,
          consentReference: input.identified ? input.consentReference : null,
          consentDirectiveId,
          coworkAt: input.coworkAt,
          coworkPlace: input.coworkPlace,
          unitId: input.unitId,
          respondBy: respondByDate(now, region.first_response_working_days),
          at: now,
        },
        input.question,
      );
      return made ? { id: input.id } : retried();
    },
    { now },
  );
}

/** The family counselling's units a co-work request may name (no client data). */
export async function counsellingUnits(db: Kysely<DB>, actor: StaffActor) {
  const region = await regionSettings(db, actor.regionId);
  if (!region?.contact_point_organization_id) return [];
  return unitsOf(db, region.contact_point_organization_id);
}

// ---------------------------------------------------------------- the lists

export interface ConsultationListItem {
  id: string;
  kind: 'consultation' | 'cowork';
  identified: boolean;
  state: ListRow['state'];
  respondBy: string;
  overdue: boolean;
  createdAt: Date;
  updatedAt: Date;
  coworkAt: Date | null;
  /** the requester has not yet seen the latest answer */
  unread: boolean;
  requesterOrganization: LocalizedText;
  claimedByName: string | null;
}

function listItem(r: ListRow, now: Date): ConsultationListItem {
  return {
    id: r.id,
    kind: r.kind,
    identified: r.identified,
    state: r.state,
    respondBy: r.respond_by,
    overdue: r.state === 'requested' && isOverdue(r.respond_by, now),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    coworkAt: r.cowork_at,
    unread: r.requester_unread,
    requesterOrganization: r.requester_organization_name,
    claimedByName: r.claimed_by_name,
  };
}

/** Expires the requests (of a region, a requester or one) that nobody claimed in time. */
async function expireDue(trx: Trx, where: Parameters<typeof unclaimedPastDue>[1], now: Date) {
  const today = helsinkiDate(now);
  const due = (await unclaimedPastDue(trx, where, today)).filter((r) =>
    hasExpired(r.state, r.respond_by, today),
  );
  await markExpired(
    trx,
    due.map((r) => r.id),
    now,
  );
}

/** The region's open consultations, the oldest promise first (the counsellors' queue). */
export async function consultationQueue(
  db: Kysely<DB>,
  actor: StaffActor,
  { now = new Date() }: { now?: Date } = {},
): Promise<ConsultationListItem[]> {
  return withAccess(
    db,
    actor,
    'read',
    { type: 'consultation_queue', id: 'queue' },
    async (trx) => {
      const region = await regionSettings(trx, actor.regionId);
      const counselling = region?.contact_point_organization_id;
      if (!counselling) return [];
      await expireDue(trx, { regionId: actor.regionId }, now);
      return (await queueOf(trx, actor.regionId, counselling, helsinkiDate(now))).map((r) =>
        listItem(r as ListRow, now),
      );
    },
    { now },
  );
}

/** How many consultations wait in the queue for someone to claim them (a badge, the home's count). */
export async function openConsultationCount(db: Kysely<DB>, actor: StaffActor, now = new Date()) {
  const items = await consultationQueue(db, actor, { now });
  return items.filter((i) => i.state === 'requested').length;
}

/** The actor's own requests, newest first ("Omat konsultaatiot"), new answers marked. */
export async function myConsultations(
  db: Kysely<DB>,
  actor: StaffActor,
  { now = new Date() }: { now?: Date } = {},
): Promise<ConsultationListItem[]> {
  return withAccess(
    db,
    actor,
    'read',
    { type: 'consultation_mine', id: 'mine' },
    async (trx) => {
      await expireDue(trx, { requesterId: actor.userId }, now);
      return (await mineOf(trx, actor.userId)).map((r) => listItem(r as ListRow, now));
    },
    { now },
  );
}

// ---------------------------------------------------------------- one consultation

export interface ConsultationView {
  id: string;
  version: number;
  kind: 'consultation' | 'cowork';
  identified: boolean;
  state: ListRow['state'];
  side: 'requester' | 'counsellor';
  /** the steps the actor may take now */
  steps: ConsultationEvent[];
  respondBy: string;
  overdue: boolean;
  createdAt: Date;
  requesterName: string;
  requesterOrganization: LocalizedText;
  familyName: string | null;
  consent: {
    kind: 'written' | 'verbal';
    givenOn: string;
    reference: string | null;
    recorded: boolean;
    /** the family withdrew the recorded consent (the counsellors no longer see the consultation) */
    withdrawn: boolean;
  } | null;
  cowork: { at: Date; place: string; unitName: LocalizedText | null } | null;
  claimedByName: string | null;
  answerKind: 'written' | 'call' | 'accepted' | null;
  callAt: Date | null;
  outcome: 'advice_given' | 'cowork_agreed' | 'family_directed' | null;
  messages: {
    id: string;
    side: 'requester' | 'counsellor';
    kind: string;
    body: string;
    at: Date;
    authorName: string;
  }[];
}

async function viewOf(trx: Trx, id: string, decision: Allowed): Promise<ConsultationView> {
  const row = await consultationById(trx, id);
  if (!row) throw new AppError('consultation.not_found', 404);
  const side = sideOf(decision);
  const messages = await messagesOf(trx, id);
  return {
    id: row.id,
    version: row.version,
    kind: row.kind,
    identified: row.identified,
    state: row.state,
    side,
    steps: stepsFor(row.state, row.kind, side),
    respondBy: row.respond_by,
    overdue: false,
    createdAt: row.created_at,
    requesterName: row.requester_name,
    requesterOrganization: row.requester_organization_name,
    familyName: row.family_name,
    consent:
      row.identified && row.consent_channel && row.consent_given_on
        ? {
            kind: row.consent_channel,
            givenOn: row.consent_given_on,
            reference: row.consent_reference,
            recorded: row.consent_directive_id !== null,
            withdrawn: row.consent_directive_id !== null && row.consent_status !== 'active',
          }
        : null,
    cowork:
      row.cowork_at && row.cowork_place
        ? { at: row.cowork_at, place: row.cowork_place, unitName: row.unit_name }
        : null,
    claimedByName: row.claimed_by_name,
    answerKind: row.answer_kind,
    callAt: row.call_at,
    outcome: row.outcome,
    messages: messages.map((m) => ({
      id: m.id,
      side: m.side,
      kind: m.kind,
      body: m.body,
      at: m.created_at,
      authorName: m.author_name,
    })),
  };
}

/** One consultation with its thread; the requester's read marks the latest answer seen. */
export async function readConsultation(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<ConsultationView> {
  return withAccess(
    db,
    actor,
    'read',
    { type: 'consultation', id },
    async (trx, decision) => {
      await expireDue(trx, { id }, now);
      if (sideOf(decision) === 'requester') await markSeen(trx, id);
      const view = await viewOf(trx, id, decision);
      return { ...view, overdue: view.state === 'requested' && isOverdue(view.respondBy, now) };
    },
    { now },
  );
}

/**
 * The family withdraws the consent its consultation carries, through the professional who
 * recorded it (they tell the requester: by phone, face to face, …). The consultation's door
 * names it the requester's own; the consent's door then lets the one who recorded the permit
 * withdraw it (consent feature, withdrawConsent): later reads by the counsellors are refused,
 * and the queue no longer lists it. A consultation without a recorded consent: 404; one
 * withdrawn already: 409.
 */
export async function withdrawConsultationConsent(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  input: { channel: RecordedChannel; reason: string | null },
  { now = new Date() }: { now?: Date } = {},
): Promise<void> {
  const directiveId = await withAccess(
    db,
    actor,
    'update',
    { type: 'consultation', id },
    async (trx, decision) => {
      const c = await consultationById(trx, id);
      if (sideOf(decision) !== 'requester' || !c?.consent_directive_id)
        throw new AppError('consultation.not_found', 404);
      return c.consent_directive_id;
    },
    { now },
  );
  await withdrawConsent(
    db,
    actor,
    directiveId,
    { channel: input.channel, ...(input.reason ? { reason: input.reason } : {}) },
    { now },
  );
}

const MESSAGE_KIND = {
  answer: 'answer',
  accept: 'accept',
  decline: 'decline',
  reply: 'reply',
  close: 'close',
} as const;

/**
 * A step on a consultation, by the side the door names: the state machine (model.ts) decides
 * whether it is allowed from the current state, and the update holds only while the state (and
 * the form's version, when sent) is still what it was. Refused: 409, nothing changed.
 */
export async function actOnConsultation(
  deps: ConsultationDeps,
  actor: StaffActor,
  id: string,
  input: StepInput,
  version?: number,
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  await withAccess(
    deps.db,
    actor,
    'update',
    { type: 'consultation', id },
    async (trx, decision) => {
      await expireDue(trx, { id }, now);
      const row = await consultationById(trx, id);
      if (!row) throw new AppError('consultation.not_found', 404);
      const side = sideOf(decision);
      const result = transition(row.state, row.kind, input.step, side);
      if (!result.ok) throw new AppError(result.code, 409, { state: row.state });
      if (version !== undefined && version !== row.version) throw new AppError('consultation.stale', 409);
      const toRequester = side === 'counsellor' && input.step !== 'claim';
      const set: Parameters<typeof updateConsultation>[4] = { state: result.to };
      if (input.step === 'claim') Object.assign(set, { claimed_by: actor.userId, claimed_at: now });
      if (input.step === 'answer')
        Object.assign(set, { answer_kind: input.answerKind, call_at: input.callAt });
      if (input.step === 'accept') Object.assign(set, { answer_kind: 'accepted' });
      if (input.step === 'close') Object.assign(set, { outcome: input.outcome, ended_at: now });
      if (input.step === 'decline') Object.assign(set, { ended_at: now });
      if (toRequester) set.requester_unread = true;
      if (!(await updateConsultation(trx, id, row.state, version, set, now)))
        throw new AppError('consultation.stale', 409);
      if (input.step !== 'claim' && input.body !== '') {
        await insertMessage(trx, {
          consultationId: id,
          authorId: actor.userId,
          side,
          kind: input.step === 'answer' && input.answerKind === 'call' ? 'call' : MESSAGE_KIND[input.step],
          body: input.body,
          at: now,
        });
      }
      if (toRequester && row.requester_email) {
        await enqueue(trx, {
          channel: 'email',
          recipient: row.requester_email,
          template: 'consultation_news',
          language: 'fi',
          params: {
            step: input.step,
            kind: row.kind,
            url: `${deps.publicUrl}/fi/staff/consultations/${id}`,
          },
        });
      }
    },
    { now },
  );
}
