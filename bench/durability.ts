/**
 * `npm run bench -- durability`: "a 2xx answer means the contact is committed, and nothing is
 * recorded twice" (issue 5), tested by killing the server.
 *
 * For each engine: the real server (`node --import tsx src/main.ts`, NODE_ENV=development
 * with the demo region, as `npm start` runs it) on a new database; contacts posted from
 * CLIENTS concurrent clients, each request with a new idempotency key, every answer recorded;
 * SIGKILL mid-load; the server started again on the same database; every request that got no
 * answer sent again with the same key and body; then the database is read: every key that got
 * a 2xx must be there exactly once with the reference it was given, every contact must have
 * its 'contact' record entry, its 'received' event and its access-log row, and the access log
 * chains must verify.
 *
 * The public form's rate limit (20 posts a minute per address) is the server's own, untouched:
 * each request comes from its own loopback address (127.x.y.z), as many families would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { verifyAccessLog } from '../src/platform/access/index.ts';
import { type Database, type Engine, openDatabase } from '../src/platform/db/index.ts';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  type Figure,
  figure,
  freePort,
  log,
  RESULTS_FILE,
  ROOT,
  writeResults,
} from './common.ts';
import { type ContactBody, type ContactBodySpec, contactBody } from './contact-bodies.ts';

const DURABILITY_DATABASE = 'perheverkko_bench_durability';
/** concurrent clients posting contacts */
const CLIENTS = 50;
/** load before the kill, ms */
const KILL_AFTER_MS = Number(process.env.BENCH_KILL_AFTER_MS ?? 4000);
/** acknowledged contacts asked again after the restart (each must answer 200, same reference) */
const REPLAYED = 200;
const START_GOAL_MS = 5000;

type Outcome =
  | { kind: 'acknowledged'; status: number; reference: string }
  | { kind: 'refused'; status: number; body: string }
  /** the connection was made (the request may have been sent) but no answer came */
  | { kind: 'no answer'; error: string }
  /** the server was already gone: nothing was sent */
  | { kind: 'not connected'; error: string };

interface Attempt {
  body: ContactBody;
  outcome: Outcome | null;
}

/** The Pohjois-Savo municipalities (the demo region, the one with a contact point) and the topics. */
function demoSpec(): ContactBodySpec {
  const csv = (file: string) =>
    readFileSync(join(ROOT, 'data', 'seed', 'reference', file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
  const regions = JSON.parse(
    readFileSync(join(ROOT, 'data', 'seed', 'reference', 'regions.json'), 'utf8'),
  ) as {
    code: string;
    statisticsCode: string;
  }[];
  const demo = regions.find((r) => r.code === 'pohjois-savo')?.statisticsCode;
  return {
    municipalities: csv('municipalities.csv')
      .filter((row) => row[0] === demo)
      .map((row) => row[3] ?? ''),
    topics: csv('topics.csv').map((row) => row[0] ?? ''),
    emailShare: 0.4,
  };
}

/** A loopback address of its own for the n-th request (Linux answers on all of 127.0.0.0/8). */
const sourceAddress = (n: number) =>
  `127.${1 + (Math.floor(n / 62_500) % 250)}.${Math.floor(n / 250) % 250}.${1 + (n % 250)}`;

function postContact(port: number, body: ContactBody, n: number): Promise<Outcome> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    let connected = false;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: sourceAddress(n),
        agent: false,
        path: '/api/contacts',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            const reference = (JSON.parse(text) as { reference?: string }).reference ?? '';
            resolve({ kind: 'acknowledged', status, reference });
          } else {
            resolve({ kind: 'refused', status, body: text.slice(0, 300) });
          }
        });
        res.on('error', (error) => resolve({ kind: 'no answer', error: error.message }));
      },
    );
    req.on('socket', (socket) => socket.on('connect', () => (connected = true)));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) =>
      resolve(
        connected || (error as NodeJS.ErrnoException).code !== 'ECONNREFUSED'
          ? { kind: 'no answer', error: (error as NodeJS.ErrnoException).code ?? error.message }
          : { kind: 'not connected', error: 'ECONNREFUSED' },
      ),
    );
    req.end(payload);
  });
}

interface Server {
  child: ChildProcess;
  exited: Promise<number | null>;
  port: number;
  readyMs: number;
}

/** `node --import tsx src/main.ts` until GET /health/ready answers 200. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    SEED_DEMO: 'true',
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error('the server was not ready in 120 s');
    }
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ready) return { child, exited, port, readyMs: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopServer(server: Server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timeout = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await server.exited;
  clearTimeout(timeout);
}

interface Counts {
  sent: number;
  acknowledged: number;
  refusedBeforeKill: number;
  noAnswer: number;
  notConnected: number;
  retried: number;
  retriedCreated: number;
  retriedAlreadyThere: number;
  retriesFailed: number;
  replayed: number;
  replayMismatch: number;
  contacts: number;
  found: number;
  missing: number;
  duplicates: number;
  wrongReference: number;
  unexpected: number;
  withoutEntry: number;
  withoutEvent: number;
  withoutLogRow: number;
  outboxRows: number;
  withEmail: number;
  chainsVerified: boolean;
  restartMs: number;
}

async function runEngine(engine: Engine, serverUrl: string | undefined): Promise<Counts> {
  const spec = demoSpec();
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-durability-'));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  if (engine === 'postgres') {
    if (!serverUrl) throw new Error('no PostgreSQL server');
    await createDatabase(serverUrl, DURABILITY_DATABASE);
    env.DATABASE_URL = databaseUrl(serverUrl, DURABILITY_DATABASE);
  }
  let server: Server | undefined;
  try {
    server = await startServer(env);
    log(`${engine}: the server is ready in ${Math.round(server.readyMs)} ms (port ${server.port})`);

    // Load, then SIGKILL while the clients keep posting.
    const attempts = new Map<string, Attempt>();
    let n = 0;
    let killed = false;
    const port = server.port;
    const client = async () => {
      while (!killed) {
        const key = randomUUID();
        const attempt: Attempt = { body: contactBody(spec, n, Math.random, key), outcome: null };
        attempts.set(key, attempt);
        attempt.outcome = await postContact(port, attempt.body, n++);
        if (attempt.outcome.kind !== 'acknowledged' && !killed) {
          log(`  WARNING: before the kill, ${JSON.stringify(attempt.outcome)}`);
        }
      }
    };
    const loadStarted = performance.now();
    const clients = Array.from({ length: CLIENTS }, client);
    await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS));
    const acknowledgedAtKill = [...attempts.values()].filter(
      (a) => a.outcome?.kind === 'acknowledged',
    ).length;
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all(clients);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const all = [...attempts.values()];
    const of = (kind: Outcome['kind']) => all.filter((a) => a.outcome?.kind === kind);
    const acknowledged = of('acknowledged');
    const refused = of('refused');
    const noAnswer = of('no answer');
    const notConnected = of('not connected');
    log(
      `  ${all.length} posted from ${CLIENTS} clients in ${loadSeconds.toFixed(1)} s; SIGKILL after ` +
        `${KILL_AFTER_MS} ms (${acknowledgedAtKill} acknowledged by then): ${acknowledged.length} acknowledged, ` +
        `${noAnswer.length} in flight (no answer), ${notConnected.length} not connected, ${refused.length} refused`,
    );

    // Restart on the same database; send again what got no answer, and some acknowledged ones.
    server = await startServer(env);
    const restartMs = server.readyMs;
    log(`  restarted in ${Math.round(restartMs)} ms`);
    const retries = [...noAnswer, ...notConnected, ...refused];
    const retryOutcomes: Outcome[] = [];
    const queue = [...retries];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let a = queue.shift(); a; a = queue.shift())
          retryOutcomes.push(await postContact(server?.port ?? 0, a.body, n++));
      }),
    );
    const retriedCreated = retryOutcomes.filter((o) => o.kind === 'acknowledged' && o.status === 201).length;
    const retriedAlreadyThere = retryOutcomes.filter(
      (o) => o.kind === 'acknowledged' && o.status === 200,
    ).length;
    const retriesFailed = retryOutcomes.filter((o) => o.kind !== 'acknowledged');
    for (const o of retriesFailed.slice(0, 5)) log(`  WARNING: a retry failed: ${JSON.stringify(o)}`);
    const replay = acknowledged.slice(0, REPLAYED);
    let replayMismatch = 0;
    for (const a of replay) {
      const o = await postContact(server.port, a.body, n++);
      const before = a.outcome as Extract<Outcome, { kind: 'acknowledged' }>;
      if (o.kind !== 'acknowledged' || o.status !== 200 || o.reference !== before.reference) replayMismatch++;
    }
    await stopServer(server);
    server = undefined;

    // What the database holds.
    const database: Database =
      engine === 'postgres'
        ? await openDatabase({ engine: 'postgres', url: env.DATABASE_URL ?? '' })
        : await openDatabase({ engine: 'pglite', dataDir });
    try {
      const { db } = database;
      const rows = (
        await sql<{ key: string; n: string; reference: string }>`
          SELECT idempotency_key::text AS key, count(*) AS n, min(reference) AS reference
          FROM contact GROUP BY idempotency_key`.execute(db)
      ).rows;
      const byKey = new Map(rows.map((r) => [r.key, r]));
      const [integrity] = (
        await sql<{
          contacts: string;
          without_entry: string;
          without_event: string;
          without_log_row: string;
          with_email: string;
        }>`
          SELECT count(*) AS contacts,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM record_entry e JOIN record_entry_version v ON v.entry_id = e.id AND v.version = 1
              WHERE e.contact_id = c.id AND e.type = 'contact')) AS without_entry,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM contact_event ev WHERE ev.contact_id = c.id AND ev.kind = 'received')) AS without_event,
            count(*) FILTER (WHERE c.id::text NOT IN (
              SELECT resource_id FROM access_log WHERE resource_type = 'contact' AND action = 'create'
                AND resource_id IS NOT NULL)) AS without_log_row,
            count(*) FILTER (WHERE c.email IS NOT NULL) AS with_email
          FROM contact c`.execute(db)
      ).rows;
      const [outbox] = (
        await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM outbox WHERE template = 'contact_received'`.execute(db)
      ).rows;
      const verified = await verifyAccessLog(db);
      let missing = 0;
      let wrongReference = 0;
      for (const a of acknowledged) {
        const row = byKey.get(a.body.idempotencyKey);
        if (!row) missing++;
        else if (row.reference !== (a.outcome as { reference: string }).reference) wrongReference++;
      }
      return {
        sent: all.length,
        acknowledged: acknowledged.length,
        refusedBeforeKill: refused.length,
        noAnswer: noAnswer.length,
        notConnected: notConnected.length,
        retried: retries.length,
        retriedCreated,
        retriedAlreadyThere,
        retriesFailed: retriesFailed.length,
        replayed: replay.length,
        replayMismatch,
        contacts: Number(integrity?.contacts ?? 0),
        found: acknowledged.length - missing,
        missing,
        duplicates: rows.filter((r) => Number(r.n) > 1).length,
        wrongReference,
        unexpected: rows.filter((r) => !attempts.has(r.key)).length,
        withoutEntry: Number(integrity?.without_entry ?? 0),
        withoutEvent: Number(integrity?.without_event ?? 0),
        withoutLogRow: Number(integrity?.without_log_row ?? 0),
        outboxRows: Number(outbox?.n ?? 0),
        withEmail: Number(integrity?.with_email ?? 0),
        chainsVerified: verified.ok,
        restartMs,
      };
    } finally {
      await database.close();
    }
  } finally {
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (engine === 'postgres' && serverUrl) await dropDatabase(serverUrl, DURABILITY_DATABASE);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function figuresOf(engine: Engine, c: Counts): Figure[] {
  const count = (name: string, value: number) => figure(`durability ${name}`, engine, value, 'count', null);
  return [
    count('contacts acknowledged (2xx) before the kill', c.acknowledged),
    count('requests in flight at the kill (no answer)', c.noAnswer),
    count('in-flight requests already committed (retry answered 200)', c.retriedAlreadyThere),
    count('acknowledged contacts found exactly once', c.found),
    count('acknowledged contacts missing', c.missing),
    count('duplicate contacts', c.duplicates),
    count('retries failed', c.retriesFailed),
    count(
      'contacts without their record entry, event or log row',
      c.withoutEntry + c.withoutEvent + c.withoutLogRow,
    ),
    figure('durability restart to ready after SIGKILL', engine, c.restartMs, 'ms', START_GOAL_MS),
  ];
}

export async function benchDurability(serverUrl: string | undefined): Promise<void> {
  const figures: Figure[] = [];
  let failed = false;
  for (const engine of ['pglite', ...(serverUrl ? ['postgres' as const] : [])] as const) {
    const c = await runEngine(engine, serverUrl);
    const ok =
      c.missing === 0 &&
      c.duplicates === 0 &&
      c.wrongReference === 0 &&
      c.unexpected === 0 &&
      c.retriesFailed === 0 &&
      c.replayMismatch === 0 &&
      c.withoutEntry + c.withoutEvent + c.withoutLogRow === 0 &&
      c.outboxRows === c.withEmail &&
      c.chainsVerified;
    failed ||= !ok;
    log(
      `  ${engine}: ${c.acknowledged} acknowledged, ${c.noAnswer} in flight at the kill and ${c.notConnected} not ` +
        `connected, ${c.refusedBeforeKill} refused; retried ${c.retried}: ${c.retriedCreated} created now, ` +
        `${c.retriedAlreadyThere} already committed, ${c.retriesFailed} failed; ${c.replayed} acknowledged ` +
        `asked again: ${c.replayMismatch} not answered 200 with the same reference`,
    );
    log(
      `  ${engine}: ${c.contacts} contacts in the database: ${c.found} of the acknowledged found exactly once, ` +
        `${c.missing} missing, ${c.duplicates} duplicates, ${c.wrongReference} with another reference, ` +
        `${c.unexpected} nobody sent; without their 'contact' entry ${c.withoutEntry}, 'received' event ` +
        `${c.withoutEvent}, access-log row ${c.withoutLogRow}; outbox rows ${c.outboxRows} for ${c.withEmail} ` +
        `with e-mail; access log chains ${c.chainsVerified ? 'verify' : 'BROKEN'} → ${ok ? 'OK' : 'FAILED'}`,
    );
    figures.push(...figuresOf(engine, c));
  }
  for (const f of figures) log(`${f.engine.padEnd(8)} ${f.figure}: ${f.value} ${f.unit}`);
  writeResults(figures, () => true);
  log(
    `durability: ${failed ? 'FAILED' : 'every acknowledged contact is there exactly once'}; written ${RESULTS_FILE}`,
  );
  if (failed) process.exitCode = 1;
}
