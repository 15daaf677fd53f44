/**
 * The persons of a contact, their guardianships and capacity assessments.
 */
import { sql } from 'kysely';
import type { DB } from '../../../platform/db/types.ts';
import { newId } from '../../../platform/ids.ts';
import type { GuardianFacts } from '../model.ts';
import { type Trx, uuids } from './common.ts';
import type { ConsentContact } from './contacts.ts';

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
