import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../platform/db/types.ts';

/** Open Referral HSDS 3.0 API under /api/hsds. */
export async function hsdsRoutes(
  app: FastifyInstance,
  { publicUrl }: { db: Kysely<DB>; publicUrl: string | undefined },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/hsds/',
    {
      schema: {
        summary: 'Information about this API and its relationship with HSDS',
        tags: ['HSDS'],
        response: { 200: z.object({ version: z.string(), profile: z.string(), openapi_url: z.string() }) },
      },
    },
    async (request) => {
      const base = publicUrl ?? `${request.protocol}://${request.host}`;
      return {
        version: '3.0',
        profile: 'https://docs.openreferral.org/en/latest/hsds/profiles.html',
        openapi_url: `${base}/api/openapi.json`,
      };
    },
  );
}
