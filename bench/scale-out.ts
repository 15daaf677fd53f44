/**
 * Two processes (issue 15): the throughput of contact intake and of the catalogue search with
 * two application processes on one PostgreSQL, against one process, on the same machine.
 *
 * Both cases start the same way: app-process.ts (the bench's application, app.ts, with its
 * own pool of 10) as child processes on the bench database, each on its own port. The load is
 * the same in both cases — two load generators (load.ts, closed loop) at once, each with half
 * the connections: both at the one process, or one at each of the two — so that the
 * generators' own CPU is the same and only the number of servers changes.
 *
 * While each load runs the bench counts CPU time from /proc: of the application processes, of
 * the load generators (they say their own), of the PostgreSQL backends of the bench database
 * (pg_stat_activity's pids), and of the whole machine (/proc/stat). On a machine of 2 CPUs
 * that all of them share, a second process can only help as far as CPU is left idle: the
 * figures say how much was.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  type BenchDatabase,
  type Figure,
  figure,
  log,
  ROOT,
  runLoad,
  SECONDS,
  sized,
  WARMUP_SECONDS,
} from './common.ts';
import { bodySpec, regionsByMunicipality } from './contacts.ts';
import type { LoadPlan, LoadResult } from './load.ts';

/** the figures' names start with "two processes" (not with another figure's name, which printGoals finds by prefix) */
export const SCALE_INTAKE = 'two processes: contact intake throughput';
export const SCALE_SEARCH = 'two processes: catalogue search throughput';
export const SCALE_CPU_INTAKE = 'two processes: CPUs busy during contact intake';
export const SCALE_CPU_SEARCH = 'two processes: CPUs busy during catalogue search';

/** The goal: two processes ≥ 1.6 × one. */
export const SCALE_GOAL = 1.6;

/** What the goal prints besides the figures: where the CPU went. */
export const scaleOutNotes: string[] = [];

/** intake as in figure 1 (200), split over two generators; search at 20 (two × 10) */
const INTAKE_CONNECTIONS = Number(process.env.BENCH_SCALE_INTAKE_CONNECTIONS ?? 200);
const SEARCH_CONNECTIONS = Number(process.env.BENCH_SCALE_SEARCH_CONNECTIONS ?? sized(20, 10));

// ---------------------------------------------------------------------- processes

interface AppProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  url: string;
  pid: number;
}

async function startAppProcess(databaseUrl: string): Promise<AppProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./app-process.ts', import.meta.url)), databaseUrl],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    let out = '';
    const timeout = setTimeout(() => reject(new Error('the app process was not ready in 120 s')), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timeout);
        resolve(JSON.parse(line) as { port: number; pid: number });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timeout);
      reject(new Error(`the app process exited with ${code} before it was ready`));
    });
  });
  return { child, exited, url: `http://127.0.0.1:${ready.port}`, pid: ready.pid };
}

async function stopAppProcess(app: AppProcess) {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const timeout = setTimeout(() => app.child.kill('SIGKILL'), 15_000);
  await app.exited;
  clearTimeout(timeout);
}

// ---------------------------------------------------------------------- CPU from /proc

const TICKS_PER_SECOND = 100;

/** A process's CPU time so far, ms (utime + stime of /proc/<pid>/stat); null when it is gone. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The machine's CPU time so far, ms: busy (all but idle and iowait) and in all. */
function machineCpuMs(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const n = line.trim().split(/\s+/).slice(1).map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

interface CpuSplit {
  seconds: number;
  /** CPUs busy on average (CPU-seconds a second): the application processes, PostgreSQL's backends, the generators, the rest of the machine */
  app: number;
  postgres: number;
  load: number;
  other: number;
  idle: number;
}

/**
 * Runs `during` while counting CPU: the app processes by pid, the bench database's backends
 * (their pids read every 500 ms; a backend's CPU counts from when it is first seen), the
 * machine. The generators' CPU comes from their results.
 */
async function withCpu(
  databaseUrl: string,
  appPids: number[],
  during: () => Promise<LoadResult[]>,
): Promise<{ results: LoadResult[]; cpu: CpuSplit | null }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const backends = new Map<number, { first: number; last: number }>();
  const sampleBackends = async () => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms === null) continue;
      const seen = backends.get(pid);
      if (seen) seen.last = ms;
      else backends.set(pid, { first: ms, last: ms });
    }
  };
  try {
    await sampleBackends();
    const appStart = appPids.map((pid) => processCpuMs(pid) ?? 0);
    const machineStart = machineCpuMs();
    const started = performance.now();
    let running = true;
    const sampler = (async () => {
      while (running) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (running) await sampleBackends();
      }
    })();
    const results = await during();
    running = false;
    await sampler;
    await sampleBackends();
    const seconds = (performance.now() - started) / 1000;
    const machineEnd = machineCpuMs();
    const app = appPids.reduce((sum, pid, i) => sum + ((processCpuMs(pid) ?? 0) - (appStart[i] ?? 0)), 0);
    const postgres = [...backends.values()].reduce((sum, b) => sum + b.last - b.first, 0);
    const load = results.reduce((sum, r) => sum + r.cpuMs, 0);
    if (!machineStart || !machineEnd || appStart.some((ms) => ms === 0)) return { results, cpu: null };
    const busy = machineEnd.busy - machineStart.busy;
    const total = machineEnd.total - machineStart.total;
    const perSecond = (ms: number) => ms / 1000 / seconds;
    return {
      results,
      cpu: {
        seconds,
        app: perSecond(app),
        postgres: perSecond(postgres),
        load: perSecond(load),
        other: Math.max(0, perSecond(busy - app - postgres - load)),
        // /proc/stat counts in all CPUs: total / seconds is the machine's number of CPUs
        idle: perSecond(total - busy),
      },
    };
  } finally {
    await client.end();
  }
}

const showCpu = (c: CpuSplit | null) =>
  c
    ? `CPUs busy: app ${c.app.toFixed(2)}, PostgreSQL backends ${c.postgres.toFixed(2)}, load generators ` +
      `${c.load.toFixed(2)}, the rest of the machine ${c.other.toFixed(2)}; idle ${c.idle.toFixed(2)} of ${cpus().length}`
    : 'CPU not counted (no /proc)';

// ---------------------------------------------------------------------- the figures

interface Case {
  throughput: number;
  failed: number;
  cpu: CpuSplit | null;
}

/** Two generators at once, each with half the connections, at `targets[0]` and `targets[1]`. */
async function loadBoth(
  databaseUrl: string,
  apps: AppProcess[],
  targets: [string, string],
  plan: Omit<LoadPlan, 'url' | 'connections' | 'seconds'>,
  connections: number,
): Promise<Case> {
  const half = Math.max(1, Math.round(connections / 2));
  const run = (seconds: number) =>
    Promise.all(targets.map((url) => runLoad({ ...plan, url, connections: half, seconds })));
  await run(WARMUP_SECONDS);
  const { results, cpu } = await withCpu(
    databaseUrl,
    apps.map((a) => a.pid),
    () => run(SECONDS),
  );
  return {
    throughput: results.reduce((sum, r) => sum + r.throughput, 0),
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    cpu,
  };
}

/**
 * The figures of two processes: intake and search, each with one process then two (the
 * baseline of a figure is the one process, measured just before in the same run).
 */
export async function benchScaleOut(bench: BenchDatabase, queries: string[]): Promise<Figure[]> {
  const databaseUrl = bench.url;
  if (!databaseUrl) throw new Error('two processes need PostgreSQL');
  const spec = await bodySpec(bench, await regionsByMunicipality(bench));
  const started = performance.now();
  const apps = await Promise.all([startAppProcess(databaseUrl), startAppProcess(databaseUrl)]);
  const [a, b] = apps as [AppProcess, AppProcess];
  log(`  two app processes ready in ${Math.round(performance.now() - started)} ms (${a.url}, ${b.url})`);
  try {
    const intake = {
      paths: ['/api/contacts'],
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      contacts: spec,
    };
    const search = {
      paths: queries.map((q) => `/fi/services?q=${encodeURIComponent(q)}`),
      headers: { accept: 'text/html', 'accept-language': 'fi' },
    };
    const figures: Figure[] = [];
    for (const [what, plan, connections, name, cpuName] of [
      ['contact intake', intake, INTAKE_CONNECTIONS, SCALE_INTAKE, SCALE_CPU_INTAKE],
      ['catalogue search', search, SEARCH_CONNECTIONS, SCALE_SEARCH, SCALE_CPU_SEARCH],
    ] as const) {
      const one = await loadBoth(databaseUrl, [a], [a.url, a.url], plan, connections);
      log(
        `  ${what}, one process, ${connections} connections: ${one.throughput.toFixed(0)} req/s` +
          `${one.failed ? `, ${one.failed} failed` : ''}; ${showCpu(one.cpu)}`,
      );
      const two = await loadBoth(databaseUrl, [a, b], [a.url, b.url], plan, connections);
      log(
        `  ${what}, two processes, ${connections} connections: ${two.throughput.toFixed(0)} req/s ` +
          `(${(two.throughput / Math.max(1, one.throughput)).toFixed(2)} ×)` +
          `${two.failed ? `, ${two.failed} failed` : ''}; ${showCpu(two.cpu)}`,
      );
      figures.push(figure(name, 'postgres', two.throughput, 'req/s', one.throughput));
      const busy = (c: CpuSplit | null) => (c ? c.app + c.postgres + c.load + c.other : null);
      figures.push(figure(cpuName, 'postgres', busy(two.cpu), 'CPUs', busy(one.cpu)));
      if (one.cpu && two.cpu) {
        const ms = (cpu: number, throughput: number) => ((cpu * 1000) / Math.max(1, throughput)).toFixed(2);
        scaleOutNotes.push(
          `  ${what}: CPU ms per request, one process → two: app ${ms(one.cpu.app, one.throughput)} → ` +
            `${ms(two.cpu.app, two.throughput)}, PostgreSQL ${ms(one.cpu.postgres, one.throughput)} → ` +
            `${ms(two.cpu.postgres, two.throughput)}, load generators ${ms(one.cpu.load, one.throughput)} → ` +
            `${ms(two.cpu.load, two.throughput)}; idle CPUs ${one.cpu.idle.toFixed(2)} → ${two.cpu.idle.toFixed(2)} ` +
            `of ${cpus().length}, other work on the machine ${one.cpu.other.toFixed(2)} → ${two.cpu.other.toFixed(2)}`,
        );
      }
    }
    return figures;
  } finally {
    await Promise.all(apps.map(stopAppProcess));
  }
}
