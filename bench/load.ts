/**
 * The load generator, run as its own process by the bench so that it does not share an event
 * loop with the server it measures. Input: one JSON argument (LoadPlan); output: one JSON
 * line (LoadResult) on stdout.
 *
 * Closed loop (autocannon): `connections` connections, each sending its next request as soon
 * as the previous one is answered (latency there is mostly connections ÷ throughput). Open
 * loop (`rate`): requests are sent on a schedule fixed in advance (Poisson arrivals at that
 * mean rate from a seeded generator, the same for the application and its baseline) whether or
 * not earlier ones were answered, over at most `connections` keep-alive connections; a
 * request's latency counts from the moment it was due, not from when it could be sent, so a
 * slow server (or a generator that fell behind, or waiting for a free socket) is not hidden
 * (no coordinated omission). Both report the generator's own CPU time.
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { type ContactBodySpec, contactBody } from './contact-bodies.ts';

export interface LoadPlan {
  url: string;
  /** request paths, sent in turn on every connection */
  paths: string[];
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** POST a new contact (a new idempotency key) to paths[0] with every request */
  contacts?: ContactBodySpec;
  /** open loop: requests per second; absent: closed loop */
  rate?: number;
  /**
   * open loop: the seed of the arrival schedule (default 1), so that the application and its
   * baseline get the very same schedule at the same rate
   */
  seed?: number;
}

export interface LoadResult {
  /** 2xx responses */
  ok: number;
  /** non-2xx answers, connection errors and timeouts (10 s) */
  failed: number;
  failures: { non2xx: number; errors: number; timeouts: number };
  statusCodes: Record<string, number>;
  seconds: number;
  /** 2xx responses per second */
  throughput: number;
  /** latency of 2xx responses in ms */
  p50: number;
  p95: number;
  p99: number;
  /** CPU time the load generator itself used, ms (user + system): what the load costs the machine */
  cpuMs: number;
}

/** the CPU used from here on: the load, not the start of the process (tsx, imports) */
const cpuAtStart = process.cpuUsage();
const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

function result(
  latencies: number[],
  seconds: number,
  statusCodes: Record<string, number>,
  failures: LoadResult['failures'],
): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    ok: latencies.length,
    failed: failures.non2xx + failures.errors + failures.timeouts,
    failures,
    statusCodes,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpuMs: cpuSince(cpuAtStart),
  };
}

let sent = 0;
const nextBody = (spec: ContactBodySpec) =>
  JSON.stringify(contactBody(spec, process.pid * 1_000_000 + sent++));

function runClosedLoop(plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  const { contacts } = plan;
  const requests = contacts
    ? [
        {
          method: 'POST',
          path: plan.paths[0] ?? '/',
          setupRequest: (req: autocannon.Request) => ({ ...req, body: nextBody(contacts) }),
        },
      ]
    : plan.paths.map((path) => ({ method: 'GET', path }));
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: plan.seconds,
        headers: plan.headers,
        requests,
      },
      (error, r) => {
        if (error) return reject(error);
        const statusCodes = Object.fromEntries(
          Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, count]),
        );
        resolve(
          result(latencies, r.duration, statusCodes, {
            non2xx: r.non2xx,
            errors: r.errors,
            timeouts: r.timeouts,
          }),
        );
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

async function runOpenLoop(plan: LoadPlan, rate: number): Promise<LoadResult> {
  const url = new URL(plan.url);
  const agent = new Agent({ keepAlive: true, maxSockets: plan.connections });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const failures = { non2xx: 0, errors: 0, timeouts: 0 };
  const inFlight = new Set<Promise<void>>();
  let pathIndex = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const path = plan.paths[pathIndex++ % plan.paths.length] ?? '/';
      const body = plan.contacts ? nextBody(plan.contacts) : undefined;
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path,
          method: body === undefined ? 'GET' : 'POST',
          headers:
            body === undefined
              ? plan.headers
              : { ...plan.headers, 'content-length': Buffer.byteLength(body) },
          timeout: 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) latencies.push(performance.now() - due);
            else failures.non2xx++;
            resolve();
          });
        },
      );
      let timedOut = false;
      req.on('timeout', () => {
        timedOut = true;
        failures.timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        if (!timedOut) failures.errors++;
        resolve();
      });
      req.end(body);
    });
  // the schedule is fixed before the first answer: exponential gaps (Poisson arrivals) from a
  // seeded generator (mulberry32), the same for every run with the same seed and rate
  let state = (plan.seed ?? 1) >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const started = performance.now();
  const end = started + plan.seconds * 1000;
  let due = started;
  while (due < end) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p = send(due);
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
    due += (-Math.log(1 - random()) * 1000) / rate;
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result(latencies, (performance.now() - started) / 1000, statusCodes, failures);
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
const measured = plan.rate ? await runOpenLoop(plan, plan.rate) : await runClosedLoop(plan);
process.stdout.write(`${JSON.stringify(measured)}\n`);
