import { describe, expect, it } from 'vitest';
import { queryWords, trigramWords, tsQueryText } from './search.ts';

describe('building a search from what a family typed', () => {
  it('keeps lower-case words of letters and digits, each once', () => {
    expect(queryWords('Lapsi EI nuku, lapsi!')).toEqual(['lapsi', 'ei', 'nuku']);
  });

  it('keeps Finnish and Swedish letters', () => {
    expect(queryWords('Päihteet ja ÅNGEST')).toEqual(['päihteet', 'ja', 'ångest']);
  });

  it('never lets tsquery syntax through', () => {
    const words = queryWords("neuvola' & !(:* | <-> \\");
    expect(words).toEqual(['neuvola']);
    expect(tsQueryText(words, '|')).toBe('neuvola:*');
  });

  it('matches words of three letters or more as prefixes and shorter ones exactly', () => {
    expect(tsQueryText(['lapsi', 'ei', 'nuku'], '|')).toBe('lapsi:* | ei | nuku:*');
    expect(tsQueryText(['lapsi', 'nuku'], '&')).toBe('lapsi:* & nuku:*');
  });

  it('uses at most ten words of at most forty letters', () => {
    const words = queryWords(
      `${'a'.repeat(100)} ${Array.from({ length: 20 }, (_, i) => `sana${i}`).join(' ')}`,
    );
    expect(words).toHaveLength(10);
    expect(words[0]).toHaveLength(40);
  });

  it('gives nothing to search for in punctuation alone', () => {
    expect(queryWords('?!… --')).toEqual([]);
  });

  it('matches only words of four letters or more by trigrams', () => {
    expect(trigramWords(['ei', 'uni', 'neuvola'])).toEqual(['neuvola']);
  });
});
