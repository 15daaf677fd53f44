/**
 * An appointment's time as the family reads it, in Helsinki time whatever the server's zone:
 * "ti 8.12.2026 klo 9.00", "tis 8.12.2026 kl. 9.00", "Tue 8.12.2026 at 9.00". Shared by the
 * status page and the appointment e-mail, so both say the same.
 */
import { format, type Lang, translations } from '../../i18n/index.ts';

const helsinki = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  weekday: 'short',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function appointmentWhen(lang: Lang, at: Date): string {
  const parts = helsinki.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const t = translations(lang).familyAppointment;
  return format(t.when, {
    weekday: t.weekdaysShort[WEEKDAYS.indexOf(get('weekday'))] ?? '',
    date: `${Number(get('day'))}.${Number(get('month'))}.${get('year')}`,
    time: `${Number(get('hour'))}.${get('minute')}`,
  });
}
