import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, openDatabase } from '../src/platform/db/index.ts';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CHILD = join(ROOT, 'test/data-dir-lock-child.ts');

interface Opener {
  tag: string;
  child: ChildProcess;
  lines: string[];
  stderr: string;
  exited: Promise<number | null>;
  /** resolves when the child has printed a line that passes the test */
  waitFor(test: (line: string) => boolean): Promise<string>;
}

function startOpener(dataDir: string, tag: string): Opener {
  const child = spawn(TSX, [CHILD, dataDir, tag], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const watchers: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let out = '';
  const opener: Opener = {
    tag,
    child,
    lines,
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    waitFor(test) {
      const seen = lines.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => watchers.push({ test, resolve }));
    },
  };
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out += chunk;
    for (let i = out.indexOf('\n'); i >= 0; i = out.indexOf('\n')) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      lines.push(line);
      for (const w of watchers.filter((w) => w.test(line))) w.resolve(line);
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    opener.stderr += chunk;
  });
  return opener;
}

describe('the embedded database lock', () => {
  it('refuses a second opener in the same process while the first has the folder open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-lock-'));
    try {
      const first = await openDatabase({ engine: 'pglite', dataDir: dir });
      try {
        await expect(openDatabase({ engine: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(
          DataDirLockedError,
        );
        await expect(openDatabase({ engine: 'pglite', dataDir: dir })).rejects.toThrow(
          new RegExp(`pid ${process.pid}\\b`),
        );
      } finally {
        await first.close();
      }
      const again = await openDatabase({ engine: 'pglite', dataDir: dir });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with a stale lock file, of 10 processes opening one DATA_DIR at once exactly one wins, the others are refused, and no acknowledged row is lost', {
    timeout: 180_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-lock-race-'));
    const openers: Opener[] = [];
    try {
      // what a kill -9 leaves behind: a lock file naming a process that no longer runs
      writeFileSync(join(dir, 'pglite.lock'), '999999');
      for (let i = 0; i < 10; i++) openers.push(startOpener(dir, `p${i}`));
      await Promise.all(openers.map((o) => o.waitFor((l) => l === 'ready')));
      for (const o of openers) o.child.stdin?.write('go\n');
      // every process either holds the database (and has written its rows) or was refused
      const outcomes = await Promise.all(
        openers.map((o) =>
          Promise.race([
            o.waitFor((l) => l === 'holding 200').then(() => 'holding' as const),
            o.exited.then((code) => (code === 3 ? ('locked' as const) : (`exit ${code}` as const))),
          ]),
        ),
      );
      const winners = openers.filter((_, i) => outcomes[i] === 'holding');
      const refused = openers.filter((_, i) => outcomes[i] === 'locked');
      for (const w of winners) w.child.stdin?.write('release\n');
      const codes = await Promise.all(winners.map((w) => w.exited));
      expect(codes.every((c) => c === 0)).toBe(true);
      expect(outcomes.filter((o) => o !== 'holding' && o !== 'locked')).toEqual([]);
      expect(winners).toHaveLength(1);
      expect(refused).toHaveLength(9);
      for (const r of refused) {
        expect(r.stderr).toMatch(/is in use by another process \(pid \d+\)\. Stop that process first/);
      }
      // every row a process was told was written is there after all have closed
      const database = await openDatabase({ engine: 'pglite', dataDir: dir });
      try {
        const rows = await sql<{ tag: string; count: number }>`
          SELECT tag, count(*)::int AS count FROM probe GROUP BY tag ORDER BY tag`.execute(database.db);
        expect(rows.rows).toEqual(winners.map((w) => ({ tag: w.tag, count: 200 })));
      } finally {
        await database.close();
      }
    } finally {
      for (const o of openers) if (o.child.exitCode === null) o.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
