/**
 * Reference data (the methods of data/seed/reference/methods.csv) on every start, and the
 * demo network of Pohjois-Savo (data/seed/pohjois-savo/network.json): units of the demo
 * catalogue's services and their professionals, with stable ids from their codes.
 *
 * The demo network is written once per record: a unit or professional already there is left
 * as it is (an administrator's edits survive a restart), so running the seed again changes
 * nothing. The demo receiving workers get their unit (demo-users.json `unit`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { stableUuid } from '../../platform/ids.ts';
import { SEED_DIR } from '../catalogue/seed.ts';
import { DEMO_ISSUER, staffUserId } from '../identity/demo.ts';
import { resolveProfessional, resolveUnit } from './network.ts';
import {
  type Db,
  type MethodView,
  registryContext,
  upsertMethods,
  writeProfessional,
  writeUnit,
} from './queries.ts';
import { LIMITS, NETWORK_LANGUAGES } from './schema.ts';

const METHODS_FILE = join(SEED_DIR, 'reference', 'methods.csv');
export const DEMO_NETWORK_FILE = join(SEED_DIR, 'pohjois-savo', 'network.json');
const DEMO_USERS_FILE = join(SEED_DIR, 'demo-users.json');

export const unitSeedId = (region: string, code: string) => stableUuid('unit', `${region}/${code}`);
export const professionalSeedId = (region: string, code: string) =>
  stableUuid('professional', `${region}/${code}`);

/**
 * The methods as stored: the Finnish and English names of the file; no Swedish names are known,
 * so the Swedish name is the Finnish one (proper method names are not translated here). The
 * description is in English only (the file's); its Finnish slot holds the Finnish name, as the
 * catalogue's reference terms do.
 */
export function readMethods(file = METHODS_FILE): MethodView[] {
  const rows = parse(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  return rows.map((r) => {
    const code = String(r.code);
    const fi = String(r.name_fi);
    const name: LocalizedText = { fi, sv: fi, en: String(r.name_en || fi) };
    return {
      code,
      name,
      description: r.description_en ? { fi, en: String(r.description_en) } : null,
    };
  });
}

export async function loadMethods(db: Db): Promise<void> {
  await upsertMethods(db, readMethods());
}

const localized = z.object({ fi: z.string(), sv: z.string().optional(), en: z.string().optional() });
const municipality = z.string().regex(/^[0-9]{3}$/);
const networkFile = z.object({
  region: z.string(),
  units: z.array(
    z.object({
      code: z.string(),
      organization: z.string(),
      service: z.string().nullable(),
      name: localized,
      municipality,
      serves: z.union([z.literal('region'), z.array(municipality).min(1)]),
      languages: z.array(z.enum(NETWORK_LANGUAGES)).min(1),
      remote: z.boolean(),
      freeSlotsPerWeek: z.number().int().min(0).max(LIMITS.slots),
      waitDays: z.number().int().min(0).max(LIMITS.waitDays).nullable(),
      email: z.string().nullable(),
      professionals: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          title: z.string(),
          fte: z.number().min(LIMITS.fteMin).max(LIMITS.fteMax),
          languages: z.array(z.enum(NETWORK_LANGUAGES)).min(1),
          methods: z.array(z.string()),
          remote: z.boolean().optional(),
          staffUser: z.string().optional(),
        }),
      ),
    }),
  ),
});
export type DemoNetwork = z.infer<typeof networkFile>;

export function readDemoNetwork(file = DEMO_NETWORK_FILE): DemoNetwork {
  return networkFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const demoUnits = z.object({
  staff: z.array(z.object({ username: z.string(), region: z.string(), unit: z.string().optional() })),
});

/**
 * Writes the demo network's missing units and professionals (in one transaction) and gives
 * the demo receiving workers their unit. Units whose organisation or service is not in the
 * catalogue (an installation without the demo catalogue) are skipped. A seed row that breaks
 * the registry's rules is a bug in the seed file: it throws.
 */
export async function seedDemoNetwork(
  db: Kysely<DB>,
  network = readDemoNetwork(),
): Promise<{ units: number; professionals: number }> {
  return db.transaction().execute(async (trx) => {
    const region = await trx
      .selectFrom('region')
      .select('id')
      .where('code', '=', network.region)
      .executeTakeFirst();
    if (!region) return { units: 0, professionals: 0 };
    const ctx = await registryContext(trx, region.id, {
      units: network.units.map((u) => u.code),
      professionals: network.units.flatMap((u) => u.professionals.map((p) => p.code)),
    });
    const orgId = (slug: string) => stableUuid('organization', `${network.region}/${slug}`);
    const serviceId = (slug: string) => stableUuid('service', `${network.region}/${slug}`);
    const existingUnits = new Set(ctx.units.map((u) => u.id));
    const existingProfessionals = new Set(
      (
        await trx
          .selectFrom('professional')
          .select('id')
          .where(
            'id',
            'in',
            network.units.flatMap((u) =>
              u.professionals.map((p) => professionalSeedId(network.region, p.code)),
            ),
          )
          .execute()
      ).map((p) => p.id),
    );
    const everyMunicipality = [...ctx.municipalities].sort();
    let units = 0;
    let professionals = 0;
    const linkStaff: { professionalId: string; username: string }[] = [];
    for (const u of network.units) {
      const id = unitSeedId(network.region, u.code);
      const organization = orgId(u.organization);
      const service = u.service === null ? null : serviceId(u.service);
      if (!ctx.organizations.some((o) => o.id === organization)) continue;
      if (service !== null && !ctx.services.some((s) => s.id === service)) continue;
      if (!existingUnits.has(id)) {
        const result = resolveUnit(
          {
            code: u.code,
            organization,
            name: u.name,
            service,
            municipalityCode: u.municipality,
            municipalitiesServed: u.serves === 'region' ? everyMunicipality : u.serves,
            languages: u.languages,
            remotePossible: u.remote,
            freeSlotsPerWeek: u.freeSlotsPerWeek,
            waitDays: u.waitDays,
            email: u.email,
            active: true,
          },
          ctx,
          null,
          id,
        );
        // the code was given to another unit meanwhile: that unit stays, the demo one is left out
        if ('problems' in result && result.problems.every((p) => p.code === 'network.code_taken')) continue;
        if ('problems' in result)
          throw new Error(`network.json: unit ${u.code}: ${JSON.stringify(result.problems)}`);
        await writeUnit(trx, result.row, false);
        ctx.units.push({ id, code: u.code, organizationId: organization });
        units++;
      }
      for (const p of u.professionals) {
        const pid = professionalSeedId(network.region, p.code);
        if (p.staffUser) linkStaff.push({ professionalId: pid, username: p.staffUser });
        if (existingProfessionals.has(pid)) continue;
        const result = resolveProfessional(
          {
            code: p.code,
            unit: id,
            name: p.name,
            title: p.title,
            fte: p.fte,
            languages: p.languages,
            methods: p.methods,
            remotePossible: p.remote ?? false,
            active: true,
          },
          ctx,
          null,
          new Map(),
          pid,
        );
        if ('problems' in result && result.problems.every((p) => p.code === 'network.code_taken')) continue;
        if ('problems' in result)
          throw new Error(`network.json: professional ${p.code}: ${JSON.stringify(result.problems)}`);
        await writeProfessional(trx, result.row, false);
        professionals++;
      }
    }

    // demo users: their unit, and their own professional record (both only when still unset)
    const users = demoUnits.parse(JSON.parse(readFileSync(DEMO_USERS_FILE, 'utf8')));
    for (const s of users.staff) {
      if (!s.unit || s.region !== network.region) continue;
      const unitId = unitSeedId(network.region, s.unit);
      if (!ctx.units.some((u) => u.id === unitId)) continue;
      await trx
        .updateTable('staff_user')
        .set({ unit_id: unitId })
        .where('id', '=', staffUserId(s.username))
        .where('issuer', '=', DEMO_ISSUER)
        .where('unit_id', 'is', null)
        .execute();
    }
    for (const { professionalId, username } of linkStaff)
      await trx
        .updateTable('professional')
        .set({ staff_user_id: staffUserId(username) })
        .where('id', '=', professionalId)
        .where('staff_user_id', 'is', null)
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('staff_user').select('id').where('id', '=', staffUserId(username))),
        )
        .execute();
    return { units, professionals };
  });
}

/**
 * The network's part of starting: the methods always (safe to run on every start), and with
 * seedDemo the demo network (after the demo catalogue and demo users).
 */
export async function prepareNetwork(
  db: Kysely<DB>,
  { seedDemo }: { seedDemo: boolean },
): Promise<{ units: number; professionals: number }> {
  await db.transaction().execute((trx) => loadMethods(trx));
  if (!seedDemo) return { units: 0, professionals: 0 };
  return seedDemoNetwork(db);
}
