/**
 * A realistic, reproducible catalogue for the bench: 10,000 services by default, spread over
 * the municipalities of the reference data in proportion to their size, composed from the
 * words of vocabulary.ts. The same seed gives the same catalogue, byte for byte.
 */
import type { Kysely } from 'kysely';
import {
  allMunicipalities,
  allRegions,
  allTaxonomyTerms,
  type Db,
} from '../src/features/catalogue/queries.ts';
import type {
  CatalogueRecords,
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceRecord,
} from '../src/features/catalogue/records.ts';
import { termId, writeRecords } from '../src/features/catalogue/seed.ts';
import type { DB, LocalizedText, OrganizationKind, ServiceStatus } from '../src/platform/db/types.ts';
import { stableUuid } from '../src/platform/ids.ts';
import {
  COMPANIES,
  DISTRICTS,
  GENERAL_SENTENCES,
  MUNICIPALITY_GENITIVE,
  NGOS,
  type Provider,
  type ServiceTemplate,
  type Site,
  STREETS,
  TEMPLATES,
  UNIT_NAMES,
} from './vocabulary.ts';

export interface Reference {
  regions: { id: string; code: string; name: LocalizedText }[];
  municipalities: {
    code: string;
    regionId: string;
    name: LocalizedText;
    population: number;
    latitude: number;
    longitude: number;
  }[];
  /** ids of the taxonomy terms that exist, to check the vocabulary against */
  termIds: Set<string>;
  /** Finnish topic names by code ("Uni ja unirytmi") */
  topicNames: Map<string, string>;
}

/** The regions, municipalities and terms loadReferenceData wrote. */
export async function readReference(db: Db): Promise<Reference> {
  const [regions, municipalities, terms] = await Promise.all([
    allRegions(db),
    allMunicipalities(db),
    allTaxonomyTerms(db),
  ]);
  return {
    regions: regions.map((r) => ({ id: r.id, code: r.code, name: r.name })),
    municipalities: municipalities.map((m) => ({
      code: m.code,
      regionId: m.region_id,
      name: m.name,
      population: m.population ?? 2000,
      latitude: m.latitude,
      longitude: m.longitude,
    })),
    termIds: new Set(terms.map((t) => t.id)),
    topicNames: new Map(terms.filter((t) => t.taxonomy_code === 'topic').map((t) => [t.code, t.name.fi])),
  };
}

/** mulberry32: a small, fast, seedable PRNG; Math.random cannot be seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  /** k distinct items in random order */
  const sample = <T>(items: readonly T[], k: number): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, k);
  };
  const weighted = <T>(items: readonly T[], weight: (item: T) => number): T => {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let r = next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1] as T;
  };
  return { next, int, pick, sample, weighted, chance: (p: number) => next() < p };
}

type Municipality = Reference['municipalities'][number];
type Region = Reference['regions'][number];

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `{${key}}`);
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const distance = (a: Municipality, b: Municipality) =>
  Math.hypot(a.latitude - b.latitude, (a.longitude - b.longitude) * 0.5);

export function generateCatalogue(
  reference: Reference,
  { services: count = 10_000, seed = 2026 }: { services?: number; seed?: number } = {},
): CatalogueRecords {
  const rng = prng(seed);
  const regionById = new Map(reference.regions.map((r) => [r.id, r]));
  const regionOf = (m: Municipality) => {
    const region = regionById.get(m.regionId);
    if (!region) throw new Error(`municipality ${m.code}: unknown region`);
    return region;
  };
  const genitive = (m: Municipality) => MUNICIPALITY_GENITIVE[m.code] ?? `${m.name.fi}n`;
  /** "Pohjois-Savon hyvinvointialue" → "Pohjois-Savon" */
  const regionWord = (r: Region) => r.name.fi.split(' ')[0] ?? r.name.fi;
  const phoneArea = (r: Region) => (r.code === 'pohjois-savo' ? '017' : '03');
  const checkTerm = (id: string, code: string) => {
    if (!reference.termIds.has(id)) throw new Error(`vocabulary.ts: no taxonomy term ${code}`);
    return id;
  };

  // ------------------------------------------------------------------ organisations
  const organizations = new Map<string, OrganizationRecord>();
  const organization = (
    key: string,
    region: Region,
    kind: OrganizationKind,
    name: LocalizedText,
    description: LocalizedText,
    municipalityCode: string | null,
  ): string => {
    const id = stableUuid('organization', `bench/${key}`);
    if (!organizations.has(id)) {
      organizations.set(id, {
        id,
        regionId: region.id,
        kind,
        name,
        description,
        municipalityCode,
        email: null,
        website: `https://${region.code}.example/${key.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
        phone: `${phoneArea(region)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
      });
    }
    return id;
  };
  const providerOf = (provider: Provider, m: Municipality): string => {
    const region = regionOf(m);
    const mun = genitive(m);
    switch (provider) {
      case 'region':
        return organization(region.code, region, 'region', region.name, region.name, null);
      case 'municipality': {
        const kind = m.population > 15_000 ? 'kaupunki' : 'kunta';
        return organization(
          `${region.code}/${m.code}`,
          region,
          'municipality',
          { fi: `${mun} ${kind}`, sv: m.name.sv ?? m.name.fi },
          { fi: `${mun} ${kind}: varhaiskasvatus, nuoriso- ja vapaa-ajan palvelut.` },
          m.code,
        );
      }
      case 'parish':
        return organization(
          `${region.code}/${m.code}/parish`,
          region,
          'parish',
          { fi: `${mun} evankelis-luterilainen seurakunta` },
          { fi: 'Seurakunnan lapsi- ja perhetyö.' },
          m.code,
        );
      case 'ngo': {
        const name = rng.pick(NGOS);
        const local = name.includes('{mun}');
        return organization(
          local ? `${region.code}/${m.code}/mll` : `${region.code}/${name}`,
          region,
          'ngo',
          { fi: fill(name, { mun }) },
          { fi: 'Yleishyödyllinen järjestö, joka tukee lapsia ja perheitä.' },
          local ? m.code : null,
        );
      }
      case 'company': {
        const name = rng.pick(COMPANIES);
        return organization(
          `${region.code}/${name}`,
          region,
          'company',
          { fi: name },
          { fi: 'Yksityinen palveluntuottaja, hyvinvointialueen ostopalvelu ja palveluseteli.' },
          null,
        );
      }
    }
  };

  // ------------------------------------------------------------------ locations
  const locations = new Map<string, LocationRecord>();
  /** the region's biggest town, where its central hospital is */
  const capitalOf = new Map<string, Municipality>();
  for (const m of reference.municipalities) {
    const current = capitalOf.get(m.regionId);
    if (!current || m.population > current.population) capitalOf.set(m.regionId, m);
  }
  const postalBase = new Map<string, number>();
  const location = (
    site: Exclude<Site, null>,
    organizationId: string,
    m: Municipality,
    district: [string, string],
    unit: string,
  ): string => {
    const mun = genitive(m);
    const capital = capitalOf.get(m.regionId);
    const names: Record<Exclude<Site, null>, [string, string]> = {
      health_station: [`${district[1]} terveysasema`, district[0]],
      family_centre: [`${mun} perhekeskus`, ''],
      school: [`${district[1]} koulu`, district[0]],
      upper_school: [`${mun} lukio ja ammattiopisto`, ''],
      daycare: [`Päiväkoti ${unit}`, `${district[0]}/${unit}`],
      youth_centre: [`${district[1]} nuorisotalo`, district[0]],
      parish_hall: [`${district[1]} seurakuntatalo`, district[0]],
      ngo_house: [`Järjestötalo, ${m.name.fi}`, ''],
      hospital: [capital ? `${genitive(capital)} yliopistollinen sairaala` : 'Keskussairaala', ''],
      sports_hall: [`${district[1]} liikuntahalli`, district[0]],
      library: [`${mun} pääkirjasto`, ''],
      therapy_practice: [`Terapiakeskus ${unit}`, unit],
    };
    const [name, distinct] = names[site];
    const where = site === 'hospital' && capital ? capital : m;
    const key = `${organizationId}/${where.code}/${site}/${distinct}`;
    const id = stableUuid('location', `bench/${key}`);
    if (!locations.has(id)) {
      const base = postalBase.get(where.code) ?? rng.int(330, 749) * 100;
      postalBase.set(where.code, base);
      locations.set(id, {
        id,
        organizationId,
        name: { fi: name },
        street: `${rng.pick(STREETS)} ${rng.int(1, 60)}`,
        postalCode: String(base + rng.int(0, 9) * 10).padStart(5, '0'),
        city: where.name,
        municipalityCode: where.code,
        latitude: Number((where.latitude + (rng.next() - 0.5) * 0.06).toFixed(5)),
        longitude: Number((where.longitude + (rng.next() - 0.5) * 0.1).toFixed(5)),
        transportation: rng.chance(0.4) ? { fi: 'Bussipysäkki on 200 metrin päässä.' } : null,
        accessibility: rng.chance(0.5) ? { fi: 'Esteetön sisäänkäynti ja invapysäköinti.' } : null,
      });
    }
    return id;
  };

  // ------------------------------------------------------------------ services
  const nearbyOf = new Map(
    reference.municipalities.map((m) => [
      m.code,
      reference.municipalities
        .filter((x) => x.regionId === m.regionId && x.code !== m.code)
        .sort((a, b) => distance(m, a) - distance(m, b))
        .slice(0, 3)
        .map((x) => x.code),
    ]),
  );
  const districtsOf = (m: Municipality) =>
    DISTRICTS.slice(0, Math.max(2, Math.min(DISTRICTS.length, Math.round(Math.sqrt(m.population) / 25))));
  const status = (): ServiceStatus => {
    const r = rng.next();
    return r < 0.96 ? 'active' : r < 0.985 ? 'inactive' : r < 0.995 ? 'temporarily closed' : 'defunct';
  };

  const services: ServiceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const template: ServiceTemplate = rng.weighted(TEMPLATES, (t) => t.weight);
    const m = rng.weighted(reference.municipalities, (x) => x.population ** 0.6);
    const region = regionOf(m);
    const district = rng.pick(districtsOf(m));
    const unit = rng.pick(UNIT_NAMES);
    const values = {
      mun: genitive(m),
      munName: m.name.fi,
      dist: district[1],
      region: regionWord(region),
      unit,
      distName: district[0],
      munSv: m.name.sv ?? m.name.fi,
      munEn: m.name.fi,
    };
    const multilingual = rng.chance(1 / 3);
    const nameIndex = rng.int(0, template.names.fi.length - 1);
    const text = (list: string[], index?: number) =>
      capitalize(
        fill(list[index === undefined ? rng.int(0, list.length - 1) : index % list.length] ?? '', values),
      );
    const localized = (fi: string, sv: () => string, en: () => string): LocalizedText =>
      multilingual ? { fi, sv: sv(), en: en() } : { fi };

    const topics = rng.sample(template.topics, rng.int(1, Math.min(3, template.topics.length)));
    const topicNames = topics.map((code) => lowerFirst(reference.topicNames.get(code) ?? code));
    const description = (lang: 'fi' | 'sv' | 'en') => {
      const own = rng.sample(template.sentences[lang], lang === 'fi' ? rng.int(2, 4) : 2);
      const general = rng.sample(GENERAL_SENTENCES[lang], lang === 'fi' ? rng.int(1, 2) : 1);
      const about =
        lang === 'fi' ? [`Voit ottaa yhteyttä esimerkiksi näissä asioissa: ${topicNames.join(', ')}.`] : [];
      return fill([...own, ...about, ...general].join(' '), values);
    };

    const id = stableUuid('service', `bench/${seed}/${i}`);
    const organizationId = providerOf(template.provider, m);
    const site = template.site;
    const locationIds = site ? [location(site, organizationId, m, district, unit)] : [];
    const area =
      template.reach === 'region'
        ? null
        : template.reach === 'local'
          ? [m.code]
          : [m.code, ...(nearbyOf.get(m.code) ?? []).slice(0, rng.int(0, 2))].sort();
    const [minAge, maxAge] = template.ages;
    const channels = template.channels.filter((_, k) => k === 0 || rng.chance(0.6));
    const languages = [
      'fi',
      ...(multilingual ? ['sv', 'en'] : rng.chance(0.05) ? ['en'] : []),
      ...(rng.chance(0.05) ? [rng.pick(['ru', 'ar', 'so', 'uk', 'fa', 'et'])] : []),
    ];
    const phones: PhoneRecord[] = [
      {
        id: stableUuid('phone', `${id}/0`),
        number: `${phoneArea(region)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
        description: { fi: 'Ajanvaraus ja neuvonta' },
      },
    ];
    if (rng.chance(0.3))
      phones.push({
        id: stableUuid('phone', `${id}/1`),
        number: `044 ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
        description: { fi: 'Tekstiviestit' },
      });
    const schedules: ScheduleRecord[] = site
      ? template.site === 'parish_hall' || template.type === 'JARJESTO_VERTAISTUKI'
        ? [
            {
              id: stableUuid('schedule', `${id}/0`),
              byday: rng.pick(['MO', 'TU', 'WE', 'TH', 'FR']),
              opensAt: rng.pick(['09:30', '10:00', '17:30']),
              closesAt: rng.pick(['11:30', '12:00', '19:00']),
              description: null,
            },
          ]
        : [
            {
              id: stableUuid('schedule', `${id}/0`),
              byday: 'MO,TU,WE,TH,FR',
              opensAt: rng.pick(['07:30', '08:00', '08:30']),
              closesAt: rng.pick(['15:00', '15:30', '16:00']),
              description: null,
            },
          ]
      : [];

    services.push({
      id,
      organizationId,
      regionId: region.id,
      status: status(),
      name: localized(
        text(template.names.fi, nameIndex),
        () => text(template.names.sv, nameIndex),
        () => text(template.names.en, nameIndex),
      ),
      summary: localized(
        text(template.summaries.fi),
        () => text(template.summaries.sv),
        () => text(template.summaries.en),
      ),
      description: localized(
        description('fi'),
        () => description('sv'),
        () => description('en'),
      ),
      applicationProcess: rng.chance(0.5)
        ? { fi: 'Ota yhteyttä puhelimitse tai varaa aika sähköisesti.' }
        : null,
      fees: rng.chance(0.6) ? { fi: 'Maksuton.' } : null,
      eligibility: {
        fi: area === null ? `${values.region} hyvinvointialueen asukkaat` : `${values.mun} asukkaat`,
      },
      email: rng.chance(0.4) ? `perhekeskus.${m.code}@${region.code}.example` : null,
      url: rng.chance(0.5) ? `https://${region.code}.example/palvelut/${i}` : null,
      minAge,
      maxAge,
      areaMunicipalities: area,
      channels,
      languages,
      taxonomyTermIds: [
        checkTerm(termId('service_type', template.type), template.type),
        ...topics.map((code) => checkTerm(termId('topic', code), code)),
      ].sort(),
      serviceAtLocations: locationIds.map((locationId) => ({
        id: stableUuid('service_at_location', `${id}/${locationId}`),
        locationId,
      })),
      phones,
      schedules,
    });
  }
  return { organizations: [...organizations.values()], locations: [...locations.values()], services };
}

/**
 * Writes the catalogue with the application's writeRecords, `batchSize` services per
 * transaction (each batch rebuilds its own search documents), as an import would.
 */
export async function writeInBatches(db: Kysely<DB>, records: CatalogueRecords, batchSize = 1000) {
  for (let i = 0; i < records.services.length; i += batchSize) {
    const first = i === 0;
    await db.transaction().execute((trx) =>
      writeRecords(trx, {
        organizations: first ? records.organizations : [],
        locations: first ? records.locations : [],
        services: records.services.slice(i, i + batchSize),
      }),
    );
  }
}
