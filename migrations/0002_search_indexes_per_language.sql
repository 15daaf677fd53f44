-- Search indexes per language (docs/search.md): a query reads only its language's entries,
-- without a second index scan for lang. fastupdate = off: PGlite has no autovacuum to merge
-- GIN pending lists, and a catalogue is written rarely and read often.
DROP INDEX IF EXISTS service_search_document_idx;
DROP INDEX IF EXISTS service_search_name_trgm_idx;
DROP INDEX IF EXISTS service_search_terms_trgm_idx;

CREATE INDEX service_search_document_fi_idx ON service_search USING gin (document) WITH (fastupdate = off) WHERE lang = 'fi';
CREATE INDEX service_search_document_sv_idx ON service_search USING gin (document) WITH (fastupdate = off) WHERE lang = 'sv';
CREATE INDEX service_search_document_en_idx ON service_search USING gin (document) WITH (fastupdate = off) WHERE lang = 'en';
CREATE INDEX service_search_name_trgm_fi_idx ON service_search USING gin (name_text gin_trgm_ops) WITH (fastupdate = off) WHERE lang = 'fi';
CREATE INDEX service_search_name_trgm_sv_idx ON service_search USING gin (name_text gin_trgm_ops) WITH (fastupdate = off) WHERE lang = 'sv';
CREATE INDEX service_search_name_trgm_en_idx ON service_search USING gin (name_text gin_trgm_ops) WITH (fastupdate = off) WHERE lang = 'en';
