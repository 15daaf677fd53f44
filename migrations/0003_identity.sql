-- Identity and roles (capability 11). Each organisation is its own registry controller;
-- staff have roles per organisation; clients are persons identified by the citizens'
-- identity provider. A care relationship links a staff user to a client through work.

CREATE TABLE unit (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organization(id),
  name jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unit_organization_idx ON unit(organization_id);

CREATE TABLE staff_user (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  -- the OpenID Connect issuer and subject that identify the person
  issuer text NOT NULL,
  subject text NOT NULL,
  name text NOT NULL,
  email text,
  -- the organisation the user works for (their registry); roles may add others
  organization_id uuid NOT NULL REFERENCES organization(id),
  unit_id uuid REFERENCES unit(id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject)
);
CREATE INDEX staff_user_region_idx ON staff_user(region_id);

CREATE TABLE staff_role (
  staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organization(id),
  role text NOT NULL CHECK (role IN (
    'counsellor', 'receiving_worker', 'partner', 'manager', 'catalogue_editor', 'administrator', 'dpo')),
  PRIMARY KEY (staff_user_id, organization_id, role)
);

CREATE TABLE client (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  issuer text NOT NULL,
  subject text NOT NULL,
  name text NOT NULL,
  -- the personal identity code (henkilötunnus) is never stored in clear: an HMAC for finding
  -- the person, and AES-256-GCM ciphertext for showing it to those allowed (platform/auth)
  personal_identity_code_hmac text,
  personal_identity_code_encrypted text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject)
);
CREATE UNIQUE INDEX client_pic_idx ON client(personal_identity_code_hmac) WHERE personal_identity_code_hmac IS NOT NULL;

CREATE TABLE care_relationship (
  id uuid PRIMARY KEY,
  staff_user_id uuid NOT NULL REFERENCES staff_user(id),
  client_id uuid NOT NULL REFERENCES client(id),
  organization_id uuid NOT NULL REFERENCES organization(id),
  kind text NOT NULL CHECK (kind IN ('assigned_contact', 'handoff', 'meeting')),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
CREATE INDEX care_relationship_staff_client_idx ON care_relationship(staff_user_id, client_id);
CREATE INDEX care_relationship_client_idx ON care_relationship(client_id);

-- Sessions live in the database (the process is stateless). The id is the SHA-256 of the
-- cookie's random token, so a database reader cannot use a session.
CREATE TABLE session (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('staff', 'client')),
  staff_user_id uuid REFERENCES staff_user(id) ON DELETE CASCADE,
  client_id uuid REFERENCES client(id) ON DELETE CASCADE,
  -- for RP-initiated logout at the identity provider
  id_token text,
  issuer text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'staff' AND staff_user_id IS NOT NULL) OR (kind = 'client' AND client_id IS NOT NULL))
);
CREATE INDEX session_staff_idx ON session(staff_user_id);
CREATE INDEX session_client_idx ON session(client_id);
