import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { queryWords } from './search.ts';
import {
  buildThesaurus,
  expandQuery,
  hasBadCharacters,
  parseThesaurusFile,
  shippedThesaurus,
  shippedThesaurusEntries,
  suggestTopics,
  THESAURUS_ENTRY_ID,
  THESAURUS_FILE,
  type ThesaurusEntry,
  validateThesaurusEntry,
  wordsMatch,
} from './thesaurus.ts';

const REFERENCE = join(THESAURUS_FILE, '..');
const codes = (file: string) =>
  new Set(
    (parse(readFileSync(join(REFERENCE, file), 'utf8'), { columns: true }) as { code: string }[]).map(
      (r) => r.code,
    ),
  );
const TOPICS = codes('topics.csv');
const SERVICE_TYPES = codes('service-types.csv');

const t = shippedThesaurus();
const expand = (q: string, lang: 'fi' | 'sv' | 'en' = 'fi') => expandQuery(t, queryWords(q), lang);

describe('matching words with light inflection', () => {
  it('matches inflected forms of the thesaurus word', () => {
    expect(wordsMatch('koulupoissaoloista', 'koulupoissaolo')).toBe(true);
    expect(wordsMatch('kouluahdistuksen', 'kouluahdistus')).toBe(true);
    expect(wordsMatch('isyyden', 'isyys')).toBe(true);
    expect(wordsMatch('eroon', 'ero')).toBe(true);
    expect(wordsMatch('lapsen', 'lapsi')).toBe(true);
  });

  it('reads a phrase inside a longer matched phrase only as part of it', () => {
    const t = shippedThesaurus();
    const husband = expandQuery(t, queryWords('mieheni lyö'), 'fi');
    expect(husband.topics).toContain('LAHISUHDEVAKIVALTA');
    expect(husband.topics).not.toContain('TUNTEET_KAYTTAYTYMINEN');
    expect(expandQuery(t, queryWords('lasta lyödään kotona'), 'fi').topics).toEqual([
      'LAPSEEN_KOHDISTUVA_VAKIVALTA',
    ]);
    // alone, a child who hits is about feelings and behaviour
    expect(expandQuery(t, queryWords('poika lyö'), 'fi').topics).toContain('TUNTEET_KAYTTAYTYMINEN');
  });

  it('does not take another word after a shared start for an ending', () => {
    expect(wordsMatch('perhekeskus', 'perhetyö')).toBe(false);
    expect(wordsMatch('perhekeskuksessa', 'perhetyö')).toBe(false);
    expect(wordsMatch('kiusaamisen', 'kiusaaminen')).toBe(true);
    expect(wordsMatch('perhetyöhön', 'perhetyö')).toBe(true);
  });

  it('does not take a compound for an inflected form, nor a short word for a prefix', () => {
    expect(wordsMatch('koulukiusaaminen', 'koulu')).toBe(false);
    expect(wordsMatch('eikä', 'ei')).toBe(false);
    expect(wordsMatch('kiusattu', 'kiusaaminen')).toBe(false);
  });

  it('matches words of another language only exactly', () => {
    expect(wordsMatch('neuvolaan', 'neuvola', true)).toBe(false);
    expect(wordsMatch('neuvola', 'neuvola', true)).toBe(true);
  });
});

describe('expanding a query', () => {
  it('brings synonyms both ways', () => {
    expect(expand('parisuhdeterapia').terms).toEqual(
      expect.arrayContaining(['pariterapia', 'pariskuntaterapia']),
    );
    expect(expand('pariterapia').terms).toContain('parisuhdeterapia');
    expect(expand('perhekahvila').terms).toContain('perhekohtaamo');
    expect(expand('perhekohtaamo').terms).toContain('perhekahvila');
    expect(expand('divorce', 'en').terms).toContain('separation');
    expect(expand('separation', 'en').terms).toContain('divorce');
    expect(expand('avoero').terms).toContain('ero');
  });

  it('brings near terms one way', () => {
    expect(expand('koulukiusaaminen').terms).toContain('kiusaaminen');
    expect(expand('synnytysvalmennus').terms).toContain('perhevalmennus');
    expect(expand('kouluahdistus').terms).toEqual(expect.arrayContaining(['ahdistus', 'koulu']));
  });

  it('names the topics of everyday phrases', () => {
    expect(expand('koulupoissaolo').topics).toContain('KOULUNKAYNTI_POISSAOLOT');
    expect(expand('koulukieltäytyminen').topics).toContain('KOULUNKAYNTI_POISSAOLOT');
    const school = expand('lapsi ei halua mennä kouluun');
    expect(school.topics).toContain('KOULUNKAYNTI_POISSAOLOT');
    expect(school.serviceTypes).toContain('KOULUKURAATTORI');
    expect(school.matched).toContain('lapsi ei halua mennä kouluun');
    expect(expand('ei nuku').topics).toContain('UNI');
    expect(expand('ei syö').topics).toContain('SYOMINEN');
    expect(expand('riitelemme koko ajan').topics).toContain('PARISUHDE');
    expect(expand('uhkailee').topics).toContain('LAHISUHDEVAKIVALTA');
    expect(expand('mustasukkainen').topics).toContain('PARISUHDE');
    expect(expand('kaikki ahdistaa').topics).toContain('PELOT_AHDISTUS');
    expect(expand('itsetuhoinen').topics).toContain('ITSETUHOISUUS');
  });

  it('matches inflected forms of the query', () => {
    expect(expand('koulupoissaoloista').topics).toContain('KOULUNKAYNTI_POISSAOLOT');
    expect(expand('kouluahdistuksen').topics).toContain('PELOT_AHDISTUS');
    expect(expand('isyyden tunnustaminen').serviceTypes).toContain('PERHEOIKEUS');
    expect(expand('isyyden tunnustaminen').terms).toContain('vanhemmuuden tunnustaminen');
  });

  it('allows one word between the words of a phrase', () => {
    expect(expand('poika ei vieläkään nuku').topics).toContain('UNI');
    expect(expand('ei koskaan yöllä nuku').topics).not.toContain('UNI');
  });

  it('works in Swedish and English', () => {
    expect(expand('skolfrånvaro', 'sv').topics).toContain('KOULUNKAYNTI_POISSAOLOT');
    expect(expand('vill inte gå till skolan', 'sv').topics).toContain('KOULUNKAYNTI_POISSAOLOT');
    expect(expand('rådgivningen', 'sv').terms).toContain('barnrådgivningen');
    expect(expand('school refusal', 'en').topics).toContain('KOULUNKAYNTI_POISSAOLOT');
    expect(expand("my son can't sleep", 'en').topics).toContain('UNI');
  });

  it('gives nothing for unrelated words', () => {
    expect(expand('polkupyörä korjaamo')).toEqual({ terms: [], topics: [], serviceTypes: [], matched: [] });
    expect(expand('bicycle repair', 'en').matched).toEqual([]);
    expect(expand('', 'sv').matched).toEqual([]);
  });

  it('does not return the words typed as extra terms', () => {
    expect(expand('ero avoero').terms).not.toContain('avoero');
    expect(expand('ero avoero').terms).not.toContain('ero');
  });
});

describe('suggesting topics from a contact’s own words', () => {
  it('finds the topics in the order of the text, each once, with the words that matched', () => {
    const s = suggestTopics(
      t,
      'Poikamme (14 v.) ei ole halunnut mennä kouluun kuukauteen. Hän ei nuku öisin ja pelaa koko ajan.',
      'fi',
    );
    const topics = s.map((x) => x.topic);
    expect(topics).toEqual(expect.arrayContaining(['UNI', 'DIGI_RUUTUAIKA']));
    expect(s.find((x) => x.topic === 'UNI')?.matched).toBe('ei nuku');
    expect(new Set(topics).size).toBe(topics.length);
  });

  it('finds a mother’s postnatal depression and a young person’s suicidal thoughts', () => {
    expect(suggestTopics(t, 'Äidillä on synnytyksen jälkeinen masennus', 'fi').map((x) => x.topic)).toContain(
      'MIELENTERVEYS_VANHEMPI',
    );
    expect(suggestTopics(t, '17-vuotias puhuu itsemurha-ajatuksista', 'fi').map((x) => x.topic)).toContain(
      'ITSETUHOISUUS',
    );
  });

  it('suggests nothing for a text without a need', () => {
    expect(suggestTopics(t, 'Kiitos, soitan huomenna uudelleen.', 'fi')).toEqual([]);
  });
});

describe('the shipped data file', () => {
  const entries = shippedThesaurusEntries();

  it('has at least 150 entries over fi, sv and en, of all three kinds', () => {
    expect(entries.length).toBeGreaterThanOrEqual(150);
    for (const lang of ['fi', 'sv', 'en']) expect(entries.some((e) => e.lang === lang)).toBe(true);
    for (const kind of ['synonym', 'near', 'phrase']) expect(entries.some((e) => e.kind === kind)).toBe(true);
  });

  it('uses only real topic and service-type codes', () => {
    for (const e of entries) {
      for (const c of e.topics) expect(TOPICS.has(c), `${e.id}: topic ${c}`).toBe(true);
      for (const c of e.serviceTypes) expect(SERVICE_TYPES.has(c), `${e.id}: service type ${c}`).toBe(true);
    }
  });

  it('has lower-case terms, a known source and topics on every phrase', () => {
    const file = parseThesaurusFile(readFileSync(THESAURUS_FILE, 'utf8'));
    for (const e of entries) {
      for (const term of e.terms) expect(term, e.id).toBe(term.toLowerCase().trim());
      expect(Object.keys(file.header.sources), e.id).toContain(e.source);
      if (e.kind === 'phrase') expect(e.topics.length + e.serviceTypes.length, e.id).toBeGreaterThan(0);
      if (e.kind !== 'phrase') expect(e.terms.length, e.id).toBeGreaterThan(1);
    }
  });

  it('refuses a file with a repeated id', () => {
    const e = {
      id: 'x',
      kind: 'phrase',
      lang: 'fi',
      terms: ['a'],
      topics: [],
      serviceTypes: [],
      source: 's',
    };
    expect(() => parseThesaurusFile(JSON.stringify({ header: { sources: {} }, entries: [e, e] }))).toThrow(
      /twice/,
    );
  });
});

describe('a thesaurus built from an editor’s entries', () => {
  it('uses the entries given', () => {
    const own: ThesaurusEntry = {
      id: 'own-1',
      kind: 'phrase',
      lang: 'fi',
      terms: ['mummola'],
      topics: ['SISARUSSUHTEET'],
      serviceTypes: [],
      source: 'editor',
    };
    const th = buildThesaurus([own]);
    expect(expandQuery(th, ['mummolassa'], 'fi').topics).toEqual(['SISARUSSUHTEET']);
  });
});

describe('checking an editor’s entry', () => {
  const known = { topics: TOPICS, serviceTypes: SERVICE_TYPES };
  const base = {
    kind: 'phrase',
    lang: 'fi',
    terms: 'ei nuku',
    topics: ['UNI'],
    serviceTypes: [] as string[],
    source: '',
  };

  it('accepts a good entry and normalises the terms', () => {
    const r = validateThesaurusEntry({ ...base, terms: 'Ei  Nuku\nvalvoo;valvoo' }, known);
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ terms: ['ei nuku', 'valvoo'] }) });
  });

  it('gives a code for each bad field', () => {
    const bad = (over: Partial<typeof base>) => {
      const r = validateThesaurusEntry({ ...base, ...over }, known);
      return r.ok ? {} : r.errors;
    };
    expect(bad({ terms: ' \n ' }).terms).toBe('thesaurus.terms_required');
    expect(bad({ terms: 'a'.repeat(81) }).terms).toBe('thesaurus.term_too_long');
    expect(bad({ terms: 'ei\u202enuku' }).terms).toBe('thesaurus.bad_characters');
    expect(bad({ terms: 'ei\u0007nuku' }).terms).toBe('thesaurus.bad_characters');
    expect(bad({ topics: ['NOPE'] }).topics).toBe('thesaurus.unknown_topic');
    expect(bad({ serviceTypes: ['NOPE'] }).serviceTypes).toBe('thesaurus.unknown_service_type');
    expect(bad({ topics: [] }).topics).toBe('thesaurus.codes_required');
    expect(bad({ kind: 'synonym' }).terms).toBe('thesaurus.synonym_needs_two');
    expect(bad({ kind: 'x' }).kind).toBe('thesaurus.bad_kind');
    expect(bad({ lang: 'de' }).lang).toBe('thesaurus.bad_lang');
    expect(hasBadCharacters('tavallinen teksti\n')).toBe(false);
  });
});

describe('the shipped entries', () => {
  it('have ids that the staff page’s addresses accept (hide and show work for each)', () => {
    const bad = shippedThesaurusEntries()
      .map((e) => e.id)
      .filter((id) => !THESAURUS_ENTRY_ID.test(id));
    expect(bad).toEqual([]);
  });
});
