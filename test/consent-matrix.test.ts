// The consent matrix (issue 11): every consent state × who gave it × where the data goes, with
// the exact decision and basis of decideDisclosure, then the edge cases of CONSENT.md (a capable
// minor's refusal to the guardians, joint custody, the 18th birthday, turvakielto) and who may
// give a consent at all — pure, the instant passed in. Last, the same matrix on a real database
// through disclosureFor, with the disclosure-event row each decision writes.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclosureFor } from '../src/features/consent/consent.ts';
import {
  addDays,
  type DirectiveFacts,
  type DisclosureInput,
  decideDisclosure,
  type GuardianFacts,
  mayGrant,
  plainSentence,
  type SubjectFacts,
} from '../src/features/consent/model.ts';
import { insertDirective, withdrawDirective } from '../src/features/consent/queries/directives.ts';
import { insertCapacity, insertGuardianship, insertPerson } from '../src/features/consent/queries/persons.ts';
import { insertRequest } from '../src/features/consent/queries/requests.ts';
import { insertStatutory } from '../src/features/consent/queries/statutory.ts';
import { staffUserId } from '../src/features/identity/demo.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
import { helsinkiDate } from '../src/platform/working-days.ts';
import { startTestApp, type TestApp } from './app.ts';
import { call, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const KUOPIO_FC = 'registry-region'; // the welfare region: the contact point's registry
const VARKAUS_FC = 'registry-varkaus'; // another registry (a municipality's, an NGO's)
const OTHER = 'registry-other';
const AT = new Date('2027-03-01T10:00:00Z');

const ADULT = 'person-adult';
const CHILD = 'person-child';
const G1 = 'person-mother';
const G2 = 'person-father';

const guardian = (
  personId: string,
  custody: GuardianFacts['custody'],
  scope: string[] = [],
): GuardianFacts => ({
  personId,
  custody,
  decisionRights: true,
  scope,
  validFrom: '2012-05-10',
  validTo: null,
});

let seq = 0;
function directive(over: Partial<DirectiveFacts> = {}): DirectiveFacts {
  seq += 1;
  return {
    id: `directive-${seq}`,
    decision: 'permit',
    grantorKind: 'self',
    grantorPersonId: ADULT,
    coGrantorPersonIds: [],
    status: 'active',
    sourceRegistryIds: [KUOPIO_FC],
    recipientRegistryIds: [VARKAUS_FC],
    recipientGuardians: false,
    categories: ['mapping', 'handoff_summary'],
    validFrom: '2027-01-01',
    validUntil: '2027-05-31',
    ...over,
  };
}

function subject(over: Partial<SubjectFacts> = {}): SubjectFacts {
  return {
    personId: ADULT,
    birthDate: '1985-06-01',
    directives: [],
    statutory: [],
    capableFor: [],
    guardians: [],
    ...over,
  };
}

function input(subjects: SubjectFacts[], over: Partial<DisclosureInput> = {}): DisclosureInput {
  return {
    sourceRegistryId: KUOPIO_FC,
    recipientRegistryId: VARKAUS_FC,
    categories: ['mapping', 'handoff_summary'],
    at: AT,
    careRelationship: true,
    subjects,
    ...over,
  };
}

/** Who gave the consent: the subject with their guardians and capacity, and the directive's grantor. */
const GRANTORS = {
  'self (adult)': {
    person: { personId: ADULT, birthDate: '1985-06-01', guardians: [], capableFor: [] },
    grant: { grantorKind: 'self', grantorPersonId: ADULT, coGrantorPersonIds: [] },
  },
  'guardian (sole custody)': {
    person: { personId: CHILD, birthDate: '2012-05-10', guardians: [guardian(G1, 'sole')], capableFor: [] },
    grant: { grantorKind: 'guardian', grantorPersonId: G1, coGrantorPersonIds: [] },
  },
  'capable minor': {
    person: {
      personId: CHILD,
      birthDate: '2012-05-10',
      guardians: [guardian(G1, 'joint'), guardian(G2, 'joint')],
      capableFor: ['mapping', 'handoff_summary'],
    },
    grant: { grantorKind: 'capable_minor', grantorPersonId: CHILD, coGrantorPersonIds: [] },
  },
  'joint custody (both guardians)': {
    person: {
      personId: CHILD,
      birthDate: '2012-05-10',
      guardians: [guardian(G1, 'joint'), guardian(G2, 'joint')],
      capableFor: [],
    },
    grant: { grantorKind: 'guardian', grantorPersonId: G1, coGrantorPersonIds: [G2] },
  },
} as const satisfies Record<string, { person: Partial<SubjectFacts>; grant: Partial<DirectiveFacts> }>;

type State = 'given' | 'withdrawn' | 'expired' | 'superseded' | 'denied' | 'requested';
/** The directives a state leaves behind (a request not yet answered leaves none). */
const STATES: Record<State, (grant: Partial<DirectiveFacts>) => DirectiveFacts[]> = {
  given: (g) => [directive({ ...g, id: 'the-consent' })],
  withdrawn: (g) => [directive({ ...g, id: 'the-consent', status: 'withdrawn' })],
  expired: (g) => [directive({ ...g, id: 'the-consent', validUntil: '2027-02-28' })],
  superseded: (g) => [directive({ ...g, id: 'the-consent', status: 'superseded' })],
  denied: (g) => [directive({ ...g, id: 'the-consent', decision: 'deny' })],
  requested: () => [],
};

type Where = 'same registry' | 'other registry' | 'statutory basis';
const WHERE: Record<Where, Partial<DisclosureInput> & { statutoryBasis?: boolean }> = {
  'same registry': { recipientRegistryId: KUOPIO_FC },
  'other registry': {},
  'statutory basis': { statutoryBasis: true },
};

const STATUTORY = {
  id: 'the-lsl-25-notification',
  recipientRegistryId: VARKAUS_FC,
  items: ['mapping', 'handoff_summary', 'contact'],
  disclosedAt: new Date('2027-02-27T08:00:00Z'),
  validUntil: new Date('2027-03-20T08:00:00Z'),
};

function expected(state: State, where: Where) {
  if (where === 'same registry') return { decision: 'permit', basis: 'same_registry', directiveIds: [] };
  if (where === 'statutory basis')
    return { decision: 'permit', basis: 'statutory', directiveIds: [], statutoryDisclosureId: STATUTORY.id };
  if (state === 'given') return { decision: 'permit', basis: 'consent', directiveIds: ['the-consent'] };
  if (state === 'denied') return { decision: 'deny', basis: 'deny_directive', directiveIds: ['the-consent'] };
  return { decision: 'deny', basis: 'no_consent', directiveIds: [] };
}

describe('the consent matrix: state × grantor × where the data goes', () => {
  const cases = (Object.keys(STATES) as State[]).flatMap((state) =>
    (Object.keys(GRANTORS) as (keyof typeof GRANTORS)[]).flatMap((grantor) =>
      (Object.keys(WHERE) as Where[]).map((where) => [state, grantor, where] as const),
    ),
  );
  it.each(cases)('%s by %s, %s', (state, grantor, where) => {
    const g = GRANTORS[grantor];
    const { statutoryBasis, ...over } = WHERE[where];
    const s = subject({
      ...g.person,
      guardians: [...g.person.guardians],
      capableFor: [...g.person.capableFor],
      directives: STATES[state](g.grant),
      statutory: statutoryBasis ? [STATUTORY] : [],
    });
    const decision = decideDisclosure(input([s], over));
    expect(decision).toMatchObject(expected(state, where));
    if (decision.decision === 'deny') expect(decision.subjectPersonId).toBe(s.personId);
  });
});

describe('the edge cases', () => {
  const child = (over: Partial<SubjectFacts> = {}) =>
    subject({
      personId: CHILD,
      birthDate: '2012-05-10',
      guardians: [guardian(G1, 'joint'), guardian(G2, 'joint')],
      ...over,
    });
  const jointPermit = (over: Partial<DirectiveFacts> = {}) =>
    directive({ grantorKind: 'guardian', grantorPersonId: G1, coGrantorPersonIds: [G2], ...over });

  it('a capable minor’s refusal to the guardians beats a guardian’s permit to them', () => {
    const s = child({
      capableFor: ['mapping', 'handoff_summary'],
      directives: [
        jointPermit({ id: 'guardians-permit', recipientRegistryIds: [], recipientGuardians: true }),
        directive({
          id: 'minors-deny',
          decision: 'deny',
          grantorKind: 'capable_minor',
          grantorPersonId: CHILD,
          recipientRegistryIds: [],
          recipientGuardians: true,
        }),
      ],
    });
    expect(decideDisclosure(input([s], { recipientIsGuardian: true }))).toMatchObject({
      decision: 'deny',
      basis: 'deny_directive',
      directiveIds: ['minors-deny'],
    });
    // to another registry the minor's refusal to the guardians says nothing, and the guardians'
    // permit does not count where the minor decides
    expect(decideDisclosure(input([s]))).toMatchObject({ decision: 'deny', basis: 'no_consent' });
  });

  it('a guardian’s permit does not count where the minor was assessed capable', () => {
    const s = child({ capableFor: ['mapping'], directives: [jointPermit()] });
    expect(decideDisclosure(input([s]))).toMatchObject({ decision: 'deny', basis: 'no_consent' });
    // …but still counts for a category outside the assessment
    expect(decideDisclosure(input([s], { categories: ['handoff_summary'] }))).toMatchObject({
      decision: 'permit',
      basis: 'consent',
    });
  });

  it('a guardian’s refusal does not bind a capable minor’s own scope', () => {
    const s = child({
      capableFor: ['mapping', 'handoff_summary'],
      directives: [
        directive({ id: 'mothers-deny', decision: 'deny', grantorKind: 'guardian', grantorPersonId: G1 }),
        directive({ id: 'minors-permit', grantorKind: 'capable_minor', grantorPersonId: CHILD }),
      ],
    });
    expect(decideDisclosure(input([s]))).toMatchObject({
      decision: 'permit',
      basis: 'consent',
      directiveIds: ['minors-permit'],
    });
  });

  it('under joint custody one guardian’s refusal wins', () => {
    const s = child({
      directives: [
        jointPermit({ id: 'both' }),
        directive({ id: 'fathers-deny', decision: 'deny', grantorKind: 'guardian', grantorPersonId: G2 }),
      ],
    });
    expect(decideDisclosure(input([s]))).toMatchObject({
      decision: 'deny',
      basis: 'deny_directive',
      directiveIds: ['fathers-deny'],
    });
  });

  it('under joint custody one guardian alone cannot permit; a task split lets the named one', () => {
    const alone = directive({ grantorKind: 'guardian', grantorPersonId: G1 });
    expect(decideDisclosure(input([child({ directives: [alone] })]))).toMatchObject({
      decision: 'deny',
      basis: 'no_consent',
    });
    const split = child({
      guardians: [guardian(G1, 'task_split', ['mapping', 'handoff_summary']), guardian(G2, 'task_split', [])],
      directives: [alone],
    });
    expect(decideDisclosure(input([split]))).toMatchObject({ decision: 'permit', basis: 'consent' });
  });

  it('a guardian without decision rights is not asked, and a pending co-grant does not count', () => {
    const s = child({
      guardians: [guardian(G1, 'joint'), { ...guardian(G2, 'joint'), decisionRights: false }],
      directives: [directive({ grantorKind: 'guardian', grantorPersonId: G1 })],
    });
    expect(decideDisclosure(input([s]))).toMatchObject({ decision: 'permit', basis: 'consent' });
    const pending = child({ directives: [jointPermit({ status: 'pending_co_grantors' })] });
    expect(decideDisclosure(input([pending]))).toMatchObject({ decision: 'deny', basis: 'no_consent' });
    const suspended = child({ directives: [jointPermit({ status: 'suspended' })] });
    expect(decideDisclosure(input([suspended]))).toMatchObject({ decision: 'deny', basis: 'no_consent' });
  });

  it('a guardian’s permit ends the day before the 18th birthday', () => {
    const s = subject({
      personId: CHILD,
      birthDate: '2009-03-01',
      guardians: [guardian(G1, 'sole')],
      directives: [directive({ grantorKind: 'guardian', grantorPersonId: G1, validUntil: '2027-12-31' })],
    });
    // 28.2.2027 in Helsinki is the last day
    expect(decideDisclosure(input([s], { at: new Date('2027-02-28T21:59:00Z') }))).toMatchObject({
      decision: 'permit',
    });
    expect(decideDisclosure(input([s], { at: new Date('2027-02-28T22:00:00Z') }))).toMatchObject({
      decision: 'deny',
      basis: 'no_consent',
    });
  });

  it('turvakielto: the address never crosses registries, whatever the permit', () => {
    const s = subject({ turvakielto: true, directives: [directive({ categories: ['mapping', 'contact'] })] });
    expect(decideDisclosure(input([s], { categories: ['mapping', 'address'] }))).toMatchObject({
      decision: 'deny',
      basis: 'turvakielto',
    });
    expect(decideDisclosure(input([s], { categories: ['mapping', 'municipality'] }))).toMatchObject({
      decision: 'deny',
      basis: 'turvakielto',
    });
    expect(decideDisclosure(input([s], { categories: ['mapping'] }))).toMatchObject({ decision: 'permit' });
    // within one registry it is not a disclosure
    expect(
      decideDisclosure(input([s], { categories: ['address'], recipientRegistryId: KUOPIO_FC })),
    ).toMatchObject({ decision: 'permit', basis: 'same_registry' });
  });

  it('a permit without a care relationship is refused, naming the permit', () => {
    const s = subject({ directives: [directive({ id: 'p' })] });
    expect(decideDisclosure(input([s], { careRelationship: false }))).toEqual({
      decision: 'deny',
      basis: 'no_care_relationship',
      directiveIds: ['p'],
    });
  });

  it('a permit must match the source, the recipient, every category and the day', () => {
    const s = subject({ directives: [directive({ validFrom: '2027-03-02' })] });
    expect(decideDisclosure(input([s]))).toMatchObject({ basis: 'no_consent' });
    const d = subject({ directives: [directive()] });
    expect(decideDisclosure(input([d], { recipientRegistryId: OTHER }))).toMatchObject({
      basis: 'no_consent',
    });
    expect(decideDisclosure(input([d], { sourceRegistryId: OTHER }))).toMatchObject({ basis: 'no_consent' });
    expect(decideDisclosure(input([d], { categories: ['mapping', 'record_entries'] }))).toMatchObject({
      basis: 'no_consent',
    });
    // the last day (Helsinki) is still in force
    const last = subject({ directives: [directive({ validUntil: '2027-03-01' })] });
    expect(decideDisclosure(input([last], { at: new Date('2027-03-01T21:30:00Z') }))).toMatchObject({
      basis: 'consent',
    });
  });

  it('every subject needs a permit: a family is never a consent subject', () => {
    const adult = subject({ directives: [directive({ id: 'adults' })] });
    const kid = subject({ personId: CHILD, birthDate: '2015-01-01', guardians: [guardian(G1, 'sole')] });
    expect(decideDisclosure(input([adult, kid]))).toMatchObject({
      decision: 'deny',
      basis: 'no_consent',
      subjectPersonId: CHILD,
    });
    expect(decideDisclosure(input([]))).toMatchObject({ decision: 'deny', basis: 'no_consent' });
  });

  it('an expired statutory disclosure, or one for other items, does not permit', () => {
    const old = subject({ statutory: [{ ...STATUTORY, validUntil: new Date('2027-03-01T09:00:00Z') }] });
    expect(decideDisclosure(input([old]))).toMatchObject({ basis: 'no_consent' });
    const narrow = subject({ statutory: [{ ...STATUTORY, items: ['mapping'] }] });
    expect(decideDisclosure(input([narrow]))).toMatchObject({ basis: 'no_consent' });
  });
});

describe('who may give a consent', () => {
  const kid = {
    personId: CHILD,
    birthDate: '2012-05-10',
    guardians: [guardian(G1, 'joint'), guardian(G2, 'joint')],
    capableFor: [] as string[],
  };
  const day = '2027-03-01';

  it('an adult for themselves; nobody else without a mandate', () => {
    const adult = { personId: ADULT, birthDate: '1985-06-01', guardians: [], capableFor: [] };
    expect(mayGrant(adult, ADULT, ['mapping'], day)).toMatchObject({ ok: true, grantorKind: 'self' });
    expect(mayGrant(adult, G1, ['mapping'], day)).toEqual({ ok: false, code: 'consent.no_custody' });
    expect(mayGrant(adult, G1, ['mapping'], day, { legalRepresentative: true })).toMatchObject({
      ok: true,
      grantorKind: 'legal_representative',
    });
  });

  it('a guardian of a child, with the other joint guardian still to agree, until the day before 18', () => {
    expect(mayGrant(kid, G1, ['mapping'], day)).toEqual({
      ok: true,
      grantorKind: 'guardian',
      missingCoGrantors: [G2],
      lastDay: '2030-05-09',
    });
    expect(mayGrant(kid, 'a-stranger', ['mapping'], day)).toEqual({ ok: false, code: 'consent.no_custody' });
    expect(mayGrant(kid, CHILD, ['mapping'], day)).toEqual({ ok: false, code: 'consent.no_custody' });
  });

  it('a capable minor decides for that scope, and the guardians then cannot', () => {
    const capable = { ...kid, capableFor: ['mapping'] };
    expect(mayGrant(capable, CHILD, ['mapping'], day)).toMatchObject({
      ok: true,
      grantorKind: 'capable_minor',
    });
    expect(mayGrant(capable, G1, ['mapping'], day)).toEqual({
      ok: false,
      code: 'consent.minor_capable_decides',
    });
    expect(mayGrant(capable, CHILD, ['mapping', 'record_entries'], day)).toEqual({
      ok: false,
      code: 'consent.no_custody',
    });
  });
});

describe('a consent in plain language', () => {
  const parts = {
    decision: 'permit' as const,
    recipientNames: ['Varkauden perheneuvola'],
    categories: ['mapping', 'handoff_summary'],
    subjectName: 'Mikko',
    purposeCode: 'family_counselling',
    validUntil: '2027-05-31',
  };
  it('says who may see what of whose contact, why and until when, in fi, sv and en', () => {
    expect(plainSentence(parts, 'en')).toBe(
      'Varkauden perheneuvola may see the mapping and the handoff summary of Mikko’s contact, for arranging family counselling, until 31.5.2027.',
    );
    expect(plainSentence(parts, 'fi')).toBe(
      'Varkauden perheneuvola saa nähdä henkilön Mikko yhteydenotosta tilannekartoituksen ja yhteenvedon vastaanottajalle perheneuvonnan järjestämiseksi 31.5.2027 asti.',
    );
    expect(plainSentence(parts, 'sv')).toBe(
      'Varkauden perheneuvola får se kartläggningen och sammanfattningen för mottagaren i kontakten som gäller Mikko för att ordna familjerådgivning till och med 31.5.2027.',
    );
  });
  it('names a refusal to the guardians and an own purpose', () => {
    expect(
      plainSentence(
        {
          ...parts,
          decision: 'deny',
          recipientNames: [],
          recipientGuardians: true,
          categories: ['record_entries'],
          purposeCode: 'other',
          purposeText: 'koulun tukitoimet',
        },
        'en',
      ),
    ).toBe('The guardians may not see the record entries of Mikko’s contact (until 31.5.2027).');
  });
});

// ---------------------------------------------------------------- the same matrix on a database

/**
 * The matrix again through disclosureFor on a real database: the directives as the consent
 * tables hold them, the decision, and the disclosure-event row it writes (for a refusal too).
 */
describe.each(ENGINES)('the consent matrix on %s: the decision and its disclosure-event row', (engine) => {
  let t: TestApp;
  const db = () => t.database.db;
  const org: Record<string, string> = {};
  let reader: StaffActor;
  let counsellor: string;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    const orgId = async (fi: string) =>
      (
        await db()
          .selectFrom('organization')
          .select('id')
          .where(sql<boolean>`name->>'fi' = ${fi}`)
          .executeTakeFirstOrThrow()
      ).id;
    org.region = await orgId('Pohjois-Savon hyvinvointialue');
    org.varkaus = await orgId('Varkauden kaupunki');
    org.mll = await orgId('MLL Pohjois-Savon piiri');
    counsellor = staffUserId('neuvoja');
    reader = {
      kind: 'staff',
      userId: staffUserId('vastaanottaja-varkaus'),
      regionId: (
        await db()
          .selectFrom('region')
          .select('id')
          .where('code', '=', 'pohjois-savo')
          .executeTakeFirstOrThrow()
      ).id,
      organizationId: org.region,
      name: 'Vilja Vastaanottaja',
      roles: [{ organizationId: org.region, role: 'receiving_worker' }],
      sessionId: 'test',
    };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** A contact with the grantor's family and the state's directive (to Varkaus and MLL); its ids. */
  async function family(state: State, grantor: keyof typeof GRANTORS) {
    const res = await call(t.app, { method: 'POST', url: '/api/contacts', payload: validContact() });
    expect(res.statusCode, res.body).toBe(201);
    const contact = await db()
      .selectFrom('contact')
      .select(['id', 'region_id'])
      .where('reference', '=', (res.json() as { reference: string }).reference)
      .executeTakeFirstOrThrow();
    const now = new Date();
    const day = helsinkiDate(now);
    const person = async (name: string, role: 'contacter' | 'child' | 'guardian', birthDate: string | null) =>
      insertPerson(db(), {
        regionId: contact.region_id,
        contactId: contact.id,
        name,
        birthDate,
        role,
        turvakielto: false,
        createdBy: 'test',
        at: now,
      });
    const g = GRANTORS[grantor];
    const adult = grantor === 'self (adult)';
    const ids: Record<string, string> = {};
    // a child's case: the mother is recorded as a guardian, so the child is the one subject
    ids[ADULT] = await person('Maija', adult ? 'contacter' : 'guardian', adult ? '1985-06-01' : null);
    ids[G1] = ids[ADULT];
    if (!adult) {
      ids[CHILD] = await person('Mikko', 'child', `${new Date().getUTCFullYear() - 14}-05-10`);
      for (const gu of g.person.guardians) {
        if (gu.personId === G2) ids[G2] = await person('Matti', 'guardian', null);
        await insertGuardianship(db(), {
          guardianPersonId: ids[gu.personId] as string,
          childPersonId: ids[CHILD] as string,
          custody: gu.custody,
          validFrom: '2010-01-01',
          recordedBy: 'test',
          at: now,
        });
      }
      if (g.person.capableFor.length > 0)
        await insertCapacity(db(), {
          personId: ids[CHILD] as string,
          assessedBy: counsellor,
          at: now,
          capable: true,
          categories: [...g.person.capableFor],
          basis: 'test',
          reviewDate: null,
        });
    }
    const subjectId = ids[g.person.personId] as string;
    let directiveId: string | null = null;
    if (state === 'requested') {
      await insertRequest(db(), {
        regionId: contact.region_id,
        contactId: contact.id,
        subjectPersonIds: [subjectId],
        requestedBy: counsellor,
        sourceOrganizationId: org.region as string,
        recipientOrganizationIds: [org.varkaus as string, org.mll as string],
        categories: ['mapping', 'handoff_summary'],
        purposeCode: 'family_counselling',
        purposeText: 'test',
        validUntil: addDays(day, 90),
        answerBy: new Date(now.getTime() + 7 * 86_400_000),
        at: now,
      });
    } else {
      directiveId = await insertDirective(db(), {
        regionId: contact.region_id,
        subjectPersonId: subjectId,
        decision: state === 'denied' ? 'deny' : 'permit',
        grantorKind: g.grant.grantorKind,
        grantorPersonId: ids[g.grant.grantorPersonId] as string,
        coGrantorPersonIds: g.grant.coGrantorPersonIds.map((p) => ids[p] as string),
        status: state === 'withdrawn' ? 'active' : state === 'superseded' ? 'superseded' : 'active',
        sourceOrganizationIds: [org.region as string],
        recipientOrganizationIds: [org.varkaus as string, org.mll as string],
        recipientGuardians: false,
        categories: ['mapping', 'handoff_summary'],
        purposeCode: 'family_counselling',
        purposeText: 'test',
        validFrom: addDays(day, -30),
        validUntil: state === 'expired' ? addDays(day, -1) : addDays(day, 90),
        channel: 'phone',
        evidence: {},
        noticeTextHash: 'a'.repeat(64),
        needsConfirmation: true,
        recordedBy: counsellor,
        at: now,
        requestId: null,
      });
      if (state === 'withdrawn')
        await withdrawDirective(db(), directiveId, {
          at: now,
          by: 'client',
          channel: 'phone',
          reason: null,
        });
    }
    // a statutory disclosure to MLL only: the "statutory basis" column reads as MLL
    const statutoryId = await insertStatutory(db(), {
      regionId: contact.region_id,
      contactId: contact.id,
      subjectPersonId: null,
      basis: 'lsl_25',
      justification: 'Lastensuojeluilmoitus, huoli lapsen turvallisuudesta.',
      items: ['mapping', 'handoff_summary'],
      sourceOrganizationId: org.region as string,
      recipientOrganizationId: org.mll as string,
      disclosedBy: counsellor,
      at: new Date(now.getTime() - 60_000),
      validUntil: new Date(now.getTime() + 7 * 86_400_000),
      noticeDeferredReason: null,
    });
    return { contactId: contact.id, subjectId, directiveId, statutoryId };
  }

  const cells = (Object.keys(STATES) as State[]).flatMap((state) =>
    (Object.keys(GRANTORS) as (keyof typeof GRANTORS)[]).map((grantor) => [state, grantor] as const),
  );
  it.each(cells)('%s by %s: same registry, other registry, statutory basis', async (state, grantor) => {
    const f = await family(state, grantor);
    const recipients: Record<Where, string> = {
      'same registry': org.region as string,
      'other registry': org.varkaus as string,
      'statutory basis': org.mll as string,
    };
    for (const where of Object.keys(WHERE) as Where[]) {
      const before = await db()
        .selectFrom('disclosure_event')
        .select(sql<string>`coalesce(max(id), 0)::text`.as('id'))
        .executeTakeFirstOrThrow();
      const decision = await db()
        .transaction()
        .execute((trx) =>
          disclosureFor(trx, reader, {
            contactId: f.contactId,
            sourceOrganizationId: org.region as string,
            recipientOrganizationId: recipients[where],
            categories: ['mapping', 'handoff_summary'],
            careRelationship: true,
            resourceType: 'handoff',
            resourceId: null,
            at: new Date(),
          }),
        );
      const want = expected(state, where);
      expect(decision, where).toMatchObject({ decision: want.decision, basis: want.basis });
      const rows = await db()
        .selectFrom('disclosure_event')
        .selectAll()
        .where('id', '>', before.id)
        .execute();
      const usesDirective = want.basis === 'consent' || want.basis === 'deny_directive';
      expect(rows, where).toMatchObject([
        {
          decision: want.decision,
          basis: want.basis,
          contact_id: f.contactId,
          staff_user_id: reader.userId,
          role: 'receiving_worker',
          source_organization_id: org.region,
          recipient_organization_id: recipients[where],
          items: ['mapping', 'handoff_summary'],
          directive_id: usesDirective ? f.directiveId : null,
          statutory_disclosure_id: want.basis === 'statutory' ? f.statutoryId : null,
          subject_person_id: want.decision === 'deny' ? f.subjectId : null,
          resource_type: 'handoff',
        },
      ]);
    }
  });
});
