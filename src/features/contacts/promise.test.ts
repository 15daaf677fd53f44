import { describe, expect, it } from 'vitest';
import type { Urgency } from '../../platform/db/types.ts';
import { type ContactPromise, contactPromise, DEFAULT_PROMISE_RULES, promiseRulesOf } from './promise.ts';

const NO_ROSTER: ReadonlySet<string> = new Set();

/** The promise for a contact sent at `iso` (an instant with its offset) under the default rules. */
function promise(
  urgency: Urgency,
  iso: string,
  dutyDays: ReadonlySet<string> = NO_ROSTER,
  rules = DEFAULT_PROMISE_RULES,
): ContactPromise {
  return contactPromise({ urgency, sentAt: new Date(iso), rules, normalWorkingDays: 3, dutyDays });
}

describe('the first-response promise by urgency', () => {
  describe('sent on Sunday 6.12.2026 (Independence Day)', () => {
    const sunday = '2026-12-06T13:00:00+02:00';

    it('a normal contact is promised three working days: Wednesday 9.12', () => {
      expect(promise('normal', sunday)).toMatchObject({ respondBy: '2026-12-09', alertDuty: false });
    });

    it('violence at home (urgent) is answered the next working day, Monday 7.12, and says when duty starts', () => {
      expect(promise('urgent', sunday)).toEqual({
        urgency: 'urgent',
        respondBy: '2026-12-07',
        staffedNow: false,
        nextDuty: { day: '2026-12-07', from: '08:00' },
        alertDuty: false,
      });
    });

    it('someone in danger now (emergency) alerts the counsellor on duty and is answered Monday 7.12', () => {
      expect(promise('emergency', sunday)).toMatchObject({
        respondBy: '2026-12-07',
        staffedNow: false,
        nextDuty: { day: '2026-12-07', from: '08:00' },
        alertDuty: true,
      });
    });
  });

  describe('a Friday', () => {
    it('in the morning an urgent contact is answered the same day, and someone is at work', () => {
      expect(promise('urgent', '2026-12-04T10:00:00+02:00')).toMatchObject({
        respondBy: '2026-12-04',
        staffedNow: true,
        nextDuty: null,
      });
    });

    it('in the afternoon after 14.00 an urgent contact is answered Monday, an emergency still the same day', () => {
      expect(promise('urgent', '2026-12-04T15:00:00+02:00').respondBy).toBe('2026-12-07');
      expect(promise('emergency', '2026-12-04T15:00:00+02:00')).toMatchObject({
        respondBy: '2026-12-04',
        staffedNow: true,
      });
    });

    it('in the evening both are answered Monday 7.12, when the next counsellor is on duty from 8.00', () => {
      for (const urgency of ['urgent', 'emergency'] as const)
        expect(promise(urgency, '2026-12-04T18:30:00+02:00')).toMatchObject({
          respondBy: '2026-12-07',
          staffedNow: false,
          nextDuty: { day: '2026-12-07', from: '08:00' },
        });
    });
  });

  it('on a holiday eve (Wednesday 23.12.2026, evening) an urgent contact waits for Monday 28.12', () => {
    // Christmas Eve, Christmas Day, Boxing Day (a Saturday) and Sunday are not working days
    expect(promise('urgent', '2026-12-23T17:00:00+02:00')).toMatchObject({
      respondBy: '2026-12-28',
      nextDuty: { day: '2026-12-28', from: '08:00' },
    });
  });

  it('on Midsummer Eve eve (Thursday 18.6.2026, evening) an urgent contact waits for Monday 22.6', () => {
    expect(promise('urgent', '2026-06-18T20:00:00+03:00').respondBy).toBe('2026-06-22');
  });

  describe('summer time', () => {
    it('Monday 30.3.2026 at 05.30 UTC is 8.30 in Helsinki (summer time began on Sunday): the office is open', () => {
      expect(promise('emergency', '2026-03-30T05:30:00Z')).toMatchObject({
        respondBy: '2026-03-30',
        staffedNow: true,
        nextDuty: null,
      });
    });

    it('Monday 26.10.2026 at 05.30 UTC is 7.30 in Helsinki (summer time ended on Sunday): duty starts at 8.00 today', () => {
      expect(promise('urgent', '2026-10-26T05:30:00Z')).toMatchObject({
        respondBy: '2026-10-26',
        staffedNow: false,
        nextDuty: { day: '2026-10-26', from: '08:00' },
      });
    });

    it('Sunday 22.30 UTC is already Monday in Helsinki', () => {
      expect(promise('urgent', '2026-12-06T22:30:00Z')).toMatchObject({
        respondBy: '2026-12-07',
        nextDuty: { day: '2026-12-07', from: '08:00' },
      });
    });
  });

  describe('the duty roster', () => {
    const fridayEvening = '2026-12-04T18:30:00+02:00';

    it('a counsellor on the roster on Saturday is the next on duty', () => {
      const roster = new Set(['2026-12-04', '2026-12-05', '2026-12-07']);
      expect(promise('urgent', fridayEvening, roster)).toMatchObject({
        respondBy: '2026-12-05',
        nextDuty: { day: '2026-12-05', from: '08:00' },
      });
    });

    it('nobody on the roster on Monday: the next on duty is Tuesday', () => {
      const roster = new Set(['2026-12-04', '2026-12-08']);
      expect(promise('emergency', fridayEvening, roster)).toMatchObject({
        respondBy: '2026-12-08',
        nextDuty: { day: '2026-12-08', from: '08:00' },
      });
    });

    it('nobody on the roster today: nobody is at work, even in office hours', () => {
      const roster = new Set(['2026-12-07']);
      expect(promise('urgent', '2026-12-04T10:00:00+02:00', roster)).toMatchObject({
        respondBy: '2026-12-07',
        staffedNow: false,
      });
    });

    it('after the last planned day of the roster, working days are duty days again', () => {
      const roster = new Set(['2026-12-04']);
      expect(promise('urgent', fridayEvening, roster).respondBy).toBe('2026-12-07');
    });

    it('a roster that plans only past days counts for nothing', () => {
      const roster = new Set(['2026-11-30', '2026-12-01']);
      expect(promise('urgent', '2026-12-04T10:00:00+02:00', roster)).toMatchObject({
        respondBy: '2026-12-04',
        staffedNow: true,
      });
    });
  });

  describe("the region's rules", () => {
    it('office hours and the same-day limit come from the region', () => {
      const rules = promiseRulesOf({
        officeHours: { opens: '09:00', closes: '15:00' },
        urgentSameDayUntil: '12:00',
      });
      expect(promise('urgent', '2026-12-04T08:30:00+02:00', NO_ROSTER, rules)).toMatchObject({
        respondBy: '2026-12-04',
        staffedNow: false,
        nextDuty: { day: '2026-12-04', from: '09:00' },
      });
      expect(promise('urgent', '2026-12-04T12:30:00+02:00', NO_ROSTER, rules).respondBy).toBe('2026-12-07');
      expect(promise('emergency', '2026-12-04T15:30:00+02:00', NO_ROSTER, rules).respondBy).toBe(
        '2026-12-07',
      );
    });

    it('a region may alert the counsellor on duty of urgent contacts too', () => {
      const rules = promiseRulesOf({ alertUrgent: true });
      expect(promise('urgent', '2026-12-04T10:00:00+02:00', NO_ROSTER, rules).alertDuty).toBe(true);
      expect(promise('normal', '2026-12-04T10:00:00+02:00', NO_ROSTER, rules).alertDuty).toBe(false);
    });

    it('empty rules are the defaults; rules that do not validate fall back to them', () => {
      expect(promiseRulesOf({})).toEqual({
        officeHours: { opens: '08:00', closes: '16:00' },
        urgentSameDayUntil: '14:00',
        alertUrgent: false,
      });
      expect(promiseRulesOf(null)).toEqual(DEFAULT_PROMISE_RULES);
      expect(promiseRulesOf({ officeHours: { opens: '25:00' } })).toEqual(DEFAULT_PROMISE_RULES);
      expect(promiseRulesOf({ officeHours: { opens: '16:00', closes: '08:00' } })).toEqual(
        DEFAULT_PROMISE_RULES,
      );
      expect(promiseRulesOf({ officeHours: { opens: '07:30' } }).officeHours).toEqual({
        opens: '07:30',
        closes: '16:00',
      });
    });
  });
});
