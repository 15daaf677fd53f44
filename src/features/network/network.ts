/**
 * The network registry's rules and use cases: units (where help is given) and professionals
 * (who give it, with their methods and languages), kept by the region's administrators and
 * managers; a receiving unit's own worker updates the unit's capacity. Every change is one
 * transaction, checked against the region (organisation, service, municipalities, methods)
 * first. Another region's record does not exist for the user (404).
 */
import type { Kysely } from 'kysely';
import { hasRole, type StaffActor, type StaffRole } from '../../platform/auth/actor.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { newId, UUID_PATTERN } from '../../platform/ids.ts';
import {
  type Db,
  type ProfessionalRow,
  type ProfessionalView,
  professionalRegion,
  professionalRowsByIds,
  type RegistryContext,
  readProfessionals,
  readUnits,
  registryContext,
  type UnitRow,
  type UnitView,
  unitRowsByIds,
  writeCapacity,
  writeProfessional,
  writeUnit,
} from './queries.ts';
import { type CapacityInput, NETWORK_LANGUAGES, type ProfessionalInput, type UnitInput } from './schema.ts';

// ---------------------------------------------------------------- who may do what

/** Who may read the registry (lists, units, professionals, methods). */
export const REGISTRY_READERS: StaffRole[] = ['administrator', 'manager', 'counsellor', 'receiving_worker'];
/** Who keeps the registry of their region (create, edit, import). */
export const REGISTRY_EDITORS: StaffRole[] = ['administrator', 'manager'];
/** Who may update a unit's capacity: the editors, and a receiving worker of that very unit. */
export const CAPACITY_ROLES: StaffRole[] = ['administrator', 'manager', 'receiving_worker'];

export const canEditRegistry = (actor: StaffActor) => REGISTRY_EDITORS.some((r) => hasRole(actor, r));

export function canUpdateCapacity(actor: StaffActor, unitId: string): boolean {
  return canEditRegistry(actor) || (hasRole(actor, 'receiving_worker') && actor.unitId === unitId);
}

// ---------------------------------------------------------------- pure rules

const lower = (s: string) => s.trim().toLocaleLowerCase('fi');
const names = (t: LocalizedText) => [t.fi, t.sv, t.en].filter((x): x is string => Boolean(x)).map(lower);

/** A reference by id or by name (any language, any case) among choices; problems by code. */
function pickRef<T extends { id: string; name: LocalizedText }>(
  ref: string,
  choices: T[],
  unknown: FieldProblem['code'],
  ambiguous: FieldProblem['code'],
): { found: T } | { code: FieldProblem['code'] } {
  if (UUID_PATTERN.test(ref)) {
    const byId = choices.find((c) => c.id === ref.toLowerCase());
    return byId ? { found: byId } : { code: unknown };
  }
  const wanted = lower(ref);
  const byName = choices.filter((c) => names(c.name).includes(wanted));
  if (byName.length === 1 && byName[0]) return { found: byName[0] };
  return { code: byName.length > 1 ? ambiguous : unknown };
}

function checkLanguages(field: string, languages: string[], problems: FieldProblem[]): string[] {
  const out: string[] = [];
  for (const l of languages) {
    const code = l.toLowerCase();
    if ((NETWORK_LANGUAGES as readonly string[]).includes(code)) out.push(code);
    else problems.push({ field, code: 'network.unknown_language', params: { value: l } });
  }
  return [...new Set(out)];
}

/**
 * The unit a UnitInput describes in the region, or the problems that stop it (fields named
 * by their CSV column). `existing`: the unit being updated (keeps its retired references and
 * its active flag when the input leaves it out).
 */
export function resolveUnit(
  input: UnitInput,
  ctx: RegistryContext,
  existing: { id: string; organizationId: string; serviceId: string | null; active: boolean } | null,
  id: string = existing?.id ?? newId(),
): { row: UnitRow } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const taken = ctx.unitCodes.get(input.code);
  if (taken && taken.id !== id) problems.push({ field: 'code', code: 'network.code_taken' });

  let organizationId = '';
  const org = pickRef(
    input.organization,
    ctx.organizations,
    'network.unknown_organization',
    'network.ambiguous_organization',
  );
  if ('code' in org) problems.push({ field: 'organization', code: org.code });
  else if (org.found.retired && existing?.organizationId !== org.found.id)
    problems.push({ field: 'organization', code: 'network.retired_reference' });
  else organizationId = org.found.id;

  let serviceId: string | null = null;
  if (input.service !== null) {
    const own = organizationId
      ? ctx.services.filter((s) => s.organizationId === organizationId)
      : ctx.services;
    let service = pickRef(input.service, own, 'network.unknown_service', 'network.ambiguous_service');
    if ('code' in service && organizationId && service.code === 'network.unknown_service') {
      // a service of the region, but another organisation's: say so
      const anywhere = pickRef(
        input.service,
        ctx.services,
        'network.unknown_service',
        'network.ambiguous_service',
      );
      if ('found' in anywhere) service = { code: 'network.service_of_other_organization' };
    }
    if ('code' in service) problems.push({ field: 'service_id', code: service.code });
    else if (service.found.retired && existing?.serviceId !== service.found.id)
      problems.push({ field: 'service_id', code: 'network.retired_reference' });
    else serviceId = service.found.id;
  }

  if (!ctx.municipalities.has(input.municipalityCode))
    problems.push({
      field: 'municipality_code',
      code: 'network.unknown_municipality',
      params: { value: input.municipalityCode },
    });
  for (const m of input.municipalitiesServed)
    if (!ctx.municipalities.has(m))
      problems.push({
        field: 'municipalities_served',
        code: 'network.unknown_municipality',
        params: { value: m },
      });
  const languages = checkLanguages('languages', input.languages, problems);

  if (problems.length > 0) return { problems };
  return {
    row: {
      id,
      code: input.code,
      organizationId,
      name: input.name,
      serviceId,
      municipalityCode: input.municipalityCode,
      municipalitiesServed: [...new Set(input.municipalitiesServed)].sort(),
      languages,
      remotePossible: input.remotePossible,
      freeSlotsPerWeek: input.freeSlotsPerWeek,
      waitDays: input.waitDays,
      email: input.email,
      active: input.active ?? existing?.active ?? true,
    },
  };
}

/**
 * The professional a ProfessionalInput describes, or the problems. `moreUnits`: units not yet
 * stored (an import's new units), by code.
 */
export function resolveProfessional(
  input: ProfessionalInput,
  ctx: RegistryContext,
  existing: { id: string; active: boolean } | null,
  moreUnits: Map<string, string> = new Map(),
  id: string = existing?.id ?? newId(),
): { row: ProfessionalRow } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const taken = ctx.professionalCodes.get(input.code);
  if (taken && taken.id !== id) problems.push({ field: 'code', code: 'network.code_taken' });
  const unit =
    moreUnits.get(input.unit) ??
    ctx.units.find((u) => u.id === input.unit.toLowerCase() || u.code === input.unit)?.id;
  if (!unit)
    problems.push({ field: 'unit_code', code: 'network.unknown_unit', params: { value: input.unit } });
  const languages = checkLanguages('languages', input.languages, problems);
  for (const m of input.methods)
    if (!ctx.methods.has(m))
      problems.push({ field: 'methods', code: 'network.unknown_method', params: { value: m } });
  if (problems.length > 0 || !unit) return { problems };
  return {
    row: {
      id,
      code: input.code,
      unitId: unit,
      name: input.name,
      title: input.title,
      fte: input.fte,
      languages,
      methods: [...new Set(input.methods)].sort(),
      remotePossible: input.remotePossible,
      active: input.active ?? existing?.active ?? true,
    },
  };
}

// ---------------------------------------------------------------- reading

/** A unit of the actor's region (any state), or 404. */
export async function unitOfRegion(db: Db, actor: StaffActor, id: string): Promise<UnitView> {
  const [unit] = UUID_PATTERN.test(id)
    ? await readUnits(db, { regionId: actor.regionId, ids: [id], includeInactive: true })
    : [];
  if (!unit) throw new AppError('network.unit_not_found', 404);
  return unit;
}

/** A professional of the actor's region, or 404. */
export async function professionalOfRegion(db: Db, actor: StaffActor, id: string): Promise<ProfessionalView> {
  const where = UUID_PATTERN.test(id) ? await professionalRegion(db, id) : undefined;
  if (!where || where.regionId !== actor.regionId) throw new AppError('network.professional_not_found', 404);
  const [p] = await readProfessionals(db, { ids: [id], includeInactive: true });
  if (!p) throw new AppError('network.professional_not_found', 404);
  return p;
}

/** A unit with its professionals: what matching and the unit page need. */
export interface NetworkUnit extends UnitView {
  professionals: ProfessionalView[];
}

/**
 * The region's network in a few queries: units (active ones unless asked) with the
 * municipalities they serve, and their (active) professionals with methods and languages.
 * For matching: plain data, no access check (the caller has one).
 */
export async function networkOfRegion(
  db: Db,
  regionId: string,
  options: { includeInactive?: boolean; serviceIds?: readonly string[]; municipality?: string } = {},
): Promise<NetworkUnit[]> {
  const units = await readUnits(db, { regionId, ...options });
  const professionals = await readProfessionals(db, {
    unitIds: units.map((u) => u.id),
    includeInactive: options.includeInactive,
  });
  const byUnit = new Map<string, ProfessionalView[]>();
  for (const p of professionals) byUnit.set(p.unitId, [...(byUnit.get(p.unitId) ?? []), p]);
  return units.map((u) => ({ ...u, professionals: byUnit.get(u.id) ?? [] }));
}

// ---------------------------------------------------------------- changes

const invalid = (problems: FieldProblem[]) => new AppError('request.invalid', 400, {}, problems);

/** A unique code taken between our check and our write (two saves at once): the same problem. */
async function uniqueCodes<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === '23505' || /duplicate key|unique constraint/i.test(e.message ?? ''))
      throw invalid([{ field: 'code', code: 'network.code_taken' }]);
    throw error;
  }
}

/** Creates a unit (id null) or updates one of the region; answers its id. */
export async function saveUnit(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string | null,
  input: UnitInput,
): Promise<string> {
  return uniqueCodes(() =>
    db.transaction().execute(async (trx) => {
      const existing = id ? await unitOfRegion(trx, actor, id) : null;
      const ctx = await registryContext(trx, actor.regionId, { units: [input.code] });
      const result = resolveUnit(
        input,
        ctx,
        existing
          ? {
              id: existing.id,
              organizationId: existing.organization.id,
              serviceId: existing.service?.id ?? null,
              active: existing.active,
            }
          : null,
      );
      if ('problems' in result) throw invalid(result.problems);
      await writeUnit(trx, result.row, existing !== null);
      return result.row.id;
    }),
  );
}

/** Free first-appointment slots a week and the current wait of a unit. */
export async function saveCapacity(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  input: CapacityInput,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const unit = await unitOfRegion(trx, actor, id);
    // a receiving worker of another unit: the change does not exist for them
    if (!canUpdateCapacity(actor, unit.id)) throw new AppError('network.unit_not_found', 404);
    await writeCapacity(trx, unit.id, input);
  });
}

export async function saveProfessional(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string | null,
  input: ProfessionalInput,
): Promise<string> {
  return uniqueCodes(() =>
    db.transaction().execute(async (trx) => {
      const existing = id ? await professionalOfRegion(trx, actor, id) : null;
      const ctx = await registryContext(trx, actor.regionId, { professionals: [input.code] });
      const result = resolveProfessional(input, ctx, existing);
      if ('problems' in result) throw invalid(result.problems);
      await writeProfessional(trx, result.row, existing !== null);
      return result.row.id;
    }),
  );
}

// ---------------------------------------------------------------- rows as they are stored

export { professionalRowsByIds, unitRowsByIds };

/** Whether two rows would write the same (re-importing an unchanged file changes nothing). */
export function sameRow(a: UnitRow | ProfessionalRow, b: UnitRow | ProfessionalRow): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([x], [y]) => x.localeCompare(y)),
        )
      : v,
  );
}
