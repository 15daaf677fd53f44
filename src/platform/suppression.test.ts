import { describe, expect, it } from 'vitest';
import { countCell, rateCell, shownText, suppressCounts, suppressRates } from './suppression.ts';

const text = (figure: Parameters<typeof shownText>[0]) => shownText(figure, (v) => String(v));

describe('small-count protection', () => {
  it('hides counts of 1–4 and shows zero and five', () => {
    expect([0, 1, 4, 5, 120].map((n) => text(countCell(n)))).toEqual(['0', '<5', '<5', '5', '120']);
  });

  it('hides a rate whose numerator or denominator is 1–4, and any rate under 20', () => {
    expect(text(rateCell(3, 40))).toBe('<5');
    expect(text(rateCell(0, 3))).toBe('<5');
    expect(text(rateCell(10, 19))).toBe('..');
    expect(rateCell(10, 20)).toEqual({ shown: true, value: 0.5 });
    expect(rateCell(0, 25)).toEqual({ shown: true, value: 0 });
  });

  it('hides the next smallest cell when one hidden cell could be worked out from the total', () => {
    const out = suppressCounts([
      { key: 'a', count: 40 },
      { key: 'b', count: 3 },
      { key: 'c', count: 12 },
      { key: 'd', count: 7 },
      { key: 'e', count: 0 },
    ]);
    expect(out.cells.map((c) => text(c.count))).toEqual(['40', '<5', '12', '..', '0']);
    expect(text(out.total)).toBe('62');
  });

  it('keeps hiding while the hidden cells together are fewer than five', () => {
    const out = suppressCounts([
      { key: 'a', count: 1 },
      { key: 'b', count: 2 },
      { key: 'c', count: 9 },
      { key: 'd', count: 30 },
    ]);
    // 1 + 2 = 3 could be read from the total: 9 is hidden too
    expect(out.cells.map((c) => text(c.count))).toEqual(['<5', '<5', '..', '30']);
  });

  it('hides the total when nothing else can protect a hidden cell', () => {
    const out = suppressCounts([
      { key: 'a', count: 3 },
      { key: 'b', count: 6 },
    ]);
    expect(out.cells.map((c) => text(c.count))).toEqual(['<5', '..']);
    expect(text(out.total)).toBe('9');
    const alone = suppressCounts([
      { key: 'a', count: 7 },
      { key: 'b', count: 2 },
      { key: 'c', count: 0 },
    ]);
    expect(alone.cells.map((c) => text(c.count))).toEqual(['..', '<5', '0']);
    const lone = suppressCounts([
      { key: 'a', count: 30 },
      { key: 'b', count: 0 },
    ]);
    expect(text(lone.total)).toBe('30');
  });

  it('reads a small total as "<5", not as withheld', () => {
    const out = suppressCounts([
      { key: 'a', count: 3 },
      { key: 'b', count: 0 },
    ]);
    expect(out.cells.map((c) => text(c.count))).toEqual(['<5', '0']);
    expect(text(out.total)).toBe('<5');
  });

  it('shows every cell and the total when nothing is small', () => {
    const out = suppressCounts([
      { key: 'a', count: 5 },
      { key: 'b', count: 6 },
    ]);
    expect(out.cells.every((c) => c.count.shown)).toBe(true);
    expect(text(out.total)).toBe('11');
  });

  it('protects the numerators and denominators of a rate breakdown alike', () => {
    const out = suppressRates([
      { key: 'kuopio', numerator: 80, denominator: 100 },
      { key: 'tervo', numerator: 2, denominator: 3 },
      { key: 'iisalmi', numerator: 18, denominator: 25 },
      { key: 'varkaus', numerator: 30, denominator: 60 },
    ]);
    expect(out.cells.map((c) => text(c.rate))).toEqual(['0.8', '<5', '..', '0.5']);
    // the smallest other numerator (18) and denominator (25) are hidden too
    expect(text(out.cells[2]?.numerator ?? { shown: true, value: -1 })).toBe('..');
    expect(text(out.total.rate)).toBe(String(130 / 188));
  });
});
