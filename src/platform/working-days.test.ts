import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  formatFinnishDate,
  helsinkiDate,
  isOverdue,
  isWorkingDay,
  respondByDate,
  workingDaysBetween,
} from './working-days.ts';

describe('working days in Finland', () => {
  it('weekends are not working days, weekdays are', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-30')).toBe(true); // Monday
  });

  it('Easter 2026: Good Friday 3.4 and Easter Monday 6.4 are days off', () => {
    expect(isWorkingDay('2026-04-02')).toBe(true); // Maundy Thursday works
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
    expect(isWorkingDay('2026-04-07')).toBe(true);
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    // Wed 1.4 + 3: Thu 2.4, Tue 7.4, Wed 8.4
    expect(addWorkingDays('2026-04-01', 3)).toBe('2026-04-08');
  });

  it('Midsummer 2026: the eve Friday 19.6 and Midsummer Day Saturday 20.6 are days off', () => {
    expect(isWorkingDay('2026-06-18')).toBe(true);
    expect(isWorkingDay('2026-06-19')).toBe(false);
    expect(isWorkingDay('2026-06-20')).toBe(false);
    expect(addWorkingDays('2026-06-18', 1)).toBe('2026-06-22');
    // 2027: the eve is Friday 25.6
    expect(isWorkingDay('2027-06-25')).toBe(false);
    expect(isWorkingDay('2027-06-18')).toBe(true);
  });

  it('Christmas 2026: 24, 25 and 26.12 are days off, New Year’s Eve 31.12 is a working day', () => {
    expect(isWorkingDay('2026-12-23')).toBe(true);
    expect(isWorkingDay('2026-12-24')).toBe(false); // Thursday, Christmas Eve
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-26')).toBe(false);
    expect(isWorkingDay('2026-12-31')).toBe(true); // Thursday, uudenvuodenaatto
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(isWorkingDay('2027-01-06')).toBe(false); // Epiphany
    // Wed 23.12 + 1: Thu 24, Fri 25, Sat 26, Sun 27 are off → Mon 28.12
    expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-23', 4)).toBe('2026-12-31');
    // then Fri 1.1 (New Year's Day), Sat 2.1 and Sun 3.1 → Mon 4.1.2027
    expect(addWorkingDays('2026-12-23', 5)).toBe('2027-01-04');
  });

  it('over the year boundary: Tue 29.12.2026 + 3 is Mon 4.1.2027', () => {
    // 30.12 (1), 31.12 (2), Fri 1.1 holiday, Sat 2.1, Sun 3.1, Mon 4.1 (3)
    expect(addWorkingDays('2026-12-29', 3)).toBe('2027-01-04');
    // Mon 4.1.2027 + 2: Tue 5.1, Wed 6.1 is Epiphany, Thu 7.1
    expect(addWorkingDays('2027-01-04', 2)).toBe('2027-01-07');
  });

  it('Independence Day 6.12.2026 is a Sunday and gives no Monday off', () => {
    expect(isWorkingDay('2026-12-06')).toBe(false);
    expect(isWorkingDay('2026-12-07')).toBe(true);
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07');
    // 2027: Monday 6.12 is off
    expect(isWorkingDay('2027-12-06')).toBe(false);
    expect(addWorkingDays('2027-12-03', 1)).toBe('2027-12-07');
  });

  it('Ascension Day Thursday 14.5.2026 and Labour Day Friday 1.5.2026 are days off', () => {
    expect(isWorkingDay('2026-05-14')).toBe(false);
    expect(addWorkingDays('2026-05-13', 1)).toBe('2026-05-15');
    expect(isWorkingDay('2026-05-01')).toBe(false);
    expect(addWorkingDays('2026-04-30', 1)).toBe('2026-05-04');
  });

  it('All Saints’ Day is a Saturday; an observance (Father’s Day) changes nothing', () => {
    expect(isWorkingDay('2026-10-31')).toBe(false);
    expect(isWorkingDay('2026-11-02')).toBe(true);
  });

  it('0 working days gives the day itself when working, else the next working day', () => {
    expect(addWorkingDays('2026-11-26', 0)).toBe('2026-11-26');
    expect(addWorkingDays('2026-11-28', 0)).toBe('2026-11-30');
    expect(addWorkingDays('2026-12-24', 0)).toBe('2026-12-28');
  });

  it('refuses a malformed day and a negative or fractional count', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('26.11.2026')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-26', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-26', 1.5)).toThrow(RangeError);
    expect(() => helsinkiDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('the Helsinki calendar day of an instant', () => {
  it('follows the offset of the day: +2 in winter, +3 in summer', () => {
    expect(helsinkiDate(new Date('2026-01-15T21:59:59Z'))).toBe('2026-01-15'); // 23:59:59
    expect(helsinkiDate(new Date('2026-01-15T22:00:00Z'))).toBe('2026-01-16'); // 00:00
    expect(helsinkiDate(new Date('2026-07-15T20:59:59Z'))).toBe('2026-07-15');
    expect(helsinkiDate(new Date('2026-07-15T21:00:00Z'))).toBe('2026-07-16');
  });

  it('around the change to summer time (Sunday 29.3.2026 at 03:00 local)', () => {
    // Saturday 28.3 22:30 UTC is Sunday 00:30 in Helsinki, a day later than in UTC
    expect(helsinkiDate(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-29');
    expect(helsinkiDate(new Date('2026-03-28T21:59:00Z'))).toBe('2026-03-28');
    // Sunday 29.3 21:30 UTC is already Monday 00:30 (UTC+3)
    expect(helsinkiDate(new Date('2026-03-29T21:30:00Z'))).toBe('2026-03-30');
  });

  it('around the change back to winter time (Sunday 25.10.2026 at 04:00 local)', () => {
    expect(helsinkiDate(new Date('2026-10-24T21:30:00Z'))).toBe('2026-10-25'); // 00:30 +3
    expect(helsinkiDate(new Date('2026-10-25T21:30:00Z'))).toBe('2026-10-25'); // 23:30 +2
    expect(helsinkiDate(new Date('2026-10-25T22:00:00Z'))).toBe('2026-10-26'); // 00:00 +2
  });

  it('does not depend on the time zone of the process', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(helsinkiDate(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-29');
      expect(respondByDate(new Date('2026-11-26T10:00:00Z'), 3)).toBe('2026-12-01');
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
      expect(helsinkiDate(new Date('2026-03-28T21:30:00Z'))).toBe('2026-03-28');
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe('the promised day of a first response', () => {
  it('received Thursday 26.11.2026 with 3 working days: Tuesday 1.12.2026', () => {
    expect(respondByDate(new Date('2026-11-26T08:15:00Z'), 3)).toBe('2026-12-01');
    // late in the evening is still Thursday in Helsinki (23:59)
    expect(respondByDate(new Date('2026-11-26T21:59:00Z'), 3)).toBe('2026-12-01');
    // a minute later it is Friday: Mon 30.11, Tue 1.12, Wed 2.12
    expect(respondByDate(new Date('2026-11-26T22:00:00Z'), 3)).toBe('2026-12-02');
  });

  it('counts from the Helsinki day, not the UTC day', () => {
    // Thursday 26.3.2026 22:30 UTC is Friday 27.3 00:30 in Helsinki: Mon 30.3, Tue 31.3, Wed 1.4
    // (counting from the UTC day, Thursday, would give Tuesday 31.3)
    expect(respondByDate(new Date('2026-03-26T22:30:00Z'), 3)).toBe('2026-04-01');
    // received 00:30 Sunday 29.3 (the summer-time night): Mon 30.3 is the first working day
    expect(respondByDate(new Date('2026-03-28T22:30:00Z'), 1)).toBe('2026-03-30');
  });

  it('received on a weekend: the count starts from the next working day', () => {
    // Saturday 28.11.2026 with 1: Monday 30.11; with 3: Wednesday 2.12
    expect(respondByDate(new Date('2026-11-28T12:00:00Z'), 1)).toBe('2026-11-30');
    expect(respondByDate(new Date('2026-11-29T12:00:00Z'), 3)).toBe('2026-12-02');
  });

  it('received on Christmas Eve 2026 with 3: Wednesday 30.12', () => {
    expect(respondByDate(new Date('2026-12-24T10:00:00Z'), 3)).toBe('2026-12-30');
  });
});

describe('counting and overdue', () => {
  it('counts the working days after the first day up to and including the last', () => {
    expect(workingDaysBetween('2026-11-26', '2026-12-01')).toBe(3);
    expect(workingDaysBetween('2026-12-23', '2027-01-04')).toBe(5); // 28, 29, 30, 31.12, 4.1
    expect(workingDaysBetween('2026-11-26', '2026-11-26')).toBe(0);
    expect(workingDaysBetween('2026-12-01', '2026-11-26')).toBe(0);
    expect(workingDaysBetween('2026-11-27', '2026-11-29')).toBe(0); // a weekend
    // one whole year: 365 days − 104 weekend days − 9 weekday days off in 2026
    // (1.1, 6.1, 3.4, 6.4, 1.5, 14.5, 19.6, 24.12, 25.12; 26.12, 31.10, 20.6, 6.12 are weekends)
    expect(workingDaysBetween('2025-12-31', '2026-12-31')).toBe(365 - 104 - 9);
  });

  it('counting back what was added gives the same number', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 30 }),
        (instant, n) => {
          const day = instant.toISOString().slice(0, 10);
          const later = addWorkingDays(day, n);
          return isWorkingDay(later) && workingDaysBetween(day, later) === n;
        },
      ),
    );
  });

  it('is overdue from the first moment of the next Helsinki day', () => {
    expect(isOverdue('2026-12-01', new Date('2026-12-01T21:59:59Z'))).toBe(false); // 23:59:59
    expect(isOverdue('2026-12-01', new Date('2026-12-01T22:00:00Z'))).toBe(true); // 00:00 on 2.12
    expect(isOverdue('2026-12-01', new Date('2026-11-30T12:00:00Z'))).toBe(false);
    // summer: UTC+3
    expect(isOverdue('2026-06-22', new Date('2026-06-22T20:59:00Z'))).toBe(false);
    expect(isOverdue('2026-06-22', new Date('2026-06-22T21:00:00Z'))).toBe(true);
  });
});

describe('Finnish date format', () => {
  it('writes day.month.year without leading zeros', () => {
    expect(formatFinnishDate('2026-12-01')).toBe('1.12.2026');
    expect(formatFinnishDate('2027-01-04')).toBe('4.1.2027');
    expect(formatFinnishDate('2026-11-26')).toBe('26.11.2026');
  });
});
