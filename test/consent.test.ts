// The consent services on a real database (every engine): a counsellor records the family's
// persons and drafts a request, the family accepts it from the status page, a read across
// registries is permitted and written to the disclosure log, the family withdraws and the next
// read is refused at once, the recipients are told. Then bad input and the wrong person: each a
// coded error, and nothing changed.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPerson,
  answerRequest,
  confirmConsent,
  consentsForStatusLink,
  contactConsentPanel,
  type DisclosureQuestion,
  disclosureFor,
  draftConsentRequest,
  myConsents,
  recordCapacity,
  recordConsent,
  recordStatutoryDisclosure,
  renderConsentTemplate,
  requestsForStatusLink,
  reviewStatutory,
  searchConsents,
  searchDisclosureEvents,
  withdrawConsent,
} from '../src/features/consent/consent.ts';
import { clientId, staffUserId } from '../src/features/identity/demo.ts';
import type { ClientActor, StaffActor } from '../src/platform/auth/actor.ts';
import { AppError } from '../src/platform/errors.ts';
import { helsinkiDate } from '../src/platform/working-days.ts';
import { startTestApp, type TestApp } from './app.ts';
import { call, seedExtraStaff, signIn, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const DAY = 86_400_000;
const today = () => helsinkiDate(new Date());
const inDays = (n: number) => helsinkiDate(new Date(Date.now() + n * DAY));

/** The coded error a call fails with (its code and status), or 'resolved'. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, status: error.status, fields: error.fields.map((f) => f.field) };
  }
}

describe.each(ENGINES)('consent services on %s', (engine) => {
  let t: TestApp;
  const db = () => t.database.db;
  const staff: Record<string, StaffActor> = {};
  const org: Record<string, string> = {};
  let aino: ClientActor;

  async function staffActor(username: string): Promise<StaffActor> {
    const user = await db()
      .selectFrom('staff_user')
      .select(['id', 'region_id', 'organization_id', 'name', 'unit_id'])
      .where('id', '=', staffUserId(username))
      .executeTakeFirstOrThrow();
    const roles = await db()
      .selectFrom('staff_role')
      .select(['organization_id', 'role'])
      .where('staff_user_id', '=', user.id)
      .execute();
    return {
      kind: 'staff',
      userId: user.id,
      regionId: user.region_id,
      organizationId: user.organization_id,
      unitId: user.unit_id,
      name: user.name,
      roles: roles.map((r) => ({ organizationId: r.organization_id, role: r.role })),
      sessionId: 'test',
    };
  }

  async function orgId(fi: string): Promise<string> {
    const row = await db()
      .selectFrom('organization')
      .select('id')
      .where(sql<boolean>`name->>'fi' = ${fi}`)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A family's contact through the public API: its id and the status link's holder. */
  async function newContact(cookie?: string) {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/contacts',
      cookie,
      payload: validContact({ name: 'Maija', replyChannel: 'status_page' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json() as { reference: string };
    const row = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return { id: row.id, reference, holder: { kind: 'status_link' as const, contactId: row.id } };
  }

  /** Row counts of the consent tables (and the outbox), to prove a refusal changed nothing. */
  async function counts() {
    const { rows } = await sql<Record<string, number>>`
      SELECT (SELECT count(*)::int FROM consent_person) AS persons,
             (SELECT count(*)::int FROM guardianship) AS guardianship,
             (SELECT count(*)::int FROM consent_directive) AS directives,
             (SELECT count(*)::int FROM consent_request) AS requests,
             (SELECT count(*)::int FROM capacity_assessment) AS capacity,
             (SELECT count(*)::int FROM statutory_disclosure) AS statutory,
             (SELECT count(*)::int FROM disclosure_event) AS events,
             (SELECT count(*)::int FROM outbox) AS outbox`.execute(db());
    return rows[0];
  }

  const read = (contactId: string, over: Partial<DisclosureQuestion> = {}) =>
    db()
      .transaction()
      .execute((trx) =>
        disclosureFor(trx, staff.varkaus as StaffActor, {
          contactId,
          sourceOrganizationId: org.region as string,
          recipientOrganizationId: org.varkaus as string,
          categories: ['mapping', 'handoff_summary'],
          careRelationship: true,
          resourceType: 'handoff',
          resourceId: null,
          at: new Date(),
          ...over,
        }),
      );

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await seedExtraStaff(db());
    for (const u of ['neuvoja', 'tietosuoja', 'pirkanmaa-neuvoja', 'kuopio-neuvoja', 'vastaanottaja-varkaus'])
      staff[u] = await staffActor(u);
    staff.varkaus = staff['vastaanottaja-varkaus'] as StaffActor;
    org.region = await orgId('Pohjois-Savon hyvinvointialue');
    org.varkaus = await orgId('Varkauden kaupunki');
    org.mll = await orgId('MLL Pohjois-Savon piiri');
    aino = {
      kind: 'client',
      clientId: clientId('asiakas'),
      regionId: staff.neuvoja?.regionId as string,
      name: 'Aino Asiakas',
      sessionId: 'test',
    };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('the story: request, answer, read, withdraw', () => {
    let contact: Awaited<ReturnType<typeof newContact>>;
    let child: string;
    let requestId: string;

    it('the panel makes the contacter from the name the family gave', async () => {
      contact = await newContact();
      const panel = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      expect(panel.persons).toMatchObject([{ name: 'Maija', role: 'contacter', guardianOf: [] }]);
      expect(panel.organisations).toEqual([]);
    });

    it('a child with the contacter as guardian; a request for the Varkaus registry', async () => {
      const contacter = (await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id)).persons[0];
      ({ personId: child } = await addPerson(db(), staff.neuvoja as StaffActor, contact.id, {
        name: 'Mikko',
        birthDate: '2018-04-02',
        role: 'child',
        guardianPersonIds: [contacter?.id as string],
        custody: 'sole',
      }));
      ({ requestId } = await draftConsentRequest(db(), staff.neuvoja as StaffActor, contact.id, {
        subjectPersonIds: [contacter?.id as string, child],
        recipientOrganizationIds: [org.varkaus as string],
        categories: ['mapping', 'handoff_summary'],
        purposeCode: 'family_counselling',
        purposeText: 'Perheneuvonta Varkaudessa',
        validUntil: inDays(180),
      }));
      const panel = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      expect(panel.organisations).toMatchObject([
        { organizationId: org.varkaus, state: 'requested', sameRegistry: false },
      ]);
      expect(panel.persons.find((p) => p.id === child)).toMatchObject({ name: 'Mikko', role: 'child' });
    });

    it('before an answer, a read across registries is refused and logged', async () => {
      const before = (await counts())?.events ?? 0;
      expect(await read(contact.id)).toMatchObject({ decision: 'deny', basis: 'no_consent' });
      expect((await counts())?.events).toBe(before + 1);
    });

    it('the family sees the open request on the status page and accepts it', async () => {
      const open = await requestsForStatusLink(db(), contact.holder);
      expect(open).toMatchObject([
        { id: requestId, state: 'requested', subjects: [{ name: 'Maija' }, { name: 'Mikko' }] },
      ]);
      expect(await answerRequest(db(), contact.holder, requestId, { answer: 'accept' })).toBe('given');
      const panel = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      expect(
        panel.directives.map((d) => [d.subject.name, d.grantor.kind, d.state, d.channel]).sort(),
      ).toEqual([
        ['Maija', 'self', 'given', 'status_link'],
        ['Mikko', 'guardian', 'given', 'status_link'],
      ]);
      expect(panel.organisations).toMatchObject([{ organizationId: org.varkaus, state: 'given' }]);
    });

    it('the receiving unit in Varkaus may now read, and the disclosure log names the consent', async () => {
      const decision = await read(contact.id);
      expect(decision).toMatchObject({ decision: 'permit', basis: 'consent' });
      const event = await db()
        .selectFrom('disclosure_event')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({
        decision: 'permit',
        basis: 'consent',
        contact_id: contact.id,
        staff_user_id: staff.varkaus?.userId,
        source_organization_id: org.region,
        recipient_organization_id: org.varkaus,
        items: ['mapping', 'handoff_summary'],
        resource_type: 'handoff',
      });
      expect(decision.directiveIds).toContain(event.directive_id);
      // not for categories nobody consented to, nor to another organisation
      expect(await read(contact.id, { categories: ['record_entries'] })).toMatchObject({
        basis: 'no_consent',
      });
      expect(await read(contact.id, { recipientOrganizationId: org.mll })).toMatchObject({
        basis: 'no_consent',
      });
    });

    it('a replayed answer is refused and nothing changes', async () => {
      const before = await counts();
      expect(
        await failure(answerRequest(db(), contact.holder, requestId, { answer: 'decline' })),
      ).toMatchObject({
        code: 'consent.request_not_open',
        status: 409,
      });
      expect(await counts()).toEqual(before);
    });

    it('withdrawal stops the next read at once and tells the recipient, neutrally', async () => {
      const panel = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      const mikko = panel.directives.find((d) => d.subject.id === child);
      const outboxBefore = (await counts())?.outbox ?? 0;
      expect(
        await withdrawConsent(db(), contact.holder, mikko?.id as string, { channel: 'status_link' }),
      ).toEqual({
        notified: 1,
      });
      expect(await read(contact.id)).toMatchObject({
        decision: 'deny',
        basis: 'no_consent',
        subjectPersonId: child,
      });
      const mail = await db()
        .selectFrom('outbox')
        .select(['recipient', 'template', 'params'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect((await counts())?.outbox).toBe(outboxBefore + 1);
      expect(mail).toMatchObject({ recipient: 'kirjaamo.varkaus@example.fi', template: 'consent_withdrawn' });
      const text = renderConsentTemplate(mail.template, 'fi', mail.params as Record<string, unknown>);
      expect(text.text).toContain(contact.reference);
      expect(text.text).not.toContain('Mikko');
      expect(text.text).not.toContain('Maija');
      // withdrawing again: nothing left in force
      expect(
        await failure(withdrawConsent(db(), contact.holder, mikko?.id as string, { channel: 'status_link' })),
      ).toMatchObject({
        code: 'consent.not_active',
        status: 409,
      });
    });

    it('the status link lists the family’s consents, in force and ended; its own contact’s only', async () => {
      const listed = await consentsForStatusLink(db(), contact.holder);
      expect(listed.map((d) => [d.subject.name, d.state]).sort()).toEqual([
        ['Maija', 'given'],
        ['Mikko', 'withdrawn'],
      ]);
      expect(listed.every((d) => d.recipients[0]?.id === org.varkaus)).toBe(true);
      const other = await newContact();
      expect(await consentsForStatusLink(db(), other.holder)).toEqual([]);
    });

    it('a counsellor records a withdrawal told by phone: a recorded channel, this contact’s consent only', async () => {
      const panel = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      const maija = panel.directives.find((d) => d.subject.name === 'Maija' && d.state === 'given');
      const other = await newContact();
      const before = await counts();
      const counsellor = staff.neuvoja as StaffActor;
      expect(
        await failure(withdrawConsent(db(), counsellor, maija?.id as string, { channel: 'status_link' })),
      ).toMatchObject({ code: 'request.invalid', status: 400 });
      expect(
        await failure(
          withdrawConsent(db(), counsellor, maija?.id as string, { channel: 'phone', contactId: other.id }),
        ),
      ).toMatchObject({ code: 'consent.not_found', status: 404 });
      expect(await counts()).toEqual(before);
    });

    it('someone else’s consent: another family’s link, a client who is not in the family', async () => {
      const panel = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      const maija = panel.directives.find((d) => d.subject.name === 'Maija' && d.state === 'given');
      const other = await newContact();
      const before = await counts();
      expect(
        await failure(withdrawConsent(db(), other.holder, maija?.id as string, { channel: 'status_link' })),
      ).toMatchObject({
        code: 'consent.not_your_consent',
        status: 404,
      });
      expect(
        await failure(withdrawConsent(db(), aino, maija?.id as string, { channel: 'strong_identification' })),
      ).toMatchObject({
        code: 'consent.not_your_consent',
        status: 404,
      });
      expect(await failure(answerRequest(db(), other.holder, requestId, { answer: 'accept' }))).toMatchObject(
        {
          code: 'consent.not_your_consent',
        },
      );
      expect(await counts()).toEqual(before);
      const still = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      expect(still.directives.find((d) => d.id === maija?.id)?.state).toBe('given');
    });

    it('other staff: another region’s counsellor and another organisation get "not found", and it is logged', async () => {
      for (const who of ['pirkanmaa-neuvoja', 'kuopio-neuvoja', 'vastaanottaja-varkaus']) {
        const denials = await db()
          .selectFrom('access_log')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('action', '=', 'denied')
          .where('staff_user_id', '=', staffUserId(who))
          .executeTakeFirstOrThrow();
        expect(
          await failure(contactConsentPanel(db(), staff[who] as StaffActor, contact.id)),
          who,
        ).toMatchObject({
          code: 'consent.not_found',
          status: 404,
        });
        const after = await db()
          .selectFrom('access_log')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('action', '=', 'denied')
          .where('staff_user_id', '=', staffUserId(who))
          .executeTakeFirstOrThrow();
        expect(after.n, who).toBeGreaterThan(denials.n);
      }
    });
  });

  describe('bad input and the wrong person: a coded error, nothing changed', () => {
    let contact: Awaited<ReturnType<typeof newContact>>;
    let contacter: string;
    let teen: string;
    let stranger: string;
    const neuvoja = () => staff.neuvoja as StaffActor;
    const draft = (over: Record<string, unknown> = {}) =>
      draftConsentRequest(db(), neuvoja(), contact.id, {
        subjectPersonIds: [contacter],
        recipientOrganizationIds: [org.varkaus as string],
        categories: ['mapping'],
        purposeCode: 'arranging_service',
        purposeText: 'Palvelun järjestäminen',
        validUntil: inDays(30),
        ...over,
      });
    const recorded = (over: Record<string, unknown> = {}) =>
      recordConsent(db(), neuvoja(), contact.id, {
        subjectPersonId: teen,
        grantorPersonId: contacter,
        decision: 'permit',
        recipientOrganizationIds: [org.mll as string],
        categories: ['mapping'],
        purposeCode: 'co_work',
        purposeText: 'Yhteistyö MLL:n kanssa',
        validFrom: today(),
        validUntil: inDays(60),
        channel: 'phone',
        identityCheck: 'Soitin asiakkaan numeroon ja tarkistin syntymäajan',
        noticeText: 'Luin suostumuksen tekstin ääneen.',
        toldHowToWithdraw: true,
        ...over,
      });

    beforeAll(async () => {
      contact = await newContact();
      const panel = await contactConsentPanel(db(), neuvoja(), contact.id);
      contacter = panel.persons[0]?.id as string;
      ({ personId: teen } = await addPerson(db(), neuvoja(), contact.id, {
        name: 'Siiri',
        birthDate: `${new Date().getUTCFullYear() - 15}-01-15`,
        role: 'child',
        guardianPersonIds: [contacter],
        custody: 'sole',
      }));
      ({ personId: stranger } = await addPerson(db(), neuvoja(), contact.id, {
        name: 'Naapuri',
        role: 'other',
      }));
    });

    const cases: [string, () => Promise<unknown>, { code: string; status: number; fields?: string[] }][] = [
      [
        'an unknown registry',
        () => draft({ recipientOrganizationIds: ['00000000-0000-4000-8000-000000000000'] }),
        { code: 'consent.unknown_registry', status: 400, fields: ['recipientOrganizationIds'] },
      ],
      [
        'the source as recipient',
        () => draft({ recipientOrganizationIds: [org.region] }),
        { code: 'consent.recipient_is_source', status: 400 },
      ],
      [
        'a period that has ended',
        () => draft({ validUntil: '2020-01-01' }),
        { code: 'consent.period_ends_before_start', status: 400, fields: ['validUntil'] },
      ],
      [
        'an unknown category',
        () => draft({ categories: ['address'] }),
        { code: 'request.invalid', status: 400, fields: ['categories'] },
      ],
      [
        'a person of another contact',
        () => draft({ subjectPersonIds: ['00000000-0000-4000-8000-000000000001'] }),
        { code: 'consent.unknown_person', status: 400 },
      ],
      [
        'no custody of the subject',
        () => recorded({ grantorPersonId: stranger }),
        { code: 'consent.no_custody', status: 400, fields: ['grantorPersonId'] },
      ],
      [
        'a period ending before it starts',
        () => recorded({ validFrom: inDays(10), validUntil: inDays(5) }),
        { code: 'consent.period_ends_before_start', status: 400 },
      ],
      [
        'not told how to withdraw',
        () => recorded({ toldHowToWithdraw: false }),
        { code: 'request.invalid', status: 400, fields: ['toldHowToWithdraw'] },
      ],
      [
        'a channel of the client’s own',
        () => recorded({ channel: 'status_link' }),
        { code: 'request.invalid', status: 400, fields: ['channel'] },
      ],
      [
        'a statutory disclosure without a reason',
        () =>
          recordStatutoryDisclosure(db(), neuvoja(), contact.id, {
            basis: 'lsl_25',
            justification: 'Huoli.',
            items: ['mapping'],
            recipientOrganizationId: org.varkaus as string,
            validUntil: new Date(Date.now() + 5 * DAY),
          }),
        { code: 'consent.justification_too_short', status: 400, fields: ['justification'] },
      ],
      [
        'a statutory disclosure for longer than 30 days',
        () =>
          recordStatutoryDisclosure(db(), neuvoja(), contact.id, {
            basis: 'emergency',
            justification: 'Lapsen turvallisuus vaatii välitöntä yhteydenottoa.',
            items: ['mapping'],
            recipientOrganizationId: org.varkaus as string,
            validUntil: new Date(Date.now() + 45 * DAY),
          }),
        { code: 'consent.statutory_too_long', status: 400 },
      ],
      [
        'another region’s counsellor',
        () =>
          draftConsentRequest(db(), staff['pirkanmaa-neuvoja'] as StaffActor, contact.id, {
            subjectPersonIds: [contacter],
            recipientOrganizationIds: [org.varkaus as string],
            categories: ['mapping'],
            purposeCode: 'other',
            purposeText: 'x',
            validUntil: inDays(30),
          }),
        { code: 'consent.not_found', status: 404 },
      ],
      [
        'a DPO search by a counsellor',
        () => searchConsents(db(), neuvoja(), { from: new Date(0), to: new Date() }),
        { code: 'consent.not_found', status: 404 },
      ],
    ];
    it.each(cases)('%s', async (_name, run, expected) => {
      const before = await counts();
      const result = await failure(run());
      expect(result).toMatchObject(expected);
      expect(await counts()).toEqual(before);
    });

    it('a capable minor decides, and a guardian then cannot; the minor’s own consent stands', async () => {
      await recordCapacity(db(), neuvoja(), teen, {
        capable: true,
        categories: ['mapping', 'record_entries'],
        basis: 'Keskustelu nuoren kanssa; ymmärtää suostumuksen merkityksen.',
        reviewDate: inDays(365),
      });
      const before = await counts();
      expect(await failure(recorded())).toMatchObject({ code: 'consent.minor_capable_decides', status: 400 });
      expect(await counts()).toEqual(before);
      const { directiveId } = await recorded({ grantorPersonId: teen });
      const panel = await contactConsentPanel(db(), neuvoja(), contact.id);
      expect(panel.directives.find((d) => d.id === directiveId)).toMatchObject({
        grantor: { kind: 'capable_minor' },
        state: 'given',
        needsConfirmation: true,
        channel: 'phone',
      });
      const row = await db()
        .selectFrom('consent_directive')
        .select(['notice_text_hash', 'evidence'])
        .where('id', '=', directiveId)
        .executeTakeFirstOrThrow();
      expect(row.notice_text_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.evidence).toMatchObject({ identityCheck: expect.any(String), toldHowToWithdraw: true });
    });

    it('an expired request link is refused', async () => {
      const now = new Date();
      const { requestId } = await draftConsentRequest(db(), neuvoja(), contact.id, {
        subjectPersonIds: [contacter],
        recipientOrganizationIds: [org.varkaus as string],
        categories: ['mapping'],
        purposeCode: 'arranging_service',
        purposeText: 'x',
        validUntil: inDays(30),
        answerBy: new Date(now.getTime() + 60_000),
      });
      const before = await counts();
      expect(
        await failure(
          answerRequest(
            db(),
            contact.holder,
            requestId,
            { answer: 'accept' },
            { now: new Date(now.getTime() + 3_600_000) },
          ),
        ),
      ).toMatchObject({ code: 'consent.request_not_open', status: 409 });
      expect(await counts()).toEqual(before);
    });

    it('a directive is immutable: the database refuses to rewrite or delete it', async () => {
      const row = await db().selectFrom('consent_directive').select('id').executeTakeFirstOrThrow();
      await expect(
        db()
          .updateTable('consent_directive')
          .set({ purpose_text: 'changed' })
          .where('id', '=', row.id)
          .execute(),
      ).rejects.toThrow(/immutable/);
      await expect(db().deleteFrom('consent_directive').where('id', '=', row.id).execute()).rejects.toThrow();
      await expect(sql`UPDATE disclosure_event SET decision = 'permit'`.execute(db())).rejects.toThrow();
    });
  });

  describe('statutory disclosures and the DPO', () => {
    it('a statutory basis permits a read without consent, for its time; the DPO reviews it', async () => {
      const contact = await newContact();
      expect(await read(contact.id)).toMatchObject({ basis: 'no_consent' });
      const { statutoryDisclosureId } = await recordStatutoryDisclosure(
        db(),
        staff.neuvoja as StaffActor,
        contact.id,
        {
          basis: 'lsl_25',
          justification: 'Lastensuojeluilmoitus: huoli lapsen turvallisuudesta kotona.',
          items: ['mapping', 'handoff_summary'],
          recipientOrganizationId: org.varkaus as string,
          validUntil: new Date(Date.now() + 7 * DAY),
        },
      );
      expect(await read(contact.id)).toMatchObject({
        decision: 'permit',
        basis: 'statutory',
        statutoryDisclosureId,
      });
      expect(await read(contact.id, { at: new Date(Date.now() + 8 * DAY) })).toMatchObject({
        basis: 'no_consent',
      });
      expect(
        await failure(reviewStatutory(db(), staff.neuvoja as StaffActor, statutoryDisclosureId, 'ok')),
      ).toMatchObject({
        code: 'consent.not_found',
      });
      await reviewStatutory(
        db(),
        staff.tietosuoja as StaffActor,
        statutoryDisclosureId,
        'Peruste asianmukainen.',
      );
      const events = await searchDisclosureEvents(db(), staff.tietosuoja as StaffActor, {
        from: new Date(Date.now() - DAY),
        to: new Date(Date.now() + DAY),
        basis: 'statutory',
      });
      expect(events.some((e) => e.statutory_disclosure_id === statutoryDisclosureId)).toBe(true);
      const consents = await searchConsents(db(), staff.tietosuoja as StaffActor, {
        from: new Date(Date.now() - DAY),
        to: new Date(Date.now() + DAY),
      });
      expect(consents.length).toBeGreaterThan(0);
      expect(
        await failure(
          searchConsents(db(), staff['pirkanmaa-neuvoja'] as StaffActor, {
            from: new Date(0),
            to: new Date(),
          }),
        ),
      ).toMatchObject({ code: 'consent.not_found' });
    });
  });

  describe('my consents', () => {
    it('a signed-in family member sees their own and their child’s consents, and the child’s restriction without content', async () => {
      const cookie = await signIn(t.app, 'asiakas');
      const contact = await newContact(cookie);
      const panel = await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id);
      const me = panel.persons[0]?.id as string;
      const { personId: teen } = await addPerson(db(), staff.neuvoja as StaffActor, contact.id, {
        name: 'Onni',
        birthDate: `${new Date().getUTCFullYear() - 16}-02-01`,
        role: 'child',
        guardianPersonIds: [me],
        custody: 'sole',
      });
      await recordCapacity(db(), staff.neuvoja as StaffActor, teen, {
        capable: true,
        categories: ['record_entries'],
        basis: 'Nuori ymmärtää asian.',
        reviewDate: null,
      });
      const base = {
        recipientOrganizationIds: [org.varkaus as string],
        categories: ['mapping' as const],
        purposeCode: 'family_counselling' as const,
        purposeText: 'Perheneuvonta',
        validFrom: today(),
        validUntil: inDays(90),
        channel: 'face_to_face' as const,
        identityCheck: 'Henkilökortti',
        noticeText: 'Suostumusteksti',
        toldHowToWithdraw: true,
      };
      await recordConsent(db(), staff.neuvoja as StaffActor, contact.id, {
        ...base,
        subjectPersonId: me,
        grantorPersonId: me,
        decision: 'permit',
      });
      await recordConsent(db(), staff.neuvoja as StaffActor, contact.id, {
        ...base,
        subjectPersonId: teen,
        grantorPersonId: teen,
        decision: 'deny',
        categories: ['record_entries'],
        recipientOrganizationIds: [],
        recipientGuardians: true,
      });
      const mine = await myConsents(db(), aino);
      const self = mine.find((m) => m.person.id === me);
      const ward = mine.find((m) => m.person.id === teen);
      expect(self).toMatchObject({
        person: { self: true },
        active: [{ decision: 'permit', needsConfirmation: true }],
      });
      expect(ward).toMatchObject({
        person: { self: false, name: 'Onni' },
        active: [],
        restrictedByChild: true,
      });
      // the client confirms, signed in, the consent a worker recorded; not their child's
      const restricted = (
        await contactConsentPanel(db(), staff.neuvoja as StaffActor, contact.id)
      ).directives.find((d) => d.subject.id === teen);
      expect(await failure(confirmConsent(db(), aino, restricted?.id as string))).toMatchObject({
        code: 'consent.not_your_consent',
      });
      await confirmConsent(db(), aino, self?.active[0]?.id as string);
      const again = await myConsents(db(), aino);
      expect(again.find((m) => m.person.id === me)?.active[0]?.needsConfirmation).toBe(false);
      // the client may withdraw their own consent
      const directiveId = self?.active[0]?.id as string;
      await withdrawConsent(db(), aino, directiveId, { channel: 'strong_identification' });
      const after = await myConsents(db(), aino);
      expect(after.find((m) => m.person.id === me)).toMatchObject({
        active: [],
        past: [{ state: 'withdrawn' }],
      });
      // a staff member or a status link has no "my consents"
      expect(await failure(myConsents(db(), staff.neuvoja as unknown as ClientActor))).toMatchObject({
        code: 'consent.not_found',
      });
    });
  });
});
