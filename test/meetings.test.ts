// Yhdessä aika (capability 8), the organiser's side and the participants' private links, on
// every engine, through the pages as a browser without JavaScript uses them: start a meeting
// for a contact, add participants (the registry, another organisation by e-mail, the family),
// set the place, propose times, the poll answered by three participants without accounts, the
// best time locked, the invitations (REQUEST with the .ics), a calendar REPLY by e-mail, a
// change (SEQUENCE + 1), a participant removed (CANCEL), the meeting cancelled (CANCEL, the
// reason kept out of the mail). Each bad input a coded 400 beside its field, each refused step a
// 409, nothing changed; the wrong person 404; every mail to another organisation without the
// family's name or topics.
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMeetingTemplate } from '../src/features/meetings/invitations.ts';
import { helsinkiLocal } from '../src/features/meetings/model.ts';
import { recordCalendarReply } from '../src/features/meetings/replies.ts';
import { buildReply, parseCalendarReplies } from '../src/platform/calendar.ts';
import { startTestApp, type TestApp } from './app.ts';
import { SAME_ORIGIN, seedExtraStaff, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const HTML = { accept: 'text/html' };
const REPLY_ADDRESS = 'yhdessa-aika@pohjois-savo.example';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
const VIDEO = 'https://video.pohjois-savo.example/';
const FAMILY_NAME = 'Maija Mallikas';
const TOPIC_TEXT = 'Raivokohtauksia koulun jälkeen';
/** Days ahead at 9.00 Helsinki time, as a datetime-local value. */
const ahead = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${helsinkiLocal(d).slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
};

interface OutboxRow {
  id: string | number;
  recipient: string;
  template: string;
  language: 'fi' | 'sv' | 'en';
  params: Record<string, unknown>;
}

describe.each(ENGINES)('Yhdessä aika on %s', (engine) => {
  let t: TestApp;
  let replyPort = 0;
  const sessions: Record<string, string> = {};
  const db = () => t.database.db;

  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: { ...HTML, ...(who && sessions[who] ? { cookie: sessions[who] } : {}) } });

  /** Posts a form as a browser would from the page it is on (its CSRF cookie and token). */
  async function post(
    who: string | null,
    pageUrl: string,
    action: string,
    fields: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    return (await openForm(who, pageUrl))(action, fields);
  }

  /** A page's form as a browser holds it: posted later (a stale tab) with that page's token. */
  async function openForm(who: string | null, pageUrl: string) {
    const page = await get(pageUrl, who ?? undefined);
    expect(page.statusCode, `${pageUrl}: ${page.body.slice(0, 300)}`).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token, 'the page has a form token').toBeTruthy();
    return (action: string, fields: Record<string, string>) => {
      const body = new URLSearchParams();
      body.append('_csrf', token as string);
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
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
    };
  }

  async function newContact() {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { ...SAME_ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify(
        validContact({
          name: FAMILY_NAME,
          replyChannel: 'phone',
          phone: '040 123 4567',
          topics: ['TUNTEET_KAYTTAYTYMINEN'],
          message: `${TOPIC_TEXT} joka päivä.`,
        }),
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as { reference: string };
    const row = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', answer.reference)
      .executeTakeFirstOrThrow();
    return { id: row.id, reference: answer.reference };
  }

  const meetingRow = (id: string) =>
    db().selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const participants = (id: string) =>
    db()
      .selectFrom('meeting_participant')
      .selectAll()
      .where('meeting_id', '=', id)
      .orderBy('added_at')
      .execute();
  async function outbox(template?: string): Promise<OutboxRow[]> {
    let q = db()
      .selectFrom('outbox')
      .select(['id', 'recipient', 'template', 'language', 'params'])
      .orderBy('id');
    if (template) q = q.where('template', '=', template);
    return (await q.execute()) as unknown as OutboxRow[];
  }
  const mailsSince = async (template: string, after: number) =>
    (await outbox(template)).filter((r) => Number(r.id) > after);
  const lastOutboxId = async () => Number((await outbox()).at(-1)?.id ?? 0);
  const tokenOf = (row: OutboxRow) => String(row.params.link).split('/').pop() as string;
  const pollUrl = (row: OutboxRow) => new URL(String(row.params.link)).pathname;

  async function start(contactId: string, who = 'neuvoja'): Promise<string> {
    const meetingId = randomUUID();
    const res = await post(who, `/fi/staff/meetings/new?contact=${contactId}`, '/fi/staff/meetings', {
      meetingId,
      contactId,
      duration: '90',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(res.headers.location).toBe(`/fi/staff/meetings/${meetingId}?done=created`);
    return meetingId;
  }
  const page = (id: string) => `/fi/staff/meetings/${id}`;
  const step = async (id: string, action: string, fields: Record<string, string>, who = 'neuvoja') => {
    const version = String((await meetingRow(id)).version);
    return post(who, page(id), `${page(id)}/${action}`, { version, ...fields });
  };
  async function professionalOfRegion(): Promise<string> {
    const row = await db()
      .selectFrom('professional')
      .innerJoin('unit', 'unit.id', 'professional.unit_id')
      .innerJoin('organization', 'organization.id', 'unit.organization_id')
      .innerJoin('region', 'region.id', 'organization.region_id')
      .select('professional.id')
      .where('region.code', '=', 'pohjois-savo')
      .where('professional.active', '=', true)
      .where((eb) =>
        eb.or([eb('unit.email', 'is not', null), eb('professional.staff_user_id', 'is not', null)]),
      )
      .orderBy('professional.name')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A meeting with four participants (one from the registry, two by e-mail, the family) and times. */
  async function meetingWithPoll() {
    const contact = await newContact();
    const id = await start(contact.id);
    const add = (fields: Record<string, string>) =>
      step(id, 'participants', { participantId: randomUUID(), language: 'fi', ...fields });
    expect(
      (await add({ source: 'registry', registry: `professional:${await professionalOfRegion()}` }))
        .statusCode,
    ).toBe(303);
    expect(
      (
        await add({
          source: 'external',
          name: 'Outi Opettaja',
          organizationName: 'Kuopion kaupunki, Jynkän koulu',
          email: 'outi.opettaja@example.fi',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await add({
          source: 'external',
          name: 'Sami Sosiaalityö',
          organizationName: 'Kuopion sosiaalityö',
          email: 'sami@example.fi',
          language: 'sv',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await add({ source: 'family', familyName: FAMILY_NAME, familyEmail: 'maija@example.fi' })).statusCode,
    ).toBe(303);
    expect(
      (
        await step(id, 'place', {
          placeKind: 'address',
          address: 'Perheneuvola, Kauppakatu 1, Kuopio',
          duration: '90',
        })
      ).statusCode,
    ).toBe(303);
    const before = await lastOutboxId();
    const times = { start1: ahead(10), start2: ahead(11), start3: ahead(12, 13) };
    const res = await step(id, 'times', times);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const polls = await mailsSince('meeting.poll', before);
    return { contact, id, polls };
  }

  beforeAll(async () => {
    // the monitored organiser address: the app's own SMTP listener for calendar replies
    replyPort = await freePort();
    t = await startTestApp(engine, {
      seedDemo: true,
      config: {
        inboundMail: { replyAddress: REPLY_ADDRESS, port: replyPort, host: '127.0.0.1', maxBytes: 1 << 20 },
      },
    });
    await seedExtraStaff(db());
    // the demo region's video service comes from its seed (data/seed/pohjois-savo/region.json)
    const region = await db()
      .selectFrom('region')
      .select('video_service_url')
      .where('code', '=', 'pohjois-savo')
      .executeTakeFirstOrThrow();
    expect(region.video_service_url).toBe(VIDEO);
    for (const who of [
      'neuvoja',
      'neuvoja2',
      'kumppani',
      'pirkanmaa-neuvoja',
      'kuopio-neuvoja',
      'esihenkilo',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/dev/session',
        headers: SAME_ORIGIN,
        payload: { username: who },
      });
      expect(res.statusCode, who).toBe(200);
      sessions[who] = String(res.headers['set-cookie']).split(';')[0] as string;
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('starts a meeting for a contact once, however often the form is posted', async () => {
    const contact = await newContact();
    const meetingId = randomUUID();
    const form = { meetingId, contactId: contact.id, duration: '90' };
    const url = `/fi/staff/meetings/new?contact=${contact.id}`;
    expect((await post('neuvoja', url, '/fi/staff/meetings', form)).statusCode).toBe(303);
    expect((await post('neuvoja', url, '/fi/staff/meetings', form)).statusCode).toBe(303);
    const rows = await db().selectFrom('meeting').selectAll().where('contact_id', '=', contact.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'proposed', requested_by: 'staff', duration_minutes: 90 });
    const bad = await post('neuvoja', url, '/fi/staff/meetings', {
      ...form,
      meetingId: randomUUID(),
      duration: '5',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Anna kesto 15–480 minuuttia.');
    expect(
      await db().selectFrom('meeting').select('id').where('contact_id', '=', contact.id).execute(),
    ).toHaveLength(1);
  });

  it('is refused to the wrong person: another region, another organisation, a partner (404)', async () => {
    const contact = await newContact();
    for (const who of ['pirkanmaa-neuvoja', 'kuopio-neuvoja', 'kumppani', 'esihenkilo'])
      expect((await get(`/fi/staff/meetings/new?contact=${contact.id}`, who)).statusCode, who).toBe(404);
    const id = await start(contact.id);
    for (const who of ['pirkanmaa-neuvoja', 'kuopio-neuvoja', 'kumppani', 'esihenkilo'])
      expect((await get(page(id), who)).statusCode, who).toBe(404);
    // the contact-point team sees it, the organiser is named
    const other = await get(page(id), 'neuvoja2');
    expect(other.statusCode).toBe(200);
    // the refusal is logged for the data-protection officer
    const denied = await db()
      .selectFrom('access_log')
      .select(['action', 'reason'])
      .where('resource_type', '=', 'meeting')
      .where('resource_id', '=', id)
      .where('action', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
    expect((await get(`/fi/staff/meetings/${randomUUID()}`, 'neuvoja')).statusCode).toBe(404);
    expect((await get('/fi/staff/meetings', 'kumppani')).statusCode).toBe(404);
  });

  it('checks each participant, place and time beside its field, and changes nothing', async () => {
    const contact = await newContact();
    const id = await start(contact.id);
    const v0 = (await meetingRow(id)).version;
    const bad = async (action: string, fields: Record<string, string>, text: string) => {
      const res = await step(id, action, fields);
      expect(res.statusCode, `${action} ${JSON.stringify(fields)}`).toBe(400);
      expect(res.body).toContain(text);
    };
    await bad(
      'participants',
      {
        source: 'external',
        participantId: randomUUID(),
        name: 'Outi',
        organizationName: 'Koulu',
        email: 'not-an-email',
      },
      'data-qa="error-email"',
    );
    await bad(
      'participants',
      {
        source: 'external',
        participantId: randomUUID(),
        name: '',
        organizationName: 'Koulu',
        email: 'a@example.fi',
      },
      'Anna nimi (enintään 200 merkkiä).',
    );
    await bad(
      'participants',
      { source: 'registry', participantId: randomUUID(), registry: `professional:${randomUUID()}` },
      'Työntekijää ei löytynyt alueen verkostosta.',
    );
    await bad(
      'place',
      { placeKind: 'remote', remoteUrl: 'https://evil.example/room', duration: '90' },
      `Etäyhteyden osoitteen pitää alkaa alueen videopalvelun osoitteella ${VIDEO}.`,
    );
    await bad('place', { placeKind: 'address', address: 'Kauppa\u202ekatu', duration: '90' }, 'Anna osoite');
    await bad('place', { placeKind: '', duration: '90' }, 'Valitse paikka');
    await bad('times', { start1: ahead(5), start2: ahead(6) }, 'Ehdota 3–6 aikaa.');
    await bad(
      'times',
      { start1: '2020-01-01T09:00', start2: ahead(6), start3: ahead(7) },
      'Aika on jo mennyt.',
    );
    await bad(
      'times',
      { start1: ahead(5), start2: ahead(5), start3: ahead(7) },
      'Sama aika on ehdotettu kahdesti.',
    );
    const m = await meetingRow(id);
    expect(m.version).toBe(v0);
    expect(m.place_kind).toBeNull();
    expect(await participants(id)).toHaveLength(0);
    expect(
      await db().selectFrom('meeting_slot').select('id').where('meeting_id', '=', id).execute(),
    ).toHaveLength(0);
    // a remote link of the region's video service is taken
    expect(
      (await step(id, 'place', { placeKind: 'remote', remoteUrl: `${VIDEO}room/x1`, duration: '60' }))
        .statusCode,
    ).toBe(303);
    expect(await meetingRow(id)).toMatchObject({
      place_kind: 'remote',
      remote_url: `${VIDEO}room/x1`,
      duration_minutes: 60,
    });
  });

  it('adds a participant once for a retried form, and the same person not twice', async () => {
    const contact = await newContact();
    const id = await start(contact.id);
    const participantId = randomUUID();
    const fields = {
      source: 'external',
      participantId,
      name: 'Outi Opettaja',
      organizationName: 'Jynkän koulu',
      email: 'Outi.Opettaja@example.fi',
      language: 'fi',
    };
    expect((await step(id, 'participants', fields)).statusCode).toBe(303);
    expect((await step(id, 'participants', fields)).statusCode).toBe(303);
    expect(await participants(id)).toHaveLength(1);
    const again = await step(id, 'participants', {
      ...fields,
      participantId: randomUUID(),
      email: 'outi.opettaja@example.fi',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Hän on jo osallistuja.');
    expect(await participants(id)).toHaveLength(1);
  });

  it('a stale form changes nothing (409)', async () => {
    const contact = await newContact();
    const id = await start(contact.id);
    const m = await meetingRow(id);
    const ok = await step(id, 'place', { placeKind: 'address', address: 'Kauppakatu 1', duration: '90' });
    expect(ok.statusCode).toBe(303);
    const res = await post('neuvoja', page(id), `${page(id)}/place`, {
      version: String(m.version),
      placeKind: 'address',
      address: 'Toinen katu 2',
      duration: '90',
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Joku muu muutti tapaamista juuri.');
    expect((await meetingRow(id)).place_address).toBe('Kauppakatu 1');
  });

  it('runs the poll, locks the best time, invites, takes replies, changes and cancels', async () => {
    const { id, polls } = await meetingWithPoll();
    // one poll mail per participant with an e-mail (the registry person, two others, the family)
    expect(polls).toHaveLength(4);
    const byRecipient = (email: string) => polls.find((p) => p.recipient === email) as OutboxRow;
    const outi = byRecipient('outi.opettaja@example.fi');
    const sami = byRecipient('sami@example.fi');
    const family = byRecipient('maija@example.fi');
    expect(sami.language).toBe('sv');
    expect(pollUrl(sami)).toMatch(/^\/sv\/tillsammans-tid\/[A-Za-z0-9_-]{43}$/);
    // in the participant's language, the organiser's organisation too
    const samiMail = renderMeetingTemplate(sami.template, sami.language, sami.params);
    expect(samiMail.text).toContain('Norra Savolax välfärdsområde');
    expect(samiMail.text).not.toContain('Pohjois-Savon hyvinvointialue');
    const samiPage = await get(pollUrl(sami));
    expect(samiPage.body).toContain('Noora Neuvoja, Norra Savolax välfärdsområde');
    // the organiser's page in Swedish names the registry's people's organisations in Swedish too
    const svOrganiser = await get(page(id).replace('/fi/', '/sv/'), 'neuvoja');
    const picker = /data-qa="add-registry-form"[\s\S]*?<\/form>/.exec(svOrganiser.body)?.[0] ?? '';
    expect(picker).toContain('Norra Savolax välfärdsområde');
    expect(picker).not.toContain('Pohjois-Savon hyvinvointialue');

    // the poll page: neutral, private, only the participant's own answers
    const pollPage = await get(pollUrl(outi));
    expect(pollPage.statusCode).toBe(200);
    expect(pollPage.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(pollPage.headers['referrer-policy']).toBe('no-referrer');
    expect(pollPage.headers['cache-control']).toBe('no-store');
    expect(pollPage.body).toContain('Yhteinen tapaaminen (Yhdessä aika)');
    expect(pollPage.body).toContain('Noora');
    for (const secret of [FAMILY_NAME, TOPIC_TEXT, 'sami@example.fi', 'maija@example.fi', 'Sami Sosiaalityö'])
      expect(pollPage.body).not.toContain(secret);
    // an altered token or an unknown one: not found
    const altered = `${pollUrl(outi).slice(0, -1)}${tokenOf(outi).endsWith('A') ? 'B' : 'A'}`;
    expect((await get(altered)).statusCode).toBe(404);
    expect((await get('/fi/yhdessa-aika/short')).statusCode).toBe(404);

    // three participants answer without accounts
    const slots = await db()
      .selectFrom('meeting_slot')
      .select(['id', 'starts_at'])
      .where('meeting_id', '=', id)
      .orderBy('starts_at')
      .execute();
    const [s1, s2, s3] = slots.map((s) => s.id) as [string, string, string];
    const answer = (row: OutboxRow, a: [string, string, string]) =>
      post(null, pollUrl(row), `${pollUrl(row)}/answers`, {
        [`slot-${s1}`]: a[0],
        [`slot-${s2}`]: a[1],
        [`slot-${s3}`]: a[2],
      });
    const missing = await post(null, pollUrl(outi), `${pollUrl(outi)}/answers`, { [`slot-${s1}`]: 'yes' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Valitse vastaus jokaiseen aikaan.');
    expect((await answer(outi, ['yes', 'no', 'yes'])).statusCode).toBe(303);
    expect((await answer(sami, ['no', 'yes', 'if_need_be'])).statusCode).toBe(303);
    expect((await answer(family, ['if_need_be', 'yes', 'yes'])).statusCode).toBe(303);
    const votes = await db()
      .selectFrom('meeting_vote')
      .select('answer')
      .where('slot_id', 'in', [s1, s2, s3])
      .execute();
    expect(votes).toHaveLength(9);
    // the poll page shows the participant's own answers, checked
    const own = await get(pollUrl(outi));
    expect(own.body).toMatch(new RegExp(`name="slot-${s2}" checked="" value="no"`));
    expect(own.body.match(/checked=""/g)).toHaveLength(3);

    // the organiser sees the tallies: s3 (2 yes, 1 if need be) is the best common time
    const organiser = await get(page(id), 'neuvoja');
    expect(organiser.statusCode).toBe(200);
    expect(organiser.body).toMatch(/data-qa="tally-best"[\s\S]*?Paras yhteinen aika/);
    const best = /data-qa="tally-best"[\s\S]*?name="slotId" value="([^"]+)"/.exec(organiser.body)?.[1];
    expect(best).toBe(s3);

    // lock it; voting afterwards (from a page opened before) is refused and changes nothing
    const staleTab = await openForm(null, pollUrl(outi));
    expect((await step(id, 'lock', { slotId: s3 })).statusCode).toBe(303);
    const locked = await meetingRow(id);
    expect(locked).toMatchObject({ state: 'time_locked', locked_slot_id: s3 });
    // the poll page no longer asks which times suit: the time is chosen
    const afterLock = await get(pollUrl(outi));
    expect(afterLock.body).toContain('Aika on valittu');
    expect(afterLock.body).not.toContain('Kerro, mitkä ajat sinulle sopivat');
    const late = await staleTab(`${pollUrl(outi)}/answers`, {
      [`slot-${s1}`]: 'no',
      [`slot-${s2}`]: 'no',
      [`slot-${s3}`]: 'no',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Aika on jo lukittu');
    expect(
      (await db().selectFrom('meeting_vote').select('answer').where('slot_id', '=', s3).execute())
        .map((v) => v.answer)
        .sort(),
    ).toEqual(['if_need_be', 'yes', 'yes']);

    // invitations: each participant with an e-mail gets their own REQUEST
    let mark = await lastOutboxId();
    expect((await step(id, 'invite', {})).statusCode).toBe(303);
    const invitations = await mailsSince('meeting.invitation', mark);
    expect(invitations.map((r) => r.recipient).sort()).toEqual([...polls.map((p) => p.recipient)].sort());
    // each participant's link is the same in every mail: the poll mail's link still opens
    for (const poll of polls) {
      const invitation = invitations.find((r) => r.recipient === poll.recipient) as OutboxRow;
      expect(invitation.params.link).toBe(poll.params.link);
      expect((await get(pollUrl(poll))).statusCode).toBe(200);
    }
    const uid = (await meetingRow(id)).ical_uid;
    for (const row of invitations) {
      const mail = renderMeetingTemplate(row.template, row.language, row.params);
      const ics = mail.calendar?.content ?? '';
      expect(mail.calendar?.method).toBe('REQUEST');
      expect(ics).toContain('METHOD:REQUEST');
      expect(ics).toContain(`UID:${uid}`);
      expect(ics).toContain('SEQUENCE:0');
      expect(ics).toContain('TZID=Europe/Helsinki');
      // replies come back to the monitored organiser address
      expect(ics).toContain(`mailto:${REPLY_ADDRESS}`);
      // only the recipient is an attendee
      const attendees = ics
        .replace(/\r\n /g, '')
        .split('\r\n')
        .filter((l) => l.startsWith('ATTENDEE'));
      expect(attendees).toHaveLength(1);
      expect(attendees[0]?.toLowerCase()).toContain(`mailto:${row.recipient}`);
      const everything = `${mail.subject}\n${mail.text}\n${mail.html}\n${ics}`;
      expect(everything).not.toContain(TOPIC_TEXT);
      expect(everything).not.toContain('TUNTEET');
      for (const other of invitations) if (other !== row) expect(everything).not.toContain(other.recipient);
      if (row.recipient !== 'maija@example.fi') expect(everything).not.toContain(FAMILY_NAME);
    }

    // a calendar REPLY by e-mail (ACCEPTED) through the reply handler
    const meeting = await meetingRow(id);
    const replyIcs = buildReply({
      uid,
      sequence: 0,
      stamp: new Date(),
      start: meeting.starts_at as Date,
      end: meeting.ends_at as Date,
      organizer: { name: 'Noora', email: REPLY_ADDRESS },
      attendee: { name: 'Outi', email: 'outi.opettaja@example.fi' },
      partstat: 'ACCEPTED',
    });
    const [reply] = parseCalendarReplies(replyIcs);
    expect(reply).toBeTruthy();
    const r = reply as NonNullable<typeof reply>;
    // Outi's calendar answers by e-mail to the organiser address the invitation named
    const smtp = createTransport({ host: '127.0.0.1', port: replyPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: 'outi.opettaja@example.fi',
      to: REPLY_ADDRESS,
      subject: 'Hyväksytty: Yhteinen tapaaminen (Yhdessä aika)',
      text: 'Hyväksytty',
      icalEvent: { method: 'REPLY', content: replyIcs },
    });
    smtp.close();
    expect((await participants(id)).find((p) => p.email === 'outi.opettaja@example.fi')?.partstat).toBe(
      'ACCEPTED',
    );
    expect(await recordCalendarReply(db(), { ...r, sender: 'outi.opettaja@example.fi' })).toBe('recorded');
    expect(await recordCalendarReply(db(), { ...r, sender: 'mallory@example.fi' })).toBe('sender_mismatch');
    expect(await recordCalendarReply(db(), { ...r, attendee: 'stranger@example.fi' })).toBe(
      'unknown_attendee',
    );
    expect(await recordCalendarReply(db(), { ...r, uid: 'nobody@perheverkko' })).toBe('unknown_meeting');
    const outiRow = (await participants(id)).find((p) => p.email === 'outi.opettaja@example.fi');
    expect(outiRow?.partstat).toBe('ACCEPTED');
    // the same answer by the poll page's button
    const samiInvite = invitations.find((r) => r.recipient === 'sami@example.fi') as OutboxRow;
    const declined = await post(null, pollUrl(samiInvite), `${pollUrl(samiInvite)}/reply`, {
      partstat: 'DECLINED',
    });
    expect(declined.statusCode).toBe(303);
    expect((await participants(id)).find((p) => p.email === 'sami@example.fi')?.partstat).toBe('DECLINED');
    // the poll mail's link is the invitation's: it shows the answer just given
    expect((await get(pollUrl(sami))).statusCode).toBe(200);

    // a change after the invitations: the same UID, SEQUENCE 1, to everyone invited
    mark = await lastOutboxId();
    const moved = await step(id, 'reschedule', { start: ahead(14, 10) });
    expect(moved.statusCode, moved.body.slice(0, 300)).toBe(303);
    const updates = await mailsSince('meeting.invitation', mark);
    expect(updates).toHaveLength(4);
    for (const row of updates) {
      const mail = renderMeetingTemplate(row.template, row.language, row.params);
      expect(mail.calendar?.content).toContain(`UID:${uid}`);
      expect(mail.calendar?.content).toContain('SEQUENCE:1');
      expect(mail.subject).toMatch(/^(Muuttunut|Ändrat)/);
    }
    expect((await participants(id)).every((p) => p.partstat === 'NEEDS-ACTION')).toBe(true);
    // a reply to the older invitation no longer counts
    expect(await recordCalendarReply(db(), { ...r, sender: null })).toBe('old_sequence');

    // a participant removed after the invitations gets a CANCEL; their link is gone
    mark = await lastOutboxId();
    const samiId = (await participants(id)).find((p) => p.email === 'sami@example.fi')?.id as string;
    const samiLink = updates.find((r) => r.recipient === 'sami@example.fi') as OutboxRow;
    expect((await step(id, 'participants/remove', { participantId: samiId })).statusCode).toBe(303);
    const cancelOne = await mailsSince('meeting.cancellation', mark);
    expect(cancelOne.map((r) => r.recipient)).toEqual(['sami@example.fi']);
    expect((await get(pollUrl(samiLink))).statusCode).toBe(404);

    // one added after the invitations gets the current REQUEST
    mark = await lastOutboxId();
    expect(
      (
        await step(id, 'participants', {
          source: 'external',
          participantId: randomUUID(),
          name: 'Nea Neuvola',
          organizationName: 'Jynkän neuvola',
          email: 'nea@example.fi',
          language: 'en',
        })
      ).statusCode,
    ).toBe(303);
    const late2 = await mailsSince('meeting.invitation', mark);
    expect(late2.map((r) => r.recipient)).toEqual(['nea@example.fi']);
    expect(
      renderMeetingTemplate((late2[0] as OutboxRow).template, 'en', (late2[0] as OutboxRow).params).calendar
        ?.content,
    ).toContain('SEQUENCE:1');

    // cancel: a CANCEL (SEQUENCE 2) to those invited, the reason only in the meeting
    mark = await lastOutboxId();
    const reason = `Perhe muutti pois, ${FAMILY_NAME} ilmoitti`;
    expect((await step(id, 'cancel', { reason })).statusCode).toBe(303);
    const cancels = await mailsSince('meeting.cancellation', mark);
    expect(cancels.map((r) => r.recipient).sort()).toEqual(
      [
        'maija@example.fi',
        'nea@example.fi',
        'outi.opettaja@example.fi',
        // the registry person's
        String(
          invitations.find(
            (r) => !['maija@example.fi', 'outi.opettaja@example.fi', 'sami@example.fi'].includes(r.recipient),
          )?.recipient,
        ),
      ].sort(),
    );
    for (const row of cancels) {
      const mail = renderMeetingTemplate(row.template, row.language, row.params);
      expect(mail.calendar?.method).toBe('CANCEL');
      expect(mail.calendar?.content).toContain('METHOD:CANCEL');
      expect(mail.calendar?.content).toContain('SEQUENCE:2');
      expect(`${mail.text}${mail.html}${mail.calendar?.content}`).not.toContain('muutti pois');
    }
    expect(await meetingRow(id)).toMatchObject({
      state: 'cancelled',
      cancel_reason: reason,
      ical_sequence: 2,
    });
    // the links of a cancelled meeting are gone (410), steps refused (409)
    const outiLatest = updates.find((r) => r.recipient === 'outi.opettaja@example.fi') as OutboxRow;
    const gone = await get(pollUrl(outiLatest));
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('Tapaaminen on peruttu');
    const refused = await step(id, 'reschedule', { start: ahead(20) });
    expect(refused.statusCode).toBe(409);
  }, 120_000);

  it("lists the families' requests for the counsellors, and one takes a request", async () => {
    const contact = await newContact();
    const id = randomUUID();
    const now = new Date();
    const c = await db()
      .selectFrom('contact')
      .select(['region_id', 'registry_organization_id'])
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('meeting')
      .values({
        id,
        region_id: c.region_id,
        contact_id: contact.id,
        registry_organization_id: c.registry_organization_id,
        state: 'requested',
        requested_by: 'family',
        request_text: 'Koulun ja neuvolan kanssa yhdessä',
        ical_uid: `${id}@perheverkko`,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const list = await get('/fi/staff/meetings', 'neuvoja2');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(contact.reference);
    expect(list.body).toContain('data-qa="take-request"');
    expect((await get('/fi/staff/meetings', 'pirkanmaa-neuvoja')).body).not.toContain(contact.reference);
    const take = await post('neuvoja2', '/fi/staff/meetings', `${page(id)}/organise`, {
      version: String((await meetingRow(id)).version),
    });
    expect(take.statusCode).toBe(303);
    const m = await meetingRow(id);
    expect(m.state).toBe('proposed');
    const organiser = await db()
      .selectFrom('staff_user')
      .select('name')
      .where('id', '=', m.organizer_id as string)
      .executeTakeFirstOrThrow();
    expect(organiser.name).toBeTruthy();
    // taken again: refused, nothing changed
    const again = await post('neuvoja', page(id), `${page(id)}/organise`, { version: String(m.version) });
    expect(again.statusCode).toBe(409);
    expect((await meetingRow(id)).organizer_id).toBe(m.organizer_id);
    // it is now neuvoja2's own
    expect((await get('/fi/staff/meetings', 'neuvoja2')).body).toMatch(
      /data-qa="list-mine"[\s\S]*?meeting-row/,
    );
  }, 60_000);

  it('answers in Swedish and English at their own paths, and a link expires 30 days after the meeting', async () => {
    const { id, polls } = await meetingWithPoll();
    const sami = polls.find((p) => p.recipient === 'sami@example.fi') as OutboxRow;
    const token = tokenOf(sami);
    const sv = await get(`/sv/tillsammans-tid/${token}`);
    expect(sv.statusCode).toBe(200);
    expect(sv.body).toContain('Gemensamt möte (Tillsammans-tid)');
    const en = await get(`/en/together-time/${token}`);
    expect(en.body).toContain('Joint meeting (Together time)');
    // the meeting ended 31 days ago
    await sql`UPDATE meeting_slot SET starts_at = starts_at - interval '60 days', ends_at = ends_at - interval '60 days'
      WHERE meeting_id = ${id}`.execute(db());
    const expired = await get(`/sv/tillsammans-tid/${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Länken gäller inte längre');
  }, 60_000);
});
