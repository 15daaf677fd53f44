/**
 * Consents a worker records (phone, video, face to face, paper; a handoff's agreement), a
 * guardian's yes completing another's pending permit, and the status link's consents.
 */
import type { Kysely, Transaction } from 'kysely';
import { access, requirePermission, type StatusLinkHolder, withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import {
  checkRecipients,
  checkScope,
  fieldError,
  invalid,
  isDate,
  personOfContact,
  requireContact,
  sha256,
  subjectOf,
} from './checks.ts';
import {
  type Category,
  mayGrant,
  type PurposeCode,
  RECORDED_CHANNELS,
  type RecordedChannel,
} from './model.ts';
import { ofContact } from './policy.ts';
import { registriesOf } from './queries/contacts.ts';
import {
  type DirectiveRow,
  directivesOfSubjects,
  insertDirective,
  markSuperseded,
} from './queries/directives.ts';
import { ensureContacter, personsOfContact } from './queries/persons.ts';
import { type DirectiveView, directiveView, orgNames } from './views.ts';

/**
 * The consents of the status link's contact (its persons' directives, in force and ended), for
 * the family's status page: each in force with "withdraw". The link holder is the contacter,
 * so what a capable child has hidden from the guardians stays out, as on My consents.
 */
export async function consentsForStatusLink(
  db: Kysely<DB>,
  holder: StatusLinkHolder,
  { now = new Date() }: { now?: Date } = {},
): Promise<DirectiveView[]> {
  return withAccess(
    db,
    holder,
    'read',
    ofContact('consent_directive', holder.contactId),
    async (trx) => {
      const day = helsinkiDate(now);
      const persons = await personsOfContact(trx, holder.contactId);
      const directives = await directivesOfSubjects(
        trx,
        persons.map((p) => p.id),
      );
      const contacter = persons.find((p) => p.role === 'contacter');
      const hidden = (d: DirectiveRow) =>
        d.subject_person_id !== contacter?.id && d.grantor_kind === 'capable_minor' && d.recipient_guardians;
      const shown = directives.filter((d) => !hidden(d));
      const orgs = await orgNames(trx, [...new Set(shown.flatMap((d) => d.recipient_organization_ids))]);
      const names = new Map(persons.map((p) => [p.id, p.name]));
      return shown.map((d) => directiveView(d, names, orgs, day));
    },
    { now },
  );
}

/**
 * Joint custody: the second guardian's yes to the same scope completes the first guardian's
 * pending permit — a new version with both as grantors, active; the pending one is superseded.
 */
export async function joinPendingCoGrant(
  trx: Transaction<DB>,
  subjectId: string,
  grantorId: string,
  categories: readonly string[],
  recipients: readonly string[],
  now: Date,
): Promise<string | undefined> {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  const pending = (await directivesOfSubjects(trx, [subjectId])).find(
    (d) =>
      d.status === 'pending_co_grantors' &&
      d.decision === 'permit' &&
      d.grantor_person_id !== grantorId &&
      same(d.categories, categories) &&
      same(d.recipient_organization_ids, recipients) &&
      Array.isArray(d.evidence.awaiting) &&
      (d.evidence.awaiting as string[]).includes(grantorId),
  );
  if (!pending) return undefined;
  const awaiting = (pending.evidence.awaiting as string[]).filter((id) => id !== grantorId);
  await markSuperseded(trx, pending.id);
  return insertDirective(trx, {
    directiveKey: pending.directive_key,
    version: pending.version + 1,
    supersedesId: pending.id,
    regionId: pending.region_id,
    subjectPersonId: subjectId,
    decision: 'permit',
    grantorKind: pending.grantor_kind,
    grantorPersonId: pending.grantor_person_id,
    coGrantorPersonIds: [...pending.co_grantor_person_ids, grantorId],
    status: awaiting.length > 0 ? 'pending_co_grantors' : 'active',
    sourceOrganizationIds: pending.source_organization_ids,
    recipientOrganizationIds: pending.recipient_organization_ids,
    recipientGuardians: pending.recipient_guardians,
    categories: pending.categories,
    purposeCode: pending.purpose_code,
    purposeText: pending.purpose_text,
    validFrom: pending.valid_from,
    validUntil: pending.valid_until,
    channel: pending.channel,
    evidence: { ...pending.evidence, awaiting, coGrantedAt: now.toISOString() },
    noticeTextHash: pending.notice_text_hash,
    needsConfirmation: pending.needs_confirmation,
    recordedBy: pending.recorded_by,
    at: now,
    requestId: pending.request_id,
  });
}

export interface RecordedConsent {
  subjectPersonId: string;
  grantorPersonId: string;
  decision: 'permit' | 'deny';
  recipientOrganizationIds: string[];
  /** a deny to the subject's guardians (a capable minor's) */
  recipientGuardians?: boolean;
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  validFrom: string;
  validUntil: string;
  channel: RecordedChannel;
  /** how the worker checked who they spoke to */
  identityCheck: string;
  /** the exact text read or shown to the client; its SHA-256 is kept */
  noticeText: string;
  witness?: string;
  toldHowToWithdraw: boolean;
  paperSha256?: string;
  legalRepresentative?: boolean;
}

/** A consent given by phone, video, face to face or on paper: flagged for the client's confirmation. */
export async function recordConsent(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: RecordedConsent,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ directiveId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('consent_directive', contactId),
    (trx) => recordConsentIn(trx, staff, contactId, input, now),
    { now },
  );
}

/** recordConsent's work, in a transaction the door has already allowed. */
async function recordConsentIn(
  trx: Transaction<DB>,
  staff: StaffActor,
  contactId: string,
  input: RecordedConsent,
  now: Date,
): Promise<{ directiveId: string }> {
  const contact = await requireContact(trx, contactId);
  checkScope(input);
  const problems: FieldProblem[] = [];
  if (!(RECORDED_CHANNELS as readonly string[]).includes(input.channel))
    problems.push({ field: 'channel', code: 'request.invalid_value' });
  if (input.decision !== 'permit' && input.decision !== 'deny')
    problems.push({ field: 'decision', code: 'request.invalid_value' });
  if (input.identityCheck.trim().length === 0)
    problems.push({ field: 'identityCheck', code: 'request.invalid_value' });
  if (input.noticeText.trim().length === 0)
    problems.push({ field: 'noticeText', code: 'request.invalid_value' });
  if (input.toldHowToWithdraw !== true)
    problems.push({ field: 'toldHowToWithdraw', code: 'consent.told_how_to_withdraw' });
  if (input.paperSha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.paperSha256))
    problems.push({ field: 'paperSha256', code: 'request.invalid_value' });
  if (!isDate(input.validFrom)) problems.push({ field: 'validFrom', code: 'request.invalid_value' });
  if (!isDate(input.validUntil)) problems.push({ field: 'validUntil', code: 'request.invalid_value' });
  if (problems.length > 0) throw invalid(problems);
  if (input.validUntil < input.validFrom) throw fieldError('consent.period_ends_before_start', 'validUntil');
  const subjectPerson = await personOfContact(trx, contactId, input.subjectPersonId, 'subjectPersonId');
  await personOfContact(trx, contactId, input.grantorPersonId, 'grantorPersonId');
  const recipientGuardians = input.recipientGuardians === true;
  if (!(recipientGuardians && input.recipientOrganizationIds.length === 0))
    await checkRecipients(trx, contact, input.recipientOrganizationIds);
  const subject = await subjectOf(trx, subjectPerson, input.validFrom);
  const check = mayGrant(subject, input.grantorPersonId, input.categories, input.validFrom, {
    legalRepresentative: input.legalRepresentative === true,
  });
  if (!check.ok) throw fieldError(check.code, 'grantorPersonId');
  const validUntil = check.lastDay && check.lastDay < input.validUntil ? check.lastDay : input.validUntil;
  if (validUntil < input.validFrom) throw fieldError('consent.period_ends_before_start', 'validUntil');
  // a deny binds as soon as one guardian gives it; a permit under joint custody waits for all
  const pendingOthers = input.decision === 'permit' ? check.missingCoGrantors : [];
  const recipients = [...new Set(input.recipientOrganizationIds)];
  const joined =
    input.decision === 'permit'
      ? await joinPendingCoGrant(
          trx,
          subject.personId,
          input.grantorPersonId,
          input.categories,
          recipients,
          now,
        )
      : undefined;
  if (joined) return { directiveId: joined };
  const directiveId = await insertDirective(trx, {
    regionId: contact.regionId,
    subjectPersonId: subject.personId,
    decision: input.decision,
    grantorKind: check.grantorKind,
    grantorPersonId: input.grantorPersonId,
    coGrantorPersonIds: [],
    status: pendingOthers.length > 0 ? 'pending_co_grantors' : 'active',
    sourceOrganizationIds: [contact.registryOrganizationId],
    recipientOrganizationIds: recipients,
    recipientGuardians,
    categories: [...new Set(input.categories)],
    purposeCode: input.purposeCode,
    purposeText: input.purposeText.trim(),
    validFrom: input.validFrom,
    validUntil,
    channel: input.channel,
    evidence: {
      identityCheck: input.identityCheck.trim(),
      toldHowToWithdraw: true,
      recordedByName: staff.name,
      ...(input.witness?.trim() ? { witness: input.witness.trim() } : {}),
      ...(input.paperSha256 ? { paperSha256: input.paperSha256 } : {}),
      ...(pendingOthers.length > 0 ? { awaiting: pendingOthers } : {}),
    },
    noticeTextHash: sha256(input.noticeText),
    needsConfirmation: true,
    recordedBy: staff.userId,
    at: now,
    requestId: null,
  });
  return { directiveId };
}

/**
 * The family's agreement to a handoff, as the counsellor records it on the handoff form
 * (told by phone or face to face, or signed on paper), becomes the contacter's own consent
 * directive for the handoff summary to the receiving organisation, flagged for confirmation
 * at the family's next strong sign-in. Called inside the handoff's transaction, through the
 * door; within one registry nothing is disclosed and nothing is recorded.
 */
export async function recordHandoffAgreement(
  trx: Transaction<DB>,
  staff: StaffActor,
  agreement: {
    contactId: string;
    recipientOrganizationId: string;
    kind: 'verbal' | 'written';
    validUntil: string;
    noticeText: string;
  },
  now: Date,
): Promise<string | null> {
  const contact = await requireContact(trx, agreement.contactId);
  const registries = await registriesOf(trx, [
    contact.registryOrganizationId,
    agreement.recipientOrganizationId,
  ]);
  if (registries.get(contact.registryOrganizationId) === registries.get(agreement.recipientOrganizationId))
    return null;
  requirePermission(
    await access(trx, staff, 'create', ofContact('consent_directive', agreement.contactId), undefined, now),
    'consent_directive',
  );
  const contacter = await ensureContacter(trx, contact, staff.userId, now);
  const { directiveId } = await recordConsentIn(
    trx,
    staff,
    agreement.contactId,
    {
      subjectPersonId: contacter.id,
      grantorPersonId: contacter.id,
      decision: 'permit',
      recipientOrganizationIds: [agreement.recipientOrganizationId],
      categories: ['handoff_summary'],
      purposeCode: 'arranging_service',
      purposeText: '',
      validFrom: helsinkiDate(now),
      validUntil: agreement.validUntil,
      channel: agreement.kind === 'written' ? 'paper' : 'phone',
      identityCheck: 'handoff form',
      noticeText: agreement.noticeText,
      toldHowToWithdraw: true,
    },
    now,
  );
  return directiveId;
}
