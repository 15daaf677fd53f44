/**
 * Reference data the counsellors' pages show beside a contact and that contacts.ts does not
 * read: the region's services to guide a family to, and the names of the service-task
 * classification. Catalogue and reference data only, never client data, so no access check.
 */
import { type Kysely, sql } from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';

export interface ServiceChoice {
  id: string;
  name: LocalizedText;
  organizationName: LocalizedText;
}

/** The most services the outcome form lists at once (narrowed by name beyond that). */
export const SERVICE_CHOICES_LIMIT = 400;

/**
 * The region's active services, for "guided onward to…": by organisation, then name. `q`
 * narrows by a part of the name in any language. `keep` (a service already chosen) is
 * included whatever q says, so a form shown again keeps its choice.
 */
export async function regionServices(
  db: Kysely<DB>,
  regionId: string,
  { q, keep = [] }: { q?: string; keep?: string[] } = {},
): Promise<ServiceChoice[]> {
  let query = db
    .selectFrom('service')
    .innerJoin('organization', 'organization.id', 'service.organization_id')
    .where('organization.region_id', '=', regionId)
    .where('service.status', '=', 'active');
  const text = q?.trim();
  if (text) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const ids = keep.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    query = query.where((eb) =>
      eb.or([
        eb(sql`service.name->>'fi'`, 'ilike', pattern),
        eb(sql`service.name->>'sv'`, 'ilike', pattern),
        eb(sql`service.name->>'en'`, 'ilike', pattern),
        ...(ids.length > 0 ? [eb('service.id', 'in', ids)] : []),
      ]),
    );
  }
  const rows = await query
    .select(['service.id', 'service.name', 'organization.name as organization_name'])
    .orderBy(sql`organization.name->>'fi'`)
    .orderBy(sql`service.name->>'fi'`)
    .limit(SERVICE_CHOICES_LIMIT)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, organizationName: r.organization_name }));
}

/** Names of services by id (the target services that outcome entries name). */
export async function serviceNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, LocalizedText>> {
  const valid = [...new Set(ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
  if (valid.length === 0) return new Map();
  const rows = await db.selectFrom('service').select(['id', 'name']).where('id', 'in', valid).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The service-task classification's names by code. */
export async function serviceTaskNames(db: Kysely<DB>): Promise<Map<string, LocalizedText>> {
  const rows = await db.selectFrom('service_task_class').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
