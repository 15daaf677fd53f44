// The family's status page after a warm handoff with a first appointment (issue 10, finding 15):
// the page leads with the appointment (when, where, with whom, how to reach the unit), not with
// "Päättynyt"; the calendar file answers text/calendar with the right instant in winter and in
// summer; the family's request to move or cancel the time arrives on the receiving unit's
// handoff page and in its inbox; the appointment e-mail has its own subject in the family's
// language. On every engine, through the real app, as a browser without JavaScript uses it.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHandoffTemplate } from '../src/features/handoffs/notifications.ts';
import { helsinkiInstant } from '../src/features/handoffs/pages/HandoffForms.tsx';
import { unitSeedId } from '../src/features/network/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { SAME_ORIGIN, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const HTML = { accept: 'text/html' };
const SERVICE = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const UNIT = unitSeedId('pohjois-savo', 'perheneuvola-kuopio');
const UNIT_EMAIL = 'perheneuvola.kuopio@example.fi';
/** Next year: its winter and summer days are always in the future. */
const YEAR = new Date().getUTCFullYear() + 1;
/** 9.00 in Helsinki on a Tuesday in January (UTC+2) and on a Tuesday in June (UTC+3). */
const WINTER = { date: `${YEAR}-01-12`, utc: `${YEAR}0112T070000Z` };
const SUMMER = { date: `${YEAR}-06-15`, utc: `${YEAR}0615T060000Z` };
const STATUS_WORD = { fi: 'tilanne', sv: 'status', en: 'status' } as const;

const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
const firstHeading = (html: string) => textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
const weekday = (date: string) =>
  ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${date}T12:00:00Z`).getUTCDay()];

describe.each(ENGINES)("the family's appointment on %s", (engine) => {
  let t: TestApp;
  const sessions: Record<string, string> = {};
  const db = () => t.database.db;

  async function signIn(username: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode, username).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
  const api = (who: string, url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...SAME_ORIGIN, cookie: sessions[who] ?? '', 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: { ...HTML, ...(who ? { cookie: sessions[who] } : {}) } });

  /** A form post as a browser makes it from the page it is on (its CSRF cookie and token). */
  async function postForm(
    pageUrl: string,
    formAction: string,
    fields: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    const page = await get(pageUrl);
    expect(page.statusCode).toBe(200);
    const cookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const form = new RegExp(
      `<form[^>]*action="${formAction.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^"]*"[\\s\\S]*?</form>`,
    ).exec(page.body)?.[0];
    expect(form, `the page has the form ${formAction}`).toBeTruthy();
    const body = new URLSearchParams();
    for (const [, name, value] of (form as string).matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
    ))
      body.append(name as string, value as string);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return t.app.inject({
      method: 'POST',
      url: formAction,
      headers: { ...HTML, cookie: cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  }

  /** A family's contact, handed over to the Kuopio clinic, with its first appointment set. */
  async function familyWithAppointment({
    date = WINTER.date,
    language = 'fi',
    email = null as string | null,
    phone = null as string | null,
    place = 'Puijonkatu 12 B, 2. krs' as string | null,
    withWhom = 'psykologi Maija Mallikas' as string | null,
  } = {}) {
    const sent = await api('anonymous', '/api/contacts', {
      ...validContact({
        childAges: [7],
        topics: ['TUNTEET_KAYTTAYTYMINEN'],
        language,
        ...(email ? { replyChannel: 'email', email } : {}),
        ...(phone ? { replyChannel: 'phone', phone } : {}),
      }),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { reference, statusUrl } = sent.json() as { reference: string; statusUrl: string };
    const token = statusUrl.split('/').pop() as string;
    const { id: contactId } = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const handoffId = randomUUID();
    const handed = await api('neuvoja', '/api/handoffs', {
      handoffId,
      contactId,
      targetServiceId: SERVICE,
      targetUnitId: UNIT,
      summary: 'Seitsemänvuotiaan raivokohtaukset.',
      familyAgreement: 'verbal',
    });
    expect(handed.statusCode, handed.body).toBe(201);
    const at = helsinkiInstant(date, '09:00') as Date;
    const set = await api('vastaanottaja', `/api/handoffs/${handoffId}/appointment`, {
      appointmentAt: at.toISOString(),
      place,
      with: withWhom,
    });
    expect(set.statusCode, set.body).toBe(200);
    return { token, handoffId, contactId, reference, at };
  }

  const statusUrl = (lang: 'fi' | 'sv' | 'en', token: string) => `/${lang}/${STATUS_WORD[lang]}/${token}`;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    for (const who of ['neuvoja', 'vastaanottaja']) sessions[who] = await signIn(who);
  });
  afterAll(async () => t?.close());

  it('the status page leads with the appointment: when, where, with whom, how to reach the unit', async () => {
    const family = await familyWithAppointment();
    const res = await get(statusUrl('fi', family.token));
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(firstHeading(html)).toBe(`Ensikäyntisi: ti 12.1.${YEAR} klo 9.00`);
    // the appointment comes before the contact's earlier steps, and "Päättynyt" headlines nothing
    const order = [
      'data-qa="appointment"',
      'data-qa="unit-contact"',
      'data-qa="appointment-request"',
      'data-qa="status-facts"',
    ];
    const at = order.map((qa) => html.indexOf(qa));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const [, heading] of html.matchAll(/<h[12][^>]*>([\s\S]*?)<\/h[12]>/g))
      expect(textOf(heading as string)).not.toMatch(/Päättynyt|päättyi/);
    expect(textOf(html)).toContain('Puijonkatu 12 B, 2. krs');
    expect(textOf(html)).toContain('psykologi Maija Mallikas, Kuopion perheneuvola');
    expect(html).toContain('href="tel:0105557034"');
    expect(html).toContain(`href="mailto:perheneuvola.kuopio@example.fi"`);
    expect(html).toContain(`href="${statusUrl('fi', family.token)}/calendar.ics"`);
    // the other handoffs list is not repeated for the current one, so no stray list
    expect(html).not.toContain('data-qa="handoffs"');
  });

  it.each([
    ['sv', `Ditt första besök: tis 12.1.${YEAR} kl. 9.00`],
    ['en', `Your first appointment: Tue 12.1.${YEAR} at 9.00`],
  ] as const)('in %s too', async (lang, heading) => {
    const family = await familyWithAppointment();
    const res = await get(statusUrl(lang, family.token));
    expect(firstHeading(res.body)).toBe(heading);
  });

  it.each([
    ['winter (UTC+2)', WINTER],
    ['summer (UTC+3)', SUMMER],
  ])('the calendar file has the right instant for 9.00 in Helsinki in %s', async (_, when) => {
    expect(weekday(when.date)).toBeTruthy();
    const family = await familyWithAppointment({ date: when.date });
    const res = await get(`${statusUrl('fi', family.token)}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const ics = res.body.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toMatch(new RegExp(`^DTSTART:${when.utc}\\r?$`, 'm'));
    expect(ics).toContain('LOCATION:Puijonkatu 12 B\\, 2. krs');
    // nothing of the family: no name, no reference, no status link in the calendar
    expect(ics).not.toContain(family.reference);
    expect(ics).not.toContain(family.token);
    // read through the door and logged as the status page is
    const logged = await db()
      .selectFrom('access_log')
      .select(['resource_type', 'action'])
      .where('resource_type', '=', 'handoff_calendar')
      .where('resource_id', '=', family.handoffId)
      .execute();
    expect(logged).toEqual([{ resource_type: 'handoff_calendar', action: 'read' }]);
  });

  it('a wrong token gets no calendar', async () => {
    const res = await get(`${statusUrl('fi', 'A'.repeat(43))}/calendar.ics`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it("the family's request to move the time reaches the receiving unit's handoff page and inbox", async () => {
    const family = await familyWithAppointment();
    const page = statusUrl('fi', family.token);
    const sent = await postForm(page, `${page}/appointment`, {
      kind: 'change',
      text: 'Tiistait eivät käy. Torstaisin iltapäivällä pääsen.',
    });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    expect(sent.headers.location).toBe(`${page}?request=1#appointment-request`);

    const after = await get(`${page}?request=1`);
    expect(after.body).toContain('data-qa="request-sent"');
    expect(textOf(after.body)).toContain('pyysit uutta aikaa');

    const handoffPage = await get(`/fi/staff/handoffs/${family.handoffId}`, 'vastaanottaja');
    expect(handoffPage.statusCode).toBe(200);
    const staffText = textOf(handoffPage.body);
    expect(staffText).toContain('Perhe pyytää uutta aikaa');
    expect(staffText).toContain('Torstaisin iltapäivällä pääsen.');
    expect(staffText).toContain('Odottaa');

    const inbox = await get('/fi/staff/handoffs', 'vastaanottaja');
    const row =
      new RegExp(`<tr[^>]*data-id="${family.handoffId}"[\\s\\S]*?</tr>`).exec(inbox.body)?.[0] ?? '';
    expect(textOf(row)).toContain('Perhe pyytää uutta aikaa');
    // the inbox API says so too
    const inboxApi = await t.app.inject({
      url: '/api/handoffs/inbox',
      headers: { cookie: sessions.vastaanottaja },
    });
    const { handoffs } = inboxApi.json() as { handoffs: { id: string; familyRequest: string | null }[] };
    const item = handoffs.find((h) => h.id === family.handoffId);
    expect(item?.familyRequest).toBe('change');
    // and the counsellor who handed the family over, in "my handoffs"
    const mine = await get('/fi/staff/handoffs', 'neuvoja');
    const myRow =
      new RegExp(`<tr[^>]*data-id="${family.handoffId}"[\\s\\S]*?</tr>`).exec(mine.body)?.[0] ?? '';
    expect(textOf(myRow)).toContain('Perhe pyytää uutta aikaa');

    // the unit is told by e-mail, without what the family wrote
    const mails = await db()
      .selectFrom('outbox')
      .select(['recipient', 'language', 'params'])
      .where('template', '=', 'handoff_family_request')
      .execute();
    const toUnit = mails.find(
      (m) => m.recipient === UNIT_EMAIL && JSON.stringify(m.params).includes(family.handoffId),
    );
    expect(toUnit).toBeTruthy();
    const mail = renderHandoffTemplate(
      'handoff_family_request',
      'fi',
      toUnit?.params as Record<string, unknown>,
    );
    expect(mail.subject).toBe('Saattaen vaihtaminen: perhe pyytää uutta aikaa');
    expect(mail.text).not.toContain('Torstaisin');

    // moving the appointment answers the request: the mark leaves the inbox
    const moved = await api('vastaanottaja', `/api/handoffs/${family.handoffId}/appointment`, {
      appointmentAt: (helsinkiInstant(WINTER.date.replace('-12', '-14'), '13:00') as Date).toISOString(),
      place: 'Puijonkatu 12 B',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const inboxAfter = await get('/fi/staff/handoffs', 'vastaanottaja');
    const rowAfter =
      new RegExp(`<tr[^>]*data-id="${family.handoffId}"[\\s\\S]*?</tr>`).exec(inboxAfter.body)?.[0] ?? '';
    expect(rowAfter).toContain(family.handoffId);
    expect(textOf(rowAfter)).not.toContain('Perhe pyytää uutta aikaa');
    expect(textOf((await get(`/fi/staff/handoffs/${family.handoffId}`, 'vastaanottaja')).body)).toContain(
      'Käsitelty',
    );
  });

  it('a cancellation needs no message; a change needs one; a kind must be chosen', async () => {
    const family = await familyWithAppointment();
    const page = statusUrl('en', family.token);
    const none = await postForm(page, `${page}/appointment`, { text: 'hello' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('data-qa="error-summary"');
    expect(textOf(none.body)).toContain('Choose whether you ask for a new time or cancel the appointment.');
    expect(none.body).toContain('hello</textarea>');
    const change = await postForm(page, `${page}/appointment`, { kind: 'change', text: '  ' });
    expect(change.statusCode).toBe(400);
    expect(textOf(change.body)).toContain('Tell which times suit you.');
    const cancel = await postForm(page, `${page}/appointment`, { kind: 'cancel', text: '' });
    expect(cancel.statusCode).toBe(303);
    const rows = await db()
      .selectFrom('handoff_family_request')
      .select(['kind', 'text'])
      .where('handoff_id', '=', family.handoffId)
      .execute();
    expect(rows).toEqual([{ kind: 'cancel', text: '' }]);
    const staff = textOf((await get(`/fi/staff/handoffs/${family.handoffId}`, 'vastaanottaja')).body);
    expect(staff).toContain('Perhe peruu ajan');
  });

  it('bad input to the request form is a coded 400 or a 404, never a 500', async () => {
    const family = await familyWithAppointment();
    const page = statusUrl('fi', family.token);
    const cases: [Record<string, string>, number][] = [
      [{ kind: 'change', text: 'Torstai\u0000 käy' }, 400],
      [{ kind: 'change', text: 'x'.repeat(20_001) }, 400],
      [{ kind: 'siirrä', text: 'Torstai käy' }, 400],
      [{ kind: ['change', 'cancel'].join(','), text: 'Torstai käy' }, 400],
      [{ kind: 'cancel', handoff: 'not-a-uuid' }, 404],
      [{ kind: 'cancel', requestId: "'; drop table handoff; --" }, 303],
    ];
    for (const [fields, status] of cases) {
      const res = await postForm(page, `${page}/appointment`, fields);
      expect(res.statusCode, JSON.stringify(fields).slice(0, 80)).toBe(status);
    }
    // a control character is named beside the field, with what was written kept
    const nul = await postForm(page, `${page}/appointment`, { kind: 'change', text: 'Torstai\u0000 käy' });
    expect(nul.body).toContain('data-qa="requestText-error"');
    expect(nul.body).toContain('data-qa="status-title"');
  });

  it('by SMS the appointment is one short message: the time, the unit, the place and the page', async () => {
    const phone = `040 ${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
    const family = await familyWithAppointment({ phone });
    const [sms] = await db()
      .selectFrom('outbox')
      .select(['channel', 'template', 'language', 'params'])
      .where('recipient', '=', phone)
      .where('template', '=', 'family_appointment_set')
      .execute();
    expect(sms?.channel).toBe('sms');
    const { text } = renderHandoffTemplate(
      'family_appointment_set',
      'fi',
      sms?.params as Record<string, unknown>,
    );
    expect(text).toContain(`Aika sovittu: ti 12.1.${YEAR} klo 9.00, Kuopion perheneuvola`);
    expect(text).toContain('Puijonkatu 12 B, 2. krs');
    expect(text).toContain(statusUrl('fi', family.token));
    // two SMS parts at most (a status link is about 90 characters)
    expect(text.length).toBeLessThanOrEqual(306);
  });

  it("a status link cannot send a request about another family's handoff", async () => {
    const mine = await familyWithAppointment();
    const theirs = await familyWithAppointment();
    const page = statusUrl('fi', mine.token);
    const res = await postForm(page, `${page}/appointment`, {
      kind: 'cancel',
      handoff: theirs.handoffId,
    });
    expect(res.statusCode).toBe(404);
    const rows = await db()
      .selectFrom('handoff_family_request')
      .select('id')
      .where('handoff_id', '=', theirs.handoffId)
      .execute();
    expect(rows).toEqual([]);
  });

  it.each([
    ['fi', `Aika sovittu: ti 12.1.${YEAR} klo 9.00, Kuopion perheneuvola`],
    ['sv', `Tid bokad: tis 12.1.${YEAR} kl. 9.00, Familjerådgivningen i Kuopio`],
    ['en', `Appointment set: Tue 12.1.${YEAR} at 9.00, Kuopio family counselling clinic`],
  ] as const)(
    'the appointment e-mail has its own subject in the family’s language (%s)',
    async (language, subject) => {
      const email = `perhe-${randomUUID().slice(0, 8)}@example.fi`;
      const family = await familyWithAppointment({ language, email });
      const mails = await db()
        .selectFrom('outbox')
        .select(['template', 'language', 'params'])
        .where('recipient', '=', email)
        .orderBy('id')
        .execute();
      const appointment = mails.filter((m) => m.template === 'family_appointment_set');
      expect(appointment).toHaveLength(1);
      expect(mails.some((m) => m.template === 'family_new_message')).toBe(false);
      const rendered = renderHandoffTemplate(
        'family_appointment_set',
        appointment[0]?.language as 'fi',
        appointment[0]?.params as Record<string, unknown>,
      );
      expect(rendered.subject).toBe(subject);
      expect(rendered.subject).not.toMatch(/perheneuvojalta/);
      // the calendar file is linked (the token authorises it, as the status page)
      expect(rendered.text).toContain(`${statusUrl(language, family.token)}/calendar.ics`);
      expect(rendered.text).toContain('Puijonkatu 12 B, 2. krs');
    },
  );
});
