/**
 * The nested API form of an HSDS 3.0 catalogue brought into the flat file form (docs/import.md):
 * services carrying their organization, locations through service_at_locations, phones,
 * schedules, areas, languages and attributes with their terms, each object once. Pure; used by
 * the tolerant import (hsds-foreign.ts).
 */
import { HSDS_FILE_NAMES, type HsdsFileName, type LinkEntity } from './hsds.ts';
import type { HsdsInput } from './hsds-records.ts';

export type Row = { id: string; [field: string]: unknown };
export const isRow = (v: unknown): v is Row =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Row).id === 'string';
export const str = (row: Row, field: string) =>
  typeof row[field] === 'string' ? (row[field] as string) : undefined;
export const list = (v: unknown): Row[] => (Array.isArray(v) ? v.filter(isRow) : []);

// ---------------------------------------------------------------- flattening

/** HSDS input in the flat form, and where each object was read (a file, or nested in one). */
export interface FlatHsds {
  input: HsdsInput;
  /** per file, per row: the report's name of where it came from */
  sources: Partial<Record<HsdsFileName, string[]>>;
  /** nested objects that came more than once (the first is read), by source */
  repeats: Map<string, { same: number; different: number }>;
}

const NESTED_KEYS: Record<string, readonly string[]> = {
  services: [
    'organization',
    'phones',
    'schedules',
    'service_areas',
    'languages',
    'service_at_locations',
    'attributes',
  ],
  organizations: ['locations', 'phones', 'organization_identifiers', 'attributes', 'services'],
  locations: ['addresses', 'accessibility', 'phones', 'schedules', 'languages', 'attributes'],
  service_at_locations: ['location', 'service', 'phones', 'schedules', 'attributes'],
  addresses: ['attributes'],
  accessibility: ['attributes'],
  phones: ['attributes', 'languages'],
  schedules: ['attributes'],
  taxonomy_terms: ['taxonomy_detail'],
  attributes: ['taxonomy_term'],
};

const without = (row: Row, keys: readonly string[] | undefined): Row => {
  if (!keys) return row;
  const copy: Row = { ...row };
  for (const k of keys) delete copy[k];
  return copy;
};

/**
 * Flattens the nested form. Objects of the files themselves stay as they are (even a repeated
 * id, which our rules then name); a nested object whose id came already is read once.
 */
export function flattenHsds(raw: HsdsInput): FlatHsds {
  const input = Object.fromEntries(HSDS_FILE_NAMES.map((n) => [n, [] as Row[]])) as Record<
    HsdsFileName,
    Row[]
  >;
  const sources = Object.fromEntries(HSDS_FILE_NAMES.map((n) => [n, [] as string[]])) as Record<
    HsdsFileName,
    string[]
  >;
  const seen = Object.fromEntries(HSDS_FILE_NAMES.map((n) => [n, new Map<string, string>()])) as Record<
    HsdsFileName,
    Map<string, string>
  >;
  const repeats = new Map<string, { same: number; different: number }>();

  const add = (name: HsdsFileName, row: Row, top: HsdsFileName) => {
    const flat = without(row, NESTED_KEYS[name]);
    const source = name === top ? `${name}.json` : `${name} (nested in ${top}.json)`;
    const text = JSON.stringify(flat);
    const earlier = seen[name].get(flat.id);
    if (earlier !== undefined && name !== top) {
      const r = repeats.get(source) ?? { same: 0, different: 0 };
      if (earlier === text) r.same++;
      else r.different++;
      repeats.set(source, r);
      return;
    }
    if (earlier === undefined) seen[name].set(flat.id, text);
    input[name].push(flat);
    sources[name].push(source);
  };
  const attributes = (v: unknown, entity: LinkEntity | string, linkId: string, top: HsdsFileName) => {
    for (const a of list(v)) attribute({ link_entity: entity, link_id: linkId, ...a }, top);
  };
  const attribute = (a: Row, top: HsdsFileName) => {
    const term = isRow(a.taxonomy_term) ? a.taxonomy_term : undefined;
    if (term) taxonomyTerm(term, top);
    add('attributes', { ...a, taxonomy_term_id: a.taxonomy_term_id ?? term?.id }, top);
  };
  const taxonomyTerm = (t: Row, top: HsdsFileName) => {
    const detail = isRow(t.taxonomy_detail) ? t.taxonomy_detail : undefined;
    if (detail) add('taxonomies', detail, top);
    add('taxonomy_terms', { ...t, taxonomy_id: t.taxonomy_id ?? detail?.id }, top);
  };
  const child = (name: HsdsFileName, row: Row, entity: LinkEntity | undefined, top: HsdsFileName) => {
    add(name, row, top);
    if (entity) attributes(row.attributes, entity, row.id, top);
    if (name === 'phones')
      for (const l of list(row.languages)) add('languages', { phone_id: row.id, ...l }, top);
  };
  const location = (l: Row, top: HsdsFileName, organizationId?: string) => {
    add('locations', { ...l, organization_id: l.organization_id ?? organizationId }, top);
    for (const a of list(l.addresses)) child('addresses', { location_id: l.id, ...a }, 'address', top);
    for (const a of list(l.accessibility))
      child('accessibility', { location_id: l.id, ...a }, 'accessibility', top);
    for (const p of list(l.phones)) child('phones', { location_id: l.id, ...p }, 'phone', top);
    for (const x of list(l.schedules)) child('schedules', { location_id: l.id, ...x }, 'schedule', top);
    for (const x of list(l.languages)) add('languages', { location_id: l.id, ...x }, top);
    attributes(l.attributes, 'location', l.id, top);
  };
  const organization = (o: Row, top: HsdsFileName) => {
    add('organizations', o, top);
    for (const l of list(o.locations)) location(l, top, o.id);
    for (const p of list(o.phones)) child('phones', { organization_id: o.id, ...p }, 'phone', top);
    for (const x of list(o.organization_identifiers))
      add('organization_identifiers', { organization_id: o.id, ...x }, top);
    for (const s of list(o.services)) service({ organization_id: o.id, ...s }, top);
    attributes(o.attributes, 'organization', o.id, top);
  };
  const service = (s: Row, top: HsdsFileName) => {
    const org = isRow(s.organization) ? s.organization : undefined;
    if (org) organization(org, top);
    add('services', { ...s, organization_id: s.organization_id ?? org?.id }, top);
    for (const p of list(s.phones)) child('phones', { service_id: s.id, ...p }, 'phone', top);
    for (const x of list(s.schedules)) child('schedules', { service_id: s.id, ...x }, 'schedule', top);
    for (const x of list(s.service_areas)) add('service_areas', { service_id: s.id, ...x }, top);
    for (const x of list(s.languages)) add('languages', { service_id: s.id, ...x }, top);
    for (const x of list(s.service_at_locations)) serviceAtLocation({ service_id: s.id, ...x }, top);
    attributes(s.attributes, 'service', s.id, top);
  };
  const serviceAtLocation = (x: Row, top: HsdsFileName) => {
    const loc = isRow(x.location) ? x.location : undefined;
    if (loc) location(loc, top);
    add('service_at_locations', { ...x, location_id: x.location_id ?? loc?.id }, top);
    for (const p of list(x.phones)) child('phones', { service_at_location_id: x.id, ...p }, 'phone', top);
    for (const s of list(x.schedules))
      child('schedules', { service_at_location_id: x.id, ...s }, 'schedule', top);
    attributes(x.attributes, 'service_at_location', x.id, top);
  };

  // Files that others nest come first, so that their own objects win over nested copies.
  const order: HsdsFileName[] = [
    'taxonomies',
    'taxonomy_terms',
    'organizations',
    'locations',
    ...HSDS_FILE_NAMES.filter(
      (n) => !['taxonomies', 'taxonomy_terms', 'organizations', 'locations'].includes(n),
    ),
  ];
  for (const name of order) {
    for (const row of list(raw[name])) {
      if (name === 'services') service(row, name);
      else if (name === 'organizations') organization(row, name);
      else if (name === 'locations') location(row, name);
      else if (name === 'service_at_locations') serviceAtLocation(row, name);
      else if (name === 'taxonomy_terms') taxonomyTerm(row, name);
      else if (name === 'attributes') attribute(row, name);
      else {
        const entity = (
          {
            addresses: 'address',
            accessibility: 'accessibility',
            phones: 'phone',
            schedules: 'schedule',
          } as Partial<Record<HsdsFileName, LinkEntity>>
        )[name];
        child(name, row, entity, name);
      }
    }
  }
  const present = Object.fromEntries(
    HSDS_FILE_NAMES.filter((n) => input[n].length > 0 || raw[n] !== undefined).map((n) => [n, input[n]]),
  ) as HsdsInput;
  return { input: present, sources, repeats };
}
