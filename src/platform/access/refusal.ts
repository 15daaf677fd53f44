/**
 * Refusals outside the doors: a route's role check (`staffOnly`), a page for clients only, a
 * record of another region. They answer "not found" like the doors do, and — like the doors —
 * leave an access-log row for the data-protection officer when the user is signed in, under
 * the actor's own region (and under the target's region as well when it is another one).
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { staffActorColumns } from './door.ts';
import { appendAccessLog } from './log.ts';

export type RefusalReason = 'role' | 'not_staff' | 'not_client' | 'other_region';

/** "Not found" for a user the route does not serve; logged by installRefusalLog. */
export class Refusal extends AppError {
  constructor(
    public readonly reason: RefusalReason,
    /** the region of the record refused, when it is known and not the actor's */
    public readonly targetRegionId: string | null = null,
  ) {
    super('http.not_found', 404);
  }
}

/** Writes the access-log rows of every Refusal thrown for a signed-in user. */
export function installRefusalLog(app: FastifyInstance, db: Kysely<DB>) {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof Refusal)) return;
    const route = `${request.method} ${request.routeOptions.url ?? 'unmatched'}`;
    await logRefusal(db, request.actor, route, error);
  });
}

export async function logRefusal(
  db: Kysely<DB>,
  actor: Actor,
  route: string,
  refusal: Refusal,
  now = new Date(),
) {
  if (actor.kind === 'anonymous') return;
  const regions = [actor.regionId, refusal.targetRegionId].filter(
    (r, i, all): r is string => r !== null && all.indexOf(r) === i,
  );
  await db.transaction().execute(async (trx) => {
    const who =
      actor.kind === 'staff'
        ? { ...(await staffActorColumns(trx, actor)), role: actor.roles.map((r) => r.role).join(',') || null }
        : {
            actorKind: 'client' as const,
            staffUserId: null,
            actorClientId: actor.clientId,
            actorName: actor.name,
            organizationId: null,
            organizationName: null,
            role: 'client',
          };
    for (const regionId of regions) {
      await appendAccessLog(
        trx,
        {
          ...who,
          regionId,
          clientId: null,
          action: 'denied',
          // the route's pattern, never the URL: a query string can hold a family's own words
          resourceType: 'route',
          resourceId: route,
          reason: `route refused (${refusal.reason})`,
          breakGlass: false,
          registryOrganizationId: null,
        },
        now,
      );
    }
  });
}
