-- The region's own thesaurus entries (docs/thesaurus.md). The shipped thesaurus is the data
-- file data/seed/reference/thesaurus.json; a region's catalogue editors add their own entries
-- here and may hide a shipped entry for their region. Search and routing read both through
-- loadThesaurus (src/features/catalogue/thesaurus-queries.ts). No client data.
CREATE TABLE thesaurus_entry (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  kind text NOT NULL CHECK (kind IN ('synonym', 'near', 'phrase')),
  lang text NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
  -- lower-case terms, each at most 80 characters (the page checks; the table holds the line)
  terms text[] NOT NULL CHECK (cardinality(terms) BETWEEN 1 AND 20),
  topics text[] NOT NULL DEFAULT '{}',
  service_types text[] NOT NULL DEFAULT '{}',
  source text NOT NULL DEFAULT '' CHECK (char_length(source) <= 300),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- optimistic concurrency: an edit names the version it was made on
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX thesaurus_entry_region_idx ON thesaurus_entry(region_id, updated_at);

-- A shipped entry (its id in thesaurus.json) that the region does not use.
CREATE TABLE thesaurus_hidden (
  region_id uuid NOT NULL REFERENCES region(id),
  entry_id text NOT NULL CHECK (char_length(entry_id) <= 200),
  hidden_by text NOT NULL,
  hidden_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_id, entry_id)
);

-- Bumped in the same transaction as every change of a region's entries or hidden ones (a
-- delete or a show leaves no updated_at behind): a process that caches the region's
-- thesaurus reads this one row at most every 30 seconds to see another process's edit.
CREATE TABLE thesaurus_revision (
  region_id uuid PRIMARY KEY REFERENCES region(id),
  revision bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
