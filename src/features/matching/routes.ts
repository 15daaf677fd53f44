/**
 * The matching API: POST /api/matching/suggestions, for a signed-in counsellor of the region.
 * The reasons come in the UI language (`?lang=` or Accept-Language), never the family's.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { LANGS } from '../../i18n/index.ts';
import { staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { requestLang } from '../../platform/http/server.ts';
import { CONTACTERS, DEFAULT_LIMIT, URGENCIES, WEIGHTS } from './matching.ts';
import { suggestionsFor } from './suggestions.ts';

const tags = ['Matching'];
const CODE = /^[A-Z0-9_]{2,60}$/;

export const situationSchema = z
  .object({
    municipality: z
      .string({ error: 'matching.unknown_municipality' })
      .regex(/^[0-9]{3}$/, { error: 'matching.unknown_municipality' })
      .describe("the family's home municipality, 3-digit code"),
    childAges: z
      .array(z.number().int().min(0).max(30))
      .max(10)
      .describe("the children's ages in years; a young person asking for themselves: their own age"),
    topics: z
      .array(z.string().regex(CODE, { error: 'matching.unknown_topic' }))
      .max(12)
      .describe('topic codes (data/seed/reference/topics.csv)'),
    language: z
      .string({ error: 'matching.invalid_language' })
      .regex(/^[a-z]{2,3}$/, { error: 'matching.invalid_language' })
      .describe("the family's language: fi, sv, en or another ISO 639 code"),
    urgency: z.enum(URGENCIES, { error: 'request.invalid_value' }),
    contacter: z.enum(CONTACTERS, { error: 'request.invalid_value' }),
    remote: z.boolean().describe('the family accepts or prefers remote service'),
    methods: z
      .array(z.string().regex(CODE, { error: 'matching.unknown_method' }))
      .max(16)
      .optional()
      .describe('method codes asked for (data/seed/reference/methods.csv)'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe(`how many suggestions (default ${DEFAULT_LIMIT})`),
  })
  .strict();

const parts = z
  .object(
    Object.fromEntries(Object.keys(WEIGHTS).map((k) => [k, z.number()])) as Record<
      keyof typeof WEIGHTS,
      z.ZodNumber
    >,
  )
  .describe('the points of each score part (docs/matching.md); score is their sum');

const suggestion = z.object({
  service: z.object({ id: z.string(), name: z.string() }),
  serviceType: z.string().describe('the main service-type code (data/seed/reference/service-types.csv)'),
  organisation: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  unit: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .describe('the unit that would receive the family'),
  municipality: z
    .object({ code: z.string(), name: z.string() })
    .nullable()
    .describe('where the family would go; null for a service without a place (phone, chat, e-service)'),
  distanceKm: z.number().nullable().describe('between the municipality centres; null when there is no place'),
  waitDays: z
    .number()
    .nullable()
    .describe('the current wait for a first appointment in working days; null: not known'),
  score: z.number(),
  parts,
  reasons: z.array(z.object({ code: z.string(), text: z.string() })),
});

export async function matchingRoutes(root: FastifyInstance, { db }: { db: Kysely<DB> }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/matching/suggestions',
    {
      preHandler: staffOnly('counsellor'),
      schema: {
        summary: 'Where would this family get the best help? Ranked services with the reasons (a counsellor)',
        description:
          "Services of the counsellor's region, best first, each with its score parts and the reasons in the UI language (?lang= or Accept-Language). " +
          'Urgent and emergency situations put the emergency and child-protection routes first; the best fitting service of the ' +
          "family's own municipality is always in the list. Unknown topic, method or municipality codes answer 400 naming each field.",
        tags,
        querystring: z.object({ lang: z.enum(LANGS).optional() }),
        body: situationSchema,
        response: { 200: z.object({ suggestions: z.array(suggestion) }) },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const { limit, ...situation } = request.body;
      const suggestions = await suggestionsFor(
        db,
        actor.regionId,
        situation,
        requestLang(request),
        new Date(),
        limit ?? DEFAULT_LIMIT,
      );
      return { suggestions };
    },
  );
}
