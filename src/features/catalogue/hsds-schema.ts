import { z } from 'zod';
import { LANGS } from '../../i18n/index.ts';
import { filterFields } from './schema.ts';

/**
 * The HSDS 3.0 objects that Perheverkko writes (the API's responses and the export files), as
 * zod schemas: the types of the mapping (hsds.ts), the response schemas of the API (which
 * also whitelist the fields that leave the server) and their OpenAPI description. Each is
 * the subset of the standard's object that we fill; the tests check every response against
 * the standard's own JSON schemas (standards/hsds-3.0/schema).
 */
const id = z.string().meta({ format: 'uuid' });
const text = z.string();

export const hsdsTaxonomy = z.object({
  id,
  name: text,
  description: text,
  uri: z.string().optional(),
  version: z.string().optional(),
});

export const hsdsTaxonomyTerm = z.object({
  id,
  code: z.string(),
  name: text,
  description: text,
  parent_id: id.optional(),
  taxonomy: z.string().describe('the code of the taxonomy').optional(),
  taxonomy_id: id,
  language: z.string().optional(),
  taxonomy_detail: hsdsTaxonomy.optional(),
});

export const hsdsAttribute = z.object({
  id,
  link_id: id,
  link_entity: z.string(),
  link_type: z.string(),
  taxonomy_term_id: id,
  value: z.string().optional(),
  taxonomy_term: hsdsTaxonomyTerm.optional(),
});
const attributes = z.array(hsdsAttribute);

export const hsdsLanguage = z.object({
  id,
  service_id: id,
  name: text,
  code: z.string(),
});

export const hsdsServiceArea = z.object({
  id,
  service_id: id,
  name: text,
  extent: z.string(),
  extent_type: z.enum(['wellbeing_services_county', 'fi_municipality_code']),
});

export const hsdsPhone = z.object({
  id,
  service_id: id.optional(),
  organization_id: id.optional(),
  number: z.string(),
  description: text.optional(),
  attributes: attributes.optional(),
});

export const hsdsSchedule = z.object({
  id,
  service_id: id,
  freq: z.literal('WEEKLY'),
  byday: z.string(),
  opens_at: z.string(),
  closes_at: z.string(),
  description: text.optional(),
  attributes: attributes.optional(),
});

export const hsdsAddress = z.object({
  id,
  location_id: id,
  address_1: z.string(),
  city: text,
  region: text,
  state_province: text,
  postal_code: z.string(),
  country: z.string(),
  address_type: z.literal('physical'),
  attributes: attributes.optional(),
});

export const hsdsAccessibility = z.object({
  id,
  location_id: id,
  description: text,
  attributes: attributes.optional(),
});

export const hsdsLocation = z.object({
  id,
  location_type: z.literal('physical'),
  organization_id: id,
  name: text,
  transportation: text.optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  addresses: z.array(hsdsAddress).optional(),
  accessibility: z.array(hsdsAccessibility).optional(),
  attributes: attributes.optional(),
});

export const hsdsOrganizationIdentifier = z.object({
  id,
  organization_id: id,
  identifier_scheme: z.string().optional(),
  identifier_type: z.string(),
  identifier: z.string(),
});

/** The one-to-one fields of an organization (list items, and the organization inside a service). */
export const hsdsOrganizationBasic = z.object({
  id,
  name: text,
  description: text,
  email: z.string().optional(),
  website: z.string().optional(),
  legal_status: z.string(),
});

/** The one-to-one fields of a service (list items). */
export const hsdsServiceBasic = z.object({
  id,
  organization_id: id,
  name: text,
  description: text,
  url: z.string().optional(),
  email: z.string().optional(),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  application_process: text.optional(),
  fees_description: text.optional(),
  eligibility_description: text.optional(),
  minimum_age: z.number().optional(),
  maximum_age: z.number().optional(),
  last_modified: z.string().meta({ format: 'date-time' }).optional(),
  organization: hsdsOrganizationBasic.optional(),
});

export const hsdsServiceAtLocationBasic = z.object({
  id,
  service_id: id,
  location_id: id,
});

export const hsdsService = hsdsServiceBasic.extend({
  phones: z.array(hsdsPhone).optional(),
  schedules: z.array(hsdsSchedule).optional(),
  service_areas: z.array(hsdsServiceArea).optional(),
  languages: z.array(hsdsLanguage).optional(),
  service_at_locations: z
    .array(hsdsServiceAtLocationBasic.extend({ location: hsdsLocation.optional() }))
    .optional(),
  attributes: attributes.optional(),
});

/** `minimal=true`: just enough to see what changed (the standard's service needs name and status too). */
export const hsdsServiceMinimal = hsdsServiceBasic.pick({
  id: true,
  name: true,
  status: true,
  last_modified: true,
});

export const hsdsOrganization = hsdsOrganizationBasic.extend({
  phones: z.array(hsdsPhone).optional(),
  organization_identifiers: z.array(hsdsOrganizationIdentifier).optional(),
  locations: z.array(hsdsLocation).optional(),
  attributes: attributes.optional(),
  services: z.array(hsdsService).optional(),
});

export const hsdsServiceAtLocation = hsdsServiceAtLocationBasic.extend({
  location: hsdsLocation.optional(),
  service: hsdsService.optional(),
});

export type HsdsTaxonomy = z.infer<typeof hsdsTaxonomy>;
export type HsdsTaxonomyTerm = z.infer<typeof hsdsTaxonomyTerm>;
export type HsdsAttribute = z.infer<typeof hsdsAttribute>;
export type HsdsLanguage = z.infer<typeof hsdsLanguage>;
export type HsdsServiceArea = z.infer<typeof hsdsServiceArea>;
export type HsdsPhone = z.infer<typeof hsdsPhone>;
export type HsdsSchedule = z.infer<typeof hsdsSchedule>;
export type HsdsAddress = z.infer<typeof hsdsAddress>;
export type HsdsAccessibility = z.infer<typeof hsdsAccessibility>;
export type HsdsLocation = z.infer<typeof hsdsLocation>;
export type HsdsOrganizationIdentifier = z.infer<typeof hsdsOrganizationIdentifier>;
export type HsdsOrganization = z.infer<typeof hsdsOrganization>;
export type HsdsService = z.infer<typeof hsdsService>;
export type HsdsServiceMinimal = z.infer<typeof hsdsServiceMinimal>;
export type HsdsServiceAtLocation = z.infer<typeof hsdsServiceAtLocation>;

/** The standard's Page object around the items of a list. */
export const hsdsPage = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(item),
  });

export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

// ---------------------------------------------------------------- query parameters

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const flag = (description: string) =>
  optional(z.enum(['true', 'false']).transform((v) => v === 'true')).describe(description);
/** One value, a repeated parameter or a comma-separated list. */
const uuidList = (description: string) =>
  z
    .preprocess(
      (v) =>
        v === undefined || v === ''
          ? undefined
          : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter((x) => x !== ''),
      z.array(z.uuid()).max(20).optional(),
    )
    .describe(description);

const pageFields = {
  page: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10000).default(1))
    .describe('Page number, from 1'),
  per_page: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(20))
    .describe('Items on a page, 1–100 (default 20)'),
  format: optional(z.enum(['json'])).describe('Only json'),
};
const langField = {
  lang: z
    .preprocess(blankToUndefined, z.enum(LANGS).default('fi'))
    .describe('The language of the texts: fi (default), sv or en; a text missing in it is in Finnish'),
};
const searchField = {
  search: filterFields.q.describe('Full-text search in the language of `lang`, up to 200 characters'),
};

/** Our own filters, shared with the catalogue pages (schema.ts). */
const catalogueFilterFields = {
  municipality: filterFields.municipality.describe(
    'Municipality code (e.g. 297): services that its residents can use',
  ),
  age: filterFields.age.describe("The child's age in years (0–25)"),
  topic: filterFields.topic.describe('Topic code (repeatable): any of them'),
  service_type: filterFields.type.describe('Service type code (repeatable): any of them'),
  channel: filterFields.channel.describe('Channel (repeatable): any of them'),
  language: filterFields.language.describe('Services given in this language (ISO 639-1)'),
};

const serviceFilterFields = {
  taxonomy_term_id: uuidList('Services with any of these taxonomy terms'),
  taxonomy_id: optional(z.uuid()).describe('Services with any term of this taxonomy'),
  organization_id: optional(z.uuid()).describe('Services of this organization'),
  modified_after: optional(z.iso.datetime({ offset: true })).describe(
    'Services changed on or after this time (ISO 8601 date-time)',
  ),
  ...catalogueFilterFields,
};

export const servicesQuery = z.object({
  ...searchField,
  ...pageFields,
  ...langField,
  ...serviceFilterFields,
  full: flag('true: fully nested services'),
  minimal: flag('true: only id, name, status and last_modified'),
});
export type ServicesQuery = z.infer<typeof servicesQuery>;

export const serviceAtLocationsQuery = z.object({
  ...searchField,
  ...pageFields,
  ...langField,
  ...serviceFilterFields,
  full: flag('true: fully nested, with the location and the service'),
});
export type ServiceAtLocationsQuery = z.infer<typeof serviceAtLocationsQuery>;

export const organizationsQuery = z.object({
  ...searchField,
  ...pageFields,
  ...langField,
  full: flag('true: fully nested organizations'),
  full_service: flag('with full: fully nested services inside'),
});
export type OrganizationsQuery = z.infer<typeof organizationsQuery>;

export const organizationQuery = z.object({
  ...langField,
  full_service: flag('true: fully nested services inside'),
});

export const taxonomiesQuery = z.object({ ...searchField, ...pageFields, ...langField });
export type TaxonomiesQuery = z.infer<typeof taxonomiesQuery>;

export const taxonomyTermsQuery = z.object({
  ...searchField,
  ...pageFields,
  ...langField,
  taxonomy_id: optional(z.uuid()).describe('Terms of this taxonomy'),
  top_only: flag('true: only top-level terms (no parent)'),
  parent_id: optional(z.uuid()).describe('Terms whose parent is this term'),
});
export type TaxonomyTermsQuery = z.infer<typeof taxonomyTermsQuery>;

export const langQuery = z.object({ ...langField });

/** Any string: an id that is not a UUID names nothing, so it is a 404 (not a 400). */
export const hsdsIdParam = z.object({
  id: z.string().meta({ format: 'uuid', description: 'The id (a UUID)' }),
});
