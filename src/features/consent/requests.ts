/**
 * Consent requests: the counsellor drafts one, the family sees it on the status page and
 * answers it (accept, narrow or decline) from there or signed in.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import { type StatusLinkHolder, withAccess } from '../../platform/access/door.ts';
import type { ClientActor, StaffActor } from '../../platform/auth/actor.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
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
import { joinPendingCoGrant } from './directives.ts';
import { type Category, type ConsentChannel, mayGrant, type PurposeCode, plainSentence } from './model.ts';
import { ofContact, record } from './policy.ts';
import type { ConsentContact } from './queries/contacts.ts';
import { insertDirective } from './queries/directives.ts';
import { ensureContacter, type PersonRow, personsOfClient, personsOfContact } from './queries/persons.ts';
import { answerRequestRow, insertRequest, requestById, requestsOfContact } from './queries/requests.ts';
import { orgNames, orgRef, type RequestView, requestView } from './views.ts';

export interface DraftRequest {
  subjectPersonIds: string[];
  recipientOrganizationIds: string[];
  categories: Category[];
  purposeCode: PurposeCode;
  purposeText: string;
  /** YYYY-MM-DD */
  validUntil: string;
  answerBy?: Date;
}

/** How long the family has to answer a request unless the counsellor says otherwise. */
export const REQUEST_ANSWER_DAYS = 14;

export async function draftConsentRequest(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: DraftRequest,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ requestId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('consent_request', contactId),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      checkScope(input);
      if (!isDate(input.validUntil)) throw invalid([{ field: 'validUntil', code: 'request.invalid_value' }]);
      if (input.validUntil < helsinkiDate(now))
        throw fieldError('consent.period_ends_before_start', 'validUntil');
      const answerBy = input.answerBy ?? new Date(now.getTime() + REQUEST_ANSWER_DAYS * 86_400_000);
      if (!(answerBy > now)) throw fieldError('consent.period_ends_before_start', 'answerBy');
      if (input.subjectPersonIds.length === 0) throw fieldError('consent.unknown_person', 'subjectPersonIds');
      for (const id of new Set(input.subjectPersonIds))
        await personOfContact(trx, contactId, id, 'subjectPersonIds');
      await checkRecipients(trx, contact, input.recipientOrganizationIds);
      const requestId = await insertRequest(trx, {
        regionId: contact.regionId,
        contactId,
        subjectPersonIds: [...new Set(input.subjectPersonIds)],
        requestedBy: staff.userId,
        sourceOrganizationId: contact.registryOrganizationId,
        recipientOrganizationIds: [...new Set(input.recipientOrganizationIds)],
        categories: [...new Set(input.categories)],
        purposeCode: input.purposeCode,
        purposeText: input.purposeText.trim(),
        validUntil: input.validUntil,
        answerBy,
        at: now,
      });
      return { requestId };
    },
    { now },
  );
}

/** The open requests of the status link's contact, for the family's status page. */
export async function requestsForStatusLink(
  db: Kysely<DB>,
  holder: StatusLinkHolder,
  { now = new Date() }: { now?: Date } = {},
): Promise<RequestView[]> {
  return withAccess(
    db,
    holder,
    'read',
    ofContact('consent_request', holder.contactId),
    async (trx) => {
      const persons = await personsOfContact(trx, holder.contactId);
      const requests = await requestsOfContact(trx, holder.contactId);
      const orgIds = [...new Set(requests.flatMap((r) => r.recipient_organization_ids))];
      const orgs = await orgNames(trx, orgIds);
      const names = new Map(persons.map((p) => [p.id, p.name]));
      return requests.map((r) => requestView(r, names, orgs, now)).filter((r) => r.state === 'requested');
    },
    { now },
  );
}

export interface RequestAnswer {
  answer: 'accept' | 'decline' | 'narrow';
  categories?: Category[];
  recipientOrganizationIds?: string[];
  validUntil?: string;
  /** the language the family read the request in (its sentence is what the evidence keeps) */
  lang?: Lang;
}

/**
 * The family answers a request: accept (a permit per subject, as asked), narrow (fewer
 * categories, fewer recipients, a shorter period) or decline. The one answering is the
 * contacter (status link) or the signed-in client's person; they must be entitled to give it
 * for every subject (themself, a child in their custody).
 */
export async function answerRequest(
  db: Kysely<DB>,
  actor: StatusLinkHolder | ClientActor,
  requestId: string,
  input: RequestAnswer,
  { now = new Date() }: { now?: Date } = {},
): Promise<'given' | 'declined'> {
  return withAccess(
    db,
    actor,
    'update',
    record('consent_request', requestId),
    async (trx) => {
      const request = await requestById(trx, requestId);
      if (!request) throw new AppError('consent.not_found', 404);
      if (request.state !== 'requested' || request.answer_by < now)
        throw new AppError('consent.request_not_open', 409);
      const channel: ConsentChannel = actor.kind === 'client' ? 'strong_identification' : 'status_link';
      if (input.answer === 'decline') {
        if (
          !(await answerRequestRow(trx, requestId, {
            state: 'declined',
            at: now,
            channel,
            directiveIds: [],
          }))
        )
          throw new AppError('consent.request_not_open', 409);
        return 'declined';
      }
      const categories =
        input.answer === 'narrow' && input.categories ? [...new Set(input.categories)] : request.categories;
      const recipients =
        input.answer === 'narrow' && input.recipientOrganizationIds
          ? [...new Set(input.recipientOrganizationIds)]
          : request.recipient_organization_ids;
      const validUntil =
        input.answer === 'narrow' && input.validUntil ? input.validUntil : request.valid_until;
      const problems: FieldProblem[] = [];
      if (categories.length === 0 || categories.some((c) => !request.categories.includes(c)))
        problems.push({ field: 'categories', code: 'request.invalid_value' });
      if (recipients.length === 0 || recipients.some((r) => !request.recipient_organization_ids.includes(r)))
        problems.push({ field: 'recipientOrganizationIds', code: 'request.invalid_value' });
      if (!isDate(validUntil) || validUntil > request.valid_until)
        problems.push({ field: 'validUntil', code: 'request.invalid_value' });
      if (problems.length > 0) throw invalid(problems);
      const today = helsinkiDate(now);
      if (validUntil < today) throw fieldError('consent.period_ends_before_start', 'validUntil');

      const contact = await requireContact(trx, request.contact_id);
      const grantor = await grantorOf(trx, actor, contact, now);
      const persons = await personsOfContact(trx, contact.id);
      const orgs = await orgNames(trx, recipients);
      const directiveIds: string[] = [];
      for (const subjectId of request.subject_person_ids) {
        const person = persons.find((p) => p.id === subjectId);
        if (!person) throw new AppError('consent.not_found', 404);
        const subject = await subjectOf(trx, person, today);
        const check = mayGrant(subject, grantor.id, categories, today);
        if (!check.ok) throw fieldError(check.code, 'subjectPersonIds');
        const until = check.lastDay && check.lastDay < validUntil ? check.lastDay : validUntil;
        const notice = plainSentence(
          {
            decision: 'permit',
            recipientNames: recipients.map((id) =>
              localized(orgRef(orgs, id).name, input.lang ?? contact.language),
            ),
            categories,
            subjectName: person.name,
            purposeCode: request.purpose_code,
            purposeText: request.purpose_text,
            validUntil: until,
          },
          input.lang ?? contact.language,
        );
        const pending = await joinPendingCoGrant(
          trx,
          subject.personId,
          grantor.id,
          categories,
          recipients,
          now,
        );
        if (pending) {
          directiveIds.push(pending);
          continue;
        }
        directiveIds.push(
          await insertDirective(trx, {
            regionId: contact.regionId,
            subjectPersonId: subjectId,
            decision: 'permit',
            grantorKind: check.grantorKind,
            grantorPersonId: grantor.id,
            coGrantorPersonIds: [],
            status: check.missingCoGrantors.length > 0 ? 'pending_co_grantors' : 'active',
            sourceOrganizationIds: [request.source_organization_id],
            recipientOrganizationIds: recipients,
            recipientGuardians: false,
            categories,
            purposeCode: request.purpose_code,
            purposeText: request.purpose_text,
            validFrom: today,
            validUntil: until,
            channel,
            evidence: {
              notice,
              ...(actor.kind === 'client' ? { clientId: actor.clientId } : { statusLink: true }),
              ...(check.missingCoGrantors.length > 0 ? { awaiting: check.missingCoGrantors } : {}),
            },
            noticeTextHash: sha256(notice),
            needsConfirmation: false,
            recordedBy: null,
            at: now,
            requestId,
          }),
        );
      }
      if (!(await answerRequestRow(trx, requestId, { state: 'given', at: now, channel, directiveIds })))
        throw new AppError('consent.request_not_open', 409);
      return 'given';
    },
    { now },
  );
}

const localized = (name: LocalizedText, lang: Lang) => name[lang] ?? name.fi;

/** Who answers: the contacter (status link), or the signed-in client's person in this contact. */
async function grantorOf(
  trx: Transaction<DB>,
  actor: StatusLinkHolder | ClientActor,
  contact: ConsentContact,
  now: Date,
): Promise<PersonRow> {
  if (actor.kind === 'client') {
    const mine = (await personsOfClient(trx, actor.clientId)).find((p) => p.contactId === contact.id);
    if (mine) return mine;
    if (contact.clientId !== actor.clientId) throw new AppError('consent.not_your_consent', 404);
  }
  return ensureContacter(trx, contact, actor.kind === 'client' ? 'client' : 'status_link', now);
}
