/**
 * What the parts of the bench share: the figures and their file, databases on a PostgreSQL
 * server, servers on 127.0.0.1, and the load generator (load.ts) run as its own process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Database, Engine } from '../src/platform/db/index.ts';
import { readPgliteTemplate } from '../src/platform/db/pglite-template.ts';
import type { LoadPlan, LoadResult } from './load.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `npm run bench -- --quick` (or BENCH_QUICK=1): the smoke run of CI (test/bench-smoke.test.ts).
 * The same parts and code paths as the full run, on small tables with one-second loads and no
 * warm-ups; its figures say only that every part still runs and what the file looks like.
 */
export const QUICK = process.argv.slice(2).includes('--quick') || process.env.BENCH_QUICK === '1';
/** a size or a duration: the full run's, or the quick run's */
export const sized = <T>(full: T, quick: T): T => (QUICK ? quick : full);

/**
 * The folder of the results: bench/results (not in the repository: made when missing, as on a
 * fresh clone), or BENCH_RESULTS_DIR.
 */
export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR
  ? resolvePath(process.env.BENCH_RESULTS_DIR)
  : join(ROOT, 'bench', 'results');
/** A file of the results folder; a quick run's are named quick-…, so it never overwrites the real ones. */
export const resultPath = (name: string) => join(RESULTS_DIR, QUICK ? `quick-${name}` : name);
/** A path as the bench prints it: from the repository's root when it is inside. */
export const shownPath = (path: string) => (path.startsWith(ROOT) ? relative(ROOT, path) : path);
/** latest.json, or quick.json for a quick run */
export const RESULTS_FILE = join(RESULTS_DIR, QUICK ? 'quick.json' : 'latest.json');

export const SECONDS = Number(process.env.BENCH_SECONDS ?? sized(10, 1));
/** 0: no warm-up (runLoad answers at once) */
export const WARMUP_SECONDS = sized(2, 0);
export const THROUGHPUT_CONNECTIONS = 10;

/**
 * A database the bench makes on the PostgreSQL server: a quick run's has its own name, so that
 * CI's smoke test never drops the database of a full run on the same server.
 */
/** The region whose address the load comes to: a family meets only its own region's municipalities. */
export const SITE_REGION = 'pohjois-savo';

/** The host name of a region's site in the bench (REGION_HOSTS of the bench's application). */
export const benchHost = (regionCode: string) => `${regionCode}.bench.invalid`;

export const benchDatabaseName = (name: string) => (QUICK ? `${name}_quick` : name);

/** One row of latest.json, exactly these six keys. */
export interface Figure {
  figure: string;
  engine: Engine;
  value: number | null;
  unit: string;
  baseline: number | null;
  /** value / baseline of the written (rounded) numbers, to 3 decimals; null without both */
  ratio: number | null;
}

export const round = (n: number | null, digits = 2) =>
  n === null || !Number.isFinite(n) ? null : Number(n.toFixed(digits));

/** value / baseline as written in the file, so that a reader can check it from the row */
const ratioOf = (value: number | null, baseline: number | null) =>
  value === null || baseline === null || baseline === 0 ? null : round(value / baseline, 3);

export const figure = (
  name: string,
  engine: Engine,
  value: number | null,
  unit: string,
  baseline: number | null,
): Figure => {
  const written = { value: round(value), baseline: round(baseline) };
  return {
    figure: name,
    engine,
    value: written.value,
    unit,
    baseline: written.baseline,
    ratio: ratioOf(written.value, written.baseline),
  };
};

/** A figure of an earlier file in this shape (a key it had of its own is not carried on). */
const asFigure = (f: Figure): Figure => ({
  figure: f.figure,
  engine: f.engine,
  value: f.value,
  unit: f.unit,
  baseline: f.baseline,
  ratio: f.ratio,
});

const benchStarted = performance.now();
/** Progress on stdout, with the time since the bench started: `[bench 1:05] …`. */
export const log = (message: string) => {
  const seconds = Math.floor((performance.now() - benchStarted) / 1000);
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  console.log(`[bench ${clock}] ${message}`);
};

/** The rows of the earlier file; none (said on stdout) when it is missing or not an array of rows. */
function readPrevious(): Figure[] {
  if (!existsSync(RESULTS_FILE)) return [];
  try {
    const rows: unknown = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
    if (!Array.isArray(rows)) throw new Error('not an array');
    return rows.filter(
      (r): r is Figure => typeof r?.figure === 'string' && (r.engine === 'postgres' || r.engine === 'pglite'),
    );
  } catch (error) {
    log(
      `the earlier ${shownPath(RESULTS_FILE)} is not read (${(error as Error).message}): none of its rows kept`,
    );
    return [];
  }
}

/**
 * Writes latest.json: the figures of this run, and those of the previous file that this run
 * did not measure and `keep` says to keep (e.g. the durability figures, which only
 * `npm run bench -- durability` measures). A quick run writes quick.json with its own figures
 * only.
 */
export function writeResults(figures: Figure[], keep: (previous: Figure) => boolean) {
  const measured = new Set(figures.map((f) => `${f.engine}\n${f.figure}`));
  const previous = (QUICK ? [] : readPrevious())
    .filter((f) => !measured.has(`${f.engine}\n${f.figure}`) && keep(f))
    .map(asFigure);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify([...figures.map(asFigure), ...previous], null, 2)}\n`);
}

/** Writes a file of the results folder (resultPath), making the folder when it is missing. */
export function writeResultFile(name: string, text: string) {
  const path = resultPath(name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

// ---------------------------------------------------------------------- databases

export type RawQuery = (sql: string, parameters: readonly unknown[]) => Promise<unknown[]>;

/** A database for the bench, with a way to send SQL straight through its driver (the baseline). */
export interface BenchDatabase {
  database: Database;
  /** the PostgreSQL database's URL (null: PGlite) */
  url: string | null;
  rawQuery: RawQuery;
  /** BEGIN … COMMIT on one connection of the driver (ROLLBACK when work throws) */
  rawTransaction<T>(work: (query: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const databaseUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * PGlite's start for a bench database: from the empty cluster made at `npm install`, as a new
 * DATA_DIR of the application starts (platform/db), instead of initdb (seconds on a busy
 * machine); initdb when there is no template.
 */
export function pgliteTemplate(): { loadDataDir?: Blob } {
  const template = readPgliteTemplate();
  return template ? { loadDataDir: template } : {};
}

export async function adminQuery(serverUrl: string, statement: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** An empty database of this name; a leftover of an interrupted run is dropped first. */
export async function createDatabase(serverUrl: string, name: string) {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
}

/**
 * Drops the database once its last connection has gone. Not WITH (FORCE): pg's pool.end()
 * resolves before its connections have closed, and a connection the server terminates then
 * is an unhandled 'error' on a pool that is not ours to listen to.
 */
export async function dropDatabase(serverUrl: string, name: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
    } catch (error) {
      const inUse = (error as { code?: string }).code === '55006';
      if (!inUse || attempt === 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

// ---------------------------------------------------------------------- servers and load

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What a load of 0 s measured: nothing. */
export const NO_LOAD: LoadResult = {
  ok: 0,
  failed: 0,
  failures: { non2xx: 0, errors: 0, timeouts: 0 },
  statusCodes: {},
  seconds: 0,
  throughput: 0,
  p50: Number.NaN,
  p95: Number.NaN,
  p99: Number.NaN,
  cpuMs: 0,
};

/**
 * load.ts in its own process, so that it does not share an event loop with the server it
 * measures. A closed loop that got no answer at all (a request slower than the load's
 * seconds: the quick run's one second on a busy machine) is run once more for five times as
 * long, so that every figure has at least one measured request.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  // a warm-up of 0 s (the quick run): nothing to send
  if (plan.seconds <= 0) return NO_LOAD;
  const result = await runLoadOnce(plan);
  if (result.ok > 0 || plan.rate) return result;
  const seconds = Math.max(5, plan.seconds * 5);
  log(
    `  no answer from ${plan.url}${plan.paths[0]?.split('?')[0]} in ${plan.seconds} s: again for ${seconds} s`,
  );
  return runLoadOnce({ ...plan, seconds });
}

function runLoadOnce(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./load.ts', import.meta.url)), JSON.stringify(plan)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult;
      if (result.failed > 0) {
        const detail = JSON.stringify({ ...result.failures, statusCodes: result.statusCodes });
        log(
          `  WARNING: ${result.failed} failed requests at ${plan.url}${plan.paths[0]?.split('?')[0]}: ${detail}`,
        );
      }
      resolve(result);
    });
  });
}

export interface Measured {
  latency: LoadResult;
  throughput: LoadResult;
}

/** a latency as printed: none (NaN in the generator, null once through JSON) when no request succeeded */
export const ms = (value: number | null) =>
  value === null || !Number.isFinite(value) ? '–' : value.toFixed(1);

export const showLoad = (r: LoadResult) =>
  `p50 ${ms(r.p50)} / p95 ${ms(r.p95)} / p99 ${ms(r.p99)} ms, ${r.throughput.toFixed(0)} req/s`;

/** A short warm-up, then one connection for latency and ten for throughput (the quick run: ten only). */
export async function measure(
  url: string,
  paths: string[],
  headers: Record<string, string>,
): Promise<Measured> {
  const plan = { url, paths, headers };
  if (QUICK) {
    // the smoke run: one load at ten connections stands for both (the same requests, the same code)
    const once = await runLoad({ ...plan, connections: THROUGHPUT_CONNECTIONS, seconds: SECONDS });
    log(`  ${url}${paths[0]?.split('?')[0]}: ${THROUGHPUT_CONNECTIONS} conn ${showLoad(once)}`);
    return { latency: once, throughput: once };
  }
  await runLoad({ ...plan, connections: THROUGHPUT_CONNECTIONS, seconds: WARMUP_SECONDS });
  const latency = await runLoad({ ...plan, connections: 1, seconds: SECONDS });
  const throughput = await runLoad({ ...plan, connections: THROUGHPUT_CONNECTIONS, seconds: SECONDS });
  log(
    `  ${url}${paths[0]?.split('?')[0]}: 1 conn ${showLoad(latency)}; ${THROUGHPUT_CONNECTIONS} conn ${showLoad(throughput)}`,
  );
  return { latency, throughput };
}
