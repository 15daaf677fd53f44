/**
 * The bench's smoke test (issue 15): `npm run bench -- --quick` as a fresh clone runs it — no
 * results folder beforehand (BENCH_RESULTS_DIR names one that does not exist yet) — every part
 * of the full run on small tables, on PGlite (PostgreSQL is left to the full run: it doubled the time).
 * What it asserts is the plumbing, not the figures: the exit code, the progress on stdout, and
 * the file's format (docs/bench.md, "The results").
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const KEYS = ['baseline', 'engine', 'figure', 'ratio', 'unit', 'value'];
const SEARCH = [
  'catalogue search p50',
  'catalogue search p95',
  'catalogue search p99',
  'catalogue search p95 (10 connections)',
  'catalogue search throughput',
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function withoutServer(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { TEST_DATABASE_URL: _t, BENCH_DATABASE_URL: _b, ...rest } = env;
  return rest;
}

function runQuickBench(resultsDir: string): Promise<Run> {
  const started = performance.now();
  const child = spawn('npm', ['run', 'bench', '--', '--quick'], {
    cwd: ROOT,
    // PGlite only: the smoke run proves the fresh clone and the format; both engines took 2–5
    // minutes of CI's 30 (the full run measures PostgreSQL)
    env: { ...withoutServer(process.env), BENCH_RESULTS_DIR: resultsDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

describe('npm run bench -- --quick (a fresh clone)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-bench-smoke-'));
  const resultsDir = join(dir, 'results');
  const engines: number = 1;
  let run: Run;

  beforeAll(async () => {
    expect(existsSync(resultsDir)).toBe(false);
    run = await runQuickBench(resultsDir);
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0, makes the results folder and prints numbered progress', () => {
    expect(run.code, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`).toBe(0);
    expect(existsSync(resultsDir)).toBe(true);
    const parts = [...run.stdout.matchAll(/^\[bench \d+:\d\d\] \((\d+)\/(\d+)\) /gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    // a full run's parts: per engine the catalogue, search, client read, cross-registry read,
    // contacts, meetings, matching and metrics; then npm start
    const total = engines * 8 + 1;
    expect(parts).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
    expect(run.stdout).toMatch(/quick run: small tables \(300 services\)/);
    expect(run.stdout).toContain(`written ${join(resultsDir, 'quick.json')}`);
    console.log(`the quick bench took ${Math.round(run.ms / 1000)} s on ${engines} engine(s)`);
  });

  it('writes quick.json, never latest.json, and its other files named quick-…', () => {
    const files = readdirSync(resultsDir).sort();
    expect(files).toContain('quick.json');
    expect(files).not.toContain('latest.json');
    expect(files.filter((f) => !f.startsWith('quick'))).toEqual([]);
    expect(files).toContain('quick-contact-queue-plan-pglite.txt');
  });

  it('writes rows of exactly {figure, engine, value, unit, baseline, ratio} with ratio = value / baseline', () => {
    const rows = JSON.parse(readFileSync(join(resultsDir, 'quick.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.length).toBeGreaterThan(20);
    const numberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
    for (const row of rows) {
      const where = JSON.stringify(row);
      expect(Object.keys(row).sort(), where).toEqual(KEYS);
      expect(typeof row.figure === 'string' && row.figure.length > 0, where).toBe(true);
      expect(['pglite', 'postgres'], where).toContain(row.engine);
      expect(typeof row.unit === 'string' && row.unit.length > 0, where).toBe(true);
      expect(numberOrNull(row.value) && numberOrNull(row.baseline) && numberOrNull(row.ratio), where).toBe(
        true,
      );
      const { value, baseline, ratio } = row as {
        value: number | null;
        baseline: number | null;
        ratio: unknown;
      };
      // the ratio of the written numbers, to three decimals; none without both (or a zero baseline)
      const expected =
        value === null || baseline === null || baseline === 0 ? null : Number((value / baseline).toFixed(3));
      expect(ratio, where).toBe(expected);
    }
    const keys = rows.map((r) => `${r.engine}\n${r.figure}`);
    expect(new Set(keys).size, 'a figure twice for one engine').toBe(keys.length);
  });

  it('has the catalogue search figures, measured, on every engine it ran', () => {
    const rows = JSON.parse(readFileSync(join(resultsDir, 'quick.json'), 'utf8')) as {
      figure: string;
      engine: string;
      value: number | null;
      baseline: number | null;
    }[];
    const ran = ['pglite'];
    expect([...new Set(rows.map((r) => r.engine))].sort()).toEqual([...ran].sort());
    for (const engine of ran)
      for (const name of SEARCH) {
        const row = rows.find((r) => r.engine === engine && r.figure === name);
        expect(row, `${engine}: ${name}`).toBeDefined();
        expect(row?.value, `${engine}: ${name}`).toBeGreaterThan(0);
        expect(row?.baseline, `${engine}: ${name}`).toBeGreaterThan(0);
      }
    // and the other parts each left a figure
    for (const prefix of [
      'HSDS search',
      'client data read',
      'cross-registry read through the door',
      'contact intake',
      'contact queue',
      'consultation intake',
      'common time',
      'matching',
      'metrics page',
      'cold start to ready',
    ])
      expect(
        rows.some((r) => r.figure.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });
});

describe("the full run's latest.json, as writeResults keeps earlier rows", () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-bench-results-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the rows it is told to keep in the six keys only, replaces measured ones, and survives a broken file', async () => {
    process.env.BENCH_RESULTS_DIR = join(dir, 'fresh', 'results');
    const { figure, RESULTS_FILE, writeResults } = await import('../bench/common.ts');
    expect(RESULTS_FILE).toBe(join(dir, 'fresh', 'results', 'latest.json'));
    const read = () => JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>[];
    writeResults([figure('a p95', 'pglite', 3.456, 'ms', 1.234)], () => true);
    expect(read()).toEqual([
      { figure: 'a p95', engine: 'pglite', value: 3.46, unit: 'ms', baseline: 1.23, ratio: 2.813 },
    ]);
    // an earlier file with a key of its own and a row this run measures again
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify([
        {
          figure: 'durability missing',
          engine: 'postgres',
          value: 0,
          unit: 'count',
          baseline: null,
          ratio: null,
          note: 'x',
        },
        { figure: 'a p95', engine: 'pglite', value: 9, unit: 'ms', baseline: 1, ratio: 9 },
      ]),
    );
    writeResults([figure('a p95', 'pglite', 2, 'ms', 0)], () => true);
    expect(read()).toEqual([
      { figure: 'a p95', engine: 'pglite', value: 2, unit: 'ms', baseline: 0, ratio: null },
      {
        figure: 'durability missing',
        engine: 'postgres',
        value: 0,
        unit: 'count',
        baseline: null,
        ratio: null,
      },
    ]);
    writeFileSync(RESULTS_FILE, '{"not": "rows"');
    writeResults([figure('b throughput', 'postgres', null, 'req/s', 10)], () => true);
    expect(read()).toEqual([
      { figure: 'b throughput', engine: 'postgres', value: null, unit: 'req/s', baseline: 10, ratio: null },
    ]);
  });
});
