import type { LocalizedText, OrganizationKind, ServiceStatus } from '../../platform/db/types.ts';

/**
 * The catalogue as plain records: what the demo seed and the HSDS import write, and what the
 * HSDS export reads. Two equal records mean an unchanged catalogue (idempotent imports).
 */
export interface OrganizationRecord {
  id: string;
  regionId: string;
  kind: OrganizationKind;
  name: LocalizedText;
  description: LocalizedText;
  municipalityCode: string | null;
  email: string | null;
  website: string | null;
  phone: string | null;
}

export interface LocationRecord {
  id: string;
  organizationId: string;
  name: LocalizedText;
  street: string;
  postalCode: string;
  city: LocalizedText;
  municipalityCode: string;
  latitude: number | null;
  longitude: number | null;
  transportation: LocalizedText | null;
  accessibility: LocalizedText | null;
}

export interface PhoneRecord {
  id: string;
  number: string;
  description: LocalizedText | null;
}

export interface ScheduleRecord {
  id: string;
  byday: string;
  opensAt: string;
  closesAt: string;
  description: LocalizedText | null;
}

export interface ServiceRecord {
  id: string;
  organizationId: string;
  regionId: string;
  status: ServiceStatus;
  name: LocalizedText;
  summary: LocalizedText;
  description: LocalizedText;
  applicationProcess: LocalizedText | null;
  fees: LocalizedText | null;
  eligibility: LocalizedText | null;
  email: string | null;
  url: string | null;
  minAge: number | null;
  maxAge: number | null;
  /** null: the whole region */
  areaMunicipalities: string[] | null;
  channels: string[];
  languages: string[];
  taxonomyTermIds: string[];
  serviceAtLocations: { id: string; locationId: string }[];
  phones: PhoneRecord[];
  schedules: ScheduleRecord[];
}

export interface CatalogueRecords {
  organizations: OrganizationRecord[];
  locations: LocationRecord[];
  services: ServiceRecord[];
}

/** A stable text of a record's content (sorted keys, sorted sets), for change detection. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortDeep(v)]),
    );
  }
  return value;
}

/** Sets (area, channels, languages, terms) compare regardless of order. */
export function normalizeService(s: ServiceRecord): ServiceRecord {
  const byId = <T extends { id: string }>(a: T[]) => [...a].sort((x, y) => (x.id < y.id ? -1 : 1));
  return {
    ...s,
    areaMunicipalities: s.areaMunicipalities ? [...s.areaMunicipalities].sort() : null,
    channels: [...s.channels].sort(),
    languages: [...s.languages].sort(),
    taxonomyTermIds: [...s.taxonomyTermIds].sort(),
    serviceAtLocations: byId(s.serviceAtLocations),
  };
}
