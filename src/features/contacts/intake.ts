/**
 * A contact comes in (capabilities 2 and 10): the family's public form, or a counsellor logging
 * a call or a visit. Through the door like every other write (the policy's 'contact' create,
 * basis public_intake; an anonymous sender is logged as 'public form'), with the contact's first
 * record entry, its event, the family's receipt and the duty alert in the same transaction.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { withAccess } from '../../platform/access/index.ts';
import { type Actor, hasRole, type StaffActor } from '../../platform/auth/actor.ts';
import type { DB, Urgency } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { notification } from '../../platform/events.ts';
import { enqueueAlong } from '../../platform/outbox.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { catalogueOptions } from '../catalogue/index.ts';
import { contactPointOf } from './contact-point.ts';
import { type ContactsDeps, nowOf } from './deps.ts';
import { alertOnDuty, dutyDaysFrom } from './duty.ts';
import { contactRef } from './policy.ts';
import { contactPromise, promiseRulesOf } from './promise.ts';
import { addEntryAlong, addEventAlong, contactByIdempotencyKey, insertContact } from './queries.ts';
import type { ContactInput } from './schema.ts';
import { urgencyOf } from './schema.ts';
import { CONTACT_EVENTS } from './state.ts';
import { statusPath, statusToken, tokenHash } from './status-link.ts';

export interface Submitted {
  contactId: string;
  reference: string;
  statusToken: string;
  respondBy: string;
  language: 'fi' | 'sv' | 'en';
  urgency: Urgency;
  safety: ContactInput['safety'];
  /** false when this was a retry of a contact already received */
  created: boolean;
}

/** How a contact came in: the public form, or a counsellor logging a call or a visit. */
export type Intake =
  | { channel: 'web' }
  | { channel: 'phone' | 'walk_in'; urgency: Urgency; staff: StaffActor };

/**
 * Receives a contact. Validated input only (schema.ts); the municipality and topics are checked
 * against the reference data here. The idempotency key makes a retry (double click, reload,
 * a network retry) answer with the same contact; the same key with other content is refused.
 */
export async function submitContact(
  deps: ContactsDeps,
  actor: Actor,
  input: ContactInput,
  intake: Intake = { channel: 'web' },
): Promise<Submitted> {
  const { db } = deps;
  await checkReferences(db, input);
  const staff = intake.channel === 'web' ? null : intake.staff;
  // a logged call or visit belongs to the counsellor's own region (also without a municipality)
  const region = await regionFor(db, input.municipality, deps.defaultRegionCode, staff?.regionId);
  // …and only a counsellor of that region's contact point logs one: it is assigned to them
  if (
    staff &&
    (staff.regionId !== region.id || !hasRole(staff, 'counsellor', region.contact_point_organization_id))
  )
    throw new AppError('http.not_found', 404);
  // a family on one region's address never sends to another region's municipality (issue 10,
  // finding 21): the form offers only the site's own, and a forged one is refused by name
  if (!staff && input.municipality && region.code !== deps.defaultRegionCode)
    throw new AppError('request.invalid', 400, {}, [
      { field: 'municipality', code: 'contact.municipality_unknown' },
    ]);
  const requestHash = hashOf({ ...input, idempotencyKey: undefined, channel: intake.channel });

  const now = nowOf(deps);
  const id = randomUUID();
  const token = statusToken(deps.statusKey, id);
  const urgency = intake.channel === 'web' ? urgencyOf(input.safety) : intake.urgency;
  // the promise by urgency (promise.ts); the roster only matters to urgent and emergency ones
  const promise = contactPromise({
    urgency,
    sentAt: now,
    rules: promiseRulesOf(region.contact_promise),
    normalWorkingDays: region.first_response_working_days,
    dutyDays: urgency === 'normal' ? new Set() : await dutyDaysFrom(db, region.id, helsinkiDate(now)),
  });
  const respondBy = promise.respondBy;
  const year = helsinkiDate(now).slice(0, 4);

  return withAccess(
    db,
    actor,
    'create',
    contactRef(id),
    async (trx, _decision, along) => {
      const inserted = await insertContact(trx, String(year), {
        id,
        region_id: region.id,
        registry_organization_id: region.contact_point_organization_id,
        client_id: actor.kind === 'client' ? actor.clientId : null,
        idempotency_key: input.idempotencyKey,
        request_hash: requestHash,
        status_token_hash: tokenHash(token),
        channel: intake.channel,
        contacter: input.contacter,
        municipality_code: input.municipality,
        child_ages: input.childAges,
        topics: input.topics,
        language: input.language,
        anonymous: !input.name,
        contact_name: input.name,
        reply_channel: input.replyChannel,
        phone: input.phone,
        email: input.email,
        reach_time: input.reachTime,
        urgency,
        safety: input.safety,
        state: staff ? 'assigned' : 'new',
        assigned_to: staff?.userId ?? null,
        assigned_at: staff ? now : null,
        received_at: now,
        respond_by: respondBy,
        logged_by: staff?.userId ?? null,
        updated_at: now,
      });
      if (!inserted) {
        // a retry (double click, reload, a network retry) answers with the contact it sent
        // (issue 11: inside the door, so a retry is logged like the intake itself); its key is
        // taken, so the insert wrote nothing (the reference number it drew is skipped)
        const existing = await contactByIdempotencyKey(trx, input.idempotencyKey);
        if (!existing) throw new AppError('contact.idempotency_key_reused', 409);
        return replayed(deps, existing, requestHash);
      }
      // the entry, the event, the e-mail and the queue's notification go in the access-log
      // row's statement (withAccess's along): one statement for all of them
      addEntryAlong(along, {
        id: randomUUID(),
        contactId: id,
        type: 'contact',
        serviceTask: region.contact_service_task,
        registry: region.contact_point_organization_id,
        content: {
          channel: intake.channel,
          contacter: input.contacter,
          municipality: input.municipality,
          childAges: input.childAges,
          topics: input.topics,
          message: input.message,
          safety: input.safety,
          urgency,
          replyChannel: input.replyChannel,
          reachTime: input.reachTime,
        },
        author: staff ? { kind: 'staff', staff } : { kind: 'family', name: input.name ?? 'anonymous' },
        at: now,
      });
      addEventAlong(along, id, now, 'received', null, staff ? 'assigned' : 'new', staff, null);
      if (input.email) {
        enqueueAlong(along, {
          channel: 'email',
          recipient: input.email,
          template: 'contact_received',
          language: input.language,
          params: {
            reference: inserted.reference,
            respondBy,
            statusUrl: `${deps.publicUrl}${statusPath(input.language, token)}`,
            urgency,
          },
        });
      }
      // a family's emergency alerts the counsellor on duty at once (a logged one has its counsellor)
      if (promise.alertDuty && !staff)
        await alertOnDuty(trx, {
          contactId: id,
          reference: inserted.reference,
          urgency,
          regionId: region.id,
          contactPointOrganizationId: region.contact_point_organization_id,
          publicUrl: deps.publicUrl,
          now,
          staffedNow: promise.staffedNow,
        });
      along.notify(notification(CONTACT_EVENTS, { type: 'received', contactId: id, regionId: region.id }));
      return {
        contactId: id,
        reference: inserted.reference,
        statusToken: token,
        respondBy,
        language: input.language,
        urgency,
        safety: input.safety,
        created: true,
      };
    },
    { now },
  );
}

/** The answer to a retry: the contact sent before, if the request is the same; else 409. */
function replayed(
  deps: ContactsDeps,
  existing: NonNullable<Awaited<ReturnType<typeof contactByIdempotencyKey>>>,
  requestHash: string,
): Submitted {
  if (existing.request_hash !== requestHash) throw new AppError('contact.idempotency_key_reused', 409);
  return {
    contactId: existing.id,
    reference: existing.reference,
    statusToken: statusToken(deps.statusKey, existing.id),
    respondBy: existing.respond_by,
    language: existing.language,
    urgency: existing.urgency,
    safety: existing.safety,
    created: false,
  };
}

async function checkReferences(db: Kysely<DB>, input: ContactInput): Promise<void> {
  const options = await catalogueOptions(db);
  const problems: FieldProblem[] = [];
  if (input.municipality && !options.municipalities.some((m) => m.code === input.municipality))
    problems.push({ field: 'municipality', code: 'contact.municipality_unknown' });
  for (const code of input.topics)
    if (!options.topics.some((t) => t.code === code))
      problems.push({ field: 'topics', code: 'contact.topic_unknown', params: { value: code.slice(0, 60) } });
  if (problems.length > 0) throw new AppError('request.invalid', 400, {}, problems);
}

const REGION_TTL_MS = 60_000;
const regionCache = new WeakMap<Kysely<DB>, Map<string, { at: number; region: Promise<ContactRegion> }>>();
type ContactRegion = Awaited<ReturnType<typeof readRegionFor>>;

/** The region of a contact: read once a minute per municipality (an intake does it every time). */
function regionFor(
  db: Kysely<DB>,
  municipality: string | null,
  defaultRegionCode: string,
  defaultRegionId?: string,
): Promise<ContactRegion> {
  let cache = regionCache.get(db);
  if (!cache) {
    cache = new Map();
    regionCache.set(db, cache);
  }
  const key = `${municipality ?? ''}/${defaultRegionId ?? ''}/${defaultRegionCode}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < REGION_TTL_MS) return hit.region;
  const region = readRegionFor(db, municipality, defaultRegionCode, defaultRegionId);
  cache.set(key, { at: Date.now(), region });
  region.catch(() => cache.delete(key));
  return region;
}

/** Forgets the cached regions (tests that change a region's promise). */
export function forgetContactRegions(db: Kysely<DB>): void {
  regionCache.delete(db);
}

async function readRegionFor(
  db: Kysely<DB>,
  municipality: string | null,
  defaultRegionCode: string,
  defaultRegionId?: string,
) {
  const query = db
    .selectFrom('region')
    .select([
      'region.id',
      'region.code',
      'first_response_working_days',
      contactPointOf(sql.ref('region.id'), sql.ref('region.contact_point_organization_id')).as(
        'contact_point_organization_id',
      ),
      'contact_service_task',
      'contact_promise',
    ]);
  const region = municipality
    ? await query
        .innerJoin('municipality', 'municipality.region_id', 'region.id')
        .where('municipality.code', '=', municipality)
        .executeTakeFirst()
    : defaultRegionId
      ? await query.where('region.id', '=', defaultRegionId).executeTakeFirst()
      : await query.where('region.code', '=', defaultRegionCode).executeTakeFirst();
  if (!region?.contact_point_organization_id) throw new AppError('contact.no_region_contact_point', 503);
  return { ...region, contact_point_organization_id: region.contact_point_organization_id };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
