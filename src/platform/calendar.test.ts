import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  buildInvitation,
  buildReply,
  CalendarError,
  type InvitationInput,
  parseCalendarReplies,
  type ReplyInput,
} from './calendar.ts';

const invitation = (overrides: Partial<InvitationInput> = {}): InvitationInput => ({
  method: 'REQUEST',
  uid: 'meeting-1@perheverkko',
  sequence: 0,
  stamp: new Date('2026-11-20T10:00:00Z'),
  start: new Date('2026-11-26T07:00:00Z'),
  end: new Date('2026-11-26T08:00:00Z'),
  summary: 'Yhteinen tapaaminen (Yhdessä aika)',
  description: 'Avaa oma linkkisi.',
  organizer: { name: 'Perheverkko', email: 'yhdessa-aika@alue.example' },
  attendees: [{ name: 'Opettaja', email: 'opettaja@koulu.example' }],
  ...overrides,
});

const reply = (overrides: Partial<ReplyInput> = {}): ReplyInput => ({
  uid: 'meeting-1@perheverkko',
  sequence: 2,
  stamp: new Date('2026-11-21T10:00:00Z'),
  start: new Date('2026-11-26T07:00:00Z'),
  end: new Date('2026-11-26T08:00:00Z'),
  organizer: { name: 'Perheverkko', email: 'yhdessa-aika@alue.example' },
  attendee: { name: 'Opettaja', email: 'Opettaja@Koulu.Example' },
  partstat: 'ACCEPTED',
  ...overrides,
});

/** The content lines of the VEVENT, unfolded. */
const eventLines = (ics: string) => {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  return lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1);
};
const line = (ics: string, name: string) =>
  eventLines(ics).find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));

describe('an invitation', () => {
  it('has the iTIP fields a calendar client needs to file and update it', () => {
    const ics = buildInvitation(
      invitation({ location: 'Kauppakatu 1, Kuopio', url: 'https://perheverkko.example/fi/m/x' }),
    );
    expect(ics).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(ics.match(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Helsinki/g)).toHaveLength(1);
    expect(ics).not.toContain('X-WR-TIMEZONE');
    expect(line(ics, 'UID')).toBe('UID:meeting-1@perheverkko');
    expect(line(ics, 'SEQUENCE')).toBe('SEQUENCE:0');
    expect(line(ics, 'DTSTAMP')).toBe('DTSTAMP:20261120T100000Z');
    // 26.11.2026 klo 9.00 in Helsinki (winter time, UTC+2)
    expect(line(ics, 'DTSTART')).toBe('DTSTART;TZID=Europe/Helsinki:20261126T090000');
    expect(line(ics, 'DTEND')).toBe('DTEND;TZID=Europe/Helsinki:20261126T100000');
    expect(line(ics, 'LOCATION')).toBe('LOCATION:Kauppakatu 1\\, Kuopio');
    expect(line(ics, 'URL')).toBe('URL;VALUE=URI:https://perheverkko.example/fi/m/x');
    expect(line(ics, 'STATUS')).toBe('STATUS:CONFIRMED');
    expect(line(ics, 'ATTENDEE')).toBe(
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="Opettaja":MAILTO:opettaja@koulu.example',
    );
  });

  it('a cancellation says CANCEL twice: the method and the status', () => {
    const ics = buildInvitation(invitation({ method: 'CANCEL', sequence: 3 }));
    expect(ics).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(line(ics, 'STATUS')).toBe('STATUS:CANCELLED');
    expect(line(ics, 'SEQUENCE')).toBe('SEQUENCE:3');
  });

  it('lists only the attendees it is given, and no LOCATION or URL when there is none', () => {
    const ics = buildInvitation(
      invitation({ attendees: [{ email: 'perhe@koti.example' }], location: '  ', url: null }),
    );
    expect(eventLines(ics).filter((l) => l.startsWith('ATTENDEE'))).toEqual([
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="perhe@koti.example":MAILTO:perhe@koti.example',
    ]);
    expect(line(ics, 'LOCATION')).toBeUndefined();
    expect(line(ics, 'URL')).toBeUndefined();
  });

  it('takes control and bidi characters out of the texts and escapes the rest', () => {
    const ics = buildInvitation(
      invitation({
        summary: 'Tapaaminen\u202e;\u0007 tänään',
        description: 'rivi 1\r\nrivi 2, \u2066osa\u2069\u0000',
        organizer: { name: 'Alue "Pohjois-Savo"\r\nBCC: x@y.example', email: 'yhdessa-aika@alue.example' },
      }),
    );
    expect(line(ics, 'SUMMARY')).toBe('SUMMARY:Tapaaminen\\; tänään');
    expect(line(ics, 'DESCRIPTION')).toBe('DESCRIPTION:rivi 1\\nrivi 2\\, osa');
    expect(line(ics, 'ORGANIZER')).toBe(
      `ORGANIZER;CN="Alue 'Pohjois-Savo' BCC: x@y.example":mailto:yhdessa-aika@alue.example`,
    );
    const unwanted = [...ics].filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (
        (c < 0x20 && ch !== '\r' && ch !== '\n') ||
        (c >= 0x202a && c <= 0x202e) ||
        (c >= 0x2066 && c <= 0x2069)
      );
    });
    expect(unwanted).toEqual([]);
  });

  it('folds long lines at 75 octets', () => {
    const ics = buildInvitation(invitation({ description: 'Pitkä kuvaus äöå '.repeat(40) }));
    for (const l of ics.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
  });

  it('refuses what cannot be written: a bad time, UID, address or link (coded errors)', () => {
    const code = (input: Partial<InvitationInput>) => {
      try {
        buildInvitation(invitation(input));
        return 'built';
      } catch (error) {
        return error instanceof CalendarError ? error.code : String(error);
      }
    };
    expect(code({ end: new Date('2026-11-26T07:00:00Z') })).toBe('calendar.invalid_time');
    expect(code({ start: new Date(Number.NaN) })).toBe('calendar.invalid_time');
    expect(code({ sequence: -1 })).toBe('calendar.invalid_time');
    expect(code({ uid: 'two words' })).toBe('calendar.invalid_uid');
    expect(code({ uid: 'x\r\nATTENDEE:mailto:evil@example.com' })).toBe('calendar.invalid_uid');
    expect(code({ attendees: [{ email: 'a@b.example\r\nBCC:c@d.example' }] })).toBe(
      'calendar.invalid_address',
    );
    expect(code({ attendees: [{ email: 'not an address' }] })).toBe('calendar.invalid_address');
    expect(code({ url: 'javascript:alert(1)' })).toBe('calendar.invalid_address');
  });

  it('ical.js reads it: the summary, the organiser and the attendee as a client sees them', () => {
    const calendar = new ICAL.Component(ICAL.parse(buildInvitation(invitation())));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') ?? undefined);
    expect(event.summary).toBe('Yhteinen tapaaminen (Yhdessä aika)');
    expect(event.uid).toBe('meeting-1@perheverkko');
    expect(event.sequence).toBe(0);
    const [attendee] = event.attendees;
    expect(attendee?.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(attendee?.getParameter('rsvp')).toBe('TRUE');
    expect(String(attendee?.getFirstValue()).toLowerCase()).toBe('mailto:opettaja@koulu.example');
  });
});

describe('reading calendar replies', () => {
  it('a REPLY gives its UID, SEQUENCE, the attendee lowercased and the PARTSTAT', () => {
    for (const partstat of ['ACCEPTED', 'TENTATIVE', 'DECLINED'] as const) {
      expect(parseCalendarReplies(buildReply(reply({ partstat })))).toEqual([
        { uid: 'meeting-1@perheverkko', sequence: 2, attendee: 'opettaja@koulu.example', partstat },
      ]);
    }
  });

  it('a REQUEST or a CANCEL is not a reply', () => {
    expect(parseCalendarReplies(buildInvitation(invitation()))).toEqual([]);
    expect(parseCalendarReplies(buildInvitation(invitation({ method: 'CANCEL' })))).toEqual([]);
  });

  it('a reply without a METHOD, with an unknown PARTSTAT or a bad SEQUENCE gives nothing', () => {
    const ics = buildReply(reply());
    expect(parseCalendarReplies(ics.replace('METHOD:REPLY\r\n', ''))).toEqual([]);
    expect(parseCalendarReplies(ics.replace('PARTSTAT=ACCEPTED', 'PARTSTAT=DELEGATED'))).toEqual([]);
    expect(parseCalendarReplies(ics.replace('SEQUENCE:2', 'SEQUENCE:-4'))).toEqual([]);
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(parseCalendarReplies(unfolded)).toHaveLength(1);
    expect(
      parseCalendarReplies(unfolded.replace(/(ATTENDEE[^\r]*):MAILTO:[^\r]+/, '$1:MAILTO:not-an-address')),
    ).toEqual([]);
  });

  it('a reply as Outlook writes it (lowercase mailto, parameters in another order) is read', () => {
    const outlook = [
      'BEGIN:VCALENDAR',
      'METHOD:REPLY',
      'PRODID:Microsoft Exchange Server 2010',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'ATTENDEE;PARTSTAT=TENTATIVE;CN=Opettaja Olli:mailto:Olli.Opettaja@Koulu.example',
      'UID:meeting-1@perheverkko',
      'SEQUENCE:1',
      'DTSTAMP:20261121T101500Z',
      'DTSTART:20261126T070000Z',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    expect(parseCalendarReplies(outlook)).toEqual([
      {
        uid: 'meeting-1@perheverkko',
        sequence: 1,
        attendee: 'olli.opettaja@koulu.example',
        partstat: 'TENTATIVE',
      },
    ]);
  });

  it('never throws on junk', () => {
    const ics = buildReply(reply());
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat({ max: ics.length }), (junk, at) => {
        expect(Array.isArray(parseCalendarReplies(junk))).toBe(true);
        expect(Array.isArray(parseCalendarReplies(ics.slice(0, at) + junk + ics.slice(at)))).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(parseCalendarReplies('')).toEqual([]);
    expect(parseCalendarReplies(null as unknown as string)).toEqual([]);
    expect(parseCalendarReplies('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n')).toEqual([]);
    expect(parseCalendarReplies('x'.repeat(300 * 1024))).toEqual([]);
  });
});
