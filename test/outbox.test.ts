import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/index.ts';
import { createMailer } from '../src/platform/mail.ts';
import {
  describeSendError,
  enqueue,
  type OutboxMessage,
  type OutboxWorker,
  type OutboxWorkerOptions,
  RETRY_BASE_MS,
  type RenderTemplate,
  startOutboxWorker,
} from '../src/platform/outbox.ts';
import { LoggingSmsGateway } from '../src/platform/sms.ts';
import { ENGINES, freshDatabase } from './databases.ts';

const FROM = 'Perheverkko <no-reply@perheverkko.invalid>';
const ADDRESS = 'aino.asiakas@example.fi';

const render: RenderTemplate = (template, language, params) => {
  if (template !== 'contact.received') throw new Error(`no template ${template}`);
  return {
    subject: `Perheverkko ${String(params.reference)}`,
    text: `Hei! (${language}) Viite ${String(params.reference)}.\nVastaamme ${String(params.respondBy)} mennessa.`,
  };
};

const message = (overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  channel: 'email',
  recipient: ADDRESS,
  template: 'contact.received',
  language: 'fi',
  params: { reference: 'PV-2026-000123', respondBy: '1.12.2026' },
  ...overrides,
});

interface Received {
  to: string[];
  raw: string;
}

/** An SMTP server in this process that keeps what it receives (or refuses every recipient). */
async function startSmtp(options: { reject?: boolean; delayMs?: number } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.reject) return callback();
      // a real server's answer names the address: it must not reach last_error
      const error = new Error(`<${address.address}>: Recipient address rejected: mailbox unavailable`);
      (error as Error & { responseCode: number }).responseCode = 550;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        setTimeout(() => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        }, options.delayMs ?? 0);
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

/** A pino logger whose lines the test can read. */
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

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('errors kept in last_error', () => {
  it('keep the code and the server status, never an address or a number', () => {
    const error = Object.assign(
      new Error(`Can't send mail - all recipients were rejected: 550 <Aino.Asiakas@Example.fi>: no`),
      {
        code: 'EENVELOPE',
        responseCode: 550,
      },
    );
    const text = describeSendError(error, ADDRESS);
    expect(text).toMatch(/^EENVELOPE 550: Can't send mail/);
    expect(text).not.toMatch(/aino|asiakas|@/i);
    const sms = describeSendError(new Error('gateway refused +358 40 1234567'), '+358401234567');
    expect(sms).toBe('Error: gateway refused [number]');
  });
});

describe('the mailer without a server', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'perheverkko-mail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each message as an .eml file into the folder (demo mode)', async () => {
    const mailer = createMailer({ from: FROM, dir: join(dir, 'mail') });
    expect(mailer.kind).toBe('files');
    await mailer.send({
      to: ADDRESS,
      subject: 'Yhteydenottosi on vastaanotettu',
      text: 'Hei!\nViite PV-2026-000123.',
    });
    await mailer.send({ to: 'toinen@example.fi', subject: 'Toinen', text: 'Toinen viesti.' });
    const files = readdirSync(join(dir, 'mail')).sort();
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-[0-9a-f]{8}\.eml$/);
      expect(file).not.toContain('@');
    }
    const all = files.map((f) => readFileSync(join(dir, 'mail', f), 'utf8')).join('\n');
    expect(all).toContain(`To: ${ADDRESS}`);
    expect(all).toContain('From: Perheverkko <no-reply@perheverkko.invalid>');
    expect(all).toContain('Subject: Yhteydenottosi on vastaanotettu');
    expect(all).toContain('Viite PV-2026-000123.');
    expect(all).toContain('To: toinen@example.fi');
  });

  it('drops the message when there is no folder either', async () => {
    const mailer = createMailer({ from: FROM });
    expect(mailer.kind).toBe('none');
    await mailer.send({ to: ADDRESS, subject: 's', text: 't' });
  });
});

for (const engine of ENGINES) {
  describe(`the outbox on ${engine}`, () => {
    let database: Database;
    const workers: OutboxWorker[] = [];
    const closers: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      database = await freshDatabase(engine);
    });
    afterAll(async () => database?.close());
    beforeEach(async () => {
      await database.db.deleteFrom('outbox').execute();
    });
    afterEach(async () => {
      for (const worker of workers.splice(0)) await worker.stop();
      for (const close of closers.splice(0)) await close();
    });

    async function setup(
      smtpOptions: Parameters<typeof startSmtp>[0] = {},
      workerOptions: Partial<OutboxWorkerOptions> = {},
    ) {
      const smtp = await startSmtp(smtpOptions);
      const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
      closers.push(async () => {
        mailer.close();
        await smtp.close();
      });
      const { logger, lines } = capturedLogger();
      const worker = startOutboxWorker({
        db: database.db,
        mailer,
        sms: new LoggingSmsGateway(logger),
        render,
        logger,
        pollMs: 0,
        ...workerOptions,
      });
      workers.push(worker);
      return { smtp, worker, lines };
    }

    const row = (id: string) =>
      database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('sends a message whose transaction committed, and then forgets the recipient', async () => {
      const { smtp, worker, lines } = await setup();
      const id = await database.db.transaction().execute((trx) => enqueue(trx, message()));
      const before = await row(id);
      expect(before).toMatchObject({ recipient: ADDRESS, attempts: 0, sent_at: null, failed_at: null });
      expect(before.params).toEqual({ reference: 'PV-2026-000123', respondBy: '1.12.2026' });

      expect(await worker.runOnce()).toBe(1);
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail?.to).toEqual([ADDRESS]);
      expect(mail?.raw).toContain(`To: ${ADDRESS}`);
      expect(mail?.raw).toContain('From: Perheverkko <no-reply@perheverkko.invalid>');
      expect(mail?.raw).toContain('Subject: Perheverkko PV-2026-000123');
      expect(mail?.raw).toContain('Hei! (fi) Viite PV-2026-000123.');
      expect(mail?.raw).toContain('Vastaamme 1.12.2026 mennessa.');

      const after = await row(id);
      expect(after.sent_at).toBeInstanceOf(Date);
      expect(after).toMatchObject({
        recipient: null,
        params: {},
        attempts: 0,
        last_error: null,
        failed_at: null,
      });
      // sent once only
      expect(await worker.runOnce()).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(lines.join('')).not.toContain('aino');
      expect(lines.join('')).not.toContain('PV-2026');
    });

    it('sends nothing for a transaction that rolled back', async () => {
      const { smtp, worker } = await setup();
      await expect(
        database.db.transaction().execute(async (trx) => {
          await enqueue(trx, message());
          throw new Error('the contact was not saved');
        }),
      ).rejects.toThrow('the contact was not saved');
      expect(await database.db.selectFrom('outbox').select('id').execute()).toEqual([]);
      expect(await worker.runOnce()).toBe(0);
      expect(smtp.received).toEqual([]);
    });

    it('retries a refused message later, keeping no address in last_error', async () => {
      let clock = new Date(Date.now() + 60_000);
      const { smtp, worker, lines } = await setup({ reject: true }, { now: () => clock });
      const id = await database.db.transaction().execute((trx) => enqueue(trx, message()));

      expect(await worker.runOnce()).toBe(0);
      expect(smtp.received).toEqual([]);
      let r = await row(id);
      expect(r.attempts).toBe(1);
      expect(r.sent_at).toBeNull();
      expect(r.failed_at).toBeNull();
      expect(r.recipient).toBe(ADDRESS); // kept for the retry
      expect(r.available_at.getTime()).toBe(clock.getTime() + RETRY_BASE_MS); // 30 s
      expect(r.last_error).toMatch(/^EENVELOPE 550/);
      expect(r.last_error).toContain('<[recipient]>: Recipient address rejected');
      expect(r.last_error).not.toMatch(/aino|@/i);

      // not due yet: untouched
      expect(await worker.runOnce()).toBe(0);
      expect((await row(id)).attempts).toBe(1);

      // due: the second failure waits twice as long
      clock = new Date(clock.getTime() + RETRY_BASE_MS);
      await worker.runOnce();
      r = await row(id);
      expect(r.attempts).toBe(2);
      expect(r.available_at.getTime()).toBe(clock.getTime() + 2 * RETRY_BASE_MS);
      expect(lines.join('')).not.toContain('aino');
    });

    it('gives a message up after maxAttempts, clearing the recipient and logging only its id', async () => {
      let clock = new Date(Date.now() + 60_000);
      const { worker, lines } = await setup({ reject: true }, { now: () => clock, maxAttempts: 3 });
      const id = await database.db.transaction().execute((trx) => enqueue(trx, message()));
      for (let attempt = 1; attempt <= 3; attempt++) {
        await worker.runOnce();
        expect((await row(id)).attempts).toBe(attempt);
        clock = new Date(clock.getTime() + 60 * 60_000);
      }
      const r = await row(id);
      expect(r.failed_at).toBeInstanceOf(Date);
      expect(r.sent_at).toBeNull();
      expect(r).toMatchObject({ recipient: null, params: {}, attempts: 3 });
      expect(r.last_error).not.toMatch(/aino|@/i);
      // given up: never taken again
      await worker.runOnce();
      expect((await row(id)).attempts).toBe(3);

      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const givenUp = logged.filter((l) => l.msg === 'outbox message given up');
      expect(givenUp).toHaveLength(1);
      expect(givenUp[0]).toMatchObject({ level: 40, outboxId: id, attempts: 3 });
      expect(lines.join('')).not.toMatch(/aino|example\.fi|PV-2026/i);
    });

    it('retries a message whose template is unknown, without sending it', async () => {
      const { smtp, worker } = await setup();
      const id = await database.db
        .transaction()
        .execute((trx) => enqueue(trx, message({ template: 'nope' })));
      expect(await worker.runOnce()).toBe(0);
      expect(smtp.received).toEqual([]);
      expect(await row(id)).toMatchObject({ attempts: 1, last_error: 'Error: no template nope' });
    });

    it('sends a text message through the SMS gateway, which logs neither the number nor the text', async () => {
      const { smtp, worker, lines } = await setup();
      const id = await database.db
        .transaction()
        .execute((trx) =>
          enqueue(trx, message({ channel: 'sms', recipient: '+358401234567', language: 'sv' })),
        );
      expect(await worker.runOnce()).toBe(1);
      expect(smtp.received).toEqual([]);
      expect(await row(id)).toMatchObject({ recipient: null, params: {} });
      const sms = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === 'sms sent');
      expect(sms).toHaveLength(1);
      expect(sms[0]?.length).toBe(render('contact.received', 'sv', message().params).text.length);
      expect(lines.join('')).not.toMatch(/358|Viite|Hei/);
    });

    it('two workers at once send each message exactly once', async () => {
      const { smtp } = await setup({ delayMs: 5 });
      const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
      closers.push(async () => mailer.close());
      const logger = pino({ level: 'silent' });
      const make = () =>
        startOutboxWorker({
          db: database.db,
          mailer,
          sms: new LoggingSmsGateway(logger),
          render,
          logger,
          pollMs: 0,
          batch: 3,
        });
      const [a, b] = [make(), make()];
      workers.push(a, b);
      const count = 24;
      await database.db.transaction().execute(async (trx) => {
        for (let i = 1; i <= count; i++) await enqueue(trx, message({ recipient: `perhe${i}@example.fi` }));
      });
      const drain = async (worker: OutboxWorker) => {
        let total = 0;
        for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) total += n;
        return total;
      };
      const [sentA, sentB] = await Promise.all([drain(a), drain(b)]);
      expect(sentA + sentB).toBe(count);
      expect(sentA).toBeGreaterThan(0);
      expect(sentB).toBeGreaterThan(0);
      const recipients = smtp.received.flatMap((m) => m.to);
      expect(recipients).toHaveLength(count);
      expect(new Set(recipients).size).toBe(count);
      const unsent = await database.db
        .selectFrom('outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .execute();
      expect(unsent).toEqual([]);
    });

    it('polls by itself, and stop() waits for the message being sent', async () => {
      const { smtp, worker } = await setup({ delayMs: 300 }, { pollMs: 20 });
      const id = await database.db.transaction().execute((trx) => enqueue(trx, message()));
      // the server has the message and answers in 300 ms
      await waitFor(async () => (await row(id)).available_at.getTime() > Date.now() + 60_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await worker.stop();
      expect(smtp.received).toHaveLength(1);
      expect((await row(id)).sent_at).toBeInstanceOf(Date);
    });

    it('wakes at once on a notification, without polling', async () => {
      let wake = () => {};
      const { smtp } = await setup(
        {},
        {
          listen: async (w) => {
            wake = w;
            return async () => {};
          },
        },
      );
      await database.db.transaction().execute((trx) => enqueue(trx, message()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(smtp.received).toEqual([]); // no polling
      wake();
      await waitFor(() => smtp.received.length === 1);
    });

    it('is woken by the NOTIFY of a committed enqueue', async () => {
      const { smtp } = await setup({}, { listen: (wake) => database.listen('outbox', wake) });
      await new Promise((resolve) => setTimeout(resolve, 100)); // the LISTEN is in effect
      await database.db.transaction().execute((trx) => enqueue(trx, message()));
      await waitFor(() => smtp.received.length === 1);
    });
  });
}
