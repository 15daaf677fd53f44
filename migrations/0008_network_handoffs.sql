-- The network and its competence (capability 14) and the warm handoff (capability 6).
-- Units are where help is given: each belongs to an organisation, gives one service of the
-- catalogue, sits in a municipality, serves some municipalities, has capacity and a current
-- wait. Professionals work in units, with the methods they are trained in and their languages.

-- Methods professionals are trained in (reference data: data/seed/reference/methods.csv).
CREATE TABLE method (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9_]{2,60}$'),
  name jsonb NOT NULL,
  description jsonb
);

-- A stable code (for CSV import), the service given, the place, capacity and the current wait.
ALTER TABLE unit ADD COLUMN code text;
CREATE UNIQUE INDEX unit_code_idx ON unit(code) WHERE code IS NOT NULL;
ALTER TABLE unit ADD COLUMN service_id uuid REFERENCES service(id);
ALTER TABLE unit ADD COLUMN municipality_code text REFERENCES municipality(code);
ALTER TABLE unit ADD COLUMN email text;
ALTER TABLE unit ADD COLUMN remote_possible boolean NOT NULL DEFAULT false;
ALTER TABLE unit ADD COLUMN languages text[] NOT NULL DEFAULT '{fi}';
-- free first-appointment slots per week
ALTER TABLE unit ADD COLUMN free_slots_per_week integer NOT NULL DEFAULT 0 CHECK (free_slots_per_week BETWEEN 0 AND 1000);
-- the current wait for a first appointment, in working days (null: not known)
ALTER TABLE unit ADD COLUMN wait_days integer CHECK (wait_days BETWEEN 0 AND 365);
ALTER TABLE unit ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE unit ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX unit_service_idx ON unit(service_id);

-- The municipalities whose residents a unit serves.
CREATE TABLE unit_municipality (
  unit_id uuid NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
  municipality_code text NOT NULL REFERENCES municipality(code),
  PRIMARY KEY (unit_id, municipality_code)
);
CREATE INDEX unit_municipality_code_idx ON unit_municipality(municipality_code, unit_id);

CREATE TABLE professional (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  unit_id uuid NOT NULL REFERENCES unit(id),
  -- the professional's own user account, when they have one
  staff_user_id uuid REFERENCES staff_user(id),
  name text NOT NULL,
  title text,
  fte numeric(4, 2) NOT NULL CHECK (fte > 0 AND fte <= 1.5),
  languages text[] NOT NULL DEFAULT '{fi}',
  remote_possible boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX professional_unit_idx ON professional(unit_id);

CREATE TABLE professional_method (
  professional_id uuid NOT NULL REFERENCES professional(id) ON DELETE CASCADE,
  method_code text NOT NULL REFERENCES method(code),
  PRIMARY KEY (professional_id, method_code)
);
CREATE INDEX professional_method_code_idx ON professional_method(method_code);

-- How many working days a receiving unit has to answer a handoff before it surfaces to the
-- sender's manager.
ALTER TABLE region ADD COLUMN handoff_response_working_days integer NOT NULL DEFAULT 3
  CHECK (handoff_response_working_days BETWEEN 1 AND 30);

-- The warm handoff (saattaen vaihtaminen): the counsellor hands the family to a service and
-- stays responsible until the receiving unit has accepted and set a first appointment.
CREATE TABLE handoff (
  id uuid PRIMARY KEY,
  contact_id uuid NOT NULL REFERENCES contact(id),
  region_id uuid NOT NULL REFERENCES region(id),
  -- the sender: the counsellor and the organisation (registry) of the contact point
  sender_staff_user_id uuid NOT NULL REFERENCES staff_user(id),
  sender_organization_id uuid NOT NULL REFERENCES organization(id),
  -- the receiver: a service of the catalogue, its organisation, and the unit when known
  target_service_id uuid NOT NULL REFERENCES service(id),
  target_organization_id uuid NOT NULL REFERENCES organization(id),
  target_unit_id uuid REFERENCES unit(id),
  summary text NOT NULL,
  -- the family agreed to the handoff (electronic consent comes with capability 9)
  family_agreement text NOT NULL CHECK (family_agreement IN ('verbal', 'written')),
  family_agreement_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN (
    'requested', 'accepted', 'appointment_set', 'first_visit_held', 'completed',
    'declined', 'cancelled', 'expired')),
  respond_by date NOT NULL,
  appointment_at timestamptz,
  appointment_place text,
  decline_reason text CHECK (decline_reason IN (
    'not_our_service', 'no_capacity', 'outside_area', 'needs_referral', 'family_unreachable', 'other')),
  decline_text text,
  -- the explanation of the suggestion the counsellor chose, as shown then
  match_reasons jsonb,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (state <> 'declined' OR (decline_reason IS NOT NULL AND decline_text IS NOT NULL)),
  CHECK (state NOT IN ('appointment_set', 'first_visit_held', 'completed') OR appointment_at IS NOT NULL)
);
CREATE INDEX handoff_contact_idx ON handoff(contact_id);
CREATE INDEX handoff_target_open_idx ON handoff(target_organization_id, target_unit_id, created_at)
  WHERE state IN ('requested', 'accepted', 'appointment_set', 'first_visit_held');
CREATE INDEX handoff_sender_idx ON handoff(sender_staff_user_id, created_at);
CREATE INDEX handoff_region_open_idx ON handoff(region_id, respond_by)
  WHERE state IN ('requested', 'accepted');

CREATE TABLE handoff_event (
  id bigserial PRIMARY KEY,
  handoff_id uuid NOT NULL REFERENCES handoff(id),
  at timestamptz NOT NULL,
  from_state text,
  to_state text NOT NULL,
  staff_user_id uuid REFERENCES staff_user(id),
  actor_name text NOT NULL,
  reason text
);
CREATE INDEX handoff_event_handoff_idx ON handoff_event(handoff_id, id);

CREATE TRIGGER handoff_no_delete BEFORE DELETE ON handoff
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
CREATE TRIGGER handoff_event_append_only BEFORE UPDATE OR DELETE ON handoff_event
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();

-- A handoff is a record entry of its contact too (uniform recording).
ALTER TABLE record_entry DROP CONSTRAINT record_entry_type_check;
ALTER TABLE record_entry ADD CONSTRAINT record_entry_type_check
  CHECK (type IN ('contact', 'mapping', 'advice', 'message', 'outcome', 'handoff'));
