-- The region's privacy notice, accessibility statement and cookie note (issue 10, finding 20).

-- The facts that differ between regions, validated by regionNoticesSchema
-- (src/features/notices/notices.ts): the controller's postal address, the registry office,
-- the data protection officer, the accessibility feedback address, the statement's date and
-- the region's own extra paragraphs per notice and language. Missing keys take the defaults,
-- so '{}' is a complete notice (the texts around the facts are the product's, in src/i18n).
ALTER TABLE region ADD COLUMN notices jsonb NOT NULL DEFAULT '{}'::jsonb
  CHECK (jsonb_typeof(notices) = 'object');
