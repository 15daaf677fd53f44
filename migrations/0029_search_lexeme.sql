-- The lexemes of the search documents, so that a search looks its prefixes up as whole words
-- (docs/search.md, "The query"). A prefix in a tsquery ('lap':* for "lapsi") makes GIN read
-- every posting list it matches into a bitmap before it can combine them; the same words as
-- an alternation of whole lexemes ('lap' | 'laps' | 'lapsiperh') let it skip through the rarer
-- word's list. On a 10,000-service catalogue this took the index scans of "lapsi ei puhu" from
-- about 8 to 2 ms. Written with the documents (refreshServiceSearch); a lexeme is never
-- removed, and one that no document has any more changes no result.
CREATE TABLE search_lexeme (
  lang text NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
  source text NOT NULL CHECK (source IN ('document', 'lemmas')),
  lexeme text COLLATE "C" NOT NULL,
  PRIMARY KEY (lang, source, lexeme)
);
INSERT INTO search_lexeme (lang, source, lexeme)
  SELECT DISTINCT lang, 'document', unnest(tsvector_to_array(document)) FROM service_search
  ON CONFLICT DO NOTHING;
INSERT INTO search_lexeme (lang, source, lexeme)
  SELECT DISTINCT lang, 'lemmas', unnest(tsvector_to_array(lemmas)) FROM service_search
  ON CONFLICT DO NOTHING;

-- The same tsquery with each prefix operand ('lap':*, not weight-restricted) replaced by the
-- alternation of the lexemes it matches in that language's document (or left as it is when
-- none does). It matches exactly the same documents; ts_rank keeps the original query.
CREATE FUNCTION search_expand(q tsquery, l text, src text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
  t text := q::text;
  m text[];
  word text;
  alts text;
BEGIN
  FOR m IN SELECT DISTINCT regexp_matches(t, '''((?:[^'']|'''')*)'':\*(?![A-D])', 'g') LOOP
    word := replace(replace(m[1], '''''', ''''), '\\', '\');
    SELECT string_agg('''' || replace(replace(x.lexeme, '\', '\\'), '''', '''''') || '''', ' | ')
      INTO alts
      FROM search_lexeme x
      WHERE x.lang = l AND x.source = src AND x.lexeme >= word AND x.lexeme < word || chr(1114111);
    IF alts IS NOT NULL THEN
      -- the operand itself, not the same prefix with a weight ('lap':*A)
      t := regexp_replace(t, '''' || regexp_replace(m[1], '([^[:alnum:]])', '\\\1', 'g') || ''':\*(?![A-D])',
        replace('( ' || alts || ' )', '\', '\\'), 'g');
    END IF;
  END LOOP;
  RETURN t::tsquery;
END
$fn$;
