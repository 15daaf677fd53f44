import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { LANGS, type Lang } from '../../../i18n/index.ts';
import type { DB, LocalizedText, OrganizationKind } from '../../../platform/db/types.ts';
import { stableUuid, UUID_PATTERN } from '../../../platform/ids.ts';
import { JsonSyntaxError, parseJson } from '../../../platform/json.ts';
import { SERVICE_LANGUAGES } from '../catalogue.ts';
import type { HsdsReference } from '../hsds.ts';
import { type HsdsCommandOptions, HsdsFolderError, type ImportCounts, regionOfCode } from '../hsds-import.ts';
import { loadHsdsReference } from '../hsds-queries.ts';
import { readLocationRecords, readOrganizationRecords, readServiceRecords } from '../queries.ts';
import {
  type CatalogueRecords,
  canonical,
  type LocationRecord,
  normalizeService,
  type OrganizationRecord,
  type PhoneRecord,
  type ScheduleRecord,
  type ServiceRecord,
} from '../records.ts';
import { refreshServiceSearch } from '../search-documents.ts';
import { writeRecords } from '../seed.ts';
import {
  DAY_NAMES,
  DAYS,
  fromPtvTexts,
  loadPtvMapping,
  type PtvMapping,
  phoneDigits,
  SOURCE_ID,
  serviceClassCode,
} from './mapping.ts';
import { CHANNEL_MODEL, validatePtv } from './validator.ts';

/**
 * PTV Open API v11 JSON (as exported by export.ts, or as fetched from PTV: services, service
 * channels, organizations; a folder of files, one file, arrays or PTV's pages) → our catalogue,
 * through the writers of the HSDS import. All or nothing; what PTV does not carry (ages, a
 * location's coordinates, home visits) is kept from the record we have. See docs/ptv.md.
 */

/** A coded reason an import cannot go on, with every problem (file: path: message). */
export class PtvImportError extends HsdsFolderError {
  constructor(
    public readonly code: 'ptv.unreadable' | 'ptv.invalid' | 'ptv.unfit',
    summary: string,
    problems: string[] = [],
  ) {
    super(summary, problems);
    this.name = 'PtvImportError';
  }
}

type Obj = Record<string, unknown>;
export interface PtvInput {
  services: { file: string; at: number; value: Obj }[];
  channels: { file: string; at: number; value: Obj }[];
  organizations: { file: string; at: number; value: Obj }[];
}
export interface PtvImportReport {
  organizations: ImportCounts;
  locations: ImportCounts;
  services: ImportCounts;
  /** mapped: how PTV's codes became ours; warnings: what was read but not stored */
  mapped: string[];
  warnings: string[];
  /** the fields read but not stored, counted per kind of object: "services: targetGroups in 141 (…)" */
  notStored: string[];
  dryRun: boolean;
}

/** Reads a file, or every .json file of a folder; sorts the objects into services, channels and organizations. */
export function readPtvInput(path: string): PtvInput {
  if (!existsSync(path)) throw new PtvImportError('ptv.unreadable', `${path}: no such file or folder`);
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw new PtvImportError('ptv.unreadable', `${path}: no .json files`);
  const input: PtvInput = { services: [], channels: [], organizations: [] };
  const problems: string[] = [];
  for (const file of files) {
    const name = file.split('/').pop() as string;
    let value: unknown;
    try {
      value = parseJson(readFileSync(file, 'utf8'));
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      problems.push(`${name}: ${error.message}`);
      continue;
    }
    const list = Array.isArray(value)
      ? value
      : value && typeof value === 'object' && Array.isArray((value as Obj).itemList)
        ? ((value as Obj).itemList as unknown[])
        : [value];
    list.forEach((x, at) => {
      const o = x as Obj;
      if (!o || typeof o !== 'object' || Array.isArray(o))
        problems.push(`${name}: /${at}: must be a PTV service, service channel or organization object`);
      else if (typeof o.serviceChannelType === 'string') input.channels.push({ file: name, at, value: o });
      else if (Array.isArray(o.organizationNames)) input.organizations.push({ file: name, at, value: o });
      else if (Array.isArray(o.serviceNames)) input.services.push({ file: name, at, value: o });
      else
        problems.push(
          `${name}: /${at}: not a PTV service (serviceNames), service channel (serviceChannelType) or organization (organizationNames)`,
        );
    });
  }
  if (problems.length > 0)
    throw new PtvImportError(
      'ptv.unreadable',
      `${path}: cannot read the files, nothing was imported`,
      problems,
    );
  return input;
}

/** Every object against its PTV v11 model, and every id a UUID. */
export function validatePtvInput(input: PtvInput): { problems: string[]; ignored: string[] } {
  const problems: string[] = [];
  const ignored: string[] = [];
  const check = (model: Parameters<typeof validatePtv>[0], x: { file: string; at: number; value: Obj }) => {
    for (const p of validatePtv(model, x.value)) problems.push(`${x.file}: /${x.at}${p.path}: ${p.message}`);
    if (typeof x.value.id !== 'string' || !UUID_PATTERN.test(x.value.id))
      problems.push(`${x.file}: /${x.at}/id: must be a UUID (PTV's id)`);
  };
  for (const s of input.services) check('V11VmOpenApiService', s);
  for (const o of input.organizations) check('V10VmOpenApiOrganization', o);
  for (const c of input.channels) {
    const model = CHANNEL_MODEL[c.value.serviceChannelType as string];
    if (!model)
      ignored.push(
        `${c.file}: /${c.at}: a ${String(c.value.serviceChannelType)} channel has no place in Perheverkko, ignored`,
      );
    else check(model, c);
  }
  return { problems, ignored };
}

/** Fields that identify or publish an object rather than say something of the service: read or not needed. */
const META = [
  'id',
  'sourceId',
  'versionId',
  'channelId',
  'modified',
  'publishingStatus',
  'availableLanguages',
  'displayNameType',
  'security',
  'oid',
  'isVisibleForAll',
  'areaType',
  'type',
  'serviceChannelType',
  'services',
  'areaMunicipalities',
];
/** The fields the import reads, per kind of object; any other field with a value is counted as not stored. */
const READ = {
  service: new Set([
    ...META,
    'serviceNames',
    'serviceDescriptions',
    'areas',
    'languages',
    'keywords',
    'requirements',
    'serviceClasses',
    'serviceChannels',
    'organizations',
    'mainOrganization',
  ]),
  ServiceLocation: new Set([
    ...META,
    'organizationId',
    'serviceChannelNames',
    'serviceChannelDescriptions',
    'areas',
    'addresses',
    'languages',
    'serviceHours',
  ]),
  Phone: new Set([...META, 'organizationId', 'phoneNumbers', 'supportEmails', 'serviceHours']),
  EChannel: new Set([...META, 'organizationId', 'webPages', 'supportEmails', 'serviceHours']),
  WebPage: new Set([...META, 'organizationId', 'webPages', 'supportEmails', 'serviceHours']),
  organization: new Set([
    ...META,
    'organizationType',
    'organizationNames',
    'organizationDescriptions',
    'municipality',
    'emails',
    'webPages',
    'phoneNumbers',
  ]),
  link: new Set(['serviceChannel', 'serviceHours', 'contactDetails', 'modified', 'ownerReferenceId']),
} as const;
const WHY: Record<string, string> = {
  targetGroups: 'ages are kept from the record we have',
  fundingType: "the export derives it from the organisation's kind",
  keywords: 'a keyword that names none of our service types or topics',
  serviceChannelNames: 'a phone, e-service or web channel is stored as a channel kind of the service',
  serviceChannelDescriptions: 'a phone, e-service or web channel is stored as a channel kind of the service',
  languages: 'a channel has the languages of its service',
  areas: 'a channel has the area of its service',
};

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === false ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isEmpty));

const KIND: Record<string, OrganizationKind> = {
  WellbeingServicesCounty: 'region',
  Municipality: 'municipality',
  RegionalOrganization: 'joint_authority',
  Company: 'company',
  Organization: 'ngo',
  Region: 'region',
  SotePublic: 'joint_authority',
  SotePrivate: 'company',
  State: 'joint_authority',
};

const arr = (v: unknown): Obj[] =>
  Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Obj[]) : [];
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

interface Context {
  ref: HsdsReference;
  mapping: PtvMapping;
  region: { id: string } | undefined;
  orgRegions: ReadonlyMap<string, string>;
  existing: {
    organizations: Map<string, OrganizationRecord>;
    locations: Map<string, LocationRecord>;
    services: Map<string, ServiceRecord>;
  };
}

/** PTV objects → our records, with what was mapped and what was lost; problems make the import fail. */
export function ptvToRecords(
  input: PtvInput,
  ctx: Context,
): {
  records: CatalogueRecords;
  problems: string[];
  mapped: string[];
  warnings: string[];
  notStored: string[];
} {
  const problems: string[] = [];
  const warnings: string[] = [];
  const mapped = new Set<string>();
  const notStored = new Map<string, number>();
  const drop = (kind: string, field: string, n = 1) =>
    notStored.set(`${kind}: ${field}`, (notStored.get(`${kind}: ${field}`) ?? 0) + n);
  const unread = (kind: string, o: Obj, read: ReadonlySet<string>) => {
    for (const [field, value] of Object.entries(o))
      if (!read.has(field) && !isEmpty(value)) drop(kind, field);
  };
  const rest = (kind: string, field: string, list: unknown) => {
    if (arr(list).length > 1) drop(kind, `${field} after the first`);
  };
  const otherTypes = (kind: string, field: string, list: unknown, types: readonly string[]) => {
    for (const t of new Set(arr(list).map((x) => String(x.type))))
      if (!types.includes(t)) drop(kind, `${field} of type ${t}`);
  };
  const { ref, mapping, existing } = ctx;
  const at = (x: { file: string; at: number }, path = '') => `${x.file}: /${x.at}${path}`;
  const lowerId = (v: unknown) => lower(v);

  // organizations
  const orgRegion = new Map(ctx.orgRegions);
  const organizations: OrganizationRecord[] = [];
  for (const x of input.organizations) {
    const o = x.value;
    unread('organizations', o, READ.organization);
    for (const field of ['emails', 'webPages', 'phoneNumbers']) rest('organizations', field, o[field]);
    otherTypes('organizations', 'organizationDescriptions', o.organizationDescriptions, ['Description']);
    const id = lowerId(o.id);
    const old = existing.organizations.get(id);
    const regionId =
      ctx.region?.id ?? old?.regionId ?? (ref.regions.size === 1 ? [...ref.regions.keys()][0] : undefined);
    if (!regionId) {
      problems.push(`${at(x)}: a new organization needs a region: give --region`);
      continue;
    }
    const name = fromPtvTexts(o.organizationNames, 'Name').text;
    if (!name) {
      problems.push(`${at(x, '/organizationNames')}: needs a Finnish Name`);
      continue;
    }
    const type = str(o.organizationType) ?? '';
    let kind = KIND[type] ?? old?.kind ?? 'ngo';
    if (type === 'Organization' && old && (old.kind === 'ngo' || old.kind === 'parish')) kind = old.kind;
    if (!KIND[type])
      warnings.push(`${at(x, '/organizationType')}: ${type || 'none'} is not one of ours, kept as ${kind}`);
    const municipalityCode = str((o.municipality as Obj | undefined)?.code);
    if (municipalityCode && !ref.municipalities.has(municipalityCode))
      warnings.push(`${at(x, '/municipality')}: unknown municipality ${municipalityCode}, dropped`);
    const phone = arr(o.phoneNumbers)[0];
    const phoneText = phone ? `${phone.prefixNumber === '+358' ? '0' : ''}${phone.number}` : null;
    organizations.push({
      id,
      regionId,
      kind,
      name,
      description: fromPtvTexts(o.organizationDescriptions, 'Description').text ??
        old?.description ?? { fi: '' },
      municipalityCode:
        municipalityCode && ref.municipalities.has(municipalityCode) ? municipalityCode : null,
      email: str(arr(o.emails)[0]?.value),
      website: str(arr(o.webPages)[0]?.url),
      phone:
        phoneText && old?.phone && phoneDigits(old.phone) === phoneDigits(phoneText) ? old.phone : phoneText,
    });
    orgRegion.set(id, regionId);
  }
  const knownOrg = (id: string) => orgRegion.has(id);

  // service locations → locations; the other channels by id
  const locations: LocationRecord[] = [];
  const channelById = new Map<string, Obj>();
  for (const x of input.channels) {
    const c = x.value;
    const id = lowerId(c.id);
    channelById.set(id, c);
    const kind = `service channels (${String(c.serviceChannelType)})`;
    const ours = typeof c.sourceId === 'string' && SOURCE_ID.test(c.sourceId);
    // a channel we derived from a service (its sourceId says so) holds nothing the service does not
    const type = String(c.serviceChannelType);
    if (!ours && CHANNEL_MODEL[type]) {
      unread(kind, c, READ[type as 'Phone']);
      if (type !== 'ServiceLocation')
        for (const field of ['webPages', 'supportEmails']) rest(kind, field, c[field]);
    }
    if (c.serviceChannelType !== 'ServiceLocation') continue;
    const old = existing.locations.get(id);
    const organizationId = lowerId(c.organizationId);
    if (!knownOrg(organizationId)) {
      problems.push(`${at(x, '/organizationId')}: no such organization in the files or the catalogue`);
      continue;
    }
    const name = fromPtvTexts(c.serviceChannelNames, 'Name').text;
    const address = arr(c.addresses).find((a) => a.streetAddress) ?? null;
    const street = (address?.streetAddress ?? null) as Obj | null;
    const streetName = street ? fromPtvTexts(street.street).text : null;
    const municipalityCode =
      str((street?.municipality as Obj | undefined)?.code) ?? str(arr(c.areas)[0]?.code);
    if (
      !name ||
      !streetName ||
      !street?.postalCode ||
      !municipalityCode ||
      !ref.municipalities.has(municipalityCode)
    ) {
      problems.push(
        `${at(x)}: a service location needs a Finnish Name and a street address with a postal code in a known municipality`,
      );
      continue;
    }
    const lat = Number(street.latitude);
    const lon = Number(street.longitude);
    const wgs84 =
      Number.isFinite(lat) && Number.isFinite(lon) && lat > 59 && lat < 71 && lon > 19 && lon < 32;
    if (street.latitude && !wgs84)
      warnings.push(
        `${at(x, '/addresses')}: coordinates in ETRS-TM35FIN are not converted; ${old ? 'the stored ones kept' : 'none stored'}`,
      );
    locations.push({
      id,
      organizationId,
      name,
      street: [streetName.fi, str(street.streetNumber)].filter(Boolean).join(' '),
      postalCode: String(street.postalCode),
      city: fromPtvTexts(street.postOffice).text ??
        ref.municipalities.get(municipalityCode)?.name ?? { fi: '' },
      municipalityCode,
      latitude: wgs84 ? lat : (old?.latitude ?? null),
      longitude: wgs84 ? lon : (old?.longitude ?? null),
      transportation: fromPtvTexts(c.serviceChannelDescriptions, 'Description').text,
      accessibility: fromPtvTexts(street.additionalInformation).text,
    });
  }
  const locationIds = new Set([...existing.locations.keys(), ...locations.map((l) => l.id)]);

  // services
  const typeTerms = [...ref.terms.values()].filter(
    (t) => ref.taxonomies.get(t.taxonomyId)?.code === 'service_type',
  );
  const topicTerms = [...ref.terms.values()].filter(
    (t) => ref.taxonomies.get(t.taxonomyId)?.code === 'topic',
  );
  const byName = (terms: typeof typeTerms, word: string) =>
    terms.find((t) =>
      [t.name.fi, t.name.sv, t.name.en].some((n) => n && n.toLowerCase() === word.toLowerCase()),
    );
  const services: ServiceRecord[] = [];
  for (const x of input.services) {
    const s = x.value;
    const id = lowerId(s.id);
    const old = existing.services.get(id);
    unread('services', s, READ.service);
    otherTypes('services', 'serviceDescriptions', s.serviceDescriptions, [
      'Summary',
      'Description',
      'UserInstruction',
      'ChargeTypeAdditionalInfo',
    ]);
    const main =
      (s.mainOrganization as Obj | undefined)?.id ??
      (arr(s.organizations).find((o) => o.roleType === 'Responsible')?.organization as Obj | undefined)?.id;
    const organizationId = lowerId(main ?? old?.organizationId);
    if (!knownOrg(organizationId)) {
      problems.push(`${at(x, '/mainOrganization')}: no such organization in the files or the catalogue`);
      continue;
    }
    const regionId = ctx.region?.id ?? old?.regionId ?? (orgRegion.get(organizationId) as string);
    const name = fromPtvTexts(s.serviceNames, 'Name');
    if (!name.text) {
      problems.push(`${at(x, '/serviceNames')}: needs a Finnish Name`);
      continue;
    }
    if (name.other.length > 0)
      warnings.push(
        `${at(x, '/serviceNames')}: texts in ${name.other.join(', ')} dropped (fi, sv and en are kept)`,
      );
    const text = (type: string) => fromPtvTexts(s.serviceDescriptions, type).text;
    const summary = text('Summary') ?? old?.summary ?? { fi: name.text.fi };
    const description = text('Description') ?? old?.description ?? summary;

    // area
    const regionCodes = [...ref.municipalities.values()]
      .filter((m) => m.regionId === regionId)
      .map((m) => m.code)
      .sort();
    let area: string[] | null = null;
    if (s.areaType === 'LimitedType' || s.areaType === undefined || s.areaType === null) {
      const codes = new Set<string>();
      for (const a of arr(s.areas)) {
        if (a.type === 'Municipality' && str(a.code)) codes.add(a.code as string);
        else if (arr(a.municipalities).length === 0)
          warnings.push(`${at(x, '/areas')}: a ${String(a.type)} area without municipalities is not stored`);
        for (const m of arr(a.municipalities)) if (str(m.code)) codes.add(m.code as string);
      }
      for (const code of [...codes]) {
        if (!regionCodes.includes(code)) {
          warnings.push(`${at(x, '/areas')}: municipality ${code} is not in the region, dropped`);
          codes.delete(code);
        }
      }
      const sorted = [...codes].sort();
      area = sorted.length === 0 || sorted.join() === regionCodes.join() ? null : sorted;
    } else warnings.push(`${at(x, '/areaType')}: ${String(s.areaType)} stored as the whole region`);

    // service type and topics: keywords that name our terms, then the service classes
    const termIds = new Set<string>();
    for (const k of arr(s.keywords)) {
      const word = str(k.value);
      if (!word) continue;
      const t = byName(typeTerms, word) ?? byName(topicTerms, word);
      if (t) termIds.add(t.id);
      else drop('services', 'keywords');
    }
    const classes = new Set(
      arr(s.serviceClasses)
        .map((c) => serviceClassCode(c))
        .filter((c): c is string => c !== null),
    );
    const unknownClasses = arr(s.serviceClasses)
      .filter((c) => serviceClassCode(c) === null)
      .map((c) => String(c.uri ?? c.code));
    if (![...termIds].some((tid) => typeTerms.some((t) => t.id === tid))) {
      let best: { code: string; size: number } | undefined;
      for (const [code, list] of mapping.classesOf)
        if (list.every((c) => classes.has(c)) && (!best || list.length > best.size))
          best = { code, size: list.length };
      const term = best && typeTerms.find((t) => t.code === best.code);
      if (term) {
        termIds.add(term.id);
        mapped.add(`service classes ${[...classes].sort().join(' ')} → service type ${term.code}`);
      } else
        warnings.push(
          `${at(x, '/serviceClasses')}: no service type for the classes ${[...classes].sort().join(' ') || '(none)'}`,
        );
    }
    const used = new Set(
      [...termIds].flatMap(
        (tid) => mapping.classesOf.get(typeTerms.find((t) => t.id === tid)?.code ?? '') ?? [],
      ),
    );
    const unmapped = [...classes].filter((c) => !used.has(c));
    if (unmapped.length > 0 || unknownClasses.length > 0)
      warnings.push(
        `${at(x, '/serviceClasses')}: not mapped to our terms: ${[...unmapped, ...unknownClasses].join(', ')}`,
      );

    // channels
    const channels = new Set<string>(old?.channels.includes('home_visit') ? ['home_visit'] : []);
    const serviceAtLocations: ServiceRecord['serviceAtLocations'] = [];
    const phones: PhoneRecord[] = [];
    const schedules: ScheduleRecord[] = [];
    let url: string | null = null;
    let email: string | null = null;
    for (const link of arr(s.serviceChannels)) {
      const channelId = lowerId((link.serviceChannel as Obj | undefined)?.id);
      const c = channelById.get(channelId);
      const type = c?.serviceChannelType ?? (locationIds.has(channelId) ? 'ServiceLocation' : undefined);
      if (type === 'ServiceLocation' && locationIds.has(channelId)) {
        channels.add('visit');
        const before = old?.serviceAtLocations.find((sal) => sal.locationId === channelId);
        serviceAtLocations.push({
          id: before?.id ?? stableUuid('ptv_service_at_location', `${id}:${channelId}`),
          locationId: channelId,
        });
      } else if (type === 'Phone' && c) {
        // our "contact" phone channel only carries the numbers of a service without a phone service
        if (
          !(
            typeof c.sourceId === 'string' &&
            SOURCE_ID.test(c.sourceId) &&
            c.sourceId.split('.')[1] === 'contact'
          )
        )
          channels.add('phone');
        email ??= str(arr(c.supportEmails)[0]?.value);
      } else if ((type === 'EChannel' || type === 'WebPage') && c) {
        const kind =
          typeof c.sourceId === 'string' && SOURCE_ID.test(c.sourceId)
            ? (c.sourceId.split('.')[1] as string)
            : type === 'EChannel'
              ? 'eservice'
              : 'web';
        if (kind !== 'web' && kind !== 'phone') channels.add(kind);
        url ??= str(arr(c.webPages)[0]?.url);
        email ??= str(arr(c.supportEmails)[0]?.value);
      } else
        warnings.push(
          `${at(x, '/serviceChannels')}: channel ${channelId || '?'} is neither in the files nor a known location, dropped`,
        );
      {
        const phoneNumbers = [
          ...(type === 'Phone' && c ? arr(c.phoneNumbers) : []),
          ...arr((link.contactDetails as Obj | undefined)?.phoneNumbers),
        ];
        const byDigits = new Map<string, { number: string; description: Partial<Record<Lang, string>> }>();
        for (const p of phoneNumbers) {
          if (p.type === 'Fax') continue;
          const number = `${p.prefixNumber === '+358' ? '0' : ''}${String(p.number)}`;
          const entry = byDigits.get(phoneDigits(number)) ?? { number, description: {} };
          const info = str(p.additionalInformation);
          const lang = p.language as Lang;
          if (info && LANGS.includes(lang)) entry.description[lang] ??= info;
          byDigits.set(phoneDigits(number), entry);
        }
        for (const [digits, entry] of byDigits) {
          if (phones.some((q) => phoneDigits(q.number) === digits)) continue;
          const before = old?.phones.find((q) => phoneDigits(q.number) === digits);
          const d = entry.description;
          const description: LocalizedText | null = d.fi
            ? { fi: d.fi, ...(d.sv ? { sv: d.sv } : {}), ...(d.en ? { en: d.en } : {}) }
            : null;
          if (!d.fi && (d.sv || d.en))
            warnings.push(`${at(x, '/serviceChannels')}: a phone's description without Finnish, dropped`);
          phones.push({
            id: before?.id ?? stableUuid('ptv_phone', `${id}:${digits}`),
            number: before?.number ?? entry.number,
            description,
          });
        }
      }
      unread('services', link, READ.link);
      const contact = (link.contactDetails as Obj | undefined) ?? {};
      for (const [field, value] of Object.entries(contact))
        if (field !== 'phoneNumbers' && field !== 'emails' && !isEmpty(value))
          drop('services', `serviceChannels contactDetails ${field}`);
      email ??= str(arr(contact.emails)[0]?.value);
      if (arr(contact.emails).length > 1)
        drop('services', 'serviceChannels contactDetails emails after the first');
      // hours of the connection, else the channel's own (PTV keeps a location's opening hours there)
      const hourList = arr(link.serviceHours).length > 0 ? arr(link.serviceHours) : arr(c?.serviceHours);
      for (const h of hourList) {
        if (h.serviceHourType !== 'DaysOfTheWeek' || h.isClosed || h.isAlwaysOpen) {
          warnings.push(
            `${at(x, '/serviceChannels')}: ${String(h.serviceHourType)} service hours (closed, always open or exceptional) are not stored`,
          );
          continue;
        }
        const groups = new Map<string, Set<number>>();
        for (const o of arr(h.openingHour)) {
          const from = DAY_NAMES.indexOf(o.dayFrom as (typeof DAY_NAMES)[number]);
          const to = o.dayTo ? DAY_NAMES.indexOf(o.dayTo as (typeof DAY_NAMES)[number]) : from;
          if (from < 0 || to < from) continue;
          const key = `${String(o.from).slice(0, 5)}-${String(o.to).slice(0, 5)}`;
          const days = groups.get(key) ?? new Set<number>();
          for (let d = from; d <= to; d++) days.add(d);
          groups.set(key, days);
        }
        for (const [key, days] of groups) {
          const [opensAt, closesAt] = key.split('-') as [string, string];
          const byday = [...days]
            .sort()
            .map((d) => DAYS[d])
            .join(',');
          const info = fromPtvTexts(h.additionalInformation).text;
          const same = (q: ScheduleRecord) =>
            q.byday === byday &&
            q.opensAt.slice(0, 5) === opensAt &&
            q.closesAt.slice(0, 5) === closesAt &&
            canonical(q.description) === canonical(info);
          if (schedules.some(same)) continue;
          const before = old?.schedules.find(same);
          schedules.push(
            before ?? {
              id: stableUuid('ptv_schedule', `${id}:${byday} ${key} ${canonical(info)}`),
              byday,
              opensAt,
              closesAt,
              description: info,
            },
          );
        }
      }
    }
    const languages =
      arr(s.languages).length === 0 && Array.isArray(s.languages)
        ? (s.languages as string[])
        : ((s.languages as string[] | undefined) ?? []);
    const ours = languages.filter((l) => (SERVICE_LANGUAGES as readonly string[]).includes(l));
    if (ours.length < languages.length)
      warnings.push(
        `${at(x, '/languages')}: ${languages.filter((l) => !ours.includes(l)).join(', ')} not among our service languages, dropped`,
      );
    services.push({
      id,
      organizationId,
      regionId,
      status: s.publishingStatus === 'Published' ? 'active' : (old?.status ?? 'inactive'),
      name: name.text,
      summary,
      description,
      applicationProcess: text('UserInstruction'),
      fees: text('ChargeTypeAdditionalInfo'),
      eligibility: fromPtvTexts(s.requirements).text,
      email: email ?? old?.email ?? null,
      url: url ?? old?.url ?? null,
      minAge: old?.minAge ?? null,
      maxAge: old?.maxAge ?? null,
      areaMunicipalities: area,
      channels: [...channels],
      languages: ours,
      taxonomyTermIds: [...termIds],
      serviceAtLocations,
      phones,
      schedules,
    });
  }
  return {
    records: { organizations, locations, services },
    problems,
    mapped: [...mapped].sort(),
    warnings,
    notStored: [...notStored]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, n]) => {
        const field = key.split(': ')[1]?.split(' ')[0] ?? '';
        return `${key} in ${n}${WHY[field] ? ` (${WHY[field]})` : ''}`;
      }),
  };
}

const WRITE_BATCH = 25;

/** Imports PTV JSON, all or nothing; writes only what differs. --dry-run: the report, nothing written. */
export async function importPtv(
  db: Kysely<DB>,
  path: string,
  { regionCode, progress = () => {}, dryRun = false }: HsdsCommandOptions & { dryRun?: boolean } = {},
): Promise<PtvImportReport> {
  progress(`reading ${path}…`);
  const input = readPtvInput(path);
  progress(
    `validating ${input.services.length + input.channels.length + input.organizations.length} objects against PTV Open API v11…`,
  );
  const { problems, ignored } = validatePtvInput(input);
  if (problems.length > 0)
    throw new PtvImportError(
      'ptv.invalid',
      `the files do not follow PTV Open API v11: ${problems.length} problem(s), nothing was imported`,
      problems,
    );
  const region = await regionOfCode(db, regionCode);
  const ids = (list: { value: Obj }[]) => list.map((x) => lower(x.value.id));
  const [ref, orgRows, oldOrgs, oldLocations, oldServices] = await Promise.all([
    loadHsdsReference(db),
    db.selectFrom('organization').select(['id', 'region_id']).execute(),
    readOrganizationRecords(db, { ids: ids(input.organizations) }),
    readLocationRecords(db),
    readServiceRecords(db, { ids: ids(input.services) }),
  ]);
  const result = ptvToRecords(input, {
    ref,
    mapping: loadPtvMapping(),
    region,
    orgRegions: new Map(orgRows.map((r) => [r.id, r.region_id])),
    existing: {
      organizations: new Map(oldOrgs.map((o) => [o.id, o])),
      locations: new Map(oldLocations.map((l) => [l.id, l])),
      services: new Map(oldServices.map((s) => [s.id, s])),
    },
  });
  if (result.problems.length > 0)
    throw new PtvImportError(
      'ptv.unfit',
      `the files do not fit the catalogue: ${result.problems.length} problem(s), nothing was imported`,
      result.problems,
    );
  const { organizations, locations, services } = result.records;
  const warnings = [...ignored, ...result.warnings];

  const plan = <T extends { id: string }>(incoming: T[], old: T[], key: (x: T) => string) => {
    const before = new Map(old.map((x) => [x.id, key(x)]));
    const changed = incoming.filter((x) => before.get(x.id) !== key(x));
    const created = changed.filter((x) => !before.has(x.id)).length;
    return {
      changed,
      counts: { created, updated: changed.length - created, unchanged: incoming.length - changed.length },
    };
  };
  const orgPlan = plan(organizations, oldOrgs, canonical);
  const locationPlan = plan(locations, oldLocations, canonical);
  const servicePlan = plan(services, oldServices, (s) => canonical(normalizeService(s)));
  const report = {
    organizations: orgPlan.counts,
    locations: locationPlan.counts,
    services: servicePlan.counts,
    mapped: result.mapped,
    notStored: result.notStored,
    warnings,
    dryRun,
  };
  if (dryRun) return report;
  await db.transaction().execute(async (trx) => {
    await writeRecords(trx, {
      organizations: orgPlan.changed,
      locations: locationPlan.changed,
      services: [],
    });
    for (let i = 0; i < servicePlan.changed.length; i += WRITE_BATCH) {
      await writeRecords(trx, {
        organizations: [],
        locations: [],
        services: servicePlan.changed.slice(i, i + WRITE_BATCH),
      });
      progress(
        `writing services ${Math.min(i + WRITE_BATCH, servicePlan.changed.length)}/${servicePlan.changed.length}…`,
      );
    }
    const renamed = orgPlan.changed.map((o) => o.id);
    if (renamed.length > 0) {
      const rewritten = new Set(servicePlan.changed.map((s) => s.id));
      const stale = await trx
        .selectFrom('service')
        .select('id')
        .where('organization_id', 'in', renamed)
        .execute();
      await refreshServiceSearch(
        trx,
        stale.map((s) => s.id).filter((sid) => !rewritten.has(sid)),
      );
    }
  });
  return report;
}
