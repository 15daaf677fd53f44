import { get, type IncomingMessage } from 'node:http';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, LISTEN_APPLICATION_NAME, openDatabase } from '../src/platform/db/index.ts';
import { EventHub, type EventPayload, type EventHub as Hub, publish } from '../src/platform/events.ts';
import { type App, createHttpServer } from '../src/platform/http/server.ts';
import { installEventStreams, sendEventStream } from '../src/platform/http/sse.ts';
import { ENGINES, freshDatabase } from './databases.ts';

const CHANNEL = 'test_contact_queue';

/** Waits until check passes, polling; fails after ms. */
async function eventually(check: () => void | Promise<void>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Collects what a subscriber receives. */
async function collect(hub: Hub, channel = CHANNEL) {
  const received: EventPayload[] = [];
  const unsubscribe = await hub.subscribe(channel, (payload) => received.push(payload));
  return { received, unsubscribe };
}

describe.each(ENGINES)('live events on %s', (engine) => {
  let database: Database;
  let hub: EventHub;
  const errors: unknown[] = [];
  beforeAll(async () => {
    database = await freshDatabase(engine);
    hub = new EventHub(database, { onError: (error) => errors.push(error) });
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
    expect(errors).toEqual([]);
  });

  it('delivers an event published in a committed transaction, at the commit', async () => {
    const { received, unsubscribe } = await collect(hub);
    await database.db.transaction().execute(async (trx) => {
      await publish(trx, CHANNEL, { kind: 'contact.created', contactId: 'c1' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual([]);
    });
    await eventually(() => expect(received).toEqual([{ kind: 'contact.created', contactId: 'c1' }]));
    unsubscribe();
  });

  it('delivers nothing for a rolled-back transaction', async () => {
    const { received, unsubscribe } = await collect(hub);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await publish(trx, CHANNEL, { kind: 'rolled-back' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await database.db.transaction().execute((trx) => publish(trx, CHANNEL, { kind: 'marker' }));
    await eventually(() => expect(received.map((p) => p.kind)).toContain('marker'));
    expect(received.map((p) => p.kind)).toEqual(['marker']);
    unsubscribe();
  });

  it('fans one event out to every subscriber; an unsubscribed one gets no more', async () => {
    const a = await collect(hub);
    const b = await collect(hub);
    expect(hub.subscriberCount(CHANNEL)).toBe(2);
    await publish(database.db, CHANNEL, { kind: 'first' });
    await eventually(() => {
      expect(a.received).toEqual([{ kind: 'first' }]);
      expect(b.received).toEqual([{ kind: 'first' }]);
    });
    a.unsubscribe();
    a.unsubscribe(); // twice is harmless
    await publish(database.db, CHANNEL, { kind: 'second' });
    await eventually(() => expect(b.received).toEqual([{ kind: 'first' }, { kind: 'second' }]));
    expect(a.received).toEqual([{ kind: 'first' }]);
    b.unsubscribe();
    expect(hub.subscriberCount(CHANNEL)).toBe(0);
  });

  it('listens again after the last subscriber left and a new one came', async () => {
    const first = await collect(hub, 'test_again');
    first.unsubscribe();
    const second = await collect(hub, 'test_again');
    await publish(database.db, 'test_again', { kind: 'again' });
    await eventually(() => expect(second.received).toEqual([{ kind: 'again' }]));
    second.unsubscribe();
  });

  it('keeps channels apart', async () => {
    const other = await collect(hub, 'test_other');
    const mine = await collect(hub);
    await publish(database.db, 'test_other', { kind: 'other' });
    await publish(database.db, CHANNEL, { kind: 'mine' });
    await eventually(() => expect(mine.received).toEqual([{ kind: 'mine' }]));
    expect(other.received).toEqual([{ kind: 'other' }]);
    other.unsubscribe();
    mine.unsubscribe();
  });

  it('refuses large payloads and channel names that are not plain SQL names', async () => {
    await expect(publish(database.db, CHANNEL, { text: 'x'.repeat(2000) })).rejects.toThrow('at most');
    await expect(publish(database.db, 'Queue; DROP', {})).rejects.toThrow('Not a channel name');
    await expect(hub.subscribe('a"b', () => {})).rejects.toThrow('Not a channel name');
  });

  it.runIf(engine === 'postgres')('receives events published by another process', async () => {
    const [{ name }] = (await database.db
      .selectNoFrom((eb) => eb.fn<string>('current_database').as('name'))
      .execute()) as [{ name: string }];
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${name}`;
    const other = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 });
    try {
      const { received, unsubscribe } = await collect(hub);
      await other.db.transaction().execute((trx) => publish(trx, CHANNEL, { kind: 'from-afar' }));
      await eventually(() => expect(received).toEqual([{ kind: 'from-afar' }]));
      unsubscribe();
    } finally {
      await other.close();
    }
  });

  it.runIf(engine === 'postgres')('reconnects and listens again when its connection drops', async () => {
    const { received, unsubscribe } = await collect(hub);
    const listening = await sql<{ pid: number }>`
      SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${LISTEN_APPLICATION_NAME}`.execute(
      database.db,
    );
    expect(listening.rows).toHaveLength(1);
    await sql`SELECT pg_terminate_backend(${listening.rows[0]?.pid})`.execute(database.db);
    let n = 0;
    await eventually(async () => {
      await publish(database.db, CHANNEL, { kind: 'after-drop', n: n++ });
      expect(received.length).toBeGreaterThan(0);
    }, 10_000);
    unsubscribe();
  });
});

describe.each(ENGINES)('an event stream on %s', (engine) => {
  let database: Database;
  let hub: EventHub;
  beforeAll(async () => {
    database = await freshDatabase(engine);
    hub = new EventHub(database);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });

  async function startApp(): Promise<{ app: App; url: string }> {
    const app = await createHttpServer({
      logger: pino({ level: 'silent' }),
      production: false,
      isReady: async () => true,
      renderErrorPage: ({ message }) => `<p>${message}</p>`,
    });
    installEventStreams(app);
    app.get('/events', (request, reply) =>
      sendEventStream(request, reply, {
        hub,
        channel: CHANNEL,
        filter: (payload) => payload.unitId === 'u1',
        toEvent: (payload) =>
          payload.kind === 'ignored' ? null : { event: 'x', data: { contactId: payload.contactId } },
        heartbeatMs: 100,
      }),
    );
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url: `${address}/events` };
  }

  /** Reads the stream until its text contains what is awaited. */
  function reader(body: ReadableStream<Uint8Array>) {
    const stream = body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    return {
      get text() {
        return text;
      },
      async until(wanted: string, ms = 5000) {
        const deadline = Date.now() + ms;
        while (!text.includes(wanted)) {
          if (Date.now() > deadline)
            throw new Error(`no ${JSON.stringify(wanted)} in ${JSON.stringify(text)}`);
          const { value, done } = await stream.read();
          if (done) throw new Error(`the stream ended without ${JSON.stringify(wanted)}: ${text}`);
          text += decoder.decode(value, { stream: true });
        }
      },
      async ended() {
        for (;;) {
          const { value, done } = await stream.read();
          if (done) return;
          text += decoder.decode(value, { stream: true });
        }
      },
    };
  }

  it('sends the events of the channel, with heartbeats, and ends at app.close() without delay', async () => {
    const { app, url } = await startApp();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'"); // helmet's, kept
    const stream = reader(res.body as ReadableStream<Uint8Array>);
    await stream.until('retry: 5000\n\n');
    expect(hub.subscriberCount(CHANNEL)).toBe(1);

    await database.db.transaction().execute(async (trx) => {
      await publish(trx, CHANNEL, { kind: 'contact.created', unitId: 'u2', contactId: 'not-mine' });
      await publish(trx, CHANNEL, { kind: 'ignored', unitId: 'u1', contactId: 'ignored' });
      await publish(trx, CHANNEL, { kind: 'contact.created', unitId: 'u1', contactId: 'c1' });
    });
    await stream.until('event: x\ndata: {"contactId":"c1"}\n\n');
    await stream.until(': heartbeat\n\n');
    expect(stream.text).not.toContain('not-mine');
    expect(stream.text).not.toContain('ignored');

    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await stream.ended();
    expect(hub.subscriberCount(CHANNEL)).toBe(0);
  });

  it('unsubscribes when the client goes away', async () => {
    const { app, url } = await startApp();
    try {
      // node:http rather than fetch, whose pool may open a spare connection of its own
      const request = get(url);
      const response = await new Promise<IncomingMessage>((resolve) => request.once('response', resolve));
      expect(response.statusCode).toBe(200);
      await new Promise((resolve) => response.once('data', resolve));
      expect(hub.subscriberCount(CHANNEL)).toBe(1);
      request.destroy();
      await eventually(() => expect(hub.subscriberCount(CHANNEL)).toBe(0));
    } finally {
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
