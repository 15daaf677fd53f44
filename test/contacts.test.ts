/**
 * The contact API end to end (app.inject), on every engine: the state transitions of a contact,
 * idempotency, the access check (and its log) on every contact route, regions kept apart,
 * uniform recording that never deletes, the outbox with real e-mail, and the first-response
 * promise in Finnish working days.
 */

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ContactsDeps,
  canTransition,
  forgetContactRegions,
  statusLinkKey,
  submitContact,
  TRANSITIONS,
  type Transition,
} from '../src/features/contacts/contacts.ts';
import { renderContactTemplate } from '../src/features/contacts/notifications.ts';
import { contactInputSchema } from '../src/features/contacts/schema.ts';
import { clientId, staffUserId } from '../src/features/identity/demo.ts';
import { ANONYMOUS } from '../src/platform/auth/actor.ts';
import type { ContactState } from '../src/platform/db/types.ts';
import { registeredRoutes } from '../src/platform/http/server.ts';
import { createMailer } from '../src/platform/mail.ts';
import { startOutboxWorker } from '../src/platform/outbox.ts';
import { LoggingSmsGateway } from '../src/platform/sms.ts';
import { PIRKANMAA_HOST, startTestApp, type TestApp } from './app.ts';
import {
  accessLogAfter,
  type Call,
  CONTACT_TABLES,
  call,
  callStream,
  countRows,
  lastAccessLogId,
  seedExtraStaff,
  signIn,
  TAMPERE,
  tokenOf,
  validContact,
} from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const ACTORS = [
  'anonymous',
  'asiakas', // client
  'kumppani', // partner of another organisation (MLL)
  'toimittaja', // catalogue editor
  'tietosuoja', // data-protection officer
  'esihenkilo', // manager of the contact point
  'neuvoja', // counsellor of the contact point
  'pirkanmaa-toimittaja', // catalogue editor of another region
  'pirkanmaa-neuvoja', // counsellor of another region's contact point
  'kuopio-neuvoja', // counsellor of another organisation of this region
  'kuopio-esihenkilo', // manager of another organisation of this region
] as const;
type ActorName = (typeof ACTORS)[number];

const OUTCOME = { outcome: 'resolved_one_contact' };
const MAPPING = {
  contacter: 'parent',
  familyDescription: 'Äiti ja kaksi lasta.',
  childAges: [4, 9],
  topics: ['UNI'],
  safety: { violence: 'no', childSafetyConcern: 'no', substanceUse: 'unknown', notes: null },
  earlierServices: [],
  earlierServicesNotes: null,
  lapsetPuheeksi: 'offered',
  notes: 'Iltarutiinit hajallaan.',
};

describe.each(ENGINES)('contacts on %s', (engine) => {
  let t: TestApp;
  let baseUrl = '';
  const sessions = new Map<string, string>();
  const db = () => t.database.db;
  const as = async (username: string, request: Call) =>
    call(t.app, { ...request, cookie: sessions.get(username) ?? '' });

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await seedExtraStaff(t.database.db);
    for (const actor of [...ACTORS, 'neuvoja2']) sessions.set(actor, await signIn(t.app, actor));
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  // ---------------------------------------------------------------- helpers

  interface Made {
    id: string;
    reference: string;
    token: string;
    statusUrl: string;
  }

  async function newContact(overrides: Record<string, unknown> = {}): Promise<Made> {
    const res = await call(t.app, { method: 'POST', url: '/api/contacts', payload: validContact(overrides) });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { reference: string; statusUrl: string };
    const row = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', body.reference)
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      reference: body.reference,
      token: tokenOf(body.statusUrl),
      statusUrl: body.statusUrl,
    };
  }

  const TRANSITION_CALLS = {
    claim: (id: string): Call => ({ method: 'POST', url: `/api/contacts/${id}/claim`, payload: {} }),
    assign: (id: string): Call => ({
      method: 'POST',
      url: `/api/contacts/${id}/assign`,
      payload: { staffUserId: staffUserId('neuvoja2') },
    }),
    record: (id: string): Call => ({
      method: 'POST',
      url: `/api/contacts/${id}/entries`,
      payload: { entryId: randomUUID(), type: 'advice', content: { text: 'Iltarutiineista sovittiin.' } },
    }),
    close: (id: string): Call => ({
      method: 'POST',
      url: `/api/contacts/${id}/close`,
      payload: { outcome: OUTCOME },
    }),
    reopen: (id: string): Call => ({
      method: 'POST',
      url: `/api/contacts/${id}/reopen`,
      payload: { reason: 'Perhe otti uudelleen yhteyttä samasta asiasta.' },
    }),
  } as const;
  type ApiTransition = keyof typeof TRANSITION_CALLS;

  async function step(id: string, transition: ApiTransition, expected = [204, 201]) {
    const res = await as('neuvoja', TRANSITION_CALLS[transition](id));
    expect(expected, `${transition}: ${res.body}`).toContain(res.statusCode);
  }

  async function contactIn(state: ContactState): Promise<Made> {
    const made = await newContact();
    if (state === 'new') return made;
    await step(made.id, 'claim');
    if (state === 'in_progress') await step(made.id, 'record');
    if (state === 'closed') await step(made.id, 'close');
    return made;
  }

  /** Everything about one contact that a refused request must leave as it was. */
  async function snapshot(id: string) {
    const contact = await db()
      .selectFrom('contact')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const entries = await db()
      .selectFrom('record_entry')
      .innerJoin('record_entry_version', 'record_entry_version.entry_id', 'record_entry.id')
      .select(['record_entry.id', 'record_entry.current_version', 'record_entry_version.version'])
      .where('record_entry.contact_id', '=', id)
      .orderBy('record_entry.id')
      .orderBy('record_entry_version.version')
      .execute();
    const events = await db()
      .selectFrom('contact_event')
      .select(['kind', 'from_state', 'to_state'])
      .where('contact_id', '=', id)
      .orderBy('id')
      .execute();
    const outbox = (await countRows(db())).outbox;
    return { contact, entries, events, outbox };
  }

  const stateOf = async (id: string) =>
    (await db().selectFrom('contact').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
  const eventsOf = async (id: string) =>
    (
      await db()
        .selectFrom('contact_event')
        .select('kind')
        .where('contact_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((e) => e.kind);

  // ---------------------------------------------------------------- state transitions

  describe('the state transitions', () => {
    type Expect = { to: ContactState; events: string[] } | { code: string };
    /** Written out by hand: what each change does to a contact in each state, through the API. */
    const TABLE: Record<ContactState, Record<ApiTransition, Expect>> = {
      new: {
        claim: { to: 'assigned', events: ['claimed'] },
        assign: { to: 'assigned', events: ['assigned'] },
        // the first record claims a new contact and starts it
        record: { to: 'in_progress', events: ['claimed', 'started'] },
        close: { code: 'contact.transition_not_allowed' },
        reopen: { code: 'contact.transition_not_allowed' },
      },
      assigned: {
        claim: { code: 'contact.already_claimed' },
        assign: { to: 'assigned', events: ['assigned'] },
        record: { to: 'in_progress', events: ['started'] },
        close: { to: 'closed', events: ['closed'] },
        reopen: { code: 'contact.transition_not_allowed' },
      },
      in_progress: {
        claim: { code: 'contact.already_claimed' },
        assign: { to: 'in_progress', events: ['assigned'] },
        record: { to: 'in_progress', events: [] },
        close: { to: 'closed', events: ['closed'] },
        reopen: { code: 'contact.transition_not_allowed' },
      },
      closed: {
        claim: { code: 'contact.closed' },
        assign: { code: 'contact.closed' },
        record: { code: 'contact.closed' },
        close: { code: 'contact.closed' },
        reopen: { to: 'in_progress', events: ['reopened'] },
      },
    };
    const cases = (Object.keys(TABLE) as ContactState[]).flatMap((state) =>
      (Object.keys(TABLE[state]) as ApiTransition[]).map((transition) => ({
        state,
        transition,
        expected: TABLE[state][transition],
      })),
    );

    it('the hand-written table agrees with TRANSITIONS in contacts.ts', () => {
      const states: ContactState[] = ['new', 'assigned', 'in_progress', 'closed'];
      expect(Object.keys(TRANSITIONS).sort()).toEqual([
        'assign',
        'claim',
        'close',
        'record',
        'reopen',
        'start',
      ]);
      for (const state of states) {
        for (const transition of Object.keys(TABLE[state]) as ApiTransition[]) {
          const allowed = 'to' in TABLE[state][transition];
          // recording on a new contact claims it first (recordEntry), the one exception
          const viaClaim = transition === 'record' && state === 'new';
          expect(allowed, `${state} ${transition}`).toBe(canTransition(state, transition) || viaClaim);
        }
        // 'start' happens through the first record on an assigned contact
        expect(canTransition(state, 'start' as Transition)).toBe(state === 'assigned');
      }
      for (const [name, t] of Object.entries(TRANSITIONS)) {
        if (t.to !== null && name !== 'start')
          expect(
            Object.values(TABLE).some((row) => {
              const e = row[name as ApiTransition];
              return 'to' in e && e.to === t.to;
            }),
          ).toBe(true);
      }
    });

    it.each(cases)('$transition on a $state contact', async ({ state, transition, expected }) => {
      const made = await contactIn(state);
      const before = await snapshot(made.id);
      const res = await as('neuvoja', TRANSITION_CALLS[transition](made.id));
      if ('to' in expected) {
        expect([200, 201, 204], res.body).toContain(res.statusCode);
        expect(await stateOf(made.id)).toBe(expected.to);
        const after = await snapshot(made.id);
        expect(after.contact.version).toBeGreaterThan(before.contact.version);
        expect(after.events.slice(before.events.length).map((e) => e.kind)).toEqual(expected.events);
      } else {
        expect(res.statusCode, res.body).toBe(409);
        const body = res.json() as { error: { code: string; message: string } };
        expect(body.error.code).toBe(expected.code);
        expect(body.error.message.length).toBeGreaterThan(0);
        expect(await snapshot(made.id)).toEqual(before);
      }
    });

    it('a change with a stale version is refused with contact.stale and changes nothing', async () => {
      for (const transition of ['claim', 'assign', 'close', 'record'] as const) {
        const made = await contactIn(transition === 'claim' ? 'new' : 'assigned');
        const before = await snapshot(made.id);
        const request = TRANSITION_CALLS[transition](made.id);
        const res = await as('neuvoja', {
          ...request,
          payload: { ...(request.payload as object), version: before.contact.version + 5 },
        });
        expect(res.statusCode, `${transition}: ${res.body}`).toBe(409);
        expect((res.json() as { error: { code: string } }).error.code).toBe('contact.stale');
        expect(await snapshot(made.id)).toEqual(before);
        // the current version is accepted
        const ok = await as('neuvoja', {
          ...request,
          payload: { ...(request.payload as object), version: before.contact.version },
        });
        expect([201, 204], ok.body).toContain(ok.statusCode);
      }
    });

    it('two counsellors claim at once: one gets it, the other contact.already_claimed', async () => {
      const made = await contactIn('new');
      const [a, b] = await Promise.all([
        as('neuvoja', TRANSITION_CALLS.claim(made.id)),
        as('neuvoja2', TRANSITION_CALLS.claim(made.id)),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([204, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect((loser.json() as { error: { code: string } }).error.code).toBe('contact.already_claimed');
      expect(await eventsOf(made.id)).toEqual(['received', 'claimed']);
    });
  });

  // ---------------------------------------------------------------- idempotency

  describe('idempotency', () => {
    const post = (payload: unknown) => call(t.app, { method: 'POST', url: '/api/contacts', payload });
    const withKey = async (key: string) =>
      db().selectFrom('contact').select(['id', 'reference']).where('idempotency_key', '=', key).execute();

    it('the same key and body again: 200, the same reference and status link, one contact', async () => {
      const body = validContact({ email: 'perhe@example.fi' });
      const first = await post(body);
      expect(first.statusCode, first.body).toBe(201);
      const before = await countRows(db());
      const again = await post(body);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual({ ...(first.json() as object), created: false });
      expect(await withKey(String(body.idempotencyKey))).toHaveLength(1);
      const after = await countRows(db());
      for (const table of CONTACT_TABLES) expect(after[table], table).toBe(before[table]);
    });

    it('the intake and its retry go through the door: each leaves one row, named the public form (issue 11)', async () => {
      const body = validContact();
      const logBefore = await lastAccessLogId(db());
      expect((await post(body)).statusCode).toBe(201);
      expect((await post(body)).statusCode).toBe(200);
      const log = await accessLogAfter(db(), logBefore);
      expect(log.map((l) => [l.action, l.resource_type, l.actor_kind, l.actor_name])).toEqual([
        ['create', 'contact', 'public', 'public form'],
        ['create', 'contact', 'public', 'public form'],
      ]);
      const [row] = await withKey(String(body.idempotencyKey));
      expect(log[0]?.resource_id).toBe(row?.id);
    });

    it('the same key with another body: 409 contact.idempotency_key_reused, nothing written', async () => {
      const body = validContact();
      expect((await post(body)).statusCode).toBe(201);
      const before = await countRows(db());
      const res = await post({ ...body, message: 'Aivan toinen asia.' });
      expect(res.statusCode).toBe(409);
      const error = (res.json() as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('contact.idempotency_key_reused');
      expect(error.message).not.toBe('');
      expect(await countRows(db())).toEqual(before);
      const [row] = await withKey(String(body.idempotencyKey));
      const entry = await db()
        .selectFrom('record_entry_version')
        .innerJoin('record_entry', 'record_entry.id', 'record_entry_version.entry_id')
        .select('content')
        .where('record_entry.contact_id', '=', row?.id ?? '')
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(entry.content)).not.toContain('Aivan toinen asia');
    });

    it('ten identical POSTs at once: one contact, one record entry, one e-mail, the same reference for all', async () => {
      const body = validContact({ email: 'kiire@example.fi', replyChannel: 'email' });
      const before = await countRows(db());
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(body)));
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses, answers.map((a) => a.body).join('\n')).toEqual([
        200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
      ]);
      const references = new Set(answers.map((a) => (a.json() as { reference: string }).reference));
      const links = new Set(answers.map((a) => (a.json() as { statusUrl: string }).statusUrl));
      expect(references.size).toBe(1);
      expect(links.size).toBe(1);
      const rows = await withKey(String(body.idempotencyKey));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.reference).toBe([...references][0]);
      const after = await countRows(db());
      expect(after.contact - before.contact).toBe(1);
      expect(after.record_entry - before.record_entry).toBe(1);
      expect(after.contact_event - before.contact_event).toBe(1);
      expect(after.outbox - before.outbox).toBe(1);
    });

    it('ten POSTs at once with one key and different bodies: one contact, the rest 409', async () => {
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          post(validContact({ idempotencyKey: key, message: `Viesti ${i}` })),
        ),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      for (const a of answers.filter((x) => x.statusCode === 409))
        expect((a.json() as { error: { code: string } }).error.code).toBe('contact.idempotency_key_reused');
      expect(await withKey(key)).toHaveLength(1);
    });

    it('a family message sent twice with the same messageId is recorded once', async () => {
      const made = await newContact();
      const messageId = randomUUID();
      const send = () =>
        call(t.app, {
          method: 'POST',
          url: `/api/contacts/status/${made.token}/messages`,
          payload: { messageId, text: 'Lisäsin vielä yhden asian.' },
        });
      const first = await send();
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toEqual({ created: true });
      const before = await snapshot(made.id);
      const again = await send();
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ created: false });
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(await snapshot(made.id)).toEqual(before);
      const entries = await db()
        .selectFrom('record_entry')
        .select('id')
        .where('id', '=', messageId)
        .execute();
      expect(entries).toHaveLength(1);
      expect((await eventsOf(made.id)).filter((k) => k === 'message_from_family')).toHaveLength(1);
      const status = await call(t.app, { url: `/api/contacts/status/${made.token}` });
      const messages = (status.json() as { messages: { text: string }[] }).messages;
      expect(messages.map((m) => m.text)).toEqual(['Lisäsin vielä yhden asian.']);
    });

    it('a counsellor entry retried with the same entryId is recorded once', async () => {
      const made = await contactIn('assigned');
      const request = TRANSITION_CALLS.record(made.id);
      const first = await as('neuvoja', request);
      expect(first.statusCode).toBe(201);
      const before = await snapshot(made.id);
      const again = await as('neuvoja', request);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ created: false });
      expect(await snapshot(made.id)).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- the access check on every route

  describe('the access check on every contact route', () => {
    type LogWant = [action: string, resource: string][];
    interface Want {
      status: number;
      /** 'none': no access-log row; 'denied': one 'denied' row; else the rows in order */
      log: 'none' | 'denied' | 'refused' | LogWant;
    }
    const none = (status: number): Want => ({ status, log: 'none' });
    const allow = (status: number, ...log: LogWant): Want => ({ status, log });
    const DENIED: Want = { status: 404, log: 'denied' };
    /** A signed-in user whom the route itself refuses: 404, and the refusal is logged (issue 10, finding 10). */
    const REFUSED: Want = { status: 404, log: 'refused' };

    interface RouteCase {
      method: 'GET' | 'POST' | 'PUT';
      route: string;
      prepare: () => Promise<{ url: string; payload?: unknown }>;
      stream?: boolean;
      want: (actor: ActorName) => Want;
    }

    /** Staff routes: anonymous goes to sign in, the listed get theirs, everyone else 404. */
    const staffRoute =
      (allowed: Partial<Record<ActorName, Want>>) =>
      (actor: ActorName): Want =>
        actor === 'anonymous' ? none(302) : (allowed[actor] ?? REFUSED);
    const CONTACT_POINT_QUEUE = [
      'neuvoja',
      'esihenkilo',
      'pirkanmaa-neuvoja',
      'kuopio-neuvoja',
      'kuopio-esihenkilo',
    ];

    const ROUTES: RouteCase[] = [
      {
        method: 'POST',
        route: '/api/contacts',
        prepare: async () => ({ url: '/api/contacts', payload: validContact() }),
        want: () => allow(201, ['create', 'contact']),
      },
      {
        method: 'GET',
        route: '/api/contacts/status/:token',
        prepare: async () => ({ url: `/api/contacts/status/${(await newContact()).token}` }),
        // whoever holds the link, signed in or not
        want: () => allow(200, ['read', 'contact_status']),
      },
      {
        method: 'POST',
        route: '/api/contacts/status/:token/messages',
        prepare: async () => ({
          url: `/api/contacts/status/${(await newContact()).token}/messages`,
          payload: { messageId: randomUUID(), text: 'Kiitos, odotan vastausta.' },
        }),
        want: () => allow(201, ['create', 'contact_message']),
      },
      {
        method: 'GET',
        route: '/api/contacts/queue',
        prepare: async () => ({ url: '/api/contacts/queue' }),
        want: staffRoute({
          neuvoja: allow(200, ['read', 'contact_queue']),
          esihenkilo: allow(200, ['read', 'contact_queue']),
          // their own region's queue
          'pirkanmaa-neuvoja': allow(200, ['read', 'contact_queue']),
          'kuopio-neuvoja': DENIED,
          'kuopio-esihenkilo': DENIED,
        }),
      },
      {
        method: 'GET',
        route: '/api/contacts/events',
        prepare: async () => ({ url: '/api/contacts/events' }),
        stream: true,
        // the queue's policy: one log row for the stream; ids and kinds of the own region only
        want: staffRoute({
          neuvoja: allow(200, ['read', 'contact_queue']),
          esihenkilo: allow(200, ['read', 'contact_queue']),
          'pirkanmaa-neuvoja': allow(200, ['read', 'contact_queue']),
          'kuopio-neuvoja': DENIED,
          'kuopio-esihenkilo': DENIED,
        }),
      },
      {
        method: 'GET',
        route: '/api/contacts/counsellors',
        prepare: async () => ({ url: '/api/contacts/counsellors' }),
        // staff data, not client data: no log row
        want: staffRoute(Object.fromEntries(CONTACT_POINT_QUEUE.map((a) => [a, none(200)]))),
      },
      {
        method: 'POST',
        route: '/api/contacts/logged',
        prepare: async () => ({
          url: '/api/contacts/logged',
          payload: {
            contact: validContact({ replyChannel: 'phone', phone: '040 123 4567' }),
            intake: { channel: 'phone', urgency: 'normal' },
          },
        }),
        want: staffRoute({
          neuvoja: allow(201, ['create', 'contact']),
          // a call about Kuopio is not theirs to log: it would be assigned to them in a queue
          // they cannot open (refused before any contact data is touched: no log row)
          'pirkanmaa-neuvoja': none(404),
          'kuopio-neuvoja': none(404),
        }),
      },
      {
        method: 'GET',
        route: '/api/contacts/:id',
        prepare: async () => ({ url: `/api/contacts/${(await newContact()).id}` }),
        want: staffRoute({
          neuvoja: allow(200, ['read', 'contact']),
          'pirkanmaa-neuvoja': DENIED,
          'kuopio-neuvoja': DENIED,
        }),
      },
      {
        method: 'POST',
        route: '/api/contacts/:id/claim',
        prepare: async () => ({ url: `/api/contacts/${(await newContact()).id}/claim`, payload: {} }),
        want: staffRoute({
          neuvoja: allow(204, ['update', 'contact']),
          'pirkanmaa-neuvoja': DENIED,
          'kuopio-neuvoja': DENIED,
        }),
      },
      {
        method: 'POST',
        route: '/api/contacts/:id/assign',
        prepare: async () => ({
          url: `/api/contacts/${(await newContact()).id}/assign`,
          payload: { staffUserId: staffUserId('neuvoja2') },
        }),
        want: staffRoute({
          neuvoja: allow(204, ['update', 'contact_assignment']),
          esihenkilo: allow(204, ['update', 'contact_assignment']),
          'pirkanmaa-neuvoja': DENIED,
          'kuopio-neuvoja': DENIED,
          'kuopio-esihenkilo': DENIED,
        }),
      },
      {
        method: 'POST',
        route: '/api/contacts/:id/entries',
        prepare: async () => {
          const made = await contactIn('assigned');
          return {
            url: `/api/contacts/${made.id}/entries`,
            payload: { entryId: randomUUID(), type: 'mapping', content: MAPPING },
          };
        },
        want: staffRoute({
          neuvoja: allow(201, ['create', 'record_entry']),
          'pirkanmaa-neuvoja': DENIED,
          'kuopio-neuvoja': DENIED,
        }),
      },
      {
        method: 'POST',
        route: '/api/contacts/:id/entries/:entryId/versions',
        prepare: async () => {
          const made = await contactIn('assigned');
          const entryId = randomUUID();
          const res = await as('neuvoja', {
            method: 'POST',
            url: `/api/contacts/${made.id}/entries`,
            payload: { entryId, type: 'advice', content: { text: 'Ensimmäinen versio.' } },
          });
          expect(res.statusCode).toBe(201);
          return {
            url: `/api/contacts/${made.id}/entries/${entryId}/versions`,
            payload: { content: { text: 'Korjattu versio.' }, reason: 'Kirjoitusvirhe korjattu.' },
          };
        },
        want: staffRoute({
          // the entry's type is read first (to pick the schema), then the new version written
          neuvoja: allow(201, ['read', 'contact'], ['update', 'record_entry']),
          'pirkanmaa-neuvoja': DENIED,
          'kuopio-neuvoja': DENIED,
        }),
      },
      {
        method: 'POST',
        route: '/api/contacts/:id/close',
        prepare: async () => ({
          url: `/api/contacts/${(await contactIn('in_progress')).id}/close`,
          payload: { outcome: OUTCOME },
        }),
        want: staffRoute({
          neuvoja: allow(204, ['update', 'contact']),
          'pirkanmaa-neuvoja': DENIED,
          'kuopio-neuvoja': DENIED,
        }),
      },
      {
        method: 'POST',
        route: '/api/contacts/:id/reopen',
        prepare: async () => ({
          url: `/api/contacts/${(await contactIn('closed')).id}/reopen`,
          payload: { reason: 'Perhe palasi samasta asiasta.' },
        }),
        want: staffRoute({
          neuvoja: allow(204, ['update', 'contact']),
          'pirkanmaa-neuvoja': DENIED,
          'kuopio-neuvoja': DENIED,
        }),
      },
      {
        method: 'GET',
        route: '/api/roster',
        prepare: async () => ({ url: '/api/roster?from=2026-11-23&days=7' }),
        want: staffRoute(Object.fromEntries(CONTACT_POINT_QUEUE.map((a) => [a, none(200)]))),
      },
      {
        method: 'PUT',
        route: '/api/roster/:day',
        prepare: async () => ({
          url: '/api/roster/2026-11-26',
          payload: {
            phone: [staffUserId('neuvoja')],
            queue: [staffUserId('neuvoja'), staffUserId('neuvoja2')],
          },
        }),
        // the contact point's manager only
        want: staffRoute({ esihenkilo: none(204) }),
      },
    ];

    /** Routes under /api/contacts that belong to other features (and their own tests). */
    const ELSEWHERE = new Set(['GET /api/contacts/:id/handoffs']);

    it('has a case for every contact and roster route', () => {
      const registered = registeredRoutes(t.app)
        .filter((r) => r.url.startsWith('/api/contacts') || r.url.startsWith('/api/roster'))
        .filter((r) => !ELSEWHERE.has(`${r.method} ${r.url}`))
        .map((r) => `${r.method} ${r.url}`)
        .sort();
      expect(registered).toEqual(ROUTES.map((r) => `${r.method} ${r.route}`).sort());
    });

    const who = (actor: ActorName) =>
      actor === 'anonymous'
        ? { actor_kind: 'public' }
        : actor === 'asiakas'
          ? { actor_kind: 'client', actor_client_id: clientId('asiakas') }
          : { actor_kind: 'staff', staff_user_id: staffUserId(actor) };

    it.each(ROUTES.map((r) => ({ name: `${r.method} ${r.route}`, r })))('$name', async ({ r }) => {
      const results: string[] = [];
      const wanted: string[] = [];
      for (const actor of ACTORS) {
        const { url, payload } = await r.prepare();
        const cookie = sessions.get(actor) ?? '';
        const logBefore = await lastAccessLogId(db());
        const res = r.stream
          ? await callStream(baseUrl, url, cookie)
          : await call(t.app, { method: r.method, url, payload, cookie });
        const want = r.want(actor);
        const log = await accessLogAfter(db(), logBefore);
        results.push(`${actor} → ${res.statusCode}`);
        wanted.push(`${actor} → ${want.status}`);
        if (res.statusCode >= 400) {
          const error = (res.json() as { error: { code: string; message: string } }).error;
          expect(error.message, `${actor}: ${res.body}`).not.toBe('');
          // a refused contact is "not found", never "forbidden"
          expect(res.statusCode).not.toBe(403);
        }
        if (want.log === 'none') {
          expect(log, `${actor}: no access-log row`).toEqual([]);
        } else if (want.log === 'denied') {
          // a refusal against another region's record is logged there and in the actor's own
          // region, where their own DPO sees it (issue 10, finding 10)
          const otherRegion = actor.startsWith('pirkanmaa-');
          expect(
            log.map((l) => l.action),
            `${actor}: a denied row`,
          ).toEqual(otherRegion ? ['denied', 'denied'] : ['denied']);
          if (otherRegion) expect(new Set(log.map((l) => l.region_id)).size).toBe(2);
          expect(log[0]).toMatchObject(who(actor));
          expect(log[0]?.reason).toMatch(/refused \((other_region|other_organization|no_clinical_role)\)/);
        } else if (want.log === 'refused') {
          expect(
            log.map((l) => l.action),
            `${actor}: the refusal is logged`,
          ).toEqual(['denied']);
          expect(log[0]).toMatchObject(who(actor));
          expect(log[0]?.reason).toMatch(/refused/);
        } else if (res.statusCode === want.status) {
          // who is named: a status link is the family's, whoever is signed in
          const expectedWho = r.route.startsWith('/api/contacts/status')
            ? { actor_kind: 'public' }
            : who(actor);
          expect(
            log.map((l) => [l.action, l.resource_type]),
            `${actor}: the access-log rows`,
          ).toEqual(want.log);
          for (const row of log) expect(row).toMatchObject(expectedWho);
        }
      }
      expect(results).toEqual(wanted);
    });
  });

  // ---------------------------------------------------------------- regions apart

  describe('another region', () => {
    it("a counsellor of another region can neither see nor act on this region's contact", async () => {
      const made = await newContact();
      const other = 'pirkanmaa-neuvoja';
      const before = await snapshot(made.id);
      const tries: Call[] = [
        { url: `/api/contacts/${made.id}` },
        ...(['claim', 'assign', 'record', 'close'] as const).map((x) => TRANSITION_CALLS[x](made.id)),
      ];
      for (const request of tries) {
        const res = await as(other, request);
        expect(res.statusCode, `${request.url}: ${res.body}`).toBe(404);
        expect((res.json() as { error: { code: string } }).error.code).toBe('contact.not_found');
      }
      expect(await snapshot(made.id)).toEqual(before);

      const theirs = await as(other, { url: '/api/contacts/queue' });
      expect(theirs.statusCode).toBe(200);
      const ids = (theirs.json() as { items: { id: string }[] }).items.map((i) => i.id);
      expect(ids).not.toContain(made.id);

      // a contact from Tampere, sent on Pirkanmaa's address, goes to Pirkanmaa's queue, not to ours
      const sent = await t.app.inject({
        method: 'POST',
        url: '/api/contacts',
        headers: { host: PIRKANMAA_HOST, 'content-type': 'application/json' },
        payload: JSON.stringify(validContact({ municipality: TAMPERE })),
      });
      expect(sent.statusCode, sent.body).toBe(201);
      const tampere = await db()
        .selectFrom('contact')
        .select('id')
        .where('reference', '=', (sent.json() as { reference: string }).reference)
        .executeTakeFirstOrThrow();
      // …and on North Savo's address it is refused by name
      const refused = await call(t.app, {
        method: 'POST',
        url: '/api/contacts',
        payload: validContact({ municipality: TAMPERE }),
      });
      expect(refused.statusCode).toBe(400);
      const theirsNow = await as(other, { url: '/api/contacts/queue' });
      expect((theirsNow.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([tampere.id]);
      const ours = await as('neuvoja', { url: '/api/contacts/queue' });
      const ourIds = (ours.json() as { items: { id: string }[] }).items.map((i) => i.id);
      expect(ourIds).toContain(made.id);
      expect(ourIds).not.toContain(tampere.id);
      expect((await as('neuvoja', { url: `/api/contacts/${tampere.id}` })).statusCode).toBe(404);
      expect((await as(other, { url: `/api/contacts/${tampere.id}` })).statusCode).toBe(200);
    });

    it('a counsellor cannot log a call into another region or as another organisation', async () => {
      const before = await countRows(db());
      for (const [who, municipality] of [
        ['pirkanmaa-neuvoja', '297'],
        ['kuopio-neuvoja', '297'],
        ['kuopio-neuvoja', null],
      ] as const) {
        const res = await as(who, {
          method: 'POST',
          url: '/api/contacts/logged',
          payload: {
            contact: validContact({ municipality }),
            intake: { channel: 'walk_in', urgency: 'urgent' },
          },
        });
        expect(res.statusCode, `${who} ${municipality}: ${res.body}`).toBe(404);
      }
      const after = await countRows(db());
      for (const table of CONTACT_TABLES) expect(after[table], table).toBe(before[table]);
      // their own region's call is theirs to log, also one that names no municipality
      for (const municipality of [TAMPERE, null]) {
        const own = await as('pirkanmaa-neuvoja', {
          method: 'POST',
          url: '/api/contacts/logged',
          payload: { contact: validContact({ municipality }), intake: { channel: 'phone' } },
        });
        expect(own.statusCode, own.body).toBe(201);
        const row = await db()
          .selectFrom('contact')
          .innerJoin('region', 'region.id', 'contact.region_id')
          .select(['region.code', 'contact.assigned_to', 'contact.state', 'contact.channel'])
          .where('contact.reference', '=', (own.json() as { reference: string }).reference)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({
          code: 'pirkanmaa',
          assigned_to: staffUserId('pirkanmaa-neuvoja'),
          state: 'assigned',
          channel: 'phone',
        });
      }
    });

    it('only the contact point’s manager sets the duty roster', async () => {
      const res = await as('kuopio-esihenkilo', {
        method: 'PUT',
        url: '/api/roster/2026-11-27',
        payload: { phone: [staffUserId('neuvoja')], queue: [] },
      });
      expect(res.statusCode).toBe(404);
      const rows = await db().selectFrom('duty_roster').selectAll().where('day', '=', '2026-11-27').execute();
      expect(rows).toEqual([]);
    });
  });

  // ---------------------------------------------------------------- uniform recording

  describe('uniform recording', () => {
    it('entries are never deleted or changed in the database', async () => {
      const made = await contactIn('in_progress');
      const attempts = [
        sql`DELETE FROM record_entry_version WHERE entry_id IN (SELECT id FROM record_entry WHERE contact_id = ${made.id})`,
        sql`UPDATE record_entry_version SET content = '{"text":"muutettu"}' WHERE entry_id IN (SELECT id FROM record_entry WHERE contact_id = ${made.id})`,
        sql`UPDATE record_entry_version SET reason = 'x', version = version + 1 WHERE entry_id IN (SELECT id FROM record_entry WHERE contact_id = ${made.id})`,
        sql`DELETE FROM record_entry WHERE contact_id = ${made.id}`,
        sql`DELETE FROM contact WHERE id = ${made.id}`,
      ];
      const before = await snapshot(made.id);
      for (const attempt of attempts) {
        await expect(attempt.execute(db())).rejects.toThrow(/is never changed or deleted/);
      }
      expect(await snapshot(made.id)).toEqual(before);
    });

    it('every entry has its type, the service-task class and the registry organisation', async () => {
      const made = await contactIn('in_progress');
      const entries = await db()
        .selectFrom('record_entry')
        .innerJoin('contact', 'contact.id', 'record_entry.contact_id')
        .select([
          'record_entry.type',
          'record_entry.service_task_code',
          'record_entry.registry_organization_id',
          'contact.registry_organization_id as registry',
        ])
        .where('record_entry.contact_id', '=', made.id)
        .orderBy('record_entry.created_at')
        .execute();
      expect(entries.map((e) => e.type).sort()).toEqual(['advice', 'contact']);
      for (const e of entries) {
        expect(e.service_task_code).toBe('KASVATUS_JA_PERHENEUVONTA');
        expect(e.registry_organization_id).toBe(e.registry);
      }
    });

    it('a correction is a new version with its reason; the first is kept', async () => {
      const made = await contactIn('assigned');
      const entryId = randomUUID();
      const created = await as('neuvoja', {
        method: 'POST',
        url: `/api/contacts/${made.id}/entries`,
        payload: { entryId, type: 'mapping', content: MAPPING },
      });
      expect(created.statusCode).toBe(201);
      const corrected = { ...MAPPING, notes: 'Iltarutiinit hajallaan; isä tekee vuorotyötä.' };
      const res = await as('neuvoja', {
        method: 'POST',
        url: `/api/contacts/${made.id}/entries/${entryId}/versions`,
        payload: { content: corrected, reason: 'Tarkennus puhelun jälkeen.', version: 1 },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ version: 2 });

      const detail = await as('neuvoja', { url: `/api/contacts/${made.id}` });
      const entry = (
        detail.json() as {
          entries: {
            id: string;
            currentVersion: number;
            content: { notes: string };
            versions: { version: number; reason: string | null; content: { notes: string } }[];
          }[];
        }
      ).entries.find((e) => e.id === entryId);
      expect(entry?.currentVersion).toBe(2);
      expect(entry?.content.notes).toBe(corrected.notes);
      expect(entry?.versions.map((v) => [v.version, v.reason, v.content.notes])).toEqual([
        [1, null, MAPPING.notes],
        [2, 'Tarkennus puhelun jälkeen.', corrected.notes],
      ]);

      // a correction from a stale page
      const stale = await as('neuvoja', {
        method: 'POST',
        url: `/api/contacts/${made.id}/entries/${entryId}/versions`,
        payload: { content: MAPPING, reason: 'Vanhalta sivulta.', version: 1 },
      });
      expect(stale.statusCode).toBe(409);
      expect((stale.json() as { error: { code: string } }).error.code).toBe('contact.stale');
    });

    it('a correction without a reason is refused and writes nothing', async () => {
      const made = await contactIn('assigned');
      const entryId = randomUUID();
      await as('neuvoja', {
        method: 'POST',
        url: `/api/contacts/${made.id}/entries`,
        payload: { entryId, type: 'advice', content: { text: 'Neuvottiin.' } },
      });
      const before = await snapshot(made.id);
      const url = `/api/contacts/${made.id}/entries/${entryId}/versions`;
      for (const [reason, code] of [
        ['', 'contact.reason_required'],
        ['   \n ', 'contact.reason_required'],
        [undefined, 'contact.required'],
      ] as const) {
        const res = await as('neuvoja', {
          method: 'POST',
          url,
          payload: { content: { text: 'Uusi.' }, reason },
        });
        expect(res.statusCode, res.body).toBe(400);
        const error = (
          res.json() as {
            error: { code: string; fields: { field: string; code: string; message: string }[] };
          }
        ).error;
        expect(error.code).toBe('request.invalid');
        expect(error.fields).toEqual([expect.objectContaining({ field: 'reason', code })]);
        expect(error.fields[0]?.message).not.toBe('');
      }
      // content that does not fit the entry's type
      const wrong = await as('neuvoja', {
        method: 'POST',
        url,
        payload: { content: { text: '' }, reason: 'Tyhjäksi.' },
      });
      expect(wrong.statusCode).toBe(400);
      expect((wrong.json() as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe(
        'content.text',
      );
      expect(await snapshot(made.id)).toEqual(before);
    });

    it('the contact entry and messages cannot be corrected', async () => {
      const made = await contactIn('assigned');
      const messageId = randomUUID();
      await as('neuvoja', {
        method: 'POST',
        url: `/api/contacts/${made.id}/entries`,
        payload: { entryId: messageId, type: 'message', content: { text: 'Soitan huomenna.' } },
      });
      const familyMessageId = randomUUID();
      await call(t.app, {
        method: 'POST',
        url: `/api/contacts/status/${made.token}/messages`,
        payload: { messageId: familyMessageId, text: 'Sopii.' },
      });
      const contactEntry = await db()
        .selectFrom('record_entry')
        .select('id')
        .where('contact_id', '=', made.id)
        .where('type', '=', 'contact')
        .executeTakeFirstOrThrow();
      const before = await snapshot(made.id);
      for (const entryId of [contactEntry.id, messageId, familyMessageId]) {
        const res = await as('neuvoja', {
          method: 'POST',
          url: `/api/contacts/${made.id}/entries/${entryId}/versions`,
          payload: { content: { text: 'Muutettu.' }, reason: 'Yritys muuttaa.' },
        });
        expect(res.statusCode, res.body).toBe(409);
        expect((res.json() as { error: { code: string } }).error.code).toBe('contact.entry_not_correctable');
      }
      // an entry of another contact is not found through this one
      const other = await contactIn('assigned');
      const res = await as('neuvoja', {
        method: 'POST',
        url: `/api/contacts/${other.id}/entries/${messageId}/versions`,
        payload: { content: { text: 'Muutettu.' }, reason: 'Väärä yhteydenotto.' },
      });
      expect(res.statusCode).toBe(404);
      expect(await snapshot(made.id)).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- the outbox

  describe('notifications through the outbox', () => {
    it('a contact with an e-mail address writes exactly one outbox row; without, none', async () => {
      const before = await countRows(db());
      const made = await newContact({ email: 'aino@example.fi', replyChannel: 'email' });
      const rows = await db()
        .selectFrom('outbox')
        .selectAll()
        .where('recipient', '=', 'aino@example.fi')
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        channel: 'email',
        template: 'contact_received',
        language: 'fi',
        params: { reference: made.reference, statusUrl: made.statusUrl },
      });
      expect((await countRows(db())).outbox - before.outbox).toBe(1);
      const middle = await countRows(db());
      await newContact();
      expect((await countRows(db())).outbox).toBe(middle.outbox);
    });

    it('a request that fails after the outbox row was written leaves no row at all, and its retry succeeds', async () => {
      // the access-log row is the last write of the intake: make it fail
      await sql`CREATE FUNCTION test_fail_access_log() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'test: the access log is unavailable'; END; $$`.execute(db());
      await sql`CREATE TRIGGER test_fail_access_log BEFORE INSERT ON access_log
        FOR EACH ROW EXECUTE FUNCTION test_fail_access_log()`.execute(db());
      const body = validContact({ email: 'epaonni@example.fi', replyChannel: 'email' });
      const before = await countRows(db());
      let failed: Awaited<ReturnType<typeof call>>;
      try {
        failed = await call(t.app, { method: 'POST', url: '/api/contacts', payload: body });
      } finally {
        await sql`DROP TRIGGER test_fail_access_log ON access_log`.execute(db());
        await sql`DROP FUNCTION test_fail_access_log()`.execute(db());
      }
      expect(failed.statusCode).toBe(500);
      expect((failed.json() as { error: { code: string } }).error.code).toBe('http.internal');
      expect(await countRows(db())).toEqual(before);
      const retry = await call(t.app, { method: 'POST', url: '/api/contacts', payload: body });
      expect(retry.statusCode, retry.body).toBe(201);
      expect((await countRows(db())).outbox - before.outbox).toBe(1);
    });

    it('the family gets the e-mail with a status link that works', async () => {
      const received: { to: string[]; raw: string }[] = [];
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
      const mailer = createMailer({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: 'Perheverkko <no-reply@perheverkko.invalid>',
      });
      const logger = pino({ level: 'silent' });
      const worker = startOutboxWorker({
        db: db(),
        mailer,
        sms: new LoggingSmsGateway(logger),
        render: renderContactTemplate,
        logger,
        pollMs: 0,
        batch: 100,
      });
      try {
        // what earlier tests left in the outbox goes first
        while ((await worker.runOnce()) > 0);
        received.length = 0;

        const address = 'perhe.virtanen@example.fi';
        const made = await newContact({ email: address, replyChannel: 'email', language: 'sv' });
        expect(await worker.runOnce()).toBe(1);
        expect(received).toHaveLength(1);
        const mail = received[0];
        expect(mail?.to).toEqual([address]);
        const text = decodeBody(mail?.raw ?? '');
        expect(text).toContain(made.reference);
        expect(text).toContain('Tack för din kontakt');
        const link = /(https?:\/\/\S+\/sv\/status\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
        expect(link, text).toBe(made.statusUrl);
        const status = await call(t.app, { url: `/api/contacts/status/${tokenOf(link ?? '')}` });
        expect(status.statusCode).toBe(200);
        expect(status.json()).toMatchObject({ reference: made.reference, state: 'new', language: 'sv' });

        // a message from the counsellor: the family is told, without the message itself
        await step(made.id, 'claim');
        await as('neuvoja', {
          method: 'POST',
          url: `/api/contacts/${made.id}/entries`,
          payload: { entryId: randomUUID(), type: 'message', content: { text: 'Salainen neuvo perheelle.' } },
        });
        expect(await worker.runOnce()).toBe(1);
        const second = decodeBody(received[1]?.raw ?? '');
        expect(second).toContain(made.statusUrl);
        expect(second).not.toContain('Salainen neuvo');
        // sent: the address is no longer kept
        const left = await db().selectFrom('outbox').select('id').where('recipient', '=', address).execute();
        expect(left).toEqual([]);
      } finally {
        await worker.stop();
        mailer.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  // ---------------------------------------------------------------- the first-response promise

  describe('the promised first response in working days', () => {
    let deps: ContactsDeps;
    beforeAll(async () => {
      deps = {
        db: db(),
        statusKey: await statusLinkKey(db()),
        publicUrl: 'https://perheverkko.example.fi',
        defaultRegionCode: 'pohjois-savo',
      };
    });
    const receivedAt = async (iso: string) => {
      const input = contactInputSchema.parse(validContact());
      return submitContact({ ...deps, now: () => new Date(iso) }, ANONYMOUS, input);
    };

    // Worked out by hand from the calendar of 2026 (3 working days, the default):
    it.each([
      // Thu 2.4. at 01:30 in Helsinki (still Wed 1.4. in UTC): Good Friday 3.4., the weekend and
      // Easter Monday 6.4. are off → Tue 7.4. (1), Wed 8.4. (2), Thu 9.4. (3)
      ['2026-04-01T22:30:00Z', '2026-04-09'],
      // Thu 18.6.: Midsummer Eve Fri 19.6. and Midsummer Day Sat 20.6. → Mon 22 (1), Tue 23 (2), Wed 24 (3)
      ['2026-06-18T09:00:00Z', '2026-06-24'],
      // Wed 23.12.: Christmas Eve Thu 24, Christmas Day Fri 25, Boxing Day Sat 26 → Mon 28, Tue 29, Wed 30
      ['2026-12-23T14:00:00Z', '2026-12-30'],
      // Sat 28.11.: the weekend counts nothing → Mon 30.11. (1), Tue 1.12. (2), Wed 2.12. (3)
      ['2026-11-28T10:00:00Z', '2026-12-02'],
      // Fri 4.12. → Mon 7 (1), Tue 8 (2), Wed 9 (3): Independence Day is Sun 6.12. and moves nothing
      ['2026-12-04T10:00:00Z', '2026-12-09'],
    ])('received %s → respond by %s', async (iso, expected) => {
      const submitted = await receivedAt(iso);
      expect(submitted.respondBy).toBe(expected);
      const row = await db()
        .selectFrom('contact')
        .select(['respond_by', 'received_at', 'reference'])
        .where('id', '=', submitted.contactId)
        .executeTakeFirstOrThrow();
      expect(row.respond_by).toBe(expected);
      expect(new Date(row.received_at).toISOString()).toBe(new Date(iso).toISOString());
      const status = await call(t.app, { url: `/api/contacts/status/${submitted.statusToken}` });
      expect((status.json() as { respondBy: string }).respondBy).toBe(expected);
    });

    it("follows the region's own promise, and numbers by the Helsinki year", async () => {
      await db()
        .updateTable('region')
        .set({ first_response_working_days: 5 })
        .where('code', '=', 'pohjois-savo')
        .execute();
      forgetContactRegions(db()); // regions are read once a minute
      try {
        // Thu 2.4. with 5: 7, 8, 9, 10, 13.4.
        expect((await receivedAt('2026-04-02T08:00:00Z')).respondBy).toBe('2026-04-13');
      } finally {
        await db()
          .updateTable('region')
          .set({ first_response_working_days: 3 })
          .where('code', '=', 'pohjois-savo')
          .execute();
        forgetContactRegions(db());
      }
      // 1.1.2026 at 00:30 in Helsinki is still 2025 in UTC: the reference is of 2026; New
      // Year's Day and Epiphany (Tue 6.1.) are off → Fri 2.1. (1), Mon 5.1. (2), Wed 7.1. (3)
      const newYear = await receivedAt('2025-12-31T22:30:00Z');
      expect(newYear.reference).toMatch(/^PV-2026-\d{6}$/);
      expect(newYear.respondBy).toBe('2026-01-07');
    });
  });
});

/** The text of a one-part message as nodemailer sends it (quoted-printable or base64). */
function decodeBody(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
