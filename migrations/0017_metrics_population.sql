-- Shared metrics (capability 13): who reads them, and the children they are counted against.

-- A municipality's contact person in the network reads the region's shared metrics (and
-- opens no contact from them).
ALTER TABLE staff_role DROP CONSTRAINT staff_role_role_check;
ALTER TABLE staff_role ADD CONSTRAINT staff_role_role_check CHECK (role IN (
  'counsellor', 'receiving_worker', 'partner', 'manager', 'catalogue_editor', 'administrator', 'dpo',
  'municipality_contact'));

-- Children aged 0–17 on 31 December of a year, by municipality: the denominator of "contacts
-- per 1,000 children". Imported from Statistics Finland's table 11re (PxWeb CSV) or a plain
-- CSV; the demo region ships an estimate, marked as one (source 'estimate').
CREATE TABLE population (
  municipality_code text NOT NULL REFERENCES municipality(code),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  children integer NOT NULL CHECK (children >= 0),
  source text NOT NULL CHECK (source IN ('statfin_11re', 'plain_csv', 'estimate')),
  imported_at timestamptz NOT NULL,
  -- who imported it (a staff user's name, or 'demo seed'); no personal data of clients
  imported_by text NOT NULL,
  PRIMARY KEY (municipality_code, year)
);
