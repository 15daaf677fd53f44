/**
 * The one door to client data (docs/security.md). Every read, list, search, export and write
 * of a client's data asks `access` (inside a transaction) or `withAccess` (which opens one):
 *
 *   1. the resource's policy, registered by its feature (definePolicy), loads the facts it
 *      needs (a facts loader) and decides (a pure function of actor, action, resource, facts);
 *   2. the door writes the access-log row in the same transaction — for a refusal too, so the
 *      data-protection officer sees what was tried;
 *   3. the decision comes back with its basis (role, care relationship, consent, statutory
 *      basis, break the glass), and a refusal answers "not found" to the user.
 *
 * Pages and navigation ask the same policies what a user may do (`can`, `permitted`): there
 * is no role check in a page. The door knows no feature: features register their policies
 * with it, as eVaka's Action.X with requirePermissionFor and Outline's server/policies do.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ErrorCode } from '../../i18n/index.ts';
import type { Actor, ClientActor, StaffActor, StaffRole } from '../auth/actor.ts';
import type { DB, LocalizedText } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { Notification } from '../events.ts';
import { type AccessLogEntry, appendAccessLog, type SideWrite } from './log.ts';

export type { SideWrite } from './log.ts';

/**
 * Whoever holds a contact's private status link: the family (or young person) who sent it,
 * without signing in. The link's token is checked before this actor is made.
 */
export interface StatusLinkHolder {
  kind: 'status_link';
  contactId: string;
}

/**
 * Whoever holds a private link to one record that is not their own (a meeting participant's
 * poll link): no account, no sign-in. The link's token is checked before this actor is made;
 * the policy of `linkType` decides what the holder of `holderId` may see (only what the link
 * names). The access log names them as 'private link (<linkType>)'.
 */
export interface PrivateLinkHolder {
  kind: 'private_link';
  /** what kind of link: the feature's word ('meeting_participant') */
  linkType: string;
  /** the record the link was given for (a meeting participant's id) */
  holderId: string;
}

/** The system itself, for a scheduled job that touches client data (handoff expiry). */
export interface SystemActor {
  kind: 'system';
  /** what the job is, as the log names it ('handoff expiry') */
  name: string;
  regionId: string | null;
}

/** Everyone who can come to the door. */
export type AccessActor = Actor | StatusLinkHolder | SystemActor;

/**
 * Everyone the door lets ask: also a private link's holder, whom only a policy that names the
 * link's type in its `linkTypes` is ever asked about (every other policy refuses them unasked).
 */
export type DoorActor = AccessActor | PrivateLinkHolder;

export type AccessAction = 'read' | 'create' | 'update' | 'delete' | 'export';

/** Why an access was allowed: the basis the log and the data-protection officer see. */
export type AccessBasis =
  | 'own_data'
  | 'status_link'
  | 'private_link'
  | 'public_intake'
  | 'role'
  | 'care_relationship'
  | 'consent'
  | 'statutory'
  | 'break_glass';

/** What is accessed: a resource type a feature registered, and its id (null: a list or a new one). */
export interface ResourceRef {
  type: string;
  id: string | null;
  /** for a new record or a list: the record it belongs to (a handoff's contact) */
  parentId?: string;
  /** a list's view, when the policy tells lists apart (a handoff inbox, my handoffs) */
  view?: string;
  /** emergency access without a care relationship (read only, with a reason) */
  breakGlass?: boolean;
}

export type Allowed = {
  allowed: true;
  /**
   * the role that allowed it ('client' for the client themself, 'public' for a link holder,
   * null for the system itself: a scheduled job has no role)
   */
  role: StaffRole | 'client' | 'public' | null;
  basis: AccessBasis;
  /** the feature's finer word for the access (a handoff's side, the contact-point team) */
  detail?: string;
  /** the consent directive or statutory disclosure that allowed a read across registries */
  basisId?: string;
  breakGlass?: boolean;
};

export type Denied = {
  allowed: false;
  /** a code for the log (other_region, no_care_relationship, consent_withdrawn, …) */
  reason: string;
  /** answer this instead of "not found" (a break-the-glass reason too short to log: 400) */
  error?: AppError;
};

export type AccessDecision = Allowed | Denied;

/** The record an access-log row names: whose data, in which region and registry. */
export interface LogTarget {
  regionId: string | null;
  clientId: string | null;
  registryOrganizationId: string | null;
  resourceId?: string | null;
}

/**
 * A feature's policy for its resource types: a facts loader and a pure decision. A: whom it
 * decides about — AccessActor, or DoorActor for a policy that also knows private links.
 */
export interface Policy<F = unknown, A extends DoorActor = AccessActor> {
  /** the resource types it answers for ('contact', 'contact_queue', …) */
  resources: readonly string[];
  /** what may be asked of them; anything else is refused without a question */
  actions: readonly AccessAction[];
  /** the error code a refusal answers with (e.g. 'contact.not_found') */
  notFound: ErrorCode;
  /**
   * resource types decided from the actor alone (a list's or a section's visibility): their
   * facts loader is not called, and pages may ask `permitted` about them without a database
   */
  factless?: readonly string[];
  /**
   * the private links (PrivateLinkHolder.linkType) this policy decides about; a holder of any
   * other link is refused without asking the policy
   */
  linkTypes?: readonly string[];
  /** now: the door's clock (a consent's period is judged on the day of the access) */
  facts(trx: Transaction<DB>, actor: A, action: AccessAction, resource: ResourceRef, now: Date): Promise<F>;
  /** facts is undefined for a factless resource type */
  decide(
    actor: A,
    action: AccessAction,
    resource: ResourceRef,
    facts: F | undefined,
    reason?: string,
  ): AccessDecision;
  /** what the log row names; by default the actor's region and nothing else */
  target?(facts: F | undefined, actor: A, resource: ResourceRef): LogTarget;
  /**
   * called after an allowed or refused decision, in the transaction; the writes it returns
   * (consent's disclosure event) go in the same statement as the access-log row
   */
  afterDecision?(
    trx: Transaction<DB>,
    actor: A,
    action: AccessAction,
    resource: ResourceRef,
    facts: F | undefined,
    decision: AccessDecision,
    now: Date,
  ): Promise<readonly SideWrite[] | undefined>;
}

const policies = new Map<string, Policy<never, DoorActor>>();

/** Registers a feature's policy; each resource type has exactly one. Returns the policy. */
export function definePolicy<F, A extends DoorActor = AccessActor>(policy: Policy<F, A>): Policy<F, A> {
  for (const type of policy.resources) {
    const existing = policies.get(type);
    if (existing && existing !== (policy as unknown)) {
      throw new Error(`the resource type ${type} already has a policy`);
    }
    policies.set(type, policy as unknown as Policy<never, DoorActor>);
  }
  return policy;
}

/** The registered resource types and their actions (the authorization overview, tests). */
export function registeredPolicies(): { type: string; actions: readonly AccessAction[] }[] {
  return [...policies.entries()].map(([type, p]) => ({ type, actions: p.actions }));
}

function policyFor(type: string): Policy<unknown, DoorActor> {
  const policy = policies.get(type);
  if (!policy) throw new Error(`no policy is registered for the resource type ${type}`);
  return policy as unknown as Policy<unknown, DoorActor>;
}

/**
 * Asks the resource's policy and writes the access-log row in the caller's transaction,
 * for a refusal as well as an allowed access. Returns the decision; the caller decides what
 * a refusal means (requirePermission throws "not found" — but throwing inside the
 * transaction would roll the refusal's row back, so prefer withAccess for a single access).
 */
export async function access(
  trx: Transaction<DB>,
  actor: DoorActor,
  action: AccessAction,
  resource: ResourceRef,
  reason?: string,
  now = new Date(),
): Promise<AccessDecision> {
  const { decision, log } = await decideAndPrepare(trx, actor, action, resource, reason, now);
  await log();
  return decision;
}

/**
 * What the work of `withAccess` hands to the door to send with the access-log row's
 * statements, instead of a statement of its own each (an intake's record entry, event, outbox
 * row and notifications: three or four round trips fewer per contact). They run after the
 * work, in the same transaction, in the order given; nothing is sent when the work throws.
 */
export interface AlongLog {
  /** an insert that goes in the same statement as the log row */
  write(write: SideWrite): void;
  /** a notification (events.ts `notification`), delivered when the transaction commits */
  notify(notification: Notification): void;
}

/**
 * One access in its own transaction: decide, run the work, write the log row (last, so the
 * log chain's head stays locked only briefly), commit. A refusal commits its log row and
 * then answers "not found" (or the policy's own error).
 */
export async function withAccess<T>(
  db: Kysely<DB>,
  actor: DoorActor,
  action: AccessAction,
  resource: ResourceRef,
  work: (trx: Transaction<DB>, decision: Allowed, along: AlongLog) => Promise<T>,
  options: { reason?: string; now?: Date } = {},
): Promise<T> {
  const now = options.now ?? new Date();
  const outcome = await db.transaction().execute(async (trx) => {
    const { decision, log, policy } = await decideAndPrepare(
      trx,
      actor,
      action,
      resource,
      options.reason,
      now,
    );
    if (!decision.allowed) {
      await log();
      return { allowed: false as const, decision, policy };
    }
    const writes: SideWrite[] = [];
    const notifications: Notification[] = [];
    const result = await work(trx, decision, {
      write: (write) => writes.push(write),
      notify: (notification) => notifications.push(notification),
    });
    await log(writes, notifications);
    return { allowed: true as const, result };
  });
  if (outcome.allowed) return outcome.result;
  throw outcome.decision.error ?? new AppError(outcome.policy.notFound, 404);
}

/** Throws the policy's "not found" for a refusal that `access` returned inside a transaction. */
export function requirePermission(
  decision: AccessDecision,
  resourceType: string,
): asserts decision is Allowed {
  if (!decision.allowed) throw decision.error ?? new AppError(policyFor(resourceType).notFound, 404);
}

/**
 * What a user may do, for a page or the navigation to show or hide a button: the same
 * policy, without reading or writing client data and so without a log row.
 */
export async function can(
  db: Kysely<DB> | Transaction<DB>,
  actor: DoorActor,
  action: AccessAction,
  resource: ResourceRef,
): Promise<boolean> {
  const policy = policyFor(resource.type);
  if (!policy.actions.includes(action)) return false;
  if (actor.kind === 'private_link' && !policy.linkTypes?.includes(actor.linkType)) return false;
  if (policy.factless?.includes(resource.type))
    return policy.decide(actor, action, resource, undefined).allowed;
  const run = async (trx: Transaction<DB>) =>
    policy.decide(actor, action, resource, await policy.facts(trx, actor, action, resource, new Date()))
      .allowed;
  return 'isTransaction' in db && db.isTransaction
    ? run(db as Transaction<DB>)
    : (db as Kysely<DB>).transaction().execute(run);
}

/**
 * The same question for a list or a section, whose policy needs no facts from the database
 * (the navigation, a page's tabs): decided from the actor alone.
 */
export function permitted(actor: AccessActor, action: AccessAction, resource: ResourceRef): boolean {
  const policy = policyFor(resource.type);
  if (!policy.factless?.includes(resource.type)) {
    throw new Error(`${resource.type} needs facts from the database: ask can(), not permitted()`);
  }
  if (!policy.actions.includes(action)) return false;
  return policy.decide(actor, action, resource, undefined).allowed;
}

async function decideAndPrepare(
  trx: Transaction<DB>,
  actor: DoorActor,
  action: AccessAction,
  resource: ResourceRef,
  reason: string | undefined,
  now: Date,
) {
  const policy = policyFor(resource.type);
  const known =
    policy.actions.includes(action) &&
    (actor.kind !== 'private_link' || (policy.linkTypes?.includes(actor.linkType) ?? false));
  const facts =
    known && !policy.factless?.includes(resource.type)
      ? await policy.facts(trx, actor, action, resource, now)
      : undefined;
  const decision: AccessDecision = known
    ? policy.decide(actor, action, resource, facts, reason)
    : {
        allowed: false,
        reason: actor.kind === 'private_link' ? 'private_link_not_accepted' : 'action_not_allowed',
      };
  const sideWrites =
    (policy.afterDecision
      ? await policy.afterDecision(trx, actor, action, resource, facts, decision, now)
      : undefined) ?? [];
  const target: LogTarget = policy.target
    ? policy.target(facts, actor, resource)
    : {
        regionId: ownRegion(actor),
        clientId: actor.kind === 'client' ? actor.clientId : null,
        registryOrganizationId: null,
      };
  const log = async (along: readonly SideWrite[] = [], notifications: readonly Notification[] = []) => {
    const writes = [...sideWrites, ...along];
    // an anonymous visitor is nobody to log; the public intake logs as 'public form'
    if (actor.kind === 'anonymous' && !(decision.allowed && decision.basis === 'public_intake')) {
      for (const write of writes) await write(trx).execute();
      for (const n of notifications) await sql`SELECT pg_notify(${n.channel}, ${n.payload})`.execute(trx);
      return;
    }
    const base = {
      regionId: target.regionId ?? ownRegion(actor),
      clientId: target.clientId,
      resourceType: resource.type,
      resourceId: target.resourceId ?? resource.id ?? resource.parentId ?? null,
      registryOrganizationId: target.registryOrganizationId,
      ...(await actorColumns(trx, actor)),
    };
    if (decision.allowed) {
      await appendAccessLog(
        trx,
        {
          ...base,
          action,
          reason: reason?.trim() || null,
          breakGlass: decision.breakGlass === true,
          role: decision.role,
        },
        now,
        writes,
        notifications,
      );
      return;
    }
    await appendDenial(
      trx,
      actor,
      {
        ...base,
        action: 'denied',
        reason: [`${action} refused (${decision.reason})`, reason?.trim()].filter(Boolean).join(': '),
        breakGlass: false,
        role: actor.kind === 'staff' ? actor.roles.map((r) => r.role).join(',') || null : null,
      },
      now,
      sideWrites,
    );
  };
  return { decision, log, policy };
}

function ownRegion(actor: DoorActor): string | null {
  return actor.kind === 'staff' || actor.kind === 'client' || actor.kind === 'system' ? actor.regionId : null;
}

/**
 * A refusal's row goes to the target's region, and — when the actor belongs to another one —
 * also to the actor's own, whose data-protection officer must see what their users tried.
 * That copy does not name the other region's client.
 */
export async function appendDenial(
  trx: Transaction<DB>,
  actor: DoorActor,
  entry: AccessLogEntry,
  now: Date,
  sideWrites: readonly SideWrite[] = [],
) {
  await appendAccessLog(trx, entry, now, sideWrites);
  const own = ownRegion(actor);
  if (own !== null && entry.regionId !== own) {
    await appendAccessLog(
      trx,
      { ...entry, regionId: own, clientId: null, registryOrganizationId: null },
      now,
    );
  }
}

/** Who the log names: staff by name and organisation, a client by name, others by their way in. */
export async function actorColumns(trx: Transaction<DB>, actor: DoorActor) {
  // the organisation's name is read by the statement that appends the row (log.ts)
  if (actor.kind === 'staff') return { ...(await staffActorColumns(trx, actor, false)) };
  if (actor.kind === 'client') return clientActorColumns(actor);
  if (actor.kind === 'system') {
    return {
      actorKind: 'system' as const,
      staffUserId: null,
      actorClientId: null,
      actorName: actor.name,
      organizationId: null,
      organizationName: null,
    };
  }
  return {
    actorKind: 'public' as const,
    staffUserId: null,
    actorClientId: null,
    actorName:
      actor.kind === 'status_link'
        ? 'status link'
        : actor.kind === 'private_link'
          ? `private link (${actor.linkType})`
          : 'public form',
    organizationId: null,
    organizationName: null,
  };
}

function clientActorColumns(actor: ClientActor) {
  return {
    actorKind: 'client' as const,
    staffUserId: null,
    actorClientId: actor.clientId,
    actorName: actor.name,
    organizationId: null,
    organizationName: null,
  };
}

/** Who a staff actor is, as the log keeps it: their name and organisation at the time. */
export async function staffActorColumns(trx: Transaction<DB>, actor: StaffActor, readName = true) {
  if (!readName) {
    return {
      actorKind: 'staff' as const,
      staffUserId: actor.userId,
      actorClientId: null,
      actorName: actor.name,
      organizationId: actor.organizationId,
      organizationName: undefined,
    };
  }
  const organization = await trx
    .selectFrom('organization')
    .select('name')
    .where('id', '=', actor.organizationId)
    .executeTakeFirst();
  return {
    actorKind: 'staff' as const,
    staffUserId: actor.userId,
    actorClientId: null,
    actorName: actor.name,
    organizationId: actor.organizationId,
    organizationName: organization ? (organization.name as LocalizedText).fi : null,
  };
}
