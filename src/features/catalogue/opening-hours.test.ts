import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGS } from '../../i18n/index.ts';
import { DAY_CODES, openingHoursText, parseOpeningHours } from './opening-hours.ts';

const weekdays = { byday: 'MO,TU,WE,TH,FR', opensAt: '08:00', closesAt: '16:00' };

describe('opening hours as people write them', () => {
  it.each([
    'ma–pe 8–16',
    'ma-pe 8-16',
    'ma-pe 8.00-16.00',
    'ma - pe klo 8.00 - 16.00',
    'Ma–Pe klo 8:00–16:00',
    'må–fr 8–16',
    'Må–fr kl. 8–16',
    'må.–fr. kl 08.00–16.00',
    'maanantai–perjantai klo 8–16',
    'arkisin 8–16',
    'vardagar kl. 8–16',
    'Mon–Fri 8:00–16:00',
    'MO,TU,WE,TH,FR 08:00-16:00',
  ])('reads %s as weekdays 8–16', (text) => {
    expect(parseOpeningHours(text)).toEqual(weekdays);
  });

  it('reads single days, lists and ranges over the weekend', () => {
    expect(parseOpeningHours('ti klo 9–12')).toEqual({ byday: 'TU', opensAt: '09:00', closesAt: '12:00' });
    expect(parseOpeningHours('tiistaisin klo 9.30–12')).toEqual({
      byday: 'TU',
      opensAt: '09:30',
      closesAt: '12:00',
    });
    expect(parseOpeningHours('ti ja to 9–12')?.byday).toBe('TU,TH');
    expect(parseOpeningHours('ti och to kl. 9–12')?.byday).toBe('TU,TH');
    expect(parseOpeningHours('ma, ke, pe 8–11')?.byday).toBe('MO,WE,FR');
    expect(parseOpeningHours('ma–ke, pe 8–11')?.byday).toBe('MO,TU,WE,FR');
    expect(parseOpeningHours('pe–ma 10–23.59')).toEqual({
      byday: 'MO,FR,SA,SU',
      opensAt: '10:00',
      closesAt: '23:59',
    });
    expect(parseOpeningHours('lö 10–14')?.byday).toBe('SA');
    expect(parseOpeningHours('Sat 10:00–14:00')?.byday).toBe('SA');
  });

  it.each([
    '',
    'ma–pe',
    '8–16',
    'xx 8–16',
    'ma 16–8',
    'ma 8–8',
    'ma 8–25',
    'ma 8.75–16',
    'ma 24–24',
    'ma 10–24',
    'ma–ma 8–16',
    'ma–pe 8–16: ajanvarauksella',
    'ma–pe–su 8–16',
  ])('cannot read %j', (text) => {
    expect(parseOpeningHours(text)).toBeNull();
  });

  it('writes what it stores the way each language does, and reads that back to the same', () => {
    expect(openingHoursText('fi', weekdays)).toBe('ma–pe 8.00–16.00');
    expect(openingHoursText('sv', weekdays)).toBe('må–fr 8.00–16.00');
    expect(openingHoursText('en', weekdays)).toBe('Mon–Fri 8:00–16:00');
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.subarray([...DAY_CODES], { minLength: 1 }),
        time,
        time,
        fc.constantFrom(...LANGS),
        (days, a, b, lang) => {
          fc.pre(a !== b);
          const [opensAt = '', closesAt = ''] = [a, b].sort();
          const h = { byday: days.join(','), opensAt, closesAt };
          expect(parseOpeningHours(openingHoursText(lang, h))).toEqual(h);
        },
      ),
    );
  });
});
