-- The family's side of the first appointment (issue 10, finding 15): who the family meets, and
-- the family's requests, from their status page, to move or cancel the appointment. A request
-- goes to the receiving unit (and the counsellor who handed the family over) through the
-- handoff; it is handled when the handoff next changes (the appointment is moved, the first
-- visit is held, or the handoff is cancelled).

-- with whom the first appointment is ("psykologi Maija Mallikas"); optional
ALTER TABLE handoff ADD COLUMN appointment_with text;

CREATE TABLE handoff_family_request (
  -- made by the status page's form: a retried post creates nothing twice
  id uuid PRIMARY KEY,
  handoff_id uuid NOT NULL REFERENCES handoff(id),
  kind text NOT NULL CHECK (kind IN ('change', 'cancel')),
  text text NOT NULL,
  -- the appointment the family asked about, as their page showed it
  appointment_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX handoff_family_request_handoff_idx ON handoff_family_request(handoff_id, created_at);

CREATE TRIGGER handoff_family_request_append_only BEFORE UPDATE OR DELETE ON handoff_family_request
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
