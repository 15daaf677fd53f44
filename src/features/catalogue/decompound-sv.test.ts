import { describe, expect, it } from 'vitest';
import { decompoundSv, definiteStripped, swedishTokens, swedishVocabulary } from './decompound-sv.ts';

const vocabulary = swedishVocabulary(['barnrådgivningen', 'familj', 'stöd', 'skolkurator', 'och', 'för']);

describe('splitting Swedish compounds over the catalogue vocabulary', () => {
  it('strips definite endings when three letters are left', () => {
    expect(definiteStripped('rådgivningen')).toContain('rådgivning');
    expect(definiteStripped('barnet')).toContain('barn');
    expect(definiteStripped('föräldrarna')).toContain('föräldrar');
    expect(definiteStripped('en')).toEqual([]);
  });

  it('splits a definite compound into base forms', () => {
    expect(decompoundSv('Barnrådgivningen', vocabulary)).toEqual(['barn', 'rådgivning']);
    expect(decompoundSv('familjerådgivning', vocabulary)).toEqual(['familj', 'rådgivning']);
    expect(decompoundSv('familjerådgivningen', vocabulary)).toEqual(['familj', 'rådgivning']);
  });

  it('takes a linking -s-', () => {
    expect(decompoundSv('ungdomsmottagning', vocabulary)).toEqual(['ungdom', 'mottagning']);
    expect(decompoundSv('föräldrastöd', vocabulary)).toEqual(['föräldra', 'stöd']);
    expect(decompoundSv('skolkuratorn', vocabulary)).toEqual(['skol', 'kurator']);
  });

  it('leaves a word that is not two known parts of three letters or more', () => {
    expect(decompoundSv('rådgivning', vocabulary)).toBeNull();
    expect(decompoundSv('xylofon', vocabulary)).toBeNull();
    expect(decompoundSv('barnen', vocabulary)).toBeNull();
  });

  it('gives the search the word, its base form and its parts, so "rådgivningen" meets "Barnrådgivningen"', () => {
    const doc = swedishTokens('Barnrådgivningen', vocabulary);
    expect(doc).toEqual(expect.arrayContaining(['barnrådgivningen', 'barnrådgivning', 'barn', 'rådgivning']));
    const query = swedishTokens('rådgivningen', vocabulary);
    expect(query).toContain('rådgivning');
    expect(doc.some((t) => query.includes(t) && t !== 'barn')).toBe(true);
  });

  it('forms the heads of three-part compounds', () => {
    expect(swedishTokens('barnfamiljestöd', vocabulary)).toEqual(
      expect.arrayContaining(['barn', 'familj', 'stöd', 'familjstöd']),
    );
  });
});
