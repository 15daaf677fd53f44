import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../src/bootstrap.ts';
import { runCli } from '../src/cli.ts';
import { HSDS_FILES, type HsdsFileName } from '../src/features/catalogue/hsds.ts';
import { flattenHsds, kindOfLegalStatus, parseCrosswalk } from '../src/features/catalogue/hsds-foreign.ts';
import { validateHsds } from '../src/features/catalogue/hsds-validator.ts';
import {
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
} from '../src/features/catalogue/queries.ts';
import { canonical, normalizeService } from '../src/features/catalogue/records.ts';
import { loadConfig } from '../src/platform/config.ts';
import { ENGINES, freshDatabaseEnv } from './databases.ts';

/**
 * A catalogue from another publisher (issue 14, part 3): a fictional network of family NGOs in
 * Pirkanmaa, in the nested API form, with its own taxonomy, translations by its own convention,
 * virtual locations, a location without an organization, free-text legal statuses, areas named
 * by municipality (one outside our reference data), phones with descriptions. See
 * test/fixtures/foreign-hsds/README.md.
 */
const FIXTURE = new URL('./fixtures/foreign-hsds/', import.meta.url).pathname;
const NESTED = join(FIXTURE, 'nested');
const FLAT = join(FIXTURE, 'flat');
const MAP = join(FIXTURE, 'map.csv');
const OPTIONS = ['--crosswalk', MAP, '--translations', 'attribute:kieli'];

async function cli(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { ...env, LOG_LEVEL: 'silent' },
  });
  return { code, out, err: err.join('\n') };
}

async function withDatabase<T>(
  env: Record<string, string>,
  use: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>['db']) => Promise<T>,
) {
  const database = await openConfiguredDatabase(loadConfig(env));
  try {
    return await use(database.db);
  } finally {
    await database.close();
  }
}

/** The catalogue as records, in an order that does not depend on the database. */
const catalogue = (env: Record<string, string>) =>
  withDatabase(env, async (db) => ({
    organizations: (await readOrganizationRecords(db)).map(canonical),
    locations: (await readLocationRecords(db)).map(canonical),
    services: (await readServiceRecords(db)).map((s) => canonical(normalizeService(s))),
  }));

const REPORT = [
  'report (per file: mapped to ours, kept as given, dropped):',
  '  taxonomies (nested in services.json): 0 mapped, 1 kept, 0 dropped',
  '    kept 1: a taxonomy of its own',
  '    repeated 8: the same object again in the nested form, read once',
  '  taxonomy_terms (nested in services.json): 9 mapped, 1 kept, 0 dropped',
  '    mapped 1: the language sv of translations',
  '    mapped 7: a term of their own, mapped to ours by the crosswalk (kept too)',
  '    mapped 1: the language en of translations',
  '    kept 1: a term of their own that services use, not in the crosswalk',
  '    not in the crosswalk: "Vapaaehtoistoiminta" (VAPAAEHTOISTOIMINTA)',
  '    repeated 5: the same object again in the nested form, read once',
  '  organizations (nested in services.json): 4 mapped, 1 kept, 0 dropped',
  '    mapped 1: legal_status "rekisteröity yhdistys" → ngo (the text is kept)',
  '    mapped 1: legal_status "evankelis-luterilainen seurakunta" → parish (the text is kept)',
  '    mapped 1: legal_status "Osakeyhtiö" → company (the text is kept)',
  '    kept 1: legal_status "valtakunnallisen liiton jäsenjärjestö" has no keyword we know: kind ngo (the text is kept)',
  '    mapped 1: legal_status "Kunta" → municipality (the text is kept)',
  '    repeated 1: the same object again in the nested form, read once',
  '  organization_identifiers (nested in services.json): 0 mapped, 0 kept, 1 dropped',
  '    dropped 1: identifier_type "business_id": only fi_municipality_code is stored',
  '    repeated 1: the same object again in the nested form, read once',
  '  locations (nested in services.json): 5 mapped, 0 kept, 0 dropped',
  "    mapped 1: no organization: given its service's organization",
  '    mapped 1: a virtual location: the chat channel of its services',
  '    mapped 1: a virtual location: the video channel of its services',
  '  addresses (nested in services.json): 3 mapped, 0 kept, 1 dropped',
  '    mapped 3: country as FI; the municipality by its city',
  '    dropped 1: a postal address (only the physical one is stored)',
  '  accessibility (nested in services.json): 1 mapped, 0 kept, 0 dropped',
  '  services.json: 6 mapped, 0 kept, 0 dropped',
  '    fields not stored: alternate_name (1), contacts (1)',
  '  service_at_locations (nested in services.json): 5 mapped, 0 kept, 0 dropped',
  "    mapped 1: a virtual location: the service's chat channel",
  "    mapped 1: a virtual location: the service's video channel",
  '  phones (nested in services.json): 3 mapped, 1 kept, 1 dropped',
  "    mapped 1: the organization's phone, its description kept with it",
  "    kept 1: another phone of the organization: kept with its description (the organization's page shows the first)",
  '    dropped 1: a phone of a location (phones of services and organizations are stored)',
  '    repeated 2: the same object again in the nested form, read once',
  '  schedules (nested in services.json): 2 mapped, 0 kept, 0 dropped',
  '    mapped 1: times as HH:MM',
  '  languages (nested in services.json): 2 mapped, 0 kept, 0 dropped',
  '    mapped 1: the language fi by its name or three-letter code',
  '  service_areas (nested in services.json): 9 mapped, 0 kept, 1 dropped',
  '    mapped 7: a municipality by its name',
  '    dropped 1: unknown area "Jämsä" (no municipality or county of that name or code)',
  '    mapped 1: a wellbeing services county by its name',
  '    mapped 1: a municipality by its code',
  '  attributes (nested in services.json): 13 mapped, 1 kept, 0 dropped',
  '    mapped 4: a translation into sv (--translations)',
  '    mapped 8: a term of their own, mapped to ours by the crosswalk (both kept)',
  '    mapped 1: a translation into en (--translations)',
  '    kept 1: a term of their own with no crosswalk mapping: "Vapaaehtoistoiminta"',
  '    repeated 1: the same object again in the nested form, read once',
  '  map.csv: 8 mapped, 0 kept, 1 dropped',
  '    mapped 8: a line that maps a term of theirs to ours',
  '    dropped 1: line 10: no term "KRIISIPUHELIN" of "Perhejärjestöjen palveluluokitus" in the files',
];

describe('the foreign fixture', () => {
  it('follows the published HSDS 3.0 schema, nested and flat', () => {
    const nested = JSON.parse(readFileSync(join(NESTED, 'services.json'), 'utf8')) as unknown[];
    expect(nested.length).toBe(6);
    nested.forEach((service, i) => {
      expect(validateHsds('service', service), `nested services.json /${i}`).toEqual([]);
    });
    for (const file of readdirSync(FLAT)) {
      const name = file.replace(/\.json$/, '') as HsdsFileName;
      const rows = JSON.parse(readFileSync(join(FLAT, file), 'utf8')) as unknown[];
      rows.forEach((row, i) => {
        expect(validateHsds(HSDS_FILES[name], row), `flat ${file} /${i}`).toEqual([]);
      });
    }
  });

  it('the flat form is the nested one, flattened', () => {
    const nested = JSON.parse(readFileSync(join(NESTED, 'services.json'), 'utf8'));
    const { input } = flattenHsds({ services: nested });
    for (const file of readdirSync(FLAT)) {
      const name = file.replace(/\.json$/, '') as HsdsFileName;
      const rows = JSON.parse(readFileSync(join(FLAT, file), 'utf8'));
      expect(JSON.parse(JSON.stringify(input[name])), file).toEqual(rows);
    }
  });
});

describe('legal status keywords and the crosswalk file', () => {
  it('maps Finnish, Swedish and English legal statuses by keyword', () => {
    expect(kindOfLegalStatus('Kajaanin kaupunki')).toBe('municipality');
    expect(kindOfLegalStatus('Sotkamon kunta')).toBe('municipality');
    expect(kindOfLegalStatus('Jyväskylän seurakunta')).toBe('parish');
    expect(kindOfLegalStatus('Kainuun hyvinvointialue')).toBe('region');
    expect(kindOfLegalStatus('Keski-Suomen Setlementti ry')).toBe('ngo');
    expect(kindOfLegalStatus('rekisteröity yhdistys')).toBe('ngo');
    expect(kindOfLegalStatus('Säätiö')).toBe('ngo');
    expect(kindOfLegalStatus('Perhepalvelut Oy')).toBe('company');
    expect(kindOfLegalStatus('osakeyhtiö')).toBe('company');
    expect(kindOfLegalStatus('Osuuskunta Apu')).toBe('company');
    expect(kindOfLegalStatus('Vasa stad')).toBe('municipality');
    expect(kindOfLegalStatus('Non-profit association')).toBe('ngo');
    expect(kindOfLegalStatus('ngo')).toBe('ngo');
    expect(kindOfLegalStatus('jäsenjärjestö')).toBeUndefined();
  });

  it('names each wrong line of a crosswalk with its code', () => {
    const ours = { service_type: new Set(['PERHETYO']), topic: new Set(['ERO']) };
    expect(parseCrosswalk('their,term\nx,y', ours).problems).toEqual([
      {
        line: 1,
        code: 'missing_header',
        message: 'the first line must be the header taxonomy,term,kind,code',
      },
    ]);
    const text = [
      'taxonomy,term,kind,code',
      'Luokitus,KOTITUKI,service_type,PERHETYO',
      'Luokitus,EROTUKI,topic,EROAUTTAMINEN',
      'Luokitus,EROTUKI,aihe,ERO',
      'Luokitus,,topic,ERO',
      'Luokitus,KOTITUKI,service_type,PERHETYO',
      'Luokitus,EROTUKI,topic',
    ].join('\n');
    const { rows, problems } = parseCrosswalk(text, ours);
    expect(rows).toEqual([
      { line: 2, taxonomy: 'Luokitus', term: 'KOTITUKI', kind: 'service_type', code: 'PERHETYO' },
    ]);
    expect(problems.map((p) => `${p.line} ${p.code}`)).toEqual([
      '3 unknown_code',
      '4 unknown_kind',
      '5 empty_field',
      '6 duplicate',
      '7 wrong_columns',
    ]);
  });
});

describe.each(ENGINES)('a foreign HSDS catalogue through the CLI on %s', (engine) => {
  let nested: Awaited<ReturnType<typeof freshDatabaseEnv>>;
  let flat: Awaited<ReturnType<typeof freshDatabaseEnv>>;
  const work = mkdtempSync(join(tmpdir(), 'perheverkko-foreign-'));

  beforeAll(async () => {
    [nested, flat] = await Promise.all([freshDatabaseEnv(engine), freshDatabaseEnv(engine)]);
  });
  afterAll(async () => {
    await Promise.all([nested?.drop(), flat?.drop()]);
    rmSync(work, { recursive: true, force: true });
  });

  it('a wrong crosswalk stops the import before anything is written, each line with its code', async () => {
    const bad = join(work, 'bad-map.csv');
    writeFileSync(
      bad,
      [
        'taxonomy,term,kind,code',
        'Perhejärjestöjen palveluluokitus,EROTUKI,topic,EROAUTTAMINEN',
        'Perhejärjestöjen palveluluokitus,VERTAISTUKI,palvelu,JARJESTO_VERTAISTUKI',
        '',
      ].join('\n'),
    );
    const result = await cli(nested.env, 'import', 'hsds', NESTED, '--crosswalk', bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain('error: bad-map.csv: 2 problems, nothing was imported');
    expect(result.err).toContain(
      'bad-map.csv: line 2: no topic with the code "EROAUTTAMINEN" [unknown_code]',
    );
    expect(result.err).toContain(
      'bad-map.csv: line 3: kind "palvelu" must be service_type or topic [unknown_kind]',
    );
    expect(await withDatabase(nested.env, (db) => readServiceRecords(db))).toEqual([]);
  });

  it('a dry run reports everything and saves nothing', async () => {
    const result = await cli(nested.env, 'import', 'hsds', NESTED, ...OPTIONS, '--dry-run');
    expect(result.code, result.err).toBe(0);
    expect(result.out[0]).toBe(`dry run, nothing saved: would import ${NESTED.replace(/\/$/, '')}`);
    expect(result.out).toContain('  services: 6 created, 0 updated, 0 unchanged');
    expect(result.out.slice(6)).toEqual(REPORT);
    // its progress does not claim to write
    expect(result.err).toMatch(/trying the writes \(rolled back\) 14\/14…/);
    expect(result.err).not.toMatch(/writing/);
    const counts = await withDatabase(nested.env, async (db) => ({
      services: (await readServiceRecords(db)).length,
      taxonomies: (await db.selectFrom('taxonomy').select('code').where('origin', '=', 'import').execute())
        .length,
    }));
    expect(counts).toEqual({ services: 0, taxonomies: 0 });
  });

  it('imports the nested form, with the report line by line', async () => {
    const result = await cli(nested.env, 'import', 'hsds', NESTED, ...OPTIONS);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toEqual([
      `imported ${NESTED.replace(/\/$/, '')}`,
      '  organizations: 5 created, 0 updated, 0 unchanged',
      '  locations: 3 created, 0 updated, 0 unchanged',
      '  services: 6 created, 0 updated, 0 unchanged',
      '  taxonomies of their own: 1 created, 0 updated, 0 unchanged',
      '  taxonomy terms of their own: 8 created, 0 updated, 0 unchanged',
      ...REPORT,
    ]);
    expect(result.err).toContain(
      'warning: services.json: alternate_name: not stored by Perheverkko, ignored',
    );
  });

  it('keeps their taxonomy as its own, maps their terms to ours, and leaves ours as they were', async () => {
    await withDatabase(nested.env, async (db) => {
      const taxonomies = await db
        .selectFrom('taxonomy')
        .select(['code', 'origin', 'uri', 'version'])
        .orderBy('code')
        .execute();
      expect(taxonomies).toEqual([
        { code: 'channel', origin: 'reference', uri: null, version: null },
        {
          code: 'perhejarjestojen-palveluluokitus',
          origin: 'import',
          uri: 'https://perhejarjestot.example.fi/luokitus',
          version: '2025-1',
        },
        { code: 'perheverkko_text', origin: 'reference', uri: null, version: null },
        { code: 'service_type', origin: 'reference', uri: null, version: null },
        { code: 'topic', origin: 'reference', uri: null, version: null },
      ]);
      const { rows } = await sql<{ name: string; terms: string[] }>`
        SELECT s.name->>'fi' AS name,
               array_agg(t.code || ':' || tt.code ORDER BY t.code, tt.code) AS terms
        FROM service s
        JOIN service_taxonomy_term st ON st.service_id = s.id
        JOIN taxonomy_term tt ON tt.id = st.taxonomy_term_id
        JOIN taxonomy t ON t.id = tt.taxonomy_id
        GROUP BY s.name->>'fi' ORDER BY 1`.execute(db);
      const own = 'perhejarjestojen-palveluluokitus';
      expect(rows).toEqual([
        {
          name: 'Eroperheiden vertaisryhmät',
          terms: [
            `${own}:EROTUKI`,
            `${own}:VERTAISTUKI`,
            'service_type:ERONEUVONTA',
            'service_type:JARJESTO_VERTAISTUKI',
            'topic:ERO',
          ],
        },
        { name: 'Lastenhoitoapu kotiin', terms: [`${own}:LASTENHOITOAPU`, 'topic:ARJEN_APU'] },
        {
          name: 'Perhekahvila Nokialla',
          terms: [`${own}:PERHEKAHVILA`, 'service_type:AVOIN_KOHTAAMISPAIKKA'],
        },
        { name: 'Perhetyö Kangasalla', terms: [`${own}:KOTITUKI`, 'service_type:PERHETYO'] },
        { name: 'Vauvaperheiden chat', terms: [`${own}:VAUVAPERHE`, 'topic:VAUVAPERHE'] },
        {
          name: 'Yhden vanhemman perheiden vertaistuki',
          terms: [
            `${own}:VAPAAEHTOISTOIMINTA`,
            `${own}:VERTAISTUKI`,
            `${own}:YKSINHUOLTAJAT`,
            'service_type:JARJESTO_VERTAISTUKI',
            'topic:YKSINHUOLTAJUUS',
          ],
        },
      ]);
      // our reference taxonomies: not one term added
      const { rows: ours } = await sql<{ code: string; n: string }>`
        SELECT t.code, count(*) AS n FROM taxonomy_term tt JOIN taxonomy t ON t.id = tt.taxonomy_id
        WHERE t.origin = 'reference' GROUP BY t.code ORDER BY t.code`.execute(db);
      expect(ours.map((r) => `${r.code} ${r.n}`)).toEqual([
        'channel 6',
        'perheverkko_text 3',
        'service_type 30',
        'topic 47',
      ]);
    });
  });

  it('stores what the conventions say: translations, channels, areas, kinds, phones, locations', async () => {
    await withDatabase(nested.env, async (db) => {
      const services = new Map((await readServiceRecords(db)).map((s) => [s.name.fi, s]));
      const ero = services.get('Eroperheiden vertaisryhmät');
      expect(ero?.name).toEqual({
        fi: 'Eroperheiden vertaisryhmät',
        sv: 'Kamratgrupper för familjer i skilsmässa',
        en: 'Peer groups for separating families',
      });
      expect(ero?.description.sv).toBe('Kamratgrupper för föräldrar och barn som går igenom en skilsmässa.');
      expect(ero?.summary.fi).toBe('Vertaisryhmät eroa läpikäyville vanhemmille ja lapsille.');
      // Tampere, Ylöjärvi, Pirkkala by name; Jämsä (Keski-Suomi) is not in our reference data
      expect(ero?.areaMunicipalities).toEqual(['604', '837', '980']);
      expect(services.get('Vauvaperheiden chat')).toMatchObject({
        channels: ['chat'],
        areaMunicipalities: null,
        serviceAtLocations: [],
      });
      expect(services.get('Yhden vanhemman perheiden vertaistuki')).toMatchObject({
        channels: ['video'],
        areaMunicipalities: ['211', '837'],
      });
      expect(services.get('Lastenhoitoapu kotiin')?.areaMunicipalities).toEqual(['837']);
      expect(services.get('Perhekahvila Nokialla')).toMatchObject({
        languages: ['fi'],
        schedules: [{ byday: 'TU,TH', opensAt: '09:30', closesAt: '11:30' }],
      });

      const organizations = await db
        .selectFrom('organization')
        .select(['id', 'kind', 'legal_status_text', 'phone', 'region_id'])
        .select(sql<string>`name->>'fi'`.as('name'))
        .select(sql<string | null>`name->>'sv'`.as('sv'))
        .orderBy('name')
        .execute();
      expect(organizations.map((o) => [o.name, o.kind, o.legal_status_text, o.phone])).toEqual([
        ['Kangasalan kaupunki', 'municipality', 'Kunta', null],
        ['Nokian seurakunta', 'parish', 'evankelis-luterilainen seurakunta', null],
        ['Perhepalvelu Kipinä', 'company', 'Osakeyhtiö', null],
        ['Pirkanmaan Yhden Vanhemman Perheet', 'ngo', 'valtakunnallisen liiton jäsenjärjestö', null],
        ['Tampereen Ensi- ja turvakoti ry', 'ngo', 'rekisteröity yhdistys', '+358 3 1234 5670'],
      ]);
      const ensi = organizations.find((o) => o.name === 'Tampereen Ensi- ja turvakoti ry');
      expect(ensi?.sv).toBe('Mödra- och skyddshemmet i Tammerfors rf');
      const pirkanmaa = await db
        .selectFrom('region')
        .select('id')
        .where('code', '=', 'pirkanmaa')
        .executeTakeFirstOrThrow();
      expect(new Set(organizations.map((o) => o.region_id))).toEqual(new Set([pirkanmaa.id]));
      const phones = await db
        .selectFrom('phone')
        .select(['number', 'description', 'position'])
        .where('organization_id', '=', ensi?.id ?? '')
        .orderBy('position')
        .execute();
      expect(phones).toEqual([
        { number: '+358 3 1234 5670', description: { fi: 'Neuvova puhelin ma–pe klo 9–15' }, position: 0 },
        { number: '+358 3 1234 5679', description: { fi: 'Toimisto ja laskutus' }, position: 1 },
      ]);

      const locations = new Map((await readLocationRecords(db)).map((l) => [l.name.fi, l]));
      expect([...locations.keys()].sort()).toEqual([
        'Ensikodin perhetalo',
        'Kangasalan perhekeskus',
        'Seurakuntakeskus',
      ]);
      // no organization in the file: its service's
      expect(locations.get('Ensikodin perhetalo')).toMatchObject({
        organizationId: ensi?.id,
        municipalityCode: '837',
        street: 'Hämeenpuisto 14',
        accessibility: { fi: 'Esteetön sisäänkäynti pihan puolelta, hissi.' },
      });
      expect(locations.get('Seurakuntakeskus')?.municipalityCode).toBe('536');
    });
  });

  it('a second import of the same files changes nothing', async () => {
    const result = await cli(nested.env, 'import', 'hsds', NESTED, ...OPTIONS);
    expect(result.code, result.err).toBe(0);
    expect(result.out.slice(1, 6)).toEqual([
      '  organizations: 0 created, 0 updated, 5 unchanged',
      '  locations: 0 created, 0 updated, 3 unchanged',
      '  services: 0 created, 0 updated, 6 unchanged',
      '  taxonomies of their own: 0 created, 0 updated, 1 unchanged',
      '  taxonomy terms of their own: 0 created, 0 updated, 8 unchanged',
    ]);
  });

  it('the flat form of the same data gives the same catalogue', async () => {
    const result = await cli(flat.env, 'import', 'hsds', FLAT, ...OPTIONS);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('  taxonomies.json: 0 mapped, 1 kept, 0 dropped');
    expect(result.out).toContain('  service_areas.json: 9 mapped, 0 kept, 1 dropped');
    expect(await catalogue(flat.env)).toEqual(await catalogue(nested.env));
  });

  it('a file cannot change our taxonomies: their copy of one is read as reference data', async () => {
    const dir = join(work, 'ours-changed');
    cpSync(FLAT, dir, { recursive: true });
    const topic = await withDatabase(nested.env, (db) =>
      db.selectFrom('taxonomy').selectAll().where('code', '=', 'topic').executeTakeFirstOrThrow(),
    );
    const taxonomies = JSON.parse(readFileSync(join(dir, 'taxonomies.json'), 'utf8'));
    taxonomies.push({ id: topic.id, name: 'Meidän aiheet', description: 'Yritys muuttaa luokitusta' });
    writeFileSync(join(dir, 'taxonomies.json'), JSON.stringify(taxonomies));
    const terms = JSON.parse(readFileSync(join(dir, 'taxonomy_terms.json'), 'utf8'));
    terms.push({
      id: '0b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
      code: 'UUSI_AIHE',
      name: 'Uusi aihe',
      description: 'Ei kuulu viitetietoihin',
      taxonomy_id: topic.id,
    });
    writeFileSync(join(dir, 'taxonomy_terms.json'), JSON.stringify(terms));
    const result = await cli(nested.env, 'import', 'hsds', dir, ...OPTIONS);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('  taxonomies.json: 1 mapped, 1 kept, 0 dropped');
    expect(result.out).toContain('    mapped 1: our own taxonomy: reference data, not changed by an import');
    expect(result.out).toContain(
      '    dropped 1: a new term in one of our taxonomies: they are reference data, a file cannot add to them',
    );
    const after = await withDatabase(nested.env, async (db) => ({
      topic: await db
        .selectFrom('taxonomy')
        .selectAll()
        .where('code', '=', 'topic')
        .executeTakeFirstOrThrow(),
      added: await db.selectFrom('taxonomy_term').select('id').where('code', '=', 'UUSI_AIHE').execute(),
    }));
    expect(after.topic).toEqual(topic);
    expect(after.added).toEqual([]);
  });
});
