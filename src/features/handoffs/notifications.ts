/**
 * The texts of the handoff notifications (e-mail and SMS), rendered by the outbox worker when
 * it sends: to the receiving unit and the sender (a new handoff, an answer, the family's
 * request), and to the family (their first appointment, sent by the contact point's
 * notifyFamilyOfAppointment in the family's chosen channel). Params carry only what the text
 * needs; no free text the family or staff wrote is ever sent.
 */
import type { Lang3 } from '../../platform/db/types.ts';
import type { RenderTemplate } from '../../platform/outbox.ts';
import { formatFinnishDate } from '../../platform/working-days.ts';
import { appointmentWhen } from '../contacts/index.ts';

type Params = Record<string, unknown>;
type Template = Record<Lang3, (p: Params) => { subject: string; text: string }>;

const s = (value: unknown) => (typeof value === 'string' ? value : '');
const day = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatFinnishDate(value) : '';

const TEMPLATES: Record<string, Template> = {};

// The handoff notifications (issue 6) go to staff: the receiving unit and the sender.
const HANDOFF_STATE: Record<Lang3, Record<string, string>> = {
  fi: {
    accepted: 'hyväksytty',
    appointment_set: 'ensikäynti sovittu',
    declined: 'ei vastaanotettu',
    first_visit_held: 'ensikäynti pidetty',
    completed: 'valmis',
  },
  sv: {
    accepted: 'godkänd',
    appointment_set: 'första besöket avtalat',
    declined: 'inte mottagen',
    first_visit_held: 'första besöket hållet',
    completed: 'klar',
  },
  en: {
    accepted: 'accepted',
    appointment_set: 'first appointment set',
    declined: 'declined',
    first_visit_held: 'first visit held',
    completed: 'completed',
  },
};
TEMPLATES.handoff_requested = {
  fi: (p) => ({
    subject: `Uusi saattaen vaihtaminen: ${s(p.serviceName)}`,
    text: `Perheneuvoja on ohjannut perheen palveluunne (${s(p.serviceName)}). Vastatkaa viimeistään ${day(p.respondBy)}:\n${s(p.url)}`,
  }),
  sv: (p) => ({
    subject: `Ny överlämning: ${s(p.serviceName)}`,
    text: `En rådgivare har hänvisat en familj till er tjänst (${s(p.serviceName)}). Svara senast ${day(p.respondBy)}:\n${s(p.url)}`,
  }),
  en: (p) => ({
    subject: `New handoff: ${s(p.serviceName)}`,
    text: `A family counsellor has handed a family over to your service (${s(p.serviceName)}). Please answer by ${day(p.respondBy)}:\n${s(p.url)}`,
  }),
};
TEMPLATES.handoff_answered = {
  fi: (p) => ({
    subject: `Saattaen vaihtaminen: ${HANDOFF_STATE.fi[s(p.state)] ?? s(p.state)}`,
    text: `Vastaanottava yksikkö on vastannut saattaen vaihtamiseen (${HANDOFF_STATE.fi[s(p.state)] ?? s(p.state)}):\n${s(p.url)}`,
  }),
  sv: (p) => ({
    subject: `Överlämning: ${HANDOFF_STATE.sv[s(p.state)] ?? s(p.state)}`,
    text: `Den mottagande enheten har svarat på överlämningen (${HANDOFF_STATE.sv[s(p.state)] ?? s(p.state)}):\n${s(p.url)}`,
  }),
  en: (p) => ({
    subject: `Handoff: ${HANDOFF_STATE.en[s(p.state)] ?? s(p.state)}`,
    text: `The receiving unit has answered the handoff (${HANDOFF_STATE.en[s(p.state)] ?? s(p.state)}):\n${s(p.url)}`,
  }),
};

// The family's first appointment after a handoff (issue 10, finding 15): its own subject with
// the time and the unit, in the family's language; the calendar file is linked (the status
// page's token authorises it, as the page itself).
const when = (p: Params, lang: Lang3) => {
  const at = typeof p.appointmentAt === 'string' ? new Date(p.appointmentAt) : null;
  return at && !Number.isNaN(at.getTime()) ? appointmentWhen(lang, at) : '';
};
const unitOf = (p: Params, lang: Lang3) => {
  const name = (p.unitName ?? {}) as Partial<Record<Lang3, string>>;
  return name[lang] || name.fi || '';
};
const line = (label: string, value: unknown) => (s(value) ? `${label}: ${s(value)}\n` : '');
/** By e-mail the whole message; by SMS the subject, the place and the status page (1–2 parts). */
const appointmentMessage = (p: Params, subject: string, text: string) => ({
  subject,
  text: p.sms ? `${subject}${s(p.place) ? `. ${s(p.place)}` : ''}.\n${s(p.statusUrl)}` : text,
});
TEMPLATES.family_appointment_set = {
  fi: (p) =>
    appointmentMessage(
      p,
      `${p.moved ? 'Aika muutettu' : 'Aika sovittu'}: ${when(p, 'fi')}, ${unitOf(p, 'fi')}`,
      `Ensikäyntisi: ${when(p, 'fi')}\n${line('Paikka', p.place)}${line('Kenen luona', p.with)}Yksikkö: ${unitOf(p, 'fi')}\n${line('Puhelin', p.phone)}\nLisää aika kalenteriisi:\n${s(p.statusUrl)}/calendar.ics\n\nTilannesivullasi näet tiedot ja voit pyytää uutta aikaa tai perua ajan:\n${s(p.statusUrl)}\n\nTunnus: ${s(p.reference)}`,
    ),
  sv: (p) =>
    appointmentMessage(
      p,
      `${p.moved ? 'Tiden har ändrats' : 'Tid bokad'}: ${when(p, 'sv')}, ${unitOf(p, 'sv')}`,
      `Ditt första besök: ${when(p, 'sv')}\n${line('Plats', p.place)}${line('Hos vem', p.with)}Enhet: ${unitOf(p, 'sv')}\n${line('Telefon', p.phone)}\nLägg till tiden i din kalender:\n${s(p.statusUrl)}/calendar.ics\n\nPå din statussida ser du uppgifterna och kan be om en ny tid eller avboka tiden:\n${s(p.statusUrl)}\n\nÄrendenummer: ${s(p.reference)}`,
    ),
  en: (p) =>
    appointmentMessage(
      p,
      `${p.moved ? 'Appointment changed' : 'Appointment set'}: ${when(p, 'en')}, ${unitOf(p, 'en')}`,
      `Your first appointment: ${when(p, 'en')}\n${line('Place', p.place)}${line('With', p.with)}Unit: ${unitOf(p, 'en')}\n${line('Phone', p.phone)}\nAdd it to your calendar:\n${s(p.statusUrl)}/calendar.ics\n\nOn your status page you see the details and can ask for a new time or cancel:\n${s(p.statusUrl)}\n\nReference: ${s(p.reference)}`,
    ),
};

// A family asked, on their status page, to move or cancel the first appointment: to the
// receiving unit and the sender. What they wrote stays on the staff page, not in the e-mail.
const REQUEST_KIND: Record<Lang3, Record<string, string>> = {
  fi: { change: 'perhe pyytää uutta aikaa', cancel: 'perhe peruu ajan' },
  sv: { change: 'familjen ber om en ny tid', cancel: 'familjen avbokar tiden' },
  en: { change: 'the family asks for a new time', cancel: 'the family cancels the appointment' },
};
TEMPLATES.handoff_family_request = {
  fi: (p) => ({
    subject: `Saattaen vaihtaminen: ${REQUEST_KIND.fi[s(p.kind)] ?? ''}`,
    text: `Perhe on lähettänyt tilannesivultaan pyynnön ensikäynnistä (${REQUEST_KIND.fi[s(p.kind)] ?? ''}). Lue se ja vastaa:\n${s(p.url)}`,
  }),
  sv: (p) => ({
    subject: `Överlämning: ${REQUEST_KIND.sv[s(p.kind)] ?? ''}`,
    text: `Familjen har skickat en begäran om första besöket från sin statussida (${REQUEST_KIND.sv[s(p.kind)] ?? ''}). Läs den och svara:\n${s(p.url)}`,
  }),
  en: (p) => ({
    subject: `Handoff: ${REQUEST_KIND.en[s(p.kind)] ?? ''}`,
    text: `The family has sent a request about the first appointment from their status page (${REQUEST_KIND.en[s(p.kind)] ?? ''}). Read it and answer:\n${s(p.url)}`,
  }),
};

export const HANDOFF_TEMPLATES = Object.keys(TEMPLATES);

export const renderHandoffTemplate: RenderTemplate = (template, language, params) => {
  const t = TEMPLATES[template];
  if (!t) throw new Error(`unknown notification template: ${template}`);
  return t[language](params);
};
