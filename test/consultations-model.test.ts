// The consultation's pure rules: every transition of the state machine allowed and refused
// (by state, side and kind), the expiry clock, and the identifying-text check with its true
// and false positives.
import { describe, expect, it } from 'vitest';
import {
  type ConsultationEvent,
  EVENTS,
  expiresAfter,
  hasExpired,
  identifyingHits,
  isIdentityCode,
  type Side,
  STATES,
  stepsFor,
  TRANSITIONS,
  transition,
} from '../src/features/consultations/model.ts';

const SIDES: Side[] = ['requester', 'counsellor', 'system'];
const KINDS = ['consultation', 'cowork'] as const;

/** The allowed transitions, written out by hand: [event, from, kind, side, to]. */
const ALLOWED: [ConsultationEvent, string, string, Side, string][] = [
  ['claim', 'requested', 'consultation', 'counsellor', 'claimed'],
  ['claim', 'requested', 'cowork', 'counsellor', 'claimed'],
  ['answer', 'claimed', 'consultation', 'counsellor', 'answered'],
  ['answer', 'answered', 'consultation', 'counsellor', 'answered'],
  ['accept', 'claimed', 'cowork', 'counsellor', 'answered'],
  ['decline', 'requested', 'consultation', 'counsellor', 'declined'],
  ['decline', 'requested', 'cowork', 'counsellor', 'declined'],
  ['decline', 'claimed', 'consultation', 'counsellor', 'declined'],
  ['decline', 'claimed', 'cowork', 'counsellor', 'declined'],
  ['reply', 'requested', 'consultation', 'requester', 'requested'],
  ['reply', 'requested', 'cowork', 'requester', 'requested'],
  ['reply', 'claimed', 'consultation', 'requester', 'claimed'],
  ['reply', 'claimed', 'cowork', 'requester', 'claimed'],
  ['reply', 'answered', 'consultation', 'requester', 'answered'],
  ['reply', 'answered', 'cowork', 'requester', 'answered'],
  ['close', 'answered', 'consultation', 'counsellor', 'closed'],
  ['close', 'answered', 'cowork', 'counsellor', 'closed'],
  ['expire', 'requested', 'consultation', 'system', 'expired'],
  ['expire', 'requested', 'cowork', 'system', 'expired'],
];
const key = (e: string, s: string, k: string, side: string) => `${e}|${s}|${k}|${side}`;
const allowed = new Map(ALLOWED.map(([e, s, k, side, to]) => [key(e, s, k, side), to]));

describe('the consultation state machine', () => {
  for (const event of EVENTS)
    for (const state of STATES)
      for (const kind of KINDS)
        for (const side of SIDES) {
          const to = allowed.get(key(event, state, kind, side));
          it(`${side} ${event} on a ${kind} ${state}: ${to ? `→ ${to}` : 'refused'}`, () => {
            const result = transition(state, kind, event, side);
            if (to) expect(result).toEqual({ ok: true, to });
            else expect(result.ok).toBe(false);
          });
        }

  it('says why a step is refused: another side, another kind, or the state', () => {
    expect(transition('claimed', 'consultation', 'answer', 'requester')).toEqual({
      ok: false,
      code: 'consultation.not_your_step',
    });
    expect(transition('claimed', 'cowork', 'answer', 'counsellor')).toEqual({
      ok: false,
      code: 'consultation.wrong_kind',
    });
    expect(transition('closed', 'consultation', 'answer', 'counsellor')).toEqual({
      ok: false,
      code: 'consultation.transition_not_allowed',
    });
  });

  it('ends nowhere after closed, declined or expired', () => {
    for (const state of ['closed', 'declined', 'expired'] as const)
      for (const side of SIDES) for (const kind of KINDS) expect(stepsFor(state, kind, side)).toEqual([]);
  });

  it('lists every transition of the table in the hand-written list', () => {
    const count = Object.entries(TRANSITIONS).reduce(
      (n, [, t]) => n + t.from.length * (t.kinds?.length ?? 2),
      0,
    );
    expect(ALLOWED).toHaveLength(count);
  });
});

describe('the expiry clock', () => {
  it('expires an unclaimed request 10 working days after the promised day, not before', () => {
    // respond by Friday 4.12.2026; ten working days later is 18.12.2026 (a Friday)
    expect(expiresAfter('2026-12-04')).toBe('2026-12-18');
    expect(hasExpired('requested', '2026-12-04', '2026-12-18')).toBe(false);
    expect(hasExpired('requested', '2026-12-04', '2026-12-19')).toBe(true);
  });
  it('never expires a claimed or answered one', () => {
    expect(hasExpired('claimed', '2026-01-02', '2026-12-19')).toBe(false);
    expect(hasExpired('answered', '2026-01-02', '2026-12-19')).toBe(false);
  });
});

describe('the identifying-text check', () => {
  const kinds = (text: string) => identifyingHits(text).map((h) => h.kind);

  it('finds a personal identity code whose control character checks', () => {
    expect(isIdentityCode('131052-308T')).toBe(true);
    expect(isIdentityCode('010101A123N')).toBe(true);
    expect(kinds('Lapsen hetu on 131052-308T, kysyn neuvoa.')).toEqual(['identity_code']);
  });
  it('leaves alone a code whose control character is wrong, and a date', () => {
    expect(isIdentityCode('131052-308U')).toBe(false);
    expect(kinds('Tapaaminen oli 13.10.2052 ja numero 131052-308U.')).toEqual([]);
  });
  it('finds Finnish phone numbers, mobile and landline, with +358', () => {
    expect(kinds('Soita äidille 040 123 4567.')).toEqual(['phone']);
    expect(kinds('Numero +358 40 1234567 on isän.')).toEqual(['phone']);
    expect(kinds('Koulun numero 017-123 4567.')).toEqual(['phone']);
    expect(kinds('Puh. +358401234567')).toEqual(['phone']);
  });
  it('does not take a year, an age or a count for a phone number', () => {
    expect(kinds('Vuonna 2026 perheessä on 3 lasta, iältään 4, 9 ja 12 vuotta.')).toEqual([]);
  });
  it('finds an e-mail address', () => {
    expect(kinds('Äidin osoite on maija.meikalainen@example.fi.')).toEqual(['email']);
  });
  it('finds a capitalised first name inside a sentence, inflected too', () => {
    expect(kinds('Luokallani on 9-vuotias Mikko, joka ei puhu.')).toEqual(['name']);
    expect(kinds('Olen huolissani Ainon jaksamisesta.')).toEqual(['name']);
    expect(kinds('Jag oroar mig för Ebba i klass 3.')).toEqual(['name']);
  });
  it('does not take a word at the start of a sentence for a name, nor a lower-case word', () => {
    expect(kinds('Toivo on tärkeää. Onni ei aina potkaise.')).toEqual([]);
    expect(kinds('perheellä on toivo paremmasta ja lumi sataa')).toEqual([]);
  });
  it('does not take a place or a common capitalised word for a name', () => {
    expect(kinds('Perhe asuu Kuopiossa ja käy Neuvolassa.')).toEqual([]);
  });
});
