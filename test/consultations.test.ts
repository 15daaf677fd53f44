// Consultations and co-work requests (capability 7) through the API and the pages, on every
// engine: a partner consults anonymously → a counsellor of the region claims, proposes a call,
// the requester is notified and replies → closed with an outcome; a family's consultation with
// the consent recorded in the consent store; a co-work request accepted or declined with a
// reason. Then the wrong person (another organisation's partner, another region's counsellor,
// a manager: "not found", and logged) and bad input (each a coded 4xx, nothing changed).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';
import { call, seedExtraStaff, signIn } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A time on Helsinki's clock as the form's datetime-local sends it, n days from now. */
function helsinkiLocalIn(days: number): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + days * DAY));
  return parts.replace(' ', 'T');
}

const anonymousQuestion = {
  kind: 'consultation',
  about: 'anonymous',
  question: 'Luokalla on 9-vuotias, joka ei puhu koulussa lainkaan. Miten voisin tukea perhettä?',
};

describe.each(ENGINES)('consultations on %s', (engine) => {
  let t: TestApp;
  const s: Record<string, string> = {};
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await seedExtraStaff(db());
    for (const who of [
      'kumppani',
      'opettaja',
      'terveydenhoitaja',
      'neuvoja',
      'neuvoja2',
      'vastaanottaja-mll',
      'esihenkilo',
      'pirkanmaa-neuvoja',
      'kuopio-neuvoja',
    ])
      s[who] = await signIn(t.app, who);
    // the requester's e-mail, for the notification
    await db()
      .updateTable('staff_user')
      .set({ email: 'kaisa.kumppani@example.fi' })
      .where('subject', '=', 'kumppani')
      .execute();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const send = (who: string, payload: Record<string, unknown>) =>
    call(t.app, { method: 'POST', url: '/api/consultations', cookie: s[who], payload });
  const step = (who: string, id: string, name: string, payload: Record<string, unknown> = {}) =>
    call(t.app, { method: 'POST', url: `/api/consultations/${id}/${name}`, cookie: s[who], payload });
  const read = (who: string, id: string) => call(t.app, { url: `/api/consultations/${id}`, cookie: s[who] });
  const count = async () =>
    Number(
      (
        await sql<{
          n: string;
        }>`SELECT (SELECT count(*) FROM consultation) + (SELECT count(*) FROM consultation_message) AS n`.execute(
          db(),
        )
      ).rows[0]?.n,
    );
  const stateOf = async (id: string) =>
    await db()
      .selectFrom('consultation')
      .select(['state', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('a partner consults anonymously; a counsellor claims, proposes a call; the requester is told, replies; it closes', async () => {
    // the counsellors' staff home counts the consultations waiting, a link to their queue
    const waitingOnHome = async () => {
      const home = await t.app.inject({
        url: '/fi/staff',
        headers: { cookie: s.neuvoja, accept: 'text/html' },
      });
      expect(home.statusCode).toBe(200);
      const link =
        /<a href="\/fi\/staff\/consultations"[^>]*data-qa="waiting-consultations"[^>]*>([\s\S]*?)<\/a>/.exec(
          home.body,
        );
      expect(link, 'the home links to the consultations').not.toBeNull();
      return Number(/\d+/.exec((link?.[1] ?? '').replace(/<[^>]+>/g, ''))?.[0]);
    };
    const waitingBefore = await waitingOnHome();
    const sent = await send('kumppani', anonymousQuestion);
    expect(sent.statusCode, sent.body).toBe(201);
    const { id } = sent.json() as { id: string };

    const queue = await call(t.app, { url: '/api/consultations/queue', cookie: s.neuvoja });
    expect(queue.statusCode).toBe(200);
    const item = (queue.json() as { items: { id: string; state: string; respondBy: string }[] }).items.find(
      (i) => i.id === id,
    );
    expect(item?.state).toBe('requested');
    expect(await waitingOnHome()).toBe(waitingBefore + 1);
    // a partner's home has no such count
    const partnerHome = await t.app.inject({
      url: '/fi/staff',
      headers: { cookie: s.kumppani, accept: 'text/html' },
    });
    expect(partnerHome.body).not.toContain('data-qa="waiting-consultations"');
    expect(item?.respondBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    expect((await step('neuvoja', id, 'claim')).statusCode).toBe(200);
    const callAt = helsinkiLocalIn(2);
    const answered = await step('neuvoja', id, 'answer', {
      answerKind: 'call',
      callAt,
      body: 'Soitetaan ja käydään tilanne läpi.',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const outbox = await db()
      .selectFrom('outbox')
      .select(['recipient', 'template', 'params'])
      .where('template', '=', 'consultation_news')
      .execute();
    expect(outbox.map((o) => o.recipient)).toContain('kaisa.kumppani@example.fi');
    expect(JSON.stringify(outbox)).not.toContain('Soitetaan');

    const mine = await call(t.app, { url: '/api/consultations/mine', cookie: s.kumppani });
    const own = (mine.json() as { items: { id: string; unread: boolean; state: string }[] }).items.find(
      (i) => i.id === id,
    );
    expect(own).toMatchObject({ state: 'answered', unread: true });

    const view = await read('kumppani', id);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ state: 'answered', side: 'requester', answerKind: 'call' });
    const again = await call(t.app, { url: '/api/consultations/mine', cookie: s.kumppani });
    expect(
      (again.json() as { items: { id: string; unread: boolean }[] }).items.find((i) => i.id === id)?.unread,
    ).toBe(false);

    expect((await step('kumppani', id, 'reply', { body: 'Kiitos, sopii.' })).statusCode).toBe(200);
    const closed = await step('neuvoja2', id, 'close', { outcome: 'advice_given' });
    expect(closed.statusCode, closed.body).toBe(200);
    const final = (await read('kumppani', id)).json() as {
      state: string;
      outcome: string;
      messages: { kind: string }[];
    };
    expect(final.state).toBe('closed');
    expect(final.outcome).toBe('advice_given');
    expect(final.messages.map((m) => m.kind)).toEqual(['question', 'call', 'reply']);

    // answering a closed one: 409, nothing changed
    const before = await count();
    const late = await step('neuvoja', id, 'answer', { body: 'Vielä yksi asia.' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'consultation.transition_not_allowed' } });
    expect(await count()).toBe(before);
  });

  it('logs every read and write of an anonymous consultation, and the refusals', async () => {
    const { id } = (await send('kumppani', anonymousQuestion)).json() as { id: string };
    await read('neuvoja', id);
    expect((await read('vastaanottaja-mll', id)).statusCode).toBe(404);
    const rows = await db()
      .selectFrom('access_log')
      .select(['action', 'staff_user_id', 'reason'])
      .where('resource_type', '=', 'consultation')
      .where('resource_id', '=', id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['create', 'read', 'denied']);
    expect(rows[2]?.reason).toContain('read refused');
  });

  it('answers "not found" to another organisation\'s partner, another region\'s counsellor and a manager', async () => {
    const { id } = (await send('kumppani', anonymousQuestion)).json() as { id: string };
    for (const who of [
      'opettaja',
      'vastaanottaja-mll',
      'pirkanmaa-neuvoja',
      'kuopio-neuvoja',
      'esihenkilo',
    ]) {
      const res = await read(who, id);
      expect(res.statusCode, who).toBe(404);
      expect((await step(who, id, 'claim')).statusCode, who).toBe(404);
    }
    expect((await stateOf(id)).state).toBe('requested');
    // the queue is the region's counsellors' own
    expect((await call(t.app, { url: '/api/consultations/queue', cookie: s.kumppani })).statusCode).toBe(404);
    expect(
      (await call(t.app, { url: '/api/consultations/queue', cookie: s['pirkanmaa-neuvoja'] })).statusCode,
    ).toBe(200);
    const other = await call(t.app, { url: '/api/consultations/queue', cookie: s['pirkanmaa-neuvoja'] });
    expect((other.json() as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(id);
  });

  it('warns when anonymous text looks identifying, and sends once the sender confirms it does not', async () => {
    const before = await count();
    const text = 'Oppilas Mikko, hetu 131052-308T, äidin numero 040 123 4567.';
    const warned = await send('kumppani', { ...anonymousQuestion, question: text });
    expect(warned.statusCode).toBe(400);
    const body = warned.json() as { error: { fields: { field: string; code: string }[] } };
    expect(body.error.fields).toEqual([
      expect.objectContaining({ field: 'question', code: 'consultation.looks_identifying' }),
    ]);
    expect(await count()).toBe(before);
    const confirmed = await send('kumppani', {
      ...anonymousQuestion,
      question: 'Oppilaalla on Mikko-niminen pehmolelu mukana aina.',
      notIdentifying: true,
    });
    expect(confirmed.statusCode).toBe(201);
  });

  it("a consultation about an identified family needs the consent, recorded as the family's permit across registries", async () => {
    const before = await count();
    const without = await send('kumppani', {
      ...anonymousQuestion,
      about: 'identified',
      familyName: 'Virtaset',
    });
    expect(without.statusCode).toBe(400);
    expect(
      (without.json() as { error: { fields: { field: string }[] } }).error.fields.map((f) => f.field),
    ).toEqual(expect.arrayContaining(['consentKind', 'consentGivenOn']));
    expect(await count()).toBe(before);

    const today = new Date().toISOString().slice(0, 10);
    const withConsent = await send('kumppani', {
      ...anonymousQuestion,
      about: 'identified',
      familyName: 'Virtaset',
      consentKind: 'written',
      consentGivenOn: today,
      consentReference: 'MLL-2026-17',
    });
    expect(withConsent.statusCode, withConsent.body).toBe(201);
    const { id } = withConsent.json() as { id: string };
    const row = await db()
      .selectFrom('consultation')
      .select(['consent_directive_id', 'family_name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.consent_directive_id).not.toBeNull();
    const directive = await db()
      .selectFrom('consent_directive')
      .select(['status', 'purpose_code', 'recipient_organization_ids', 'channel'])
      .where('id', '=', row.consent_directive_id as string)
      .executeTakeFirstOrThrow();
    expect(directive).toMatchObject({
      status: 'active',
      purpose_code: 'family_counselling',
      channel: 'paper',
    });
    const view = await read('neuvoja', id);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      familyName: 'Virtaset',
      consent: { kind: 'written', recorded: true },
    });
    const basis = await db()
      .selectFrom('access_log')
      .select(['action', 'role'])
      .where('resource_type', '=', 'consultation')
      .where('resource_id', '=', id)
      .where('action', '=', 'read')
      .execute();
    expect(basis).toEqual([{ action: 'read', role: 'counsellor' }]);

    // the family withdraws its consent through the professional who recorded it: nobody else
    // may record that (another organisation's partner, a counsellor: not found)
    const withdraw = (who: string, payload: Record<string, unknown>) =>
      call(t.app, {
        method: 'POST',
        url: `/api/consultations/${id}/consent-withdrawal`,
        cookie: s[who],
        payload,
      });
    expect((await withdraw('opettaja', { channel: 'phone' })).statusCode).toBe(404);
    expect((await withdraw('neuvoja', { channel: 'phone' })).statusCode).toBe(404);
    const noChannel = await withdraw('kumppani', { channel: 'carrier pigeon' });
    expect(noChannel.statusCode).toBe(400);
    expect((noChannel.json() as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe(
      'channel',
    );
    const inQueue = async () =>
      (
        (await call(t.app, { url: '/api/consultations/queue', cookie: s.neuvoja })).json() as {
          items: { id: string }[];
        }
      ).items.some((i) => i.id === id);
    expect(await inQueue()).toBe(true);
    const withdrawn = await withdraw('kumppani', { channel: 'phone', reason: 'Perhe soitti' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(
      await db()
        .selectFrom('consent_directive')
        .select(['status', 'withdrawal_channel'])
        .where('id', '=', row.consent_directive_id as string)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'withdrawn', withdrawal_channel: 'phone' });
    expect((await withdraw('kumppani', { channel: 'phone' })).statusCode).toBe(409);
    // the counsellors no longer see it, nor list it; the requester still does
    expect(await inQueue()).toBe(false);
    expect((await read('neuvoja', id)).statusCode).toBe(404);
    expect((await read('kumppani', id)).statusCode).toBe(200);
    // each read by the counsellors crossed registries: a disclosure event, the refusal too;
    // the requester's own reads stay in their registry and write none
    const crossings = await db()
      .selectFrom('disclosure_event')
      .select(['decision', 'basis', 'directive_id', 'resource_type', 'recipient_organization_id'])
      .where('resource_type', '=', 'consultation')
      .where('resource_id', '=', id)
      .orderBy('at')
      .execute();
    expect(crossings.map((c) => [c.decision, c.basis])).toEqual([
      ['permit', 'consent'],
      ['deny', 'no_consent'],
    ]);
    expect(crossings.every((c) => c.directive_id === row.consent_directive_id)).toBe(true);

    // within one registry (the region's own neuvola nurse) nothing is disclosed: no permit recorded
    const nurse = await send('terveydenhoitaja', {
      ...anonymousQuestion,
      about: 'identified',
      familyName: 'Korhoset',
      consentKind: 'verbal',
      consentGivenOn: today,
    });
    expect(nurse.statusCode).toBe(201);
    const nurseRow = await db()
      .selectFrom('consultation')
      .select(['consent_directive_id', 'consent_channel'])
      .where('id', '=', (nurse.json() as { id: string }).id)
      .executeTakeFirstOrThrow();
    expect(nurseRow).toEqual({ consent_directive_id: null, consent_channel: 'verbal' });
  });

  it('a co-work request names a future time and place; the counsellor declines only with a reason, or accepts', async () => {
    // a unit of the region's family counselling (the wellbeing services county runs the contact point)
    const units = await db()
      .selectFrom('unit')
      .innerJoin('organization', 'organization.id', 'unit.organization_id')
      .innerJoin('region', 'region.id', 'organization.region_id')
      .select('unit.id')
      .where('region.code', '=', 'pohjois-savo')
      .where('organization.kind', '=', 'region')
      .where('unit.active', '=', true)
      .execute();
    const unitId = units[0]?.id;
    expect(unitId).toBeDefined();
    const cowork = {
      kind: 'cowork',
      about: 'anonymous',
      question: 'Tarvitsen perheneuvojan työpariksi vanhempainvarttiin.',
      coworkAt: helsinkiLocalIn(7),
      coworkPlace: 'Kuopion koulu, neuvotteluhuone 2',
      unitId,
    };
    const sent = await send('opettaja', cowork);
    expect(sent.statusCode, sent.body).toBe(201);
    const { id } = sent.json() as { id: string };
    // accepted only once claimed
    expect((await step('neuvoja', id, 'accept', { body: 'x' })).json()).toMatchObject({
      error: { code: 'consultation.transition_not_allowed' },
    });
    expect((await step('neuvoja', id, 'claim')).statusCode).toBe(200);
    // answer is a consultation's step; a co-work request is accepted or declined
    const wrong = await step('neuvoja', id, 'answer', { body: 'Vastaus' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({ error: { code: 'consultation.wrong_kind' } });
    const noReason = await step('neuvoja', id, 'decline', { body: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({
      error: { fields: [{ field: 'body', code: 'consultation.reason_required' }] },
    });
    expect((await stateOf(id)).state).toBe('claimed');
    const declined = await step('neuvoja', id, 'decline', { body: 'Ei vapaita aikoja tuolle viikolle.' });
    expect(declined.statusCode).toBe(200);
    expect((await stateOf(id)).state).toBe('declined');

    const second = (await send('opettaja', cowork)).json() as { id: string };
    await step('neuvoja', second.id, 'claim');
    expect((await step('neuvoja', second.id, 'accept', { body: 'Tulen mielelläni.' })).statusCode).toBe(200);
    expect((await step('neuvoja', second.id, 'close', { outcome: 'cowork_agreed' })).statusCode).toBe(200);
    expect(await stateOf(second.id)).toMatchObject({ state: 'closed' });
  });

  it('refuses bad input with a coded 400 beside the field, nothing saved', async () => {
    const before = await count();
    const mll = await db()
      .selectFrom('unit')
      .innerJoin('organization', 'organization.id', 'unit.organization_id')
      .select('unit.id')
      .where('organization.kind', '=', 'ngo')
      .executeTakeFirstOrThrow();
    const base = {
      kind: 'cowork',
      about: 'anonymous',
      question: 'Työpariksi perhetapaamiseen.',
      coworkAt: helsinkiLocalIn(3),
      coworkPlace: 'Koulu',
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...anonymousQuestion, question: '' }, 'question', 'consultation.text_required'],
      [{ ...anonymousQuestion, question: 'a'.repeat(4001) }, 'question', 'consultation.text_too_long'],
      [
        { ...anonymousQuestion, question: 'Tekstissä on \u202Ekäännös.' },
        'question',
        'consultation.control_characters',
      ],
      [{ ...base, coworkAt: helsinkiLocalIn(-1) }, 'coworkAt', 'consultation.time_in_past'],
      [{ ...base, coworkAt: '2026-13-40T25:00' }, 'coworkAt', 'consultation.date_invalid'],
      [{ ...base, unitId: randomUUID() }, 'unitId', 'consultation.unit_unknown'],
      [{ ...base, unitId: mll.id }, 'unitId', 'consultation.unit_not_counselling'],
      [{ ...anonymousQuestion, kind: 'other' }, 'kind', 'consultation.choose_one'],
    ];
    for (const [payload, field, code] of cases) {
      const res = await send('kumppani', payload);
      expect(res.statusCode, code).toBe(400);
      expect(
        (res.json() as { error: { fields: { field: string; code: string }[] } }).error.fields,
        code,
      ).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    }
    const nul = await send('kumppani', { ...anonymousQuestion, question: 'NUL\u0000' });
    expect(nul.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('refuses a stale form (another version) with 409, nothing changed', async () => {
    const { id } = (await send('kumppani', anonymousQuestion)).json() as { id: string };
    const { version } = await stateOf(id);
    expect((await step('neuvoja', id, 'claim', { version })).statusCode).toBe(200);
    const before = await count();
    const stale = await step('neuvoja2', id, 'decline', { version, body: 'Ei meille.' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'consultation.stale' } });
    expect(await stateOf(id)).toMatchObject({ state: 'claimed', version: version + 1 });
    expect(await count()).toBe(before);
  });

  it('expires a request nobody claimed ten working days after its promised day (checked when read)', async () => {
    const { id } = (await send('kumppani', anonymousQuestion)).json() as { id: string };
    await sql`UPDATE consultation SET respond_by = '2026-01-02' WHERE id = ${id}`.execute(db());
    const queue = await call(t.app, { url: '/api/consultations/queue', cookie: s.neuvoja });
    expect((queue.json() as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(id);
    expect((await stateOf(id)).state).toBe('expired');
    expect((await step('neuvoja', id, 'claim')).statusCode).toBe(409);
  });

  // ---------------------------------------------------------------- the pages

  async function page(who: string, url: string) {
    return t.app.inject({ method: 'GET', url, headers: { cookie: s[who] } });
  }
  async function postForm(who: string, pageUrl: string, action: string, fields: Record<string, string>) {
    const form = await page(who, pageUrl);
    expect(form.statusCode, `${pageUrl}: ${form.body.slice(0, 300)}`).toBe(200);
    const csrfCookie = String(form.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] as string;
    const body = new URLSearchParams({ _csrf: token, ...fields });
    return t.app.inject({
      method: 'POST',
      url: action,
      headers: {
        cookie: [s[who], csrfCookie].filter(Boolean).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  }

  it('pages: the partner sends from the form, the warning comes back beside the text; the counsellor answers from the queue', async () => {
    for (const lang of ['fi', 'sv', 'en']) {
      const form = await page('kumppani', `/${lang}/staff/my-consultations/new`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('data-qa="consultation-form"');
    }
    const newUrl = '/fi/staff/my-consultations/new';
    const warned = await postForm('kumppani', newUrl, newUrl, {
      kind: 'consultation',
      about: 'anonymous',
      question: 'Perheen äiti, puh. 044 765 4321, toivoo neuvoa.',
    });
    expect(warned.statusCode).toBe(400);
    expect(warned.body).toContain('data-qa="question-error"');
    expect(warned.body).toContain('data-qa="field-notIdentifying"');
    expect(warned.body).toContain('044 765 4321');

    const sent = await postForm('kumppani', newUrl, newUrl, {
      kind: 'consultation',
      about: 'anonymous',
      question: 'Kuinka tukea perhettä, jossa vanhempi on uupunut?',
    });
    expect(sent.statusCode).toBe(303);
    const location = String(sent.headers.location);
    const id = /consultations\/([0-9a-f-]{36})/.exec(location)?.[1] as string;
    expect(id).toBeTruthy();

    const queue = await page('neuvoja', '/fi/staff/consultations');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(id);
    expect((await page('kumppani', '/fi/staff/consultations')).statusCode).toBe(404);
    expect((await page('esihenkilo', '/fi/staff/my-consultations')).statusCode).toBe(404);

    const url = `/fi/staff/consultations/${id}`;
    const claimed = await postForm('neuvoja', url, `${url}/claim`, {});
    expect(claimed.statusCode).toBe(303);
    const answerPage = await page('neuvoja', url);
    const version = /name="version" value="(\d+)"/.exec(answerPage.body)?.[1] as string;
    const noText = await postForm('neuvoja', url, `${url}/answer`, {
      version,
      answerKind: 'written',
      body: '',
    });
    expect(noText.statusCode).toBe(400);
    expect(noText.body).toContain('data-qa="error-summary-answer"');
    const answered = await postForm('neuvoja', url, `${url}/answer`, {
      version,
      answerKind: 'written',
      body: 'Ohjaa perhe pyytämään neuvoa itse.',
    });
    expect(answered.statusCode).toBe(303);
    const mine = await page('kumppani', '/fi/staff/my-consultations');
    expect(mine.body).toContain('data-qa="new-answer"');
    for (const lang of ['fi', 'sv', 'en']) {
      const shown = await page('kumppani', `/${lang}/staff/consultations/${id}`);
      expect(shown.statusCode, lang).toBe(200);
      expect(shown.body, lang).toContain('data-qa="thread"');
      expect(shown.body, lang).not.toMatch(/\{[a-z]+\}/);
    }
    const stale = await postForm('neuvoja', url, `${url}/answer`, {
      version,
      answerKind: 'written',
      body: 'Uudelleen',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('data-qa="conflict"');
  });

  it("pages: the requester records the family's withdrawal of its consent; then only they see the consultation", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const sent = await send('kumppani', {
      ...anonymousQuestion,
      about: 'identified',
      familyName: 'Nieminen',
      consentKind: 'verbal',
      consentGivenOn: today,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { id } = sent.json() as { id: string };
    const url = `/fi/staff/consultations/${id}`;
    const action = `${url}/consent-withdrawal`;
    const mine = await page('kumppani', url);
    expect(mine.body).toContain('data-qa="form-consent-withdrawal"');
    // the counsellor has no such form: it is the requester's record of what the family said
    expect((await page('neuvoja', url)).body).not.toContain('data-qa="form-consent-withdrawal"');
    // no channel: the problem beside the field, nothing changed
    const missing = await postForm('kumppani', url, action, { reason: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('data-qa="error-summary-consent-withdrawal"');
    expect(missing.body).toContain('Valitse, miten perhe kertoi perumisesta.');
    expect((await read('neuvoja', id)).statusCode).toBe(200);
    const done = await postForm('kumppani', url, action, {
      channel: 'face_to_face',
      reason: 'Perhe ei halua',
    });
    expect(done.statusCode, done.body.slice(0, 500)).toBe(303);
    expect(done.headers.location).toBe(`${url}?done=consent-withdrawal`);
    const after = await page('kumppani', `${url}?done=consent-withdrawal`);
    expect(after.body).toContain('Suostumus on kirjattu perutuksi.');
    expect(after.body).toContain('Perhe on perunut suostumuksen');
    expect(after.body).not.toContain('data-qa="form-consent-withdrawal"');
    expect((await page('neuvoja', url)).statusCode).toBe(404);
  });
});
