-- Search with Finnish morphology and Swedish compounds (docs/search.md, decision 0013).
-- lemmas: a 'simple'-config document of Voikko base forms and compound parts (Finnish texts,
-- and every row's Finnish name) and of Swedish words with their compound parts, built in JS
-- by refreshServiceSearch. Empty for Finnish when Voikko is not installed.
ALTER TABLE service_search ADD COLUMN lemmas tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX service_search_lemmas_fi_idx ON service_search USING gin (lemmas) WITH (fastupdate = off) WHERE lang = 'fi';
CREATE INDEX service_search_lemmas_sv_idx ON service_search USING gin (lemmas) WITH (fastupdate = off) WHERE lang = 'sv';
CREATE INDEX service_search_lemmas_en_idx ON service_search USING gin (lemmas) WITH (fastupdate = off) WHERE lang = 'en';

-- Service types that are reached by a referral (lähete): ranked below open services unless
-- the query names them (data/seed/reference/service-types.csv, column referral).
ALTER TABLE taxonomy_term ADD COLUMN referral boolean NOT NULL DEFAULT false;

-- The catalogue's words per language ("did you mean …" and the Swedish splitter's
-- vocabulary): written with the search documents, never personal data.
CREATE TABLE search_word (
  lang text NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
  word text NOT NULL,
  PRIMARY KEY (lang, word)
);
CREATE INDEX search_word_trgm_idx ON search_word USING gin (word gin_trgm_ops);

-- Which analyser built the documents: a different one at start rebuilds them once.
CREATE TABLE search_state (
  key text PRIMARY KEY,
  value text NOT NULL
);

-- The two documents and the plain texts of a row are about 2 kB: kept in the row, uncompressed
-- where they fit (not in TOAST), because the ranking reads each document several times per
-- candidate and every read of a toasted value fetches and decompresses it again (docs/bench.md:
-- about twice as fast on 10,000 services).
ALTER TABLE service_search SET (toast_tuple_target = 8160);
ALTER TABLE service_search ALTER COLUMN document SET STORAGE MAIN, ALTER COLUMN lemmas SET STORAGE MAIN;
