/**
 * The consent services (capability 9): a counsellor records the family's persons, drafts a
 * consent request or records a consent given by phone or face to face; the family answers a
 * request from the status page or signed in, and withdraws any consent; the DPO searches and
 * reviews. Each service is one transaction through the door (withAccess), which decides with
 * policy.ts and writes the access-log row; the rules are the pure functions of model.ts.
 *
 * Bad input and the wrong person answer a coded error and change nothing (the transaction
 * rolls back): consent.no_custody, consent.period_ends_before_start, consent.unknown_registry,
 * consent.recipient_is_source, consent.request_not_open, consent.not_your_consent,
 * consent.minor_capable_decides, consent.justification_too_short.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type ErrorCode, format, type Lang, translations } from '../../i18n/index.ts';
import {
  type AccessActor,
  access,
  requirePermission,
  type SideWrite,
  type StatusLinkHolder,
  withAccess,
} from '../../platform/access/door.ts';
import type { ClientActor, StaffActor } from '../../platform/auth/actor.ts';
import type { DB, Lang3, LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { enqueue, type RenderTemplate } from '../../platform/outbox.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import {
  CATEGORIES,
  type Category,
  type ConsentChannel,
  type DisclosureDecision,
  type DisclosureInput,
  type DisclosureItem,
  decideDisclosure,
  directiveState,
  finnishDate,
  JUSTIFICATION_MIN,
  mayGrant,
  type OrganisationConsentState,
  PURPOSES,
  type PurposeCode,
  plainSentence,
  RECORDED_CHANNELS,
  type RecordedChannel,
  STATUTORY_BASES,
  STATUTORY_MAX_DAYS,
  type StatutoryBasis,
  type SubjectFacts,
} from './model.ts';
import { ofContact, record, search } from './policy.ts';
import * as q from './queries.ts';

// ---------------------------------------------------------------- views

export interface PersonView {
  id: string;
  name: string;
  birthDate: string | null;
  role: q.PersonRow['role'];
  turvakielto: boolean;
  /** signed in strongly at least once (linked to a client) */
  identified: boolean;
  /** the persons this one is a guardian of */
  guardianOf: string[];
  /** the categories a current capacity assessment found the person capable of */
  capableFor: string[];
}

export interface OrganisationRef {
  id: string;
  name: LocalizedText;
}

export interface RequestView {
  id: string;
  state: 'requested' | 'given' | 'declined' | 'expired' | 'cancelled';
  subjects: { id: string; name: string }[];
  recipients: OrganisationRef[];
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  /** YYYY-MM-DD */
  validUntil: string;
  answerBy: Date;
  createdAt: Date;
  answeredAt: Date | null;
}

export interface DirectiveView {
  id: string;
  directiveKey: string;
  version: number;
  subject: { id: string; name: string };
  grantor: { id: string; name: string; kind: q.DirectiveRow['grantor_kind'] };
  decision: 'permit' | 'deny';
  status: q.DirectiveRow['status'];
  /** what a person sees: given, declined (a deny), withdrawn, expired, pending, superseded, suspended */
  state: ReturnType<typeof directiveState>;
  recipients: OrganisationRef[];
  recipientGuardians: boolean;
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  validFrom: string;
  validUntil: string;
  channel: ConsentChannel;
  needsConfirmation: boolean;
  recordedAt: Date;
  withdrawnAt: Date | null;
}

export interface StatutoryView {
  id: string;
  basis: StatutoryBasis;
  justification: string;
  items: string[];
  recipient: OrganisationRef;
  disclosedAt: Date;
  validUntil: Date;
  clientToldAt: Date | null;
  noticeDeferredReason: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

export interface OrganisationConsent {
  organizationId: string;
  name: LocalizedText;
  sameRegistry: boolean;
  state: OrganisationConsentState;
  directiveId?: string;
  validUntil?: string;
}

export interface ConsentPanel {
  reference: string;
  persons: PersonView[];
  organisations: OrganisationConsent[];
  requests: RequestView[];
  directives: DirectiveView[];
  statutory: StatutoryView[];
}

// ---------------------------------------------------------------- errors

const fieldError = (code: ErrorCode, field: string, params: Record<string, string | number> = {}) =>
  new AppError(code, 400, params, [{ field, code, params }]);

function invalid(problems: FieldProblem[]): AppError {
  return new AppError('request.invalid', 400, {}, problems);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: unknown): v is string =>
  typeof v === 'string' &&
  DATE.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

function checkScope(input: { categories: readonly string[]; purposeCode?: string; purposeText?: string }) {
  const problems: FieldProblem[] = [];
  if (
    input.categories.length === 0 ||
    input.categories.some((c) => !(CATEGORIES as readonly string[]).includes(c))
  )
    problems.push({ field: 'categories', code: 'request.invalid_value' });
  if (input.purposeCode !== undefined && !(PURPOSES as readonly string[]).includes(input.purposeCode))
    problems.push({ field: 'purposeCode', code: 'request.invalid_value' });
  if (input.purposeText !== undefined && input.purposeText.length > 500)
    problems.push({ field: 'purposeText', code: 'request.too_long', params: { max: 500 } });
  if (problems.length > 0) throw invalid(problems);
}

/** The recipients, each an organisation of the region and not the source's registry. */
async function checkRecipients(
  trx: Transaction<DB>,
  contact: q.ConsentContact,
  ids: readonly string[],
): Promise<q.OrganisationRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw fieldError('consent.unknown_registry', 'recipientOrganizationIds');
  const orgs = (await q.organisationsByIds(trx, unique)).filter((o) => o.regionId === contact.regionId);
  if (orgs.length !== unique.length) throw fieldError('consent.unknown_registry', 'recipientOrganizationIds');
  const source = (await q.registriesOf(trx, [contact.registryOrganizationId])).get(
    contact.registryOrganizationId,
  );
  if (orgs.some((o) => o.registryId === (source ?? contact.registryOrganizationId)))
    throw fieldError('consent.recipient_is_source', 'recipientOrganizationIds');
  return orgs;
}

async function requireContact(trx: Transaction<DB>, contactId: string) {
  const contact = await q.contactForConsent(trx, contactId);
  if (!contact) throw new AppError('consent.not_found', 404);
  return contact;
}

async function personOfContact(trx: Transaction<DB>, contactId: string, personId: string, field: string) {
  const person = await q.personById(trx, personId);
  if (!person || person.contactId !== contactId) throw fieldError('consent.unknown_person', field);
  return person;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const staffBy = (staff: StaffActor) => `staff:${staff.userId}`;

/** The facts decideDisclosure and mayGrant need about one person. */
async function subjectOf(trx: Transaction<DB>, person: q.PersonRow, day: string): Promise<SubjectFacts> {
  const [guardians, capacity] = await Promise.all([
    q.guardiansOf(trx, [person.id]),
    q.capableFor(trx, [person.id], day),
  ]);
  return {
    personId: person.id,
    birthDate: person.birthDate,
    turvakielto: person.turvakielto,
    guardians: guardians.get(person.id) ?? [],
    capableFor: capacity.get(person.id) ?? [],
    directives: [],
    statutory: [],
  };
}

// ---------------------------------------------------------------- the counsellor's panel

export async function contactConsentPanel(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<ConsentPanel> {
  return withAccess(
    db,
    staff,
    'read',
    ofContact('consent_directive', contactId, 'panel'),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      await q.ensureContacter(trx, contact, staffBy(staff), now);
      return panelOf(trx, contact, now);
    },
    { now },
  );
}

async function panelOf(trx: Transaction<DB>, contact: q.ConsentContact, now: Date): Promise<ConsentPanel> {
  const day = helsinkiDate(now);
  const persons = await q.personsOfContact(trx, contact.id);
  const ids = persons.map((p) => p.id);
  const [guardians, capacity, directives, requests, statutory, handoffOrgs] = await Promise.all([
    q.guardiansOf(trx, ids),
    q.capableFor(trx, ids, day),
    q.directivesOfSubjects(trx, ids),
    q.requestsOfContact(trx, contact.id),
    q.statutoryOfContacts(trx, [contact.id]),
    q.handoffOrganisationIds(trx, contact.id),
  ]);
  const orgIds = new Set<string>([contact.registryOrganizationId, ...handoffOrgs]);
  for (const d of directives) for (const o of d.recipient_organization_ids) orgIds.add(o);
  for (const r of requests) for (const o of r.recipient_organization_ids) orgIds.add(o);
  for (const s of statutory) orgIds.add(s.recipient_organization_id);
  const orgs = await orgNames(trx, [...orgIds]);
  const names = new Map(persons.map((p) => [p.id, p.name]));
  const personViews: PersonView[] = persons.map((p) => ({
    id: p.id,
    name: p.name,
    birthDate: p.birthDate,
    role: p.role,
    turvakielto: p.turvakielto,
    identified: p.clientId !== null,
    guardianOf: [...guardians.entries()]
      .filter(([, gs]) => gs.some((g) => g.personId === p.id))
      .map(([child]) => child),
    capableFor: capacity.get(p.id) ?? [],
  }));
  const directiveViews = directives.map((d) => directiveView(d, names, orgs, day));
  const requestViews = requests.map((r) => requestView(r, names, orgs, now));
  const sourceRegistry = (await q.registriesOf(trx, [...orgIds])) as Map<string, string>;
  const own = sourceRegistry.get(contact.registryOrganizationId) ?? contact.registryOrganizationId;
  const organisations: OrganisationConsent[] = [...orgIds]
    .filter((id) => id !== contact.registryOrganizationId)
    .map((id) => organisationState(id, orgs, sourceRegistry.get(id) === own, directiveViews, requestViews));
  return {
    reference: contact.reference,
    persons: personViews,
    organisations,
    requests: requestViews,
    directives: directiveViews,
    statutory: statutory.map((s) => statutoryView(s, orgs)),
  };
}

function organisationState(
  id: string,
  orgs: Map<string, OrganisationRef>,
  sameRegistry: boolean,
  directives: DirectiveView[],
  requests: RequestView[],
): OrganisationConsent {
  const base = { organizationId: id, name: orgs.get(id)?.name ?? { fi: id }, sameRegistry };
  if (sameRegistry) return { ...base, state: 'same_registry' };
  const mine = directives.filter((d) => d.recipients.some((r) => r.id === id) && d.status !== 'superseded');
  const given = mine.find((d) => d.state === 'given');
  if (given) return { ...base, state: 'given', directiveId: given.id, validUntil: given.validUntil };
  const open = requests.find((r) => r.state === 'requested' && r.recipients.some((o) => o.id === id));
  if (open) return { ...base, state: 'requested' };
  const latest = mine[0];
  const latestRequest = requests.find((r) => r.recipients.some((o) => o.id === id));
  if (latest && (latest.state === 'withdrawn' || latest.state === 'expired' || latest.state === 'declined'))
    return { ...base, state: latest.state, directiveId: latest.id, validUntil: latest.validUntil };
  if (latestRequest?.state === 'declined' || latestRequest?.state === 'expired')
    return { ...base, state: latestRequest.state };
  return { ...base, state: 'none' };
}

async function orgNames(trx: Transaction<DB>, ids: string[]): Promise<Map<string, OrganisationRef>> {
  const rows = await q.organisationsByIds(trx, ids);
  return new Map(rows.map((o) => [o.id, { id: o.id, name: o.name }]));
}

const orgRef = (orgs: Map<string, OrganisationRef>, id: string): OrganisationRef =>
  orgs.get(id) ?? { id, name: { fi: '–' } };

function directiveView(
  d: q.DirectiveRow,
  names: Map<string, string>,
  orgs: Map<string, OrganisationRef>,
  day: string,
): DirectiveView {
  return {
    id: d.id,
    directiveKey: d.directive_key,
    version: d.version,
    subject: { id: d.subject_person_id, name: names.get(d.subject_person_id) ?? '' },
    grantor: { id: d.grantor_person_id, name: names.get(d.grantor_person_id) ?? '', kind: d.grantor_kind },
    decision: d.decision,
    status: d.status,
    state: directiveState(
      { status: d.status, validFrom: d.valid_from, validUntil: d.valid_until, decision: d.decision },
      day,
    ),
    recipients: d.recipient_organization_ids.map((id) => orgRef(orgs, id)),
    recipientGuardians: d.recipient_guardians,
    categories: d.categories as Category[],
    purposeCode: d.purpose_code as PurposeCode,
    purposeText: d.purpose_text,
    validFrom: d.valid_from,
    validUntil: d.valid_until,
    channel: d.channel,
    needsConfirmation: d.needs_confirmation,
    recordedAt: d.recorded_at,
    withdrawnAt: d.withdrawn_at,
  };
}

function requestView(
  r: q.RequestRow,
  names: Map<string, string>,
  orgs: Map<string, OrganisationRef>,
  now: Date,
): RequestView {
  return {
    id: r.id,
    // an unanswered request past its answer-by time is expired, whether or not a job marked it
    state: r.state === 'requested' && r.answer_by < now ? 'expired' : r.state,
    subjects: r.subject_person_ids.map((id) => ({ id, name: names.get(id) ?? '' })),
    recipients: r.recipient_organization_ids.map((id) => orgRef(orgs, id)),
    categories: r.categories as Category[],
    purposeCode: r.purpose_code as PurposeCode,
    purposeText: r.purpose_text,
    validUntil: r.valid_until,
    answerBy: r.answer_by,
    createdAt: r.created_at,
    answeredAt: r.answered_at,
  };
}

function statutoryView(
  s: Awaited<ReturnType<typeof q.statutoryOfContacts>>[number],
  orgs: Map<string, OrganisationRef>,
): StatutoryView {
  return {
    id: s.id,
    basis: s.basis,
    justification: s.justification,
    items: s.items,
    recipient: orgRef(orgs, s.recipient_organization_id),
    disclosedAt: s.disclosed_at,
    validUntil: s.valid_until,
    clientToldAt: s.client_told_at,
    noticeDeferredReason: s.notice_deferred_reason,
    reviewedAt: s.reviewed_at,
    reviewNote: s.review_note,
  };
}

// ---------------------------------------------------------------- persons

export interface NewPerson {
  name: string;
  birthDate?: string | null;
  role: 'child' | 'guardian' | 'other';
  /** a guardian: the children of the contact they have custody of */
  guardianOfPersonIds?: string[];
  /** a child: their guardians among the contact's persons (the contacter, say) */
  guardianPersonIds?: string[];
  custody?: 'joint' | 'sole' | 'task_split';
  turvakielto?: boolean;
}

export async function addPerson(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: NewPerson,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ personId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('consent_person', contactId),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      const name = input.name.trim();
      const problems: FieldProblem[] = [];
      if (name.length === 0) problems.push({ field: 'name', code: 'request.invalid_value' });
      if (name.length > 200) problems.push({ field: 'name', code: 'request.too_long', params: { max: 200 } });
      if (input.birthDate != null && (!isDate(input.birthDate) || input.birthDate > helsinkiDate(now)))
        problems.push({ field: 'birthDate', code: 'request.invalid_value' });
      if (!['child', 'guardian', 'other'].includes(input.role))
        problems.push({ field: 'role', code: 'request.invalid_value' });
      if (problems.length > 0) throw invalid(problems);
      await q.ensureContacter(trx, contact, staffBy(staff), now);
      const linked = [...(input.guardianOfPersonIds ?? []), ...(input.guardianPersonIds ?? [])];
      for (const id of linked) await personOfContact(trx, contactId, id, 'guardianOfPersonIds');
      const personId = await q.insertPerson(trx, {
        regionId: contact.regionId,
        contactId,
        name,
        birthDate: input.birthDate ?? null,
        role: input.role,
        turvakielto: input.turvakielto === true,
        createdBy: staffBy(staff),
        at: now,
      });
      const custody = input.custody ?? 'joint';
      const g = { custody, validFrom: helsinkiDate(now), recordedBy: staffBy(staff), at: now };
      for (const child of input.guardianOfPersonIds ?? [])
        await q.insertGuardianship(trx, { ...g, guardianPersonId: personId, childPersonId: child });
      for (const guardian of input.guardianPersonIds ?? [])
        await q.insertGuardianship(trx, { ...g, guardianPersonId: guardian, childPersonId: personId });
      return { personId };
    },
    { now },
  );
}

// ---------------------------------------------------------------- requests

export interface DraftRequest {
  subjectPersonIds: string[];
  recipientOrganizationIds: string[];
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  /** YYYY-MM-DD */
  validUntil: string;
  answerBy?: Date;
}

/** How long the family has to answer a request unless the counsellor says otherwise. */
export const REQUEST_ANSWER_DAYS = 14;

export async function draftConsentRequest(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: DraftRequest,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ requestId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('consent_request', contactId),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      checkScope(input);
      if (!isDate(input.validUntil)) throw invalid([{ field: 'validUntil', code: 'request.invalid_value' }]);
      if (input.validUntil < helsinkiDate(now))
        throw fieldError('consent.period_ends_before_start', 'validUntil');
      const answerBy = input.answerBy ?? new Date(now.getTime() + REQUEST_ANSWER_DAYS * 86_400_000);
      if (!(answerBy > now)) throw fieldError('consent.period_ends_before_start', 'answerBy');
      if (input.subjectPersonIds.length === 0) throw fieldError('consent.unknown_person', 'subjectPersonIds');
      for (const id of new Set(input.subjectPersonIds))
        await personOfContact(trx, contactId, id, 'subjectPersonIds');
      await checkRecipients(trx, contact, input.recipientOrganizationIds);
      const requestId = await q.insertRequest(trx, {
        regionId: contact.regionId,
        contactId,
        subjectPersonIds: [...new Set(input.subjectPersonIds)],
        requestedBy: staff.userId,
        sourceOrganizationId: contact.registryOrganizationId,
        recipientOrganizationIds: [...new Set(input.recipientOrganizationIds)],
        categories: [...new Set(input.categories)],
        purposeCode: input.purposeCode,
        purposeText: input.purposeText.trim(),
        validUntil: input.validUntil,
        answerBy,
        at: now,
      });
      return { requestId };
    },
    { now },
  );
}

/** The open requests of the status link's contact, for the family's status page. */
export async function requestsForStatusLink(
  db: Kysely<DB>,
  holder: StatusLinkHolder,
  { now = new Date() }: { now?: Date } = {},
): Promise<RequestView[]> {
  return withAccess(
    db,
    holder,
    'read',
    ofContact('consent_request', holder.contactId),
    async (trx) => {
      const persons = await q.personsOfContact(trx, holder.contactId);
      const requests = await q.requestsOfContact(trx, holder.contactId);
      const orgIds = [...new Set(requests.flatMap((r) => r.recipient_organization_ids))];
      const orgs = await orgNames(trx, orgIds);
      const names = new Map(persons.map((p) => [p.id, p.name]));
      return requests.map((r) => requestView(r, names, orgs, now)).filter((r) => r.state === 'requested');
    },
    { now },
  );
}

/**
 * The consents of the status link's contact (its persons' directives, in force and ended), for
 * the family's status page: each in force with "withdraw". The link holder is the contacter,
 * so what a capable child has hidden from the guardians stays out, as on My consents.
 */
export async function consentsForStatusLink(
  db: Kysely<DB>,
  holder: StatusLinkHolder,
  { now = new Date() }: { now?: Date } = {},
): Promise<DirectiveView[]> {
  return withAccess(
    db,
    holder,
    'read',
    ofContact('consent_directive', holder.contactId),
    async (trx) => {
      const day = helsinkiDate(now);
      const persons = await q.personsOfContact(trx, holder.contactId);
      const directives = await q.directivesOfSubjects(
        trx,
        persons.map((p) => p.id),
      );
      const contacter = persons.find((p) => p.role === 'contacter');
      const hidden = (d: q.DirectiveRow) =>
        d.subject_person_id !== contacter?.id && d.grantor_kind === 'capable_minor' && d.recipient_guardians;
      const shown = directives.filter((d) => !hidden(d));
      const orgs = await orgNames(trx, [...new Set(shown.flatMap((d) => d.recipient_organization_ids))]);
      const names = new Map(persons.map((p) => [p.id, p.name]));
      return shown.map((d) => directiveView(d, names, orgs, day));
    },
    { now },
  );
}

/** A consent still in force (given, a refusal, or waiting for the other guardian): it may be withdrawn. */
export const inForce = (v: DirectiveView) =>
  v.state === 'given' || v.state === 'declined' || v.state === 'pending';

export interface RequestAnswer {
  answer: 'accept' | 'decline' | 'narrow';
  categories?: Category[];
  recipientOrganizationIds?: string[];
  validUntil?: string;
  /** the language the family read the request in (its sentence is what the evidence keeps) */
  lang?: Lang;
}

/**
 * The family answers a request: accept (a permit per subject, as asked), narrow (fewer
 * categories, fewer recipients, a shorter period) or decline. The one answering is the
 * contacter (status link) or the signed-in client's person; they must be entitled to give it
 * for every subject (themself, a child in their custody).
 */
export async function answerRequest(
  db: Kysely<DB>,
  actor: StatusLinkHolder | ClientActor,
  requestId: string,
  input: RequestAnswer,
  { now = new Date() }: { now?: Date } = {},
): Promise<'given' | 'declined'> {
  return withAccess(
    db,
    actor,
    'update',
    record('consent_request', requestId),
    async (trx) => {
      const request = await q.requestById(trx, requestId);
      if (!request) throw new AppError('consent.not_found', 404);
      if (request.state !== 'requested' || request.answer_by < now)
        throw new AppError('consent.request_not_open', 409);
      const channel: ConsentChannel = actor.kind === 'client' ? 'strong_identification' : 'status_link';
      if (input.answer === 'decline') {
        if (
          !(await q.answerRequestRow(trx, requestId, {
            state: 'declined',
            at: now,
            channel,
            directiveIds: [],
          }))
        )
          throw new AppError('consent.request_not_open', 409);
        return 'declined';
      }
      const categories =
        input.answer === 'narrow' && input.categories ? [...new Set(input.categories)] : request.categories;
      const recipients =
        input.answer === 'narrow' && input.recipientOrganizationIds
          ? [...new Set(input.recipientOrganizationIds)]
          : request.recipient_organization_ids;
      const validUntil =
        input.answer === 'narrow' && input.validUntil ? input.validUntil : request.valid_until;
      const problems: FieldProblem[] = [];
      if (categories.length === 0 || categories.some((c) => !request.categories.includes(c)))
        problems.push({ field: 'categories', code: 'request.invalid_value' });
      if (recipients.length === 0 || recipients.some((r) => !request.recipient_organization_ids.includes(r)))
        problems.push({ field: 'recipientOrganizationIds', code: 'request.invalid_value' });
      if (!isDate(validUntil) || validUntil > request.valid_until)
        problems.push({ field: 'validUntil', code: 'request.invalid_value' });
      if (problems.length > 0) throw invalid(problems);
      const today = helsinkiDate(now);
      if (validUntil < today) throw fieldError('consent.period_ends_before_start', 'validUntil');

      const contact = await requireContact(trx, request.contact_id);
      const grantor = await grantorOf(trx, actor, contact, now);
      const persons = await q.personsOfContact(trx, contact.id);
      const orgs = await orgNames(trx, recipients);
      const directiveIds: string[] = [];
      for (const subjectId of request.subject_person_ids) {
        const person = persons.find((p) => p.id === subjectId);
        if (!person) throw new AppError('consent.not_found', 404);
        const subject = await subjectOf(trx, person, today);
        const check = mayGrant(subject, grantor.id, categories, today);
        if (!check.ok) throw fieldError(check.code, 'subjectPersonIds');
        const until = check.lastDay && check.lastDay < validUntil ? check.lastDay : validUntil;
        const notice = plainSentence(
          {
            decision: 'permit',
            recipientNames: recipients.map((id) =>
              localized(orgRef(orgs, id).name, input.lang ?? contact.language),
            ),
            categories,
            subjectName: person.name,
            purposeCode: request.purpose_code,
            purposeText: request.purpose_text,
            validUntil: until,
          },
          input.lang ?? contact.language,
        );
        const pending = await joinPendingCoGrant(
          trx,
          subject.personId,
          grantor.id,
          categories,
          recipients,
          now,
        );
        if (pending) {
          directiveIds.push(pending);
          continue;
        }
        directiveIds.push(
          await q.insertDirective(trx, {
            regionId: contact.regionId,
            subjectPersonId: subjectId,
            decision: 'permit',
            grantorKind: check.grantorKind,
            grantorPersonId: grantor.id,
            coGrantorPersonIds: [],
            status: check.missingCoGrantors.length > 0 ? 'pending_co_grantors' : 'active',
            sourceOrganizationIds: [request.source_organization_id],
            recipientOrganizationIds: recipients,
            recipientGuardians: false,
            categories,
            purposeCode: request.purpose_code,
            purposeText: request.purpose_text,
            validFrom: today,
            validUntil: until,
            channel,
            evidence: {
              notice,
              ...(actor.kind === 'client' ? { clientId: actor.clientId } : { statusLink: true }),
              ...(check.missingCoGrantors.length > 0 ? { awaiting: check.missingCoGrantors } : {}),
            },
            noticeTextHash: sha256(notice),
            needsConfirmation: false,
            recordedBy: null,
            at: now,
            requestId,
          }),
        );
      }
      if (!(await q.answerRequestRow(trx, requestId, { state: 'given', at: now, channel, directiveIds })))
        throw new AppError('consent.request_not_open', 409);
      return 'given';
    },
    { now },
  );
}

const localized = (name: LocalizedText, lang: Lang) => name[lang] ?? name.fi;

/** Who answers: the contacter (status link), or the signed-in client's person in this contact. */
async function grantorOf(
  trx: Transaction<DB>,
  actor: StatusLinkHolder | ClientActor,
  contact: q.ConsentContact,
  now: Date,
): Promise<q.PersonRow> {
  if (actor.kind === 'client') {
    const mine = (await q.personsOfClient(trx, actor.clientId)).find((p) => p.contactId === contact.id);
    if (mine) return mine;
    if (contact.clientId !== actor.clientId) throw new AppError('consent.not_your_consent', 404);
  }
  return q.ensureContacter(trx, contact, actor.kind === 'client' ? 'client' : 'status_link', now);
}

/**
 * Joint custody: the second guardian's yes to the same scope completes the first guardian's
 * pending permit — a new version with both as grantors, active; the pending one is superseded.
 */
async function joinPendingCoGrant(
  trx: Transaction<DB>,
  subjectId: string,
  grantorId: string,
  categories: readonly string[],
  recipients: readonly string[],
  now: Date,
): Promise<string | undefined> {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  const pending = (await q.directivesOfSubjects(trx, [subjectId])).find(
    (d) =>
      d.status === 'pending_co_grantors' &&
      d.decision === 'permit' &&
      d.grantor_person_id !== grantorId &&
      same(d.categories, categories) &&
      same(d.recipient_organization_ids, recipients) &&
      Array.isArray(d.evidence.awaiting) &&
      (d.evidence.awaiting as string[]).includes(grantorId),
  );
  if (!pending) return undefined;
  const awaiting = (pending.evidence.awaiting as string[]).filter((id) => id !== grantorId);
  await q.markSuperseded(trx, pending.id);
  return q.insertDirective(trx, {
    directiveKey: pending.directive_key,
    version: pending.version + 1,
    supersedesId: pending.id,
    regionId: pending.region_id,
    subjectPersonId: subjectId,
    decision: 'permit',
    grantorKind: pending.grantor_kind,
    grantorPersonId: pending.grantor_person_id,
    coGrantorPersonIds: [...pending.co_grantor_person_ids, grantorId],
    status: awaiting.length > 0 ? 'pending_co_grantors' : 'active',
    sourceOrganizationIds: pending.source_organization_ids,
    recipientOrganizationIds: pending.recipient_organization_ids,
    recipientGuardians: pending.recipient_guardians,
    categories: pending.categories,
    purposeCode: pending.purpose_code,
    purposeText: pending.purpose_text,
    validFrom: pending.valid_from,
    validUntil: pending.valid_until,
    channel: pending.channel,
    evidence: { ...pending.evidence, awaiting, coGrantedAt: now.toISOString() },
    noticeTextHash: pending.notice_text_hash,
    needsConfirmation: pending.needs_confirmation,
    recordedBy: pending.recorded_by,
    at: now,
    requestId: pending.request_id,
  });
}

// ---------------------------------------------------------------- recorded by a worker

export interface RecordedConsent {
  subjectPersonId: string;
  grantorPersonId: string;
  decision: 'permit' | 'deny';
  recipientOrganizationIds: string[];
  /** a deny to the subject's guardians (a capable minor's) */
  recipientGuardians?: boolean;
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  validFrom: string;
  validUntil: string;
  channel: RecordedChannel;
  /** how the worker checked who they spoke to */
  identityCheck: string;
  /** the exact text read or shown to the client; its SHA-256 is kept */
  noticeText: string;
  witness?: string;
  toldHowToWithdraw: boolean;
  paperSha256?: string;
  legalRepresentative?: boolean;
}

/** A consent given by phone, video, face to face or on paper: flagged for the client's confirmation. */
export async function recordConsent(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: RecordedConsent,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ directiveId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('consent_directive', contactId),
    (trx) => recordConsentIn(trx, staff, contactId, input, now),
    { now },
  );
}

/** recordConsent's work, in a transaction the door has already allowed. */
async function recordConsentIn(
  trx: Transaction<DB>,
  staff: StaffActor,
  contactId: string,
  input: RecordedConsent,
  now: Date,
): Promise<{ directiveId: string }> {
  const contact = await requireContact(trx, contactId);
  checkScope(input);
  const problems: FieldProblem[] = [];
  if (!(RECORDED_CHANNELS as readonly string[]).includes(input.channel))
    problems.push({ field: 'channel', code: 'request.invalid_value' });
  if (input.decision !== 'permit' && input.decision !== 'deny')
    problems.push({ field: 'decision', code: 'request.invalid_value' });
  if (input.identityCheck.trim().length === 0)
    problems.push({ field: 'identityCheck', code: 'request.invalid_value' });
  if (input.noticeText.trim().length === 0)
    problems.push({ field: 'noticeText', code: 'request.invalid_value' });
  if (input.toldHowToWithdraw !== true)
    problems.push({ field: 'toldHowToWithdraw', code: 'consent.told_how_to_withdraw' });
  if (input.paperSha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.paperSha256))
    problems.push({ field: 'paperSha256', code: 'request.invalid_value' });
  if (!isDate(input.validFrom)) problems.push({ field: 'validFrom', code: 'request.invalid_value' });
  if (!isDate(input.validUntil)) problems.push({ field: 'validUntil', code: 'request.invalid_value' });
  if (problems.length > 0) throw invalid(problems);
  if (input.validUntil < input.validFrom) throw fieldError('consent.period_ends_before_start', 'validUntil');
  const subjectPerson = await personOfContact(trx, contactId, input.subjectPersonId, 'subjectPersonId');
  await personOfContact(trx, contactId, input.grantorPersonId, 'grantorPersonId');
  const recipientGuardians = input.recipientGuardians === true;
  if (!(recipientGuardians && input.recipientOrganizationIds.length === 0))
    await checkRecipients(trx, contact, input.recipientOrganizationIds);
  const subject = await subjectOf(trx, subjectPerson, input.validFrom);
  const check = mayGrant(subject, input.grantorPersonId, input.categories, input.validFrom, {
    legalRepresentative: input.legalRepresentative === true,
  });
  if (!check.ok) throw fieldError(check.code, 'grantorPersonId');
  const validUntil = check.lastDay && check.lastDay < input.validUntil ? check.lastDay : input.validUntil;
  if (validUntil < input.validFrom) throw fieldError('consent.period_ends_before_start', 'validUntil');
  // a deny binds as soon as one guardian gives it; a permit under joint custody waits for all
  const pendingOthers = input.decision === 'permit' ? check.missingCoGrantors : [];
  const recipients = [...new Set(input.recipientOrganizationIds)];
  const joined =
    input.decision === 'permit'
      ? await joinPendingCoGrant(
          trx,
          subject.personId,
          input.grantorPersonId,
          input.categories,
          recipients,
          now,
        )
      : undefined;
  if (joined) return { directiveId: joined };
  const directiveId = await q.insertDirective(trx, {
    regionId: contact.regionId,
    subjectPersonId: subject.personId,
    decision: input.decision,
    grantorKind: check.grantorKind,
    grantorPersonId: input.grantorPersonId,
    coGrantorPersonIds: [],
    status: pendingOthers.length > 0 ? 'pending_co_grantors' : 'active',
    sourceOrganizationIds: [contact.registryOrganizationId],
    recipientOrganizationIds: recipients,
    recipientGuardians,
    categories: [...new Set(input.categories)],
    purposeCode: input.purposeCode,
    purposeText: input.purposeText.trim(),
    validFrom: input.validFrom,
    validUntil,
    channel: input.channel,
    evidence: {
      identityCheck: input.identityCheck.trim(),
      toldHowToWithdraw: true,
      recordedByName: staff.name,
      ...(input.witness?.trim() ? { witness: input.witness.trim() } : {}),
      ...(input.paperSha256 ? { paperSha256: input.paperSha256 } : {}),
      ...(pendingOthers.length > 0 ? { awaiting: pendingOthers } : {}),
    },
    noticeTextHash: sha256(input.noticeText),
    needsConfirmation: true,
    recordedBy: staff.userId,
    at: now,
    requestId: null,
  });
  return { directiveId };
}

/**
 * The family's agreement to a handoff, as the counsellor records it on the handoff form
 * (told by phone or face to face, or signed on paper), becomes the contacter's own consent
 * directive for the handoff summary to the receiving organisation, flagged for confirmation
 * at the family's next strong sign-in. Called inside the handoff's transaction, through the
 * door; within one registry nothing is disclosed and nothing is recorded.
 */
export async function recordHandoffAgreement(
  trx: Transaction<DB>,
  staff: StaffActor,
  agreement: {
    contactId: string;
    recipientOrganizationId: string;
    kind: 'verbal' | 'written';
    validUntil: string;
    noticeText: string;
  },
  now: Date,
): Promise<string | null> {
  const contact = await requireContact(trx, agreement.contactId);
  const registries = await q.registriesOf(trx, [
    contact.registryOrganizationId,
    agreement.recipientOrganizationId,
  ]);
  if (registries.get(contact.registryOrganizationId) === registries.get(agreement.recipientOrganizationId))
    return null;
  requirePermission(
    await access(trx, staff, 'create', ofContact('consent_directive', agreement.contactId), undefined, now),
    'consent_directive',
  );
  const contacter = await q.ensureContacter(trx, contact, staff.userId, now);
  const { directiveId } = await recordConsentIn(
    trx,
    staff,
    agreement.contactId,
    {
      subjectPersonId: contacter.id,
      grantorPersonId: contacter.id,
      decision: 'permit',
      recipientOrganizationIds: [agreement.recipientOrganizationId],
      categories: ['handoff_summary'],
      purposeCode: 'arranging_service',
      purposeText: '',
      validFrom: helsinkiDate(now),
      validUntil: agreement.validUntil,
      channel: agreement.kind === 'written' ? 'paper' : 'phone',
      identityCheck: 'handoff form',
      noticeText: agreement.noticeText,
      toldHowToWithdraw: true,
    },
    now,
  );
  return directiveId;
}

// ---------------------------------------------------------------- withdrawal

export interface Withdrawal {
  channel: ConsentChannel;
  reason?: string;
  /** the contact the withdrawal was recorded on (a counsellor's page): another contact's consent is "not found" */
  contactId?: string;
}

/**
 * Withdraws a consent at once: later reads are refused. Each recipient organisation is told by
 * e-mail (neutral text, the reference only); what was disclosed already is not recalled.
 */
export async function withdrawConsent(
  db: Kysely<DB>,
  actor: StatusLinkHolder | ClientActor | StaffActor,
  directiveId: string,
  input: Withdrawal,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ notified: number }> {
  return withAccess(
    db,
    actor,
    'update',
    record('consent_directive', directiveId),
    async (trx) => {
      const directive = await q.directiveById(trx, directiveId);
      if (!directive) throw new AppError('consent.not_found', 404);
      const subject = await q.personById(trx, directive.subject_person_id);
      if (input.contactId !== undefined && subject?.contactId !== input.contactId)
        throw new AppError('consent.not_found', 404);
      if (actor.kind === 'staff' && !(RECORDED_CHANNELS as readonly string[]).includes(input.channel))
        throw invalid([{ field: 'channel', code: 'request.invalid_value' }]);
      let by: string;
      if (actor.kind === 'staff') by = staffBy(actor);
      else if (actor.kind === 'client') by = await clientWithdrawer(trx, actor, directive, now);
      else by = 'client';
      if (
        !(await q.withdrawDirective(trx, directiveId, {
          at: now,
          by,
          channel: input.channel,
          reason: input.reason?.trim() || null,
        }))
      )
        throw new AppError('consent.not_active', 409);
      const contact = subject?.contactId ? await q.contactForConsent(trx, subject.contactId) : undefined;
      const orgs = await q.organisationsByIds(trx, directive.recipient_organization_ids);
      let notified = 0;
      for (const org of orgs) {
        if (!org.email) continue;
        await enqueue(trx, {
          channel: 'email',
          recipient: org.email,
          template: CONSENT_WITHDRAWN,
          language: 'fi',
          params: { reference: contact?.reference ?? '', date: finnishDate(helsinkiDate(now)) },
        });
        notified += 1;
      }
      return { notified };
    },
    { now },
  );
}

/** A signed-in client withdraws as the subject ('client') or as a guardian ('guardian'); anyone else may not. */
async function clientWithdrawer(
  trx: Transaction<DB>,
  actor: ClientActor,
  directive: q.DirectiveRow,
  now: Date,
): Promise<string> {
  const mine = await q.personsOfClient(trx, actor.clientId);
  if (mine.some((p) => p.id === directive.subject_person_id || p.id === directive.grantor_person_id))
    return 'client';
  const guardians =
    (await q.guardiansOf(trx, [directive.subject_person_id])).get(directive.subject_person_id) ?? [];
  const day = helsinkiDate(now);
  const current = guardians.filter((g) => g.validFrom <= day && (g.validTo === null || g.validTo >= day));
  if (mine.some((p) => current.some((g) => g.personId === p.id))) return 'guardian';
  throw new AppError('consent.not_your_consent', 404);
}

/**
 * The client confirms, signed in strongly, a consent a worker recorded for them by phone,
 * video, face to face or on paper (needs_confirmation); only the one who gave it may (another's
 * is "not found"). One confirmed already, or no longer in force (withdrawn, superseded,
 * suspended, ended), is 409 and nothing changes.
 */
export async function confirmConsent(
  db: Kysely<DB>,
  client: ClientActor,
  directiveId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<void> {
  await withAccess(
    db,
    client,
    'update',
    record('consent_directive', directiveId),
    async (trx) => {
      const directive = await q.directiveById(trx, directiveId);
      if (!directive) throw new AppError('consent.not_found', 404);
      const mine = await q.personsOfClient(trx, client.clientId);
      if (!mine.some((p) => p.id === directive.grantor_person_id))
        throw new AppError('consent.not_your_consent', 404);
      const day = helsinkiDate(now);
      if (!(await q.confirmDirective(trx, directiveId, now, day))) {
        const inForceStill =
          (directive.status === 'active' || directive.status === 'pending_co_grantors') &&
          directive.valid_until >= day;
        throw new AppError(inForceStill ? 'consent.already_confirmed' : 'consent.not_active', 409);
      }
    },
    { now },
  );
}

// ---------------------------------------------------------------- the client's own page

/**
 * How many consents a worker recorded for the client wait for their confirmation (the count on
 * the client's home page, which links to My consents): a read of their own consents.
 */
export async function consentsToConfirm(
  db: Kysely<DB>,
  client: ClientActor,
  { now = new Date() }: { now?: Date } = {},
): Promise<number> {
  return withAccess(
    db,
    client,
    'read',
    { type: 'my_consents', id: null },
    (trx) => q.countToConfirm(trx, client.clientId, helsinkiDate(now)),
    { now },
  );
}

export interface MyPersonConsents {
  person: { id: string; name: string; self: boolean };
  active: DirectiveView[];
  past: DirectiveView[];
  pendingRequests: RequestView[];
  disclosures: {
    id: string;
    at: Date;
    source: LocalizedText;
    recipient: LocalizedText;
    items: string[];
    decision: 'permit' | 'deny';
    basis: string;
  }[];
  statutory: StatutoryView[];
  /** a capable minor has restricted what the guardians see: shown without content */
  restrictedByChild: boolean;
}

/** Per person (the client themself in each contact, and the children in their custody). */
export async function myConsents(
  db: Kysely<DB>,
  client: ClientActor,
  { now = new Date() }: { now?: Date } = {},
): Promise<MyPersonConsents[]> {
  return withAccess(
    db,
    client,
    'read',
    { type: 'my_consents', id: null },
    async (trx) => {
      const day = helsinkiDate(now);
      const selves = await q.personsOfClient(trx, client.clientId);
      const wards = (
        await q.wardsOf(
          trx,
          selves.map((p) => p.id),
        )
      ).filter((w) => !selves.some((s) => s.id === w.id));
      const persons = [...selves.map((p) => ({ p, self: true })), ...wards.map((p) => ({ p, self: false }))];
      const ids = persons.map((x) => x.p.id);
      const contactIds = [
        ...new Set(persons.map((x) => x.p.contactId).filter((c): c is string => c !== null)),
      ];
      const [directives, requests, events, statutory] = await Promise.all([
        q.directivesOfSubjects(trx, ids),
        q.openRequestsForPersons(trx, ids),
        q.disclosureEventsOfPersons(trx, ids, contactIds),
        q.statutoryOfContacts(trx, contactIds),
      ]);
      const orgIds = new Set<string>();
      for (const d of directives) for (const o of d.recipient_organization_ids) orgIds.add(o);
      for (const r of requests) for (const o of r.recipient_organization_ids) orgIds.add(o);
      for (const s of statutory) orgIds.add(s.recipient_organization_id);
      const orgs = await orgNames(trx, [...orgIds]);
      const allPersons = new Map<string, string>();
      for (const cid of contactIds)
        for (const p of await q.personsOfContact(trx, cid)) allPersons.set(p.id, p.name);
      return persons.map(({ p, self }) => {
        // the guardians' view leaves out what a capable minor has hidden from them
        const hidden = (d: q.DirectiveRow) =>
          !self && d.grantor_kind === 'capable_minor' && d.recipient_guardians;
        const own = directives.filter((d) => d.subject_person_id === p.id);
        const views = own.filter((d) => !hidden(d)).map((d) => directiveView(d, allPersons, orgs, day));
        return {
          person: { id: p.id, name: p.name, self },
          active: views.filter(inForce),
          past: views.filter((v) => !inForce(v)),
          pendingRequests: requests
            .filter((r) => r.subject_person_ids.includes(p.id))
            .map((r) => requestView(r, allPersons, orgs, now))
            .filter((r) => r.state === 'requested'),
          disclosures: events
            .filter(
              (e) =>
                e.subject_person_id === p.id ||
                (e.subject_person_id === null && e.contact_id === p.contactId),
            )
            .map((e) => ({
              id: String(e.id),
              at: e.at,
              source: e.source_name,
              recipient: e.recipient_name,
              items: e.items,
              decision: e.decision,
              basis: e.basis,
            })),
          statutory: statutory
            .filter(
              (s) =>
                s.contact_id === p.contactId &&
                (s.subject_person_id === null || s.subject_person_id === p.id) &&
                s.notice_deferred_reason === null,
            )
            .map((s) => statutoryView(s, orgs)),
          restrictedByChild: own.some((d) => hidden(d) && d.status === 'active' && d.valid_until >= day),
        };
      });
    },
    { now },
  );
}

// ---------------------------------------------------------------- capacity

export interface CapacityInput {
  capable: boolean;
  categories: Category[];
  basis: string;
  /** YYYY-MM-DD */
  reviewDate: string | null;
}

export async function recordCapacity(
  db: Kysely<DB>,
  staff: StaffActor,
  personId: string,
  input: CapacityInput,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ assessmentId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    { type: 'capacity_assessment', id: null, parentId: personId },
    async (trx) => {
      const person = await q.personById(trx, personId);
      if (!person) throw new AppError('consent.not_found', 404);
      checkScope({ categories: input.categories });
      const problems: FieldProblem[] = [];
      if (input.basis.trim().length === 0) problems.push({ field: 'basis', code: 'request.invalid_value' });
      if (input.reviewDate !== null && !isDate(input.reviewDate))
        problems.push({ field: 'reviewDate', code: 'request.invalid_value' });
      if (problems.length > 0) throw invalid(problems);
      if (input.reviewDate !== null && input.reviewDate < helsinkiDate(now))
        throw fieldError('consent.period_ends_before_start', 'reviewDate');
      const assessmentId = await q.insertCapacity(trx, {
        personId,
        assessedBy: staff.userId,
        at: now,
        capable: input.capable,
        categories: [...new Set(input.categories)],
        basis: input.basis.trim(),
        reviewDate: input.reviewDate,
      });
      return { assessmentId };
    },
    { now },
  );
}

// ---------------------------------------------------------------- statutory disclosures

export interface StatutoryInput {
  basis: StatutoryBasis;
  justification: string;
  items: Category[];
  recipientOrganizationId: string;
  validUntil: Date;
  subjectPersonId?: string | null;
  noticeDeferredReason?: string | null;
}

export async function recordStatutoryDisclosure(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: StatutoryInput,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ statutoryDisclosureId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('statutory_disclosure', contactId),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      if (!(STATUTORY_BASES as readonly string[]).includes(input.basis))
        throw invalid([{ field: 'basis', code: 'request.invalid_value' }]);
      checkScope({ categories: input.items });
      if (input.justification.trim().length < JUSTIFICATION_MIN)
        throw fieldError('consent.justification_too_short', 'justification', { min: JUSTIFICATION_MIN });
      if (!(input.validUntil > now)) throw fieldError('consent.period_ends_before_start', 'validUntil');
      if (input.validUntil.getTime() - now.getTime() > STATUTORY_MAX_DAYS * 86_400_000)
        throw fieldError('consent.statutory_too_long', 'validUntil', { max: STATUTORY_MAX_DAYS });
      if (input.subjectPersonId)
        await personOfContact(trx, contactId, input.subjectPersonId, 'subjectPersonId');
      const [recipient] = await checkRecipients(trx, contact, [input.recipientOrganizationId]);
      const statutoryDisclosureId = await q.insertStatutory(trx, {
        regionId: contact.regionId,
        contactId,
        subjectPersonId: input.subjectPersonId ?? null,
        basis: input.basis,
        justification: input.justification.trim(),
        items: [...new Set(input.items)],
        sourceOrganizationId: contact.registryOrganizationId,
        recipientOrganizationId: recipient?.id ?? input.recipientOrganizationId,
        disclosedBy: staff.userId,
        at: now,
        validUntil: input.validUntil,
        noticeDeferredReason: input.noticeDeferredReason?.trim() || null,
      });
      return { statutoryDisclosureId };
    },
    { now },
  );
}

/** The DPO's review of a statutory disclosure. */
export async function reviewStatutory(
  db: Kysely<DB>,
  dpo: StaffActor,
  id: string,
  note: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<void> {
  await withAccess(
    db,
    dpo,
    'update',
    record('statutory_disclosure', id, 'review'),
    async (trx) => {
      if (note.trim().length === 0) throw invalid([{ field: 'note', code: 'request.invalid_value' }]);
      await q.reviewStatutoryRow(trx, id, { by: dpo.userId, at: now, note: note.trim() });
    },
    { now },
  );
}

// ---------------------------------------------------------------- the DPO's searches

/** The region's statutory disclosures not yet reviewed, oldest first, with their contact's reference. */
export async function statutoryForReview(
  db: Kysely<DB>,
  dpo: StaffActor,
): Promise<(StatutoryView & { reference: string })[]> {
  return withAccess(db, dpo, 'read', search('statutory_disclosure'), async (trx) => {
    const rows = await q.statutoryToReview(trx, dpo.regionId);
    const orgs = await orgNames(trx, [...new Set(rows.map((r) => r.recipient_organization_id))]);
    return rows.map((r) => ({ ...statutoryView(r, orgs), reference: r.reference }));
  });
}

export async function searchConsents(
  db: Kysely<DB>,
  dpo: StaffActor,
  query: { from: Date; to: Date; organizationId?: string; status?: string },
) {
  return withAccess(db, dpo, 'read', search('consent_directive'), (trx) =>
    q.searchDirectiveRows(trx, { ...query, regionId: dpo.regionId }),
  );
}

export async function searchDisclosureEvents(
  db: Kysely<DB>,
  dpo: StaffActor,
  query: { from: Date; to: Date; decision?: string; basis?: string },
) {
  return withAccess(db, dpo, 'read', search('disclosure_event'), (trx) =>
    q.searchDisclosureEventRows(trx, { ...query, regionId: dpo.regionId }),
  );
}

// ---------------------------------------------------------------- enforcement

export interface DisclosureQuestion {
  contactId: string;
  sourceOrganizationId: string;
  recipientOrganizationId: string;
  categories: DisclosureItem[];
  careRelationship: boolean;
  resourceType: string;
  resourceId: string | null;
  at: Date;
  recipientIsGuardian?: boolean;
  /** the contact's region, when the caller has it (one read less) */
  regionId?: string;
}

/**
 * What decideDisclosure needs to answer a question, loaded in the caller's transaction (a
 * policy's facts loader): the two registries, and — across registries — the contact's
 * subjects with their directives, guardians and capacity, and its statutory disclosures.
 */
export async function disclosureInput(
  trx: Transaction<DB>,
  question: DisclosureQuestion,
): Promise<DisclosureInput> {
  const facts = await q.disclosureFacts(trx, {
    contactId: question.contactId,
    sourceOrganizationId: question.sourceOrganizationId,
    recipientOrganizationId: question.recipientOrganizationId,
    recipientIsGuardian: question.recipientIsGuardian === true,
    day: helsinkiDate(question.at),
  });
  return {
    ...facts,
    categories: question.categories,
    at: question.at,
    careRelationship: question.careRelationship,
    ...(question.recipientIsGuardian ? { recipientIsGuardian: true } : {}),
  };
}

/** Writes the disclosure event of a decision (append-only; for a refusal too). */
export async function recordDisclosure(
  trx: Transaction<DB>,
  actor: AccessActor,
  question: DisclosureQuestion,
  decision: DisclosureDecision,
): Promise<void> {
  // the caller (a policy's facts) knows the region; otherwise the contact tells it
  const regionId =
    question.regionId !== undefined
      ? question.regionId
      : ((await q.contactForConsent(trx, question.contactId))?.regionId ?? null);
  await q.insertDisclosureEvent(trx, disclosureEventRow(actor, question, decision, regionId), question.at);
}

/**
 * The disclosure event of a decision as a write that the door puts in the same statement as
 * the access-log row (a policy's afterDecision returns it): one round trip less per read.
 */
export function disclosureEventWrite(
  actor: AccessActor,
  question: DisclosureQuestion & { regionId: string },
  decision: DisclosureDecision,
): SideWrite {
  return q.disclosureEventWrite(
    disclosureEventRow(actor, question, decision, question.regionId),
    question.at,
  );
}

function disclosureEventRow(
  actor: AccessActor,
  question: DisclosureQuestion,
  decision: DisclosureDecision,
  regionId: string | null,
): q.NewDisclosureEvent {
  return {
    region_id: regionId,
    actor_kind: actor.kind === 'anonymous' || actor.kind === 'status_link' ? 'public' : actor.kind,
    staff_user_id: actor.kind === 'staff' ? actor.userId : null,
    role: actor.kind === 'staff' ? actor.roles.map((r) => r.role).join(',') || null : null,
    source_organization_id: question.sourceOrganizationId,
    recipient_organization_id: question.recipientOrganizationId,
    contact_id: regionId ? question.contactId : null,
    subject_person_id: decision.decision === 'deny' ? (decision.subjectPersonId ?? null) : null,
    items: [...question.categories],
    decision: decision.decision,
    basis: decision.basis,
    directive_id: decision.directiveIds[0] ?? null,
    statutory_disclosure_id: decision.decision === 'permit' ? (decision.statutoryDisclosureId ?? null) : null,
    resource_type: question.resourceType,
    resource_id: question.resourceId,
  };
}

/**
 * May data of the contact cross from the source's registry to the recipient's now? Decides
 * with decideDisclosure on facts loaded in the caller's transaction, and writes the
 * disclosure event — for a refusal too.
 */
export async function disclosureFor(
  trx: Transaction<DB>,
  actor: AccessActor,
  question: DisclosureQuestion,
): Promise<DisclosureDecision> {
  const decision = decideDisclosure(await disclosureInput(trx, question));
  await recordDisclosure(trx, actor, question, decision);
  return decision;
}

// ---------------------------------------------------------------- notifications

export const CONSENT_WITHDRAWN = 'consent_withdrawn';
export const CONSENT_TEMPLATES = [CONSENT_WITHDRAWN];

/** The consent feature's e-mail texts for the outbox (neutral: the reference and the date only). */
export const renderConsentTemplate: RenderTemplate = (template, language: Lang3, params) => {
  if (template !== CONSENT_WITHDRAWN) throw new Error(`unknown notification template: ${template}`);
  const t = translations(language).consentModel.withdrawnMail;
  const p = { reference: String(params.reference ?? ''), date: String(params.date ?? '') };
  return { subject: format(t.subject, p), text: format(t.text, p) };
};
