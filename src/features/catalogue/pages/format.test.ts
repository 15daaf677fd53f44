import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../i18n/index.ts';
import { ageText, daysText, timeText } from './format.ts';
import { pageNumbers } from './ServiceListPage.tsx';

describe('how the catalogue pages write things', () => {
  it('writes opening days as ranges in each language', () => {
    expect(daysText('fi', 'MO,TU,WE,TH,FR')).toBe('ma–pe');
    expect(daysText('sv', 'MO,TU,WE,TH,FR')).toBe('må–fr');
    expect(daysText('en', 'MO,WE')).toBe('Mon, Wed');
    expect(daysText('fi', 'MO,TU,TH')).toBe('ma, ti, to');
  });

  it('writes times the Finnish way', () => {
    expect(timeText('fi', '08:00')).toBe('8.00');
    expect(timeText('en', '16:30')).toBe('16:30');
  });

  it('writes ages', () => {
    expect(ageText('fi', 0, 6)).toBe('0–6-vuotiaat');
    expect(ageText('en', null, null)).toBe('All ages');
  });

  it('writes dates as 26.11.2026 in Helsinki time', () => {
    // 22:30 UTC on 25 November is already 26 November in Helsinki
    expect(formatDate(new Date('2026-11-25T22:30:00Z'), 'fi')).toBe('26.11.2026');
    expect(formatDate(new Date('2026-11-25T22:30:00Z'), 'en')).toBe('26.11.2026');
  });

  it('shows at most seven page numbers around the current page', () => {
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(10, 20)).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(pageNumbers(20, 20)).toEqual([14, 15, 16, 17, 18, 19, 20]);
  });
});
