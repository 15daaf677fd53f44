/**
 * The contact a consent belongs to and the organisations (and registries) it names.
 */
import { sql } from 'kysely';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { type Trx, uuids } from './common.ts';

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

/** Who recorded a consent (a staff user's id), or null: the policy's fact for a consent without a contact. */
export async function directiveRecorder(trx: Trx, id: string): Promise<string | null> {
  const row = await trx
    .selectFrom('consent_directive')
    .select('recorded_by')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.recorded_by ?? null;
}
