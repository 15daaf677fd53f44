// Yhdessä aika from the family's side (issue 12): the family asks for a meeting from its status
// page (a retried post makes one meeting; not when the contact is closed or a meeting is open;
// bad input beside its field with nothing changed), and follows it there — waiting for an
// organiser, its own poll link, the time and place with a calendar file of its own, and after
// the meeting the agenda, the agreements and the follow-up date — never the other
// participants' addresses. Another contact's status link sees none of it. On every engine,
// through the real app, as a browser without JavaScript uses it.
import { createHash, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { seedDemoUsers, staffUserId } from '../src/features/identity/demo.ts';
import { prepareNetwork } from '../src/features/network/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { call, tokenOf, validContact } from './contact-fixtures.ts';
import { ENGINES, freshDatabase } from './databases.ts';

const HTML = { accept: 'text/html' };
/** The app's clock: a Tuesday in March 2027, 14.00 in Helsinki. */
const NOW = new Date('2027-03-02T12:00:00Z');
/** The meeting: that morning at 10.00 Helsinki time (UTC+2), 90 minutes. */
const STARTS = new Date('2027-03-02T08:00:00Z');
const ENDS = new Date('2027-03-02T09:30:00Z');
const FAMILY_NAME = 'Sanna Salainen';
const TOPIC = 'Koulunkäynti ja kiusaaminen välitunnilla';
const EXTERNAL_EMAIL = 'rehtori@jynkan-koulu.example.fi';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

describe.each(ENGINES)('the family’s Yhdessä aika on %s', (engine) => {
  let app: App;
  let database: Database;
  const db = () => database.db;

  beforeAll(async () => {
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await prepareNetwork(database.db, { seedDemo: true });
    app = await buildApp({ ...testAppConfig, now: () => NOW }, database, pino({ level: 'silent' }));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = (url: string) => app.inject({ url, headers: HTML });

  /** A form post as a browser makes it from the page it is on (its CSRF cookie and token). */
  async function postForm(pageUrl: string, action: string, fields: Record<string, string>) {
    const page = await get(pageUrl);
    expect(page.statusCode, page.body.slice(0, 300)).toBeLessThan(500);
    const cookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const requestId = /name="requestId" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: csrf, requestId, ...fields });
    return app.inject({
      method: 'POST',
      url: action,
      headers: { ...HTML, cookie: cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  }

  /** A family's contact (its name given), and its status page. */
  async function family(overrides: Record<string, unknown> = {}) {
    const sent = await call(app, {
      method: 'POST',
      url: '/api/contacts',
      payload: validContact({ name: FAMILY_NAME, ...overrides }),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { statusUrl, reference } = sent.json() as { statusUrl: string; reference: string };
    const token = tokenOf(statusUrl);
    const { id } = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return {
      token,
      contactId: id,
      status: `/fi/tilanne/${token}`,
      form: `/fi/tilanne/${token}/meeting/request`,
    };
  }

  const meetingsOf = (contactId: string) =>
    db().selectFrom('meeting').selectAll().where('contact_id', '=', contactId).execute();

  async function request(f: Awaited<ReturnType<typeof family>>, fields: Record<string, string> = {}) {
    return postForm(f.form, f.form, {
      topic: TOPIC,
      who: 'Lapsen opettaja',
      email: 'sanna@example.fi',
      ...fields,
    });
  }

  /** What H3's organiser pages do, as rows: organised, an outside participant, the time locked. */
  async function organise(meetingId: string, state: 'proposed' | 'invited') {
    const organizer = staffUserId('neuvoja');
    if (state === 'invited') {
      const slotId = randomUUID();
      await db()
        .insertInto('meeting_slot')
        .values({ id: slotId, meeting_id: meetingId, starts_at: STARTS, ends_at: ENDS })
        .execute();
      await db()
        .updateTable('meeting')
        .set({
          organizer_id: organizer,
          state,
          locked_slot_id: slotId,
          starts_at: STARTS,
          ends_at: ENDS,
          place_kind: 'address',
          place_address: 'Puijonkatu 12 B, 2. krs',
        })
        .where('id', '=', meetingId)
        .execute();
    } else {
      await db()
        .updateTable('meeting')
        .set({ organizer_id: organizer, state })
        .where('id', '=', meetingId)
        .execute();
    }
    await db()
      .insertInto('meeting_participant')
      .values({
        id: randomUUID(),
        meeting_id: meetingId,
        kind: 'external',
        name: 'Riitta Rehtori',
        organization_name: 'Jynkän koulu',
        email: EXTERNAL_EMAIL,
        poll_token_hash: hashOf(randomUUID()),
        added_at: NOW,
      })
      .execute();
  }

  it('the status page offers a Yhdessä aika, and the request makes one meeting waiting for an organiser', async () => {
    const f = await family();
    const page = await get(f.status);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="status-meetings"');
    expect(page.body).toContain(`href="${f.form}"`);

    const form = await get(f.form);
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.body).toContain('data-qa="meeting-request-form"');

    const sent = await request(f);
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    expect(sent.headers.location).toBe(`${f.status}?meeting=requested#meetings`);
    const [meeting, ...more] = await meetingsOf(f.contactId);
    expect(more).toHaveLength(0);
    expect(meeting).toMatchObject({ state: 'requested', requested_by: 'family', organizer_id: null });
    expect(meeting?.request_text).toContain(TOPIC);
    expect(meeting?.request_text).toContain('Lapsen opettaja');
    const participants = await db()
      .selectFrom('meeting_participant')
      .selectAll()
      .where('meeting_id', '=', meeting?.id as string)
      .execute();
    expect(participants).toMatchObject([
      { kind: 'family', name: FAMILY_NAME, email: 'sanna@example.fi', language: 'fi' },
    ]);
    const events = await db()
      .selectFrom('meeting_event')
      .select('kind')
      .where('meeting_id', '=', meeting?.id as string)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['requested']);
    // through the door, as the status link
    const log = await db()
      .selectFrom('access_log')
      .select(['action', 'resource_type', 'actor_name'])
      .where('resource_id', '=', meeting?.id as string)
      .execute();
    expect(log).toContainEqual({ action: 'create', resource_type: 'meeting', actor_name: 'status link' });

    const after = await get(`${f.status}?meeting=requested`);
    expect(after.body).toContain('data-qa="meeting-requested"');
    expect(after.body).toContain('data-state="requested"');
    // one open request at a time: no second link
    expect(after.body).not.toContain('data-qa="meeting-request-link"');
  });

  it('a retried post of the same form makes nothing twice', async () => {
    const f = await family();
    const page = await get(f.form);
    const cookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const requestId = /name="requestId" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const post = () =>
      app.inject({
        method: 'POST',
        url: f.form,
        headers: { ...HTML, cookie: cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, requestId, topic: TOPIC }).toString(),
      });
    expect((await post()).statusCode).toBe(303);
    expect((await post()).statusCode).toBe(303);
    expect(await meetingsOf(f.contactId)).toHaveLength(1);
  });

  it('a second request while one is open, or from a closed contact, is refused on the form (409), nothing changed', async () => {
    const f = await family();
    expect((await request(f)).statusCode).toBe(303);
    const again = await request(f, { topic: 'Toinen asia' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('data-qa="meeting-request-problem"');
    expect(again.body).toContain('Sinulla on jo avoin Yhdessä aika');
    expect(await meetingsOf(f.contactId)).toHaveLength(1);

    const closed = await family();
    await db()
      .updateTable('contact')
      .set({
        state: 'closed',
        closed_at: NOW,
        outcome: 'resolved_one_contact',
        assigned_to: staffUserId('neuvoja'),
      })
      .where('id', '=', closed.contactId)
      .execute();
    const refused = await request(closed);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Yhteydenottosi on päättynyt');
    expect(await meetingsOf(closed.contactId)).toHaveLength(0);
    // nor does the page offer it
    expect((await get(closed.status)).body).not.toContain('data-qa="meeting-request-link"');
  });

  it('bad input comes back beside its field (400), in the page’s language, nothing changed', async () => {
    const f = await family();
    const sv = `/sv/status/${f.token}/meeting/request`;
    const res = await postForm(sv, sv, { topic: 'x'.repeat(2001), who: 'a\u0007b', email: 'ei-osoite@' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="topic-error"');
    expect(res.body).toContain('id="who-error"');
    expect(res.body).toContain('id="email-error"');
    expect(res.body).toContain('Ange en e-postadress i formen namn@exempel.fi.');
    expect(res.body).toContain('data-qa="error-summary"');
    expect(await meetingsOf(f.contactId)).toHaveLength(0);
  });

  it('a wrong status link finds no form and no meeting (404)', async () => {
    const wrong = `/fi/tilanne/${'A'.repeat(43)}/meeting/request`;
    expect((await get(wrong)).statusCode).toBe(404);
    // a form of a real status page, posted to a made-up link
    const f = await family();
    const res = await postForm(f.form, wrong, { topic: TOPIC });
    expect(res.statusCode).toBe(404);
  });

  it('the family answers the poll through its own link, shown on its status page', async () => {
    const f = await family();
    await request(f);
    const [meeting] = await meetingsOf(f.contactId);
    await organise(meeting?.id as string, 'proposed');
    const page = await get(f.status);
    expect(page.body).toContain('data-state="proposed"');
    expect(page.body).toContain('Noora Neuvoja');
    const link = /data-qa="meeting-poll-link"|href="\/fi\/yhdessa-aika\/([A-Za-z0-9_-]{43})"/.exec(page.body);
    const token = /href="\/fi\/yhdessa-aika\/([A-Za-z0-9_-]{43})"/.exec(page.body)?.[1];
    expect(link, 'a poll link').toBeTruthy();
    const own = await db()
      .selectFrom('meeting_participant')
      .select('poll_token_hash')
      .where('meeting_id', '=', meeting?.id as string)
      .where('kind', '=', 'family')
      .executeTakeFirstOrThrow();
    // the link is the family participant's own
    expect(hashOf(token as string)).toBe(own.poll_token_hash);
    // never the other participants' addresses
    expect(page.body).not.toContain(EXTERNAL_EMAIL);
    expect(page.body).not.toContain('Riitta Rehtori');
  });

  it('the agreed time and place, with a calendar file of the family’s own', async () => {
    const f = await family();
    await request(f);
    const [meeting] = await meetingsOf(f.contactId);
    const id = meeting?.id as string;
    await organise(id, 'invited');
    for (const [lang, word, when] of [
      ['fi', 'tilanne', 'ti 2.3.2027 klo 10.00'],
      ['sv', 'status', 'tis 2.3.2027 kl. 10.00'],
      ['en', 'status', 'Tue 2.3.2027 at 10.00'],
    ] as const) {
      const page = await get(`/${lang}/${word}/${f.token}`);
      expect(page.body).toContain('data-state="invited"');
      expect(page.body).toContain(when);
      expect(page.body).toContain('Puijonkatu 12 B, 2. krs');
      expect(page.body).toContain(`href="/${lang}/${word}/${f.token}/meeting/${id}/calendar"`);
      // the family answers the invitation through its own poll link
      expect(page.body).toContain('data-qa="meeting-poll-link"');
      expect(page.body).not.toContain(EXTERNAL_EMAIL);
    }
    const ics = await get(`${f.status}/meeting/${id}/calendar`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.headers['cache-control']).toBe('no-store');
    expect(ics.body).toContain(`UID:${id}@perheverkko`);
    expect(ics.body).toContain('DTSTART:20270302T080000Z');
    expect(ics.body).toContain('DTEND:20270302T093000Z');
    expect(ics.body).not.toContain('ATTENDEE');
    expect(ics.body).not.toContain(EXTERNAL_EMAIL);
    expect(ics.body).not.toContain(FAMILY_NAME);
  });

  it('after the meeting the family sees the agenda, the agreements and the follow-up date', async () => {
    const f = await family();
    await request(f);
    const [meeting] = await meetingsOf(f.contactId);
    const id = meeting?.id as string;
    await organise(id, 'invited');
    const neuvoja = await signInCookie('neuvoja');
    const notes = `/fi/staff/meetings/${id}/notes`;
    const page = await app.inject({ url: notes, headers: { ...HTML, cookie: neuvoja } });
    expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const familyId = (
      await db()
        .selectFrom('meeting_participant')
        .select('id')
        .where('meeting_id', '=', id)
        .where('kind', '=', 'family')
        .executeTakeFirstOrThrow()
    ).id;
    const saved = await app.inject({
      method: 'POST',
      url: notes,
      headers: {
        ...HTML,
        cookie: `${neuvoja}; ${csrfCookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        _csrf: csrf,
        version,
        agenda: 'Koulun tukitoimet ja kotiläksyt',
        'who-0': familyId,
        'what-0': 'Kokeilee iltarutiinia',
        'by-0': '2027-03-10',
        'who-1': 'other',
        'whoText-1': 'Kuraattori',
        'what-1': 'Soittaa perheelle',
        'by-1': '12.3.2027',
        followUpOn: '2027-03-16',
      }).toString(),
    });
    expect(saved.statusCode, saved.body.slice(0, 1000)).toBe(303);
    for (const [lang, word, followUp, familyWord] of [
      ['fi', 'tilanne', 'Tilannetta seurataan 16.3.2027 mennessä.', 'Perhe'],
      ['en', 'status', 'The situation will be followed up by 16.3.2027.', 'The family'],
    ] as const) {
      const page2 = await get(`/${lang}/${word}/${f.token}`);
      expect(page2.body).toContain('data-state="held"');
      expect(page2.body).toContain('Koulun tukitoimet ja kotiläksyt');
      expect(page2.body).toContain('Kokeilee iltarutiinia');
      expect(page2.body).toContain('10.3.2027');
      expect(page2.body).toContain('Kuraattori');
      expect(page2.body).toContain('Soittaa perheelle');
      expect(page2.body).toContain(followUp);
      expect(page2.body).toContain(`>${familyWord}<`);
      // the file is offered only while the meeting is ahead
      expect(page2.body).not.toContain('data-qa="meeting-calendar"');
    }
  });

  it('another contact’s status link sees none of it: not on its page, not the calendar (404)', async () => {
    const f = await family();
    await request(f);
    const [meeting] = await meetingsOf(f.contactId);
    const id = meeting?.id as string;
    await organise(id, 'invited');
    const other = await family({ name: 'Olli Toinen' });
    const page = await get(other.status);
    expect(page.body).not.toContain(id);
    expect(page.body).not.toContain('data-qa="status-meeting"');
    const ics = await get(`${other.status}/meeting/${id}/calendar`);
    expect(ics.statusCode).toBe(404);
    const refused = await db()
      .selectFrom('access_log')
      .select(['action', 'reason'])
      .where('resource_id', '=', id)
      .where('action', '=', 'denied')
      .execute();
    expect(refused.length).toBeGreaterThan(0);
  });

  async function signInCookie(username: string) {
    const res = await app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
});
