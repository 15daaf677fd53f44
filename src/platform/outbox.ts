import { type Kysely, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { AlongLog } from './access/door.ts';
import type { DB, Lang3 } from './db/types.ts';
import type { MailMessage } from './mail.ts';
import type { SmsGateway } from './sms.ts';

/**
 * The outbox: notifications are written in the same transaction as what they announce
 * (`enqueue`), so one is sent exactly when its cause is committed, and the worker sends them
 * with retries. Personal data (the recipient, the params) is cleared from a row once it is
 * sent or given up. Nothing personal is logged: a row is named by its id only.
 *
 * The worker claims due rows with `FOR UPDATE SKIP LOCKED` in one short statement that moves
 * their `available_at` a lease ahead, and sends outside any transaction: two workers never
 * take the same row, and no lock is held while a mail server answers (on PGlite, a held
 * transaction would stop every other query of the process). Delivery is at least once: a
 * worker that dies between sending and recording gives the row back when the lease ends.
 */

export type OutboxChannel = 'email' | 'sms';

export interface OutboxMessage {
  channel: OutboxChannel;
  /** an e-mail address or a phone number */
  recipient: string;
  /** a name the features' RenderTemplate knows */
  template: string;
  language: Lang3;
  params: Record<string, unknown>;
}

/** What a template renders to: an e-mail may also have HTML and a calendar invitation (an SMS uses the text). */
export interface RenderedMessage {
  subject: string;
  text: string;
  html?: string;
  calendar?: MailMessage['calendar'];
}

/** Features provide the texts (the platform imports no feature). May throw for an unknown template. */
export type RenderTemplate = (
  template: string,
  language: Lang3,
  params: Record<string, unknown>,
) => RenderedMessage;

const outboxRow = (message: OutboxMessage) => ({
  channel: message.channel,
  recipient: message.recipient,
  template: message.template,
  language: message.language,
  params: JSON.stringify(message.params),
});

/** Writes a message inside the caller's transaction; the worker is woken when it commits. Returns its id. */
export async function enqueue(trx: Kysely<DB> | Transaction<DB>, message: OutboxMessage): Promise<string> {
  const row = await trx
    .insertInto('outbox')
    .values(outboxRow(message))
    .returning('id')
    .executeTakeFirstOrThrow();
  // NOTIFY is delivered at commit, and not at all on rollback
  await sql`SELECT pg_notify('outbox', '')`.execute(trx);
  return String(row.id);
}

/**
 * `enqueue` inside the door's transaction (withAccess's `along`): the row goes in the
 * access-log row's statement and the worker's wake-up with it, two round trips fewer.
 */
export function enqueueAlong(along: AlongLog, message: OutboxMessage): void {
  along.write((creator) => creator.insertInto('outbox').values(outboxRow(message)));
  along.notify({ channel: 'outbox', payload: '' });
}

/**
 * Starts listening for the `outbox` notifications, calling `wake` on each; resolves to how to
 * stop: `(wake) => database.listen('outbox', wake)`.
 */
export type OutboxListen = (wake: () => void) => Promise<() => Promise<void>>;

export interface OutboxWorkerOptions {
  db: Kysely<DB>;
  mailer: { send(message: MailMessage): Promise<void> };
  sms: SmsGateway;
  render: RenderTemplate;
  logger: Logger;
  /** how often due messages are looked for; 0 (or Infinity): never by timer, only runOnce and `listen` */
  pollMs?: number;
  /** messages claimed at a time */
  batch?: number;
  /** failed attempts before a message is given up */
  maxAttempts?: number;
  /** the clock (tests) */
  now?: () => Date;
  /** wakes the worker at once when a message is committed; polling goes on (a notification can be lost) */
  listen?: OutboxListen;
}

export interface OutboxWorker {
  /** Stops the loop and waits for a run in progress to finish. */
  stop(): Promise<void>;
  /** Sends the messages due now, one batch; resolves to how many were sent. */
  runOnce(): Promise<number>;
}

/** A claimed row is this worker's for this long; a worker that dies gives it back then. */
export const LEASE_MS = 5 * 60_000;
/** A batch starts no new message after this long, so that it ends well within the lease. */
const BATCH_TIME_MS = 2 * 60_000;
/** The first retry waits 30 s, and each next one twice as long as the one before. */
export const RETRY_BASE_MS = 30_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

type ClaimedRow = {
  id: string | number;
  channel: OutboxChannel;
  recipient: string | null;
  template: string;
  language: Lang3;
  params: Record<string, unknown>;
  attempts: number;
};

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, mailer, sms, render, logger } = options;
  const pollMs = options.pollMs ?? 2000;
  const batch = options.batch ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;
  const now = options.now ?? (() => new Date());
  const polling = pollMs > 0 && Number.isFinite(pollMs);

  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let looping = false;
  let again = false;
  let unlisten: (() => Promise<void>) | undefined;

  async function claim(): Promise<ClaimedRow[]> {
    const at = now();
    const rows = await db
      .updateTable('outbox')
      .set({ available_at: new Date(at.getTime() + LEASE_MS) })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('outbox')
          .select('id')
          .where('sent_at', 'is', null)
          .where('failed_at', 'is', null)
          .where('available_at', '<=', at)
          .orderBy('id')
          .limit(batch)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'channel', 'recipient', 'template', 'language', 'params', 'attempts'])
      .execute();
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  async function deliver(row: ClaimedRow): Promise<void> {
    if (!row.recipient) throw new OutboxError('no_recipient', 'the message has no recipient');
    const { subject, text, html, calendar } = render(row.template, row.language, row.params);
    if (row.channel === 'email') {
      const message: MailMessage = { to: row.recipient, subject, text };
      if (html !== undefined) message.html = html;
      if (calendar !== undefined) message.calendar = calendar;
      await mailer.send(message);
    } else await sms.send(row.recipient, text);
  }

  const pending = (id: string | number) =>
    db
      .updateTable('outbox')
      .where('id', '=', String(id))
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null);

  /** One batch: [claimed, sent]. */
  async function runBatch(): Promise<[number, number]> {
    const rows = await claim();
    const started = performance.now();
    let sent = 0;
    for (const [index, row] of rows.entries()) {
      if (performance.now() - started > BATCH_TIME_MS) {
        // give the rest back to be taken at once, by this worker or another
        const rest = rows.slice(index).map((r) => String(r.id));
        await db
          .updateTable('outbox')
          .set({ available_at: now() })
          .where('id', 'in', rest)
          .where('sent_at', 'is', null)
          .where('failed_at', 'is', null)
          .execute();
        break;
      }
      let failure: unknown;
      let ok = false;
      try {
        await deliver(row);
        ok = true;
      } catch (error) {
        failure = error;
      }
      if (ok) {
        await pending(row.id)
          .set({ sent_at: now(), recipient: null, params: '{}', last_error: null })
          .execute();
        sent++;
        continue;
      }
      const attempts = row.attempts + 1;
      const lastError = describeSendError(failure, row.recipient);
      if (attempts >= maxAttempts) {
        await pending(row.id)
          .set({ attempts, last_error: lastError, failed_at: now(), recipient: null, params: '{}' })
          .execute();
        logger.warn({ outboxId: String(row.id), attempts }, 'outbox message given up');
      } else {
        const retryAt = new Date(now().getTime() + RETRY_BASE_MS * 2 ** row.attempts);
        await pending(row.id).set({ attempts, last_error: lastError, available_at: retryAt }).execute();
        logger.info({ outboxId: String(row.id), attempts }, 'outbox message not sent, will retry');
      }
    }
    return [rows.length, sent];
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  function schedule(delay: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, Math.min(delay, MAX_TIMER_MS));
    timer.unref();
  }

  function wake() {
    if (stopped) return;
    if (looping) again = true;
    else schedule(0);
  }

  function tick() {
    timer = undefined;
    if (stopped) return;
    if (looping) {
      again = true;
      return;
    }
    looping = true;
    again = false;
    void track(
      (async () => {
        let claimed = 0;
        try {
          [claimed] = await runBatch();
        } catch (error) {
          logger.error({ error: describeSendError(error, null) }, 'outbox run failed');
        }
        looping = false;
        // a full batch: more may be waiting
        if (again || claimed >= batch) schedule(0);
        else if (polling) schedule(pollMs);
      })(),
    );
  }

  if (options.listen) {
    const listening = options.listen(wake).then(
      (stop) => {
        if (stopped) return stop();
        unlisten = stop;
      },
      (error) => {
        logger.warn({ error: describeSendError(error, null) }, 'outbox: not listening, polling only');
      },
    );
    void track(listening);
  }
  if (polling) schedule(pollMs);

  return {
    runOnce: () => track(runBatch().then(([, sent]) => sent)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      if (unlisten) await unlisten();
      unlisten = undefined;
    },
  };
}

export class OutboxError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}

const EMAIL_PATTERN = /[^\s<>"'(),;:@[\]]+@[^\s<>"'(),;:@[\]]+/g;
const PHONE_PATTERN = /\+?\d[\d ()-]{5,}\d/g;

/**
 * What went wrong, for `last_error`: the error's code, the server's status and the message
 * with every address and number taken out (a server's answer often repeats the address).
 */
export function describeSendError(error: unknown, recipient: string | null): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const code =
    typeof e.code === 'string' || typeof e.code === 'number'
      ? String(e.code)
      : typeof e.name === 'string'
        ? e.name
        : 'Error';
  const status = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  let message = typeof e.message === 'string' ? e.message : typeof error === 'string' ? error : '';
  if (recipient) message = message.split(recipient).join('[recipient]');
  message = message.replace(EMAIL_PATTERN, '[address]').replace(PHONE_PATTERN, '[number]');
  return `${code}${status}${message ? `: ${message}` : ''}`.slice(0, 500);
}
