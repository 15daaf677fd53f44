/**
 * The network registry's staff pages (/:lang/staff/network/…): the units list with capacity
 * and wait, a unit (edit, or read with its capacity form), a professional, and the CSV import.
 * Plain form posts with the CSRF token; a saved change redirects (303) with a flash, a problem
 * answers the same page again (400) with each problem beside its field and what was typed kept.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { errorMessage, isLang, type Lang, translations } from '../../i18n/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import type { FormValues as Values } from '../../ui/forms.tsx';
import { renderPage } from '../../ui/Layout.tsx';
import { catalogueOptions } from '../catalogue/index.ts';
import { importNetworkCsv, NetworkImportError } from './csv-import.ts';
import {
  canEditRegistry,
  canUpdateCapacity,
  professionalOfRegion,
  saveCapacity,
  saveProfessional,
  saveUnit,
  unitOfRegion,
} from './network.ts';
import { ImportPage } from './pages/ImportPage.tsx';
import { NetworkListPage } from './pages/NetworkListPage.tsx';
import { ProfessionalPage } from './pages/ProfessionalPage.tsx';
import { IMPORT_PATH, NETWORK_PATH, professionalPath, unitPath } from './pages/parts.tsx';
import { UnitPage } from './pages/UnitPage.tsx';
import { NETWORK_CAPACITY, NETWORK_EDIT, NETWORK_READ } from './policy.ts';
import {
  type ProfessionalView,
  readMethods,
  readProfessionals,
  readUnits,
  registryContext,
  type UnitView,
} from './queries.ts';
import { capacityFromText, professionalFromText, unitFromText } from './schema.ts';

const html = 'text/html; charset=utf-8';
const hidden = { hide: true };
// the same questions as the navigation entry (policy.ts): the page and its link agree
const READERS = { preHandler: staffOnly(NETWORK_READ) };
const EDITORS = { preHandler: staffOnly(NETWORK_EDIT) };
const CAPACITY = { preHandler: staffOnly(NETWORK_CAPACITY) };

const langParam = z.object({ lang: z.string() });
const idParam = z.object({ lang: z.string(), id: z.string() });
const doneQuery = z.object({ done: z.string().max(20).optional() });
const listQuery = z.object({
  municipality: z.string().max(3).optional(),
  method: z.string().max(60).optional(),
  inactive: z.string().max(5).optional(),
  done: z.string().max(20).optional(),
});

function lang(params: { lang: string; id?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError('http.not_found', 404);
  return params.lang;
}

const flashText = (l: Lang, done: string | undefined) => {
  const tf = translations(l).network.flash;
  return done === 'saved'
    ? tf.saved
    : done === 'created'
      ? tf.created
      : done === 'capacity'
        ? tf.capacitySaved
        : undefined;
};

const bodyOf = (request: FastifyRequest) => ({ ...((request.body ?? {}) as Record<string, unknown>) });
/** A checkbox left unticked sends nothing: it means false. */
const withCheckboxes = (raw: Record<string, unknown>, names: string[]) => {
  for (const n of names) if (raw[n] === undefined) raw[n] = 'false';
  return raw;
};
/** What the user sent, as typed, to fill the form again. */
function formValues(raw: Record<string, unknown>): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === '_csrf') continue;
    out[k] = Array.isArray(v) ? v.map((x) => String(x).slice(0, 1000)) : String(v ?? '').slice(0, 1000);
  }
  return out;
}
const problemsOf = (error: unknown): FieldProblem[] => {
  if (error instanceof AppError && error.status === 400 && error.fields.length > 0) return error.fields;
  throw error;
};

export function unitValues(u: UnitView): Values {
  return {
    code: u.code ?? '',
    organization: u.organization.id,
    name_fi: u.name.fi,
    name_sv: u.name.sv ?? '',
    name_en: u.name.en ?? '',
    service_id: u.service?.id ?? '',
    municipality_code: u.municipalityCode ?? '',
    municipalities_served: u.municipalitiesServed,
    languages: u.languages,
    remote_possible: String(u.remotePossible),
    free_slots_per_week: String(u.freeSlotsPerWeek),
    wait_days: u.waitDays === null ? '' : String(u.waitDays),
    email: u.email ?? '',
    active: String(u.active),
  };
}

export function professionalValues(p: ProfessionalView, unitCode: string): Values {
  return {
    code: p.code,
    unit_code: unitCode,
    name: p.name,
    title: p.title ?? '',
    fte: String(p.fte),
    languages: p.languages,
    methods: p.methods,
    remote_possible: String(p.remotePossible),
    active: String(p.active),
  };
}

export async function networkStaffPages(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    return {
      actor,
      organizationName: await organizationName(db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  async function regionMunicipalities(actor: StaffActor) {
    const options = await catalogueOptions(db);
    return options.municipalities
      .filter((m) => m.regionId === actor.regionId)
      .map((m) => ({ code: m.code, name: m.name }));
  }

  typed.get(
    `/:lang${NETWORK_PATH}`,
    { schema: { ...hidden, params: langParam, querystring: listQuery }, ...READERS },
    async (request, reply) => {
      const l = lang(request.params);
      const f = await frame(request, reply);
      const municipalities = await regionMunicipalities(f.actor);
      const methods = await readMethods(db);
      const q = request.query;
      const filter = {
        municipality: municipalities.some((m) => m.code === q.municipality) ? (q.municipality ?? '') : '',
        method: methods.some((m) => m.code === q.method) ? (q.method ?? '') : '',
        includeInactive: q.inactive === '1',
      };
      const units = await readUnits(db, {
        regionId: f.actor.regionId,
        municipality: filter.municipality || undefined,
        method: filter.method || undefined,
        includeInactive: filter.includeInactive,
      });
      const collator = new Intl.Collator(l);
      units.sort((a, b) => collator.compare(a.name[l] ?? a.name.fi, b.name[l] ?? b.name.fi));
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.type(html).send(
        renderPage(
          createElement(NetworkListPage, {
            lang: l,
            ...f,
            flash: flashText(l, q.done),
            canEdit: canEditRegistry(f.actor),
            units,
            methods,
            municipalities,
            filter,
            search,
          }),
        ),
      );
    },
  );

  // ---------------------------------------------------------------- a unit

  async function unitPage(
    request: FastifyRequest,
    reply: FastifyReply,
    l: Lang,
    id: string | null,
    given: {
      values?: Values;
      problems?: FieldProblem[];
      capacity?: { values: Values; problems: FieldProblem[] };
      status: number;
      view?: boolean;
    } | null,
    done?: string,
  ) {
    const f = await frame(request, reply);
    const unit = id ? await unitOfRegion(db, f.actor, id) : null;
    const mode = canEditRegistry(f.actor) && !given?.view ? 'edit' : 'view';
    const [ctx, methods, municipalities, professionals] = await Promise.all([
      registryContext(db, f.actor.regionId),
      readMethods(db),
      regionMunicipalities(f.actor),
      unit ? readProfessionals(db, { unitIds: [unit.id], includeInactive: true }) : Promise.resolve([]),
    ]);
    const stored = unit ? unitValues(unit) : null;
    const values = given?.values ?? stored ?? { languages: ['fi'], active: 'true', free_slots_per_week: '0' };
    const capacity =
      unit && mode === 'view' && canUpdateCapacity(f.actor, unit.id)
        ? (given?.capacity ?? { values: stored ?? {}, problems: [] })
        : null;
    return reply
      .status(given?.status ?? 200)
      .type(html)
      .send(
        renderPage(
          createElement(UnitPage, {
            lang: l,
            ...f,
            flash: flashText(l, done),
            unit,
            mode,
            values,
            problems: given?.problems ?? [],
            capacity,
            professionals,
            methods,
            municipalities,
            organizations: ctx.organizations,
            services: ctx.services,
          }),
        ),
      );
  }

  async function saveUnitForm(request: FastifyRequest, reply: FastifyReply, l: Lang, id: string | null) {
    const raw = withCheckboxes(bodyOf(request), ['remote_possible', 'active']);
    const values = formValues(raw);
    const parsed = unitFromText(raw);
    if (parsed.problems.length > 0)
      return unitPage(request, reply, l, id, { values, problems: parsed.problems, status: 400 });
    try {
      const saved = await saveUnit(db, staffActor(request), id, parsed.value);
      return reply.redirect(`/${l}${unitPath(saved)}?done=${id ? 'saved' : 'created'}`, 303);
    } catch (error) {
      return unitPage(request, reply, l, id, { values, problems: problemsOf(error), status: 400 });
    }
  }

  typed.get(
    `/:lang${NETWORK_PATH}/units/new`,
    { schema: { ...hidden, params: langParam }, ...EDITORS },
    async (request, reply) => unitPage(request, reply, lang(request.params), null, null),
  );
  typed.post(
    `/:lang${NETWORK_PATH}/units`,
    { schema: { ...hidden, params: langParam }, ...EDITORS },
    async (request, reply) => saveUnitForm(request, reply, lang(request.params), null),
  );
  typed.get(
    `/:lang${NETWORK_PATH}/units/:id`,
    { schema: { ...hidden, params: idParam, querystring: doneQuery }, ...READERS },
    async (request, reply) =>
      unitPage(request, reply, lang(request.params), request.params.id, null, request.query.done),
  );
  typed.post(
    `/:lang${NETWORK_PATH}/units/:id`,
    { schema: { ...hidden, params: idParam }, ...EDITORS },
    async (request, reply) => saveUnitForm(request, reply, lang(request.params), request.params.id),
  );
  typed.post(
    `/:lang${NETWORK_PATH}/units/:id/capacity`,
    { schema: { ...hidden, params: idParam }, ...CAPACITY },
    async (request, reply) => {
      const l = lang(request.params);
      const id = request.params.id;
      const actor = staffActor(request);
      const unit = await unitOfRegion(db, actor, id);
      if (!canUpdateCapacity(actor, unit.id)) throw new AppError('network.unit_not_found', 404);
      const raw = bodyOf(request);
      const parsed = capacityFromText(raw);
      if (parsed.problems.length > 0)
        return unitPage(request, reply, l, id, {
          capacity: { values: formValues(raw), problems: parsed.problems },
          status: 400,
          view: true,
        });
      await saveCapacity(db, actor, id, parsed.value);
      return reply.redirect(`/${l}${unitPath(id)}?done=capacity`, 303);
    },
  );

  // ---------------------------------------------------------------- a professional

  async function professionalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    l: Lang,
    id: string | null,
    given: { values: Values; problems: FieldProblem[]; status: number } | null,
    options: { done?: string; unitId?: string } = {},
  ) {
    const f = await frame(request, reply);
    const professional = id ? await professionalOfRegion(db, f.actor, id) : null;
    const mode = canEditRegistry(f.actor) ? 'edit' : 'view';
    const [units, methods] = await Promise.all([
      readUnits(db, { regionId: f.actor.regionId, includeInactive: true }),
      readMethods(db),
    ]);
    const unitId = professional?.unitId ?? options.unitId;
    const byCode = new Map(units.map((u) => [u.code, u]));
    const chosen = given
      ? byCode.get(String([given.values.unit_code].flat()[0] ?? ''))
      : units.find((u) => u.id === unitId);
    const unit = professional ? units.find((u) => u.id === professional.unitId) : chosen;
    const values =
      given?.values ??
      (professional
        ? professionalValues(professional, unit?.code ?? '')
        : { unit_code: chosen?.code ?? '', languages: ['fi'], active: 'true', fte: '1' });
    return reply
      .status(given?.status ?? 200)
      .type(html)
      .send(
        renderPage(
          createElement(ProfessionalPage, {
            lang: l,
            ...f,
            flash: flashText(l, options.done),
            professional,
            unit: unit ? { id: unit.id, name: unit.name } : null,
            mode,
            values,
            problems: given?.problems ?? [],
            units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, active: u.active })),
            methods,
          }),
        ),
      );
  }

  async function saveProfessionalForm(
    request: FastifyRequest,
    reply: FastifyReply,
    l: Lang,
    id: string | null,
  ) {
    const raw = withCheckboxes(bodyOf(request), ['remote_possible', 'active']);
    const values = formValues(raw);
    const parsed = professionalFromText(raw);
    if (parsed.problems.length > 0)
      return professionalPage(request, reply, l, id, { values, problems: parsed.problems, status: 400 });
    try {
      const saved = await saveProfessional(db, staffActor(request), id, parsed.value);
      return reply.redirect(`/${l}${professionalPath(saved)}?done=${id ? 'saved' : 'created'}`, 303);
    } catch (error) {
      return professionalPage(request, reply, l, id, { values, problems: problemsOf(error), status: 400 });
    }
  }

  typed.get(
    `/:lang${NETWORK_PATH}/professionals/new`,
    {
      schema: {
        ...hidden,
        params: langParam,
        querystring: z.object({ unit: z.string().max(40).optional() }),
      },
      ...EDITORS,
    },
    async (request, reply) => {
      const l = lang(request.params);
      const unit =
        request.query.unit && UUID_PATTERN.test(request.query.unit) ? request.query.unit : undefined;
      return professionalPage(request, reply, l, null, null, { unitId: unit });
    },
  );
  typed.post(
    `/:lang${NETWORK_PATH}/professionals`,
    { schema: { ...hidden, params: langParam }, ...EDITORS },
    async (request, reply) => saveProfessionalForm(request, reply, lang(request.params), null),
  );
  typed.get(
    `/:lang${NETWORK_PATH}/professionals/:id`,
    { schema: { ...hidden, params: idParam, querystring: doneQuery }, ...READERS },
    async (request, reply) =>
      professionalPage(request, reply, lang(request.params), request.params.id, null, {
        done: request.query.done,
      }),
  );
  typed.post(
    `/:lang${NETWORK_PATH}/professionals/:id`,
    { schema: { ...hidden, params: idParam }, ...EDITORS },
    async (request, reply) => saveProfessionalForm(request, reply, lang(request.params), request.params.id),
  );

  // ---------------------------------------------------------------- CSV import

  typed.get(
    `/:lang${IMPORT_PATH}`,
    { schema: { ...hidden, params: langParam }, ...EDITORS },
    async (request, reply) => {
      const l = lang(request.params);
      const f = await frame(request, reply);
      return reply.type(html).send(
        renderPage(
          createElement(ImportPage, {
            lang: l,
            ...f,
            values: { units: '', professionals: '' },
            problems: [],
            report: null,
          }),
        ),
      );
    },
  );
  typed.post(
    `/:lang${IMPORT_PATH}`,
    { schema: { ...hidden, params: langParam }, ...EDITORS },
    async (request, reply) => {
      const l = lang(request.params);
      const raw = bodyOf(request);
      const values = {
        units: typeof raw.units === 'string' ? raw.units : '',
        professionals: typeof raw.professionals === 'string' ? raw.professionals : '',
      };
      const render = async (status: number, props: Partial<Parameters<typeof ImportPage>[0]>) => {
        const f = await frame(request, reply);
        return reply
          .status(status)
          .type(html)
          .send(
            renderPage(
              createElement(ImportPage, { lang: l, ...f, values, problems: [], report: null, ...props }),
            ),
          );
      };
      try {
        const report = await importNetworkCsv(db, staffActor(request).regionId, values);
        return render(200, { report, values: { units: '', professionals: '' } });
      } catch (error) {
        if (error instanceof NetworkImportError) return render(400, { problems: error.problems });
        if (error instanceof AppError && error.status === 400)
          return render(400, { message: errorMessage(l, error.code, error.params) });
        throw error;
      }
    },
  );
}
