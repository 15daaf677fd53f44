/** What a handoff and each of its steps look like, validated at the edge. */
import { z } from 'zod';
import type { DeclineReason } from '../../platform/db/types.ts';

export const DECLINE_REASONS = [
  'not_our_service',
  'no_capacity',
  'outside_area',
  'needs_referral',
  'family_unreachable',
  'other',
] as const satisfies readonly DeclineReason[];

const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern is about control characters
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const text = (
  max: number,
  required: 'handoff.summary_required' | 'handoff.decline_reason_required' | 'contact.required',
) =>
  z
    .string({ error: required })
    .refine((v) => !CONTROL.test(v), { error: 'contact.control_characters' })
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .refine((v) => v.length > 0, { error: required })
    .refine((v) => v.length <= max, { error: 'request.too_long', params: { max } });

const version = z.number().int().min(1).optional();

export const handoffInputSchema = z
  .object({
    handoffId: z.uuid(),
    contactId: z.uuid(),
    targetServiceId: z.uuid({ error: 'handoff.target_unknown' }),
    targetUnitId: z.uuid({ error: 'handoff.target_unknown' }).nullable().optional(),
    summary: text(4000, 'handoff.summary_required'),
    familyAgreement: z.enum(['verbal', 'written'], { error: 'handoff.agreement_required' }),
    matchReasons: z
      .array(z.object({ code: z.string().max(60), text: z.string().max(300) }).strict())
      .max(20)
      .nullable()
      .optional(),
  })
  .strict();

export const transitionBodies = {
  accept: z.object({ version }).strict(),
  appointment: z
    .object({
      appointmentAt: z.coerce.date({ error: 'handoff.appointment_required' }),
      place: z.string().max(300).nullable().optional(),
      /** with whom the appointment is, shown to the family (optional) */
      with: z.string().max(200).nullable().optional(),
      version,
    })
    .strict(),
  'first-visit': z.object({ version }).strict(),
  complete: z.object({ version }).strict(),
  decline: z
    .object({
      reason: z.enum(DECLINE_REASONS, { error: 'handoff.decline_reason_required' }),
      text: text(2000, 'handoff.decline_reason_required'),
      version,
    })
    .strict(),
  cancel: z.object({ text: text(2000, 'contact.required'), version }).strict(),
} as const;
