import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { STAFF_ROLES } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { stableUuid } from '../../platform/ids.ts';

/** Demo users sign in without an identity provider; their issuer says so. */
export const DEMO_ISSUER = 'demo';

const localized = z.object({ fi: z.string(), sv: z.string().optional(), en: z.string().optional() });
const demoUsersFile = z.object({
  organizations: z.array(
    z.object({
      slug: z.string(),
      region: z.string(),
      kind: z.enum(['region', 'municipality', 'joint_authority', 'ngo', 'parish', 'company']),
      name: localized,
      description: localized,
    }),
  ),
  staff: z.array(
    z.object({
      username: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string(),
      region: z.string(),
      organization: z.string(),
      roles: z.array(z.enum(STAFF_ROLES)).min(1),
    }),
  ),
  clients: z.array(
    z.object({ username: z.string().regex(/^[a-z0-9-]+$/), name: z.string(), region: z.string() }),
  ),
});
export type DemoUsers = z.infer<typeof demoUsersFile>;

const DEMO_USERS_FILE = new URL('../../../data/seed/demo-users.json', import.meta.url).pathname;

export function readDemoUsers(file = DEMO_USERS_FILE): DemoUsers {
  return demoUsersFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const regionUuid = (code: string) => stableUuid('region', code);
/** Organisations of the demo region keep the ids the catalogue seed gives them. */
const organizationUuid = (region: string, slug: string) => stableUuid('organization', `${region}/${slug}`);
export const staffUserId = (username: string) => stableUuid('staff_user', `${DEMO_ISSUER}/${username}`);
export const clientId = (username: string) => stableUuid('client', `${DEMO_ISSUER}/${username}`);

/**
 * Writes the demo users (and the organisations only they need) once; safe to run again.
 * Skips staff whose organisation is not in the catalogue (an installation without the demo).
 */
export async function seedDemoUsers(db: Kysely<DB>, users = readDemoUsers()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const o of users.organizations) {
      await trx
        .insertInto('organization')
        .values({
          id: organizationUuid(o.region, o.slug),
          region_id: regionUuid(o.region),
          kind: o.kind,
          name: JSON.stringify(o.name),
          description: JSON.stringify(o.description),
          municipality_code: null,
          email: null,
          website: null,
          phone: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    const organizations = new Set(
      (await trx.selectFrom('organization').select('id').execute()).map((o) => o.id),
    );
    let written = 0;
    for (const u of users.staff) {
      const organizationId = organizationUuid(u.region, u.organization);
      if (!organizations.has(organizationId)) continue;
      const id = staffUserId(u.username);
      await trx
        .insertInto('staff_user')
        .values({
          id,
          region_id: regionUuid(u.region),
          issuer: DEMO_ISSUER,
          subject: u.username,
          name: u.name,
          email: null,
          organization_id: organizationId,
          unit_id: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await trx
        .insertInto('staff_role')
        .values(u.roles.map((role) => ({ staff_user_id: id, organization_id: organizationId, role })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      written++;
    }
    for (const c of users.clients) {
      await trx
        .insertInto('client')
        .values({
          id: clientId(c.username),
          region_id: regionUuid(c.region),
          issuer: DEMO_ISSUER,
          subject: c.username,
          name: c.name,
          personal_identity_code_hmac: null,
          personal_identity_code_encrypted: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      written++;
    }
    return written;
  });
}

export interface DemoUserView {
  username: string;
  kind: 'staff' | 'client';
  name: string;
  organization: string | null;
  region: string;
  roles: string[];
}

/** The demo users as the sign-in page and GET /api/dev/users show them. */
export async function listDemoUsers(db: Kysely<DB>): Promise<DemoUserView[]> {
  const staff = await db
    .selectFrom('staff_user')
    .innerJoin('organization', 'organization.id', 'staff_user.organization_id')
    .innerJoin('region', 'region.id', 'staff_user.region_id')
    .select([
      'staff_user.id',
      'staff_user.subject',
      'staff_user.name',
      'organization.name as orgName',
      'region.code',
    ])
    .where('staff_user.issuer', '=', DEMO_ISSUER)
    .orderBy('staff_user.subject')
    .execute();
  const roles = await db
    .selectFrom('staff_role')
    .select(['staff_user_id', 'role'])
    .where(
      'staff_user_id',
      'in',
      staff.length ? staff.map((s) => s.id) : ['00000000-0000-0000-0000-000000000000'],
    )
    .execute();
  const clients = await db
    .selectFrom('client')
    .innerJoin('region', 'region.id', 'client.region_id')
    .select(['client.subject', 'client.name', 'region.code'])
    .where('client.issuer', '=', DEMO_ISSUER)
    .orderBy('client.subject')
    .execute();
  return [
    ...staff.map((s) => ({
      username: s.subject,
      kind: 'staff' as const,
      name: s.name,
      organization: s.orgName.fi,
      region: s.code,
      roles: roles.filter((r) => r.staff_user_id === s.id).map((r) => r.role),
    })),
    ...clients.map((c) => ({
      username: c.subject,
      kind: 'client' as const,
      name: c.name,
      organization: null,
      region: c.code,
      roles: ['client'],
    })),
  ];
}

/** The session subject of a demo username, or undefined when there is none. */
export async function demoSessionSubject(
  db: Kysely<DB>,
  username: string,
): Promise<{ kind: 'staff'; staffUserId: string } | { kind: 'client'; clientId: string } | undefined> {
  const staff = await db
    .selectFrom('staff_user')
    .select('id')
    .where('issuer', '=', DEMO_ISSUER)
    .where('subject', '=', username)
    .where('active', '=', true)
    .executeTakeFirst();
  if (staff) return { kind: 'staff', staffUserId: staff.id };
  const client = await db
    .selectFrom('client')
    .select('id')
    .where('issuer', '=', DEMO_ISSUER)
    .where('subject', '=', username)
    .executeTakeFirst();
  return client ? { kind: 'client', clientId: client.id } : undefined;
}
