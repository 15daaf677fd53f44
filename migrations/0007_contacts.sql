-- One contact point, the shared regional queue, situation mapping and uniform recording
-- (capabilities 2, 3, 4 and 10). A contact is a request for advice from a parent, a young
-- person or a professional: sent with the public form (anonymously if they wish) or logged by
-- a counsellor from a phone call or a walk-in. Its record entries are never deleted: a
-- correction is a new version with its reason.

-- What each region promises and where its contact point sits.
ALTER TABLE region ADD COLUMN first_response_working_days integer NOT NULL DEFAULT 3
  CHECK (first_response_working_days BETWEEN 1 AND 30);
-- the organisation that runs the region's contact point: the registry controller of contacts
ALTER TABLE region ADD COLUMN contact_point_organization_id uuid REFERENCES organization(id);
-- the one phone number of the region's family counselling, and the social emergency number
ALTER TABLE region ADD COLUMN contact_phone text;
ALTER TABLE region ADD COLUMN social_emergency_phone text;

-- Keys the application derives secrets from when no PERSONAL_DATA_KEY is configured
-- (development and tests); random at creation.
CREATE TABLE app_secret (
  name text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO app_secret (name, value)
VALUES ('status_link', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- References PV-2026-000123: the year of receipt and this number.
CREATE SEQUENCE contact_number_seq;

CREATE TABLE contact (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  region_id uuid NOT NULL REFERENCES region(id),
  registry_organization_id uuid NOT NULL REFERENCES organization(id),
  -- the signed-in client who sent it, when they were signed in
  client_id uuid REFERENCES client(id),
  -- a retried request with the same key gets the same contact (request_hash: what was sent)
  idempotency_key uuid NOT NULL UNIQUE,
  request_hash text NOT NULL,
  -- SHA-256 of the private status link's token (the token itself is never stored)
  status_token_hash text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('web', 'phone', 'walk_in')),
  contacter text NOT NULL CHECK (contacter IN ('parent', 'young_person', 'professional')),
  municipality_code text REFERENCES municipality(code),
  child_ages smallint[] NOT NULL DEFAULT '{}',
  topics text[] NOT NULL DEFAULT '{}',
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  anonymous boolean NOT NULL,
  contact_name text,
  reply_channel text NOT NULL CHECK (reply_channel IN ('phone', 'email', 'status_page')),
  phone text,
  email text,
  reach_time text NOT NULL DEFAULT 'any' CHECK (reach_time IN ('any', 'morning', 'afternoon', 'evening')),
  urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'emergency')),
  safety text NOT NULL DEFAULT 'none' CHECK (safety IN ('none', 'violence', 'acute_danger')),
  state text NOT NULL CHECK (state IN ('new', 'assigned', 'in_progress', 'closed')),
  assigned_to uuid REFERENCES staff_user(id),
  assigned_at timestamptz,
  received_at timestamptz NOT NULL,
  -- the promised first response: by the end of this day (Europe/Helsinki)
  respond_by date NOT NULL,
  first_response_at timestamptz,
  closed_at timestamptz,
  outcome text CHECK (outcome IN ('resolved_one_contact', 'visits_booked', 'guided_onward', 'urgent_referral')),
  -- the counsellor who logged a phone call or a walk-in
  logged_by uuid REFERENCES staff_user(id),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  CHECK ((state = 'closed') = (outcome IS NOT NULL AND closed_at IS NOT NULL)),
  CHECK (state = 'new' OR assigned_to IS NOT NULL)
);
-- The queue: open contacts of a region, oldest first. Closed contacts (the history, millions
-- of rows) are outside the partial indexes, so the queue stays fast however long the history.
CREATE INDEX contact_queue_idx ON contact(region_id, received_at) WHERE state <> 'closed';
CREATE INDEX contact_assigned_idx ON contact(assigned_to, received_at) WHERE state <> 'closed';
CREATE INDEX contact_region_received_idx ON contact(region_id, received_at DESC);
CREATE INDEX contact_client_idx ON contact(client_id) WHERE client_id IS NOT NULL;

-- Every change of a contact's state, with who, when and why.
CREATE TABLE contact_event (
  id bigserial PRIMARY KEY,
  contact_id uuid NOT NULL REFERENCES contact(id),
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('received', 'claimed', 'assigned', 'started', 'closed', 'reopened', 'message_from_family')),
  from_state text,
  to_state text NOT NULL,
  staff_user_id uuid REFERENCES staff_user(id),
  actor_name text NOT NULL,
  note text
);
CREATE INDEX contact_event_contact_idx ON contact_event(contact_id, id);

-- The service-task classification of social welfare (Kanta "Sosiaalihuolto - Palvelutehtävä",
-- OID 1.2.246.537.6.1221). The code values are not verified (data/seed/reference/SOURCES.md):
-- each row says whether it is, and an administrator can correct them without a code change.
CREATE TABLE service_task_class (
  code text PRIMARY KEY,
  classification_oid text NOT NULL,
  name jsonb NOT NULL,
  verified boolean NOT NULL DEFAULT false
);
INSERT INTO service_task_class (code, classification_oid, name, verified) VALUES
  ('KASVATUS_JA_PERHENEUVONTA', '1.2.246.537.6.1221',
   '{"fi": "Kasvatus- ja perheneuvonta", "sv": "Uppfostrings- och familjerådgivning", "en": "Child guidance and family counselling"}', false),
  ('LAPSIPERHEIDEN_SOSIAALIPALVELUT', '1.2.246.537.6.1221',
   '{"fi": "Lapsiperheiden sosiaalipalvelut", "sv": "Socialservice för barnfamiljer", "en": "Social services for families with children"}', false);
ALTER TABLE region ADD COLUMN contact_service_task text NOT NULL DEFAULT 'KASVATUS_JA_PERHENEUVONTA'
  REFERENCES service_task_class(code);

-- Uniform record entries: the same types and structure in every municipality. An entry is
-- never deleted; its content lives in versions, and a correction adds a version with a reason.
CREATE TABLE record_entry (
  id uuid PRIMARY KEY,
  contact_id uuid NOT NULL REFERENCES contact(id),
  type text NOT NULL CHECK (type IN ('contact', 'mapping', 'advice', 'message', 'outcome')),
  service_task_code text NOT NULL REFERENCES service_task_class(code),
  registry_organization_id uuid NOT NULL REFERENCES organization(id),
  created_at timestamptz NOT NULL,
  current_version integer NOT NULL DEFAULT 1
);
CREATE INDEX record_entry_contact_idx ON record_entry(contact_id, created_at);

CREATE TABLE record_entry_version (
  entry_id uuid NOT NULL REFERENCES record_entry(id),
  version integer NOT NULL CHECK (version >= 1),
  content jsonb NOT NULL,
  -- why it was corrected (versions after the first)
  reason text,
  at timestamptz NOT NULL,
  author_kind text NOT NULL CHECK (author_kind IN ('staff', 'family', 'system')),
  staff_user_id uuid REFERENCES staff_user(id),
  author_name text NOT NULL,
  PRIMARY KEY (entry_id, version),
  CHECK (version = 1 OR (reason IS NOT NULL AND length(reason) > 0))
);

CREATE FUNCTION record_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is never changed or deleted: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER record_entry_version_append_only BEFORE UPDATE OR DELETE ON record_entry_version
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
CREATE TRIGGER record_entry_no_delete BEFORE DELETE ON record_entry
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
CREATE TRIGGER contact_no_delete BEFORE DELETE ON contact
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();

-- Who answers the phone (and works the queue) each day.
CREATE TABLE duty_roster (
  region_id uuid NOT NULL REFERENCES region(id),
  day date NOT NULL,
  duty text NOT NULL CHECK (duty IN ('phone', 'queue')),
  staff_user_id uuid NOT NULL REFERENCES staff_user(id),
  PRIMARY KEY (region_id, day, duty, staff_user_id)
);

-- Notifications are written here in the same transaction as what they announce, and sent by
-- the outbox worker with retries (platform/outbox.ts). Personal data (the recipient, a status
-- link) is cleared from a row once it is sent or given up.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text,
  template text NOT NULL,
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  params jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz,
  failed_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox(available_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- The public form writes contacts without a signed-in person: the access log names them.
ALTER TABLE access_log DROP CONSTRAINT access_log_actor_kind_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_actor_kind_check
  CHECK (actor_kind IN ('staff', 'client', 'system', 'public'));
