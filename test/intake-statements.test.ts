/**
 * Contact intake's round trips (issue 15, docs/bench.md "What limits intake"): the record
 * entry, the event, the e-mail's outbox row and both notifications go in the access-log row's
 * statements (withAccess's `along`), so a contact from the public form costs four statements
 * besides BEGIN and COMMIT. Counted by a Kysely plugin on a second application over the same
 * database; what the statements wrote and sent is checked too, and that a retry writes nothing
 * more. A regression here is a slower intake, which no timed test could catch reliably.
 */
import { type KyselyPlugin, type QueryId, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { verifyAccessLog } from '../src/platform/access/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import { EventHub, type EventPayload } from '../src/platform/events.ts';
import type { App } from '../src/platform/http/server.ts';
import { startTestApp, type TestApp, testAppConfig } from './app.ts';
import { validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

async function eventually(check: () => void, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe.each(ENGINES)('contact intake statements on %s', (engine) => {
  let t: TestApp;
  let counted: App;
  let hub: EventHub;
  const statements: string[] = [];
  const events: { channel: string; payload: EventPayload }[] = [];
  let outboxWakes = 0;
  let stopOutbox: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    // every statement's result passes here, also of a statement made once as SQL text
    // (CompiledQuery), which transformQuery never sees; those are named by their text
    const built = new Map<QueryId, string>();
    const counter: KyselyPlugin = {
      transformQuery({ node, queryId }) {
        built.set(
          queryId,
          node.kind === 'RawNode' ? node.sqlFragments.join('?').trim().slice(0, 40) : node.kind,
        );
        return node;
      },
      async transformResult({ result, queryId }) {
        statements.push(built.get(queryId) ?? 'SQL text');
        built.delete(queryId);
        return result;
      },
    };
    const database: Database = { ...t.database, db: t.database.db.withPlugin(counter) };
    counted = await buildApp(testAppConfig, database, pino({ level: 'silent' }));
    hub = new EventHub(t.database);
    await hub.subscribe('contact_events', (payload) => events.push({ channel: 'contact_events', payload }));
    // the outbox's wake-up has no payload: heard as the worker hears it
    stopOutbox = await t.database.listen('outbox', () => {
      outboxWakes++;
    });
  });
  afterAll(async () => {
    await stopOutbox?.();
    await hub?.close();
    await counted?.close();
    await t?.close();
  });

  const post = (body: Record<string, unknown>) =>
    counted.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('sends a contact with an e-mail address in four statements, and writes and announces all of it', async () => {
    // the first contact fills the caches (reference data, the region) that later ones use
    expect((await post(validContact())).statusCode).toBe(201);
    statements.length = 0;
    events.length = 0;
    outboxWakes = 0;
    const body = validContact({ replyChannel: 'email', email: 'perhe@example.test' });
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(201);
    // the shared rate limit's counter, the contact, the chain head (with the notifications),
    // the log row with the entry, its version, the event and the outbox row
    expect(statements, statements.join('\n')).toHaveLength(4);
    expect(statements[0]).toMatch(/^INSERT INTO rate_limit_counter/);
    expect(statements[1]).toBe('InsertQueryNode');
    expect(statements.slice(2)).toEqual(['SQL text', 'UpdateQueryNode']);

    const { db } = t.database;
    const contact = await db
      .selectFrom('contact')
      .select(['id', 'reference'])
      .where('idempotency_key', '=', String(body.idempotencyKey))
      .executeTakeFirstOrThrow();
    const entries = await db
      .selectFrom('record_entry')
      .innerJoin('record_entry_version', 'record_entry_version.entry_id', 'record_entry.id')
      .select(['record_entry.type', 'record_entry_version.version', 'record_entry_version.content'])
      .where('record_entry.contact_id', '=', contact.id)
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'contact', version: 1 });
    expect(((entries[0]?.content ?? {}) as { message?: string }).message).toBe(body.message);
    const received = await db
      .selectFrom('contact_event')
      .select(['kind', 'to_state'])
      .where('contact_id', '=', contact.id)
      .execute();
    expect(received).toEqual([{ kind: 'received', to_state: 'new' }]);
    const mail = await db
      .selectFrom('outbox')
      .select(['template', 'params'])
      .where('recipient', '=', 'perhe@example.test')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.template).toBe('contact_received');
    expect(((mail[0]?.params ?? {}) as { reference?: string }).reference).toBe(contact.reference);
    const logged = await db
      .selectFrom('access_log')
      .select(['action', 'resource_id', 'actor_name'])
      .where('resource_id', '=', contact.id)
      .execute();
    expect(logged).toEqual([{ action: 'create', resource_id: contact.id, actor_name: 'public form' }]);
    expect((await verifyAccessLog(db)).ok).toBe(true);
    // both notifications were delivered at the commit
    await eventually(() => {
      expect(events).toContainEqual({
        channel: 'contact_events',
        payload: expect.objectContaining({ type: 'received', contactId: contact.id }),
      });
      expect(outboxWakes).toBeGreaterThan(0);
    });
  });

  it('answers a retry with the same contact and writes nothing more but its log row', async () => {
    const body = validContact({ replyChannel: 'email', email: 'uudestaan@example.test' });
    const first = await post(body);
    expect(first.statusCode).toBe(201);
    const count = async (table: 'record_entry' | 'contact_event' | 'outbox') =>
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.database.db))
          .rows[0]?.n,
      );
    const before = {
      entries: await count('record_entry'),
      events: await count('contact_event'),
      outbox: await count('outbox'),
    };
    const again = await post(body);
    expect(again.statusCode, again.body).toBe(200);
    expect(JSON.parse(again.body).reference).toBe(JSON.parse(first.body).reference);
    expect({
      entries: await count('record_entry'),
      events: await count('contact_event'),
      outbox: await count('outbox'),
    }).toEqual(before);
    // the same key with other content is refused, and nothing is written for it either
    const other = await post({ ...body, message: 'Toinen viesti samalla avaimella.' });
    expect(other.statusCode).toBe(409);
    expect(await count('record_entry')).toBe(before.entries);
  });
});
