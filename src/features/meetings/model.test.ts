// The rules of a Yhdessä aika meeting, pure: every state × every action of the state machine
// against a table written out here (so a change of model.ts must change this table too), the
// common time of a poll, Helsinki times as instants, the proposed times' and the place's checks,
// and when a private link expires.
import { describe, expect, it } from 'vitest';
import type { MeetingState } from '../../platform/db/types.ts';
import {
  checkPlace,
  checkSlots,
  commonTime,
  helsinkiInstant,
  helsinkiLocal,
  linkExpired,
  MEETING_ACTIONS,
  MEETING_STATES,
  type MeetingAction,
  mayDo,
  nextState,
} from './model.ts';

// rows: the state; columns in MEETING_ACTIONS' order:
// organise, propose, edit, vote, lock, invite, reschedule, reply, record, follow_up, cancel
// '-' refused, otherwise the state the action leads to
const R = '-';
const EXPECTED: Record<MeetingState, (MeetingState | '-')[]> = {
  requested: ['proposed', R, R, R, R, R, R, R, R, R, 'cancelled'],
  proposed: [R, 'proposed', 'proposed', 'proposed', 'time_locked', R, R, R, R, R, 'cancelled'],
  time_locked: [R, 'proposed', 'time_locked', R, 'time_locked', 'invited', R, R, R, R, 'cancelled'],
  invited: [R, R, 'invited', R, R, R, 'invited', 'invited', 'held', R, 'cancelled'],
  held: [R, R, R, R, R, R, R, R, 'held', 'followed_up', R],
  followed_up: [R, R, R, R, R, R, R, R, R, R, R],
  cancelled: [R, R, R, R, R, R, R, R, R, R, R],
};

describe('the meeting state machine', () => {
  it('knows every state and action the table names', () => {
    expect(MEETING_ACTIONS).toEqual([
      'organise',
      'propose',
      'edit',
      'vote',
      'lock',
      'invite',
      'reschedule',
      'reply',
      'record',
      'follow_up',
      'cancel',
    ]);
    expect([...MEETING_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = MEETING_STATES.flatMap((state) =>
    MEETING_ACTIONS.map((action, i) => ({ state, action, expected: EXPECTED[state][i] })),
  );
  it.each(cases)('$state + $action → $expected', ({ state, action, expected }) => {
    const next = nextState(state, action as MeetingAction);
    expect(next ?? R).toBe(expected);
    expect(mayDo(state, action as MeetingAction)).toBe(expected !== R);
  });

  it('ends in followed_up and cancelled: nothing leaves them', () => {
    for (const action of MEETING_ACTIONS) {
      expect(nextState('followed_up', action)).toBeNull();
      expect(nextState('cancelled', action)).toBeNull();
    }
  });
});

describe('the common time', () => {
  const at = (h: number) => new Date(Date.UTC(2027, 0, 11, h));
  const slots = [
    { id: 's1', startsAt: at(8) },
    { id: 's2', startsAt: at(10) },
    { id: 's3', startsAt: at(12) },
  ];

  it('is the time the most can come to, with the fewest no answers', () => {
    const { tallies, best } = commonTime(
      slots,
      ['a', 'b', 'c'],
      [
        { participantId: 'a', slotId: 's1', answer: 'yes' },
        { participantId: 'b', slotId: 's1', answer: 'no' },
        { participantId: 'c', slotId: 's1', answer: 'yes' },
        { participantId: 'a', slotId: 's2', answer: 'yes' },
        { participantId: 'b', slotId: 's2', answer: 'if_need_be' },
        { participantId: 'c', slotId: 's2', answer: 'yes' },
        { participantId: 'a', slotId: 's3', answer: 'no' },
      ],
    );
    expect(best).toBe('s2');
    expect(tallies.find((t) => t.slotId === 's2')).toMatchObject({
      yes: 2,
      ifNeedBe: 1,
      no: 0,
      everyoneCan: true,
    });
    expect(tallies.find((t) => t.slotId === 's3')).toMatchObject({
      no: 1,
      unanswered: 2,
      everyoneCan: false,
    });
  });

  it('prefers plain yes over if need be, then the earlier time', () => {
    const answers = [
      { participantId: 'a', slotId: 's1', answer: 'if_need_be' as const },
      { participantId: 'a', slotId: 's2', answer: 'yes' as const },
      { participantId: 'a', slotId: 's3', answer: 'yes' as const },
    ];
    expect(commonTime(slots, ['a'], answers).best).toBe('s2');
  });

  it('counts only active participants, and nobody able is no best time', () => {
    const answers = [
      { participantId: 'removed', slotId: 's1', answer: 'yes' as const },
      { participantId: 'a', slotId: 's1', answer: 'no' as const },
    ];
    const { tallies, best } = commonTime(slots, ['a'], answers);
    expect(best).toBeNull();
    expect(tallies.find((t) => t.slotId === 's1')).toMatchObject({ yes: 0, no: 1, unanswered: 0 });
    expect(commonTime(slots, [], []).best).toBeNull();
    expect(commonTime([], ['a'], []).best).toBeNull();
  });

  it('finds the time of 8 participants and 6 times', () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, startsAt: at(8 + i) }));
    const people = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const answers = people.flatMap((p, i) =>
      six.map((s, j) => ({
        participantId: p,
        slotId: s.id,
        answer: (j === 4 ? 'yes' : (i + j) % 3 === 0 ? 'no' : 'if_need_be') as 'yes' | 'no' | 'if_need_be',
      })),
    );
    expect(commonTime(six, people, answers).best).toBe('t4');
  });
});

describe('Helsinki times', () => {
  it('reads a datetime-local value in winter and summer time', () => {
    expect(helsinkiInstant('2026-11-26T09:00')).toEqual(new Date('2026-11-26T07:00:00Z'));
    expect(helsinkiInstant('2027-06-15T09:00')).toEqual(new Date('2027-06-15T06:00:00Z'));
    expect(helsinkiLocal(new Date('2026-11-26T07:00:00Z'))).toBe('2026-11-26T09:00');
  });
  it('knows the skipped hour and takes the later of the repeated one', () => {
    expect(helsinkiInstant('2027-03-28T03:30')).toBe('missing');
    expect(helsinkiInstant('2026-10-25T03:30')).toEqual(new Date('2026-10-25T01:30:00Z'));
  });
  it('refuses what is not a date and time', () => {
    for (const v of ['2026-02-30T10:00', '2026-11-26T24:00', '26.11.2026 9.00', '', '2026-11-26'])
      expect(helsinkiInstant(v), v).toBe('invalid');
  });
});

describe('the proposed times', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const future = ['2026-12-10T09:00', '2026-12-11T09:00', '2026-12-12T13:30'];

  it('takes 3–6 future times, sorted', () => {
    const r = checkSlots([future[2] as string, '', future[0] as string, future[1] as string], 90, now);
    expect(r).toEqual({
      ok: true,
      starts: [
        new Date('2026-12-10T07:00:00Z'),
        new Date('2026-12-11T07:00:00Z'),
        new Date('2026-12-12T11:30:00Z'),
      ],
    });
  });
  it('names each problem by its field', () => {
    const fields = (values: string[], duration = 90) => {
      const r = checkSlots(values, duration, now);
      return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
    };
    expect(fields(future.slice(0, 2))).toEqual(['starts:meeting.slots_count']);
    expect(
      fields([...future, ...future.map((f) => f.replace('2026-12', '2027-01')), '2027-02-01T09:00']),
    ).toEqual(['starts:meeting.slots_count']);
    expect(fields(['2026-11-30T09:00', ...future])).toEqual(['start1:meeting.slot_past']);
    expect(fields([...future, future[0] as string])).toEqual(['start4:meeting.slot_duplicate']);
    expect(fields([...future, 'tomorrow'])).toEqual(['start4:meeting.slot_invalid']);
    expect(fields(future, 10)).toEqual(['duration:meeting.duration_range']);
    expect(fields(future, 481)).toEqual(['duration:meeting.duration_range']);
  });
});

describe('the place', () => {
  const video = 'https://video.pohjois-savo.example/';
  it('takes a street address without control or bidi characters', () => {
    expect(checkPlace('address', ' Kauppakatu 1, Kuopio ', '', null)).toEqual({
      ok: true,
      place: { kind: 'address', address: 'Kauppakatu 1, Kuopio' },
    });
    for (const bad of ['', 'a'.repeat(301), 'Kauppakatu\u202e 1', 'Kauppa\u0000katu'])
      expect(checkPlace('address', bad, '', video)).toMatchObject({
        ok: false,
        code: 'meeting.address_invalid',
      });
  });
  it("takes a remote link only of the region's video service", () => {
    expect(checkPlace('remote', '', `${video}room/abc123`, video)).toEqual({
      ok: true,
      place: { kind: 'remote', remoteUrl: `${video}room/abc123` },
    });
    for (const bad of [
      'https://evil.example/room',
      'http://video.pohjois-savo.example/room',
      'https://video.pohjois-savo.example.evil.example/',
      `${video}room with space`,
    ])
      expect(checkPlace('remote', '', bad, video), bad).toMatchObject({
        ok: false,
        code: 'meeting.remote_url_invalid',
      });
    expect(checkPlace('remote', '', `${video}x`, null)).toMatchObject({
      ok: false,
      code: 'meeting.no_video_service',
    });
    expect(checkPlace('', '', '', video)).toMatchObject({ ok: false, code: 'meeting.place_required' });
  });
});

describe('a private link', () => {
  const end = new Date('2026-12-10T09:00:00Z');
  it('expires when the meeting is cancelled or 30 days after it', () => {
    expect(linkExpired('cancelled', null, null, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(linkExpired('invited', end, null, new Date('2027-01-09T08:00:00Z'))).toBe(false);
    expect(linkExpired('held', end, null, new Date('2027-01-09T10:00:00Z'))).toBe(true);
    expect(linkExpired('proposed', null, end, new Date('2027-01-10T00:00:00Z'))).toBe(true);
    expect(linkExpired('proposed', null, null, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });
});
