import { createHash, createHmac } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/types.ts';

/**
 * The rate-limit counters in the database (table rate_limit_counter, migration 0025), so that
 * every process on one PostgreSQL database counts against the same limit (and PGlite's one
 * process keeps working the same way). A store of @fastify/rate-limit: the plugin asks `incr`
 * on each limited request and answers 429 itself, so the refusal is the same as with the
 * in-memory store.
 *
 * - A window per limit and client that starts at the client's first request and lasts the
 *   limit's time window (one minute), exactly as the in-memory store counts; its times come
 *   from the database clock, which every process shares.
 * - One atomic `INSERT … ON CONFLICT DO UPDATE` per request (count + 1, or 1 in a new window
 *   when the old one has ended) `RETURNING` the count and the time left: one round trip,
 *   correct under concurrency in PostgreSQL without a lock of our own.
 * - The client is never stored as its address: `key` is an HMAC-SHA-256 of it under
 *   PERSONAL_DATA_KEY (a plain SHA-256 where that is not set, as in development and tests),
 *   and a row lives only until the periodic purge after its window ends (purgeRateLimitCounters).
 * - The limit's name is the route (method and path), as the in-memory store keeps a counter
 *   per route and client.
 * - continueExceeding and exponentialBackoff (not used by the app) are not supported.
 */
export interface RateLimitStoreOptions {
  /** the key of the address hash (PERSONAL_DATA_KEY); without it a plain SHA-256 */
  secret?: Buffer;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** What @fastify/rate-limit's `store` option takes: a class it constructs with its settings. */
export type RateLimitStoreClass = new (settings: unknown) => unknown;

/** The hash under which a client's address is counted (never the address itself). */
export function rateLimitKey(address: string, secret?: Buffer): string {
  const input = `perheverkko rate limit\0${address}`;
  return (secret ? createHmac('sha256', secret) : createHash('sha256')).update(input).digest('base64url');
}

/** Counts one request of `key` under the limit `name` in the current window: its count and ms left. */
export async function countRequest(
  db: Kysely<DB>,
  name: string,
  key: string,
  windowMs: number,
): Promise<{ current: number; ttl: number }> {
  const ms = Math.max(1, Math.trunc(windowMs));
  const { rows } = await sql<{ count: number; ttl: number }>`
    INSERT INTO rate_limit_counter AS c (name, key, window_start, window_end, count)
    VALUES (${name}, ${key}, now(), now() + ${ms}::float8 * interval '1 millisecond', 1)
    ON CONFLICT (name, key) DO UPDATE SET
      count = CASE WHEN c.window_end <= now() THEN 1 ELSE c.count + 1 END,
      window_start = CASE WHEN c.window_end <= now() THEN now() ELSE c.window_start END,
      window_end = CASE WHEN c.window_end <= now() THEN excluded.window_end ELSE c.window_end END
    RETURNING c.count, (extract(epoch FROM c.window_end - now()) * 1000)::float8 AS ttl`.execute(db);
  const row = rows[0];
  return { current: Number(row?.count ?? 1), ttl: Math.max(0, Math.ceil(Number(row?.ttl ?? ms))) };
}

/** The count of `key` under `name` in the current window, without counting a request. */
export async function readCount(
  db: Kysely<DB>,
  name: string,
  key: string,
): Promise<{ current: number; ttl: number }> {
  const { rows } = await sql<{ count: number; ttl: number }>`
    SELECT count, (extract(epoch FROM window_end - now()) * 1000)::float8 AS ttl
    FROM rate_limit_counter
    WHERE name = ${name} AND key = ${key} AND window_end > now()`.execute(db);
  const row = rows[0];
  return row
    ? { current: Number(row.count), ttl: Math.max(0, Math.ceil(Number(row.ttl))) }
    : { current: 0, ttl: 0 };
}

/** Removes the counters whose window has ended (the periodic purge of ended sessions runs it). */
export async function purgeRateLimitCounters(db: Kysely<DB>, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('rate_limit_counter').where('window_end', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The store class for @fastify/rate-limit's `store` option, counting in the database. */
export function databaseRateLimitStore(
  db: Kysely<DB>,
  options: RateLimitStoreOptions = {},
): RateLimitStoreClass {
  class DatabaseRateLimitStore {
    constructor(
      _settings: unknown,
      readonly name = 'global',
    ) {}

    incr(address: string, callback: Callback, timeWindow: number) {
      countRequest(db, this.name, rateLimitKey(address, options.secret), timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    read(address: string, callback: Callback) {
      readCount(db, this.name, rateLimitKey(address, options.secret)).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    /** A store per route, as the in-memory store has: the route is the limit's name. */
    child(routeOptions: { routeInfo?: { method?: string | string[]; url?: string } }) {
      const { method, url } = routeOptions.routeInfo ?? {};
      const methods = Array.isArray(method) ? method.join(',') : (method ?? '');
      return new DatabaseRateLimitStore(undefined, `${methods} ${url ?? ''}`.trim() || 'global');
    }
  }
  return DatabaseRateLimitStore;
}
