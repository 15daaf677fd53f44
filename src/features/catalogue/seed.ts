import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { en } from '../../i18n/en.ts';
import { fi } from '../../i18n/fi.ts';
import { LANGS } from '../../i18n/index.ts';
import { sv } from '../../i18n/sv.ts';
import { stableUuid } from '../../platform/ids.ts';
import { CHANNELS } from './catalogue.ts';
import {
  type Db,
  saveLocations,
  saveOrganizations,
  saveServices,
  upsertMunicipalities,
  upsertRegion,
  upsertTaxonomy,
} from './queries.ts';
import type { CatalogueRecords, ServiceRecord } from './records.ts';
import { refreshServiceSearch } from './search-documents.ts';
import { localized, type SeedRegion, seedRegion } from './seed-schema.ts';

export const SEED_DIR = new URL('../../../data/seed/', import.meta.url).pathname;
const REFERENCE_DIR = join(SEED_DIR, 'reference');

export const regionId = (code: string) => stableUuid('region', code);
export const taxonomyId = (code: string) => stableUuid('taxonomy', code);
export const termId = (taxonomy: string, code: string) => stableUuid(`taxonomy_term:${taxonomy}`, code);

/**
 * HSDS has no multilingual fields: a text in another language travels as an attribute whose
 * taxonomy term is the language (fi, sv, en) of this taxonomy (docs/api.md).
 */
export const TEXT_TAXONOMY = 'perheverkko_text';

const readCsv = (file: string): Record<string, string>[] =>
  parse(readFileSync(join(REFERENCE_DIR, file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });

const regionsFile = z.array(z.object({ code: z.string(), statisticsCode: z.string(), name: localized }));
const keywordsFile = z.record(
  z.string(),
  z.object({ fi: z.string(), sv: z.string(), en: z.string() }).partial(),
);

/**
 * Regions, municipalities and the taxonomies (service types, topics, channels) from
 * data/seed/reference. Safe to run on every start: it only inserts or updates.
 */
export async function loadReferenceData(db: Db): Promise<void> {
  const regions = regionsFile.parse(JSON.parse(readFileSync(join(REFERENCE_DIR, 'regions.json'), 'utf8')));
  for (const r of regions) await upsertRegion(db, { id: regionId(r.code), code: r.code, name: r.name });
  const regionOf = new Map(regions.map((r) => [r.statisticsCode, regionId(r.code)]));
  await upsertMunicipalities(
    db,
    readCsv('municipalities.csv').map((m) => {
      const region = regionOf.get(m.region_code ?? '');
      if (!region) throw new Error(`municipalities.csv: no region for code ${m.region_code}`);
      return {
        code: String(m.municipality_code),
        regionId: region,
        name: { fi: String(m.name_fi), sv: String(m.name_sv) },
        population: m.population ? Number(m.population) : null,
        latitude: Number(m.lat),
        longitude: Number(m.lon),
      };
    }),
  );

  const keywords = keywordsFile.parse(
    JSON.parse(readFileSync(join(REFERENCE_DIR, 'topic-keywords.json'), 'utf8')),
  );
  const csvTerms = (file: string, taxonomy: string) =>
    readCsv(file).map((row) => {
      const code = String(row.code);
      const name = { fi: String(row.name_fi), sv: String(row.name_sv), en: String(row.name_en) };
      return {
        id: termId(taxonomy, code),
        code,
        name,
        description: row.description_en ? { fi: name.fi, en: row.description_en } : name,
        keywords: keywords[code] ?? {},
        referral: row.referral === 'yes',
      };
    });
  await upsertTaxonomy(
    db,
    {
      id: taxonomyId('service_type'),
      code: 'service_type',
      name: { fi: 'Palvelutyypit', sv: 'Typer av tjänster', en: 'Service types' },
      description: {
        fi: 'Perhekeskuksen palvelutyypit',
        sv: 'Familjecentrets typer av tjänster',
        en: 'Family centre service types',
      },
      uri: null,
    },
    csvTerms('service-types.csv', 'service_type'),
  );
  await upsertTaxonomy(
    db,
    {
      id: taxonomyId('topic'),
      code: 'topic',
      name: { fi: 'Aiheet', sv: 'Ämnen', en: 'Topics' },
      description: {
        fi: 'Asiat, joihin perheet hakevat apua',
        sv: 'Frågor som familjer söker hjälp med',
        en: 'What families seek help with',
      },
      uri: null,
    },
    csvTerms('topics.csv', 'topic'),
  );
  await upsertTaxonomy(
    db,
    {
      id: taxonomyId('channel'),
      code: 'channel',
      name: { fi: 'Asiointitavat', sv: 'Kontaktsätt', en: 'Service channels' },
      description: {
        fi: 'Miten palvelua käytetään',
        sv: 'Hur tjänsten används',
        en: 'How the service is used',
      },
      uri: null,
    },
    CHANNELS.map((code) => {
      const name = { fi: fi.channel[code], sv: sv.channel[code], en: en.channel[code] };
      return { id: termId('channel', code), code, name, description: name, keywords: {} };
    }),
  );
  await upsertTaxonomy(
    db,
    {
      id: taxonomyId(TEXT_TAXONOMY),
      code: TEXT_TAXONOMY,
      name: { fi: 'Tekstien kielet', sv: 'Textens språk', en: 'Languages of texts' },
      description: {
        fi: 'Attribuutin arvo on kentän teksti tällä kielellä (HSDS:ssä ei ole monikielisiä kenttiä)',
        sv: 'Attributets värde är fältets text på detta språk (HSDS har inga flerspråkiga fält)',
        en: "The attribute's value is the field's text in this language (HSDS has no multilingual fields)",
      },
      uri: null,
    },
    LANGS.map((code) => {
      const name = { fi: fi.lang[code], sv: sv.lang[code], en: en.lang[code] };
      return { id: termId(TEXT_TAXONOMY, code), code, name, description: name, keywords: {} };
    }),
  );
}

/** Reads and checks a demo region folder (region.json, organizations.json, locations.json, services-*.json). */
export function readSeedRegion(dir: string): SeedRegion {
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const region = read('region.json');
  const services = readdirSync(dir)
    .filter((f) => /^services-.*\.json$/.test(f))
    .sort()
    .flatMap((f) => read(f));
  return seedRegion.parse({
    ...region,
    organizations: read('organizations.json'),
    locations: read('locations.json'),
    services,
  });
}

/** Turns readable slugs into stable UUIDs, so the demo catalogue keeps its ids across installs. */
export function seedToRecords(seed: SeedRegion): CatalogueRecords {
  const region = regionId(seed.code);
  const orgId = (slug: string) => stableUuid('organization', `${seed.code}/${slug}`);
  const locId = (slug: string) => stableUuid('location', `${seed.code}/${slug}`);
  const services: ServiceRecord[] = seed.services.map((s) => {
    const id = stableUuid('service', `${seed.code}/${s.slug}`);
    return {
      id,
      organizationId: orgId(s.organization),
      regionId: region,
      status: 'active',
      name: s.name,
      summary: s.summary,
      description: s.description,
      applicationProcess: s.applicationProcess ?? null,
      fees: s.fees ?? null,
      eligibility: s.eligibility ?? null,
      email: s.email ?? null,
      url: s.url ?? null,
      minAge: s.minAge ?? null,
      maxAge: s.maxAge ?? null,
      areaMunicipalities: s.area === 'region' ? null : [...s.area].sort(),
      channels: s.channels,
      languages: s.languages,
      taxonomyTermIds: [
        ...s.serviceTypes.map((c) => termId('service_type', c)),
        ...s.topics.map((c) => termId('topic', c)),
      ].sort(),
      serviceAtLocations: s.locations.map((l) => ({
        id: stableUuid('service_at_location', `${id}/${l}`),
        locationId: locId(l),
      })),
      phones: s.phones.map((p, i) => ({
        id: stableUuid('phone', `${id}/${i}`),
        number: p.number,
        description: p.description ?? null,
      })),
      schedules: s.schedules.map((x, i) => ({
        id: stableUuid('schedule', `${id}/${i}`),
        byday: x.byday,
        opensAt: x.opens,
        closesAt: x.closes,
        description: x.description ?? null,
      })),
    };
  });
  return {
    organizations: seed.organizations.map((o) => ({
      id: orgId(o.slug),
      regionId: region,
      kind: o.kind,
      name: o.name,
      description: o.description,
      municipalityCode: o.municipality ?? null,
      email: o.email ?? null,
      website: o.website ?? null,
      phone: o.phone ?? null,
    })),
    locations: seed.locations.map((l) => ({
      id: locId(l.slug),
      organizationId: orgId(l.organization),
      name: l.name,
      street: l.street,
      postalCode: l.postalCode,
      city: l.city,
      municipalityCode: l.municipality,
      latitude: l.latitude,
      longitude: l.longitude,
      transportation: l.transportation ?? null,
      accessibility: l.accessibility ?? null,
    })),
    services,
  };
}

/** Writes catalogue records (in the caller's transaction) and rebuilds their search documents. */
export async function writeRecords(db: Db, records: CatalogueRecords): Promise<void> {
  await saveOrganizations(db, records.organizations);
  await saveLocations(db, records.locations);
  await saveServices(db, records.services);
  await refreshServiceSearch(
    db,
    records.services.map((s) => s.id),
  );
}

export const DEMO_REGION_DIR = join(SEED_DIR, 'pohjois-savo');
