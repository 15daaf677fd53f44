import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../src/bootstrap.ts';
import { runCli } from '../src/cli.ts';
import { loadHsdsReference } from '../src/features/catalogue/hsds-queries.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { recordsToPtv } from '../src/features/catalogue/ptv/export.ts';
import { importPtv, PtvImportError, ptvToRecords } from '../src/features/catalogue/ptv/import.ts';
import { loadPtvMapping } from '../src/features/catalogue/ptv/mapping.ts';
import { CHANNEL_MODEL, validatePtv } from '../src/features/catalogue/ptv/validator.ts';
import {
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
} from '../src/features/catalogue/queries.ts';
import { canonical, normalizeService, type ServiceRecord } from '../src/features/catalogue/records.ts';
import { termId } from '../src/features/catalogue/seed.ts';
import { loadConfig } from '../src/platform/config.ts';
import { ENGINES, freshDatabase, freshDatabaseEnv } from './databases.ts';

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

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

/** What a PTV round trip keeps: names, texts, areas, channels (home visits have no PTV channel), terms, locations. */
async function essentials(env: Record<string, string>) {
  return withDatabase(env, async (db) => ({
    services: (await readServiceRecords(db))
      .map((s) => ({
        id: s.id,
        organizationId: s.organizationId,
        status: s.status,
        name: s.name,
        summary: s.summary,
        description: s.description,
        area: s.areaMunicipalities ? [...s.areaMunicipalities].sort() : null,
        channels: s.channels.filter((c) => c !== 'home_visit').sort(),
        languages: [...s.languages].sort(),
        terms: [...s.taxonomyTermIds].sort(),
        locations: s.serviceAtLocations.map((x) => x.locationId).sort(),
        phones: s.phones.map((p) => p.number.replace(/\D/g, '')).sort(),
        schedules: s.schedules.map((x) => `${x.byday} ${x.opensAt}-${x.closesAt}`).sort(),
        url: s.url,
        email: s.email,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    locations: (await readLocationRecords(db))
      .map((l) => ({
        id: l.id,
        name: l.name,
        street: l.street,
        postalCode: l.postalCode,
        municipality: l.municipalityCode,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    organizations: (await readOrganizationRecords(db))
      .map((o) => ({ id: o.id, name: o.name, municipality: o.municipalityCode }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
  }));
}

describe.each(ENGINES)('PTV (Palvelutietovaranto) export and import on %s', (engine) => {
  const work = mkdtempSync(join(tmpdir(), 'perheverkko-ptv-'));
  const exported = join(work, 'exported');
  let source: Awaited<ReturnType<typeof freshDatabaseEnv>>;
  let target: Awaited<ReturnType<typeof freshDatabaseEnv>>;

  beforeAll(async () => {
    [source, target] = await Promise.all([freshDatabaseEnv(engine), freshDatabaseEnv(engine)]);
    expect((await cli(source.env, 'seed')).code).toBe(0);
    const result = await cli(source.env, 'export-ptv', exported, '--region', 'pohjois-savo');
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/services\.json: \d+/);
    // what PTV has no place for is counted, not left out silently
    expect(result.out).toMatch(/not exported: home visits of \d+ services \(PTV has no such channel\)/);
    expect(result.out).toMatch(/not exported: the coordinates of \d+ locations/);
    expect(result.out).not.toMatch(/not exported: the (email|hours) of/);
  });
  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
    rmSync(work, { recursive: true, force: true });
  });

  it('exports services, service channels and organizations that validate against the PTV Open API v11 schema', () => {
    const services = readJson(exported, 'services.json') as Record<string, unknown>[];
    const channels = readJson(exported, 'service-channels.json') as Record<string, unknown>[];
    const organizations = readJson(exported, 'organizations.json') as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(100);
    for (const [i, s] of services.entries())
      expect(validatePtv('V11VmOpenApiService', s), `service ${i}`).toEqual([]);
    for (const [i, c] of channels.entries()) {
      const model = CHANNEL_MODEL[c.serviceChannelType as string];
      expect(model, `channel ${i}`).toBeDefined();
      expect(validatePtv(model as never, c), `channel ${i}`).toEqual([]);
    }
    for (const [i, o] of organizations.entries())
      expect(validatePtv('V10VmOpenApiOrganization', o), `organization ${i}`).toEqual([]);
    expect(new Set(channels.map((c) => c.serviceChannelType))).toEqual(
      new Set(['ServiceLocation', 'Phone', 'EChannel', 'WebPage']),
    );
    // names in three languages, areas by municipality code, classes and target groups
    const clinic = services.find((s) =>
      (s.serviceNames as { language: string; value: string }[]).some((n) => n.language === 'sv'),
    ) as Record<string, unknown>;
    expect(new Set((clinic.serviceNames as { language: string }[]).map((n) => n.language))).toEqual(
      new Set(['fi', 'sv', 'en']),
    );
    for (const s of services) {
      expect(
        (s.areas as { type: string; code: string }[]).every(
          (a) => a.type === 'Municipality' && /^\d{3}$/.test(a.code),
        ),
      ).toBe(true);
      expect((s.serviceClasses as { uri: string }[]).length).toBeGreaterThan(0);
      for (const c of s.serviceClasses as { uri: string }[])
        expect(c.uri).toMatch(/^http:\/\/uri\.suomi\.fi\/codelist\/ptv\/ptvserclass2\/code\/P\d+(\.\d+)?$/);
      expect((s.targetGroups as { code: string }[]).map((g) => g.code)).toContain('KR1.2');
    }
  });

  it('the schema is not a formality: a service without a name language, a phone with letters fail', () => {
    const service = (readJson(exported, 'services.json') as Record<string, unknown>[])[0] as Record<
      string,
      unknown
    >;
    const broken = { ...service, serviceNames: [{ type: 'Name', value: 'Nimi' }] };
    expect(
      validatePtv('V11VmOpenApiService', broken)
        .map((p) => p.message)
        .join(),
    ).toMatch(/language/);
    const phone = (readJson(exported, 'service-channels.json') as Record<string, unknown>[]).find(
      (c) => c.serviceChannelType === 'Phone',
    ) as Record<string, unknown>;
    const letters = { ...phone, phoneNumbers: [{ number: '010 555', language: 'fi', type: 'Phone' }] };
    expect(validatePtv('V11VmOpenApiPhoneChannel', letters)).not.toEqual([]);
  });

  it('round trip: imports into an empty catalogue the same services, names in fi/sv/en, areas and channels', async () => {
    const result = await cli(target.env, 'import-ptv', exported, '--region', 'pohjois-savo');
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/services: \d+ created, 0 updated, 0 unchanged/);
    expect(await essentials(target.env)).toEqual(await essentials(source.env));
  });

  it('a second import changes nothing; an import into the catalogue it came from changes nothing either', async () => {
    for (const env of [target.env, source.env]) {
      const result = await cli(env, 'import-ptv', exported);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(/organizations: 0 created, 0 updated, \d+ unchanged/);
      expect(result.out).toMatch(/locations: 0 created, 0 updated, \d+ unchanged/);
      expect(result.out).toMatch(/services: 0 created, 0 updated, \d+ unchanged/);
    }
  });

  it('hours and numbers travel without a location: on the phone channel, the first e-channel, or a "contact" phone channel that is no phone service', async () => {
    await withDatabase(source.env, async (db) => {
      const ref = await loadHsdsReference(db);
      const [base] = (await readServiceRecords(db)).filter(
        (s) => s.schedules.length > 0 && s.phones.length > 0 && s.serviceAtLocations.length > 0,
      );
      if (!base) throw new Error('the demo has a service with hours, numbers and a location');
      const organizations = await readOrganizationRecords(db, { ids: [base.organizationId] });
      const variants: ServiceRecord[] = [
        { ...base, channels: ['home_visit'], serviceAtLocations: [], url: null },
        { ...base, channels: ['chat', 'video'], serviceAtLocations: [] },
        { ...base, channels: ['home_visit', 'phone'], serviceAtLocations: [], url: null },
      ];
      for (const variant of variants) {
        const files = recordsToPtv({ organizations, locations: [], services: [variant] }, ref);
        for (const c of files.serviceChannels)
          expect(validatePtv(CHANNEL_MODEL[c.serviceChannelType as string] as never, c)).toEqual([]);
        const wrap = (list: Record<string, unknown>[]) =>
          list.map((value, at) => ({ file: 'x.json', at, value }));
        const result = ptvToRecords(
          {
            services: wrap(files.services),
            channels: wrap(files.serviceChannels),
            organizations: wrap(files.organizations),
          },
          {
            ref,
            mapping: loadPtvMapping(),
            region: undefined,
            orgRegions: new Map(),
            existing: {
              organizations: new Map(organizations.map((o) => [o.id, o])),
              locations: new Map(),
              services: new Map([[variant.id, variant]]),
            },
          },
        );
        expect(result.problems).toEqual([]);
        const [back] = result.records.services;
        expect(canonical(normalizeService(back as ServiceRecord))).toEqual(
          canonical(normalizeService(variant)),
        );
      }
    });
  });

  it('a hand-written PTV file: classes mapped to our service type, unknown classes, areas and channels reported; --dry-run writes nothing', async () => {
    const org = (readJson(exported, 'organizations.json') as { id: string }[])[0] as { id: string };
    const serviceId = '0b7c1c9e-4f0a-4a57-9d6e-4a1d2b3c4d5e';
    const file = join(work, 'hand-written.json');
    writeFileSync(
      file,
      JSON.stringify({
        pageNumber: 1,
        itemList: [
          {
            id: serviceId,
            type: 'Service',
            serviceNames: [
              { type: 'Name', language: 'fi', value: 'Perheiden kotikäynnit' },
              { type: 'Name', language: 'sv', value: 'Hembesök för familjer' },
              { type: 'Name', language: 'se', value: 'Bearašiid ruovttuguossástallan' },
            ],
            serviceDescriptions: [
              { type: 'Summary', language: 'fi', value: 'Perhetyöntekijä tulee kotiin.' },
              { type: 'Description', language: 'fi', value: 'Tukea arkeen kotona.' },
              { type: 'DeadLineAdditionalInfo', language: 'fi', value: 'Kahden viikon sisällä.' },
            ],
            fundingType: 'PubliclyFunded',
            keywords: [{ language: 'fi', value: 'kotikäynti' }],
            languages: ['fi', 'sv', 'xx'],
            areaType: 'LimitedType',
            areas: [
              { type: 'Municipality', code: '297' },
              { type: 'Municipality', code: '091' },
              { type: 'Region', code: '11' },
            ],
            serviceClasses: [
              { code: 'P3.6', uri: 'http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P3.6' },
              { uri: 'http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P1.1' },
              { uri: 'http://urn.fi/URN:NBN:fi:au:ptvl:v1065' },
            ],
            serviceChannels: [
              { serviceChannel: { id: 'c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f' } },
              { serviceChannel: { id: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6' } },
            ],
            mainOrganization: { id: org.id },
            publishingStatus: 'Published',
          },
          {
            // PTV keeps opening hours on the channel itself; the connection has none
            id: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
            serviceChannelType: 'Phone',
            organizationId: org.id,
            serviceChannelNames: [{ type: 'Name', language: 'fi', value: 'Perhetyön ajanvaraus' }],
            phoneNumbers: [
              {
                number: '171234567',
                prefixNumber: '+358',
                isFinnishServiceNumber: false,
                language: 'fi',
                type: 'Phone',
              },
            ],
            serviceHours: [
              {
                serviceHourType: 'DaysOfTheWeek',
                openingHour: [{ dayFrom: 'Monday', dayTo: 'Friday', from: '08:00', to: '10:00' }],
              },
            ],
          },
          {
            id: 'c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f',
            serviceChannelType: 'PrintableForm',
            organizationId: org.id,
            serviceChannelNames: [{ type: 'Name', language: 'fi', value: 'Lomake' }],
          },
        ],
      }),
    );
    const dry = await cli(target.env, 'import-ptv', file, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toMatch(/dry run, nothing saved: would import/);
    expect(dry.out).toMatch(/services: 1 created/);
    expect(dry.out).toContain('mapped: service classes P1.1 P3.6 → service type PERHETYO');
    // what was read and not stored is counted on stdout, field by field
    expect(dry.out).toContain('not stored: services: fundingType in 1');
    expect(dry.out).toContain('not stored: service channels (Phone): serviceChannelNames in 1');
    expect(dry.out).toContain('not stored: services: keywords in 1');
    expect(dry.out).toContain(
      'not stored: services: serviceDescriptions of type DeadLineAdditionalInfo in 1',
    );
    expect(dry.err).toMatch(/not mapped to our terms: P1\.1, http:\/\/urn\.fi\/URN:NBN:fi:au:ptvl:v1065/);
    expect(dry.err).toMatch(/municipality 091 is not in the region, dropped/);
    expect(dry.err).toMatch(/a Region area without municipalities is not stored/);
    expect(dry.err).toMatch(/texts in se dropped/);
    expect(dry.err).toMatch(/xx not among our service languages/);
    expect(dry.err).toMatch(/PrintableForm channel has no place in Perheverkko, ignored/);
    expect(await withDatabase(target.env, (db) => readServiceRecords(db, { ids: [serviceId] }))).toEqual([]);

    const real = await cli(target.env, 'import-ptv', file);
    expect(real.code, real.err).toBe(0);
    const [service] = await withDatabase(target.env, (db) => readServiceRecords(db, { ids: [serviceId] }));
    expect(service?.name).toEqual({ fi: 'Perheiden kotikäynnit', sv: 'Hembesök för familjer' });
    expect(service?.areaMunicipalities).toEqual(['297']);
    expect(service?.taxonomyTermIds).toEqual([termId('service_type', 'PERHETYO')]);
    expect(service?.languages).toEqual(['fi', 'sv']);
    expect(service?.channels).toEqual(['phone']);
    expect(service?.phones.map((p) => p.number)).toEqual(['0171234567']);
    expect(service?.schedules.map((x) => `${x.byday} ${x.opensAt}-${x.closesAt}`)).toEqual([
      'MO,TU,WE,TH,FR 08:00-10:00',
    ]);
  });

  it('bad input fails with a code and every problem, and writes nothing', async () => {
    const database = await freshDatabase(engine);
    try {
      await prepareCatalogue(database.db, { seedDemo: false });
      const code = async (path: string) => {
        try {
          await importPtv(database.db, path);
          return 'imported';
        } catch (error) {
          if (!(error instanceof PtvImportError)) throw error;
          return { code: error.code, problems: error.problems };
        }
      };
      const write = (name: string, text: string) => {
        const path = join(work, name);
        writeFileSync(path, text);
        return path;
      };
      expect(await code(join(work, 'missing'))).toMatchObject({ code: 'ptv.unreadable' });
      expect(await code(write('broken.json', '[{"serviceNames": ['))).toMatchObject({
        code: 'ptv.unreadable',
      });
      expect(await code(write('other.json', '[{"hello": 1}]'))).toMatchObject({
        code: 'ptv.unreadable',
        problems: [expect.stringMatching(/not a PTV service/)],
      });
      expect(
        await code(
          write('invalid.json', JSON.stringify([{ id: 'not-a-uuid', serviceNames: [{ value: 'x' }] }])),
        ),
      ).toMatchObject({ code: 'ptv.invalid' });
      expect(
        await code(
          write(
            'unfit.json',
            JSON.stringify([
              {
                id: '11111111-2222-4333-8444-555555555555',
                serviceNames: [{ type: 'Name', language: 'fi', value: 'Palvelu' }],
                mainOrganization: { id: '99999999-2222-4333-8444-555555555555' },
              },
            ]),
          ),
        ),
      ).toMatchObject({ code: 'ptv.unfit', problems: [expect.stringMatching(/no such organization/)] });
      expect(await readServiceRecords(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('the CLI refuses --dry-run on export-ptv and a missing folder', async () => {
    expect((await cli(target.env, 'export-ptv', join(work, 'x'), '--dry-run')).code).toBe(1);
    expect((await cli(target.env, 'import-ptv')).err).toMatch(/usage: import-ptv/);
  });
});
