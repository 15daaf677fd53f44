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
  /** migration 0007: the first-response promise and the contact point */
  first_response_working_days: Generated<number>;
  handoff_response_working_days: Generated<number>;
  contact_point_organization_id: string | null;
  contact_phone: string | null;
  social_emergency_phone: string | null;
  contact_service_task: Generated<string>;
  /** migration 0009: the promise rules by urgency (promiseRulesSchema), '{}' = the defaults */
  contact_promise: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** migration 0011: the facts of the region's notices (regionNoticesSchema), '{}' = the defaults */
  notices: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** migration 0016: the region's video service (a remote meeting's link is one of its addresses) */
  video_service_url: Generated<string | null>;
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
  /** migration 0024: 'reference' (data/seed/reference) or 'import' (a foreign HSDS taxonomy) */
  origin: ColumnType<'reference' | 'import', 'reference' | 'import' | undefined, 'reference' | 'import'>;
}

export interface TaxonomyTermTable {
  id: string;
  taxonomy_id: string;
  code: string;
  name: Json<LocalizedText>;
  description: Json<LocalizedText>;
  keywords: Json<Partial<Record<'fi' | 'sv' | 'en', string>>>;
  parent_id: string | null;
  /** a service type reached by a referral (migration 0021) */
  referral: Generated<boolean>;
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
  /** migration 0024: a foreign import's free-text legal_status, as given (kind is mapped from it) */
  legal_status_text: ColumnType<string | null, string | null | undefined, string | null>;
  /** set when a catalogue editor retires the organisation (migration 0006) */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** migration 0013: the registry it is (defaults from its kind by a trigger) */
  registry_sector: ColumnType<RegistrySector, RegistrySector | undefined, RegistrySector>;
  legal_regime: ColumnType<LegalRegime, LegalRegime | undefined, LegalRegime>;
  /** a purchased-service provider records into its organiser's registry; null: its own */
  registry_organization_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Voikko lemmas and Swedish compound parts (migration 0021) */
  lemmas: Generated<string>;
  /** the service's name in the row's language, for the order of equal scores (migration 0028) */
  sort_name: string;
  /** the service's region (migration 0028) */
  region_id: string;
}

/** The search documents' lexemes, for the prefixes of a search (migration 0029). */
export interface SearchLexemeTable {
  lang: 'fi' | 'sv' | 'en';
  source: 'document' | 'lemmas';
  lexeme: string;
}

export interface SearchWordTable {
  lang: 'fi' | 'sv' | 'en';
  word: string;
}

export interface SearchStateTable {
  key: string;
  value: string;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: Timestamp;
}

export interface DB
  extends IdentityTables,
    AccessLogTables,
    CatalogueVersionTables,
    ContactTables,
    NetworkTables,
    ConsentTables,
    MeetingTables,
    ConsultationTables,
    SurveyTables,
    FeedbackTables,
    PopulationTables,
    RateLimitTables,
    ScheduledJobTables {
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
  search_word: SearchWordTable;
  search_state: SearchStateTable;
  search_lexeme: SearchLexemeTable;
  schema_migration: SchemaMigrationTable;
}

// ---------------------------------------------------------------- identity (migration 0003)

export interface UnitTable {
  id: string;
  organization_id: string;
  name: Json<LocalizedText>;
  created_at: Timestamp;
  /** migration 0008: the network registry */
  code: string | null;
  service_id: string | null;
  municipality_code: string | null;
  email: string | null;
  remote_possible: Generated<boolean>;
  languages: Generated<string[]>;
  free_slots_per_week: Generated<number>;
  wait_days: number | null;
  active: Generated<boolean>;
  updated_at: Generated<Date>;
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
  /** migration 0009: the work mobile the duty alert's SMS goes to */
  work_phone: Generated<string | null>;
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
    | 'dpo'
    | 'municipality_contact';
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
  /** the ID token sealed with PERSONAL_DATA_KEY, for RP-initiated logout (migration 0010) */
  id_token_sealed: string | null;
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
  actor_kind: 'staff' | 'client' | 'system' | 'public';
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

// ---------------------------------------------------------------- contacts (migration 0007)

export type Lang3 = 'fi' | 'sv' | 'en';
export type ContactChannel = 'web' | 'phone' | 'walk_in';
export type Contacter = 'parent' | 'young_person' | 'professional';
export type ReplyChannel = 'phone' | 'email' | 'status_page';
export type ReachTime = 'any' | 'morning' | 'afternoon' | 'evening';
export type Urgency = 'normal' | 'urgent' | 'emergency';
export type Safety = 'none' | 'violence' | 'acute_danger';
export type ContactState = 'new' | 'assigned' | 'in_progress' | 'closed';
export type ContactOutcome = 'resolved_one_contact' | 'visits_booked' | 'guided_onward' | 'urgent_referral';
export type ContactEventKind =
  | 'received'
  | 'claimed'
  | 'assigned'
  | 'started'
  | 'closed'
  | 'reopened'
  | 'message_from_family';
export type RecordEntryType =
  | 'contact'
  | 'mapping'
  | 'advice'
  | 'message'
  | 'outcome'
  | 'handoff'
  | 'meeting';

export interface AppSecretTable {
  name: string;
  value: string;
}

export interface ContactTable {
  id: string;
  reference: string;
  region_id: string;
  registry_organization_id: string;
  client_id: string | null;
  idempotency_key: string;
  request_hash: string;
  status_token_hash: string;
  channel: ContactChannel;
  contacter: Contacter;
  municipality_code: string | null;
  child_ages: number[];
  topics: string[];
  language: Lang3;
  anonymous: boolean;
  contact_name: string | null;
  reply_channel: ReplyChannel;
  phone: string | null;
  email: string | null;
  reach_time: Generated<ReachTime>;
  urgency: Urgency;
  safety: Generated<Safety>;
  state: ContactState;
  assigned_to: string | null;
  assigned_at: Date | null;
  received_at: Timestamp;
  /** a date (YYYY-MM-DD, Europe/Helsinki); read as a string (see platform/db) */
  respond_by: ColumnType<string, string, string>;
  first_response_at: Date | null;
  closed_at: Date | null;
  outcome: ContactOutcome | null;
  logged_by: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface ContactEventTable {
  id: Generated<string>;
  contact_id: string;
  at: Timestamp;
  kind: ContactEventKind;
  from_state: ContactState | null;
  to_state: ContactState;
  staff_user_id: string | null;
  actor_name: string;
  note: string | null;
}

export interface ServiceTaskClassTable {
  code: string;
  classification_oid: string;
  name: Json<LocalizedText>;
  verified: boolean;
}

export interface RecordEntryTable {
  id: string;
  contact_id: string;
  type: RecordEntryType;
  service_task_code: string;
  registry_organization_id: string;
  created_at: Timestamp;
  current_version: Generated<number>;
}

export interface RecordEntryVersionTable {
  entry_id: string;
  version: number;
  content: Json<Record<string, unknown>>;
  reason: string | null;
  at: Timestamp;
  author_kind: 'staff' | 'family' | 'system';
  staff_user_id: string | null;
  author_name: string;
}

export interface DutyRosterTable {
  region_id: string;
  day: ColumnType<string, string, string>;
  duty: 'phone' | 'queue';
  staff_user_id: string;
}

export interface OutboxTable {
  id: Generated<string>;
  channel: 'email' | 'sms';
  recipient: string | null;
  template: string;
  language: Lang3;
  params: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  available_at: Generated<Date>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Date | null;
  failed_at: Date | null;
}

export interface ContactTables {
  app_secret: AppSecretTable;
  contact: ContactTable;
  contact_event: ContactEventTable;
  service_task_class: ServiceTaskClassTable;
  record_entry: RecordEntryTable;
  record_entry_version: RecordEntryVersionTable;
  duty_roster: DutyRosterTable;
  outbox: OutboxTable;
}

// ---------------------------------------------------------------- network and handoffs (migration 0008)

export interface MethodTable {
  code: string;
  name: Json<LocalizedText>;
  description: Json<LocalizedText> | null;
}

export interface UnitMunicipalityTable {
  unit_id: string;
  municipality_code: string;
}

export interface ProfessionalTable {
  id: string;
  code: string;
  unit_id: string;
  staff_user_id: string | null;
  name: string;
  title: string | null;
  /** numeric(4,2): read as a string by the drivers */
  fte: ColumnType<string, string | number, string | number>;
  languages: Generated<string[]>;
  remote_possible: Generated<boolean>;
  active: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface ProfessionalMethodTable {
  professional_id: string;
  method_code: string;
}

export type HandoffState =
  | 'requested'
  | 'accepted'
  | 'appointment_set'
  | 'first_visit_held'
  | 'completed'
  | 'declined'
  | 'cancelled'
  | 'expired';

export type DeclineReason =
  | 'not_our_service'
  | 'no_capacity'
  | 'outside_area'
  | 'needs_referral'
  | 'family_unreachable'
  | 'other';

export interface HandoffTable {
  id: string;
  contact_id: string;
  region_id: string;
  sender_staff_user_id: string;
  sender_organization_id: string;
  target_service_id: string;
  target_organization_id: string;
  target_unit_id: string | null;
  summary: string;
  family_agreement: 'verbal' | 'written';
  family_agreement_at: Timestamp;
  state: HandoffState;
  respond_by: ColumnType<string, string, string>;
  appointment_at: Date | null;
  appointment_place: string | null;
  /** with whom the first appointment is (migration 0012) */
  appointment_with: ColumnType<string | null, string | null | undefined, string | null>;
  decline_reason: DeclineReason | null;
  decline_text: string | null;
  match_reasons: Json<unknown> | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HandoffEventTable {
  id: Generated<string>;
  handoff_id: string;
  at: Timestamp;
  from_state: HandoffState | null;
  to_state: HandoffState;
  staff_user_id: string | null;
  actor_name: string;
  reason: string | null;
}

/** The family asks to move or cancel the first appointment (migration 0012); append-only. */
export interface HandoffFamilyRequestTable {
  id: string;
  handoff_id: string;
  kind: 'change' | 'cancel';
  text: string;
  appointment_at: Date | null;
  created_at: Timestamp;
}

export interface NetworkTables {
  method: MethodTable;
  unit_municipality: UnitMunicipalityTable;
  professional: ProfessionalTable;
  professional_method: ProfessionalMethodTable;
  handoff: HandoffTable;
  handoff_event: HandoffEventTable;
  handoff_family_request: HandoffFamilyRequestTable;
}

// ---------------------------------------------------------------- consent (migration 0013)

export type RegistrySector = 'social_health' | 'early_childhood' | 'education' | 'ngo' | 'parish' | 'private';
export type LegalRegime = 'act_703_2023' | 'education' | 'gdpr_consent';
type DateText = ColumnType<string, string, string>;

export interface ConsentPersonTable {
  id: string;
  region_id: string;
  contact_id: string | null;
  client_id: string | null;
  identity_code_hmac: string | null;
  name: string;
  /** a date (YYYY-MM-DD) */
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  role: 'contacter' | 'child' | 'guardian' | 'other';
  turvakielto: Generated<boolean>;
  created_by: string;
  created_at: Timestamp;
}

export interface GuardianshipTable {
  id: string;
  guardian_person_id: string;
  child_person_id: string;
  custody: 'joint' | 'sole' | 'task_split';
  decision_rights: Generated<boolean>;
  scope: Generated<string[]>;
  valid_from: DateText;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  source: 'population_register' | 'court' | 'recorded_by_worker';
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface ConsentDirectiveTable {
  id: string;
  directive_key: string;
  version: number;
  supersedes_id: string | null;
  region_id: string;
  subject_person_id: string;
  decision: 'permit' | 'deny';
  grantor_kind: 'self' | 'guardian' | 'legal_representative' | 'capable_minor';
  grantor_person_id: string;
  co_grantor_person_ids: Generated<string[]>;
  status: 'active' | 'pending_co_grantors' | 'withdrawn' | 'superseded' | 'suspended';
  source_organization_ids: string[];
  recipient_organization_ids: Generated<string[]>;
  recipient_guardians: Generated<boolean>;
  categories: string[];
  purpose_code: string;
  purpose_text: string;
  valid_from: DateText;
  valid_until: DateText;
  channel: 'strong_identification' | 'status_link' | 'face_to_face' | 'phone' | 'video' | 'paper';
  evidence: Json<Record<string, unknown>>;
  notice_text_hash: string;
  needs_confirmation: Generated<boolean>;
  confirmed_at: Date | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
  request_id: string | null;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawal_channel: string | null;
  withdrawal_reason: string | null;
}

export interface ConsentRequestTable {
  id: string;
  region_id: string;
  contact_id: string;
  subject_person_ids: string[];
  requested_by: string;
  source_organization_id: string;
  recipient_organization_ids: string[];
  categories: string[];
  purpose_code: string;
  purpose_text: string;
  valid_until: DateText;
  answer_by: Timestamp;
  state: 'requested' | 'given' | 'declined' | 'expired' | 'cancelled';
  answered_at: Date | null;
  answer_channel: string | null;
  directive_ids: Generated<string[]>;
  created_at: Timestamp;
}

export interface CapacityAssessmentTable {
  id: string;
  subject_person_id: string;
  assessed_by: string;
  assessed_at: Timestamp;
  capable: boolean;
  categories: string[];
  basis: string;
  review_date: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StatutoryDisclosureTable {
  id: string;
  region_id: string;
  contact_id: string;
  subject_person_id: string | null;
  basis: 'lsl_25' | 'lsl_25a' | 'shl_35' | 'right_to_information' | 'emergency' | 'break_glass';
  justification: string;
  items: string[];
  source_organization_id: string;
  recipient_organization_id: string;
  disclosed_by: string;
  disclosed_at: Timestamp;
  valid_until: Timestamp;
  client_told_at: Date | null;
  notice_deferred_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
}

export interface DisclosureEventTable {
  id: Generated<string>;
  at: Timestamp;
  region_id: string | null;
  actor_kind: 'staff' | 'client' | 'system' | 'public';
  staff_user_id: string | null;
  role: string | null;
  source_organization_id: string;
  recipient_organization_id: string;
  contact_id: string | null;
  subject_person_id: string | null;
  items: string[];
  decision: 'permit' | 'deny';
  basis:
    | 'same_registry'
    | 'statutory'
    | 'consent'
    | 'deny_directive'
    | 'no_consent'
    | 'no_care_relationship'
    | 'turvakielto';
  directive_id: string | null;
  statutory_disclosure_id: string | null;
  resource_type: string;
  resource_id: string | null;
}

export interface ConsentTables {
  consent_person: ConsentPersonTable;
  guardianship: GuardianshipTable;
  consent_directive: ConsentDirectiveTable;
  consent_request: ConsentRequestTable;
  capacity_assessment: CapacityAssessmentTable;
  statutory_disclosure: StatutoryDisclosureTable;
  disclosure_event: DisclosureEventTable;
}

// ---------------------------------------------------------------- Yhdessä aika (migration 0016)

export type MeetingState =
  | 'requested'
  | 'proposed'
  | 'time_locked'
  | 'invited'
  | 'held'
  | 'followed_up'
  | 'cancelled';
export type MeetingPartStat = 'NEEDS-ACTION' | 'ACCEPTED' | 'TENTATIVE' | 'DECLINED';
export type MeetingVoteAnswer = 'yes' | 'if_need_be' | 'no';

export interface MeetingTable {
  id: string;
  region_id: string;
  contact_id: string;
  registry_organization_id: string;
  state: MeetingState;
  requested_by: 'family' | 'staff';
  request_text: string | null;
  organizer_id: string | null;
  duration_minutes: Generated<number>;
  place_kind: 'address' | 'remote' | null;
  place_address: string | null;
  remote_url: string | null;
  locked_slot_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  ical_uid: string;
  ical_sequence: Generated<number>;
  /** a date (YYYY-MM-DD, Europe/Helsinki); read as a string (see platform/db) */
  follow_up_on: ColumnType<string | null, string | null | undefined, string | null>;
  follow_up_reminded_at: Date | null;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface MeetingSlotTable {
  id: string;
  meeting_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface MeetingParticipantTable {
  id: string;
  meeting_id: string;
  kind: 'family' | 'staff' | 'external';
  staff_user_id: string | null;
  professional_id: string | null;
  organization_id: string | null;
  name: string;
  organization_name: string | null;
  email: string | null;
  language: Generated<'fi' | 'sv' | 'en'>;
  poll_token_hash: string;
  partstat: Generated<MeetingPartStat>;
  partstat_at: Date | null;
  invited_sequence: number | null;
  added_at: Timestamp;
  removed_at: Date | null;
}

export interface MeetingVoteTable {
  participant_id: string;
  slot_id: string;
  answer: MeetingVoteAnswer;
  answered_at: Timestamp;
}

export interface MeetingEventTable {
  id: string;
  meeting_id: string;
  at: Timestamp;
  kind: string;
  actor_kind: 'staff' | 'family' | 'participant' | 'system';
  staff_user_id: string | null;
  participant_id: string | null;
  detail: Generated<Json<Record<string, unknown>>>;
}

export interface MeetingTables {
  meeting: MeetingTable;
  meeting_slot: MeetingSlotTable;
  meeting_participant: MeetingParticipantTable;
  meeting_vote: MeetingVoteTable;
  meeting_event: MeetingEventTable;
}

// ---------------------------------------------------------------- consultations (migration 0015)

export type ConsultationKind = 'consultation' | 'cowork';
export type ConsultationState = 'requested' | 'claimed' | 'answered' | 'closed' | 'declined' | 'expired';
export type ConsultationOutcome = 'advice_given' | 'cowork_agreed' | 'family_directed';
export type ConsultationMessageKind =
  | 'question'
  | 'answer'
  | 'call'
  | 'accept'
  | 'decline'
  | 'reply'
  | 'close';

export interface ConsultationTable {
  id: string;
  region_id: string;
  kind: ConsultationKind;
  identified: boolean;
  state: ConsultationState;
  version: Generated<number>;
  requester_id: string;
  requester_organization_id: string;
  counselling_organization_id: string;
  family_name: string | null;
  consent_channel: 'written' | 'verbal' | null;
  /** a date (YYYY-MM-DD); read as a string (see platform/db) */
  consent_given_on: ColumnType<string | null, string | null | undefined, string | null>;
  consent_reference: string | null;
  consent_directive_id: string | null;
  cowork_at: Date | null;
  cowork_place: string | null;
  unit_id: string | null;
  /** a date (YYYY-MM-DD, Europe/Helsinki) */
  respond_by: ColumnType<string, string, string>;
  claimed_by: string | null;
  claimed_at: Date | null;
  answer_kind: 'written' | 'call' | 'accepted' | null;
  call_at: Date | null;
  outcome: ConsultationOutcome | null;
  requester_unread: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  ended_at: Date | null;
}

export interface ConsultationMessageTable {
  id: string;
  consultation_id: string;
  author_id: string;
  side: 'requester' | 'counsellor';
  kind: ConsultationMessageKind;
  body: string;
  created_at: Timestamp;
}

export interface ConsultationTables {
  consultation: ConsultationTable;
  consultation_message: ConsultationMessageTable;
}

// ---------------------------------------------------------------- surveys (migration 0019)

export type SurveyAudience = 'clients' | 'professionals';
export type SurveyState = 'draft' | 'published' | 'closed';
export type SurveyQuestionKind = 'single' | 'multiple' | 'scale' | 'text';

export interface SurveyTable {
  id: string;
  region_id: string;
  audience: SurveyAudience;
  title: Json<LocalizedText>;
  intro: Json<LocalizedText>;
  /** a date (YYYY-MM-DD, Europe/Helsinki) */
  opens_on: ColumnType<string, string, string>;
  closes_on: ColumnType<string, string, string>;
  state: Generated<SurveyState>;
  public_token: string | null;
  created_by: string;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyQuestionTable {
  id: string;
  survey_id: string;
  position: number;
  kind: SurveyQuestionKind;
  text: Json<LocalizedText>;
  options: Json<LocalizedText[]>;
  required: boolean;
}

export interface SurveyResponseTable {
  id: string;
  survey_id: string;
  language: Lang3;
  /** a date (YYYY-MM-DD, Europe/Helsinki): no finer time is kept */
  answered_on: ColumnType<string, string, string>;
}

export interface SurveyAnswerTable {
  response_id: string;
  question_id: string;
  choices: number[] | null;
  scale: number | null;
  text: string | null;
}

export interface SurveyInvitationTable {
  id: string;
  survey_id: string;
  token_hash: string;
  used: Generated<boolean>;
}

export interface SurveyTables {
  survey: SurveyTable;
  survey_question: SurveyQuestionTable;
  survey_response: SurveyResponseTable;
  survey_answer: SurveyAnswerTable;
  survey_invitation: SurveyInvitationTable;
}

// ---------------------------------------------------------------- feedback (migration 0018)

/** One family's answer after a contact: no contact id, no timestamp (anonymity). */
export interface FeedbackTable {
  id: string;
  region_id: string;
  /** the first day of the month the contact closed (YYYY-MM-01, Europe/Helsinki); read as a string */
  month: string;
  municipality_code: string | null;
  channel: 'web' | 'phone' | 'walk_in';
  got_help: 'yes' | 'partly' | 'no';
  ease: number | null;
  comment: string | null;
  language: Lang3;
  plain_language: Generated<boolean>;
}

/** That a contact has answered: HMAC of its id with the installation's key, nothing else. */
export interface FeedbackReceiptTable {
  key: string;
}

export interface FeedbackTables {
  feedback: FeedbackTable;
  feedback_receipt: FeedbackReceiptTable;
}

/** migration 0017: children aged 0–17 on 31.12 by municipality and year (features/population) */
export interface PopulationTable {
  municipality_code: string;
  year: number;
  children: number;
  source: 'statfin_11re' | 'plain_csv' | 'estimate';
  imported_at: Date;
  /** a staff user's name, or 'demo seed' */
  imported_by: string;
}

export interface PopulationTables {
  population: PopulationTable;
}

// ---------------------------------------------------------------- rate limits (migration 0025)

/** A rate-limit counter: one limit (route), one client (a keyed hash of its address), one window. */
export interface RateLimitCounterTable {
  name: string;
  key: string;
  window_start: Timestamp;
  window_end: Timestamp;
  count: number;
}

export interface RateLimitTables {
  rate_limit_counter: RateLimitCounterTable;
}

/** A scheduled job's row (migration 0026, src/platform/jobs.ts). */
export interface ScheduledJobTable {
  name: string;
  next_due_at: Timestamp;
  locked_by: string | null;
  lease_until: Timestamp | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
  failures: Generated<number>;
  run_count: Generated<number>;
}

export interface ScheduledJobTables {
  scheduled_job: ScheduledJobTable;
}
