import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../../src/bootstrap.ts';
import { runCli } from '../../src/cli.ts';
import {
  importPopulation,
  latestPopulation,
  PopulationFileError,
  regionIdByCode,
} from '../../src/features/population/index.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { ENGINES, freshDatabaseEnv } from '../databases.ts';
import { browserFormBody, formByQa } from '../form-data.ts';

/** A StatFin 11re long-layout export for Kuopio: total 100 + age, so ages 0–17 make 1,953. */
function statfin(year: number, area = 'KU297 Kuopio') {
  const lines = [
    '"Väestö 31.12. muuttujina Alue, Vuosi, Sukupuoli, Ikä ja Tiedot"',
    '',
    '"Alue";"Vuosi";"Sukupuoli";"Ikä";"Väestö 31.12."',
  ];
  for (const a of ['KOKO MAA', area])
    for (let age = 0; age <= 20; age++) lines.push(`"${a}";"${year}";"Yhteensä";"${age}";${100 + age}`);
  return lines.join('\r\n');
}

describe.each(ENGINES)('the child population on %s', (engine) => {
  let t: TestApp;
  let region: string;
  const cookies: Record<string, string> = {};
  const db = () => t.database.db;

  const rows = async () =>
    (
      await db()
        .selectFrom('population')
        .select(['municipality_code', 'year', 'children', 'source', 'imported_by'])
        .orderBy('year')
        .orderBy('municipality_code')
        .execute()
    ).map((r) => ({ ...r }));

  const signIn = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode, username).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };
  const page = (who: string, url: string) =>
    t.app.inject({
      url,
      headers: { ...(cookies[who] ? { cookie: cookies[who] } : {}), accept: 'text/html' },
    });
  async function post(who: string, url: string, body: URLSearchParams) {
    const form = await page(who, '/fi/staff');
    const csrfCookie = [form.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('_csrf='));
    body.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '');
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: [cookies[who], csrfCookie?.split(';')[0]].filter(Boolean).join('; '),
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  }

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    region = (await regionIdByCode(db(), 'pohjois-savo')) as string;
    for (const u of ['yllapitaja', 'esihenkilo', 'kunta', 'neuvoja']) cookies[u] = await signIn(u);
  });
  afterAll(async () => t?.close());

  it('the demo region starts with an estimate, labelled as one', async () => {
    const stored = await rows();
    expect(stored).toHaveLength(19);
    expect(new Set(stored.map((r) => r.source))).toEqual(new Set(['estimate']));
    const latest = await latestPopulation(db(), region);
    expect(latest?.year).toBe(2025);
    expect(latest?.source).toBe('estimate');
    expect(latest?.children.get('297')).toBe(Math.round(126_572 * 0.18));
    expect(latest?.missing).toEqual([]);
    // the other demo region has none
    expect(await latestPopulation(db(), stableUuid('region', 'pirkanmaa'))).toBeNull();
  });

  it('refuses every bad file with its code, and saves nothing of it', async () => {
    const before = await rows();
    const bad: [string, string][] = [
      ['kunta;vuosi;lapset_0_17\n297;2026;100\nKuopo;2026;1\n', 'population.unknown_municipality'],
      ['kunta;vuosi;lapset_0_17\n297;2026;100\n749;2026;-1\n', 'population.negative_count'],
      ['kunta;vuosi;lapset_0_17\n297;2026;100\n749;2026;n/a\n', 'population.not_a_number'],
      ['kunta;lapset_0_17\n297;100\n', 'population.missing_column'],
      ['', 'population.empty_file'],
      ['kunta;vuosi;lapset_0_17\n297;2026;100\nTampere;2026;1\n', 'population.other_region'],
    ];
    for (const [file, code] of bad) {
      const error = await importPopulation(db(), file, { regionId: region, importedBy: 'test' }).catch(
        (e: unknown) => e,
      );
      expect(error, code).toBeInstanceOf(PopulationFileError);
      expect((error as PopulationFileError).problems.map((p) => p.code)).toContain(code);
    }
    expect(await rows()).toEqual(before);
  });

  it('a re-import of a year replaces its figures, and says which', async () => {
    const first = await importPopulation(db(), 'kunta;vuosi;lapset_0_17\n297;2025;22000\n749;2025;3843\n', {
      regionId: region,
      importedBy: 'Ylermi',
    });
    expect(first).toMatchObject({ form: 'plain_csv', created: 0, replaced: 2, unchanged: 0, years: [2025] });
    expect(first.rows[0]).toMatchObject({ code: '297', previous: 22_783, previousSource: 'estimate' });
    const again = await importPopulation(db(), 'kunta;vuosi;lapset_0_17\n297;2025;22000\n', {
      regionId: region,
      importedBy: 'Ylermi',
    });
    expect(again).toMatchObject({ created: 0, replaced: 0, unchanged: 1 });
    const stored = await rows();
    expect(stored.find((r) => r.municipality_code === '297')).toMatchObject({
      children: 22_000,
      source: 'plain_csv',
      imported_by: 'Ylermi',
    });
    // the year's other figures are still estimates: the figure is labelled by its weakest source
    expect((await latestPopulation(db(), region))?.source).toBe('estimate');
  });

  it('the administrator previews an 11re file, confirms, and sees it saved', async () => {
    const start = await page('yllapitaja', '/fi/staff/population');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('arvio');
    const before = await rows();

    const preview = await post(
      'yllapitaja',
      '/fi/staff/population/preview',
      new URLSearchParams({ csv: statfin(2026) }),
    );
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('data-qa="population-preview-table"');
    expect(preview.body).toContain('Kuopio (297)');
    expect(preview.body).toContain('rivi 4: KOKO MAA');
    expect(await rows()).toEqual(before);

    const confirm = await post(
      'yllapitaja',
      '/fi/staff/population',
      browserFormBody(preview.body, formByQa('population-confirm-form')),
    );
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('data-qa="population-saved"');
    const saved = (await rows()).find((r) => r.year === 2026);
    expect(saved).toMatchObject({ municipality_code: '297', children: 1953, source: 'statfin_11re' });
    expect((await latestPopulation(db(), region))?.year).toBe(2026);
  });

  it('the source saved is the form the file was read in: a tampered confirm cannot call a plain CSV official', async () => {
    const plain = 'kunta;vuosi;lapset_0_17\n297;2027;21000\n';
    const confirm = await post(
      'yllapitaja',
      '/fi/staff/population',
      new URLSearchParams({ csv: plain, rows: plain, source: 'statfin_11re' }),
    );
    expect(confirm.statusCode).toBe(200);
    const saved = (await rows()).find((r) => r.year === 2027);
    expect(saved).toMatchObject({ municipality_code: '297', children: 21000, source: 'plain_csv' });
  });

  it('a refused file comes back with every problem by line, the text kept and nothing saved', async () => {
    const before = await rows();
    const csv = 'kunta;vuosi;lapset_0_17\nKuopo;2027;1\nTampere;2027;2\n';
    const res = await post('yllapitaja', '/en/staff/population/preview', new URLSearchParams({ csv }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('data-qa="population-problems"');
    expect(res.body).toContain('Line 2: Unknown municipality: Kuopo.');
    expect(res.body).toContain(
      'Line 3: The municipality 837 Tampere belongs to another wellbeing services county',
    );
    expect(res.body).toContain('Kuopo;2027;1');
    const empty = await post('yllapitaja', '/sv/staff/population/preview', new URLSearchParams({ csv: ' ' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Klistra in CSV-filens innehåll.');
    expect(await rows()).toEqual(before);
  });

  it('is the administrators’ only: a manager, a contact person and a counsellor get 404', async () => {
    for (const who of ['esihenkilo', 'kunta', 'neuvoja']) {
      expect((await page(who, '/fi/staff/population')).statusCode, who).toBe(404);
      const res = await post(
        who,
        '/fi/staff/population',
        new URLSearchParams({ rows: 'kunta;vuosi;lapset_0_17\n297;2025;1' }),
      );
      expect(res.statusCode, who).toBe(404);
    }
    expect((await page('yllapitaja', '/fi/staff')).body).toContain('data-qa="nav-population"');
    expect((await page('esihenkilo', '/fi/staff')).body).not.toContain('data-qa="nav-population"');
  });
});

describe.each(ENGINES)('npm run cli -- import population on %s', (engine) => {
  const work = mkdtempSync(join(tmpdir(), 'perheverkko-population-'));
  let database: Awaited<ReturnType<typeof freshDatabaseEnv>>;
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { ...database.env, LOG_LEVEL: 'silent' },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const stored = async () => {
    const d = await openConfiguredDatabase(loadConfig({ ...database.env, LOG_LEVEL: 'silent' }));
    try {
      return await d.db.selectFrom('population').selectAll().where('year', '=', 2024).execute();
    } finally {
      await d.close();
    }
  };

  beforeAll(async () => {
    database = await freshDatabaseEnv(engine);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports a Latin-1 11re file after a dry run, and refuses a bad one listing each problem', async () => {
    const file = join(work, '11re.csv');
    writeFileSync(file, Buffer.from(statfin(2024, 'Kuopio'), 'latin1'));
    const dry = await cli('import', 'population', file, '--dry-run', '--region', 'pohjois-savo');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('dry run, nothing saved');
    expect(dry.out).toContain('297 Kuopio 2024: 1953 new');
    expect(dry.err).toContain('skipped line 4: KOKO MAA');
    expect(await stored()).toEqual([]);

    const real = await cli('import', 'population', file);
    expect(real.code, real.err).toBe(0);
    expect(real.out).toContain('1 new, 0 replaced, 0 unchanged');
    expect(await stored()).toMatchObject([
      { municipality_code: '297', children: 1953, source: 'statfin_11re' },
    ]);

    const bad = join(work, 'bad.csv');
    writeFileSync(bad, 'kunta;vuosi;lapset_0_17\n749;2024;-3\nKuopo;2024;1\n');
    const refused = await cli('import', 'population', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Line 2: A count cannot be negative: -3.');
    expect(refused.err).toContain('Line 3: Unknown municipality: Kuopo.');
    expect(await stored()).toHaveLength(1);

    expect((await cli('import', 'network', file, '--dry-run')).code).toBe(1);
  });
});
