import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../src/bootstrap.ts';
import { runCli } from '../src/cli.ts';
import { HSDS_FILE_NAMES, HSDS_FILES } from '../src/features/catalogue/hsds.ts';
import { validateHsds } from '../src/features/catalogue/hsds-validator.ts';
import { readServiceRecords } from '../src/features/catalogue/queries.ts';
import { canonical, normalizeService } from '../src/features/catalogue/records.ts';
import { loadConfig } from '../src/platform/config.ts';
import { MIGRATIONS_DIR } from '../src/platform/db/migrate.ts';
import { ENGINES, freshDatabaseEnv } from './databases.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** One CLI command in this process, with its exit code, stdout and stderr. */
async function cli(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { ...env, LOG_LEVEL: 'silent' },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Opens the database a CLI command used (after the command has closed it). */
async function withDatabase<T>(
  env: Record<string, string>,
  use: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>,
) {
  const database = await openConfiguredDatabase(loadConfig(env));
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

const readFolder = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const writeJson = (dir: string, file: string, value: unknown) =>
  writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);

describe.each(ENGINES)('HSDS import and export through the CLI on %s', (engine) => {
  const work = mkdtempSync(join(tmpdir(), 'perheverkko-hsds-'));
  const exported = join(work, 'exported');
  let source: Awaited<ReturnType<typeof freshDatabaseEnv>>;
  let target: Awaited<ReturnType<typeof freshDatabaseEnv>>;

  beforeAll(async () => {
    [source, target] = await Promise.all([freshDatabaseEnv(engine), freshDatabaseEnv(engine)]);
    const seeded = await cli(source.env, 'seed');
    expect(seeded.code, seeded.err).toBe(0);
    const result = await cli(source.env, 'export', 'hsds', exported);
    expect(result.code, result.err).toBe(0);
  });
  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
    rmSync(work, { recursive: true, force: true });
  });

  it('exports the demo region as HSDS files whose every object follows the standard', () => {
    expect(readdirSync(exported).sort()).toEqual(HSDS_FILE_NAMES.map((n) => `${n}.json`).sort());
    for (const name of HSDS_FILE_NAMES) {
      const rows = readJson(exported, `${name}.json`) as unknown[];
      rows.forEach((row, i) => {
        expect(validateHsds(HSDS_FILES[name], row), `${name}.json /${i}`).toEqual([]);
      });
    }
    expect((readJson(exported, 'services.json') as unknown[]).length).toBeGreaterThan(100);
  });

  it('exports the same bytes again', async () => {
    const again = join(work, 'again');
    expect((await cli(source.env, 'export', 'hsds', again, '--region', 'pohjois-savo')).code).toBe(0);
    expect(readFolder(again)).toEqual(readFolder(exported));
  });

  it('imports into an empty catalogue, and exports back identical files and records', async () => {
    const result = await cli(target.env, 'import', 'hsds', exported);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/services: \d+ created, 0 updated, 0 unchanged/);
    expect(result.err).toMatch(/validating \d+ objects/);
    expect(result.err).toMatch(/writing (\d+)\/\1…/);
    expect(result.err).not.toContain('warning');

    const back = join(work, 'back');
    expect((await cli(target.env, 'export', 'hsds', back)).code).toBe(0);
    expect(readFolder(back)).toEqual(readFolder(exported));

    const records = async (env: Record<string, string>) =>
      withDatabase(env, async ({ db }) =>
        (await readServiceRecords(db)).map((s) => canonical(normalizeService(s))),
      );
    expect(await records(target.env)).toEqual(await records(source.env));
  });

  it('a second import of the same files changes nothing, not even updated_at', async () => {
    const lastChange = () =>
      withDatabase(
        target.env,
        async ({ db }) =>
          (
            await db
              .selectFrom('service')
              .select((eb) => eb.fn.max('updated_at').as('at'))
              .executeTakeFirstOrThrow()
          ).at,
      );
    const before = await lastChange();
    const result = await cli(target.env, 'import', 'hsds', exported);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/organizations: 0 created, 0 updated, \d+ unchanged/);
    expect(result.out).toMatch(/services: 0 created, 0 updated, \d+ unchanged/);
    expect(await lastChange()).toEqual(before);
  });

  it('imports a changed service as one update', async () => {
    const changed = join(work, 'changed');
    cpSync(exported, changed, { recursive: true });
    const services = readJson(changed, 'services.json');
    services[0].name = 'Uusi nimi';
    writeJson(changed, 'services.json', services);
    const result = await cli(target.env, 'import', 'hsds', changed);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/services: 0 created, 1 updated, \d+ unchanged/);
    const restored = await cli(target.env, 'import', 'hsds', exported);
    expect(restored.out).toMatch(/services: 0 created, 1 updated, \d+ unchanged/);
  });

  it('a file against the HSDS schema: names the file and the path, and writes nothing', async () => {
    const bad = join(work, 'bad-schema');
    cpSync(exported, bad, { recursive: true });
    const services = readJson(bad, 'services.json');
    services[0].name = 'Tämä muutos ei saa tallentua';
    services[3].name = 5;
    services[5].status = 'open';
    writeJson(bad, 'services.json', services);
    const result = await cli(target.env, 'import', 'hsds', bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain('services.json: /3/name: must be string');
    expect(result.err).toContain('services.json: /5/status: must be equal to one of the allowed values');
    expect(result.err).toContain('nothing was imported');
    expect(result.err).not.toMatch(/\n\s+at /);
    const names = await withDatabase(target.env, ({ db }) =>
      db
        .selectFrom('service')
        .select('id')
        .where('id', '=', services[0].id)
        .where(({ eb, ref }) => eb(ref('name', '->>').key('fi'), '=', 'Tämä muutos ei saa tallentua'))
        .execute(),
    );
    expect(names).toEqual([]);
  });

  it('files that break our rules: each problem with its file and path, nothing written', async () => {
    const bad = join(work, 'bad-rules');
    cpSync(exported, bad, { recursive: true });
    const addresses = readJson(bad, 'addresses.json');
    addresses[2].region = 'Atlantis';
    writeJson(bad, 'addresses.json', addresses);
    const languages = readJson(bad, 'languages.json');
    languages[0].code = 'xx';
    writeJson(bad, 'languages.json', languages);
    const result = await cli(target.env, 'import', 'hsds', bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain('addresses.json: /2/region: unknown municipality "Atlantis"');
    expect(result.err).toContain('languages.json: /0/code: unknown language code "xx"');
  });

  it('broken JSON: names the file and where it breaks', async () => {
    const bad = join(work, 'bad-json');
    cpSync(exported, bad, { recursive: true });
    writeFileSync(join(bad, 'organizations.json'), '[\n  {"id": "x",\n   "name": }\n]');
    const result = await cli(target.env, 'import', 'hsds', bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain('organizations.json: not valid JSON at line 3, column 12: unexpected "}"');
  });

  it('answers a wrong command, folder or region with a message and exit code 1', async () => {
    expect((await cli(target.env, 'import', exported)).err).toContain('usage: import hsds <folder>');
    expect((await cli(target.env, 'import', 'hsds', join(work, 'nothing-here'))).err).toContain(
      'no such folder',
    );
    const region = await cli(target.env, 'export', 'hsds', join(work, 'x'), '--region', 'lappi');
    expect(region).toMatchObject({ code: 1 });
    expect(region.err).toContain('unknown region "lappi" (known: pirkanmaa, pohjois-savo)');
    const migrated = await cli(target.env, 'migrate');
    expect(migrated).toMatchObject({ code: 0 });
    const latest = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .at(-1);
    expect(migrated.out).toContain(`the latest ${latest}`);
  });
});

describe('the CLI as a process', () => {
  it('exits with 1 and a clear message, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perheverkko-cli-'));
    try {
      writeFileSync(join(dir, 'services.json'), '[{"id": ');
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', 'hsds', dir], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(
        'services.json: not valid JSON at line 1, column 9: the text ends too early',
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
