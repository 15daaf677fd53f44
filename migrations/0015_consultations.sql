-- Professional consultation and co-work requests (capability 7, issue 12;
-- docs/consultations.md). A partner professional (or a counsellor, or a receiving-unit worker)
-- asks the region's family counselling for a consultation — anonymously or about an identified
-- family with the family's consent — or to come as a co-worker (työpari) to a client meeting.
-- The state lives in one column: requested → claimed → answered → closed; declined; expired.
-- The thread (question, answers, replies, the decline's and the closing's words) is append-only.

CREATE TABLE consultation (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  kind text NOT NULL CHECK (kind IN ('consultation', 'cowork')),
  identified boolean NOT NULL,
  state text NOT NULL CHECK (state IN ('requested', 'claimed', 'answered', 'closed', 'declined', 'expired')),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  requester_id uuid NOT NULL REFERENCES staff_user(id),
  requester_organization_id uuid NOT NULL REFERENCES organization(id),
  -- the region's family counselling: the organisation that runs its contact point
  counselling_organization_id uuid NOT NULL REFERENCES organization(id),
  -- identified: the family as the requester names it, and the consent's reference
  family_name text CHECK (family_name IS NULL OR length(family_name) BETWEEN 1 AND 200),
  consent_channel text CHECK (consent_channel IN ('written', 'verbal')),
  consent_given_on date,
  consent_reference text CHECK (consent_reference IS NULL OR length(consent_reference) <= 200),
  -- the consent feature's worker-recorded permit (null within one registry: no disclosure)
  consent_directive_id uuid REFERENCES consent_directive(id),
  -- co-work: the client meeting's time and place, and optionally the unit asked
  cowork_at timestamptz,
  cowork_place text CHECK (cowork_place IS NULL OR length(cowork_place) BETWEEN 1 AND 300),
  unit_id uuid REFERENCES unit(id),
  -- the first-response promise (the region's working days, as contacts)
  respond_by date NOT NULL,
  claimed_by uuid REFERENCES staff_user(id),
  claimed_at timestamptz,
  answer_kind text CHECK (answer_kind IN ('written', 'call', 'accepted')),
  call_at timestamptz,
  outcome text CHECK (outcome IN ('advice_given', 'cowork_agreed', 'family_directed')),
  -- the requester has not yet seen the counselling's latest answer
  requester_unread boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  ended_at timestamptz,
  CHECK (NOT identified OR (family_name IS NOT NULL AND consent_channel IS NOT NULL
    AND consent_given_on IS NOT NULL)),
  CHECK (identified OR (family_name IS NULL AND consent_directive_id IS NULL)),
  CHECK ((kind = 'cowork') = (cowork_at IS NOT NULL AND cowork_place IS NOT NULL)),
  CHECK (kind = 'cowork' OR unit_id IS NULL),
  CHECK (state <> 'closed' OR outcome IS NOT NULL)
);
CREATE INDEX consultation_queue_idx ON consultation(region_id, state, respond_by);
CREATE INDEX consultation_requester_idx ON consultation(requester_id, created_at DESC);

CREATE TABLE consultation_message (
  id uuid PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultation(id),
  author_id uuid NOT NULL REFERENCES staff_user(id),
  side text NOT NULL CHECK (side IN ('requester', 'counsellor')),
  kind text NOT NULL CHECK (kind IN ('question', 'answer', 'call', 'accept', 'decline', 'reply', 'close')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL
);
CREATE INDEX consultation_message_thread_idx ON consultation_message(consultation_id, created_at);

-- a consultation is never deleted; its thread is never changed or deleted
CREATE TRIGGER consultation_no_delete BEFORE DELETE ON consultation
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
CREATE TRIGGER consultation_message_append_only BEFORE UPDATE OR DELETE ON consultation_message
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
