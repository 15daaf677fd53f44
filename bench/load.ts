/**
 * The load generator, run as its own process by run.ts so that it does not share an event
 * loop with the server it measures. Input: one JSON argument (LoadPlan); output: one JSON
 * line (LoadResult) on stdout.
 */
import autocannon from 'autocannon';

export interface LoadPlan {
  url: string;
  /** request paths, sent in turn on every connection */
  paths: string[];
  connections: number;
  seconds: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  /** 2xx responses */
  ok: number;
  /** non-2xx answers, connection errors and timeouts (autocannon's 10 s) */
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
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: plan.seconds,
        headers: plan.headers,
        requests: plan.paths.map((path) => ({ method: 'GET', path })),
      },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
        );
        resolve({
          ok: latencies.length,
          failed: result.non2xx + result.errors + result.timeouts,
          failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
          statusCodes,
          seconds: result.duration,
          throughput: latencies.length / result.duration,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
process.stdout.write(`${JSON.stringify(await runLoad(plan))}\n`);
