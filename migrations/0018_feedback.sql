-- Feedback after a contact (capability 12): "Did one contact get you help?", how easy it was
-- to reach us, free text. Kept apart from the contact, so that nothing a staff member or a
-- reader of these tables sees leads back to the family: random ids, no contact id, no
-- timestamp, no serial number; only the month the contact closed (Europe/Helsinki) and the
-- contact's region, municipality and channel, which the shared metrics break it down by.
CREATE TABLE feedback (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  -- the first day of the month the contact closed (Europe/Helsinki)
  month date NOT NULL CHECK (EXTRACT(DAY FROM month) = 1),
  municipality_code text REFERENCES municipality(code),
  channel text NOT NULL CHECK (channel IN ('web', 'phone', 'walk_in')),
  got_help text NOT NULL CHECK (got_help IN ('yes', 'partly', 'no')),
  ease smallint CHECK (ease BETWEEN 1 AND 5),
  comment text CHECK (char_length(comment) <= 2000),
  -- the language of the form the family answered, and whether it was the plain-language one
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  plain_language boolean NOT NULL DEFAULT false
);
CREATE INDEX feedback_region_month_idx ON feedback(region_id, month)
  INCLUDE (municipality_code, got_help, ease);

-- One answer per contact: HMAC-SHA-256 of 'feedback:' || the contact's id with the
-- installation's key (the status links' key), written in the same transaction as the answer.
-- Without the key it names no contact; with it, it says only that the contact answered.
CREATE TABLE feedback_receipt (
  key text PRIMARY KEY
);
