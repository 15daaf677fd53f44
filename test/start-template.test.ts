// Issue 15, cold start (decision 0019): `npm start` on a new DATA_DIR starts from the demo
// template made at `npm install`, which must hold exactly what migrating and seeding gives, and is
// used only while its key (code, migrations, seed data, packages, analyser) matches.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDatabase, writeDemoTemplate } from '../src/bootstrap.ts';
import { analyserVersion } from '../src/features/catalogue/lemmas.ts';
import { type Database, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import {
  demoTemplateKey,
  demoTemplatePath,
  readDemoTemplate,
  readPgliteTemplate,
} from '../src/platform/db/pglite-template.ts';
import { tarEntries } from '../src/platform/db/tar-entries.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const quiet = pino({ level: 'silent' });
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

describe("the demo template's key", () => {
  it('changes with the code, the migrations, the seed data, the packages and the analyser; not with a test', () => {
    const root = tempDir('pv-key-');
    const files = {
      'src/features/x.ts': 'export const x = 1;',
      'src/features/x.test.ts': 'test',
      'migrations/0001_init.sql': 'CREATE TABLE t (id int);',
      'data/seed/region.json': '{}',
      'package-lock.json': '{}',
    };
    const write = (file: string, text: string) => {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    for (const [file, text] of Object.entries(files)) write(file, text);
    const key = demoTemplateKey('voikko', root);
    expect(demoTemplateKey('voikko', root)).toBe(key);
    expect(demoTemplateKey('snowball', root)).not.toBe(key);
    write('src/features/x.test.ts', 'another test');
    expect(demoTemplateKey('voikko', root)).toBe(key);
    for (const file of [
      'src/features/x.ts',
      'migrations/0001_init.sql',
      'data/seed/region.json',
      'package-lock.json',
    ]) {
      write(file, `${files[file as keyof typeof files]} `);
      expect(demoTemplateKey('voikko', root), file).not.toBe(key);
      write(file, files[file as keyof typeof files]);
      expect(demoTemplateKey('voikko', root)).toBe(key);
    }
    write('migrations/0002_more.sql', 'SELECT 1;');
    expect(demoTemplateKey('voikko', root)).not.toBe(key);
  });
});

/** Each table's rows as one digest, leaving out the times of day a row was written at. */
async function contents(database: Database): Promise<Record<string, string>> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      AND c.data_type NOT LIKE 'timestamp%'
      -- random at creation, and made again for each DATA_DIR started from the template (below)
      AND NOT (c.table_name = 'app_secret' AND c.column_name = 'value')
    ORDER BY c.table_name, c.ordinal_position`.execute(database.db);
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns.rows)
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  const result: Record<string, string> = {};
  for (const [table, names] of byTable) {
    const list = names.map((n) => `"${n}"`).join(', ');
    const row = await sql<{ rows: number; digest: string }>`
      SELECT count(*)::int AS rows, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest
      FROM (SELECT ${sql.raw(list)} FROM ${sql.table(table)}) r`.execute(database.db);
    result[table] = `${row.rows[0]?.rows} rows, ${row.rows[0]?.digest}`;
  }
  return result;
}

describe('the demo template', () => {
  it('holds what migrating and preparing a new demo database gives, row for row', async () => {
    await writeDemoTemplate(quiet);
    const template = readDemoTemplate(demoTemplateKey(analyserVersion()));
    expect(template).toBeDefined();
    // the spare WAL segments PostgreSQL keeps for reuse are left out (16 MB each): here one is enough
    const segments = tarEntries(Buffer.from(await (template as Blob).arrayBuffer())).filter((e) =>
      /pg_wal\/[0-9A-F]{24}$/.test(e.name),
    );
    expect(segments.length).toBeGreaterThanOrEqual(1);
    expect(segments.length).toBeLessThanOrEqual(2);
    const fromTemplate = await openDatabase({
      engine: 'pglite',
      dataDir: null,
      loadDataDir: template as Blob,
    });
    const empty = readPgliteTemplate();
    const prepared = await openDatabase({
      engine: 'pglite',
      dataDir: null,
      ...(empty ? { loadDataDir: empty } : {}),
    });
    try {
      // nothing left to migrate in the template
      expect(await migrate(fromTemplate)).toEqual([]);
      await migrate(prepared);
      await prepareDatabase(prepared, { seedDemo: true, demoMode: true }, quiet);
      const expected = await contents(prepared);
      expect(Number.parseInt(expected.service ?? '0', 10)).toBeGreaterThan(0);
      expect(await contents(fromTemplate)).toEqual(expected);
    } finally {
      await fromTemplate.close();
      await prepared.close();
    }
  }, 300_000);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** `npm start`'s own command (package.json), until /health/ready; its log, then SIGTERM. */
async function startOnce(dataDir: string): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += String(d);
  });
  child.stderr.on('data', (d) => {
    output += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
      if (i > 1200) throw new Error('not ready in 120 s');
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ready) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const page = await fetch(`http://127.0.0.1:${port}/fi/services?q=perhekeskus`);
    expect(page.status).toBe(200);
    output += await page.text();
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
  return output;
}

describe('a new DATA_DIR unpacked from a template', () => {
  it('holds the demo after unpacking, and a damaged template leaves no folder that looks like a cluster', async () => {
    const template = demoTemplatePath(demoTemplateKey(analyserVersion()));
    expect(template, 'the demo template made at npm install').toBeDefined();
    const damaged = join(tempDir('pv-damaged-'), 'damaged.tar.gz');
    const whole = readFileSync(template as string);
    writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length / 2)));
    const dataDir = tempDir('pv-unpack-');
    await expect(openDatabase({ engine: 'pglite', dataDir, templateFile: damaged })).rejects.toThrow();
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(false);
    // the same folder again, from the good template: the half-unpacked files are gone
    const database = await openDatabase({ engine: 'pglite', dataDir, templateFile: template as string });
    try {
      const services = await sql<{ n: number }>`SELECT count(*)::int AS n FROM service`.execute(database.db);
      expect(services.rows[0]?.n).toBeGreaterThan(80);
    } finally {
      await database.close();
    }
    expect(existsSync(join(dataDir, 'pglite.partial'))).toBe(false);
  });
});

describe('npm start on a new DATA_DIR', () => {
  it('starts from the demo template without migrating or seeding, then restarts on the same folder', async () => {
    await writeDemoTemplate(quiet);
    const dataDir = tempDir('pv-template-start-');
    const first = await startOnce(dataDir);
    expect(first).toContain('demo region loaded from the template made at npm install');
    expect(first).not.toContain('demo region seeded');
    expect(first).toContain('"ready_ms":');
    // the seeded catalogue answers the search
    expect(first).toContain('Perhekeskuksen ohjaus ja neuvonta');
    // the folder now holds a database: the template is not loaded again, and nothing is seeded
    const second = await startOnce(dataDir);
    expect(second).not.toContain('loaded from the template');
    expect(second).not.toContain('demo region seeded');
    expect(second).toContain('Perhekeskuksen ohjaus ja neuvonta');
    // each DATA_DIR has secrets of its own, not the template's
    const secrets = async (database: Database) => {
      try {
        return await database.db.selectFrom('app_secret').select(['name', 'value']).orderBy('name').execute();
      } finally {
        await database.close();
      }
    };
    const template = readDemoTemplate(demoTemplateKey(analyserVersion())) as Blob;
    const ours = await secrets(await openDatabase({ engine: 'pglite', dataDir }));
    const theirs = await secrets(
      await openDatabase({ engine: 'pglite', dataDir: null, loadDataDir: template }),
    );
    expect(ours.map((s) => s.name)).toEqual(theirs.map((s) => s.name));
    expect(ours.length).toBeGreaterThan(0);
    for (const [i, secret] of ours.entries()) {
      expect(secret.value).toMatch(/^[0-9a-f]{64}$/);
      expect(secret.value).not.toBe(theirs[i]?.value);
    }
  }, 300_000);
});
