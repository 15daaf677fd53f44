/**
 * What a contact and its record entries look like, validated at the edge. The public form and
 * the JSON API read the same schema (the form's fields are mapped to it first, see
 * formToContactInput), so a field is checked the same way wherever it comes from, and every
 * problem names its field and a translated code.
 */
import { z } from 'zod';
import type {
  Contacter,
  ContactOutcome,
  ReachTime,
  ReplyChannel,
  Safety,
  Urgency,
} from '../../platform/db/types.ts';
import { isEmailAddress } from '../../platform/email.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { zodProblems } from '../../platform/http/validation.ts';
import { hasForbiddenCharacters } from '../../platform/text.ts';

export const CONTACTERS = ['parent', 'young_person', 'professional'] as const satisfies readonly Contacter[];
export const REPLY_CHANNELS = ['phone', 'email', 'status_page'] as const satisfies readonly ReplyChannel[];
export const REACH_TIMES = ['any', 'morning', 'afternoon', 'evening'] as const satisfies readonly ReachTime[];
export const URGENCIES = ['normal', 'urgent', 'emergency'] as const satisfies readonly Urgency[];
export const SAFETY = ['none', 'violence', 'acute_danger'] as const satisfies readonly Safety[];
export const OUTCOMES = [
  'resolved_one_contact',
  'visits_booked',
  'guided_onward',
  'urgent_referral',
] as const satisfies readonly ContactOutcome[];
export const LAPSET_PUHEEKSI = ['held', 'offered', 'not_held', 'not_relevant'] as const;
export const SCREEN_ANSWERS = ['no', 'yes', 'unknown'] as const;

export const LIMITS = {
  message: 4000,
  name: 200,
  email: 254,
  phone: 30,
  children: 10,
  topics: 12,
  entryText: 8000,
  reason: 1000,
} as const;

export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

/** A text field: trimmed, without control characters, at most max characters. */
const text = (max: number) =>
  z
    .string({ error: 'contact.required' })
    // the edge's rule (platform/text.ts), here too so that the public form shows it in the form
    .refine((v) => !hasForbiddenCharacters(v, { multiLine: true }), { error: 'contact.control_characters' })
    .transform(cleanText)
    .refine((v) => v.length <= max, { error: 'request.too_long', params: { max } });

const optionalText = (max: number) =>
  text(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'request.invalid_value' });

export const contactInputSchema = z
  .object({
    idempotencyKey: z.uuid({ error: 'contact.idempotency_key_invalid' }),
    contacter: enumOf(CONTACTERS),
    municipality: z
      .string({ error: 'contact.municipality_unknown' })
      .regex(/^[0-9]{3}$/, { error: 'contact.municipality_unknown' })
      .optional()
      .nullable()
      .transform((v) => v ?? null),
    childAges: z
      .array(
        z
          .number({ error: 'contact.age_invalid' })
          .int({ error: 'contact.age_invalid' })
          .min(0, { error: 'contact.age_invalid' })
          .max(17, { error: 'contact.age_invalid' }),
        {
          error: 'contact.age_invalid',
        },
      )
      .max(LIMITS.children, { error: 'contact.too_many_children' })
      .default([]),
    topics: z
      .array(z.string({ error: 'request.invalid_value' }).max(60, { error: 'request.invalid_value' }), {
        error: 'request.invalid_value',
      })
      .max(LIMITS.topics, { error: 'request.invalid_value' })
      .default([]),
    message: text(LIMITS.message).refine((v) => v.length > 0, { error: 'contact.message_required' }),
    name: optionalText(LIMITS.name),
    replyChannel: enumOf(REPLY_CHANNELS),
    phone: optionalText(LIMITS.phone),
    email: optionalText(LIMITS.email),
    reachTime: enumOf(REACH_TIMES).default('any'),
    language: z.enum(['fi', 'sv', 'en'], { error: 'request.invalid_value' }),
    safety: enumOf(SAFETY).default('none'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.replyChannel === 'phone' && !v.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'contact.phone_required' });
    if (v.phone && !(PHONE.test(v.phone) && digitCount(v.phone) >= 6 && digitCount(v.phone) <= 15))
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'contact.phone_invalid' });
    if (v.replyChannel === 'email' && !v.email)
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'contact.email_required' });
    if (v.email && !isEmailAddress(v.email))
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'contact.email_invalid' });
  });

/** A counsellor logging a phone call or a walk-in also says how urgent it is. */
export const loggedContactInputSchema = z
  .object({
    channel: z.enum(['phone', 'walk_in'], { error: 'request.invalid_value' }),
    urgency: enumOf(URGENCIES).default('normal'),
  })
  .strict();

function digitCount(value: string): number {
  return value.replace(/[^0-9]/g, '').length;
}

export type ContactInput = z.output<typeof contactInputSchema>;

/** The urgency the family's answers signal: danger now is an emergency, violence is urgent. */
export function urgencyOf(safety: Safety): Urgency {
  return safety === 'acute_danger' ? 'emergency' : safety === 'violence' ? 'urgent' : 'normal';
}

// ---------------------------------------------------------------- record entries

export const mappingSchema = z
  .object({
    contacter: enumOf(CONTACTERS),
    familyDescription: optionalText(LIMITS.entryText),
    childAges: z
      .array(z.number().int().min(0).max(17), { error: 'contact.age_invalid' })
      .max(LIMITS.children, { error: 'contact.too_many_children' }),
    topics: z.array(z.string().max(60)).max(LIMITS.topics),
    safety: z
      .object({
        violence: enumOf(SCREEN_ANSWERS),
        childSafetyConcern: enumOf(SCREEN_ANSWERS),
        substanceUse: enumOf(SCREEN_ANSWERS),
        notes: optionalText(LIMITS.entryText),
      })
      .strict(),
    earlierServices: z.array(z.string().max(60)).max(30),
    earlierServicesNotes: optionalText(LIMITS.entryText),
    lapsetPuheeksi: enumOf(LAPSET_PUHEEKSI),
    notes: optionalText(LIMITS.entryText),
  })
  .strict();

export const adviceSchema = z
  .object({
    text: text(LIMITS.entryText).refine((v) => v.length > 0, { error: 'contact.required' }),
  })
  .strict();

export const messageSchema = z
  .object({
    text: text(LIMITS.message).refine((v) => v.length > 0, { error: 'contact.message_required' }),
  })
  .strict();

export const outcomeSchema = z
  .object({
    outcome: enumOf(OUTCOMES),
    targetServiceId: z.uuid({ error: 'contact.target_service_unknown' }).optional().nullable(),
    visits: z.number().int().min(1).max(3).optional().nullable(),
    note: optionalText(LIMITS.entryText),
    messageToFamily: optionalText(LIMITS.message),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.outcome === 'guided_onward' && !v.targetServiceId)
      ctx.addIssue({ code: 'custom', path: ['targetServiceId'], message: 'contact.target_service_required' });
    if (v.outcome === 'visits_booked' && !v.visits)
      ctx.addIssue({ code: 'custom', path: ['visits'], message: 'contact.visits_required' });
  });

export const correctionReasonSchema = text(LIMITS.reason).refine((v) => v.length > 0, {
  error: 'contact.reason_required',
});

export type MappingContent = z.output<typeof mappingSchema>;
export type OutcomeContent = z.output<typeof outcomeSchema>;

/** The schema of each correctable entry type's content. */
export const ENTRY_SCHEMAS = {
  mapping: mappingSchema,
  advice: adviceSchema,
  outcome: outcomeSchema,
} as const;

// ---------------------------------------------------------------- problems

/** zod issues → field problems with our error codes (the schemas name them as messages). */
export function problemsOf(error: z.ZodError): FieldProblem[] {
  return zodProblems(error);
}
