/**
 * Two app processes on one PostgreSQL database work as one (issue 15), and faults lose nothing.
 *
 * Two real server processes (src/main.ts under tsx's loader, as `npm start` runs it), each with
 * its own DATA_DIR and port, on a fresh PostgreSQL database with the demo region, reached
 * through a small TCP proxy in this test (so that the database can be "restarted" under them),
 * with an SMTP server in this test as their mail server. TRUST_PROXY=loopback lets each request
 * name its client address (X-Forwarded-For), as a reverse proxy in front would.
 *
 * PostgreSQL only: two processes cannot share the embedded database (PGlite is one process and
 * the DATA_DIR lock refuses a second, see test/start.test.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/platform/http/server.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const ADMIN_URL = process.env.TEST_DATABASE_URL;
const SKIP_REASON =
  'SKIP two-process test: TEST_DATABASE_URL is not set. Two app processes need one PostgreSQL ' +
  'database (PGlite is a single-process database; its DATA_DIR lock refuses a second process).';
if (!ADMIN_URL) console.warn(SKIP_REASON);

const LIMIT = DEFAULT_RATE_LIMITS.publicPost;
/** a scheduled job (src/platform/jobs.ts) that is harmless to run at any time */
const DUE_JOB = 'session-purge';
/** how often a process looks for due jobs (jobs.ts's default) */
const JOB_TICK_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// the processes

interface AppProcess {
  readonly name: string;
  readonly port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** what the process wrote (for the failure message) */
  output: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts src/main.ts as `npm start` does, but with tsx's loader inside one node process
 * (`node --import tsx`): the tsx command would run the server as its child, and a SIGKILL to
 * tsx would leave the server running.
 */
function spawnApp(name: string, port: number, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: AppProcess = {
    name,
    port,
    child,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    output: '',
  };
  const keep = (d: Buffer) => {
    proc.output = (proc.output + String(d)).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return proc;
}

async function waitReady(proc: AppProcess, ms = 60_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`${proc.name} exited before it was ready:\n${proc.output}`);
    try {
      const res = await fetch(url(proc, '/health/ready'));
      if (res.status === 200) return Math.round(performance.now() - started);
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${proc.name} not ready in ${ms} ms:\n${proc.output}`);
}

const url = (proc: AppProcess, path: string) => `http://127.0.0.1:${proc.port}${path}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const alive = (proc: AppProcess) => proc.child.exitCode === null && proc.child.signalCode === null;

async function stopApp(proc: AppProcess | undefined) {
  if (!proc || !alive(proc)) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await proc.exited;
  clearTimeout(timer);
}

/** Waits until check passes, polling; fails with its last error after ms. */
async function eventually(check: () => void | Promise<void>, ms: number, every = 50): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(every);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the TCP proxy between the processes and PostgreSQL

/** Forwards TCP connections to PostgreSQL; cut() drops them all and refuses new ones for a while. */
class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #refusing = false;
  #stalled = false;
  /** connections refused while cut */
  refused = 0;

  private constructor(target: { host: string; port: number }) {
    this.#server = createServer((client) => {
      if (this.#refusing) {
        this.refused++;
        client.destroy();
        return;
      }
      if (this.#stalled) {
        // accepted, never answered: a database behind a network that drops its packets
        this.#sockets.add(client);
        client.on('error', () => {});
        client.on('close', () => this.#sockets.delete(client));
        return;
      }
      const upstream = connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.setNoDelay(true);
        socket.on('error', () => {});
        socket.on('close', () => {
          this.#sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy & { port: number }> {
    const proxy = new TcpProxy(target);
    proxy.#server.listen(0, '127.0.0.1');
    await once(proxy.#server, 'listening');
    return Object.assign(proxy, { port: (proxy.#server.address() as AddressInfo).port });
  }

  /** Drops every connection and refuses new ones for ms, as a restarting PostgreSQL does. */
  cut(ms: number): Promise<void> {
    this.#refusing = true;
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) =>
      setTimeout(() => {
        this.#refusing = false;
        resolve();
      }, ms),
    );
  }

  /**
   * Answers nothing for ms, as a database behind a broken network (or a failover to an address
   * that does not answer yet): the connections stay open, nothing passes either way, new ones are
   * accepted and left waiting. Then they all drop (as TCP finally gives up) and it forwards again.
   */
  stall(ms: number): Promise<void> {
    this.#stalled = true;
    for (const socket of this.#sockets) {
      socket.unpipe();
      socket.pause();
    }
    return new Promise((resolve) =>
      setTimeout(() => {
        for (const socket of this.#sockets) socket.destroy();
        this.#stalled = false;
        resolve();
      }, ms),
    );
  }

  async close() {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP as the browser and the public form do it

let addressCounter = 0;
/** A client address of its own (TEST-NET-2 and -3), so that a test's requests are not rate limited together. */
function clientAddress(): string {
  addressCounter++;
  return `198.${51 + (addressCounter >> 16)}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

function json(
  proc: AppProcess,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url(proc, path), {
    method,
    headers: {
      'x-forwarded-for': clientAddress(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    redirect: 'manual',
  });
}

/** A contact the public form sends: a parent in Kuopio (the demo region), with its idempotency key. */
function contact(idempotencyKey: string, overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey,
    contacter: 'parent',
    municipality: '297',
    childAges: [4, 9],
    topics: ['UNI'],
    message: 'Nelivuotias ei nukahda iltaisin, ja koko perhe on väsynyt.',
    replyChannel: 'status_page',
    language: 'fi',
    ...overrides,
  };
}

/** Signs a demo user in (demo mode's sign-in) and returns the session cookie. */
async function signIn(proc: AppProcess, username: string): Promise<string> {
  const res = await json(proc, 'POST', '/api/dev/session', { username });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pv_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] as string;
}

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Opens the live queue's event stream as a signed-in counsellor; resolves when it is open. */
async function openQueueStream(proc: AppProcess, cookie: string) {
  const events: StreamEvent[] = [];
  let ended = false;
  const req = httpRequest({
    host: '127.0.0.1',
    port: proc.port,
    path: '/api/contacts/events',
    headers: { cookie, accept: 'text/event-stream', 'x-forwarded-for': clientAddress() },
  });
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-type'])).toContain('text/event-stream');
  res.setEncoding('utf8');
  let buffer = '';
  res.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  });
  res.on('close', () => {
    ended = true;
  });
  req.on('error', () => {});
  return {
    events,
    ended: () => ended,
    close: () => req.destroy(),
  };
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(!ADMIN_URL)('two app processes on one PostgreSQL database', () => {
  const name = `perheverkko_2p_${randomBytes(5).toString('hex')}`;
  const dirs: string[] = [];
  let admin: pg.Client;
  let proxy: Awaited<ReturnType<typeof TcpProxy.start>>;
  let smtp: SMTPServer;
  const mails: { to: string[]; raw: string }[] = [];
  let env: Record<string, string>;
  let a: AppProcess;
  let b: AppProcess;
  /** when DUE_JOB was made due, and its runs before */
  let jobDue: { at: number; runs: number };

  /** The env of one process: its own DATA_DIR, the database through the proxy, the SMTP server here. */
  const processEnv = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-2p-'));
    dirs.push(dir);
    return { ...env, DATA_DIR: dir };
  };

  beforeAll(async () => {
    const target = new URL(ADMIN_URL as string);
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const direct = new URL(ADMIN_URL as string);
    direct.pathname = `/${name}`;
    // the test reads the database directly, not through the proxy
    admin = new pg.Client({ connectionString: direct.toString() });
    await admin.connect();

    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);

    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');

    env = {
      NODE_ENV: 'development', // demo mode: the demo users and their sign-in
      SEED_DEMO: 'true',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: viaProxy.toString(),
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      TRUST_PROXY: 'loopback',
    };
    // A migrates and seeds the new database; B starts on it once A is ready (two processes
    // migrating one empty database at the same moment is not what this test is about)
    a = spawnApp('A', await freePort(), processEnv());
    const readyA = await waitReady(a);
    b = spawnApp('B', await freePort(), processEnv());
    const readyB = await waitReady(b);
    console.info(`two-process: A ready in ${readyA} ms (fresh database), B in ${readyB} ms`);
    // a scheduled job due now in both processes (each looks every 30 s); checked in its own test
    const due = await admin.query(
      'UPDATE scheduled_job SET next_due_at = now() WHERE name = $1 RETURNING run_count',
      [DUE_JOB],
    );
    expect(due.rows).toHaveLength(1);
    jobDue = { at: performance.now(), runs: due.rows[0].run_count as number };
  }, 150_000);

  afterAll(async () => {
    await Promise.all([stopApp(a), stopApp(b)]);
    await proxy?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await admin?.end().catch(() => {});
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const contactIdOf = async (key: string): Promise<string> => {
    const { rows } = await admin.query('SELECT id FROM contact WHERE idempotency_key = $1', [key]);
    if (rows.length !== 1) throw new Error(`${rows.length} contacts with the key`);
    return rows[0].id as string;
  };

  it('the live queue: a counsellor streaming from B sees a contact sent through A', async () => {
    const cookie = await signIn(b, 'neuvoja');
    const stream = await openQueueStream(b, cookie);
    try {
      const key = randomUUID();
      const sent = performance.now();
      const res = await json(a, 'POST', '/api/contacts', contact(key));
      expect(res.status).toBe(201);
      const id = await contactIdOf(key);
      await eventually(
        () =>
          expect(stream.events).toContainEqual({ event: 'queue', data: { type: 'received', contactId: id } }),
        5000,
        10,
      );
      console.info(
        `two-process: live queue event on B ${Math.round(performance.now() - sent)} ms after the POST to A`,
      );
    } finally {
      stream.close();
    }
  });

  it('a shared rate limit: requests split over A and B are refused at exactly the limit', async () => {
    const invalid = { region: 'pohjois-savo', message: '' }; // refused by validation (400), counted
    const client = clientAddress();
    const post = (proc: AppProcess) =>
      json(proc, 'POST', '/api/contacts', invalid, { 'x-forwarded-for': client, 'accept-language': 'en' });
    for (let i = 0; i < LIMIT; i++) {
      expect((await post(i % 2 === 0 ? a : b)).status, `request ${i + 1}`).toBe(400);
    }
    for (const proc of [a, b]) {
      const over = await post(proc);
      expect(over.status, proc.name).toBe(429);
      const error = ((await over.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('http.rate_limited');
      expect(error.message).not.toBe('http.rate_limited');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // at once: 3 × the limit from another client, split over both, lets exactly the limit through
    const other = clientAddress();
    const answers = await Promise.all(
      Array.from({ length: LIMIT * 3 }, (_, i) =>
        json(i % 2 === 0 ? a : b, 'POST', '/api/contacts', invalid, { 'x-forwarded-for': other }),
      ),
    );
    const codes = answers.map((r) => r.status);
    expect(codes.filter((c) => c === 400)).toHaveLength(LIMIT);
    expect(codes.filter((c) => c === 429)).toHaveLength(LIMIT * 2);
  });

  it('the outbox sends each e-mail once, whichever process took the contact', async () => {
    const run = randomBytes(3).toString('hex');
    const recipients = Array.from({ length: 12 }, (_, i) => `perhe-${run}-${i}@example.fi`);
    const since = (await admin.query('SELECT now() AS at')).rows[0].at as Date;
    const answers = await Promise.all(
      recipients.map((email, i) =>
        json(
          i % 2 === 0 ? a : b,
          'POST',
          '/api/contacts',
          contact(randomUUID(), { replyChannel: 'email', email }),
        ),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(recipients.map(() => 201));
    const ours = () => mails.filter((m) => m.to.some((to) => recipients.includes(to)));
    // both workers are woken by the NOTIFY of each enqueue and race for the rows
    await eventually(() => expect(ours().length).toBeGreaterThanOrEqual(recipients.length), 15_000);
    // each row marked sent (a sent row keeps no recipient: the rows are those made since the test began)
    await eventually(async () => {
      const { rows } = await admin.query(
        "SELECT sent_at, failed_at, recipient FROM outbox WHERE template = 'contact_received' AND created_at >= $1",
        [since],
      );
      expect(rows).toHaveLength(recipients.length);
      for (const row of rows) expect(row).toMatchObject({ failed_at: null, recipient: null });
      for (const row of rows) expect(row.sent_at).not.toBeNull();
    }, 5000);
    await sleep(1500); // a second send would come now
    for (const to of recipients)
      expect(
        ours().filter((m) => m.to.includes(to)),
        to,
      ).toHaveLength(1);
    expect(ours()).toHaveLength(recipients.length);
  });

  it('sessions survive a process restart: the same cookie works on A and B after A restarts', async () => {
    const cookie = await signIn(a, 'neuvoja2');
    const queue = (proc: AppProcess, headers: Record<string, string> = { cookie }) =>
      json(proc, 'GET', '/api/contacts/queue', undefined, headers);
    expect((await queue(a)).status).toBe(200);
    expect((await queue(b)).status).toBe(200);
    expect((await queue(b, {})).status).toBe(302); // to sign-in

    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect((await queue(b)).status).toBe(200);
    a = spawnApp('A', a.port, processEnv());
    const ready = await waitReady(a);
    console.info(`two-process: A restarted, ready in ${ready} ms`);
    const after = await queue(a);
    expect(after.status).toBe(200);
    expect(await after.json()).toHaveProperty('items');
    expect((await queue(b)).status).toBe(200);
  }, 90_000);

  it('a scheduled job due in both processes runs once', async () => {
    // both have looked at least once since it became due (A restarted meanwhile: all three have)
    const waited = performance.now() - jobDue.at;
    if (waited < JOB_TICK_MS + 3000) await sleep(JOB_TICK_MS + 3000 - waited);
    const { rows } = await admin.query(
      'SELECT run_count, last_finished_at, last_error, locked_by, next_due_at > now() AS later FROM scheduled_job WHERE name = $1',
      [DUE_JOB],
    );
    expect(rows[0]).toMatchObject({
      run_count: jobDue.runs + 1,
      last_error: null,
      locked_by: null,
      later: true,
    });
    expect(rows[0].last_finished_at).not.toBeNull();
    console.info(
      `two-process: ${DUE_JOB} due in both processes for ${Math.round((performance.now() - jobDue.at) / 1000)} s: ran ${rows[0].run_count - jobDue.runs} time`,
    );
  }, 60_000);

  it('PostgreSQL restarted under load: /health/ready says 503 meanwhile, then the apps recover by themselves', async () => {
    const cookie = await signIn(b, 'neuvoja');
    const streams = [await openQueueStream(a, cookie), await openQueueStream(b, cookie)];
    // load: contacts through both processes the whole time
    let loading = true;
    const load = { ok: 0, failed: 0, statuses: new Set<number>() };
    const loader = (async () => {
      for (let i = 0; loading; i++) {
        const res = await json(i % 2 === 0 ? a : b, 'POST', '/api/contacts', contact(randomUUID())).catch(
          () => null,
        );
        if (res?.status === 201) load.ok++;
        else {
          load.failed++;
          load.statuses.add(res?.status ?? 0);
        }
        await sleep(20);
      }
    })();
    try {
      await eventually(() => expect(load.ok).toBeGreaterThan(2), 10_000);
      const okBefore = load.ok;
      const outage = proxy.cut(3000);
      const cutAt = performance.now();
      await sleep(200);
      for (const proc of [a, b]) expect(alive(proc), `${proc.name} died:\n${proc.output}`).toBe(true);
      // meanwhile: not ready, answered at once (not 200, not a hang)
      const healthMs: Record<string, number> = {};
      for (const proc of [a, b]) {
        const asked = performance.now();
        const res = await fetch(url(proc, '/health/ready'), { signal: AbortSignal.timeout(5000) }).catch(
          async (error: Error) => {
            await sleep(100);
            throw new Error(
              `${proc.name}: ${error.message} (${proc.child.exitCode ?? proc.child.signalCode})\n${proc.output}`,
            );
          },
        );
        const ms = performance.now() - asked;
        healthMs[proc.name] = Math.round(ms);
        expect(res.status, proc.name).toBe(503);
        expect(ms).toBeLessThan(5000);
        expect(await res.json()).toMatchObject({ status: 'unavailable' });
      }
      await outage;
      const failedDuring = load.failed;
      // after: ready again without a restart
      const recovered: Record<string, number> = {};
      for (const proc of [a, b]) {
        await eventually(
          async () => expect((await fetch(url(proc, '/health/ready'))).status).toBe(200),
          10_000,
          100,
        );
        recovered[proc.name] = Math.round(performance.now() - cutAt);
      }
      expect(alive(a) && alive(b)).toBe(true);
      // requests after recovery succeed on both
      for (const proc of [a, b]) {
        const res = await json(proc, 'POST', '/api/contacts', contact(randomUUID()));
        expect(res.status, proc.name).toBe(201);
      }
      const okAfter = load.ok;
      await eventually(() => expect(load.ok).toBeGreaterThan(okAfter + 5), 5000);
      // the live queue listens again: an event after recovery reaches the streams opened before
      // (a notification sent before the LISTEN came back is lost: send until one arrives)
      let listenBack = 0;
      for (const stream of streams) expect(stream.ended()).toBe(false);
      await eventually(
        async () => {
          const key = randomUUID();
          expect((await json(a, 'POST', '/api/contacts', contact(key))).status).toBe(201);
          const id = await contactIdOf(key);
          await sleep(300);
          for (const stream of streams) expect(stream.events.map((e) => e.data.contactId)).toContain(id);
          listenBack = Math.round(performance.now() - cutAt);
        },
        15_000,
        0,
      );
      console.info(
        `two-process: PostgreSQL cut for 3 s: /health/ready 503 in ${healthMs.A} ms (A), ${healthMs.B} ms (B); ready again after ${recovered.A} ms (A), ${recovered.B} ms (B); ` +
          `live queue events again after ${listenBack} ms; load: ${okBefore} ok before, ${failedDuring} failed during, ` +
          `${load.ok} ok in all (failed with ${[...load.statuses].join(', ')}); ${proxy.refused} connections refused while cut`,
      );
    } finally {
      loading = false;
      await loader;
      for (const stream of streams) stream.close();
    }
  }, 60_000);

  it('a database that does not answer at all: /health/ready says 503 within 5 s, then 200 again', async () => {
    // READY_TIMEOUT_MS (4 s) in the health route, then 503
    const outage = proxy.stall(6000);
    const stalledAt = performance.now();
    await sleep(300);
    const answers = await Promise.all(
      [a, b].map(async (proc) => {
        const asked = performance.now();
        const res = await fetch(url(proc, '/health/ready'), { signal: AbortSignal.timeout(5000) }).catch(
          (error: Error) => {
            throw new Error(`${proc.name}: /health/ready did not answer in 5 s (${error.name})`);
          },
        );
        return { status: res.status, ms: Math.round(performance.now() - asked) };
      }),
    );
    expect(answers.map((answer) => answer.status)).toEqual([503, 503]);
    await outage;
    for (const proc of [a, b]) {
      await eventually(
        async () => expect((await fetch(url(proc, '/health/ready'))).status).toBe(200),
        10_000,
        100,
      );
      expect((await json(proc, 'POST', '/api/contacts', contact(randomUUID()))).status, proc.name).toBe(201);
    }
    console.info(
      `two-process: database silent for 6 s: /health/ready 503 in ${answers[0]?.ms} ms (A), ${answers[1]?.ms} ms (B); ` +
        `200 and contacts accepted again ${Math.round(performance.now() - stalledAt)} ms after it fell silent`,
    );
  }, 40_000);

  it('kill -9 of A during intake: every acknowledged contact is stored once, the rest retried on B, none lost or doubled', async () => {
    const TOTAL = 200;
    const requests = Array.from({ length: TOTAL }, (_, i) => ({
      key: randomUUID(),
      address: clientAddress(),
      proc: i % 2 === 0 ? a : b,
    }));
    const killed = a;
    let answeredByA = 0;
    let killedAfter = -1;
    type Answer = { status: number; body: { reference?: string; created?: boolean }; error?: string };
    const send = (request: (typeof requests)[number], proc: AppProcess): Promise<Answer> =>
      json(proc, 'POST', '/api/contacts', contact(request.key), { 'x-forwarded-for': request.address }).then(
        async (res) => ({
          status: res.status,
          body: (await res.json()) as { reference?: string; created?: boolean },
        }),
        (error: Error) => ({ status: 0, body: {}, error: error.message }),
      );
    // B's readiness, asked every 50 ms while A dies
    let watching = true;
    const bHealth: number[] = [];
    const watcher = (async () => {
      while (watching) {
        bHealth.push(
          await fetch(url(b, '/health/ready'), { signal: AbortSignal.timeout(5000) }).then(
            (r) => r.status,
            () => 0,
          ),
        );
        await sleep(50);
      }
    })();
    const first = await Promise.all(
      requests.map((request) =>
        send(request, request.proc).then((answer) => {
          if (request.proc === killed && answer.status > 0 && ++answeredByA === 15) {
            // A has acknowledged some and has more in flight: kill it without warning
            killedAfter = answeredByA;
            killed.child.kill('SIGKILL');
          }
          return answer;
        }),
      ),
    );
    expect(await killed.exited).toBe(null);
    expect(killed.child.signalCode).toBe('SIGKILL');
    const ok = (status: number) => status === 201 || status === 200;
    const acknowledged = first.flatMap((answer, i) => (ok(answer.status) ? [i] : []));
    const failed = first.flatMap((answer, i) => (ok(answer.status) ? [] : [i]));
    // B answered throughout: its own half all acknowledged, its readiness always 200
    expect(requests.filter((r, i) => r.proc === b && !ok(first[i]?.status ?? 0))).toEqual([]);
    // the failed ones (all on A) again, with the same idempotency key and content, on B
    const retried = await Promise.all(failed.map((i) => send(requests[i] as (typeof requests)[number], b)));
    watching = false;
    await watcher;
    expect(bHealth.length).toBeGreaterThan(0);
    // answered every time, in 5 s at most (503 only if its connections were all busy for 4 s: overloaded)
    expect(bHealth.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    const bBusy = bHealth.filter((status) => status === 503).length;
    expect(retried.map((answer) => answer.status).filter((status) => !ok(status))).toEqual([]);
    // committed by A before it died but never answered: the retry finds it (200, created false)
    const committedUnanswered = retried.filter((answer) => answer.body.created === false).length;

    // the database: each key exactly once, with one received event and one first record entry,
    // and every reference a success answer gave is the stored one
    const keys = requests.map((r) => r.key);
    const { rows } = await admin.query(
      `SELECT c.idempotency_key AS key, c.reference,
         (SELECT count(*) FROM contact_event e WHERE e.contact_id = c.id AND e.kind = 'received')::int AS received,
         (SELECT count(*) FROM record_entry r WHERE r.contact_id = c.id)::int AS entries
       FROM contact c WHERE c.idempotency_key = ANY($1::uuid[])`,
      [keys],
    );
    const byKey = new Map(rows.map((row) => [row.key as string, row]));
    const lost = keys.filter((key) => !byKey.has(key)).length;
    const duplicated =
      rows.length - byKey.size + rows.filter((row) => row.received !== 1 || row.entries !== 1).length;
    const answers = first.map((answer, i) => (ok(answer.status) ? answer : retried[failed.indexOf(i)]));
    answers.forEach((answer, i) => {
      expect(answer?.body.reference, `request ${i}`).toBe(byKey.get(keys[i] as string)?.reference);
    });
    console.info(
      `two-process: kill -9 of A after it answered ${killedAfter}: ${TOTAL} contacts, ${acknowledged.length} acknowledged at first ` +
        `(${acknowledged.filter((i) => requests[i]?.proc === killed).length} by A, ${acknowledged.filter((i) => requests[i]?.proc === b).length} by B), ` +
        `${failed.length} failed on A and retried on B (${committedUnanswered} of them committed by A before it died, answered 200 as a replay), ` +
        `${lost} lost, ${duplicated} duplicated; B's readiness asked ${bHealth.length} times, answered each (${bBusy} × 503 while all its connections were busy)`,
    );
    expect(failed.length).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(rows).toHaveLength(TOTAL);
  }, 60_000);
});
