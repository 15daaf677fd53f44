/**
 * Builds the invitations of test/calendar-mail.test.ts in a process whose clock zone is the
 * TZ it was started with, and reads them back with node-ical and ical.js. Prints one JSON
 * line: the zone the process believes it is in, and for each meeting the DTSTART/DTEND/DTSTAMP
 * lines and the instants both parsers found.
 */
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { buildInvitation } from '../src/platform/calendar.ts';

const meetings = (JSON.parse(process.argv[2] ?? '[]') as { start: string; end: string }[]).map((m) => ({
  start: new Date(m.start),
  end: new Date(m.end),
}));

function icalJsInstants(ics: string): { start: string; end: string; stamp: string } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  // the invitation's own VTIMEZONE, not a zone database: what a calendar client does
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  const stamp = vevent.getFirstPropertyValue('dtstamp') as InstanceType<typeof ICAL.Time>;
  return {
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    stamp: stamp.toJSDate().toISOString(),
  };
}

function nodeIcalInstants(ics: string): { start: string; end: string; stamp: string } {
  const parsed = nodeIcal.sync.parseICS(ics);
  const event = Object.values(parsed).find((c) => c && (c as { type?: string }).type === 'VEVENT') as
    | nodeIcal.VEvent
    | undefined;
  if (!event) throw new Error('no VEVENT');
  return {
    start: event.start.toISOString(),
    end: event.end?.toISOString() ?? '',
    stamp: event.dtstamp.toISOString(),
  };
}

const results = meetings.map(({ start, end }, index) => {
  const ics = buildInvitation({
    method: 'REQUEST',
    uid: `meeting-${index}@perheverkko`,
    sequence: 0,
    stamp: new Date('2026-03-01T12:34:56Z'),
    start,
    end,
    summary: 'Yhteinen tapaaminen (Yhdessä aika)',
    description: 'Kutsu',
    organizer: { name: 'Perheverkko', email: 'yhdessa-aika@perheverkko.invalid' },
    attendees: [{ name: 'Opettaja', email: 'opettaja@koulu.example' }],
  });
  const eventLines = ics.split('\r\n').slice(ics.split('\r\n').indexOf('BEGIN:VEVENT'));
  const line = (name: string) => eventLines.find((l) => l.startsWith(name)) ?? '';
  return {
    lines: { dtstart: line('DTSTART'), dtend: line('DTEND'), dtstamp: line('DTSTAMP') },
    nodeIcal: nodeIcalInstants(ics),
    icalJs: icalJsInstants(ics),
  };
});

process.stdout.write(
  `${JSON.stringify({
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    // minutes west of UTC on the first meeting's day: proves the zone took effect
    offset: meetings[0] ? meetings[0].start.getTimezoneOffset() : null,
    results,
  })}\n`,
);
