/**
 * The consent services' shared checks and their coded errors (consent.no_custody,
 * consent.period_ends_before_start, consent.unknown_registry, consent.recipient_is_source, ...):
 * bad input changes nothing, the door's transaction rolls back.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { ErrorCode } from '../../i18n/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { CATEGORIES, PURPOSES, type SubjectFacts } from './model.ts';
import {
  type ConsentContact,
  contactForConsent,
  type OrganisationRow,
  organisationsByIds,
  registriesOf,
} from './queries/contacts.ts';
import { capableFor, guardiansOf, type PersonRow, personById } from './queries/persons.ts';

export const fieldError = (code: ErrorCode, field: string, params: Record<string, string | number> = {}) =>
  new AppError(code, 400, params, [{ field, code, params }]);

export function invalid(problems: FieldProblem[]): AppError {
  return new AppError('request.invalid', 400, {}, problems);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isDate = (v: unknown): v is string =>
  typeof v === 'string' &&
  DATE.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export function checkScope(input: {
  categories: readonly string[];
  purposeCode?: string;
  purposeText?: string;
}) {
  const problems: FieldProblem[] = [];
  if (
    input.categories.length === 0 ||
    input.categories.some((c) => !(CATEGORIES as readonly string[]).includes(c))
  )
    problems.push({ field: 'categories', code: 'request.invalid_value' });
  if (input.purposeCode !== undefined && !(PURPOSES as readonly string[]).includes(input.purposeCode))
    problems.push({ field: 'purposeCode', code: 'request.invalid_value' });
  if (input.purposeText !== undefined && input.purposeText.length > 500)
    problems.push({ field: 'purposeText', code: 'request.too_long', params: { max: 500 } });
  if (problems.length > 0) throw invalid(problems);
}

/** The recipients, each an organisation of the region and not the source's registry. */
export async function checkRecipients(
  trx: Transaction<DB>,
  contact: ConsentContact,
  ids: readonly string[],
): Promise<OrganisationRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw fieldError('consent.unknown_registry', 'recipientOrganizationIds');
  const orgs = (await organisationsByIds(trx, unique)).filter((o) => o.regionId === contact.regionId);
  if (orgs.length !== unique.length) throw fieldError('consent.unknown_registry', 'recipientOrganizationIds');
  const source = (await registriesOf(trx, [contact.registryOrganizationId])).get(
    contact.registryOrganizationId,
  );
  if (orgs.some((o) => o.registryId === (source ?? contact.registryOrganizationId)))
    throw fieldError('consent.recipient_is_source', 'recipientOrganizationIds');
  return orgs;
}

export async function requireContact(trx: Transaction<DB>, contactId: string) {
  const contact = await contactForConsent(trx, contactId);
  if (!contact) throw new AppError('consent.not_found', 404);
  return contact;
}

export async function personOfContact(
  trx: Transaction<DB>,
  contactId: string,
  personId: string,
  field: string,
) {
  const person = await personById(trx, personId);
  if (!person || person.contactId !== contactId) throw fieldError('consent.unknown_person', field);
  return person;
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const staffBy = (staff: StaffActor) => `staff:${staff.userId}`;

/** The facts decideDisclosure and mayGrant need about one person. */
export async function subjectOf(trx: Transaction<DB>, person: PersonRow, day: string): Promise<SubjectFacts> {
  const [guardians, capacity] = await Promise.all([
    guardiansOf(trx, [person.id]),
    capableFor(trx, [person.id], day),
  ]);
  return {
    personId: person.id,
    birthDate: person.birthDate,
    turvakielto: person.turvakielto,
    guardians: guardians.get(person.id) ?? [],
    capableFor: capacity.get(person.id) ?? [],
    directives: [],
    statutory: [],
  };
}
