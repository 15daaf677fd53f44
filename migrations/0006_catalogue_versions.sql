-- Catalogue administration (capability 11, item 6): every change a catalogue editor makes
-- to a service, organisation or location is kept as a version — the full record as it was
-- after the change, who made it and when — written in the same transaction as the change.
-- Organisations and locations are retired (kept, hidden from editing lists by default), never deleted.

ALTER TABLE organization ADD COLUMN retired_at timestamptz;
ALTER TABLE location ADD COLUMN retired_at timestamptz;

CREATE TABLE catalogue_version (
  id uuid PRIMARY KEY,
  entity_type text NOT NULL CHECK (entity_type IN ('service', 'organization', 'location')),
  entity_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  change_kind text NOT NULL CHECK (change_kind IN ('create', 'update', 'retire', 'restore')),
  record jsonb NOT NULL,
  changed_by uuid NOT NULL REFERENCES staff_user(id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_type, entity_id, version)
);
