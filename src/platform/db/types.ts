import type { ColumnType, Generated } from 'kysely';

/** A text in the three languages of the product; Finnish is always there. */
export type LocalizedText = { fi: string; sv?: string; en?: string };

type Json<T> = ColumnType<T, string | T, string | T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface RegionTable {
  id: string;
  code: string;
  name: Json<LocalizedText>;
  created_at: Timestamp;
}

export interface MunicipalityTable {
  code: string;
  region_id: string;
  name: Json<LocalizedText>;
  population: number | null;
  children_0_17: number | null;
  latitude: number;
  longitude: number;
}

export interface TaxonomyTable {
  id: string;
  code: string;
  name: Json<LocalizedText>;
  description: Json<LocalizedText>;
  uri: string | null;
  version: string | null;
}

export interface TaxonomyTermTable {
  id: string;
  taxonomy_id: string;
  code: string;
  name: Json<LocalizedText>;
  description: Json<LocalizedText>;
  keywords: Json<Partial<Record<'fi' | 'sv' | 'en', string>>>;
  parent_id: string | null;
}

export type OrganizationKind = 'region' | 'municipality' | 'joint_authority' | 'ngo' | 'parish' | 'company';

export interface OrganizationTable {
  id: string;
  region_id: string;
  kind: OrganizationKind;
  name: Json<LocalizedText>;
  description: Json<LocalizedText>;
  municipality_code: string | null;
  email: string | null;
  website: string | null;
  phone: string | null;
  updated_at: Timestamp;
  /** set when a catalogue editor retires the organisation (migration 0006) */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface LocationTable {
  id: string;
  organization_id: string;
  name: Json<LocalizedText>;
  street: string;
  postal_code: string;
  city: Json<LocalizedText>;
  municipality_code: string;
  latitude: number | null;
  longitude: number | null;
  transportation: Json<LocalizedText | null>;
  accessibility: Json<LocalizedText | null>;
  updated_at: Timestamp;
  /** set when a catalogue editor retires the location (migration 0006) */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type ServiceStatus = 'active' | 'inactive' | 'defunct' | 'temporarily closed';

export interface ServiceTable {
  id: string;
  organization_id: string;
  region_id: string;
  status: ServiceStatus;
  name: Json<LocalizedText>;
  summary: Json<LocalizedText>;
  description: Json<LocalizedText>;
  application_process: Json<LocalizedText | null>;
  fees: Json<LocalizedText | null>;
  eligibility: Json<LocalizedText | null>;
  email: string | null;
  url: string | null;
  min_age: number | null;
  max_age: number | null;
  area_scope: 'region' | 'municipalities';
  channels: string[];
  languages: string[];
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServiceAreaTable {
  service_id: string;
  municipality_code: string;
}

export interface ServiceTaxonomyTermTable {
  service_id: string;
  taxonomy_term_id: string;
}

export interface ServiceAtLocationTable {
  id: string;
  service_id: string;
  location_id: string;
}

export interface PhoneTable {
  id: string;
  service_id: string | null;
  organization_id: string | null;
  location_id: string | null;
  number: string;
  description: Json<LocalizedText | null>;
  position: Generated<number>;
}

export interface ScheduleTable {
  id: string;
  service_id: string;
  byday: string;
  opens_at: string;
  closes_at: string;
  description: Json<LocalizedText | null>;
  position: Generated<number>;
}

export interface ServiceSearchTable {
  service_id: string;
  lang: 'fi' | 'sv' | 'en';
  document: string;
  name_text: string;
  terms_text: string;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: Timestamp;
}

export interface DB extends IdentityTables, AccessLogTables, CatalogueVersionTables {
  region: RegionTable;
  municipality: MunicipalityTable;
  taxonomy: TaxonomyTable;
  taxonomy_term: TaxonomyTermTable;
  organization: OrganizationTable;
  location: LocationTable;
  service: ServiceTable;
  service_area: ServiceAreaTable;
  service_taxonomy_term: ServiceTaxonomyTermTable;
  service_at_location: ServiceAtLocationTable;
  phone: PhoneTable;
  schedule: ScheduleTable;
  service_search: ServiceSearchTable;
  schema_migration: SchemaMigrationTable;
}

// ---------------------------------------------------------------- identity (migration 0003)

export interface UnitTable {
  id: string;
  organization_id: string;
  name: Json<LocalizedText>;
  created_at: Timestamp;
}

export interface StaffUserTable {
  id: string;
  region_id: string;
  issuer: string;
  subject: string;
  name: string;
  email: string | null;
  organization_id: string;
  unit_id: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface StaffRoleTable {
  staff_user_id: string;
  organization_id: string;
  role:
    | 'counsellor'
    | 'receiving_worker'
    | 'partner'
    | 'manager'
    | 'catalogue_editor'
    | 'administrator'
    | 'dpo';
}

export interface ClientTable {
  id: string;
  region_id: string;
  issuer: string;
  subject: string;
  name: string;
  personal_identity_code_hmac: string | null;
  personal_identity_code_encrypted: string | null;
  created_at: Timestamp;
}

export interface CareRelationshipTable {
  id: string;
  staff_user_id: string;
  client_id: string;
  organization_id: string;
  kind: 'assigned_contact' | 'handoff' | 'meeting';
  started_at: Timestamp;
  ended_at: Date | null;
}

export interface SessionTable {
  id: string;
  kind: 'staff' | 'client';
  staff_user_id: string | null;
  client_id: string | null;
  id_token: string | null;
  issuer: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

/** A sign-in in progress at an identity provider (migration 0004). */
export interface OidcLoginTable {
  state: string;
  browser_hash: string;
  provider: 'staff' | 'client';
  nonce: string;
  code_verifier: string;
  lang: string;
  return_to: string | null;
  created_at: Timestamp;
}

export interface IdentityTables {
  unit: UnitTable;
  staff_user: StaffUserTable;
  staff_role: StaffRoleTable;
  client: ClientTable;
  care_relationship: CareRelationshipTable;
  session: SessionTable;
  oidc_login: OidcLoginTable;
}

// ---------------------------------------------------------------- access log (migration 0005)

export type AccessLogAction = 'read' | 'create' | 'update' | 'delete' | 'export' | 'denied' | 'retention';

export interface AccessLogTable {
  id: string;
  shard: number;
  seq: string;
  at: ColumnType<Date, Date, never>;
  actor_kind: 'staff' | 'client' | 'system';
  staff_user_id: string | null;
  actor_client_id: string | null;
  actor_name: string;
  organization_id: string | null;
  organization_name: string | null;
  role: string | null;
  region_id: string | null;
  client_id: string | null;
  action: AccessLogAction;
  resource_type: string;
  resource_id: string | null;
  reason: string | null;
  break_glass: boolean;
  registry_organization_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AccessLogChainTable {
  shard: number;
  last_seq: string;
  last_hash: string;
  anchor_seq: string;
  anchor_prev_hash: string;
}

export interface AccessLogTables {
  access_log: AccessLogTable;
  access_log_chain: AccessLogChainTable;
}

// ---------------------------------------------------------------- catalogue versions (migration 0006)

export type CatalogueEntityType = 'service' | 'organization' | 'location';
export type CatalogueChangeKind = 'create' | 'update' | 'retire' | 'restore';

export interface CatalogueVersionTable {
  id: string;
  entity_type: CatalogueEntityType;
  entity_id: string;
  version: number;
  change_kind: CatalogueChangeKind;
  record: Json<unknown>;
  changed_by: string;
  changed_at: Timestamp;
}

export interface CatalogueVersionTables {
  catalogue_version: CatalogueVersionTable;
}
