import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { createSession, type SessionPolicy, setSessionCookie } from '../../platform/auth/session.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { demoSessionSubject, listDemoUsers } from './demo.ts';

const demoUser = z.object({
  username: z.string(),
  kind: z.enum(['staff', 'client']),
  name: z.string(),
  organization: z.string().nullable(),
  region: z.string(),
  roles: z.array(z.string()),
});

/**
 * Demo mode only (never registered with NODE_ENV=production): the demo users, and signing
 * one in without an identity provider.
 */
export async function devRoutes(
  app: FastifyInstance,
  { db, policy }: { db: Kysely<DB>; policy: SessionPolicy },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/dev/users',
    {
      schema: {
        summary: 'Demo mode: the demo users and their roles',
        tags: ['Demo mode'],
        response: { 200: z.array(demoUser) },
      },
    },
    async () => listDemoUsers(db),
  );
  typed.post(
    '/api/dev/session',
    {
      schema: {
        summary: 'Demo mode: sign a demo user in (sets the session cookie)',
        tags: ['Demo mode'],
        body: z.object({ username: z.string().min(1).max(60) }),
        response: { 200: z.object({ username: z.string(), kind: z.enum(['staff', 'client']) }) },
      },
    },
    async (request, reply) => {
      const subject = await demoSessionSubject(db, request.body.username);
      if (!subject) throw new AppError('auth.unknown_demo_user', 404, { username: request.body.username });
      const token = await createSession(db, subject);
      setSessionCookie(reply, token, policy);
      return { username: request.body.username, kind: subject.kind };
    },
  );
}
