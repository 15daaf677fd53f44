-- The region-wide service catalogue (capability 1). Multilingual texts are jsonb objects
-- {"fi": …, "sv": …, "en": …}; Finnish is always present.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE region (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE municipality (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
  region_id uuid NOT NULL REFERENCES region(id),
  name jsonb NOT NULL,
  population integer,
  children_0_17 integer,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL
);
CREATE INDEX municipality_region_idx ON municipality(region_id);

CREATE TABLE taxonomy (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name jsonb NOT NULL,
  description jsonb NOT NULL,
  uri text,
  version text
);

CREATE TABLE taxonomy_term (
  id uuid PRIMARY KEY,
  taxonomy_id uuid NOT NULL REFERENCES taxonomy(id),
  code text NOT NULL,
  name jsonb NOT NULL,
  description jsonb NOT NULL,
  -- words families use for the term ("nuku", "univaikeudet"), per language, for search
  keywords jsonb NOT NULL DEFAULT '{}'::jsonb,
  parent_id uuid REFERENCES taxonomy_term(id),
  UNIQUE (taxonomy_id, code)
);

CREATE TABLE organization (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  kind text NOT NULL CHECK (kind IN ('region', 'municipality', 'joint_authority', 'ngo', 'parish', 'company')),
  name jsonb NOT NULL,
  description jsonb NOT NULL,
  municipality_code text REFERENCES municipality(code),
  email text,
  website text,
  phone text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organization_region_idx ON organization(region_id);

CREATE TABLE location (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organization(id),
  name jsonb NOT NULL,
  street text NOT NULL,
  postal_code text NOT NULL,
  city jsonb NOT NULL,
  municipality_code text NOT NULL REFERENCES municipality(code),
  latitude double precision,
  longitude double precision,
  transportation jsonb,
  accessibility jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX location_organization_idx ON location(organization_id);

CREATE TABLE service (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organization(id),
  region_id uuid NOT NULL REFERENCES region(id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  name jsonb NOT NULL,
  summary jsonb NOT NULL,
  description jsonb NOT NULL,
  application_process jsonb,
  fees jsonb,
  eligibility jsonb,
  email text,
  url text,
  min_age integer,
  max_age integer,
  -- 'region': open to residents of every municipality of the region; 'municipalities': see service_area
  area_scope text NOT NULL CHECK (area_scope IN ('region', 'municipalities')),
  channels text[] NOT NULL,
  languages text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);
CREATE INDEX service_organization_idx ON service(organization_id);
CREATE INDEX service_region_idx ON service(region_id, status);
CREATE INDEX service_updated_idx ON service(updated_at);
CREATE INDEX service_channels_idx ON service USING gin (channels);
CREATE INDEX service_languages_idx ON service USING gin (languages);

CREATE TABLE service_area (
  service_id uuid NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  municipality_code text NOT NULL REFERENCES municipality(code),
  PRIMARY KEY (service_id, municipality_code)
);
CREATE INDEX service_area_municipality_idx ON service_area(municipality_code, service_id);

CREATE TABLE service_taxonomy_term (
  service_id uuid NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  taxonomy_term_id uuid NOT NULL REFERENCES taxonomy_term(id),
  PRIMARY KEY (service_id, taxonomy_term_id)
);
CREATE INDEX service_taxonomy_term_term_idx ON service_taxonomy_term(taxonomy_term_id, service_id);

CREATE TABLE service_at_location (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  location_id uuid NOT NULL REFERENCES location(id),
  UNIQUE (service_id, location_id)
);
CREATE INDEX service_at_location_location_idx ON service_at_location(location_id);

CREATE TABLE phone (
  id uuid PRIMARY KEY,
  service_id uuid REFERENCES service(id) ON DELETE CASCADE,
  organization_id uuid REFERENCES organization(id) ON DELETE CASCADE,
  location_id uuid REFERENCES location(id) ON DELETE CASCADE,
  number text NOT NULL,
  description jsonb,
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX phone_service_idx ON phone(service_id);

CREATE TABLE schedule (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  byday text NOT NULL,
  opens_at text NOT NULL,
  closes_at text NOT NULL,
  description jsonb,
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX schedule_service_idx ON schedule(service_id);

-- One search document per service and language (fi, sv, en), rebuilt whenever the service changes.
CREATE TABLE service_search (
  service_id uuid NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  lang text NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
  document tsvector NOT NULL,
  -- names and terms as plain text for trigram matching (parts of compounds, typos)
  name_text text NOT NULL,
  terms_text text NOT NULL,
  PRIMARY KEY (lang, service_id)
);
CREATE INDEX service_search_document_idx ON service_search USING gin (document);
CREATE INDEX service_search_name_trgm_idx ON service_search USING gin (name_text gin_trgm_ops);
CREATE INDEX service_search_terms_trgm_idx ON service_search USING gin (terms_text gin_trgm_ops);
