/**
 * A contact's persons (with guardianship) and capacity assessments, as a counsellor records them.
 */
import type { Kysely } from 'kysely';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import {
  checkScope,
  fieldError,
  invalid,
  isDate,
  personOfContact,
  requireContact,
  staffBy,
} from './checks.ts';
import type { Category } from './model.ts';
import { ofContact } from './policy.ts';
import {
  ensureContacter,
  insertCapacity,
  insertGuardianship,
  insertPerson,
  personById,
} from './queries/persons.ts';

export interface NewPerson {
  name: string;
  birthDate?: string | null;
  role: 'child' | 'guardian' | 'other';
  /** a guardian: the children of the contact they have custody of */
  guardianOfPersonIds?: string[];
  /** a child: their guardians among the contact's persons (the contacter, say) */
  guardianPersonIds?: string[];
  custody?: 'joint' | 'sole' | 'task_split';
  turvakielto?: boolean;
}

export async function addPerson(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: NewPerson,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ personId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('consent_person', contactId),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      const name = input.name.trim();
      const problems: FieldProblem[] = [];
      if (name.length === 0) problems.push({ field: 'name', code: 'request.invalid_value' });
      if (name.length > 200) problems.push({ field: 'name', code: 'request.too_long', params: { max: 200 } });
      if (input.birthDate != null && (!isDate(input.birthDate) || input.birthDate > helsinkiDate(now)))
        problems.push({ field: 'birthDate', code: 'request.invalid_value' });
      if (!['child', 'guardian', 'other'].includes(input.role))
        problems.push({ field: 'role', code: 'request.invalid_value' });
      if (problems.length > 0) throw invalid(problems);
      await ensureContacter(trx, contact, staffBy(staff), now);
      const linked = [...(input.guardianOfPersonIds ?? []), ...(input.guardianPersonIds ?? [])];
      for (const id of linked) await personOfContact(trx, contactId, id, 'guardianOfPersonIds');
      const personId = await insertPerson(trx, {
        regionId: contact.regionId,
        contactId,
        name,
        birthDate: input.birthDate ?? null,
        role: input.role,
        turvakielto: input.turvakielto === true,
        createdBy: staffBy(staff),
        at: now,
      });
      const custody = input.custody ?? 'joint';
      const g = { custody, validFrom: helsinkiDate(now), recordedBy: staffBy(staff), at: now };
      for (const child of input.guardianOfPersonIds ?? [])
        await insertGuardianship(trx, { ...g, guardianPersonId: personId, childPersonId: child });
      for (const guardian of input.guardianPersonIds ?? [])
        await insertGuardianship(trx, { ...g, guardianPersonId: guardian, childPersonId: personId });
      return { personId };
    },
    { now },
  );
}

export interface CapacityInput {
  capable: boolean;
  categories: Category[];
  basis: string;
  /** YYYY-MM-DD */
  reviewDate: string | null;
}

export async function recordCapacity(
  db: Kysely<DB>,
  staff: StaffActor,
  personId: string,
  input: CapacityInput,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ assessmentId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    { type: 'capacity_assessment', id: null, parentId: personId },
    async (trx) => {
      const person = await personById(trx, personId);
      if (!person) throw new AppError('consent.not_found', 404);
      checkScope({ categories: input.categories });
      const problems: FieldProblem[] = [];
      if (input.basis.trim().length === 0) problems.push({ field: 'basis', code: 'request.invalid_value' });
      if (input.reviewDate !== null && !isDate(input.reviewDate))
        problems.push({ field: 'reviewDate', code: 'request.invalid_value' });
      if (problems.length > 0) throw invalid(problems);
      if (input.reviewDate !== null && input.reviewDate < helsinkiDate(now))
        throw fieldError('consent.period_ends_before_start', 'reviewDate');
      const assessmentId = await insertCapacity(trx, {
        personId,
        assessedBy: staff.userId,
        at: now,
        capable: input.capable,
        categories: [...new Set(input.categories)],
        basis: input.basis.trim(),
        reviewDate: input.reviewDate,
      });
      return { assessmentId };
    },
    { now },
  );
}
