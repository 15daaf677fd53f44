/**
 * The network registry's API (/api/network/…): methods, units (with the municipalities they
 * serve), professionals (with methods, languages and FTE), a unit's capacity, and the CSV
 * import. Readers: administrators, managers, counsellors and receiving workers of the region;
 * changes: administrators and managers; a unit's capacity also its own receiving workers.
 * Another region's record answers 404, like one that does not exist.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { importNetworkCsv, NetworkImportError } from './csv-import.ts';
import { professionalOfRegion, saveCapacity, saveProfessional, saveUnit, unitOfRegion } from './network.ts';
import { NETWORK_CAPACITY, NETWORK_EDIT, NETWORK_READ } from './policy.ts';
import {
  type ProfessionalView,
  readMethods,
  readProfessionals,
  readUnits,
  type UnitView,
} from './queries.ts';
import {
  apiField,
  capacityBodySchema,
  importBodySchema,
  importReportSchema,
  methodSchema,
  professionalBodySchema,
  professionalFromBody,
  professionalSchema,
  unitBodySchema,
  unitFromBody,
  unitSchema,
  unitWithProfessionalsSchema,
} from './schema.ts';

const tags = ['Network'];
// the same questions as the navigation entry (policy.ts): the page and its link agree
const READERS = staffOnly(NETWORK_READ);
const EDITORS = staffOnly(NETWORK_EDIT);
const CAPACITY = staffOnly(NETWORK_CAPACITY);

const idParams = z.object({ id: z.uuid() });
const municipality = z.string().regex(/^[0-9]{3}$/, { error: 'network.unknown_municipality' });
const flag = z.enum(['true', 'false']).optional();

export function unitJson(u: UnitView) {
  return {
    id: u.id,
    code: u.code,
    organization: { id: u.organization.id, name: u.organization.name },
    name: u.name,
    service: u.service ? { id: u.service.id, name: u.service.name } : null,
    municipalityCode: u.municipalityCode,
    municipalitiesServed: u.municipalitiesServed,
    languages: u.languages,
    remotePossible: u.remotePossible,
    freeSlotsPerWeek: u.freeSlotsPerWeek,
    waitDays: u.waitDays,
    email: u.email,
    active: u.active,
    professionalCount: u.professionalCount,
    fte: u.fte,
    methods: u.methods,
    updatedAt: u.updatedAt.toISOString(),
  };
}

export function professionalJson(p: ProfessionalView) {
  return { ...p, updatedAt: p.updatedAt.toISOString() };
}

/** The rules name fields by CSV column; the API by its own (camelCase) names. */
async function apiFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.fields.length > 0)
      throw new AppError(
        error.code,
        error.status,
        error.params,
        error.fields.map((f) => ({ ...f, field: apiField(f.field) })),
      );
    throw error;
  }
}

export async function networkApiRoutes(root: FastifyInstance, { db }: { db: Kysely<DB> }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/network/methods',
    {
      preHandler: READERS,
      schema: {
        summary: 'The methods professionals are trained in (reference data)',
        tags,
        response: { 200: z.object({ methods: z.array(methodSchema) }) },
      },
    },
    async () => ({ methods: await readMethods(db) }),
  );

  app.get(
    '/api/network/units',
    {
      preHandler: READERS,
      schema: {
        summary: "The region's units with capacity, wait and staffing",
        tags,
        querystring: z
          .object({
            municipality: municipality.optional().describe('units that serve this municipality'),
            method: z.string().max(60).optional().describe('units with an active professional trained in it'),
            includeInactive: flag,
          })
          .strict(),
        response: { 200: z.object({ units: z.array(unitSchema) }) },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const units = await readUnits(db, {
        regionId: actor.regionId,
        municipality: request.query.municipality,
        method: request.query.method?.toUpperCase(),
        includeInactive: request.query.includeInactive === 'true',
      });
      return { units: units.map(unitJson) };
    },
  );

  app.get(
    '/api/network/units/:id',
    {
      preHandler: READERS,
      schema: {
        summary: 'A unit with its professionals (inactive ones too)',
        tags,
        params: idParams,
        response: { 200: unitWithProfessionalsSchema },
      },
    },
    async (request) => {
      const unit = await unitOfRegion(db, staffActor(request), request.params.id);
      const professionals = await readProfessionals(db, { unitIds: [unit.id], includeInactive: true });
      return { ...unitJson(unit), professionals: professionals.map(professionalJson) };
    },
  );

  app.post(
    '/api/network/units',
    {
      preHandler: EDITORS,
      schema: {
        summary: 'Add a unit to the region (administrator, manager)',
        tags,
        body: unitBodySchema,
        response: { 201: unitSchema },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const id = await apiFields(() => saveUnit(db, actor, null, unitFromBody(request.body)));
      reply.code(201);
      return unitJson(await unitOfRegion(db, actor, id));
    },
  );

  app.put(
    '/api/network/units/:id',
    {
      preHandler: EDITORS,
      schema: {
        summary: 'Replace a unit’s details (administrator, manager); `active: false` takes it out of use',
        tags,
        params: idParams,
        body: unitBodySchema,
        response: { 200: unitSchema },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      await apiFields(() => saveUnit(db, actor, request.params.id, unitFromBody(request.body)));
      return unitJson(await unitOfRegion(db, actor, request.params.id));
    },
  );

  app.put(
    '/api/network/units/:id/capacity',
    {
      preHandler: CAPACITY,
      schema: {
        summary: 'Update a unit’s free first-appointment slots a week and current wait (working days)',
        description:
          'Administrators and managers of the region, and the receiving workers of this unit. waitDays null: not known.',
        tags,
        params: idParams,
        body: capacityBodySchema,
        response: { 200: unitSchema },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      await saveCapacity(db, actor, request.params.id, {
        freeSlotsPerWeek: request.body.freeSlotsPerWeek,
        waitDays: request.body.waitDays ?? null,
      });
      return unitJson(await unitOfRegion(db, actor, request.params.id));
    },
  );

  app.get(
    '/api/network/professionals',
    {
      preHandler: READERS,
      schema: {
        summary: "The region's professionals (of one unit when asked), with methods and languages",
        tags,
        querystring: z.object({ unit: z.uuid().optional(), includeInactive: flag }).strict(),
        response: { 200: z.object({ professionals: z.array(professionalSchema) }) },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const includeInactive = request.query.includeInactive === 'true';
      const units = request.query.unit
        ? [await unitOfRegion(db, actor, request.query.unit)]
        : await readUnits(db, { regionId: actor.regionId, includeInactive: true });
      const professionals = await readProfessionals(db, { unitIds: units.map((u) => u.id), includeInactive });
      return { professionals: professionals.map(professionalJson) };
    },
  );

  app.get(
    '/api/network/professionals/:id',
    {
      preHandler: READERS,
      schema: { summary: 'A professional', tags, params: idParams, response: { 200: professionalSchema } },
    },
    async (request) =>
      professionalJson(await professionalOfRegion(db, staffActor(request), request.params.id)),
  );

  app.post(
    '/api/network/professionals',
    {
      preHandler: EDITORS,
      schema: {
        summary: 'Add a professional to a unit of the region (administrator, manager)',
        tags,
        body: professionalBodySchema,
        response: { 201: professionalSchema },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const id = await apiFields(() => saveProfessional(db, actor, null, professionalFromBody(request.body)));
      reply.code(201);
      return professionalJson(await professionalOfRegion(db, actor, id));
    },
  );

  app.put(
    '/api/network/professionals/:id',
    {
      preHandler: EDITORS,
      schema: {
        summary: 'Replace a professional’s details (administrator, manager); `active: false` takes them out',
        tags,
        params: idParams,
        body: professionalBodySchema,
        response: { 200: professionalSchema },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      await apiFields(() =>
        saveProfessional(db, actor, request.params.id, professionalFromBody(request.body)),
      );
      return professionalJson(await professionalOfRegion(db, actor, request.params.id));
    },
  );

  app.post(
    '/api/network/import',
    {
      preHandler: EDITORS,
      schema: {
        summary: 'Import units and professionals from CSV texts: upsert by code, all or nothing',
        description:
          'A file with any problem is rejected whole, with every problem listed: error.fields[].field is "<file>.<row>.<column>" (the row is the line of the file; the header is row 1).',
        tags,
        body: importBodySchema,
        response: { 200: importReportSchema },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      try {
        return await importNetworkCsv(db, actor.regionId, request.body);
      } catch (error) {
        if (error instanceof NetworkImportError) throw error.toAppError();
        throw error;
      }
    },
  );
}
