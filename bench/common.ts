/**
 * What the parts of the bench share: the figures and their file, databases on a PostgreSQL
 * server, servers on 127.0.0.1, and the load generator (load.ts) run as its own process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Database, Engine } from '../src/platform/db/index.ts';
import type { LoadPlan, LoadResult } from './load.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_FILE = join(ROOT, 'bench', 'results', 'latest.json');
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const WARMUP_SECONDS = 2;
export const THROUGHPUT_CONNECTIONS = 10;

export interface Figure {
  figure: string;
  engine: Engine;
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}

export const round = (n: number | null, digits = 2) =>
  n === null || !Number.isFinite(n) ? null : Number(n.toFixed(digits));

export const figure = (
  name: string,
  engine: Engine,
  value: number | null,
  unit: string,
  baseline: number | null,
): Figure => ({
  figure: name,
  engine,
  value: round(value),
  unit,
  baseline: round(baseline),
  ratio: value !== null && baseline ? round(value / baseline, 3) : null,
});

export const log = (message: string) => console.log(`[bench] ${message}`);

/**
 * Writes latest.json: the figures of this run, and those of the previous file that this run
 * did not measure and `keep` says to keep (e.g. the durability figures, which only
 * `npm run bench -- durability` measures).
 */
export function writeResults(figures: Figure[], keep: (previous: Figure) => boolean) {
  const measured = new Set(figures.map((f) => `${f.engine}\n${f.figure}`));
  const previous = existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Figure[]).filter(
        (f) => !measured.has(`${f.engine}\n${f.figure}`) && keep(f),
      )
    : [];
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify([...figures, ...previous], null, 2)}\n`);
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

/** load.ts in its own process, so that it does not share an event loop with the server it measures. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
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

export const showLoad = (r: LoadResult) =>
  `p50 ${r.p50.toFixed(1)} / p95 ${r.p95.toFixed(1)} / p99 ${r.p99.toFixed(1)} ms, ${r.throughput.toFixed(0)} req/s`;

/** A short warm-up, then one connection for latency and ten for throughput. */
export async function measure(
  url: string,
  paths: string[],
  headers: Record<string, string>,
): Promise<Measured> {
  const plan = { url, paths, headers };
  await runLoad({ ...plan, connections: THROUGHPUT_CONNECTIONS, seconds: WARMUP_SECONDS });
  const latency = await runLoad({ ...plan, connections: 1, seconds: SECONDS });
  const throughput = await runLoad({ ...plan, connections: THROUGHPUT_CONNECTIONS, seconds: SECONDS });
  log(
    `  ${url}${paths[0]?.split('?')[0]}: 1 conn ${showLoad(latency)}; ${THROUGHPUT_CONNECTIONS} conn ${showLoad(throughput)}`,
  );
  return { latency, throughput };
}
