/**
 * What the consent services return (views of persons, requests, directives, statutory
 * disclosures) and how a row becomes a view.
 */
import type { Transaction } from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import {
  type Category,
  type ConsentChannel,
  directiveState,
  type OrganisationConsentState,
  type PurposeCode,
  type StatutoryBasis,
} from './model.ts';
import { organisationsByIds } from './queries/contacts.ts';
import type { DirectiveRow } from './queries/directives.ts';
import type { PersonRow } from './queries/persons.ts';
import type { RequestRow } from './queries/requests.ts';
import type { statutoryOfContacts } from './queries/statutory.ts';

export interface PersonView {
  id: string;
  name: string;
  birthDate: string | null;
  role: PersonRow['role'];
  turvakielto: boolean;
  /** signed in strongly at least once (linked to a client) */
  identified: boolean;
  /** the persons this one is a guardian of */
  guardianOf: string[];
  /** the categories a current capacity assessment found the person capable of */
  capableFor: string[];
}

export interface OrganisationRef {
  id: string;
  name: LocalizedText;
}

export interface RequestView {
  id: string;
  state: 'requested' | 'given' | 'declined' | 'expired' | 'cancelled';
  subjects: { id: string; name: string }[];
  recipients: OrganisationRef[];
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  /** YYYY-MM-DD */
  validUntil: string;
  answerBy: Date;
  createdAt: Date;
  answeredAt: Date | null;
}

export interface DirectiveView {
  id: string;
  directiveKey: string;
  version: number;
  subject: { id: string; name: string };
  grantor: { id: string; name: string; kind: DirectiveRow['grantor_kind'] };
  decision: 'permit' | 'deny';
  status: DirectiveRow['status'];
  /** what a person sees: given, declined (a deny), withdrawn, expired, pending, superseded, suspended */
  state: ReturnType<typeof directiveState>;
  recipients: OrganisationRef[];
  recipientGuardians: boolean;
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  validFrom: string;
  validUntil: string;
  channel: ConsentChannel;
  needsConfirmation: boolean;
  recordedAt: Date;
  withdrawnAt: Date | null;
}

export interface StatutoryView {
  id: string;
  basis: StatutoryBasis;
  justification: string;
  items: string[];
  recipient: OrganisationRef;
  disclosedAt: Date;
  validUntil: Date;
  clientToldAt: Date | null;
  noticeDeferredReason: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

export interface OrganisationConsent {
  organizationId: string;
  name: LocalizedText;
  sameRegistry: boolean;
  state: OrganisationConsentState;
  directiveId?: string;
  validUntil?: string;
}

export interface ConsentPanel {
  reference: string;
  persons: PersonView[];
  organisations: OrganisationConsent[];
  requests: RequestView[];
  directives: DirectiveView[];
  statutory: StatutoryView[];
}

export async function orgNames(trx: Transaction<DB>, ids: string[]): Promise<Map<string, OrganisationRef>> {
  const rows = await organisationsByIds(trx, ids);
  return new Map(rows.map((o) => [o.id, { id: o.id, name: o.name }]));
}

export const orgRef = (orgs: Map<string, OrganisationRef>, id: string): OrganisationRef =>
  orgs.get(id) ?? { id, name: { fi: '–' } };

export function directiveView(
  d: DirectiveRow,
  names: Map<string, string>,
  orgs: Map<string, OrganisationRef>,
  day: string,
): DirectiveView {
  return {
    id: d.id,
    directiveKey: d.directive_key,
    version: d.version,
    subject: { id: d.subject_person_id, name: names.get(d.subject_person_id) ?? '' },
    grantor: { id: d.grantor_person_id, name: names.get(d.grantor_person_id) ?? '', kind: d.grantor_kind },
    decision: d.decision,
    status: d.status,
    state: directiveState(
      { status: d.status, validFrom: d.valid_from, validUntil: d.valid_until, decision: d.decision },
      day,
    ),
    recipients: d.recipient_organization_ids.map((id) => orgRef(orgs, id)),
    recipientGuardians: d.recipient_guardians,
    categories: d.categories as Category[],
    purposeCode: d.purpose_code as PurposeCode,
    purposeText: d.purpose_text,
    validFrom: d.valid_from,
    validUntil: d.valid_until,
    channel: d.channel,
    needsConfirmation: d.needs_confirmation,
    recordedAt: d.recorded_at,
    withdrawnAt: d.withdrawn_at,
  };
}

export function requestView(
  r: RequestRow,
  names: Map<string, string>,
  orgs: Map<string, OrganisationRef>,
  now: Date,
): RequestView {
  return {
    id: r.id,
    // an unanswered request past its answer-by time is expired, whether or not a job marked it
    state: r.state === 'requested' && r.answer_by < now ? 'expired' : r.state,
    subjects: r.subject_person_ids.map((id) => ({ id, name: names.get(id) ?? '' })),
    recipients: r.recipient_organization_ids.map((id) => orgRef(orgs, id)),
    categories: r.categories as Category[],
    purposeCode: r.purpose_code as PurposeCode,
    purposeText: r.purpose_text,
    validUntil: r.valid_until,
    answerBy: r.answer_by,
    createdAt: r.created_at,
    answeredAt: r.answered_at,
  };
}

export function statutoryView(
  s: Awaited<ReturnType<typeof statutoryOfContacts>>[number],
  orgs: Map<string, OrganisationRef>,
): StatutoryView {
  return {
    id: s.id,
    basis: s.basis,
    justification: s.justification,
    items: s.items,
    recipient: orgRef(orgs, s.recipient_organization_id),
    disclosedAt: s.disclosed_at,
    validUntil: s.valid_until,
    clientToldAt: s.client_told_at,
    noticeDeferredReason: s.notice_deferred_reason,
    reviewedAt: s.reviewed_at,
    reviewNote: s.review_note,
  };
}

/** A consent still in force (given, a refusal, or waiting for the other guardian): it may be withdrawn. */
export const inForce = (v: DirectiveView) =>
  v.state === 'given' || v.state === 'declined' || v.state === 'pending';
