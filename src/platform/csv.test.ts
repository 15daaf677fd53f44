import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, toCsv } from './csv.ts';

describe('the one CSV writer', () => {
  it('prefixes a quote to every cell that begins like a formula (= + - @ tab carriage return)', () => {
    for (const cell of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1']) {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
    }
  });

  it('leaves other text as it is', () => {
    for (const cell of ['Noora Neuvoja', 'a=b', '2026-11-26T10:00:00.000Z', '', ' =x', "'quoted"]) {
      expect(neutraliseCell(cell)).toBe(cell);
    }
  });

  it('writes rows that read back cell by cell, formulas neutralised and quotes kept', () => {
    const csv = toCsv(
      [
        { a: '=HYPERLINK("http://evil","klikkaa")', b: 'rivi\nrivi, "lainaus"' },
        { a: null, b: '@SUM(1+1)*cmd|" /C calc"!A0' },
      ],
      [
        { key: 'a', header: 'a' },
        { key: 'b', header: '-b' },
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([
      ['a', "'-b"],
      ['\'=HYPERLINK("http://evil","klikkaa")', 'rivi\nrivi, "lainaus"'],
      ['', '\'@SUM(1+1)*cmd|" /C calc"!A0'],
    ]);
  });

  it('is the only place that writes CSV', () => {
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !path.startsWith(join('src', 'platform', 'csv.'))) {
          if (readFileSync(path, 'utf8').includes("from 'csv-stringify")) writers.push(path);
        }
      }
    };
    walk('src');
    expect(writers).toEqual([]);
  });
});
