import { describe, expect, it } from 'vitest';
import {
  decodePopulationFile,
  type MunicipalityRef,
  type PopulationFileError,
  parsePopulationFile,
} from '../../src/features/population/parse.ts';

const PS = 'region-pohjois-savo';
const MUNICIPALITIES: MunicipalityRef[] = [
  { code: '297', name: { fi: 'Kuopio', sv: 'Kuopio' }, regionId: PS },
  { code: '749', name: { fi: 'Siilinjärvi', sv: 'Siilinjärvi' }, regionId: PS },
  { code: '140', name: { fi: 'Iisalmi', sv: 'Idensalmi' }, regionId: PS },
  { code: '837', name: { fi: 'Tampere', sv: 'Tammerfors' }, regionId: 'region-pirkanmaa' },
];
const context = { municipalities: MUNICIPALITIES, regionId: PS };
const parse = (file: string | Uint8Array) => parsePopulationFile(file, context);

/** The problems of a refused file, as [line, code, params]. */
function problemsOf(file: string | Uint8Array) {
  try {
    parse(file);
  } catch (error) {
    return (error as PopulationFileError).problems.map((p) => [p.line, p.code, p.params ?? {}]);
  }
  throw new Error('the file was accepted');
}

const AGES = [...Array.from({ length: 101 }, (_, a) => (a === 100 ? '100 -' : String(a))), 'Yhteensä'];
// a municipality's figures: total 100 + age, males 50, females 50 + age (so total = males + females)
const total = (age: number) => 100 + age;
const males = () => 50;
const females = (age: number) => 50 + age;
const ageNumber = (label: string) => Number.parseInt(label, 10);
const value = (sex: 'Yhteensä' | 'Miehet' | 'Naiset', label: string) => {
  if (label === 'Yhteensä') return 99_999;
  const a = ageNumber(label);
  return sex === 'Yhteensä' ? total(a) : sex === 'Miehet' ? males() : females(a);
};
/** ages 0–17: 18 × 100 + (0 + 1 + … + 17) */
const CHILDREN = 18 * 100 + 153;

describe('the StatFin 11re file (PxWeb CSV)', () => {
  it('reads the long layout: a title line, semicolons, quoted cells, the total sex row only', () => {
    const lines = [
      '"Väestö 31.12. muuttujina Alue, Vuosi, Sukupuoli, Ikä ja Tiedot"',
      '',
      '"Alue";"Vuosi";"Sukupuoli";"Ikä";"Väestö 31.12."',
    ];
    for (const area of ['KOKO MAA', 'MK11 Pohjois-Savo', 'KU297 Kuopio', 'KU749 Siilinjärvi'])
      for (const sex of ['Yhteensä', 'Miehet', 'Naiset'] as const)
        for (const age of AGES) lines.push(`"${area}";"2024";"${sex}";"${age}";${value(sex, age)}`);
    const parsed = parse(`\uFEFF${lines.join('\r\n')}\r\n`);
    expect(parsed.form).toBe('statfin_11re');
    expect(parsed.rows.map(({ code, year, children }) => ({ code, year, children }))).toEqual([
      { code: '297', year: 2024, children: CHILDREN },
      { code: '749', year: 2024, children: CHILDREN },
    ]);
    // the whole country and the region: skipped, and said, once per line
    expect(new Set(parsed.ignored.map((i) => i.area))).toEqual(new Set(['KOKO MAA', 'MK11 Pohjois-Savo']));
    expect(parsed.ignored[0]).toMatchObject({ line: 4, kind: 'country' });
  });

  it('sums males and females when the file has no total row (never both)', () => {
    const lines = ['"Alue";"Vuosi";"Sukupuoli";"Ikä";"Väestö 31.12."'];
    for (const sex of ['Miehet', 'Naiset'] as const)
      for (const age of AGES) lines.push(`"Kuopio";"2024";"${sex}";"${age}";${value(sex, age)}`);
    expect(parse(lines.join('\n')).rows[0]).toMatchObject({ code: '297', children: CHILDREN });
  });

  it('reads the wide layout of a Latin-1 comma file: sexes and the year in the headings, names as areas', () => {
    const lines = [
      '"Väestö 31.12. muuttujina Alue, Ikä, Sukupuoli, Vuosi ja Tiedot"',
      '',
      '"Alue","Ikä","Miehet 2018 Väestö 31.12.","Naiset 2018 Väestö 31.12."',
    ];
    for (const area of ['KOKO MAA', 'Kuopio', 'Idensalmi'])
      for (const age of AGES)
        lines.push(`"${area}","${age}",${value('Miehet', age)},${value('Naiset', age)}`);
    const latin1 = Buffer.from(lines.join('\r\n'), 'latin1');
    // not UTF-8: the ä of "Ikä" is one byte
    expect(latin1.includes(Buffer.from('Ikä', 'utf8'))).toBe(false);
    const parsed = parse(latin1);
    expect(parsed.rows.map((r) => [r.code, r.year, r.children])).toEqual([
      ['140', 2018, CHILDREN],
      ['297', 2018, CHILDREN],
    ]);
  });

  it('reads years as columns, and ages as columns', () => {
    const years = ['"Alue";"Sukupuoli";"Ikä";"2023 Väestö 31.12.";"2024 Väestö 31.12."'];
    for (const age of AGES) years.push(`"KU297";"Yhteensä";"${age}";${value('Yhteensä', age)};1`);
    expect(parse(years.join('\n')).rows.map((r) => [r.year, r.children])).toEqual([
      [2023, CHILDREN],
      [2024, 18],
    ]);

    const ages = [`"Alue";"Vuosi";${AGES.map((a) => `"${a}"`).join(';')}`];
    ages.push(`"297 Kuopio";"2024";${AGES.map((a) => value('Yhteensä', a)).join(';')}`);
    expect(parse(ages.join('\n')).rows[0]).toMatchObject({ code: '297', year: 2024, children: CHILDREN });

    // sex and age both in the headings: "2024 Yhteensä 0" is the total of both sexes aged 0
    const both = [`"Alue";${AGES.map((a) => `"2024 Yhteensä ${a}";"2024 Miehet ${a}"`).join(';')}`];
    both.push(`"Kuopio";${AGES.map((a) => `${value('Yhteensä', a)};${value('Miehet', a)}`).join(';')}`);
    expect(parse(both.join('\n')).rows[0]).toMatchObject({ code: '297', year: 2024, children: CHILDREN });
  });

  it('names a missing age, a missing sex and a band of ages', () => {
    const lines = ['"Alue";"Vuosi";"Sukupuoli";"Ikä";"Väestö 31.12."'];
    for (let age = 0; age < 17; age++) lines.push(`"Kuopio";"2024";"Yhteensä";"${age}";1`);
    for (let age = 0; age < 18; age++) lines.push(`"Siilinjärvi";"2024";"Miehet";"${age}";1`);
    lines.push('"Iisalmi";"2024";"Yhteensä";"0 - 4";5');
    expect(problemsOf(lines.join('\n'))).toEqual([
      [2, 'population.incomplete_ages', { value: '297 Kuopio', year: 2024, missing: '17' }],
      [19, 'population.one_sex_only', { value: '749 Siilinjärvi', year: 2024 }],
      [37, 'population.unknown_age', { value: '0 - 4' }],
    ]);
  });
});

describe('the plain CSV', () => {
  it('reads municipality, year and children with Finnish, Swedish or English headers', () => {
    expect(parse('kunta;vuosi;lapset_0_17\n297;2025;22000\nKU749;2025;4000\n').rows).toEqual([
      { code: '297', year: 2025, children: 22000, line: 2 },
      { code: '749', year: 2025, children: 4000, line: 3 },
    ]);
    expect(parse('Kommun,År,Barn 0-17\nIdensalmi,2025,"3 600"\n').rows[0]).toMatchObject({
      code: '140',
      children: 3600,
    });
    const parsed = parse(
      'municipality\tyear\tchildren_0_17\nWHOLE COUNTRY\t2025\t1000000\nKuopio\t2025\t1\n',
    );
    expect(parsed.form).toBe('plain_csv');
    expect(parsed.ignored).toEqual([{ line: 2, area: 'WHOLE COUNTRY', kind: 'country' }]);
  });

  it('refuses every bad row with its line and a code', () => {
    const file = [
      'kunta;vuosi;lapset_0_17',
      'Kuopo;2025;100', // 2: unknown
      'Tampere;2025;100', // 3: another region's
      '297;2025;-5', // 4: negative
      '749;2025;paljon', // 5: not a number
      '140;2025;12.5', // 6: not a whole number
      '749;1850;100', // 7: year
      '140;2025;100',
      '140;2025;200', // 9: the same again
    ].join('\n');
    expect(problemsOf(file)).toEqual([
      [2, 'population.unknown_municipality', { value: 'Kuopo' }],
      [3, 'population.other_region', { value: '837 Tampere' }],
      [4, 'population.negative_count', { value: '-5' }],
      [5, 'population.not_a_number', { value: 'paljon' }],
      [6, 'population.not_a_number', { value: '12.5' }],
      [7, 'population.invalid_year', { value: '1850' }],
      [9, 'population.duplicate_row', { other: 8 }],
    ]);
  });

  it('names a missing column, an empty file and a file of no municipality', () => {
    expect(problemsOf('kunta;lapset_0_17\n297;100\n')).toEqual([
      [1, 'population.missing_column', { column: 'vuosi / år / year' }],
    ]);
    expect(problemsOf('nimi;luku\nKuopio;100\n')[0]?.[1]).toBe('population.missing_column');
    expect(problemsOf('')).toEqual([[null, 'population.empty_file', {}]]);
    expect(problemsOf('\uFEFFkunta;vuosi;lapset_0_17\r\n')).toEqual([[null, 'population.empty_file', {}]]);
    expect(problemsOf('kunta;vuosi;lapset_0_17\nKOKO MAA;2025;1\n')).toEqual([
      [null, 'population.no_municipalities', {}],
    ]);
    expect(problemsOf('kunta;vuosi;lapset_0_17\n"297;2025;1\n')[0]?.[1]).toBe('population.unreadable');
  });
});

describe('decoding', () => {
  it('drops a UTF-8 BOM and reads windows-1252 when the bytes are not UTF-8', () => {
    expect(decodePopulationFile(Buffer.from('\uFEFFIkä', 'utf8'))).toBe('Ikä');
    expect(decodePopulationFile(Buffer.from('Ikä Ålder', 'latin1'))).toBe('Ikä Ålder');
  });
});
