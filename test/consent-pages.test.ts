// The consent pages as a browser without JavaScript uses them (forms with the page's CSRF token):
// the counsellor's consent page and its six forms, the family's answers with the status link,
// the narrow and withdraw pages, My consents, and the DPO's search and CSV. Each route's happy
// path; bad input answers 400 with a coded problem beside its field and nothing changed; the
// wrong person gets "not found".
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, seedDemoUsers, staffUserId } from '../src/features/identity/demo.ts';
import { unitSeedId } from '../src/features/network/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { SAME_ORIGIN, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const HTML = { accept: 'text/html' };
const MLL = {
  organization: stableUuid('organization', 'pohjois-savo/mll-pohjois-savon-piiri'),
  service: stableUuid('service', 'pohjois-savo/mll-kaveritoiminta'),
  unit: unitSeedId('pohjois-savo', 'mll-kaveritoiminta'),
};
/** A day far enough ahead for every period. */
const NEXT_YEAR = `${new Date().getUTCFullYear() + 1}-05-31`;

const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(ENGINES)('the consent pages on %s', (engine) => {
  let t: TestApp;
  const sessions: Record<string, string> = {};
  const db = () => t.database.db;

  async function signIn(username: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode, username).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
  const api = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...SAME_ORIGIN,
        ...(sessions[who] ? { cookie: sessions[who] } : {}),
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      payload: method === 'POST' ? JSON.stringify(payload ?? {}) : undefined,
    });
  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: { ...HTML, ...(who && sessions[who] ? { cookie: sessions[who] } : {}) } });

  /** Posts a form as a browser would from the page it is on (its CSRF cookie and token). */
  async function post(
    who: string | undefined,
    pageUrl: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> {
    const page = await get(pageUrl, who);
    expect(page.statusCode, `${pageUrl}: ${page.body.slice(0, 300)}`).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token, 'the page has a form token').toBeTruthy();
    const body = new URLSearchParams();
    body.append('_csrf', token as string);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return t.app.inject({
      method: 'POST',
      url: action,
      headers: {
        ...HTML,
        cookie: [who ? sessions[who] : undefined, csrfCookie].filter(Boolean).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  }

  /** A family's contact, handed over to MLL (another registry). */
  async function contactHandedToMll() {
    const res = await api('anonymous', 'POST', '/api/contacts', {
      ...validContact({
        childAges: [7],
        name: 'Maija Mallikas',
        replyChannel: 'phone',
        phone: '040 123 4567',
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as { reference: string; statusUrl: string };
    const row = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', answer.reference)
      .executeTakeFirstOrThrow();
    const handoff = await api('neuvoja', 'POST', '/api/handoffs', {
      handoffId: randomUUID(),
      contactId: row.id,
      targetServiceId: MLL.service,
      targetUnitId: MLL.unit,
      summary: 'Seitsemänvuotiaan raivokohtaukset; äiti uupunut.',
      familyAgreement: 'verbal',
      matchReasons: [{ code: 'topic_fit', text: 'Sopii aiheeseen' }],
    });
    expect(handoff.statusCode, handoff.body).toBe(201);
    const statusPath = new URL(answer.statusUrl).pathname;
    return { id: row.id, reference: answer.reference, statusPath };
  }

  const count = async (
    table:
      | 'consent_person'
      | 'consent_request'
      | 'consent_directive'
      | 'statutory_disclosure'
      | 'capacity_assessment',
  ) =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const handoffOf = async (contactId: string) =>
    (
      await db()
        .selectFrom('handoff')
        .select('id')
        .where('contact_id', '=', contactId)
        .executeTakeFirstOrThrow()
    ).id;

  const personsOf = (contactId: string) =>
    db()
      .selectFrom('consent_person')
      .select(['id', 'name', 'role'])
      .where('contact_id', '=', contactId)
      .execute();

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await seedDemoUsers(db(), {
      organizations: [],
      staff: [
        {
          username: 'mll-vastaanottaja',
          name: 'Minna Mannerheimilainen',
          region: 'pohjois-savo',
          organization: 'mll-pohjois-savon-piiri',
          roles: ['receiving_worker'],
        },
      ],
      clients: [],
    });
    // a receiving-unit worker of another registry: MLL's support-person unit
    await db()
      .updateTable('staff_user')
      .set({ unit_id: MLL.unit })
      .where('id', '=', staffUserId('mll-vastaanottaja'))
      .execute();
    for (const who of [
      'neuvoja',
      'vastaanottaja',
      'mll-vastaanottaja',
      'tietosuoja',
      'asiakas',
      'esihenkilo',
    ])
      sessions[who] = await signIn(who);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('MLL reads a handoff through the door: the access-log row and the disclosure event together, a refusal too', async () => {
    const c = await contactHandedToMll();
    const handoffId = await handoffOf(c.id);
    const trail = async () => ({
      log: await db()
        .selectFrom('access_log')
        .select(['action', 'role', 'organization_name', 'reason'])
        .where('resource_id', '=', handoffId)
        .where('staff_user_id', '=', staffUserId('mll-vastaanottaja'))
        .orderBy('id')
        .execute(),
      events: await db()
        .selectFrom('disclosure_event')
        .select(['decision', 'basis', 'directive_id', 'resource_type', 'items', 'region_id'])
        .where('resource_id', '=', handoffId)
        .orderBy('id')
        .execute(),
    });
    const agreement = await db()
      .selectFrom('consent_directive as d')
      .innerJoin('consent_person as p', 'p.id', 'd.subject_person_id')
      .select('d.id')
      .where('p.contact_id', '=', c.id)
      .executeTakeFirstOrThrow();
    // the family's agreement on the handoff form is MLL's basis: one log row, one event
    expect((await api('mll-vastaanottaja', 'GET', `/api/handoffs/${handoffId}`)).statusCode).toBe(200);
    const read = await trail();
    expect(read.log).toEqual([
      {
        action: 'read',
        role: 'receiving_worker',
        organization_name: 'MLL Pohjois-Savon piiri',
        reason: null,
      },
    ]);
    expect(read.events).toEqual([
      {
        decision: 'permit',
        basis: 'consent',
        directive_id: agreement.id,
        resource_type: 'handoff',
        items: ['handoff_summary'],
        region_id: expect.any(String),
      },
    ]);
    // withdrawn: "not found", a denied row and a deny event, in the same way
    const page = `/fi/staff/contacts/${c.id}/consent`;
    const withdrawn = await post('neuvoja', page, `${page}/withdrawals`, {
      directiveId: agreement.id,
      channel: 'phone',
    });
    expect(withdrawn.statusCode).toBe(303);
    expect((await api('mll-vastaanottaja', 'GET', `/api/handoffs/${handoffId}`)).statusCode).toBe(404);
    const refused = await trail();
    expect(refused.log.at(-1)).toMatchObject({
      action: 'denied',
      reason: 'read refused (consent_no_consent)',
    });
    expect(refused.events.at(-1)).toMatchObject({
      decision: 'deny',
      basis: 'no_consent',
      directive_id: null,
    });
    expect(refused.events).toHaveLength(2);
    // the sender's own reads cross no registry: no event
    expect((await api('neuvoja', 'GET', `/api/handoffs/${handoffId}`)).statusCode).toBe(200);
    expect((await trail()).events).toHaveLength(2);
  });

  it('the contact page shows the consent panel: MLL is another registry, with its state', async () => {
    const c = await contactHandedToMll();
    const page = await get(`/fi/staff/contacts/${c.id}`, 'neuvoja');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="consent-panel"');
    // no consent yet — or, once a handoff records the family's agreement as a consent, given
    expect(page.body).toMatch(/data-qa="consent-state-(none|given)">/);
    expect(page.body).toContain(`/fi/staff/contacts/${c.id}/consent`);
  });

  it('a counsellor adds a child, asks for consent, and the family accepts from the status page', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    const shown = await get(page, 'neuvoja');
    expect(shown.statusCode).toBe(200);
    expect(textOf(shown.body)).toContain('MLL Pohjois-Savon piiri');
    // the person who got in touch is made when the panel is first read; the form offers them as the guardian
    const [contacter] = await personsOf(c.id);
    expect(shown.body).toMatch(new RegExp(`name="guardianPersonIds" checked="" value="${contacter?.id}"`));

    const added = await post('neuvoja', page, `${page}/persons`, {
      name: 'Mikko',
      role: 'child',
      birthDate: '2019-03-04',
      guardianPersonIds: contacter?.id as string,
      custody: 'sole',
    });
    expect(added.statusCode, added.body.slice(0, 500)).toBe(303);
    expect(added.headers.location).toBe(`${page}?done=person`);
    const persons = await personsOf(c.id);
    const mikko = persons.find((p) => p.name === 'Mikko');
    expect(mikko?.role).toBe('child');

    const asked = await post('neuvoja', page, `${page}/requests`, {
      subjectPersonIds: mikko?.id as string,
      recipientOrganizationIds: MLL.organization,
      categories: ['mapping', 'handoff_summary'],
      purposeCode: 'family_counselling',
      purposeText: '',
      validUntil: NEXT_YEAR,
    });
    expect(asked.statusCode, textOf(asked.body).slice(0, 800)).toBe(303);
    const after = await get(`${page}?done=request`, 'neuvoja');
    expect(textOf(after.body)).toContain('Suostumuspyyntö on lähetetty perheelle.');
    expect(after.body).toMatch(/data-qa="consent-request-state">Odottaa vastausta</);

    // the family, with the status link
    const status = await get(c.statusPath);
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain('data-qa="status-consent"');
    // accepting is the primary action; declining and narrowing look secondary, not alike by accident
    expect(status.body).toMatch(/<button type="submit" data-qa="consent-accept">/);
    expect(status.body).toMatch(/<button type="submit" class="button secondary" data-qa="consent-decline">/);
    expect(status.body).toMatch(/<a class="button secondary" href="[^"]+" data-qa="consent-narrow">/);
    const request = await db()
      .selectFrom('consent_request')
      .select('id')
      .where('contact_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const accepted = await post(undefined, c.statusPath, `${c.statusPath}/consent/${request.id}/answer`, {
      answer: 'accept',
    });
    expect(accepted.statusCode, textOf(accepted.body).slice(0, 800)).toBe(303);
    expect(accepted.headers.location).toBe(`${c.statusPath}?consent=accepted#consent`);
    expect(textOf((await get(String(accepted.headers.location))).body)).toContain(
      'Kiitos. Suostumus on annettu.',
    );
    const directive = await db()
      .selectFrom('consent_directive')
      .select(['decision', 'status', 'channel'])
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(directive).toMatchObject({ decision: 'permit', status: 'active', channel: 'status_link' });
    expect((await get(page, 'neuvoja')).body).toContain('data-qa="consent-state-given"');

    // answering again: nothing changes, the family is told
    const again = await post(undefined, c.statusPath, `${c.statusPath}/consent/${request.id}/answer`, {
      answer: 'decline',
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`${c.statusPath}?consent=closed#consent`);
    expect(
      await db()
        .selectFrom('consent_request')
        .select('state')
        .where('id', '=', request.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ state: 'given' });
  });

  it('narrowing a request: the page, a coded problem beside the field, then fewer categories', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    await get(page, 'neuvoja'); // the contacter is made when the panel is first read
    const [contacter] = await personsOf(c.id);
    const asked = await post('neuvoja', page, `${page}/requests`, {
      subjectPersonIds: contacter?.id as string,
      recipientOrganizationIds: MLL.organization,
      categories: ['mapping', 'handoff_summary'],
      purposeCode: 'arranging_service',
      validUntil: NEXT_YEAR,
    });
    expect(asked.statusCode, textOf(asked.body).slice(0, 800)).toBe(303);
    const request = await db()
      .selectFrom('consent_request')
      .select('id')
      .where('contact_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const narrowPage = `${c.statusPath}/consent/${request.id}/narrow`;
    const shown = await get(narrowPage);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['x-robots-tag']).toContain('noindex');

    const directives = await count('consent_directive');
    const bad = await post(undefined, narrowPage, `${c.statusPath}/consent/${request.id}/answer`, {
      answer: 'narrow',
      recipientOrganizationIds: MLL.organization,
      validUntil: '31.2.2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('data-qa="narrow-errors"');
    expect(bad.body).toMatch(/class="field-error" id="narrow-categories-error"/);
    expect(textOf(bad.body)).toContain('Mitä tietoja: valitse vähintään yksi.');
    expect(textOf(bad.body)).toContain('Voimassa asti: anna päivämäärä muodossa 31.5.2027.');
    expect(await count('consent_directive')).toBe(directives);

    const ok = await post(undefined, narrowPage, `${c.statusPath}/consent/${request.id}/answer`, {
      answer: 'narrow',
      categories: 'handoff_summary',
      recipientOrganizationIds: MLL.organization,
    });
    expect(ok.statusCode, textOf(ok.body).slice(0, 800)).toBe(303);
    const given = await db()
      .selectFrom('consent_directive')
      .select('categories')
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(given.categories).toEqual(['handoff_summary']);
  });

  it('recording a consent given by phone needs "told how to withdraw" and the standard text', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    const shown = await get(page, 'neuvoja');
    expect(shown.body).toContain('data-qa="consent-notice-text"');
    const notice = /name="noticeText" value="([^"]+)"/
      .exec(shown.body)?.[1]
      ?.replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const [contacter] = await personsOf(c.id);
    const fields = {
      subjectPersonId: contacter?.id as string,
      grantorPersonId: contacter?.id as string,
      decision: 'permit',
      recipientOrganizationIds: MLL.organization,
      categories: 'handoff_summary',
      purposeCode: 'arranging_service',
      validFrom: new Date().toISOString().slice(0, 10),
      validUntil: NEXT_YEAR,
      channel: 'phone',
      identityCheck: 'Soitettu perheen ilmoittamaan numeroon.',
      noticeText: notice as string,
    };
    const before = await count('consent_directive');
    const bad = await post('neuvoja', page, `${page}/record`, fields);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('data-qa="consent-record-errors"');
    expect(bad.body).toContain('id="consent-record-toldHowToWithdraw-error"');
    // what was typed is kept
    expect(bad.body).toContain('Soitettu perheen ilmoittamaan numeroon.');
    const changed = await post('neuvoja', page, `${page}/record`, {
      ...fields,
      toldHowToWithdraw: 'yes',
      noticeText: 'Jotain muuta.',
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.body).toContain('id="consent-record-noticeText-error"');
    expect(await count('consent_directive')).toBe(before);

    const ok = await post('neuvoja', page, `${page}/record`, { ...fields, toldHowToWithdraw: 'yes' });
    expect(ok.statusCode, textOf(ok.body).slice(0, 800)).toBe(303);
    const row = await db()
      .selectFrom('consent_directive')
      .select(['channel', 'needs_confirmation', 'notice_text_hash'])
      .orderBy('recorded_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe('phone');
    expect(row.needs_confirmation).toBe(true);
    expect(row.notice_text_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a statutory disclosure needs a justification of 20 characters; a capacity assessment is recorded', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    await post('neuvoja', page, `${page}/persons`, { name: 'Liisa', role: 'child', birthDate: '2011-06-01' });
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const fields = {
      basis: 'lsl_25',
      justification: 'Liian lyhyt',
      items: 'contact',
      recipientOrganizationId: MLL.organization,
      validUntil: until,
    };
    const before = await count('statutory_disclosure');
    const bad = await post('neuvoja', page, `${page}/statutory`, fields);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="consent-statutory-justification-error"');
    expect(await count('statutory_disclosure')).toBe(before);
    const ok = await post('neuvoja', page, `${page}/statutory`, {
      ...fields,
      justification: 'Lastensuojeluilmoitus: huoli lapsen turvallisuudesta kotona.',
    });
    expect(ok.statusCode, textOf(ok.body).slice(0, 800)).toBe(303);
    expect(await count('statutory_disclosure')).toBe(before + 1);

    const liisa = (await personsOf(c.id)).find((p) => p.name === 'Liisa');
    const assessed = await post('neuvoja', page, `${page}/capacity`, {
      personId: liisa?.id as string,
      capable: 'yes',
      categories: ['mapping', 'handoff_summary'],
      capacityBasis: 'Ymmärtää, mitä tietoja luovutetaan ja miksi.',
    });
    expect(assessed.statusCode, /error-summary.*?<\/ul>/s.exec(assessed.body)?.[0]).toBe(303);
    expect(await count('capacity_assessment')).toBeGreaterThan(0);
  });

  it('bad input to the person form: a coded problem beside the field, nothing added', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    await get(page, 'neuvoja');
    const before = await count('consent_person');
    const bad = await post('neuvoja', page, `${page}/persons`, {
      name: '',
      role: 'child',
      birthDate: 'eilen',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="consent-person-name-error"');
    expect(bad.body).toContain('id="consent-person-birthDate-error"');
    expect(bad.body).toMatch(/aria-invalid="true"/);
    expect(await count('consent_person')).toBe(before);
  });

  it('the wrong person: other staff, a client and a bad link get "not found"', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    for (const who of ['vastaanottaja', 'mll-vastaanottaja', 'tietosuoja', 'asiakas'])
      expect((await get(page, who)).statusCode, who).toBe(404);
    expect((await get(`/fi/staff/contacts/${randomUUID()}/consent`, 'neuvoja')).statusCode).toBe(404);
    // a status link that is not one, and a request of another family
    const other = await contactHandedToMll();
    await get(`/fi/staff/contacts/${other.id}/consent`, 'neuvoja');
    const [contacter] = await personsOf(other.id);
    const otherPage = `/fi/staff/contacts/${other.id}/consent`;
    await post('neuvoja', otherPage, `${otherPage}/requests`, {
      subjectPersonIds: contacter?.id as string,
      recipientOrganizationIds: MLL.organization,
      categories: 'mapping',
      purposeCode: 'arranging_service',
      validUntil: NEXT_YEAR,
    });
    const request = await db()
      .selectFrom('consent_request')
      .select('id')
      .where('contact_id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect((await get(`${c.statusPath}/consent/${request.id}/narrow`)).statusCode).toBe(404);
    expect((await get(`/fi/tilanne/${'x'.repeat(43)}/consent/${request.id}/narrow`)).statusCode).toBe(404);
    expect((await get(`${c.statusPath}/consent/${randomUUID()}/withdraw`)).statusCode).toBe(404);
  });

  it('My consents: a signed-in client sees the page in three languages; staff get "not found"', async () => {
    for (const lang of ['fi', 'sv', 'en']) {
      const res = await get(`/${lang}/my/consents`, 'asiakas');
      expect(res.statusCode, lang).toBe(200);
      expect(res.headers['cache-control']).toContain('no-store');
    }
    expect((await get('/fi/my')).statusCode).toBeLessThan(500);
    expect((await get('/fi/my', 'asiakas')).body).toContain('href="/fi/my/consents"');
    expect((await get('/fi/my/consents')).statusCode).toBe(302);
    expect((await get('/fi/my/consents', 'neuvoja')).statusCode).toBe(404);
    expect((await get(`/fi/my/consents/${randomUUID()}/withdraw`, 'asiakas')).statusCode).toBe(404);
  });

  it('My consents: the client confirms a consent a worker recorded; another\'s is "not found", an ended or confirmed one 409', async () => {
    // three contacts handed to MLL, each with the family's verbal agreement recorded by the
    // counsellor (flagged for confirmation); the client is the contacter of the first and third
    const mine = await contactHandedToMll();
    const others = await contactHandedToMll();
    const ended = await contactHandedToMll();
    const agreementOf = async (contactId: string) =>
      db()
        .selectFrom('consent_directive as d')
        .innerJoin('consent_person as p', 'p.id', 'd.grantor_person_id')
        .select(['d.id', 'p.id as grantor'])
        .where('p.contact_id', '=', contactId)
        .executeTakeFirstOrThrow();
    const [a, b, e] = [await agreementOf(mine.id), await agreementOf(others.id), await agreementOf(ended.id)];
    await db()
      .updateTable('consent_person')
      .set({ client_id: clientId('asiakas') })
      .where('id', 'in', [a.grantor, e.grantor])
      .execute();
    const stateOf = (id: string) =>
      db()
        .selectFrom('consent_directive')
        .select(['status', 'needs_confirmation', 'confirmed_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const my = '/fi/my/consents';

    const shown = await get(my, 'asiakas');
    expect(shown.statusCode).toBe(200);
    expect(textOf(shown.body)).toContain('2 suostumusta odottaa vahvistustasi.');
    for (const d of [a, e]) expect(shown.body).toContain(`action="${my}/${d.id}/confirm"`);
    expect(shown.body).not.toContain(`${my}/${b.id}/confirm`);
    // the client's home page links to My consents with the count
    const home = await get('/fi/my', 'asiakas');
    expect(home.body).toContain('data-qa="my-consents-waiting"');
    expect(textOf(home.body)).toContain('2 suostumusta odottaa vahvistustasi.');
    for (const [lang, word] of [
      ['sv', 'Bekräfta'],
      ['en', 'Confirm'],
    ] as const) {
      const page = await get(`/${lang}/my/consents`, 'asiakas');
      expect(page.body).toContain(`data-qa="consent-confirm">${word}</button>`);
    }

    // someone else's consent: "not found", nothing changed
    const theirs = await post('asiakas', my, `${my}/${b.id}/confirm`, {});
    expect(theirs.statusCode).toBe(404);
    expect(await stateOf(b.id)).toMatchObject({ needs_confirmation: true, confirmed_at: null });
    expect((await post('asiakas', my, `${my}/${randomUUID()}/confirm`, {})).statusCode).toBe(404);

    // the happy path: back with a notice; one left to confirm
    const ok = await post('asiakas', my, `${my}/${a.id}/confirm`, {});
    expect(ok.statusCode, textOf(ok.body).slice(0, 800)).toBe(303);
    expect(ok.headers.location).toBe(`${my}?done=confirmed`);
    expect(await stateOf(a.id)).toMatchObject({ status: 'active', needs_confirmation: false });
    expect((await stateOf(a.id)).confirmed_at).not.toBeNull();
    const after = textOf((await get(String(ok.headers.location), 'asiakas')).body);
    expect(after).toContain('Kiitos. Suostumus on vahvistettu.');
    expect(after).toContain('1 suostumus odottaa vahvistustasi.');

    // confirmed already: 409 on the page, nothing changed
    const twice = await post('asiakas', my, `${my}/${a.id}/confirm`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('data-qa="consent-flash"');
    expect(textOf(twice.body)).toContain('Olet jo vahvistanut tämän suostumuksen.');

    // withdrawn first: no longer in force, 409, still unconfirmed
    const withdrawn = await post('asiakas', `${my}/${e.id}/withdraw`, `${my}/${e.id}/withdraw`, {});
    expect(withdrawn.statusCode, textOf(withdrawn.body).slice(0, 800)).toBe(303);
    const late = await post('asiakas', my, `${my}/${e.id}/confirm`, {});
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('Suostumus ei ole enää voimassa.');
    expect(await stateOf(e.id)).toMatchObject({
      status: 'withdrawn',
      needs_confirmation: true,
      confirmed_at: null,
    });
    expect(textOf((await get(my, 'asiakas')).body)).not.toContain('odottaa vahvistustasi');
    expect((await get('/fi/my', 'asiakas')).body).not.toContain('data-qa="my-consents-waiting"');
  });

  it('the status page lists the consents with "withdraw"; the counsellor records a withdrawal told by phone', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    // the handoff form's verbal agreement is the family's consent for the summary to MLL
    const [agreement] = await db()
      .selectFrom('consent_directive as d')
      .innerJoin('consent_person as p', 'p.id', 'd.subject_person_id')
      .select(['d.id', 'd.status'])
      .where('p.contact_id', '=', c.id)
      .execute();
    expect(agreement?.status).toBe('active');
    const status = await get(c.statusPath);
    expect(status.body).toContain(`href="${c.statusPath}/consent/${agreement?.id}/withdraw"`);
    expect((await get(`${c.statusPath}/consent/${agreement?.id}/withdraw`)).statusCode).toBe(200);

    // the counsellor's form: which consent, how it came; bad input changes nothing
    const shown = await get(page, 'neuvoja');
    expect(shown.body).toContain('data-qa="consent-form-withdrawal"');
    const bad = await post('neuvoja', page, `${page}/withdrawals`, { channel: 'status_link' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="consent-withdrawal-directiveId-error"');
    expect(bad.body).toContain('id="consent-withdrawal-channel-error"');
    // another contact's page cannot withdraw this contact's consent
    const other = await contactHandedToMll();
    const otherPage = `/fi/staff/contacts/${other.id}/consent`;
    const wrong = await post('neuvoja', otherPage, `${otherPage}/withdrawals`, {
      directiveId: agreement?.id as string,
      channel: 'phone',
    });
    expect(wrong.statusCode).toBe(404);
    const directiveState = () =>
      db()
        .selectFrom('consent_directive')
        .select(['status', 'withdrawn_by', 'withdrawal_channel', 'withdrawal_reason'])
        .where('id', '=', agreement?.id as string)
        .executeTakeFirstOrThrow();
    expect((await directiveState()).status).toBe('active');

    const ok = await post('neuvoja', page, `${page}/withdrawals`, {
      directiveId: agreement?.id as string,
      channel: 'phone',
      reason: 'Haluaa lukea pyynnön ensin.',
    });
    expect(ok.statusCode, textOf(ok.body).slice(0, 800)).toBe(303);
    expect(ok.headers.location).toBe(`${page}?done=withdrawalRecorded`);
    expect(await directiveState()).toEqual({
      status: 'withdrawn',
      withdrawn_by: `staff:${staffUserId('neuvoja')}`,
      withdrawal_channel: 'phone',
      withdrawal_reason: 'Haluaa lukea pyynnön ensin.',
    });
    // withdrawn already: nothing changes, said beside the choice
    const again = await post('neuvoja', page, `${page}/withdrawals`, {
      directiveId: agreement?.id as string,
      channel: 'phone',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('id="consent-withdrawal-directiveId-error"');
    expect(textOf(again.body)).toContain('Mikä suostumus perutaan: suostumus ei ole enää voimassa.');
    // MLL reads nothing now; the status page lists the consent as ended, without "withdraw"
    expect((await get(`/fi/staff/handoffs/${await handoffOf(c.id)}`, 'mll-vastaanottaja')).statusCode).toBe(
      404,
    );
    const after = await get(c.statusPath);
    expect(after.body).toContain('data-qa="status-consent-past"');
    expect(after.body).not.toContain(`${c.statusPath}/consent/${agreement?.id}/withdraw`);
    expect((await get(`${c.statusPath}/consent/${agreement?.id}/withdraw`)).statusCode).toBe(404);

    // a requested consent, accepted and withdrawn by the family on the status page
    const [contacter] = await personsOf(c.id);
    await post('neuvoja', page, `${page}/requests`, {
      subjectPersonIds: contacter?.id as string,
      recipientOrganizationIds: MLL.organization,
      categories: 'handoff_summary',
      purposeCode: 'arranging_service',
      validUntil: NEXT_YEAR,
    });
    const request = await db()
      .selectFrom('consent_request')
      .select('id')
      .where('contact_id', '=', c.id)
      .executeTakeFirstOrThrow();
    await post(undefined, c.statusPath, `${c.statusPath}/consent/${request.id}/answer`, { answer: 'accept' });
    const given = await db()
      .selectFrom('consent_directive')
      .select('id')
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect((await get(`/fi/staff/handoffs/${await handoffOf(c.id)}`, 'mll-vastaanottaja')).statusCode).toBe(
      200,
    );
    const withdrawPage = `${c.statusPath}/consent/${given.id}/withdraw`;
    expect((await get(c.statusPath)).body).toContain(`href="${withdrawPage}"`);
    const withdrawn = await post(undefined, withdrawPage, withdrawPage, {});
    expect(withdrawn.statusCode, textOf(withdrawn.body).slice(0, 800)).toBe(303);
    expect(withdrawn.headers.location).toBe(`${c.statusPath}?consent=withdrawn#consent`);
    expect((await get(`/fi/staff/handoffs/${await handoffOf(c.id)}`, 'mll-vastaanottaja')).statusCode).toBe(
      404,
    );
  });

  it('the DPO sees organisation names, not ids, and the statutory disclosures waiting for review', async () => {
    const c = await contactHandedToMll();
    const page = `/fi/staff/contacts/${c.id}/consent`;
    // a disclosure event: MLL reads the handoff on the verbal agreement
    expect((await get(`/fi/staff/handoffs/${await handoffOf(c.id)}`, 'mll-vastaanottaja')).statusCode).toBe(
      200,
    );
    const recorded = await post('neuvoja', page, `${page}/statutory`, {
      basis: 'shl_35',
      justification: 'Huoli lapsen hyvinvoinnista, yhteydenotto sosiaalihuoltoon.',
      items: 'contact',
      recipientOrganizationId: MLL.organization,
      validUntil: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(recorded.statusCode, textOf(recorded.body).slice(0, 800)).toBe(303);

    const consents = await get('/fi/staff/access-log/consents', 'tietosuoja');
    expect(consents.statusCode).toBe(200);
    const results = /data-qa="consent-results".*?<\/section>/s.exec(consents.body)?.[0] ?? '';
    expect(textOf(results)).toContain('MLL Pohjois-Savon piiri');
    expect(results).not.toContain(MLL.organization);
    const events = await get('/fi/staff/access-log/consents?kind=events', 'tietosuoja');
    const eventRows = /data-qa="consent-results".*?<\/section>/s.exec(events.body)?.[0] ?? '';
    expect(textOf(eventRows)).toContain('MLL Pohjois-Savon piiri');
    expect(eventRows).not.toContain(MLL.organization);
    for (const kind of ['consents', 'events']) {
      const csv = await get(`/fi/staff/access-log/consents.csv?kind=${kind}`, 'tietosuoja');
      expect(csv.body, kind).toContain('MLL Pohjois-Savon piiri');
      expect(csv.body, kind).not.toContain(MLL.organization);
    }

    // the statutory disclosure waits for review, with its contact's reference, until reviewed
    const waiting = /data-qa="dpo-statutory".*?<\/section>/s.exec(consents.body)?.[0] ?? '';
    expect(textOf(waiting)).toContain(c.reference);
    const disclosure = await db()
      .selectFrom('statutory_disclosure')
      .select('id')
      .where('contact_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const review = `/fi/staff/access-log/consents/statutory/${disclosure.id}/review`;
    expect(waiting).toContain(`action="${review}"`);
    // without a note: the page again, the problem beside that disclosure's field, nothing marked
    const empty = await post('tietosuoja', '/fi/staff/access-log/consents', review, { note: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(`id="review-${disclosure.id}-error"`);
    expect(empty.body).toContain(`aria-describedby="review-${disclosure.id}-error"`);
    expect(textOf(empty.body)).toContain(
      'Kirjoita, mitä tarkastit, ennen kuin merkitset luovutuksen tarkastetuksi.',
    );
    const unmarked = await db()
      .selectFrom('statutory_disclosure')
      .select('reviewed_at')
      .where('id', '=', disclosure.id)
      .executeTakeFirstOrThrow();
    expect(unmarked.reviewed_at).toBeNull();
    const reviewed = await post('tietosuoja', '/fi/staff/access-log/consents', review, {
      note: 'Peruste kunnossa.',
    });
    expect(reviewed.statusCode).toBe(303);
    const later = await get('/fi/staff/access-log/consents', 'tietosuoja');
    expect(later.body).not.toContain(`action="${review}"`);
  });

  it('the DPO searches consents and disclosure events and exports them as CSV', async () => {
    const page = await get('/fi/staff/access-log/consents', 'tietosuoja');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="consent-results"');
    const csv = await get('/fi/staff/access-log/consents.csv', 'tietosuoja');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('recorded_at');
    const events = await get('/fi/staff/access-log/consents.csv?kind=events', 'tietosuoja');
    expect(events.statusCode).toBe(200);
    expect(events.body).toContain('to_organization');
    const bad = await get('/fi/staff/access-log/consents?from=32.13.2026', 'tietosuoja');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="dpo-from-error"');
    for (const who of ['neuvoja', 'asiakas', 'esihenkilo'])
      expect((await get('/fi/staff/access-log/consents', who)).statusCode, who).toBe(404);
  });
});
