-- Electronic consent between registries (capability 9, issue 11; ../shared/design/CONSENT.md).
-- Each organisation is its own registry controller, unless it is a purchased-service provider
-- that records into its organiser's registry. Client data crosses from one registry to another
-- only on a statutory basis or on a valid consent (a directive), never against a deny; every
-- decision, a refusal too, is written to the append-only disclosure_event log.

-- The registry an organisation is: its sector, the law its records fall under, and (for a
-- purchased-service provider) the organiser's registry it records into (null: its own).
ALTER TABLE organization ADD COLUMN registry_sector text CHECK (registry_sector IN (
  'social_health', 'early_childhood', 'education', 'ngo', 'parish', 'private'));
ALTER TABLE organization ADD COLUMN legal_regime text CHECK (legal_regime IN (
  'act_703_2023', 'education', 'gdpr_consent'));
ALTER TABLE organization ADD COLUMN registry_organization_id uuid REFERENCES organization(id);

-- The defaults come from the kind, for the rows here now and for every organisation added later
-- (the demo region is seeded after the migrations): a welfare region keeps social and health
-- care records (Act 703/2023); a municipality's records are its early-childhood education and
-- schools; a joint authority here is a vocational-education federation; NGOs and parishes are
-- outside 703/2023 (GDPR consent); a company is a private social or health care provider
-- (703/2023 covers private providers). A catalogue editor may set other values.
CREATE FUNCTION organization_registry_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.registry_sector IS NULL THEN
    NEW.registry_sector := CASE NEW.kind
      WHEN 'region' THEN 'social_health'
      WHEN 'municipality' THEN 'education'
      WHEN 'joint_authority' THEN 'education'
      WHEN 'ngo' THEN 'ngo'
      WHEN 'parish' THEN 'parish'
      ELSE 'private' END;
  END IF;
  IF NEW.legal_regime IS NULL THEN
    NEW.legal_regime := CASE NEW.registry_sector
      WHEN 'social_health' THEN 'act_703_2023'
      WHEN 'private' THEN 'act_703_2023'
      WHEN 'early_childhood' THEN 'education'
      WHEN 'education' THEN 'education'
      ELSE 'gdpr_consent' END;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER organization_registry_defaults BEFORE INSERT OR UPDATE ON organization
  FOR EACH ROW EXECUTE FUNCTION organization_registry_defaults();
UPDATE organization SET registry_sector = NULL WHERE registry_sector IS NULL;
ALTER TABLE organization ALTER COLUMN registry_sector SET NOT NULL;
ALTER TABLE organization ALTER COLUMN legal_regime SET NOT NULL;

-- A person whose data a consent is about or who gives one. Consent is always per person; a
-- family is never a consent subject. Named as the family gave it ("Mikko"); linked to a
-- signed-in client when the person identifies strongly.
CREATE TABLE consent_person (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  contact_id uuid REFERENCES contact(id),
  client_id uuid REFERENCES client(id),
  -- the same HMAC as client.personal_identity_code_hmac
  identity_code_hmac text,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  birth_date date,
  role text NOT NULL CHECK (role IN ('contacter', 'child', 'guardian', 'other')),
  -- a non-disclosure order for personal safety: address and municipality never cross registries
  turvakielto boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX consent_person_contact_idx ON consent_person(contact_id);
CREATE INDEX consent_person_client_idx ON consent_person(client_id) WHERE client_id IS NOT NULL;
-- one contacter per contact (ensureContacter makes it lazily)
CREATE UNIQUE INDEX consent_person_contacter_idx ON consent_person(contact_id) WHERE role = 'contacter';

CREATE TABLE guardianship (
  id uuid PRIMARY KEY,
  guardian_person_id uuid NOT NULL REFERENCES consent_person(id),
  child_person_id uuid NOT NULL REFERENCES consent_person(id),
  custody text NOT NULL CHECK (custody IN ('joint', 'sole', 'task_split')),
  decision_rights boolean NOT NULL DEFAULT true,
  -- a task split: the data categories this guardian decides alone
  scope text[] NOT NULL DEFAULT '{}',
  valid_from date NOT NULL,
  valid_to date,
  source text NOT NULL CHECK (source IN ('population_register', 'court', 'recorded_by_worker')),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  CHECK (guardian_person_id <> child_person_id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX guardianship_child_idx ON guardianship(child_person_id);
CREATE INDEX guardianship_guardian_idx ON guardianship(guardian_person_id);

-- One decision (permit or deny), immutable: a change is a new version that supersedes it.
CREATE TABLE consent_directive (
  id uuid PRIMARY KEY,
  -- stable across versions
  directive_key uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  supersedes_id uuid REFERENCES consent_directive(id),
  region_id uuid NOT NULL REFERENCES region(id),
  subject_person_id uuid NOT NULL REFERENCES consent_person(id),
  decision text NOT NULL CHECK (decision IN ('permit', 'deny')),
  grantor_kind text NOT NULL CHECK (grantor_kind IN ('self', 'guardian', 'legal_representative', 'capable_minor')),
  grantor_person_id uuid NOT NULL REFERENCES consent_person(id),
  co_grantor_person_ids uuid[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('active', 'pending_co_grantors', 'withdrawn', 'superseded', 'suspended')),
  source_organization_ids uuid[] NOT NULL,
  recipient_organization_ids uuid[] NOT NULL DEFAULT '{}',
  -- a minor's deny to their guardians
  recipient_guardians boolean NOT NULL DEFAULT false,
  categories text[] NOT NULL CHECK (cardinality(categories) > 0 AND categories <@ ARRAY[
    'contact', 'mapping', 'record_entries', 'handoff_summary', 'meeting_agreements']::text[]),
  purpose_code text NOT NULL CHECK (purpose_code IN (
    'arranging_service', 'family_counselling', 'co_work', 'meeting', 'other')),
  purpose_text text NOT NULL,
  valid_from date NOT NULL,
  valid_until date NOT NULL,
  channel text NOT NULL CHECK (channel IN (
    'strong_identification', 'status_link', 'face_to_face', 'phone', 'video', 'paper')),
  evidence jsonb NOT NULL DEFAULT '{}',
  -- SHA-256 (hex) of the exact notice text shown to or read to the client
  notice_text_hash text NOT NULL CHECK (notice_text_hash ~ '^[0-9a-f]{64}$'),
  needs_confirmation boolean NOT NULL DEFAULT false,
  confirmed_at timestamptz,
  recorded_by uuid REFERENCES staff_user(id),
  recorded_at timestamptz NOT NULL,
  request_id uuid,
  withdrawn_at timestamptz,
  withdrawn_by text,
  withdrawal_channel text,
  withdrawal_reason text,
  UNIQUE (directive_key, version),
  CHECK (valid_until >= valid_from),
  CHECK (cardinality(recipient_organization_ids) > 0 OR recipient_guardians),
  CHECK (status <> 'withdrawn' OR (withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL))
);
CREATE INDEX consent_directive_subject_idx ON consent_directive(subject_person_id, status);
CREATE INDEX consent_directive_region_idx ON consent_directive(region_id, recorded_at);
CREATE INDEX consent_directive_recipients_idx ON consent_directive USING gin (recipient_organization_ids);

-- A directive is never rewritten: only its status, its withdrawal and its confirmation change.
CREATE FUNCTION consent_directive_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'consent_directive is never deleted: DELETE refused' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - ARRAY['status', 'withdrawn_at', 'withdrawn_by', 'withdrawal_channel',
        'withdrawal_reason', 'confirmed_at', 'needs_confirmation'])
     IS DISTINCT FROM
     (to_jsonb(OLD) - ARRAY['status', 'withdrawn_at', 'withdrawn_by', 'withdrawal_channel',
        'withdrawal_reason', 'confirmed_at', 'needs_confirmation']) THEN
    RAISE EXCEPTION 'consent_directive is immutable: only its status, withdrawal and confirmation change'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER consent_directive_immutable BEFORE UPDATE OR DELETE ON consent_directive
  FOR EACH ROW EXECUTE FUNCTION consent_directive_guard();

-- A worker drafts a request; the family answers it from the status page or signed in.
CREATE TABLE consent_request (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  contact_id uuid NOT NULL REFERENCES contact(id),
  subject_person_ids uuid[] NOT NULL CHECK (cardinality(subject_person_ids) > 0),
  requested_by uuid NOT NULL REFERENCES staff_user(id),
  source_organization_id uuid NOT NULL REFERENCES organization(id),
  recipient_organization_ids uuid[] NOT NULL CHECK (cardinality(recipient_organization_ids) > 0),
  categories text[] NOT NULL CHECK (cardinality(categories) > 0),
  purpose_code text NOT NULL,
  purpose_text text NOT NULL,
  valid_until date NOT NULL,
  answer_by timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('requested', 'given', 'declined', 'expired', 'cancelled')),
  answered_at timestamptz,
  answer_channel text,
  directive_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL
);
CREATE INDEX consent_request_contact_idx ON consent_request(contact_id, created_at);
ALTER TABLE consent_directive ADD CONSTRAINT consent_directive_request_fk
  FOREIGN KEY (request_id) REFERENCES consent_request(id);
CREATE TRIGGER consent_request_no_delete BEFORE DELETE ON consent_request
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();

-- Whether a minor can decide about their own data, for which categories (no fixed age in law).
CREATE TABLE capacity_assessment (
  id uuid PRIMARY KEY,
  subject_person_id uuid NOT NULL REFERENCES consent_person(id),
  assessed_by uuid NOT NULL REFERENCES staff_user(id),
  assessed_at timestamptz NOT NULL,
  capable boolean NOT NULL,
  categories text[] NOT NULL,
  basis text NOT NULL,
  review_date date
);
CREATE INDEX capacity_assessment_subject_idx ON capacity_assessment(subject_person_id, assessed_at);
CREATE TRIGGER capacity_assessment_append_only BEFORE UPDATE OR DELETE ON capacity_assessment
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();

-- A disclosure without consent, on a basis in law: explicit, reasoned, time-boxed, reviewed by
-- the data-protection officer, shown to the client unless notice is deferred with a reason.
CREATE TABLE statutory_disclosure (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  contact_id uuid NOT NULL REFERENCES contact(id),
  subject_person_id uuid REFERENCES consent_person(id),
  basis text NOT NULL CHECK (basis IN (
    'lsl_25', 'lsl_25a', 'shl_35', 'right_to_information', 'emergency', 'break_glass')),
  justification text NOT NULL CHECK (length(btrim(justification)) >= 20),
  items text[] NOT NULL CHECK (cardinality(items) > 0),
  source_organization_id uuid NOT NULL REFERENCES organization(id),
  recipient_organization_id uuid NOT NULL REFERENCES organization(id),
  disclosed_by uuid NOT NULL REFERENCES staff_user(id),
  disclosed_at timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  client_told_at timestamptz,
  notice_deferred_reason text,
  reviewed_by uuid REFERENCES staff_user(id),
  reviewed_at timestamptz,
  review_note text,
  CHECK (valid_until > disclosed_at AND valid_until <= disclosed_at + interval '30 days'),
  CHECK (source_organization_id <> recipient_organization_id)
);
CREATE INDEX statutory_disclosure_contact_idx ON statutory_disclosure(contact_id);
CREATE INDEX statutory_disclosure_review_idx ON statutory_disclosure(region_id, disclosed_at)
  WHERE reviewed_at IS NULL;
CREATE TRIGGER statutory_disclosure_no_delete BEFORE DELETE ON statutory_disclosure
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();

-- Every decision about data crossing registries, a refusal too. Append-only.
CREATE TABLE disclosure_event (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  region_id uuid REFERENCES region(id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'client', 'system', 'public')),
  staff_user_id uuid REFERENCES staff_user(id),
  role text,
  source_organization_id uuid NOT NULL REFERENCES organization(id),
  recipient_organization_id uuid NOT NULL REFERENCES organization(id),
  contact_id uuid REFERENCES contact(id),
  subject_person_id uuid REFERENCES consent_person(id),
  items text[] NOT NULL,
  decision text NOT NULL CHECK (decision IN ('permit', 'deny')),
  basis text NOT NULL CHECK (basis IN (
    'same_registry', 'statutory', 'consent', 'deny_directive', 'no_consent', 'no_care_relationship',
    'turvakielto')),
  directive_id uuid REFERENCES consent_directive(id),
  statutory_disclosure_id uuid REFERENCES statutory_disclosure(id),
  resource_type text NOT NULL,
  resource_id text
);
CREATE INDEX disclosure_event_contact_idx ON disclosure_event(contact_id, at);
CREATE INDEX disclosure_event_region_idx ON disclosure_event(region_id, at);
CREATE TRIGGER disclosure_event_append_only BEFORE UPDATE OR DELETE ON disclosure_event
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
