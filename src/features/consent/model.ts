/**
 * Consent between registries, as pure rules (../shared/design/CONSENT.md): who may give a
 * consent for whom, and whether data may cross from one registry to another now. No database,
 * no clock: the facts and the instant are passed in, so the consent matrix tests every case.
 *
 * decideDisclosure, in order (fail-closed):
 *   1. the same registry → permit (not a disclosure; role and care relationship still apply);
 *   2. a valid statutory disclosure covering the recipient and every item → permit;
 *   3. a subject under a non-disclosure order (turvakielto) and an address item → deny;
 *   4. any active deny matching source × recipient × item × day → deny;
 *   5. for every subject a matching active permit from someone entitled to give it, and the
 *      reader has a current care relationship → permit; without the relationship → deny;
 *   6. otherwise → deny.
 */
import { format, type Lang, translations } from '../../i18n/index.ts';
import { helsinkiDate } from '../../platform/working-days.ts';

/** What may cross: the data categories a consent names. */
export const CATEGORIES = [
  'contact',
  'mapping',
  'record_entries',
  'handoff_summary',
  'meeting_agreements',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Items no consent lets cross when the person has a non-disclosure order for personal safety
 * (turvakielto, väestötietojärjestelmälaki 36 §): where they live.
 */
export const PROTECTED_ITEMS = ['address', 'municipality'] as const;
export type ProtectedItem = (typeof PROTECTED_ITEMS)[number];
export type DisclosureItem = Category | ProtectedItem;

export const PURPOSES = ['arranging_service', 'family_counselling', 'co_work', 'meeting', 'other'] as const;
export type PurposeCode = (typeof PURPOSES)[number];

export const GRANTOR_KINDS = ['self', 'guardian', 'legal_representative', 'capable_minor'] as const;
export type GrantorKind = (typeof GRANTOR_KINDS)[number];

export const DIRECTIVE_STATUSES = [
  'active',
  'pending_co_grantors',
  'withdrawn',
  'superseded',
  'suspended',
] as const;
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];

export const CHANNELS = [
  'strong_identification',
  'status_link',
  'face_to_face',
  'phone',
  'video',
  'paper',
] as const;
export type ConsentChannel = (typeof CHANNELS)[number];
/** The channels a worker records a consent through (the others are the client's own). */
export const RECORDED_CHANNELS = ['face_to_face', 'phone', 'video', 'paper'] as const;
export type RecordedChannel = (typeof RECORDED_CHANNELS)[number];

export const STATUTORY_BASES = [
  'lsl_25',
  'lsl_25a',
  'shl_35',
  'right_to_information',
  'emergency',
  'break_glass',
] as const;
export type StatutoryBasis = (typeof STATUTORY_BASES)[number];

/** A statutory disclosure is time-boxed: at most this many days. */
export const STATUTORY_MAX_DAYS = 30;
/** …and says why in at least this many characters. */
export const JUSTIFICATION_MIN = 20;
/** Prompt for a capacity assessment from this age (a product heuristic, not law). */
export const CAPACITY_PROMPT_AGE = 12;
export const ADULT_AGE = 18;

export type Custody = 'joint' | 'sole' | 'task_split';

/** A guardian of the subject, as recorded (population register, court, a worker). */
export interface GuardianFacts {
  personId: string;
  custody: Custody;
  decisionRights: boolean;
  /** a task split: the categories this guardian decides alone */
  scope: readonly string[];
  /** YYYY-MM-DD */
  validFrom: string;
  validTo: string | null;
}

/** One directive (a version), with its source and recipients as registry ids. */
export interface DirectiveFacts {
  id: string;
  decision: 'permit' | 'deny';
  grantorKind: GrantorKind;
  grantorPersonId: string;
  coGrantorPersonIds: readonly string[];
  status: DirectiveStatus;
  sourceRegistryIds: readonly string[];
  recipientRegistryIds: readonly string[];
  /** a deny (a minor's) or permit to the subject's guardians */
  recipientGuardians: boolean;
  categories: readonly string[];
  /** YYYY-MM-DD, both inclusive */
  validFrom: string;
  validUntil: string;
}

/** A statutory disclosure covering this subject (or the whole contact). */
export interface StatutoryFacts {
  id: string;
  recipientRegistryId: string;
  items: readonly string[];
  disclosedAt: Date;
  validUntil: Date;
}

export interface SubjectFacts {
  personId: string;
  /** YYYY-MM-DD; null: not known (an adult, unless guardians are recorded) */
  birthDate: string | null;
  turvakielto?: boolean;
  directives: readonly DirectiveFacts[];
  statutory: readonly StatutoryFacts[];
  /** the categories a current capacity assessment found the minor capable of deciding */
  capableFor: readonly string[];
  guardians: readonly GuardianFacts[];
}

export interface DisclosureInput {
  sourceRegistryId: string;
  recipientRegistryId: string;
  /** the reader is the subject's guardian (a minor's deny to the guardians applies) */
  recipientIsGuardian?: boolean;
  categories: readonly DisclosureItem[];
  at: Date;
  /** the reader has a current care relationship with the family */
  careRelationship: boolean;
  subjects: readonly SubjectFacts[];
  /** statutory disclosures of the whole contact (no one subject named): they cover every subject */
  statutory?: readonly StatutoryFacts[];
}

export type DisclosureBasis =
  | 'same_registry'
  | 'statutory'
  | 'consent'
  | 'deny_directive'
  | 'no_consent'
  | 'no_care_relationship'
  | 'turvakielto';

export type DisclosureDecision =
  | {
      decision: 'permit';
      basis: 'same_registry' | 'statutory' | 'consent';
      /** the permits that allowed it (consent) */
      directiveIds: string[];
      statutoryDisclosureId?: string;
    }
  | {
      decision: 'deny';
      basis: 'deny_directive' | 'no_consent' | 'no_care_relationship' | 'turvakielto';
      /** the deny that decided it, or the permits that would have (no care relationship) */
      directiveIds: string[];
      /** the subject the refusal is about */
      subjectPersonId?: string;
    };

// ---------------------------------------------------------------- dates

/** YYYY-MM-DD plus or minus whole days (calendar arithmetic in UTC, no time of day). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The 18th birthday (29 February → 1 March in a common year, as the Finnish practice has it). */
export function adulthoodDate(birthDate: string): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const candidate = new Date(Date.UTC(y + ADULT_AGE, m - 1, d));
  return candidate.toISOString().slice(0, 10);
}

/** The last day a guardian-given consent may run: the day before the 18th birthday. */
export function guardianConsentLastDay(birthDate: string): string {
  return addDays(adulthoodDate(birthDate), -1);
}

/** Whether the person is a minor on the day: birth date known and under 18, or unknown with guardians. */
export function isMinorOn(subject: Pick<SubjectFacts, 'birthDate' | 'guardians'>, day: string): boolean {
  if (subject.birthDate === null) return subject.guardians.length > 0;
  return day < adulthoodDate(subject.birthDate);
}

/** Age in whole years on the day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// ---------------------------------------------------------------- who may give

/** The guardians in custody on the day with the right to decide. */
export function currentGuardians(subject: Pick<SubjectFacts, 'guardians'>, day: string): GuardianFacts[] {
  return subject.guardians.filter(
    (g) => g.decisionRights && g.validFrom <= day && (g.validTo === null || g.validTo >= day),
  );
}

/**
 * The guardians whose consent a category needs: under a task split the ones it names for that
 * category, otherwise every guardian with decision rights (joint custody: all of them).
 */
export function requiredGuardians(subject: Pick<SubjectFacts, 'guardians'>, category: string, day: string) {
  const current = currentGuardians(subject, day);
  const named = current.filter((g) => g.custody === 'task_split' && g.scope.includes(category));
  return (named.length > 0 ? named : current).map((g) => g.personId);
}

export type GrantCheck =
  | { ok: true; grantorKind: GrantorKind; missingCoGrantors: string[]; lastDay: string | null }
  | { ok: false; code: 'consent.no_custody' | 'consent.minor_capable_decides' };

/**
 * May this person give (or refuse) consent about the subject's data in these categories on
 * this day? An adult decides for themselves; a minor assessed capable decides for that scope
 * and the guardians then cannot; otherwise the guardians (joint custody: every guardian with
 * decision rights must agree — the ones missing are returned; a guardian-given consent ends
 * the day before the 18th birthday).
 */
export function mayGrant(
  subject: Pick<SubjectFacts, 'personId' | 'birthDate' | 'guardians' | 'capableFor'>,
  grantorPersonId: string,
  categories: readonly string[],
  day: string,
  { legalRepresentative = false }: { legalRepresentative?: boolean } = {},
): GrantCheck {
  const minor = isMinorOn(subject, day);
  if (grantorPersonId === subject.personId) {
    if (!minor) return { ok: true, grantorKind: 'self', missingCoGrantors: [], lastDay: null };
    if (categories.every((c) => subject.capableFor.includes(c)))
      return { ok: true, grantorKind: 'capable_minor', missingCoGrantors: [], lastDay: null };
    return { ok: false, code: 'consent.no_custody' };
  }
  if (!minor) {
    return legalRepresentative
      ? { ok: true, grantorKind: 'legal_representative', missingCoGrantors: [], lastDay: null }
      : { ok: false, code: 'consent.no_custody' };
  }
  if (categories.some((c) => subject.capableFor.includes(c)))
    return { ok: false, code: 'consent.minor_capable_decides' };
  const missing = new Set<string>();
  for (const category of categories) {
    const required = requiredGuardians(subject, category, day);
    if (!required.includes(grantorPersonId)) return { ok: false, code: 'consent.no_custody' };
    for (const id of required) if (id !== grantorPersonId) missing.add(id);
  }
  return {
    ok: true,
    grantorKind: 'guardian',
    missingCoGrantors: [...missing],
    lastDay: subject.birthDate ? guardianConsentLastDay(subject.birthDate) : null,
  };
}

// ---------------------------------------------------------------- the decision

function inForce(d: DirectiveFacts, day: string): boolean {
  return d.status === 'active' && d.validFrom <= day && day <= d.validUntil;
}

function reaches(d: DirectiveFacts, input: DisclosureInput): boolean {
  return (
    d.sourceRegistryIds.includes(input.sourceRegistryId) &&
    ((input.recipientIsGuardian === true && d.recipientGuardians) ||
      (input.recipientIsGuardian !== true && d.recipientRegistryIds.includes(input.recipientRegistryId)))
  );
}

function isGuardianOf(subject: SubjectFacts, personId: string, day: string): boolean {
  return currentGuardians(subject, day).some((g) => g.personId === personId);
}

/**
 * Does this deny bind for the category? The subject's own refusal always does (fail-closed); a
 * guardian's or representative's only where they decide: a guardian not for a capable minor's
 * scope, nor once the child is of age.
 */
function denyBinds(d: DirectiveFacts, subject: SubjectFacts, category: string, day: string): boolean {
  if (d.grantorPersonId === subject.personId) return true;
  if (d.grantorKind === 'legal_representative') return true;
  if (!isMinorOn(subject, day) || subject.capableFor.includes(category)) return false;
  return [d.grantorPersonId, ...d.coGrantorPersonIds].some((p) => isGuardianOf(subject, p, day));
}

/** Does this permit count for the category: was its grantor (with co-grantors) entitled to give it? */
function permitCounts(d: DirectiveFacts, subject: SubjectFacts, category: string, day: string): boolean {
  const minor = isMinorOn(subject, day);
  if (d.grantorPersonId === subject.personId) return !minor || subject.capableFor.includes(category);
  if (d.grantorKind === 'legal_representative') return !minor;
  if (d.grantorKind !== 'guardian' || !minor || subject.capableFor.includes(category)) return false;
  if (subject.birthDate !== null && day > guardianConsentLastDay(subject.birthDate)) return false;
  const given = new Set([d.grantorPersonId, ...d.coGrantorPersonIds]);
  const required = requiredGuardians(subject, category, day);
  return required.length > 0 && required.every((p) => given.has(p));
}

export function decideDisclosure(input: DisclosureInput): DisclosureDecision {
  if (input.recipientIsGuardian !== true && input.sourceRegistryId === input.recipientRegistryId) {
    return { decision: 'permit', basis: 'same_registry', directiveIds: [] };
  }
  const day = helsinkiDate(input.at);
  const items = input.categories;

  const statutory = statutoryCover(input);
  if (statutory)
    return { decision: 'permit', basis: 'statutory', directiveIds: [], statutoryDisclosureId: statutory };

  for (const subject of input.subjects) {
    if (subject.turvakielto && items.some((i) => (PROTECTED_ITEMS as readonly string[]).includes(i))) {
      return { decision: 'deny', basis: 'turvakielto', directiveIds: [], subjectPersonId: subject.personId };
    }
  }

  for (const subject of input.subjects) {
    const deny = subject.directives.find(
      (d) =>
        d.decision === 'deny' &&
        inForce(d, day) &&
        reaches(d, input) &&
        items.some((c) => d.categories.includes(c) && denyBinds(d, subject, c, day)),
    );
    if (deny)
      return {
        decision: 'deny',
        basis: 'deny_directive',
        directiveIds: [deny.id],
        subjectPersonId: subject.personId,
      };
  }

  const used = new Set<string>();
  for (const subject of input.subjects) {
    for (const category of items) {
      const permit = subject.directives.find(
        (d) =>
          d.decision === 'permit' &&
          inForce(d, day) &&
          reaches(d, input) &&
          d.categories.includes(category) &&
          permitCounts(d, subject, category, day),
      );
      if (!permit)
        return { decision: 'deny', basis: 'no_consent', directiveIds: [], subjectPersonId: subject.personId };
      used.add(permit.id);
    }
  }
  if (input.subjects.length === 0) return { decision: 'deny', basis: 'no_consent', directiveIds: [] };
  if (!input.careRelationship)
    return { decision: 'deny', basis: 'no_care_relationship', directiveIds: [...used] };
  return { decision: 'permit', basis: 'consent', directiveIds: [...used] };
}

/** A statutory disclosure in force for the recipient covering every item, for every subject. */
function statutoryCover(input: DisclosureInput): string | undefined {
  if (input.recipientIsGuardian === true) return undefined;
  const covers = (x: StatutoryFacts) =>
    x.recipientRegistryId === input.recipientRegistryId &&
    x.disclosedAt <= input.at &&
    input.at <= x.validUntil &&
    input.categories.every((c) => x.items.includes(c));
  const contactWide = (input.statutory ?? []).find(covers);
  if (contactWide) return contactWide.id;
  if (input.subjects.length === 0) return undefined;
  let found: string | undefined;
  for (const subject of input.subjects) {
    const s = subject.statutory.find(covers);
    if (!s) return undefined;
    found ??= s.id;
  }
  return found;
}

// ---------------------------------------------------------------- state and plain language

export type OrganisationConsentState =
  | 'same_registry'
  | 'given'
  | 'requested'
  | 'declined'
  | 'withdrawn'
  | 'expired'
  | 'none';

/** The state a staff panel shows for one recipient: the newest directive or request decides. */
export function directiveState(
  d: Pick<DirectiveFacts, 'status' | 'validFrom' | 'validUntil' | 'decision'>,
  day: string,
): 'given' | 'declined' | 'withdrawn' | 'expired' | 'pending' | 'superseded' | 'suspended' {
  if (d.status === 'withdrawn') return 'withdrawn';
  if (d.status === 'superseded') return 'superseded';
  if (d.status === 'suspended') return 'suspended';
  if (d.status === 'pending_co_grantors') return 'pending';
  if (d.validUntil < day) return 'expired';
  return d.decision === 'deny' ? 'declined' : 'given';
}

export interface SentenceParts {
  decision: 'permit' | 'deny';
  /** the recipients' names in the reader's language (guardians: the text says "your guardians") */
  recipientNames: readonly string[];
  recipientGuardians?: boolean;
  categories: readonly string[];
  subjectName: string;
  purposeCode: string;
  purposeText?: string | null;
  /** YYYY-MM-DD */
  validUntil: string;
}

/** 31.5.2027 from 2027-05-31. */
export function finnishDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d}.${m}.${y}`;
}

/** "a, b and c" in the language. */
function list(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/**
 * A consent in plain language: "Varkauden perheneuvola may see the mapping and the handoff
 * summary of Mikko's contact, for arranging family counselling, until 31.5.2027."
 */
export function plainSentence(parts: SentenceParts, lang: Lang): string {
  const t = translations(lang).consentModel;
  const recipients = [...parts.recipientNames];
  if (parts.recipientGuardians) recipients.push(t.guardians);
  const categories = parts.categories.map((c) => t.categories[c as Category] ?? c);
  const purpose =
    parts.purposeCode === 'other' && parts.purposeText
      ? format(t.purposeOther, { text: parts.purposeText })
      : (t.purposes[parts.purposeCode as PurposeCode] ?? parts.purposeText ?? '');
  const many = recipients.length > 1 || parts.recipientGuardians === true;
  const template =
    parts.decision === 'permit'
      ? many
        ? t.sentencePermitMany
        : t.sentencePermit
      : many
        ? t.sentenceDenyMany
        : t.sentenceDeny;
  const sentence = format(template, {
    recipients: list(recipients, t.and),
    categories: list(categories, t.and),
    subject: parts.subjectName,
    purpose,
    until: finnishDate(parts.validUntil),
  });
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
