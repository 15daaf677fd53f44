/**
 * Finnish morphology through libvoikko (Debian: libvoikko1 and voikko-fi), called with koffi
 * (docs/decisions/0013-voikko-through-koffi.md). Optional: when the library, its dictionary or
 * koffi's native part is missing, or PERHEVERKKO_VOIKKO=off, `voikko()` is null and the search
 * uses the snowball stemmer alone (docs/search.md). Opened lazily, once per process.
 */
import { createRequire } from 'node:module';

export interface VoikkoAnalysis {
  /** the base form of the whole word, as Voikko writes it ("koulukiusata", "Kuopio") */
  baseform: string;
  /** Voikko's word class ("nimisana", "teonsana", "kieltosana", …) */
  wordClass: string;
  /** the compound parts as written in the word, in order ("koulu", "ahdistuksen") */
  surfaceParts: string[];
  /** the base form of each compound part when Voikko gives one ("lasten" → "lapsi"), else null */
  partBases: (string | null)[];
}

export interface Voikko {
  analyze(word: string): VoikkoAnalysis[];
  spell(word: string): boolean;
  suggest(word: string): string[];
}

export type Morphology = 'voikko' | 'snowball';

let opened: { voikko: Voikko | null; reason: string } | undefined;

/** Voikko for Finnish, or null when it cannot be used here (see `voikkoStatus` for why). */
export function voikko(): Voikko | null {
  if (!opened) opened = open();
  return opened.voikko;
}

/** Which morphology the search uses in this process, and why, for /health/ready and the log. */
export function voikkoStatus(): { morphology: Morphology; reason: string } {
  const v = voikko();
  return { morphology: v ? 'voikko' : 'snowball', reason: opened?.reason ?? '' };
}

function open(): { voikko: Voikko | null; reason: string } {
  if ((process.env.PERHEVERKKO_VOIKKO ?? '').toLowerCase() === 'off') {
    return { voikko: null, reason: 'PERHEVERKKO_VOIKKO=off' };
  }
  try {
    const require = createRequire(import.meta.url);
    // koffi's types name its functions loosely; the few calls below are typed by hand.
    const koffi = require('koffi') as Koffi;
    const lib = koffi.load('libvoikko.so.1');
    const init = lib.func(
      'void *voikkoInit(_Out_ const char **error, const char *langcode, const char *path)',
    );
    const analyze = lib.func('void *voikkoAnalyzeWordCstr(void *handle, const char *word)');
    const value = lib.func('void *voikko_mor_analysis_value_cstr(void *analysis, const char *key)');
    const freeValue = lib.func('void voikko_free_mor_analysis_value_cstr(void *value)');
    const freeAnalyses = lib.func('void voikko_free_mor_analysis(void *analyses)');
    const spell = lib.func('int voikkoSpellCstr(void *handle, const char *word)');
    const suggest = lib.func('void *voikkoSuggestCstr(void *handle, const char *word)');
    const freeArray = lib.func('void voikkoFreeCstrArray(void *array)');
    const error: (string | null)[] = [null];
    const handle = init(error, 'fi', null) as bigint | null;
    if (!handle) return { voikko: null, reason: `voikkoInit: ${error[0] ?? 'no Finnish dictionary'}` };
    const pointers = (array: bigint): bigint[] => {
      const out: bigint[] = [];
      for (let i = 0; ; i++) {
        const p = koffi.decode(array, i * 8, 'void *') as bigint | null;
        if (!p) return out;
        out.push(p);
      }
    };
    const read = (analysis: bigint, key: string): string => {
      const v = value(analysis, key) as bigint | null;
      if (!v) return '';
      const text = koffi.decode.string(v);
      freeValue(v);
      return text;
    };
    const v: Voikko = {
      analyze(word) {
        const list = analyze(handle, word) as bigint | null;
        if (!list) return [];
        try {
          return pointers(list).map((a) =>
            parseAnalysis(
              word,
              read(a, 'BASEFORM'),
              read(a, 'CLASS'),
              read(a, 'STRUCTURE'),
              read(a, 'WORDBASES'),
            ),
          );
        } finally {
          freeAnalyses(list);
        }
      },
      spell: (word) => spell(handle, word) === 1,
      suggest(word) {
        const list = suggest(handle, word) as bigint | null;
        if (!list) return [];
        try {
          return pointers(list).map((p) => koffi.decode.string(p));
        } finally {
          freeArray(list);
        }
      },
    };
    // a word every Finnish dictionary knows: proves the calls work before the search relies on them
    if (v.analyze('neuvolassa')[0]?.baseform !== 'neuvola') {
      return { voikko: null, reason: 'libvoikko answered an unexpected analysis' };
    }
    return { voikko: v, reason: 'libvoikko.so.1 and the Finnish dictionary' };
  } catch (error) {
    return {
      voikko: null,
      reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    };
  }
}

/**
 * One analysis from Voikko's attributes. STRUCTURE marks each compound part with "=" and has
 * one letter per character of the word; WORDBASES lists the parts as "+written(base)", with
 * derivational endings as "+us(+us)" (not parts of their own).
 */
export function parseAnalysis(
  word: string,
  baseform: string,
  wordClass: string,
  structure: string,
  wordbases: string,
): VoikkoAnalysis {
  const lengths: number[] = [];
  for (const ch of structure) {
    if (ch === '=') lengths.push(0);
    else if (lengths.length > 0) lengths[lengths.length - 1] = (lengths[lengths.length - 1] ?? 0) + 1;
  }
  const surfaceParts: string[] = [];
  let at = 0;
  const chars = [...word];
  for (const n of lengths) {
    if (n > 0) surfaceParts.push(chars.slice(at, at + n).join(''));
    at += n;
  }
  if (surfaceParts.length === 0) surfaceParts.push(word);
  // WORDBASES: one base per part; a part followed by a derivational ending has no base of its
  // own ("ahdistus" is not "ahdistaa")
  const bases: (string | null)[] = [];
  for (const m of wordbases.matchAll(/\+([^+(]*)\(([^)]*)\)/g)) {
    const base = m[2] ?? '';
    if (base.startsWith('+')) {
      if (bases.length > 0) bases[bases.length - 1] = null;
    } else bases.push(base.replaceAll('=', ''));
  }
  const partBases = surfaceParts.map((_, i) =>
    bases.length === surfaceParts.length ? (bases[i] ?? null) : null,
  );
  return { baseform: baseform || word, wordClass, surfaceParts, partBases };
}

interface KoffiLib {
  func(signature: string): (...args: unknown[]) => unknown;
}
interface Koffi {
  load(path: string): KoffiLib;
  decode: ((pointer: bigint, offset: number, type: string) => unknown) & { string(pointer: bigint): string };
}
