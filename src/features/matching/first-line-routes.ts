/**
 * The first-line table's pages (/:lang/staff/admin/first-line, docs/routing.md): the region's
 * administrators read the table topic by topic and edit a row (service types as checkboxes,
 * the source). Plain form posts with the CSRF token, POST-redirect-GET; a refused form answers
 * the same page (400) with the problems beside their fields and what was chosen kept; a save
 * made on an old version answers 409 with the row as it is now. Others: "not found" (the door,
 * first-line-policy.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { isLang, type Lang, translations } from '../../i18n/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { hasForbiddenCharacters } from '../../platform/text.ts';
import type { FormModel, FormValues } from '../../ui/forms.tsx';
import { renderPage } from '../../ui/Layout.tsx';
import { catalogueOptions } from '../catalogue/index.ts';
import { AGE_BANDS, type AgeBand, checkRow } from './first-line.ts';
import { FIRST_LINE_QUESTION } from './first-line-policy.ts';
import {
  firstLineEditorName,
  regionFirstLineRow,
  regionFirstLineRows,
  type StoredFirstLineRow,
  saveFirstLineRow,
} from './first-line-store.ts';
import { FIRST_LINE_PATH, FirstLineEditPage, FirstLinePage } from './pages/FirstLinePage.tsx';

const html = 'text/html; charset=utf-8';
const hidden = { hide: true };
const TOPIC = /^[A-Z0-9_]{2,60}$/;
const COLUMNS = ['firstHelp', 'secondLine', 'urgentRoute'] as const;
/** Bidirectional formatting characters: a source that reads one way on the page and another in the data. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/u;

const langParam = z.object({ lang: z.string() });
const rowParam = z.object({ lang: z.string(), topic: z.string(), band: z.string() });
const listQuery = z.object({ done: z.string().max(20).optional() });
// the form checks its own texts (control and bidi characters beside the field)
const formConfig = { inputRule: 'form' as const };

function lang(params: { lang: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  return params.lang;
}

function rowOf(params: { topic: string; band: string }): { topic: string; band: AgeBand } {
  if (!TOPIC.test(params.topic) || !(AGE_BANDS as readonly string[]).includes(params.band))
    throw new AppError('http.not_found', 404);
  return { topic: params.topic, band: params.band as AgeBand };
}

const textOf = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};
const listOf = (body: Record<string, unknown>, name: string): string[] => {
  const v = body[name];
  return [
    ...new Set(
      (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string'),
    ),
  ];
};

const valuesOf = (
  row: Pick<StoredFirstLineRow, 'firstHelp' | 'secondLine' | 'urgentRoute' | 'source'>,
): FormValues => ({
  firstHelp: row.firstHelp,
  secondLine: row.secondLine,
  urgentRoute: row.urgentRoute,
  source: row.source,
});

/**
 * The codes chosen, in the row's own order where it had them (the order is the order of the
 * routes and of the first help), the newly chosen after them in the order of the form.
 */
export function keepOrder(before: readonly string[], chosen: readonly string[]): string[] {
  const set = new Set(chosen);
  return [...before.filter((c) => set.has(c)), ...chosen.filter((c) => !before.includes(c))];
}

export async function firstLineRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const admins = { preHandler: staffOnly(FIRST_LINE_QUESTION) };

  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    return {
      actor,
      organizationName: await organizationName(db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  async function named() {
    const options = await catalogueOptions(db);
    return {
      topics: options.topics.map((t) => ({ code: t.code, name: t.name })),
      serviceTypes: options.serviceTypes.map((t) => ({ code: t.code, name: t.name })),
    };
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    l: Lang,
    row: StoredFirstLineRow,
    given: { values: FormValues; problems: FieldProblem[]; status: number } | null,
  ) {
    const f = await frame(request, reply);
    const n = await named();
    const topic = n.topics.find((t) => t.code === row.topic);
    const form: FormModel = {
      lang: l,
      values: given?.values ?? valuesOf(row),
      problems: given?.problems ?? [],
    };
    reply.header('cache-control', 'no-store');
    return reply
      .status(given?.status ?? 200)
      .type(html)
      .send(
        renderPage(
          createElement(FirstLineEditPage, {
            lang: l,
            ...f,
            row,
            topicName: topic?.name ?? { fi: row.topic },
            form,
            version: row.version,
            serviceTypes: n.serviceTypes,
            changedBy: await firstLineEditorName(db, row.updatedBy),
          }),
        ),
      );
  }

  async function existingRow(regionId: string, params: { topic: string; band: string }) {
    const { topic, band } = rowOf(params);
    const row = await regionFirstLineRow(db, regionId, topic, band);
    if (!row) throw new AppError('http.not_found', 404);
    return row;
  }

  typed.get(
    `/:lang${FIRST_LINE_PATH}`,
    { schema: { ...hidden, params: langParam, querystring: listQuery }, ...admins },
    async (request, reply) => {
      const l = lang(request.params);
      const f = await frame(request, reply);
      const rows = await regionFirstLineRows(db, f.actor.regionId);
      const flash = request.query.done === 'saved' ? translations(l).matching.firstLine.saved : undefined;
      reply.header('cache-control', 'no-store');
      return reply
        .type(html)
        .send(renderPage(createElement(FirstLinePage, { lang: l, ...f, rows, ...(await named()), flash })));
    },
  );

  typed.get(
    `/:lang${FIRST_LINE_PATH}/:topic/:band`,
    { schema: { ...hidden, params: rowParam }, ...admins },
    async (request, reply) => {
      const l = lang(request.params);
      const row = await existingRow(staffActor(request).regionId, request.params);
      return editPage(request, reply, l, row, null);
    },
  );

  typed.post(
    `/:lang${FIRST_LINE_PATH}/:topic/:band`,
    { schema: { ...hidden, params: rowParam }, config: formConfig, ...admins },
    async (request, reply) => {
      const l = lang(request.params);
      const actor = staffActor(request);
      // another topic or band, or none: "not found" before anything is read of the form
      const row = await existingRow(actor.regionId, request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const chosen = Object.fromEntries(
        COLUMNS.map((c) => [c, keepOrder(row[c], listOf(body, c))]),
      ) as Record<(typeof COLUMNS)[number], string[]>;
      const edit = {
        topic: row.topic,
        band: row.band,
        ...chosen,
        source: textOf(body, 'source').trim().slice(0, 1000),
      };
      const values = valuesOf(edit);
      const types = new Set((await named()).serviceTypes.map((s) => s.code));
      const problems: FieldProblem[] = checkRow(edit, types).map((p) => ({
        field: p.field,
        code: p.code,
        ...(p.params ? { params: p.params } : {}),
      }));
      // the edge leaves this form's texts to it (formConfig): a control or bidi character in the
      // source is a problem beside it, with what was written kept
      if (hasForbiddenCharacters(edit.source, { multiLine: true }) || BIDI.test(edit.source))
        problems.push({ field: 'source', code: 'first_line.bad_characters' });
      if (problems.length > 0) return editPage(request, reply, l, row, { values, problems, status: 400 });
      const version = Number(textOf(body, 'version'));
      const saved =
        Number.isInteger(version) && version > 0
          ? await saveFirstLineRow(db, actor.regionId, edit, version, actor.userId)
          : false;
      if (!saved) {
        const now = await existingRow(actor.regionId, request.params);
        return editPage(request, reply, l, now, {
          values: valuesOf(now),
          problems: [{ field: 'firstHelp', code: 'first_line.version_conflict' }],
          status: 409,
        });
      }
      return reply.redirect(`/${l}${FIRST_LINE_PATH}?done=saved#topic-${row.topic}`, 303);
    },
  );
}
