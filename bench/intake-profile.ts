/**
 * Where a contact's intake spends its time, statement by statement (issue 15, "What limits
 * intake" of docs/bench.md): the bench's application built once more on the same database
 * with a Kysely plugin that times every statement it sends (the rate limit's counter, the
 * policy's facts, the inserts, NOTIFY, the access log; BEGIN and COMMIT are not seen by
 * plugins and are in the rest), then `requests` POST /api/contacts one after another from
 * this process. Prints statements per contact and milliseconds per contact for each, and the
 * rest (HTTP, validation, JavaScript, BEGIN/COMMIT and the commit's WAL flush).
 */
import type { KyselyPlugin, QueryId } from 'kysely';
import type { Engine } from '../src/platform/db/index.ts';
import { buildBenchApp } from './app.ts';
import { type BenchDatabase, listen, log } from './common.ts';
import { labelOf } from './consent.ts';
import { type ContactBodySpec, contactBody } from './contact-bodies.ts';

const UNTIMED = 'SQL text made once (CompiledQuery; its time is in the rest)';

export interface IntakeProfile {
  /** ms a contact, at one connection, as the client sees it */
  total: number;
  statements: number;
  /** ms a contact in the statements the plugin saw */
  inStatements: number;
  rows: { label: string; perContact: number; ms: number }[];
}

export async function profileIntake(
  bench: BenchDatabase,
  engine: Engine,
  spec: ContactBodySpec,
  requests: number,
): Promise<IntakeProfile> {
  const started = new Map<QueryId, { label: string; at: number }>();
  const spent = new Map<string, { count: number; ms: number }>();
  const timing: KyselyPlugin = {
    transformQuery({ queryId, node }) {
      started.set(queryId, { label: labelOf(node), at: performance.now() });
      return node;
    },
    async transformResult({ queryId, result }) {
      const start = started.get(queryId);
      started.delete(queryId);
      // a statement made once as SQL text (CompiledQuery: the access log's chain head) is
      // never compiled, so the plugin sees only its result: counted, its time is in the rest
      const label = start?.label ?? UNTIMED;
      const entry = spent.get(label) ?? { count: 0, ms: 0 };
      entry.count++;
      if (start) entry.ms += performance.now() - start.at;
      spent.set(label, entry);
      return result;
    },
  };
  const app = await buildBenchApp({ ...bench.database, db: bench.database.db.withPlugin(timing) });
  try {
    const url = `${await listen(app)}/api/contacts`;
    const send = async (n: number) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(contactBody(spec, 20_000_000 + n)),
      });
      await response.text();
      if (response.status !== 201) throw new Error(`POST /api/contacts answered ${response.status}`);
    };
    // a few to warm up (caches, prepared JIT), not counted
    for (let i = 0; i < 10; i++) await send(i);
    spent.clear();
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) await send(10 + i);
    const total = (performance.now() - t0) / requests;
    const rows = [...spent.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([label, e]) => ({ label, perContact: e.count / requests, ms: e.ms / requests }));
    const profile = {
      total,
      statements: rows.reduce((sum, r) => sum + r.perContact, 0),
      inStatements: rows.reduce((sum, r) => sum + r.ms, 0),
      rows,
    };
    log(
      `  ${engine}: intake statement by statement, ${requests} contacts one after another: ${total.toFixed(2)} ms a ` +
        `contact, ${profile.statements.toFixed(1)} statements (${profile.inStatements.toFixed(2)} ms in them; ` +
        'the rest HTTP, validation, BEGIN, COMMIT and its WAL flush)',
    );
    for (const r of rows) log(`    ${r.ms.toFixed(3)} ms  ${r.perContact.toFixed(1)} ×  ${r.label}`);
    return profile;
  } finally {
    await app.close();
  }
}
