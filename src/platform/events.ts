import { type Kysely, sql } from 'kysely';
import { assertChannelName, type Database } from './db/index.ts';
import type { DB } from './db/types.ts';

/** The most a notification's JSON may take; PostgreSQL's own limit is 8000 bytes. */
export const MAX_PAYLOAD_BYTES = 1000;

/** What a subscriber receives: the object given to publish, read back from JSON. */
export type EventPayload = Record<string, unknown>;

export type Subscriber = (payload: EventPayload) => void;

/**
 * Tells every process on the database that something changed: a NOTIFY on the channel, sent
 * with the caller's transaction, so it is delivered when that transaction commits and never
 * when it rolls back. Pass the transaction (`trx`) that makes the change; given the database
 * itself, the notification goes at once.
 *
 * The payload is a hint to read the database again, small and plain: ids and kinds only
 * (`{ kind: 'contact.created', contactId }`), never personal data — no names, messages,
 * contact details or anything a family wrote. Notifications pass outside the access checks and
 * the access log, to every process and every subscriber of the channel, whoever they serve.
 */
export async function publish(trx: Kysely<DB>, channel: string, payload: object): Promise<void> {
  const event = notification(channel, payload);
  await sql`SELECT pg_notify(${event.channel}, ${event.payload})`.execute(trx);
}

/** A notification checked as `publish` checks it, to be sent by another statement of the transaction. */
export interface Notification {
  channel: string;
  /** the JSON text (or '' for a bare wake-up, as the outbox's) */
  payload: string;
}

/**
 * The notification `publish` would send, checked the same way, for a statement that sends it
 * along with its own work (the door's access-log statement, `along.notify`): one round trip
 * less. It is delivered exactly as `publish`'s, when the transaction commits.
 */
export function notification(channel: string, payload: object): Notification {
  assertChannelName(channel);
  const json = JSON.stringify(payload);
  if (json === undefined || !json.startsWith('{')) throw new Error('An event payload must be an object');
  if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) {
    throw new Error(`An event payload must be at most ${MAX_PAYLOAD_BYTES} bytes (ids and kinds only)`);
  }
  return { channel, payload: json };
}

export interface EventHubOptions {
  /** a subscriber that threw, a payload that was not JSON, a LISTEN that could not be stopped */
  onError?: (error: unknown) => void;
}

interface ChannelState {
  subscribers: Set<Subscriber>;
  /** stops the database listen, while there is one */
  stop: (() => Promise<void>) | null;
  /** starting and stopping the channel's listen, one at a time */
  queue: Promise<void>;
}

/**
 * The events of this process: one database listen per channel, shared by any number of
 * subscribers here, so a hundred browsers with the contact queue open cost one LISTEN.
 * The listen starts with the first subscriber of a channel and stops after the last one leaves.
 */
export class EventHub {
  readonly #database: Database;
  readonly #onError: (error: unknown) => void;
  readonly #channels = new Map<string, ChannelState>();
  #closed = false;

  constructor(database: Database, options: EventHubOptions = {}) {
    this.#database = database;
    this.#onError = options.onError ?? (() => {});
  }

  /**
   * Calls fn with each event published on the channel from now on. Resolves, once the
   * channel is listened to, to the function that ends this subscription.
   */
  async subscribe(channel: string, fn: Subscriber): Promise<() => void> {
    assertChannelName(channel);
    if (this.#closed) throw new Error('The event hub is closed');
    let state = this.#channels.get(channel);
    if (!state) {
      state = { subscribers: new Set(), stop: null, queue: Promise.resolve() };
      this.#channels.set(channel, state);
    }
    const subscriber: Subscriber = (payload) => fn(payload); // its own identity, even if fn is shared
    state.subscribers.add(subscriber);
    try {
      await this.#sync(channel, state);
    } catch (error) {
      state.subscribers.delete(subscriber);
      throw error;
    }
    if (this.#closed) {
      state.subscribers.delete(subscriber);
      throw new Error('The event hub is closed');
    }
    const channelState = state;
    return () => {
      if (channelState.subscribers.delete(subscriber) && channelState.subscribers.size === 0) {
        this.#sync(channel, channelState).catch(this.#onError);
      }
    };
  }

  /** The number of subscribers of the channel in this process. */
  subscriberCount(channel: string): number {
    return this.#channels.get(channel)?.subscribers.size ?? 0;
  }

  /** Ends every subscription and listen. */
  async close(): Promise<void> {
    this.#closed = true;
    const states = [...this.#channels.entries()];
    for (const [, state] of states) state.subscribers.clear();
    await Promise.all(states.map(([channel, state]) => this.#sync(channel, state).catch(this.#onError)));
  }

  /** Starts or stops the channel's listen to match whether it has subscribers. */
  #sync(channel: string, state: ChannelState): Promise<void> {
    const run = state.queue.then(async () => {
      const wanted = state.subscribers.size > 0 && !this.#closed;
      if (wanted && !state.stop) {
        state.stop = await this.#database.listen(channel, (payload) => this.#deliver(state, payload));
      } else if (!wanted && state.stop) {
        const stop = state.stop;
        state.stop = null;
        await stop();
      }
    });
    state.queue = run.catch(() => {});
    return run;
  }

  #deliver(state: ChannelState, text: string) {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      this.#onError(error);
      return;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      this.#onError(new Error('An event payload was not an object'));
      return;
    }
    for (const subscriber of [...state.subscribers]) {
      try {
        subscriber(payload as EventPayload);
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}
