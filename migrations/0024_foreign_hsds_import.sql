-- A tolerant HSDS import (issue 14, docs/import.md): a catalogue from another publisher
-- brings its own taxonomy, which is kept as a taxonomy of its own beside ours (reference data,
-- data/seed/reference, which an import never changes), and free-text legal statuses, which
-- are mapped to our kinds by keywords and kept as given.
ALTER TABLE taxonomy
  ADD COLUMN origin text NOT NULL DEFAULT 'reference' CHECK (origin IN ('reference', 'import'));
ALTER TABLE organization ADD COLUMN legal_status_text text;
