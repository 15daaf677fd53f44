import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildInvitation,
  buildReply,
  type CalendarReply,
  type InvitationInput,
  parseCalendarReplies,
} from '../src/platform/calendar.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import {
  handleInboundMessage,
  type InboundMailServer,
  startInboundMail,
} from '../src/platform/inbound-mail.ts';
import { createMailer, type MailMessage } from '../src/platform/mail.ts';
import { enqueue, type RenderTemplate, startOutboxWorker } from '../src/platform/outbox.ts';
import { LoggingSmsGateway } from '../src/platform/sms.ts';
import { freshDatabase } from './databases.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = join(ROOT, 'test/calendar-tz-child.ts');
const run = promisify(execFile);

const FROM = 'Perheverkko <no-reply@perheverkko.invalid>';
const REPLY_ADDRESS = 'yhdessa-aika@perheverkko.invalid';
const TEACHER = 'opettaja@koulu.example';

// the days after the DST changes of 2026 (29.3. and 25.10.): 10.00 in Helsinki is
// 07.00 UTC in summer time and 08.00 UTC in winter time
const SPRING = { start: '2026-03-30T07:00:00.000Z', end: '2026-03-30T08:00:00.000Z' };
const AUTUMN = { start: '2026-10-26T08:00:00.000Z', end: '2026-10-26T09:30:00.000Z' };

interface ChildOutput {
  zone: string;
  offset: number;
  results: {
    lines: { dtstart: string; dtend: string; dtstamp: string };
    nodeIcal: { start: string; end: string; stamp: string };
    icalJs: { start: string; end: string; stamp: string };
  }[];
}

describe('an invitation is at the same instant whatever the server clock (node-ical and ical.js)', () => {
  for (const [zone, offset] of [
    ['UTC', 0],
    ['America/New_York', 240],
  ] as const) {
    it(`meetings on 30.3.2026 and 26.10.2026 at 10.00 Helsinki time, server under TZ=${zone}`, async () => {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', CHILD, JSON.stringify([SPRING, AUTUMN])],
        {
          cwd: ROOT,
          env: { ...process.env, TZ: zone },
          timeout: 60_000,
        },
      );
      const output = JSON.parse(stdout) as ChildOutput;
      // the child really ran on that clock
      expect(output.zone).toBe(zone);
      expect(output.offset).toBe(offset);
      const [spring, autumn] = output.results;
      expect(spring?.lines.dtstart).toBe('DTSTART;TZID=Europe/Helsinki:20260330T100000');
      expect(spring?.lines.dtend).toBe('DTEND;TZID=Europe/Helsinki:20260330T110000');
      expect(autumn?.lines.dtstart).toBe('DTSTART;TZID=Europe/Helsinki:20261026T100000');
      expect(autumn?.lines.dtend).toBe('DTEND;TZID=Europe/Helsinki:20261026T113000');
      for (const [result, expected] of [
        [spring, SPRING],
        [autumn, AUTUMN],
      ] as const) {
        expect(result?.lines.dtstamp).toBe('DTSTAMP:20260301T123456Z');
        for (const parser of [result?.nodeIcal, result?.icalJs]) {
          expect(parser).toEqual({
            start: expected.start,
            end: expected.end,
            stamp: '2026-03-01T12:34:56.000Z',
          });
        }
      }
    }, 90_000);
  }
});

/** One MIME part as a tree: the type, its parameters, the disposition and the children. */
interface MimePart {
  type: string;
  params: Record<string, string>;
  disposition: string | null;
  filename: string | null;
  children: MimePart[];
}

function headerValue(params: string): { value: string; params: Record<string, string> } {
  const [value = '', ...rest] = params.split(';');
  const out: Record<string, string> = {};
  for (const item of rest) {
    const at = item.indexOf('=');
    if (at < 0) continue;
    out[item.slice(0, at).trim().toLowerCase()] = item
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { value: value.trim().toLowerCase(), params: out };
}

/** Enough of RFC 2045/2046 to see the structure of what nodemailer wrote. */
function mimeTree(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headerValue(headers.get('content-type') ?? 'text/plain');
  const disposition = headers.has('content-disposition')
    ? headerValue(headers.get('content-disposition') ?? '')
    : null;
  const part: MimePart = {
    type: type.value,
    params: type.params,
    disposition: disposition?.value ?? null,
    filename: disposition?.params.filename ?? null,
    children: [],
  };
  const boundary = type.params.boundary;
  if (type.value.startsWith('multipart/') && boundary) {
    const end = body.indexOf(`\r\n--${boundary}--`);
    const pieces = body
      .slice(0, end < 0 ? undefined : end)
      .split(`--${boundary}\r\n`)
      .slice(1);
    part.children = pieces.map((piece) => mimeTree(piece.replace(/\r\n$/, '')));
  }
  return part;
}

/** The structure every invitation mail must have (Outlook, Google and Apple read it so). */
function expectInvitationStructure(raw: string, method: 'REQUEST' | 'CANCEL') {
  const root = mimeTree(raw);
  expect(root.type).toBe('multipart/mixed');
  const [alternative, attachment] = root.children;
  expect(root.children).toHaveLength(2);
  expect(alternative?.type).toBe('multipart/alternative');
  expect(alternative?.children.map((c) => c.type)).toEqual(['text/plain', 'text/html', 'text/calendar']);
  const calendarPart = alternative?.children[2];
  expect(calendarPart?.params.method).toBe(method);
  expect(calendarPart?.params.charset?.toLowerCase()).toBe('utf-8');
  expect(attachment?.type).toBe('application/ics');
  expect(attachment?.disposition).toBe('attachment');
  expect(attachment?.filename).toBe('invite.ics');
}

interface Captured {
  to: string[];
  raw: string;
}

/** The region's outgoing mail server, in this process: keeps what it receives. */
async function startCaptureSmtp() {
  const received: Captured[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

const meeting = (overrides: Partial<InvitationInput> = {}): InvitationInput => ({
  method: 'REQUEST',
  uid: '7f0c2f3e-5a7b-4d61-9a55-1c1f3c7e2d10@perheverkko',
  sequence: 0,
  stamp: new Date('2026-03-01T09:00:00Z'),
  start: new Date(SPRING.start),
  end: new Date(SPRING.end),
  summary: 'Yhteinen tapaaminen (Yhdessä aika)',
  description: 'Kirjaudu tai avaa oma linkkisi: https://perheverkko.example/fi/m/abc',
  location: 'Perhekeskus, Kauppakatu 1, Kuopio',
  url: 'https://perheverkko.example/fi/m/abc',
  organizer: { name: 'Perheverkko', email: REPLY_ADDRESS },
  attendees: [{ name: 'Opettaja', email: TEACHER }],
  ...overrides,
});

const invitationMail = (input: InvitationInput): MailMessage => ({
  to: TEACHER,
  subject: input.method === 'CANCEL' ? 'Peruttu: Yhteinen tapaaminen' : 'Kutsu: Yhteinen tapaaminen',
  text: 'Yhteinen tapaaminen (Yhdessä aika) 30.3.2026 klo 10.00.',
  html: '<p>Yhteinen tapaaminen (Yhdessä aika) 30.3.2026 klo 10.00.</p>',
  calendar: { method: input.method, content: buildInvitation(input) },
});

/** The calendar inside a captured mail (the text/calendar alternative), read with mailparser. */
async function calendarOf(
  raw: string,
): Promise<{ inline: string; attached: string; text: string; html: string }> {
  const parsed = await simpleParser(raw);
  const inline = parsed.attachments.find((a) => a.contentType === 'text/calendar');
  const attached = parsed.attachments.find((a) => a.filename === 'invite.ics');
  return {
    inline: inline?.content.toString('utf8') ?? '',
    attached: attached?.content.toString('utf8') ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
  };
}

const property = (ics: string, name: string) =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));

describe('REQUEST → REPLY → update → CANCEL through SMTP', () => {
  let outgoing: Awaited<ReturnType<typeof startCaptureSmtp>>;
  let inbound: InboundMailServer;
  const replies: CalendarReply[] = [];
  const log = capturedLogger();
  let failNext = false;

  /** A calendar client's mail client: talks straight to the inbound listener. */
  const client = () =>
    createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true, logger: false });

  beforeAll(async () => {
    outgoing = await startCaptureSmtp();
    inbound = await startInboundMail({
      replyAddress: REPLY_ADDRESS.toUpperCase(),
      port: 0,
      logger: log.logger,
      maxBytes: 64 * 1024,
      handler: async (reply) => {
        if (failNext) {
          failNext = false;
          throw new Error(`meeting ${reply.uid} has no attendee ${reply.attendee}`);
        }
        replies.push(reply);
      },
    });
  });
  afterAll(async () => {
    await inbound?.close();
    await outgoing?.close();
  });

  it('the invitation, the answer, the change and the cancellation', async () => {
    const mailer = createMailer({ smtpUrl: outgoing.url, from: FROM });
    try {
      // 1. the invitation
      const request = meeting();
      await mailer.send(invitationMail(request));
      const first = outgoing.received[0];
      expect(first?.to).toEqual([TEACHER]);
      expectInvitationStructure(first?.raw ?? '', 'REQUEST');
      const sent = await calendarOf(first?.raw ?? '');
      expect(sent.text).toContain('30.3.2026 klo 10.00');
      expect(sent.html).toContain('<p>');
      expect(sent.attached).toBe(sent.inline);
      expect(property(sent.inline, 'METHOD')).toEqual(['METHOD:REQUEST']);
      expect(property(sent.inline, 'UID')).toEqual([`UID:${request.uid}`]);
      expect(property(sent.inline, 'SEQUENCE')).toEqual(['SEQUENCE:0']);
      expect(property(sent.inline, 'STATUS')).toEqual(['STATUS:CONFIRMED']);
      expect(property(sent.inline, 'ORGANIZER')).toEqual([
        `ORGANIZER;CN="Perheverkko":mailto:${REPLY_ADDRESS}`,
      ]);
      expect(property(sent.inline, 'ATTENDEE')).toEqual([
        `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="Opettaja":MAILTO:${TEACHER}`,
      ]);

      // 2. the teacher's calendar accepts: a METHOD:REPLY to the organiser
      const reply = buildReply({
        uid: request.uid,
        sequence: 0,
        stamp: new Date('2026-03-02T08:00:00Z'),
        start: request.start,
        end: request.end,
        summary: request.summary,
        organizer: request.organizer,
        attendee: { name: 'Opettaja', email: 'Opettaja@Koulu.example' },
        partstat: 'ACCEPTED',
      });
      await client().sendMail({
        from: 'Opettaja <Opettaja@Koulu.example>',
        to: REPLY_ADDRESS,
        subject: 'Hyväksytty: Yhteinen tapaaminen',
        text: 'Opettaja on hyväksynyt kutsun.',
        icalEvent: { method: 'REPLY', content: reply },
      });
      expect(replies).toEqual([
        { uid: request.uid, sequence: 0, attendee: TEACHER, partstat: 'ACCEPTED', sender: TEACHER },
      ]);

      // 3. the time changes: the same UID, the next SEQUENCE
      const update = meeting({
        sequence: 1,
        stamp: new Date('2026-03-05T09:00:00Z'),
        start: new Date(AUTUMN.start),
        end: new Date(AUTUMN.end),
      });
      await mailer.send(invitationMail(update));
      const second = outgoing.received[1];
      expectInvitationStructure(second?.raw ?? '', 'REQUEST');
      const changed = (await calendarOf(second?.raw ?? '')).inline;
      expect(property(changed, 'UID')).toEqual([`UID:${request.uid}`]);
      expect(property(changed, 'SEQUENCE')).toEqual(['SEQUENCE:1']);
      expect(property(changed, 'DTSTART')).toContain('DTSTART;TZID=Europe/Helsinki:20261026T100000');

      // 4. the cancellation: METHOD:CANCEL, the same UID, the next SEQUENCE
      await mailer.send(invitationMail(meeting({ ...update, method: 'CANCEL', sequence: 2 })));
      const third = outgoing.received[2];
      expectInvitationStructure(third?.raw ?? '', 'CANCEL');
      const cancelled = (await calendarOf(third?.raw ?? '')).inline;
      expect(property(cancelled, 'METHOD')).toEqual(['METHOD:CANCEL']);
      expect(property(cancelled, 'UID')).toEqual([`UID:${request.uid}`]);
      expect(property(cancelled, 'SEQUENCE')).toEqual(['SEQUENCE:2']);
      expect(property(cancelled, 'STATUS')).toEqual(['STATUS:CANCELLED']);
      expect(outgoing.received).toHaveLength(3);
    } finally {
      mailer.close();
    }
  });

  it('mail to any other address than the reply address is refused with 550', async () => {
    const before = replies.length;
    const error = await client()
      .sendMail({
        from: TEACHER,
        to: 'someone-else@perheverkko.invalid',
        subject: 'x',
        text: 'x',
        icalEvent: { method: 'REPLY', content: buildReply(replyInput('DECLINED')) },
      })
      .then(
        () => null,
        (e: unknown) => e as { responseCode?: number },
      );
    expect(error?.responseCode).toBe(550);
    expect(replies).toHaveLength(before);
  });

  it('a REQUEST sent to the reply address, junk and an empty mail are accepted and give no answer', async () => {
    const before = replies.length;
    const transport = client();
    await transport.sendMail({
      from: TEACHER,
      to: REPLY_ADDRESS,
      subject: 'Forwarded',
      text: 'x',
      icalEvent: { method: 'REQUEST', content: buildInvitation(meeting()) },
    });
    await transport.sendMail({
      from: TEACHER,
      to: REPLY_ADDRESS,
      subject: 'Junk',
      text: 'x',
      attachments: [
        { filename: 'invite.ics', content: 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n\x00\x01' },
      ],
    });
    await transport.sendMail({ from: TEACHER, to: REPLY_ADDRESS, subject: '', text: '' });
    expect(replies).toHaveLength(before);
  });

  it('an oversized message is refused with 552 and not read', async () => {
    const before = replies.length;
    const error = await client()
      .sendMail({
        from: TEACHER,
        to: REPLY_ADDRESS,
        subject: 'Big',
        text: 'x'.repeat(100 * 1024),
        icalEvent: { method: 'REPLY', content: buildReply(replyInput('ACCEPTED')) },
      })
      .then(
        () => null,
        (e: unknown) => e as { responseCode?: number },
      );
    expect(error?.responseCode).toBe(552);
    expect(replies).toHaveLength(before);
  });

  it('a handler that fails: the mail is still accepted, and the log names no one', async () => {
    failNext = true;
    await client().sendMail({
      from: TEACHER,
      to: REPLY_ADDRESS,
      subject: 'Hylätty',
      text: 'x',
      icalEvent: { method: 'REPLY', content: buildReply(replyInput('DECLINED')) },
    });
    const text = log.lines.join('');
    expect(text).toContain('a calendar reply was not recorded');
    expect(text).not.toMatch(/opettaja|koulu|7f0c2f3e|@/i);
  });
});

const replyInput = (partstat: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE') => ({
  uid: meeting().uid,
  sequence: 0,
  stamp: new Date('2026-03-02T08:00:00Z'),
  start: new Date(SPRING.start),
  end: new Date(SPRING.end),
  organizer: { name: 'Perheverkko', email: REPLY_ADDRESS },
  attendee: { email: TEACHER },
  partstat,
});

describe('a raw message fed to handleInboundMessage (CLI, tests)', () => {
  const noHandler = async () => {
    throw new Error('must not be called');
  };

  it('junk, a REQUEST and an oversized message give a status, never a throw', async () => {
    const junk = Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10, 45, 45]);
    expect((await handleInboundMessage(junk, noHandler)).status).toBe('no_reply');
    expect((await handleInboundMessage(Buffer.alloc(0), noHandler)).status).toBe('no_reply');
    const request = await rawMail({ method: 'REQUEST', content: buildInvitation(meeting()) });
    expect(await handleInboundMessage(request, noHandler)).toEqual({
      status: 'no_reply',
      replies: 0,
      failed: 0,
    });
    const reply = await rawMail({ method: 'REPLY', content: buildReply(replyInput('TENTATIVE')) });
    expect((await handleInboundMessage(reply, noHandler, { maxBytes: 100 })).status).toBe('too_large');
    expect(await handleInboundMessage('not a buffer' as unknown as Buffer, noHandler)).toMatchObject({
      status: 'too_large',
    });
  });

  it('the same answer inline and attached is given once', async () => {
    const got: CalendarReply[] = [];
    const reply = await rawMail({ method: 'REPLY', content: buildReply(replyInput('TENTATIVE')) });
    expect(await handleInboundMessage(reply, async (r) => void got.push(r))).toEqual({
      status: 'handled',
      replies: 1,
      failed: 0,
    });
    expect(got).toEqual([
      { uid: meeting().uid, sequence: 0, attendee: TEACHER, partstat: 'TENTATIVE', sender: TEACHER },
    ]);
  });

  it('a reply only as an attachment (no inline part) is read too', async () => {
    const got: CalendarReply[] = [];
    const transport = createTransport({ streamTransport: true, buffer: true });
    const info = await transport.sendMail({
      from: TEACHER,
      to: REPLY_ADDRESS,
      subject: 'x',
      text: 'x',
      attachments: [
        { filename: 'reply.ics', content: buildReply(replyInput('DECLINED')), contentType: 'text/calendar' },
      ],
    });
    await handleInboundMessage(info.message as Buffer, async (r) => void got.push(r));
    expect(got.map((r) => r.partstat)).toEqual(['DECLINED']);
  });
});

async function rawMail(icalEvent: { method: string; content: string }): Promise<Buffer> {
  const transport = createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({
    from: TEACHER,
    to: REPLY_ADDRESS,
    subject: 'x',
    text: 'x',
    icalEvent,
  });
  return info.message as Buffer;
}

describe('the mailer without a server keeps the invitation', () => {
  it('files: the .eml has the invitation structure; none: sends without error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perheverkko-ics-'));
    try {
      const files = createMailer({ from: FROM, dir });
      await files.send(invitationMail(meeting()));
      files.close();
      const [name] = readdirSync(dir);
      expectInvitationStructure(readFileSync(join(dir, name ?? ''), 'utf8'), 'REQUEST');
      const none = createMailer({ from: FROM });
      expect(none.kind).toBe('none');
      await none.send(invitationMail(meeting({ method: 'CANCEL', sequence: 1 })));
      none.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the outbox passes html and the calendar to the mailer', () => {
  it('a template that renders an invitation is sent as one', async () => {
    const db = await freshDatabase('pglite');
    const outgoing = await startCaptureSmtp();
    const mailer = createMailer({ smtpUrl: outgoing.url, from: FROM });
    const render: RenderTemplate = (_template, _language, params) =>
      invitationMail(meeting({ sequence: Number(params.sequence) }));
    const worker = startOutboxWorker({
      db: db.db,
      mailer,
      sms: new LoggingSmsGateway(pino({ level: 'silent' })),
      render,
      logger: pino({ level: 'silent' }),
      pollMs: 0,
    });
    try {
      await enqueue(db.db, {
        channel: 'email',
        recipient: TEACHER,
        template: 'meeting.invitation',
        language: 'fi',
        params: { sequence: 3 },
      });
      expect(await worker.runOnce()).toBe(1);
      const raw = outgoing.received[0]?.raw ?? '';
      expectInvitationStructure(raw, 'REQUEST');
      expect(property((await calendarOf(raw)).inline, 'SEQUENCE')).toEqual(['SEQUENCE:3']);
      expect(parseCalendarReplies((await calendarOf(raw)).inline)).toEqual([]);
    } finally {
      await worker.stop();
      mailer.close();
      await outgoing.close();
      await db.close();
    }
  });
});

describe('the settings of the reply address and the listener', () => {
  it('no listener unless a port is given; the address is kept lowercased; a bad one is named', () => {
    const defaults = loadConfig({});
    expect(defaults.inboundMail).toEqual({
      replyAddress: 'yhdessa-aika@perheverkko.invalid',
      port: undefined,
      host: '127.0.0.1',
      maxBytes: 2 * 1024 * 1024,
    });
    const set = loadConfig({ MEETING_REPLY_ADDRESS: 'Yhdessa-Aika@Alue.Example', INBOUND_SMTP_PORT: '2525' });
    expect(set.inboundMail).toMatchObject({ replyAddress: 'yhdessa-aika@alue.example', port: 2525 });
    expect(() => loadConfig({ MEETING_REPLY_ADDRESS: 'Yhdessä aika <yhdessa-aika@alue.example>' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ INBOUND_SMTP_MAX_BYTES: '10' })).toThrow(/INBOUND_SMTP_MAX_BYTES/);
  });
});
