/**
 * The feedback API: the family's answer under its status link (POST /api/feedback/status/:token:
 * 201; a second answer for the same contact 409 feedback.already_given, an open contact 409
 * feedback.not_closed, bad input 400 with each field's code) and the managers' comments
 * (GET /api/feedback/comments?from=YYYY-MM&to=YYYY-MM&page=N).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor, staffOnly } from '../../platform/auth/guard.ts';
import { badRequest } from '../../platform/errors.ts';
import { type FeedbackDeps, giveFeedback, readComments } from './feedback.ts';
import { COMMENT_MAX, GOT_HELP, parseAnswer, parsePeriod } from './model.ts';
import { COMMENTS_READ } from './policy.ts';

const tags = ['Feedback'];

export async function feedbackApiRoutes(root: FastifyInstance, { deps }: { deps: FeedbackDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/feedback/status/:token',
    {
      // the model takes control and bidi characters out of the comment instead of refusing it
      config: { rateLimit: app.rateLimits.publicPost, inputRule: 'form' },
      schema: {
        summary: "The family's anonymous feedback on its closed contact (one answer per contact)",
        tags,
        params: z.object({ token: z.string().max(100) }),
        // the model checks the values, so that every problem comes back with its field's code
        body: z.object({
          gotHelp: z
            .string()
            .max(20)
            .optional()
            .describe(`one of ${GOT_HELP.join(', ')} (required)`),
          ease: z.union([z.number(), z.null()]).optional().describe('how easy it was to reach us, 1–5'),
          comment: z
            .union([z.string(), z.null()])
            .optional()
            .describe(`free text, at most ${COMMENT_MAX} characters; no names or identity codes`),
          language: z
            .enum(['fi', 'sv', 'en'])
            .optional()
            .describe("the form's language (default: the contact's)"),
          plainLanguage: z.boolean().optional().describe('answered on the plain-language Finnish form'),
        }),
        response: { 201: z.object({ saved: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const parsed = parseAnswer(request.body);
      if (!parsed.ok) throw badRequest(parsed.problems);
      await giveFeedback(deps, request.params.token, parsed.value, {
        language: request.body.language,
        plain: request.body.plainLanguage === true,
      });
      reply.code(201);
      return { saved: true as const };
    },
  );

  app.get(
    '/api/feedback/comments',
    {
      preHandler: staffOnly(COMMENTS_READ),
      schema: {
        summary:
          "The region's free-text feedback, newest month first (50 a page), each with its month and got-help answer only",
        tags,
        querystring: z.object({
          from: z.string().max(20).optional().describe('YYYY-MM, the first month (inclusive)'),
          to: z.string().max(20).optional().describe('YYYY-MM, the last month (inclusive)'),
          page: z.coerce.number().int().min(1).max(100_000).optional(),
        }),
        response: {
          200: z.object({
            comments: z.array(
              z.object({
                month: z.string().describe('YYYY-MM'),
                gotHelp: z.enum(GOT_HELP),
                comment: z.string(),
                language: z.enum(['fi', 'sv', 'en']),
              }),
            ),
            page: z.number(),
            pages: z.number(),
            total: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const period = parsePeriod(request.query);
      if (!period.ok) throw badRequest(period.problems);
      const result = await readComments(deps, staffActor(request), period.value, request.query.page ?? 1);
      return {
        comments: result.comments.map((c) => ({
          month: c.month.slice(0, 7),
          gotHelp: c.got_help,
          comment: c.comment,
          language: c.language,
        })),
        page: result.page,
        pages: result.pages,
        total: result.total,
      };
    },
  );
}
