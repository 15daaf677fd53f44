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
