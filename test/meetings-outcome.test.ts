// A meeting's outcome (issue 12): its organiser — or a counsellor of the contact's team —
// records the agenda, the agreements (who does what by when) and the follow-up date as a record
// entry of the contact (the meeting becomes held); a correction is the entry's next version with
// a reason; the follow-up is marked done with a note. Bad input comes back beside its field and
// a stale page or a wrong state is refused, nothing changed; the wrong person (another region's
// counsellor, another organisation's, a partner) finds nothing. The follow-up reminder job, on a
// fixed clock, reminds the organiser and the participants with an e-mail once, however often it
// runs, and tells other organisations nothing of the family. On every engine.
import { createHash, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { seedDemoUsers, staffUserId } from '../src/features/identity/demo.ts';
import {
  FAMILY_REMINDER_TEMPLATE,
  REMINDER_TEMPLATE,
  renderReminderTemplate,
  sendFollowUpReminders,
} from '../src/features/meetings/reminders.ts';
import { prepareNetwork } from '../src/features/network/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { Lang3 } from '../src/platform/db/types.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { call, EXTRA_STAFF, seedExtraStaff, tokenOf, validContact } from './contact-fixtures.ts';
import { ENGINES, freshDatabase } from './databases.ts';

const HTML = { accept: 'text/html' };
/** The meeting: Tuesday 2.3.2027 at 10.00 in Helsinki (UTC+2), 90 minutes. */
const STARTS = new Date('2027-03-02T08:00:00Z');
const ENDS = new Date('2027-03-02T09:30:00Z');
/** The app's clock: that afternoon (tests move it). */
const AFTERNOON = new Date('2027-03-02T12:00:00Z');
const FAMILY_NAME = 'Sanna Salainen';
const TOPIC = 'Koulunkäynti ja kiusaaminen välitunnilla';
const MESSAGE = 'Nelivuotias ei nukahda iltaisin, ja koko perhe on väsynyt.';
const ORGANIZER_EMAIL = 'noora.neuvoja@example.fi';
const TEACHER_EMAIL = 'olli.opettaja@kuopio.example.fi';
const PRINCIPAL_EMAIL = 'rehtori@jynkan-koulu.example.fi';
const FAMILY_EMAIL = 'sanna@example.fi';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const csrfCookieOf = (headers: Record<string, unknown>) =>
  String(headers['set-cookie'] ?? '')
    .split(/,(?=\s*\w+=)/)
    .map((c) => c.split(';')[0]?.trim())
    .find((c) => c?.startsWith('_csrf='));

describe.each(ENGINES)('a meeting’s notes, follow-up and reminder on %s', (engine) => {
  let app: App;
  let database: Database;
  let clock = AFTERNOON;
  const db = () => database.db;
  const sessions = new Map<string, string>();

  beforeAll(async () => {
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await seedExtraStaff(database.db);
    await prepareNetwork(database.db, { seedDemo: true });
    await database.db
      .updateTable('staff_user')
      .set({ email: ORGANIZER_EMAIL })
      .where('id', '=', staffUserId('neuvoja'))
      .execute();
    app = await buildApp({ ...testAppConfig, now: () => clock }, database, pino({ level: 'silent' }));
    for (const who of ['neuvoja', 'neuvoja2', 'kumppani', ...EXTRA_STAFF.staff.map((s) => s.username)]) {
      const res = await app.inject({ method: 'POST', url: '/api/dev/session', payload: { username: who } });
      expect(res.statusCode, who).toBe(200);
      sessions.set(who, String(res.headers['set-cookie']).split(';')[0] as string);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  /**
   * A family's request, then what the organiser's pages do (as rows): the organiser, a teacher
   * of another organisation (staff), an outside principal by e-mail, the time locked and the
   * invitations out.
   */
  async function invitedMeeting() {
    clock = AFTERNOON;
    const sent = await call(app, {
      method: 'POST',
      url: '/api/contacts',
      payload: validContact({ name: FAMILY_NAME, message: MESSAGE }),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const token = tokenOf((sent.json() as { statusUrl: string }).statusUrl);
    const form = `/fi/tilanne/${token}/meeting/request`;
    const page = await app.inject({ url: form, headers: HTML });
    const requested = await app.inject({
      method: 'POST',
      url: form,
      headers: {
        ...HTML,
        cookie: csrfCookieOf(page.headers) ?? '',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
        requestId: randomUUID(),
        topic: TOPIC,
        email: FAMILY_EMAIL,
      }).toString(),
    });
    expect(requested.statusCode, requested.body.slice(0, 300)).toBe(303);
    const meeting = await db()
      .selectFrom('meeting as m')
      .innerJoin('contact as c', 'c.id', 'm.contact_id')
      .select(['m.id', 'm.contact_id'])
      .where('c.status_token_hash', '=', hashOf(token))
      .executeTakeFirstOrThrow();
    const slotId = randomUUID();
    await db()
      .insertInto('meeting_slot')
      .values({ id: slotId, meeting_id: meeting.id, starts_at: STARTS, ends_at: ENDS })
      .execute();
    const participant = (kind: 'staff' | 'external', name: string, org: string, email: string) => ({
      id: randomUUID(),
      meeting_id: meeting.id,
      kind,
      staff_user_id: kind === 'staff' ? staffUserId('opettaja') : null,
      name,
      organization_name: org,
      email,
      poll_token_hash: hashOf(randomUUID()),
      added_at: AFTERNOON,
    });
    const teacher = participant('staff', 'Olli Opettaja', 'Kuopion kaupunki', TEACHER_EMAIL);
    const principal = participant('external', 'Riitta Rehtori', 'Jynkän koulu', PRINCIPAL_EMAIL);
    await db().insertInto('meeting_participant').values([teacher, principal]).execute();
    await db()
      .updateTable('meeting')
      .set({
        organizer_id: staffUserId('neuvoja'),
        state: 'invited',
        locked_slot_id: slotId,
        starts_at: STARTS,
        ends_at: ENDS,
        place_kind: 'address',
        place_address: 'Puijonkatu 12 B, 2. krs',
      })
      .where('id', '=', meeting.id)
      .execute();
    const family = await db()
      .selectFrom('meeting_participant')
      .select('id')
      .where('meeting_id', '=', meeting.id)
      .where('kind', '=', 'family')
      .executeTakeFirstOrThrow();
    return { id: meeting.id, contactId: meeting.contact_id, token, teacher: teacher.id, family: family.id };
  }

  const notesUrl = (id: string, lang = 'fi') => `/${lang}/staff/meetings/${id}/notes`;

  /** A staff form post from the page it is on: its CSRF token and the version the page shows. */
  async function postStaff(who: string, pageUrl: string, action: string, fields: Record<string, string>) {
    const cookie = sessions.get(who) ?? '';
    const page = await app.inject({ url: pageUrl, headers: { ...HTML, cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    return app.inject({
      method: 'POST',
      url: action,
      headers: {
        ...HTML,
        cookie: `${cookie}; ${csrfCookieOf(page.headers) ?? ''}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ _csrf: csrf, version, ...fields }).toString(),
    });
  }

  const notes = (m: { teacher: string; family: string }, extra: Record<string, string> = {}) => ({
    agenda: 'Koulun tukitoimet ja kotiläksyt',
    'who-0': m.teacher,
    'what-0': 'Järjestää tukiopetuksen',
    'by-0': '2027-03-09',
    'who-1': m.family,
    'what-1': 'Kokeilee iltarutiinia',
    'who-2': 'other',
    'whoText-2': 'Kuraattori',
    'what-2': 'Soittaa perheelle',
    'by-2': '12.3.2027',
    followUpOn: '2027-03-16',
    ...extra,
  });

  const stateOf = async (id: string) =>
    db()
      .selectFrom('meeting')
      .select(['state', 'version', 'follow_up_on'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const entryOf = (id: string) =>
    db()
      .selectFrom('record_entry as r')
      .innerJoin('record_entry_version as v', 'v.entry_id', 'r.id')
      .select([
        'r.contact_id',
        'r.type',
        'r.current_version',
        'v.version',
        'v.content',
        'v.reason',
        'v.author_name',
      ])
      .where('r.id', '=', id)
      .orderBy('v.version')
      .execute();
  const eventsOf = async (id: string) =>
    (
      await db()
        .selectFrom('meeting_event')
        .select('kind')
        .where('meeting_id', '=', id)
        .orderBy('at')
        .execute()
    ).map((e) => e.kind);

  it('the organiser records the notes: a record entry of the contact, the meeting held', async () => {
    const m = await invitedMeeting();
    const page = await app.inject({
      url: notesUrl(m.id),
      headers: { ...HTML, cookie: sessions.get('neuvoja') },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="notes-form"');
    expect(page.body).toContain('ti 2.3.2027 klo 10.00');

    const saved = await postStaff('neuvoja', notesUrl(m.id), notesUrl(m.id), notes(m));
    expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(303);
    expect(saved.headers.location).toBe(`${notesUrl(m.id)}?done=saved`);
    expect(await stateOf(m.id)).toMatchObject({ state: 'held', follow_up_on: '2027-03-16' });
    const [entry, ...more] = await entryOf(m.id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      contact_id: m.contactId,
      type: 'meeting',
      current_version: 1,
      version: 1,
      reason: null,
    });
    expect(entry?.content).toEqual({
      meetingId: m.id,
      agenda: 'Koulun tukitoimet ja kotiläksyt',
      agreements: [
        {
          whoParticipantId: m.teacher,
          whoKind: 'staff',
          who: 'Olli Opettaja (Kuopion kaupunki)',
          what: 'Järjestää tukiopetuksen',
          by: '2027-03-09',
        },
        {
          whoParticipantId: m.family,
          whoKind: 'family',
          who: FAMILY_NAME,
          what: 'Kokeilee iltarutiinia',
          by: null,
        },
        {
          whoParticipantId: null,
          whoKind: 'other',
          who: 'Kuraattori',
          what: 'Soittaa perheelle',
          by: '2027-03-12',
        },
      ],
      followUpOn: '2027-03-16',
    });
    expect(await eventsOf(m.id)).toEqual(['requested', 'held', 'notes_recorded']);
    const after = await app.inject({
      url: `${notesUrl(m.id)}?done=saved`,
      headers: { ...HTML, cookie: sessions.get('neuvoja') },
    });
    expect(after.body).toContain('data-qa="flash"');
    expect(after.body).toContain('data-qa="notes-current"');
    expect(after.body).toContain('data-qa="followup-form"');
    // the contact's own page shows the notes as its record entry: the agreements, the follow-up
    const contactPage = await app.inject({
      url: `/fi/staff/contacts/${m.contactId}`,
      headers: { ...HTML, cookie: sessions.get('neuvoja') },
    });
    expect(contactPage.statusCode).toBe(200);
    expect(contactPage.body).toContain('data-qa="meeting-content"');
    expect(contactPage.body).toContain('Järjestää tukiopetuksen');
    expect(contactPage.body).toContain('9.3.2027');
    expect(contactPage.body).toContain('16.3.2027');
    expect(contactPage.body).toContain(`/fi/staff/meetings/${m.id}`);
  });

  it('a retried post of the same notes changes nothing; a stale page is refused (409)', async () => {
    const m = await invitedMeeting();
    const page = await app.inject({
      url: notesUrl(m.id),
      headers: { ...HTML, cookie: sessions.get('neuvoja') },
    });
    const cookie = `${sessions.get('neuvoja')}; ${csrfCookieOf(page.headers) ?? ''}`;
    const body = new URLSearchParams({
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
      version: /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '',
      ...notes(m),
    });
    const post = (payload: URLSearchParams) =>
      app.inject({
        method: 'POST',
        url: notesUrl(m.id),
        headers: { ...HTML, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: payload.toString(),
      });
    expect((await post(body)).statusCode).toBe(303);
    expect((await post(body)).statusCode).toBe(303);
    expect(await entryOf(m.id)).toHaveLength(1);
    // the same old page with other notes: someone changed the meeting meanwhile
    body.set('agenda', 'Toinen asialista');
    body.set('reason', 'Korjaus');
    const stale = await post(body);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Lataa sivu uudelleen');
    expect(await entryOf(m.id)).toHaveLength(1);
  });

  it('a correction is a new version with its reason; without a reason it is refused beside the field', async () => {
    const m = await invitedMeeting();
    expect((await postStaff('neuvoja', notesUrl(m.id), notesUrl(m.id), notes(m))).statusCode).toBe(303);
    const noReason = await postStaff(
      'neuvoja2',
      notesUrl(m.id),
      notesUrl(m.id),
      notes(m, { 'what-1': 'Korjattu' }),
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('id="notes-reason-error"');
    expect(await entryOf(m.id)).toHaveLength(1);

    // a counsellor of the team corrects it; a new follow-up date is reminded of again
    await db()
      .updateTable('meeting')
      .set({ follow_up_reminded_at: AFTERNOON })
      .where('id', '=', m.id)
      .execute();
    const corrected = await postStaff(
      'neuvoja2',
      notesUrl(m.id, 'en'),
      notesUrl(m.id, 'en'),
      notes(m, {
        'what-1': 'Kokeilee iltarutiinia kahden viikon ajan',
        followUpOn: '2027-03-23',
        reason: 'Tarkennus',
      }),
    );
    expect(corrected.statusCode, corrected.body.slice(0, 1500)).toBe(303);
    expect(corrected.headers.location).toBe(`${notesUrl(m.id, 'en')}?done=corrected`);
    const versions = await entryOf(m.id);
    expect(versions.map((v) => [v.version, v.reason, v.author_name])).toEqual([
      [1, null, 'Noora Neuvoja'],
      [2, 'Tarkennus', 'Niilo Neuvonen'],
    ]);
    expect(versions[1]?.current_version).toBe(2);
    expect(versions[1]?.content).toMatchObject({ followUpOn: '2027-03-23' });
    const meeting = await db()
      .selectFrom('meeting')
      .select(['state', 'follow_up_on', 'follow_up_reminded_at'])
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(meeting).toMatchObject({ state: 'held', follow_up_on: '2027-03-23', follow_up_reminded_at: null });
    expect(await eventsOf(m.id)).toEqual(['requested', 'held', 'notes_recorded', 'notes_corrected']);
    const page = await app.inject({
      url: notesUrl(m.id, 'en'),
      headers: { ...HTML, cookie: sessions.get('neuvoja') },
    });
    expect(page.body).toContain('data-qa="notes-versions"');
    expect(page.body).toContain('Tarkennus');
  });

  it('bad input comes back beside each field (400), in the page’s language, nothing changed', async () => {
    const m = await invitedMeeting();
    const before = await stateOf(m.id);
    const res = await postStaff('neuvoja', notesUrl(m.id, 'sv'), notesUrl(m.id, 'sv'), {
      agenda: '',
      'who-0': randomUUID(),
      'what-0': 'Något',
      'who-1': 'other',
      'what-1': '',
      'by-1': '31.2.2027',
      'who-2': 'other',
      'whoText-2': '',
      'what-2': 'x\u0000y',
      followUpOn: '2027-03-01',
    });
    expect(res.statusCode).toBe(400);
    for (const field of ['agenda', 'who-0', 'what-1', 'by-1', 'who-2', 'what-2', 'followUpOn'])
      expect(res.body, field).toContain(`id="notes-${field}-error"`);
    expect(res.body).toContain('Uppföljningen kan inte vara före mötesdagen (2.3.2027).');
    expect(res.body).toContain('data-qa="notes-errors"');
    expect(await stateOf(m.id)).toEqual(before);
    expect(await entryOf(m.id)).toHaveLength(0);
  });

  it('notes before the meeting has begun, or of a meeting not yet invited, are refused (409)', async () => {
    const m = await invitedMeeting();
    clock = new Date('2027-03-02T07:00:00Z');
    const early = await postStaff('neuvoja', notesUrl(m.id), notesUrl(m.id), notes(m));
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('2.3.2027 10.00');
    clock = AFTERNOON;
    await db().updateTable('meeting').set({ state: 'time_locked' }).where('id', '=', m.id).execute();
    const page = await app.inject({
      url: notesUrl(m.id),
      headers: { ...HTML, cookie: sessions.get('neuvoja') },
    });
    expect(page.body).not.toContain('data-qa="notes-form"');
    expect(await entryOf(m.id)).toHaveLength(0);
    expect((await stateOf(m.id)).state).toBe('time_locked');
  });

  it('the follow-up is marked done with a note (held → followed up); without a note, or twice, refused', async () => {
    const m = await invitedMeeting();
    const followUp = `/fi/staff/meetings/${m.id}/follow-up`;
    // not before the meeting is held
    const early = await postStaff('neuvoja', notesUrl(m.id), followUp, { note: 'Liian aikaisin' });
    expect(early.statusCode).toBe(409);
    expect((await stateOf(m.id)).state).toBe('invited');
    expect((await postStaff('neuvoja', notesUrl(m.id), notesUrl(m.id), notes(m))).statusCode).toBe(303);
    const empty = await postStaff('neuvoja', notesUrl(m.id), followUp, { note: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="followup-note-error"');
    expect((await stateOf(m.id)).state).toBe('held');
    const done = await postStaff('neuvoja', notesUrl(m.id), followUp, {
      note: 'Tukiopetus alkoi, uni parempi.',
    });
    expect(done.statusCode).toBe(303);
    expect((await stateOf(m.id)).state).toBe('followed_up');
    expect(await eventsOf(m.id)).toContain('followed_up');
    const page = await app.inject({
      url: notesUrl(m.id),
      headers: { ...HTML, cookie: sessions.get('neuvoja') },
    });
    expect(page.body).toContain('Tukiopetus alkoi, uni parempi.');
    expect(page.body).not.toContain('data-qa="followup-form"');
    // the family sees it was followed up
    const status = await app.inject({ url: `/fi/tilanne/${m.token}`, headers: HTML });
    expect(status.body).toContain('data-qa="meeting-followed-up"');
  });

  it('the wrong person finds nothing (404): another region, another organisation, a partner', async () => {
    const m = await invitedMeeting();
    for (const who of ['pirkanmaa-neuvoja', 'kuopio-neuvoja', 'kumppani']) {
      const cookie = sessions.get(who) ?? '';
      const page = await app.inject({ url: notesUrl(m.id), headers: { ...HTML, cookie } });
      expect(page.statusCode, who).toBe(404);
      expect(page.body).not.toContain(FAMILY_NAME);
      // a post with a valid form token (of the sign-in page) is refused just the same
      const signIn = await app.inject({ url: '/fi/sign-in', headers: { ...HTML, cookie } });
      const post = await app.inject({
        method: 'POST',
        url: notesUrl(m.id),
        headers: {
          ...HTML,
          cookie: `${cookie}; ${csrfCookieOf(signIn.headers) ?? ''}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({
          _csrf: /name="_csrf" value="([^"]+)"/.exec(signIn.body)?.[1] ?? '',
          version: '2',
          ...notes(m),
        }).toString(),
      });
      expect(post.statusCode, who).toBe(404);
    }
    expect(await entryOf(m.id)).toHaveLength(0);
    expect((await stateOf(m.id)).state).toBe('invited');
  });

  describe('the follow-up reminder', () => {
    const publicUrl = 'https://perheverkko.example.fi';
    /** Thursday 11.3.2027 and Friday 12.3.2027, 8.00 in Helsinki: the follow-up is Tuesday 16.3. */
    const THURSDAY = new Date('2027-03-11T06:00:00Z');
    const FRIDAY = new Date('2027-03-12T06:00:00Z');

    const outboxOf = async (since: Date) =>
      db()
        .selectFrom('outbox')
        .select(['recipient', 'template', 'language', 'params'])
        .where('template', 'in', [REMINDER_TEMPLATE, FAMILY_REMINDER_TEMPLATE])
        .where('created_at', '>=', since)
        .orderBy('recipient')
        .execute();

    it('goes out two working days before, once however often the job runs, and neutral to other organisations', async () => {
      const m = await invitedMeeting();
      expect((await postStaff('neuvoja', notesUrl(m.id), notesUrl(m.id), notes(m))).statusCode).toBe(303);
      const since = new Date(Date.now() - 1000);
      // the other tests' meetings (the same addresses, the same follow-up date) are not this test's
      await db()
        .updateTable('meeting')
        .set({ follow_up_reminded_at: AFTERNOON })
        .where('id', '<>', m.id)
        .where('state', '=', 'held')
        .execute();
      const remindedAt = async () =>
        (
          await db()
            .selectFrom('meeting')
            .select('follow_up_reminded_at')
            .where('id', '=', m.id)
            .executeTakeFirstOrThrow()
        ).follow_up_reminded_at;
      await sendFollowUpReminders(db(), THURSDAY, { publicUrl });
      expect(await remindedAt()).toBeNull();
      // two processes at once, then again: one reminder
      await Promise.all([
        sendFollowUpReminders(db(), FRIDAY, { publicUrl }),
        sendFollowUpReminders(db(), FRIDAY, { publicUrl }),
      ]);
      await sendFollowUpReminders(db(), FRIDAY, { publicUrl });
      expect(await remindedAt()).toEqual(FRIDAY);
      expect((await eventsOf(m.id)).filter((k) => k === 'reminded')).toHaveLength(1);
      const mails = (await outboxOf(since)).filter((row) =>
        [ORGANIZER_EMAIL, TEACHER_EMAIL, PRINCIPAL_EMAIL, FAMILY_EMAIL].includes(row.recipient ?? ''),
      );
      expect(mails.map((r) => [r.recipient, r.template])).toEqual(
        [
          [ORGANIZER_EMAIL, REMINDER_TEMPLATE],
          [TEACHER_EMAIL, REMINDER_TEMPLATE],
          [PRINCIPAL_EMAIL, REMINDER_TEMPLATE],
          [FAMILY_EMAIL, FAMILY_REMINDER_TEMPLATE],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      for (const row of mails) {
        const params = (typeof row.params === 'string' ? JSON.parse(row.params) : row.params) as Record<
          string,
          unknown
        >;
        const mail = renderReminderTemplate(row.template, row.language as Lang3, params);
        const everything = `${JSON.stringify(params)} ${mail.subject} ${mail.text}`;
        expect(mail.subject).toContain('16.3.2027');
        if (row.template === FAMILY_REMINDER_TEMPLATE) continue;
        expect(mail.subject).toContain('Yhteinen tapaaminen (Yhdessä aika)');
        expect(mail.text).toContain('Noora Neuvoja, Pohjois-Savon hyvinvointialue');
        // nothing of the family to another organisation: no name, no topic, no words of theirs
        for (const secret of [FAMILY_NAME, TOPIC, MESSAGE, FAMILY_EMAIL, m.contactId, m.token])
          expect(everything, `${row.recipient}: ${secret}`).not.toContain(secret);
        if (row.recipient === PRINCIPAL_EMAIL) expect(everything).not.toContain('http');
        else expect(mail.text).toContain(`${publicUrl}/fi/staff/meetings/${m.id}`);
      }
      // through the door as the system
      const log = await db()
        .selectFrom('access_log')
        .select(['actor_name', 'action'])
        .where('resource_id', '=', m.id)
        .where('actor_kind', '=', 'system')
        .execute();
      expect(log).toEqual([{ actor_name: 'meeting follow-up reminder', action: 'update' }]);
    });

    it('is rendered in each recipient’s language', () => {
      const params = {
        date: '2027-03-16',
        organizer: 'Noora Neuvoja',
        organization: 'Pohjois-Savon hyvinvointialue',
        link: '',
      };
      expect(renderReminderTemplate(REMINDER_TEMPLATE, 'sv', params).subject).toBe(
        'Påminnelse: Gemensamt möte (Tillsammans-tid), uppföljning 16.3.2027',
      );
      expect(renderReminderTemplate(REMINDER_TEMPLATE, 'en', params).subject).toBe(
        'Reminder: Joint meeting (Together time), follow-up 16.3.2027',
      );
      expect(renderReminderTemplate(FAMILY_REMINDER_TEMPLATE, 'fi', params).text).toContain(
        'tilannesivullasi',
      );
    });
  });
});
