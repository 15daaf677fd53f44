/**
 * Enforcement: may data of a contact cross from one registry to another now? Loads the facts,
 * decides with decideDisclosure, and writes the disclosure event (for a refusal too).
 */
import type { Transaction } from 'kysely';
import type { AccessActor, SideWrite } from '../../platform/access/door.ts';
import type { DB } from '../../platform/db/types.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import {
  type DisclosureDecision,
  type DisclosureInput,
  type DisclosureItem,
  decideDisclosure,
} from './model.ts';
import { contactForConsent } from './queries/contacts.ts';
import {
  disclosureEventWrite as disclosureEventInsert,
  insertDisclosureEvent,
  type NewDisclosureEvent,
} from './queries/events.ts';
import { disclosureFacts } from './queries/facts.ts';

export interface DisclosureQuestion {
  contactId: string;
  sourceOrganizationId: string;
  recipientOrganizationId: string;
  categories: DisclosureItem[];
  careRelationship: boolean;
  resourceType: string;
  resourceId: string | null;
  at: Date;
  recipientIsGuardian?: boolean;
  /** the contact's region, when the caller has it (one read less) */
  regionId?: string;
}

/**
 * What decideDisclosure needs to answer a question, loaded in the caller's transaction (a
 * policy's facts loader): the two registries, and — across registries — the contact's
 * subjects with their directives, guardians and capacity, and its statutory disclosures.
 */
export async function disclosureInput(
  trx: Transaction<DB>,
  question: DisclosureQuestion,
): Promise<DisclosureInput> {
  const facts = await disclosureFacts(trx, {
    contactId: question.contactId,
    sourceOrganizationId: question.sourceOrganizationId,
    recipientOrganizationId: question.recipientOrganizationId,
    recipientIsGuardian: question.recipientIsGuardian === true,
    day: helsinkiDate(question.at),
  });
  return {
    ...facts,
    categories: question.categories,
    at: question.at,
    careRelationship: question.careRelationship,
    ...(question.recipientIsGuardian ? { recipientIsGuardian: true } : {}),
  };
}

/** Writes the disclosure event of a decision (append-only; for a refusal too). */
export async function recordDisclosure(
  trx: Transaction<DB>,
  actor: AccessActor,
  question: DisclosureQuestion,
  decision: DisclosureDecision,
): Promise<void> {
  // the caller (a policy's facts) knows the region; otherwise the contact tells it
  const regionId =
    question.regionId !== undefined
      ? question.regionId
      : ((await contactForConsent(trx, question.contactId))?.regionId ?? null);
  await insertDisclosureEvent(trx, disclosureEventRow(actor, question, decision, regionId), question.at);
}

/**
 * The disclosure event of a decision as a write that the door puts in the same statement as
 * the access-log row (a policy's afterDecision returns it): one round trip less per read.
 */
export function disclosureEventWrite(
  actor: AccessActor,
  question: DisclosureQuestion & { regionId: string },
  decision: DisclosureDecision,
): SideWrite {
  return disclosureEventInsert(disclosureEventRow(actor, question, decision, question.regionId), question.at);
}

function disclosureEventRow(
  actor: AccessActor,
  question: DisclosureQuestion,
  decision: DisclosureDecision,
  regionId: string | null,
): NewDisclosureEvent {
  return {
    region_id: regionId,
    actor_kind: actor.kind === 'anonymous' || actor.kind === 'status_link' ? 'public' : actor.kind,
    staff_user_id: actor.kind === 'staff' ? actor.userId : null,
    role: actor.kind === 'staff' ? actor.roles.map((r) => r.role).join(',') || null : null,
    source_organization_id: question.sourceOrganizationId,
    recipient_organization_id: question.recipientOrganizationId,
    contact_id: regionId ? question.contactId : null,
    subject_person_id: decision.decision === 'deny' ? (decision.subjectPersonId ?? null) : null,
    items: [...question.categories],
    decision: decision.decision,
    basis: decision.basis,
    directive_id: decision.directiveIds[0] ?? null,
    statutory_disclosure_id: decision.decision === 'permit' ? (decision.statutoryDisclosureId ?? null) : null,
    resource_type: question.resourceType,
    resource_id: question.resourceId,
  };
}

/**
 * May data of the contact cross from the source's registry to the recipient's now? Decides
 * with decideDisclosure on facts loaded in the caller's transaction, and writes the
 * disclosure event — for a refusal too.
 */
export async function disclosureFor(
  trx: Transaction<DB>,
  actor: AccessActor,
  question: DisclosureQuestion,
): Promise<DisclosureDecision> {
  const decision = decideDisclosure(await disclosureInput(trx, question));
  await recordDisclosure(trx, actor, question, decision);
  return decision;
}
