/**
 * Every SQL statement on the consent tables (migration 0013), named by what it returns or
 * writes. Called only inside the door's transaction (consent.ts through withAccess, the
 * policy's facts loader, disclosureFor inside another policy's decision).
 */
import {
  type Insertable,
  type Kysely,
  type QueryCreator,
  type Selectable,
  sql,
  type Transaction,
} from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { newId } from '../../platform/ids.ts';
import type { DirectiveFacts, GuardianFacts, StatutoryFacts, SubjectFacts } from './model.ts';

type Trx = Transaction<DB> | Kysely<DB>;

const uuids = (ids: readonly string[]) => sql`${sql.val([...ids])}::uuid[]`;

// ---------------------------------------------------------------- contacts and organisations

export interface ConsentContact {
  id: string;
  reference: string;
  regionId: string;
  registryOrganizationId: string;
  clientId: string | null;
  contactName: string | null;
  language: 'fi' | 'sv' | 'en';
}

export async function contactForConsent(trx: Trx, contactId: string): Promise<ConsentContact | undefined> {
  const row = await trx
    .selectFrom('contact')
    .select([
      'id',
      'reference',
      'region_id',
      'registry_organization_id',
      'client_id',
      'contact_name',
      'language',
    ])
    .where('id', '=', contactId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        reference: row.reference,
        regionId: row.region_id,
        registryOrganizationId: row.registry_organization_id,
        clientId: row.client_id,
        contactName: row.contact_name,
        language: row.language,
      }
    : undefined;
}

/** The contact a consent record belongs to, by the record's type and id (the policy's facts). */
export async function contactIdOfRecord(trx: Trx, type: string, id: string): Promise<string | null> {
  if (type === 'consent_person' || type === 'capacity_assessment') {
    const row = await trx
      .selectFrom('consent_person')
      .select('contact_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.contact_id ?? null;
  }
  if (type === 'consent_directive') {
    const row = await trx
      .selectFrom('consent_directive as d')
      .innerJoin('consent_person as p', 'p.id', 'd.subject_person_id')
      .select('p.contact_id')
      .where('d.id', '=', id)
      .executeTakeFirst();
    return row?.contact_id ?? null;
  }
  if (type === 'consent_request') {
    const row = await trx
      .selectFrom('consent_request')
      .select('contact_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.contact_id ?? null;
  }
  if (type === 'statutory_disclosure') {
    const row = await trx
      .selectFrom('statutory_disclosure')
      .select('contact_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.contact_id ?? null;
  }
  return null;
}

/** Whether a signed-in client is a person of the contact (sent it signed in, or linked to one of its persons). */
export async function clientBelongsToContact(
  trx: Trx,
  clientId: string,
  contactId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('consent_person')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (row) return true;
  const contact = await trx
    .selectFrom('contact')
    .select('id')
    .where('id', '=', contactId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return contact !== undefined;
}

export interface OrganisationRow {
  id: string;
  regionId: string;
  name: LocalizedText;
  email: string | null;
  /** coalesce(registry_organization_id, id) */
  registryId: string;
}

export async function organisationsByIds(trx: Trx, ids: readonly string[]): Promise<OrganisationRow[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('organization')
    .select(['id', 'region_id', 'name', 'email', 'registry_organization_id'])
    .where(sql<boolean>`id = ANY(${uuids(ids)})`)
    .where('retired_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    regionId: r.region_id,
    name: r.name,
    email: r.email,
    registryId: r.registry_organization_id ?? r.id,
  }));
}

/**
 * The organisations the contact's handoffs go (or went) to. Read here, not asked of the
 * handoffs feature: handoffs depends on consent (its policy asks consent), not the other way.
 */
export async function handoffOrganisationIds(trx: Trx, contactId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('handoff')
    .select('target_organization_id')
    .distinct()
    .where('contact_id', '=', contactId)
    .execute();
  return rows.map((r) => r.target_organization_id);
}

// ---------------------------------------------------------------- persons and guardianship

export interface PersonRow {
  id: string;
  contactId: string | null;
  clientId: string | null;
  name: string;
  birthDate: string | null;
  role: 'contacter' | 'child' | 'guardian' | 'other';
  turvakielto: boolean;
}

const personColumns = [
  'id',
  'contact_id',
  'client_id',
  'name',
  'birth_date',
  'role',
  'turvakielto',
] as const satisfies readonly (keyof DB['consent_person'])[];

function toPerson(r: {
  id: string;
  contact_id: string | null;
  client_id: string | null;
  name: string;
  birth_date: string | null;
  role: PersonRow['role'];
  turvakielto: boolean;
}): PersonRow {
  return {
    id: r.id,
    contactId: r.contact_id,
    clientId: r.client_id,
    name: r.name,
    birthDate: r.birth_date,
    role: r.role,
    turvakielto: r.turvakielto,
  };
}

export async function personsOfContact(trx: Trx, contactId: string): Promise<PersonRow[]> {
  const rows = await trx
    .selectFrom('consent_person')
    .select(personColumns)
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toPerson);
}

export async function personById(trx: Trx, id: string): Promise<PersonRow | undefined> {
  const row = await trx
    .selectFrom('consent_person')
    .select(personColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

/** The persons a signed-in client is (one per contact they are linked to). */
export async function personsOfClient(trx: Trx, clientId: string): Promise<PersonRow[]> {
  const rows = await trx
    .selectFrom('consent_person')
    .select(personColumns)
    .where('client_id', '=', clientId)
    .orderBy('created_at')
    .execute();
  return rows.map(toPerson);
}

export async function insertPerson(
  trx: Trx,
  p: Omit<PersonRow, 'id' | 'clientId'> & {
    id?: string;
    clientId?: string | null;
    regionId: string;
    createdBy: string;
    at: Date;
  },
): Promise<string> {
  const id = p.id ?? newId();
  await trx
    .insertInto('consent_person')
    .values({
      id,
      region_id: p.regionId,
      contact_id: p.contactId,
      client_id: p.clientId ?? null,
      name: p.name,
      birth_date: p.birthDate,
      role: p.role,
      turvakielto: p.turvakielto,
      created_by: p.createdBy,
      created_at: p.at,
    })
    .execute();
  return id;
}

/** The contact's contacter person, made on first need from the name the family gave. */
export async function ensureContacter(trx: Trx, contact: ConsentContact, createdBy: string, at: Date) {
  const existing = await trx
    .selectFrom('consent_person')
    .select(personColumns)
    .where('contact_id', '=', contact.id)
    .where('role', '=', 'contacter')
    .executeTakeFirst();
  if (existing) return toPerson(existing);
  const id = await insertPerson(trx, {
    regionId: contact.regionId,
    contactId: contact.id,
    clientId: contact.clientId,
    name: contact.contactName?.trim() || contact.reference,
    birthDate: null,
    role: 'contacter',
    turvakielto: false,
    createdBy,
    at,
  });
  const row = await personById(trx, id);
  if (!row) throw new Error('the contacter was not written');
  return row;
}

export async function insertGuardianship(
  trx: Trx,
  g: {
    guardianPersonId: string;
    childPersonId: string;
    custody: GuardianFacts['custody'];
    scope?: string[];
    validFrom: string;
    recordedBy: string;
    at: Date;
  },
) {
  await trx
    .insertInto('guardianship')
    .values({
      id: newId(),
      guardian_person_id: g.guardianPersonId,
      child_person_id: g.childPersonId,
      custody: g.custody,
      decision_rights: true,
      scope: g.scope ?? [],
      valid_from: g.validFrom,
      source: 'recorded_by_worker',
      recorded_by: g.recordedBy,
      recorded_at: g.at,
    })
    .execute();
}

export async function guardiansOf(trx: Trx, childIds: readonly string[]) {
  if (childIds.length === 0) return new Map<string, GuardianFacts[]>();
  const rows = await trx
    .selectFrom('guardianship')
    .select([
      'child_person_id',
      'guardian_person_id',
      'custody',
      'decision_rights',
      'scope',
      'valid_from',
      'valid_to',
    ])
    .where(sql<boolean>`child_person_id = ANY(${uuids(childIds)})`)
    .execute();
  const byChild = new Map<string, GuardianFacts[]>();
  for (const r of rows) {
    const list = byChild.get(r.child_person_id) ?? [];
    list.push({
      personId: r.guardian_person_id,
      custody: r.custody,
      decisionRights: r.decision_rights,
      scope: r.scope,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    });
    byChild.set(r.child_person_id, list);
  }
  return byChild;
}

/** The children a person is (or was) a guardian of. */
export async function wardsOf(trx: Trx, guardianIds: readonly string[]): Promise<PersonRow[]> {
  if (guardianIds.length === 0) return [];
  const rows = await trx
    .selectFrom('guardianship as g')
    .innerJoin('consent_person as p', 'p.id', 'g.child_person_id')
    .select(['p.id', 'p.contact_id', 'p.client_id', 'p.name', 'p.birth_date', 'p.role', 'p.turvakielto'])
    .distinct()
    .where(sql<boolean>`g.guardian_person_id = ANY(${uuids(guardianIds)})`)
    .execute();
  return rows.map(toPerson);
}

// ---------------------------------------------------------------- capacity

export async function insertCapacity(
  trx: Trx,
  c: {
    personId: string;
    assessedBy: string;
    at: Date;
    capable: boolean;
    categories: string[];
    basis: string;
    reviewDate: string | null;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('capacity_assessment')
    .values({
      id,
      subject_person_id: c.personId,
      assessed_by: c.assessedBy,
      assessed_at: c.at,
      capable: c.capable,
      categories: c.categories,
      basis: c.basis,
      review_date: c.reviewDate,
    })
    .execute();
  return id;
}

/** The categories each person's newest assessment found them capable of, unless its review date has passed. */
export async function capableFor(trx: Trx, personIds: readonly string[], day: string) {
  const result = new Map<string, string[]>();
  if (personIds.length === 0) return result;
  const rows = await trx
    .selectFrom('capacity_assessment')
    .select(['subject_person_id', 'capable', 'categories', 'review_date', 'assessed_at'])
    .where(sql<boolean>`subject_person_id = ANY(${uuids(personIds)})`)
    .orderBy('assessed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    if (result.has(r.subject_person_id)) continue;
    const current = r.capable && (r.review_date === null || r.review_date >= day);
    result.set(r.subject_person_id, current ? r.categories : []);
  }
  return result;
}

// ---------------------------------------------------------------- directives

export type DirectiveRow = Selectable<DB['consent_directive']>;

export async function directivesOfSubjects(trx: Trx, personIds: readonly string[]): Promise<DirectiveRow[]> {
  if (personIds.length === 0) return [];
  const rows = await trx
    .selectFrom('consent_directive')
    .selectAll()
    .where(sql<boolean>`subject_person_id = ANY(${uuids(personIds)})`)
    .orderBy('recorded_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows;
}

export async function directiveById(trx: Trx, id: string): Promise<DirectiveRow | undefined> {
  const row = await trx.selectFrom('consent_directive').selectAll().where('id', '=', id).executeTakeFirst();
  return row;
}

export interface NewDirective {
  directiveKey?: string;
  version?: number;
  supersedesId?: string | null;
  regionId: string;
  subjectPersonId: string;
  decision: 'permit' | 'deny';
  grantorKind: DirectiveRow['grantor_kind'];
  grantorPersonId: string;
  coGrantorPersonIds: string[];
  status: DirectiveRow['status'];
  sourceOrganizationIds: string[];
  recipientOrganizationIds: string[];
  recipientGuardians: boolean;
  categories: string[];
  purposeCode: string;
  purposeText: string;
  validFrom: string;
  validUntil: string;
  channel: DirectiveRow['channel'];
  evidence: Record<string, unknown>;
  noticeTextHash: string;
  needsConfirmation: boolean;
  recordedBy: string | null;
  at: Date;
  requestId: string | null;
}

export async function insertDirective(trx: Trx, d: NewDirective): Promise<string> {
  const id = newId();
  await trx
    .insertInto('consent_directive')
    .values({
      id,
      directive_key: d.directiveKey ?? id,
      version: d.version ?? 1,
      supersedes_id: d.supersedesId ?? null,
      region_id: d.regionId,
      subject_person_id: d.subjectPersonId,
      decision: d.decision,
      grantor_kind: d.grantorKind,
      grantor_person_id: d.grantorPersonId,
      co_grantor_person_ids: sql`${sql.val(d.coGrantorPersonIds)}::uuid[]`,
      status: d.status,
      source_organization_ids: sql`${sql.val(d.sourceOrganizationIds)}::uuid[]`,
      recipient_organization_ids: sql`${sql.val(d.recipientOrganizationIds)}::uuid[]`,
      recipient_guardians: d.recipientGuardians,
      categories: d.categories,
      purpose_code: d.purposeCode,
      purpose_text: d.purposeText,
      valid_from: d.validFrom,
      valid_until: d.validUntil,
      channel: d.channel,
      evidence: JSON.stringify(d.evidence),
      notice_text_hash: d.noticeTextHash,
      needs_confirmation: d.needsConfirmation,
      recorded_by: d.recordedBy,
      recorded_at: d.at,
      request_id: d.requestId,
    })
    .execute();
  return id;
}

export async function markSuperseded(trx: Trx, id: string) {
  await trx.updateTable('consent_directive').set({ status: 'superseded' }).where('id', '=', id).execute();
}

/** Withdraws an active (or pending) directive; false when it was not in force any more. */
export async function withdrawDirective(
  trx: Trx,
  id: string,
  w: { at: Date; by: string; channel: string; reason: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('consent_directive')
    .set({
      status: 'withdrawn',
      withdrawn_at: w.at,
      withdrawn_by: w.by,
      withdrawal_channel: w.channel,
      withdrawal_reason: w.reason,
    })
    .where('id', '=', id)
    .where('status', 'in', ['active', 'pending_co_grantors'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The client confirms a consent a worker recorded for them; false when there was nothing to
 * confirm: confirmed already, or no longer in force (withdrawn, superseded, suspended, ended).
 */
export async function confirmDirective(trx: Trx, id: string, at: Date, day: string): Promise<boolean> {
  const result = await trx
    .updateTable('consent_directive')
    .set({ needs_confirmation: false, confirmed_at: at })
    .where('id', '=', id)
    .where('needs_confirmation', '=', true)
    .where('status', 'in', ['active', 'pending_co_grantors'])
    .where('valid_until', '>=', day)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * How many consents a worker recorded wait for the client's own confirmation: given by one of
 * the client's persons, still in force (as confirmDirective asks).
 */
export async function countToConfirm(trx: Trx, clientId: string, day: string): Promise<number> {
  const row = await trx
    .selectFrom('consent_directive as d')
    .innerJoin('consent_person as p', 'p.id', 'd.grantor_person_id')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('p.client_id', '=', clientId)
    .where('d.needs_confirmation', '=', true)
    .where('d.status', 'in', ['active', 'pending_co_grantors'])
    .where('d.valid_until', '>=', day)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------- requests

export type RequestRow = Selectable<DB['consent_request']>;

export async function insertRequest(
  trx: Trx,
  r: {
    regionId: string;
    contactId: string;
    subjectPersonIds: string[];
    requestedBy: string;
    sourceOrganizationId: string;
    recipientOrganizationIds: string[];
    categories: string[];
    purposeCode: string;
    purposeText: string;
    validUntil: string;
    answerBy: Date;
    at: Date;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('consent_request')
    .values({
      id,
      region_id: r.regionId,
      contact_id: r.contactId,
      subject_person_ids: sql`${sql.val(r.subjectPersonIds)}::uuid[]`,
      requested_by: r.requestedBy,
      source_organization_id: r.sourceOrganizationId,
      recipient_organization_ids: sql`${sql.val(r.recipientOrganizationIds)}::uuid[]`,
      categories: r.categories,
      purpose_code: r.purposeCode,
      purpose_text: r.purposeText,
      valid_until: r.validUntil,
      answer_by: r.answerBy,
      state: 'requested',
      created_at: r.at,
    })
    .execute();
  return id;
}

export async function requestById(trx: Trx, id: string): Promise<RequestRow | undefined> {
  return trx.selectFrom('consent_request').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requestsOfContact(trx: Trx, contactId: string): Promise<RequestRow[]> {
  return trx
    .selectFrom('consent_request')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Open requests naming any of these persons as a subject. */
export async function openRequestsForPersons(trx: Trx, personIds: readonly string[]): Promise<RequestRow[]> {
  if (personIds.length === 0) return [];
  return trx
    .selectFrom('consent_request')
    .selectAll()
    .where('state', '=', 'requested')
    .where(sql<boolean>`subject_person_ids && ${uuids(personIds)}`)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Answers a request that is still open; false when it was answered, cancelled or expired meanwhile. */
export async function answerRequestRow(
  trx: Trx,
  id: string,
  a: { state: 'given' | 'declined'; at: Date; channel: string; directiveIds: string[] },
): Promise<boolean> {
  const result = await trx
    .updateTable('consent_request')
    .set({
      state: a.state,
      answered_at: a.at,
      answer_channel: a.channel,
      directive_ids: sql`${sql.val(a.directiveIds)}::uuid[]`,
    })
    .where('id', '=', id)
    .where('state', '=', 'requested')
    .where('answer_by', '>=', a.at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- statutory disclosures

export async function insertStatutory(
  trx: Trx,
  s: {
    regionId: string;
    contactId: string;
    subjectPersonId: string | null;
    basis: DB['statutory_disclosure']['basis'];
    justification: string;
    items: string[];
    sourceOrganizationId: string;
    recipientOrganizationId: string;
    disclosedBy: string;
    at: Date;
    validUntil: Date;
    noticeDeferredReason: string | null;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('statutory_disclosure')
    .values({
      id,
      region_id: s.regionId,
      contact_id: s.contactId,
      subject_person_id: s.subjectPersonId,
      basis: s.basis,
      justification: s.justification,
      items: s.items,
      source_organization_id: s.sourceOrganizationId,
      recipient_organization_id: s.recipientOrganizationId,
      disclosed_by: s.disclosedBy,
      disclosed_at: s.at,
      valid_until: s.validUntil,
      notice_deferred_reason: s.noticeDeferredReason,
    })
    .execute();
  return id;
}

export async function statutoryOfContacts(trx: Trx, contactIds: readonly string[]) {
  if (contactIds.length === 0) return [];
  return trx
    .selectFrom('statutory_disclosure')
    .selectAll()
    .where(sql<boolean>`contact_id = ANY(${uuids(contactIds)})`)
    .orderBy('disclosed_at', 'desc')
    .execute();
}

/** A region's statutory disclosures waiting for the DPO's review, oldest first (bounded). */
export async function statutoryToReview(trx: Trx, regionId: string) {
  return trx
    .selectFrom('statutory_disclosure as s')
    .innerJoin('contact as c', 'c.id', 's.contact_id')
    .selectAll('s')
    .select('c.reference')
    .where('s.region_id', '=', regionId)
    .where('s.reviewed_at', 'is', null)
    .orderBy('s.disclosed_at', 'asc')
    .limit(500)
    .execute();
}

export async function statutoryById(trx: Trx, id: string) {
  return trx.selectFrom('statutory_disclosure').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function reviewStatutoryRow(trx: Trx, id: string, r: { by: string; at: Date; note: string }) {
  await trx
    .updateTable('statutory_disclosure')
    .set({ reviewed_by: r.by, reviewed_at: r.at, review_note: r.note })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- the decision's facts

/**
 * What decideDisclosure needs about the subjects of a contact (the contacter and the
 * children): their directives (with source and recipients as registries), statutory
 * disclosures, capacity and guardians.
 */
export async function subjectFactsOfContact(
  trx: Trx,
  contactId: string,
  day: string,
): Promise<{ subjects: SubjectFacts[]; statutory: StatutoryFacts[] }> {
  const persons = (await personsOfContact(trx, contactId)).filter(
    (p) => p.role === 'contacter' || p.role === 'child',
  );
  const ids = persons.map((p) => p.id);
  const [directives, guardians, capacity, statutory] = await Promise.all([
    directivesOfSubjects(trx, ids),
    guardiansOf(trx, ids),
    capableFor(trx, ids, day),
    statutoryOfContacts(trx, [contactId]),
  ]);
  const orgIds = new Set<string>();
  for (const d of directives)
    for (const o of [...d.source_organization_ids, ...d.recipient_organization_ids]) orgIds.add(o);
  for (const s of statutory) orgIds.add(s.recipient_organization_id);
  const registryOf = await registriesOf(trx, [...orgIds]);
  const reg = (id: string) => registryOf.get(id) ?? id;
  const toStatutory = (s: (typeof statutory)[number]): StatutoryFacts => ({
    id: s.id,
    recipientRegistryId: reg(s.recipient_organization_id),
    items: s.items,
    disclosedAt: s.disclosed_at,
    validUntil: s.valid_until,
  });
  const subjects = persons.map((p) => ({
    personId: p.id,
    birthDate: p.birthDate,
    turvakielto: p.turvakielto,
    guardians: guardians.get(p.id) ?? [],
    capableFor: capacity.get(p.id) ?? [],
    directives: directives
      .filter((d) => d.subject_person_id === p.id)
      .map(
        (d): DirectiveFacts => ({
          id: d.id,
          decision: d.decision,
          grantorKind: d.grantor_kind,
          grantorPersonId: d.grantor_person_id,
          coGrantorPersonIds: d.co_grantor_person_ids,
          status: d.status,
          sourceRegistryIds: d.source_organization_ids.map(reg),
          recipientRegistryIds: d.recipient_organization_ids.map(reg),
          recipientGuardians: d.recipient_guardians,
          categories: d.categories,
          validFrom: d.valid_from,
          validUntil: d.valid_until,
        }),
      ),
    statutory: statutory.filter((s) => s.subject_person_id === p.id).map(toStatutory),
  }));
  return { subjects, statutory: statutory.filter((s) => s.subject_person_id === null).map(toStatutory) };
}

/** registryOf(org) = coalesce(registry_organization_id, id), retired organisations included. */
export async function registriesOf(trx: Trx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('organization')
    .select(['id', 'registry_organization_id'])
    .where(sql<boolean>`id = ANY(${uuids(ids)})`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.registry_organization_id ?? r.id]));
}

// ---------------------------------------------------------------- disclosure events

export type NewDisclosureEvent = Omit<Insertable<DB['disclosure_event']>, 'id' | 'at' | 'items'> & {
  items: string[];
};

/** The same insert, to go in the statement of the access-log row (the door's SideWrite). */
export function disclosureEventWrite(e: NewDisclosureEvent, at: Date) {
  return (creator: QueryCreator<DB>) => creator.insertInto('disclosure_event').values({ ...e, at });
}

export async function insertDisclosureEvent(trx: Trx, e: NewDisclosureEvent, at: Date) {
  await trx
    .insertInto('disclosure_event')
    .values({ ...e, at })
    .execute();
}

export async function disclosureEventsOfPersons(
  trx: Trx,
  personIds: readonly string[],
  contactIds: readonly string[],
) {
  if (personIds.length === 0 && contactIds.length === 0) return [];
  return trx
    .selectFrom('disclosure_event as e')
    .innerJoin('organization as s', 's.id', 'e.source_organization_id')
    .innerJoin('organization as r', 'r.id', 'e.recipient_organization_id')
    .select([
      'e.id',
      'e.at',
      'e.subject_person_id',
      'e.contact_id',
      'e.items',
      'e.decision',
      'e.basis',
      's.name as source_name',
      'r.name as recipient_name',
    ])
    .where((eb) =>
      eb.or([
        sql<boolean>`e.subject_person_id = ANY(${uuids(personIds)})`,
        sql<boolean>`(e.subject_person_id IS NULL AND e.contact_id = ANY(${uuids(contactIds)}))`,
      ]),
    )
    .orderBy('e.at', 'desc')
    .limit(200)
    .execute();
}

// ---------------------------------------------------------------- the DPO's searches

export async function searchDirectiveRows(
  trx: Trx,
  q: { regionId: string; from: Date; to: Date; organizationId?: string; status?: string },
) {
  let query = trx
    .selectFrom('consent_directive as d')
    .innerJoin('consent_person as p', 'p.id', 'd.subject_person_id')
    .leftJoin('contact as c', 'c.id', 'p.contact_id')
    .select([
      'd.id',
      'd.directive_key',
      'd.version',
      'd.decision',
      'd.status',
      'd.grantor_kind',
      'd.channel',
      'd.categories',
      'd.purpose_code',
      'd.source_organization_ids',
      'd.recipient_organization_ids',
      'd.recipient_guardians',
      'd.valid_from',
      'd.valid_until',
      'd.recorded_at',
      'd.recorded_by',
      'd.needs_confirmation',
      'd.withdrawn_at',
      'd.withdrawn_by',
      'c.reference',
      // the recipients' names, in the order of the ids (the DPO reads names, not UUIDs)
      sql<
        LocalizedText[]
      >`(SELECT coalesce(json_agg(o.name ORDER BY array_position(d.recipient_organization_ids, o.id)), '[]'::json)
            FROM organization o WHERE o.id = ANY(d.recipient_organization_ids))`.as('recipient_names'),
    ])
    .where('d.region_id', '=', q.regionId)
    .where('d.recorded_at', '>=', q.from)
    .where('d.recorded_at', '<', q.to);
  if (q.organizationId) {
    const org = q.organizationId;
    query = query.where(
      sql<boolean>`(${org}::uuid = ANY(d.source_organization_ids) OR ${org}::uuid = ANY(d.recipient_organization_ids))`,
    );
  }
  if (q.status) query = query.where('d.status', '=', q.status as DirectiveRow['status']);
  return query.orderBy('d.recorded_at', 'desc').limit(5000).execute();
}

export async function searchDisclosureEventRows(
  trx: Trx,
  q: { regionId: string; from: Date; to: Date; decision?: string; basis?: string },
) {
  let query = trx
    .selectFrom('disclosure_event as e')
    .leftJoin('contact as c', 'c.id', 'e.contact_id')
    .leftJoin('organization as so', 'so.id', 'e.source_organization_id')
    .leftJoin('organization as ro', 'ro.id', 'e.recipient_organization_id')
    .select([
      'e.id',
      'e.at',
      'e.actor_kind',
      'e.staff_user_id',
      'e.role',
      'e.source_organization_id',
      'e.recipient_organization_id',
      'e.items',
      'e.decision',
      'e.basis',
      'e.directive_id',
      'e.statutory_disclosure_id',
      'e.resource_type',
      'e.resource_id',
      'c.reference',
      'so.name as source_name',
      'ro.name as recipient_name',
    ])
    .where('e.region_id', '=', q.regionId)
    .where('e.at', '>=', q.from)
    .where('e.at', '<', q.to);
  if (q.decision) query = query.where('e.decision', '=', q.decision as 'permit' | 'deny');
  if (q.basis) query = query.where('e.basis', '=', q.basis as DB['disclosure_event']['basis']);
  return query.orderBy('e.at', 'desc').limit(5000).execute();
}

// ---------------------------------------------------------------- consent inside a list's query

/**
 * A condition for a list's WHERE (an inbox, a search, an export): may the data of the contact
 * (contactId) kept by the source organisation be shown to the recipient organisation on
 * `day`, for `category`? Same registry; or a statutory disclosure still in force for the
 * recipient's registry; or no active deny and, for every subject of the contact (contacter
 * and children), an active permit in force from the source's to the recipient's registry.
 * Applied inside the query, so a list never holds a row it may not show. Opening one row
 * still asks the door, whose decision (decideDisclosure) also weighs who was entitled to
 * give the permit (guardians, capacity, the 18th birthday): the list may only be narrower.
 */
export function mayDiscloseSql(
  refs: { contactId: string; sourceOrganizationId: string; recipientOrganizationId: string },
  category: string,
  now: Date,
) {
  const registry = (ref: string) =>
    sql`(SELECT coalesce(o.registry_organization_id, o.id) FROM organization o WHERE o.id = ${sql.ref(ref)})`;
  const day = now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  const matches = (decision: 'permit' | 'deny') => sql`
    d.status = 'active' AND d.decision = ${decision}
    AND ${category} = ANY(d.categories)
    AND d.valid_from <= ${day}::date AND ${day}::date <= d.valid_until
    AND EXISTS (SELECT 1 FROM organization so WHERE so.id = ANY(d.source_organization_ids)
                AND coalesce(so.registry_organization_id, so.id) = ${registry(refs.sourceOrganizationId)})
    AND EXISTS (SELECT 1 FROM organization ro WHERE ro.id = ANY(d.recipient_organization_ids)
                AND coalesce(ro.registry_organization_id, ro.id) = ${registry(refs.recipientOrganizationId)})`;
  return sql<boolean>`(
    ${registry(refs.sourceOrganizationId)} = ${registry(refs.recipientOrganizationId)}
    OR EXISTS (SELECT 1 FROM statutory_disclosure s
               JOIN organization sr ON sr.id = s.recipient_organization_id
               WHERE s.contact_id = ${sql.ref(refs.contactId)} AND ${category} = ANY(s.items)
                 AND s.valid_until > ${now}
                 AND coalesce(sr.registry_organization_id, sr.id) = ${registry(refs.recipientOrganizationId)})
    OR (
      EXISTS (SELECT 1 FROM consent_person p WHERE p.contact_id = ${sql.ref(refs.contactId)}
              AND p.role IN ('contacter', 'child'))
      AND NOT EXISTS (SELECT 1 FROM consent_person p JOIN consent_directive d ON d.subject_person_id = p.id
                      WHERE p.contact_id = ${sql.ref(refs.contactId)} AND p.role IN ('contacter', 'child')
                        AND ${matches('deny')})
      AND NOT EXISTS (SELECT 1 FROM consent_person p WHERE p.contact_id = ${sql.ref(refs.contactId)}
                      AND p.role IN ('contacter', 'child')
                      AND NOT EXISTS (SELECT 1 FROM consent_directive d
                                      WHERE d.subject_person_id = p.id AND ${matches('permit')}))
    ))`;
}

// ---------------------------------------------------------------- the door's question, in one statement

interface DisclosureFactsJson {
  src: string | null;
  rcp: string | null;
  subjects: {
    personId: string;
    birthDate: string | null;
    turvakielto: boolean;
    directives: DirectiveFacts[];
    guardians: GuardianFacts[];
    capacity: { capable: boolean; categories: string[]; reviewDate: string | null } | null;
  }[];
  statutory: {
    id: string;
    subjectPersonId: string | null;
    recipientRegistryId: string;
    items: string[];
    disclosedAt: string;
    validUntil: string;
  }[];
}

/**
 * What decideDisclosure needs, in one round trip (it is asked on every read across
 * registries): the SQL function consent_disclosure_facts (migration 0014) — the source's and
 * the recipient's registries and, across registries, the contact's subjects with their
 * directives, guardians and latest capacity assessment, and its statutory disclosures.
 */
export async function disclosureFacts(
  trx: Trx,
  q: {
    contactId: string;
    sourceOrganizationId: string;
    recipientOrganizationId: string;
    recipientIsGuardian: boolean;
    day: string;
  },
): Promise<DisclosureFacts> {
  const { rows } = await sql<{ facts: unknown }>`
    SELECT consent_disclosure_facts(${q.contactId}, ${q.sourceOrganizationId}, ${q.recipientOrganizationId}, ${q.recipientIsGuardian}) AS facts`.execute(
    trx,
  );
  return parseDisclosureFacts(rows[0]?.facts, q);
}

/** The same call as a column of another feature's facts query (the handoff policy's). */
export function disclosureFactsSql(refs: {
  contactId: string;
  sourceOrganizationId: string;
  recipientOrganizationId: string;
}) {
  return sql<unknown>`consent_disclosure_facts(${sql.ref(refs.contactId)}, ${sql.ref(refs.sourceOrganizationId)}, ${sql.ref(refs.recipientOrganizationId)}, false)`;
}

export interface DisclosureFacts {
  sourceRegistryId: string;
  recipientRegistryId: string;
  subjects: SubjectFacts[];
  statutory: StatutoryFacts[];
}

/** consent_disclosure_facts' JSON as decideDisclosure's facts; capacity judged on `day`. */
export function parseDisclosureFacts(
  json: unknown,
  q: { sourceOrganizationId: string; recipientOrganizationId: string; day: string },
): DisclosureFacts {
  const row = (typeof json === 'string' ? JSON.parse(json) : json) as DisclosureFactsJson | null;
  const statutory = (row?.statutory ?? []).map((s) => ({
    ...s,
    disclosedAt: new Date(s.disclosedAt),
    validUntil: new Date(s.validUntil),
  }));
  const toStatutory = (s: (typeof statutory)[number]): StatutoryFacts => ({
    id: s.id,
    recipientRegistryId: s.recipientRegistryId,
    items: s.items,
    disclosedAt: s.disclosedAt,
    validUntil: s.validUntil,
  });
  return {
    sourceRegistryId: row?.src ?? q.sourceOrganizationId,
    recipientRegistryId: row?.rcp ?? q.recipientOrganizationId,
    subjects: (row?.subjects ?? []).map((p) => {
      const current =
        p.capacity?.capable && (p.capacity.reviewDate === null || p.capacity.reviewDate >= q.day);
      return {
        personId: p.personId,
        birthDate: p.birthDate,
        turvakielto: p.turvakielto,
        guardians: p.guardians,
        capableFor: current && p.capacity ? p.capacity.categories : [],
        directives: p.directives,
        statutory: statutory.filter((s) => s.subjectPersonId === p.personId).map(toStatutory),
      };
    }),
    statutory: statutory.filter((s) => s.subjectPersonId === null).map(toStatutory),
  };
}
