import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB, LocalizedText } from '../../../platform/db/types.ts';
import type { HsdsReference } from '../hsds.ts';
import { type HsdsCommandOptions, regionOfCode } from '../hsds-import.ts';
import { loadHsdsReference } from '../hsds-queries.ts';
import { type Db, readLocationRecords, readOrganizationRecords, readServiceRecords } from '../queries.ts';
import type {
  CatalogueRecords,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceRecord,
} from '../records.ts';
import {
  channelSourceId,
  DAY_NAMES,
  DAYS,
  dayRuns,
  E_CHANNEL_KINDS,
  E_CHANNEL_NAMES,
  type EChannelKind,
  eChannelId,
  loadPtvMapping,
  PHONE_CHANNEL_NAME,
  type PtvMapping,
  phoneChannelId,
  ptvTexts,
  SERVICE_CLASS_URI,
  TARGET_GROUP_URI,
  WEB_PAGE_NAME,
  webPageChannelId,
} from './mapping.ts';

/**
 * The catalogue as PTV (Suomi.fi Palvelutietovaranto) Open API v11 objects: services
 * (V11VmOpenApiService), service channels (V11VmOpenApiServiceLocationChannel for locations,
 * V11VmOpenApiPhoneChannel and V11VmOpenApiElectronicChannel derived from a service's phones
 * and channels) and organizations (V10VmOpenApiOrganization), as the public GET of the API
 * returns them. Pure functions; the folder writer is exportPtvFolder. See docs/ptv.md.
 */

export type PtvObject = Record<string, unknown>;
export interface PtvFiles {
  services: PtvObject[];
  serviceChannels: PtvObject[];
  organizations: PtvObject[];
  /** what PTV has no place for, counted: "home visits of 38 services (…)" */
  notExported: string[];
}
export const PTV_FILE_NAMES = {
  services: 'services.json',
  serviceChannels: 'service-channels.json',
  organizations: 'organizations.json',
} as const;

const ORGANIZATION_TYPE: Record<OrganizationRecord['kind'], string> = {
  region: 'Region',
  municipality: 'Municipality',
  joint_authority: 'RegionalOrganization',
  ngo: 'Organization',
  parish: 'Organization',
  company: 'Company',
};

const item = (id: string, name: LocalizedText) => ({ id, name: name.fi });
const municipality = (ref: HsdsReference, code: string) => {
  const m = ref.municipalities.get(code);
  return { code, name: ptvTexts(m?.name ?? null) };
};

function serviceHour(s: ScheduleRecord, order: number) {
  return {
    serviceHourType: 'DaysOfTheWeek',
    validFrom: null,
    validTo: null,
    isClosed: false,
    validForNow: true,
    isAlwaysOpen: false,
    isReservation: false,
    additionalInformation: ptvTexts(s.description),
    openingHour: dayRuns(s.byday).map(([from, to], i) => ({
      dayFrom: DAY_NAMES[from],
      dayTo: to === from ? null : DAY_NAMES[to],
      from: s.opensAt.slice(0, 5),
      to: s.closesAt.slice(0, 5),
      order: i,
    })),
    orderNumber: order,
  };
}

/** A phone as PTV writes it: +358 and the number without its leading 0; service numbers as they are. */
function ptvPhone(p: PhoneRecord, language: string, order: number) {
  const digits = p.number.replace(/[^\d+]/g, '');
  const international = digits.startsWith('+358');
  const national = !international && /^0[1-9]/.test(digits) && !/^0(10|20|30|60|70|75|80)0/.test(digits);
  const service = !international && !national;
  return {
    number: international ? digits.slice(4) : national ? digits.slice(1) : digits.replace(/\+/g, ''),
    prefixNumber: service ? null : '+358',
    isFinnishServiceNumber: service,
    language,
    additionalInformation: p.description?.[language as 'fi'] ?? null,
    serviceChargeType: null,
    chargeDescription: null,
    orderNumber: order,
    type: 'Phone',
  };
}

function splitStreet(street: string): { street: string; number: string | null } {
  const m = street.match(/^(.*\S)\s+(\d+[A-Za-z]?(?:[-–]\d+[A-Za-z]?)?(?:\s+[A-Za-z](?:\s*\d+)?)?)$/);
  return m ? { street: m[1] as string, number: m[2] as string } : { street, number: null };
}

export function recordsToPtv(
  records: CatalogueRecords,
  ref: HsdsReference,
  mapping: PtvMapping = loadPtvMapping(),
): PtvFiles {
  const orgs = new Map(records.organizations.map((o) => [o.id, o]));
  const locations = new Map(records.locations.map((l) => [l.id, l]));
  const orgName = (id: string) => orgs.get(id)?.name ?? { fi: id };
  const servicesOfLocation = new Map<string, ServiceRecord[]>();
  for (const s of records.services)
    for (const sal of s.serviceAtLocations) {
      const list = servicesOfLocation.get(sal.locationId) ?? [];
      list.push(s);
      servicesOfLocation.set(sal.locationId, list);
    }
  const regionMunicipalities = (regionId: string) =>
    [...ref.municipalities.values()]
      .filter((m) => m.regionId === regionId)
      .map((m) => m.code)
      .sort();
  const areasOf = (s: ServiceRecord) => {
    const codes = s.areaMunicipalities ?? regionMunicipalities(s.regionId);
    return codes.map((code) => ({
      type: 'Municipality',
      code,
      name: municipality(ref, code).name,
      municipalities: [municipality(ref, code)],
    }));
  };
  const langsOf = (text: LocalizedText) => (['fi', 'sv', 'en'] as const).filter((l) => text[l]);
  const termsOf = (s: ServiceRecord) =>
    s.taxonomyTermIds
      .map((id) => ref.terms.get(id))
      .filter((t) => t !== undefined)
      .map((t) => ({ term: t, taxonomy: ref.taxonomies.get(t.taxonomyId)?.code }));

  const lost = new Map<string, number>();
  const lose = (what: string) => lost.set(what, (lost.get(what) ?? 0) + 1);
  const channels: PtvObject[] = [];
  const channelBase = (
    id: string,
    type: string,
    organizationId: string,
    name: LocalizedText,
    services: ServiceRecord[],
    sourceId: string | null,
  ) => ({
    id,
    sourceId,
    serviceChannelType: type,
    organizationId,
    serviceChannelNames: ptvTexts(name, 'Name'),
    displayNameType: langsOf(name).map((language) => ({ type: 'Name', language })),
    serviceChannelDescriptions: [] as unknown[],
    areaType: 'LimitedType',
    areas: [] as unknown[],
    languages: [...new Set(services.flatMap((s) => s.languages))].sort(),
    webPages: [] as unknown[],
    serviceHours: [] as unknown[],
    services: services.map((s) => ({
      service: item(s.id, s.name),
      organization: item(s.organizationId, orgName(s.organizationId)),
    })),
    publishingStatus: 'Published',
    isVisibleForAll: false,
  });

  // Service locations: our locations, with the services given there.
  for (const l of [...records.locations].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const services = servicesOfLocation.get(l.id) ?? [];
    const street = splitStreet(l.street);
    channels.push({
      ...channelBase(l.id, 'ServiceLocation', l.organizationId, l.name, services, null),
      serviceChannelDescriptions: [...ptvTexts(l.transportation, 'Description')],
      areas: [
        {
          type: 'Municipality',
          code: l.municipalityCode,
          name: municipality(ref, l.municipalityCode).name,
          municipalities: [],
        },
      ],
      addresses: [
        {
          type: 'Location',
          subType: 'Single',
          country: 'FI',
          streetAddress: {
            street: ptvTexts({ fi: street.street }),
            streetNumber: street.number,
            postalCode: l.postalCode,
            postOffice: ptvTexts(l.city),
            municipality: municipality(ref, l.municipalityCode),
            additionalInformation: ptvTexts(l.accessibility),
            latitude: null,
            longitude: null,
            coordinateState: 'NotReceived',
          },
          entrances: [],
        },
      ],
      phoneNumbers: [],
      supportEmails: [],
      emails: [],
      supportPhones: [],
    });
  }

  const services = records.services.map((s) => {
    const links: PtvObject[] = [];
    const hours = s.schedules.map(serviceHour);
    const phoneList = s.phones.flatMap((p, i) =>
      (['fi', 'sv', 'en'] as const)
        .filter((l) => l === 'fi' || p.description?.[l])
        .map((l) => ptvPhone(p, l, i)),
    );
    const visits = s.serviceAtLocations.map((sal) => sal.locationId).sort();
    const eKinds = E_CHANNEL_KINDS.filter((kind) => s.channels.includes(kind));
    const webPage = s.url !== null && eKinds.length === 0;
    // A phone channel for the phone service; without one, the service's numbers ride on the
    // connection that carries the hours, or (no other channel at all) on a "contact" phone
    // channel that the import knows is not a phone service (its sourceId says so).
    const phoneKind: 'phone' | 'contact' | null = s.channels.includes('phone')
      ? 'phone'
      : s.phones.length > 0 && visits.length === 0 && eKinds.length === 0 && !webPage
        ? 'contact'
        : null;
    // Hours are the connection's details: on every visit, else on the phone channel, else on
    // the first e-channel or the web page.
    const hoursOn: 'visit' | 'phone' | EChannelKind | 'web' | null =
      visits.length > 0 ? 'visit' : phoneKind ? 'phone' : (eKinds[0] ?? (webPage ? 'web' : null));
    if (s.channels.includes('home_visit')) lose('home visits of {n} services (PTV has no such channel)');
    if (s.minAge !== null || s.maxAge !== null)
      lose('ages of {n} services (PTV has target groups: children and families, young people from 13)');
    if (s.channels.includes('visit') && visits.length === 0)
      lose('the visit channel of {n} services without a location (a visit is a service location)');
    if (s.schedules.length > 0 && hoursOn === null)
      lose('the hours of {n} services with no PTV channel to carry them');
    // the email rides on the phone, e-service or web channel (supportEmails), else on the hours' connection
    const emailOnChannel = phoneKind !== null || eKinds.length > 0 || webPage;
    if (s.email && hoursOn === null) lose('the email of {n} services with no PTV channel to carry it');
    const connect = (id: string, name: LocalizedText, carrier: boolean) =>
      links.push({
        serviceChannel: item(id, name),
        serviceHours: carrier ? hours : [],
        description: [],
        digitalAuthorizations: [],
        extraTypes: [],
        contactDetails: {
          emails: carrier && !emailOnChannel && s.email ? [{ language: 'fi', value: s.email }] : [],
          phoneNumbers: carrier && phoneKind === null ? phoneList : [],
          webPages: [],
          addresses: [],
        },
      });
    for (const id of visits) connect(id, locations.get(id)?.name ?? { fi: id }, true);
    if (phoneKind) {
      const id = phoneChannelId(s.id);
      connect(id, PHONE_CHANNEL_NAME, hoursOn === 'phone');
      channels.push({
        ...channelBase(
          id,
          'Phone',
          s.organizationId,
          { ...PHONE_CHANNEL_NAME },
          [s],
          channelSourceId(phoneKind, s.id),
        ),
        serviceChannelDescriptions: ptvTexts(s.summary, 'Summary'),
        phoneNumbers: phoneList,
        supportEmails: s.email ? [{ language: 'fi', value: s.email }] : [],
        supportPhones: [],
        areas: areasOf(s),
      });
    }
    for (const kind of eKinds) {
      const id = eChannelId(s.id, kind);
      connect(id, E_CHANNEL_NAMES[kind], hoursOn === kind);
      channels.push({
        ...channelBase(
          id,
          'EChannel',
          s.organizationId,
          { ...E_CHANNEL_NAMES[kind] },
          [s],
          channelSourceId(kind, s.id),
        ),
        serviceChannelDescriptions: ptvTexts(s.summary, 'Summary'),
        webPages: s.url
          ? [{ url: s.url, value: E_CHANNEL_NAMES[kind].fi, language: 'fi', orderNumber: 0 }]
          : [],
        supportEmails: s.email ? [{ language: 'fi', value: s.email }] : [],
        supportPhones: [],
        areas: areasOf(s),
        requiresAuthentication: false,
        requiresSignature: false,
        signatureQuantity: null,
        attachments: [],
        accessibilityClassification: [],
      });
    }
    if (webPage && s.url) {
      const id = webPageChannelId(s.id);
      connect(id, WEB_PAGE_NAME, hoursOn === 'web');
      channels.push({
        ...channelBase(
          id,
          'WebPage',
          s.organizationId,
          { ...WEB_PAGE_NAME },
          [s],
          channelSourceId('web', s.id),
        ),
        serviceChannelDescriptions: ptvTexts(s.summary, 'Summary'),
        webPages: [{ url: s.url, value: s.name.fi, language: 'fi', orderNumber: 0 }],
        supportEmails: s.email ? [{ language: 'fi', value: s.email }] : [],
        supportPhones: [],
        areas: areasOf(s),
        accessibilityClassification: [],
      });
    }
    const terms = termsOf(s);
    const classes = [
      ...new Set(
        terms
          .filter((t) => t.taxonomy === 'service_type')
          .flatMap((t) => mapping.classesOf.get(t.term.code) ?? []),
      ),
    ];
    const groups = ['KR1', 'KR1.2', ...((s.maxAge ?? 99) >= 13 ? ['KR1.3'] : [])];
    const keywords = terms.flatMap((t) => ptvTexts(t.term.name));
    return {
      id: s.id,
      sourceId: null,
      type: 'Service',
      fundingType: ['ngo', 'parish', 'company'].includes(orgs.get(s.organizationId)?.kind ?? '')
        ? 'MarketFunded'
        : 'PubliclyFunded',
      serviceNames: ptvTexts(s.name, 'Name'),
      serviceDescriptions: [
        ...ptvTexts(s.summary, 'Summary'),
        ...ptvTexts(s.description, 'Description'),
        ...ptvTexts(s.applicationProcess, 'UserInstruction'),
        ...ptvTexts(s.fees, 'ChargeTypeAdditionalInfo'),
      ],
      serviceChargeType: null,
      areaType: 'LimitedType',
      areas: areasOf(s),
      languages: [...s.languages],
      keywords,
      requirements: ptvTexts(s.eligibility),
      serviceClasses: classes.map((code) => {
        const c = mapping.serviceClasses.get(code);
        return {
          code,
          uri: `${SERVICE_CLASS_URI}${code}`,
          name: ptvTexts(c?.name ?? null),
          description: [],
          parentUri: c?.parent ? `${SERVICE_CLASS_URI}${c.parent}` : null,
        };
      }),
      ontologyTerms: [],
      targetGroups: groups.map((code) => {
        const g = mapping.targetGroups.get(code);
        return {
          code,
          uri: `${TARGET_GROUP_URI}${code}`,
          name: ptvTexts(g?.name ?? null),
          parentUri: g?.parent ? `${TARGET_GROUP_URI}${g.parent}` : null,
        };
      }),
      lifeEvents: [],
      industrialClasses: [],
      serviceChannels: links,
      organizations: [
        {
          roleType: 'Responsible',
          organization: item(s.organizationId, orgName(s.organizationId)),
          provisionType: null,
          additionalInformation: [],
        },
      ],
      mainOrganization: item(s.organizationId, orgName(s.organizationId)),
      publishingStatus: s.status === 'active' ? 'Published' : 'Draft',
      availableLanguages: langsOf(s.name),
    };
  });

  for (const l of records.locations)
    if (l.latitude !== null) lose('the coordinates of {n} locations (not written; PTV geocodes the address)');
  for (const o of records.organizations)
    if (o.kind === 'parish') lose("the kind of {n} parishes (PTV's Organization, as an NGO's)");
  const organizations = records.organizations.map((o) => ({
    id: o.id,
    sourceId: null,
    organizationType: ORGANIZATION_TYPE[o.kind],
    organizationNames: ptvTexts(o.name, 'Name'),
    displayNameType: langsOf(o.name).map((language) => ({ type: 'Name', language })),
    organizationDescriptions: ptvTexts(o.description, 'Description'),
    ...(o.municipalityCode ? { municipality: municipality(ref, o.municipalityCode) } : {}),
    emails: o.email ? [{ language: 'fi', value: o.email }] : [],
    phoneNumbers: o.phone ? [ptvPhone({ id: o.id, number: o.phone, description: null }, 'fi', 0)] : [],
    webPages: o.website ? [{ url: o.website, value: o.name.fi, language: 'fi', orderNumber: 0 }] : [],
    addresses: [],
    publishingStatus: 'Published',
    availableLanguages: langsOf(o.name),
  }));

  const byId = (a: PtvObject, b: PtvObject) => ((a.id as string) < (b.id as string) ? -1 : 1);
  return {
    services: services.sort(byId),
    serviceChannels: channels.sort(byId),
    organizations: organizations.sort(byId),
    notExported: [...lost].map(([what, n]) => what.replace('{n}', String(n))),
  };
}

/** The catalogue (all of it, or one region's) as PTV objects in memory. */
export async function exportPtv(db: Db, region?: { id: string }): Promise<PtvFiles> {
  const filter = region ? { regionId: region.id } : {};
  const [organizations, locations, services, ref] = await Promise.all([
    readOrganizationRecords(db, filter),
    readLocationRecords(db, filter),
    readServiceRecords(db, filter),
    loadHsdsReference(db),
  ]);
  return recordsToPtv({ organizations, locations, services }, ref);
}

/** Writes services.json, service-channels.json and organizations.json into a folder (made if missing). */
export async function exportPtvFolder(
  db: Kysely<DB>,
  dir: string,
  { regionCode, progress = () => {} }: HsdsCommandOptions = {},
): Promise<{ written: { file: string; count: number }[]; notExported: string[] }> {
  const region = await regionOfCode(db, regionCode);
  progress(`reading the catalogue${region ? ` of ${region.code}` : ''}…`);
  const files = await exportPtv(db, region);
  mkdirSync(dir, { recursive: true });
  const written = (Object.keys(PTV_FILE_NAMES) as (keyof typeof PTV_FILE_NAMES)[]).map((key) => {
    const file = PTV_FILE_NAMES[key];
    progress(`writing ${file}…`);
    writeFileSync(join(dir, file), `${JSON.stringify(files[key], null, 2)}\n`);
    return { file, count: files[key].length };
  });
  return { written, notExported: files.notExported };
}

export { DAYS };
