/**
 * A professional's consultation about an identified family (capability 7) carries the family's
 * consent to disclose from the professional's organisation (registry) to the region's family
 * counselling. The professional records how it was given (in writing or verbally), on which
 * day and their own reference; across registries it becomes the family's worker-recorded permit
 * here, in the one consent store, as the handoff form's agreement does (directives.ts). Within
 * one registry nothing is disclosed and nothing is recorded.
 *
 * Called inside the consultation's transaction, after the consultation's own door allowed the
 * create (the access-log row names the consultation); the family is a person without a contact
 * (named as the professional gave the name), so the family's pages do not list it until the
 * family is identified; the DPO's consent search does.
 */
import type { Transaction } from 'kysely';
import type { SideWrite } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { sha256, staffBy } from './checks.ts';
import { registriesOf } from './queries/contacts.ts';
import { insertDirective } from './queries/directives.ts';
import { disclosureEventWrite as disclosureEventInsert } from './queries/events.ts';
import { insertPerson } from './queries/persons.ts';

export interface ConsultationConsent {
  regionId: string;
  /** the family as the professional names it */
  familyName: string;
  /** the professional's organisation (the source registry) */
  sourceOrganizationId: string;
  /** the region's family counselling (the recipient) */
  recipientOrganizationId: string;
  kind: 'written' | 'verbal';
  /** the day the family gave it, YYYY-MM-DD */
  givenOn: string;
  /** the consent's last day, YYYY-MM-DD */
  validUntil: string;
  /** the professional's own reference (their document or record number) */
  reference: string | null;
  /** the words the family agreed to (their SHA-256 is kept) */
  noticeText: string;
}

/** Records the permit; its directive id, or null within one registry. */
export async function recordConsultationConsent(
  trx: Transaction<DB>,
  staff: StaffActor,
  consent: ConsultationConsent,
  now: Date,
): Promise<string | null> {
  const registries = await registriesOf(trx, [consent.sourceOrganizationId, consent.recipientOrganizationId]);
  const source = registries.get(consent.sourceOrganizationId);
  const recipient = registries.get(consent.recipientOrganizationId);
  if (source === undefined || recipient === undefined || source === recipient) return null;
  const personId = await insertPerson(trx, {
    regionId: consent.regionId,
    contactId: null,
    name: consent.familyName,
    birthDate: null,
    role: 'other',
    turvakielto: false,
    createdBy: staffBy(staff),
    at: now,
  });
  return insertDirective(trx, {
    regionId: consent.regionId,
    subjectPersonId: personId,
    decision: 'permit',
    grantorKind: 'self',
    grantorPersonId: personId,
    coGrantorPersonIds: [],
    status: 'active',
    sourceOrganizationIds: [consent.sourceOrganizationId],
    recipientOrganizationIds: [consent.recipientOrganizationId],
    recipientGuardians: false,
    categories: ['contact'],
    purposeCode: 'family_counselling',
    purposeText: 'consultation',
    validFrom: consent.givenOn,
    validUntil: consent.validUntil,
    channel: consent.kind === 'written' ? 'paper' : 'face_to_face',
    evidence: {
      identityCheck: 'known to the professional',
      toldHowToWithdraw: true,
      recordedByName: staff.name,
      givenAs: consent.kind,
      ...(consent.reference ? { reference: consent.reference } : {}),
    },
    noticeTextHash: sha256(consent.noticeText),
    needsConfirmation: false,
    recordedBy: staff.userId,
    at: now,
    requestId: null,
  });
}

/** A counsellor's read of an identified consultation across registries, as the door logs it. */
export interface ConsultationDisclosure {
  regionId: string;
  consultationId: string;
  /** the professional's organisation */
  sourceOrganizationId: string;
  /** the region's family counselling */
  recipientOrganizationId: string;
  directiveId: string;
  /** the permit is active and its last day not past */
  inForce: boolean;
  at: Date;
}

/**
 * The disclosure event of that read (the door writes it in the statement of the access-log
 * row: a policy's afterDecision returns it), for a refusal too: permitted on the family's
 * consent, or refused when the consent is withdrawn or has ended. The DPO's disclosure list
 * shows it beside the handoffs' crossings.
 */
export function consultationDisclosureWrite(staff: StaffActor, d: ConsultationDisclosure): SideWrite {
  return disclosureEventInsert(
    {
      region_id: d.regionId,
      actor_kind: 'staff',
      staff_user_id: staff.userId,
      role: staff.roles.map((r) => r.role).join(',') || null,
      source_organization_id: d.sourceOrganizationId,
      recipient_organization_id: d.recipientOrganizationId,
      contact_id: null,
      subject_person_id: null,
      items: ['contact'],
      decision: d.inForce ? 'permit' : 'deny',
      basis: d.inForce ? 'consent' : 'no_consent',
      directive_id: d.directiveId,
      statutory_disclosure_id: null,
      resource_type: 'consultation',
      resource_id: d.consultationId,
    },
    d.at,
  );
}
