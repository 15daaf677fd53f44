/**
 * The texts of the contact notifications (e-mail and SMS), rendered by the outbox worker when it
 * sends. Params carry only what the text needs: the reference, the promised date, a link.
 * No message content is ever sent by e-mail or SMS: the family reads it on the status page.
 */
import type { Lang3 } from '../../platform/db/types.ts';
import type { RenderTemplate } from '../../platform/outbox.ts';
import { formatFinnishDate } from '../../platform/working-days.ts';
import { appointmentWhen } from './appointment-text.ts';

type Params = Record<string, unknown>;
type Template = Record<Lang3, (p: Params) => { subject: string; text: string }>;

const s = (value: unknown) => (typeof value === 'string' ? value : '');
const day = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatFinnishDate(value) : '';
/** An emergency's receipt says first that the service cannot answer at once (issue 10, finding 1). */
const NOT_AT_ONCE: Record<Lang3, string> = {
  fi: 'Tämä palvelu ei voi vastata heti. Jos joku on vaarassa juuri nyt, soita 112.\n\n',
  sv: 'Den här tjänsten kan inte svara genast. Om någon är i fara just nu, ring 112.\n\n',
  en: 'This service cannot answer at once. If someone is in danger right now, call 112.\n\n',
};
const notAtOnce = (p: Params, lang: Lang3) => (p.urgency === 'emergency' ? NOT_AT_ONCE[lang] : '');

const TEMPLATES: Record<string, Template> = {
  contact_received: {
    fi: (p) => ({
      subject: `Yhteydenottosi on vastaanotettu (${s(p.reference)})`,
      text: `Kiitos yhteydenotostasi. Tunnus: ${s(p.reference)}.\n\n${notAtOnce(p, 'fi')}Perheneuvoja vastaa viimeistään ${day(p.respondBy)}.\nNäet tilanteen ja voit viestiä neuvojan kanssa tilannesivullasi:\n${s(p.statusUrl)}\n\nPidä linkki itselläsi: sen avulla kuka tahansa voi lukea viestisi.\n\nHätätilanteessa soita 112.`,
    }),
    sv: (p) => ({
      subject: `Din kontakt har tagits emot (${s(p.reference)})`,
      text: `Tack för din kontakt. Referens: ${s(p.reference)}.\n\n${notAtOnce(p, 'sv')}En rådgivare svarar senast ${day(p.respondBy)}.\nPå din statussida ser du läget och kan skicka meddelanden till rådgivaren:\n${s(p.statusUrl)}\n\nHåll länken för dig själv: med den kan vem som helst läsa dina meddelanden.\n\nI en nödsituation, ring 112.`,
    }),
    en: (p) => ({
      subject: `Your request has been received (${s(p.reference)})`,
      text: `Thank you for contacting us. Reference: ${s(p.reference)}.\n\n${notAtOnce(p, 'en')}A family counsellor will answer by ${day(p.respondBy)} at the latest.\nOn your status page you can follow your request and exchange messages with the counsellor:\n${s(p.statusUrl)}\n\nKeep the link to yourself: anyone with it can read your messages.\n\nIn an emergency, call 112.`,
    }),
  },
  family_new_message: {
    fi: (p) => ({
      subject: `Uusi viesti perheneuvojalta (${s(p.reference)})`,
      text: `Sinulle on uusi viesti. Lue se tilannesivullasi:\n${s(p.statusUrl)}`,
    }),
    sv: (p) => ({
      subject: `Nytt meddelande från rådgivaren (${s(p.reference)})`,
      text: `Du har ett nytt meddelande. Läs det på din statussida:\n${s(p.statusUrl)}`,
    }),
    en: (p) => ({
      subject: `New message from the family counsellor (${s(p.reference)})`,
      text: `You have a new message. Read it on your status page:\n${s(p.statusUrl)}`,
    }),
  },
  family_closed: {
    fi: (p) => ({
      subject: `Yhteydenottosi on käsitelty (${s(p.reference)})`,
      text: `Perheneuvoja on käsitellyt yhteydenottosi. Näet vastauksen tilannesivullasi:\n${s(p.statusUrl)}`,
    }),
    sv: (p) => ({
      subject: `Din kontakt har behandlats (${s(p.reference)})`,
      text: `Rådgivaren har behandlat din kontakt. Du ser svaret på din statussida:\n${s(p.statusUrl)}`,
    }),
    en: (p) => ({
      subject: `Your request has been handled (${s(p.reference)})`,
      text: `The family counsellor has handled your request. See the answer on your status page:\n${s(p.statusUrl)}`,
    }),
  },
  staff_assigned: {
    fi: (p) => ({
      subject: `Sinulle on annettu yhteydenotto ${s(p.reference)}`,
      text: `Yhteydenotto ${s(p.reference)} on annettu sinulle:\n${s(p.contactUrl)}`,
    }),
    sv: (p) => ({
      subject: `Du har tilldelats kontakten ${s(p.reference)}`,
      text: `Kontakten ${s(p.reference)} har tilldelats dig:\n${s(p.contactUrl)}`,
    }),
    en: (p) => ({
      subject: `Contact ${s(p.reference)} has been assigned to you`,
      text: `Contact ${s(p.reference)} has been assigned to you:\n${s(p.contactUrl)}`,
    }),
  },
  staff_new_message: {
    fi: (p) => ({
      subject: `Uusi viesti yhteydenottoon ${s(p.reference)}`,
      text: `Perhe on kirjoittanut uuden viestin:\n${s(p.contactUrl)}`,
    }),
    sv: (p) => ({
      subject: `Nytt meddelande i kontakten ${s(p.reference)}`,
      text: `Familjen har skrivit ett nytt meddelande:\n${s(p.contactUrl)}`,
    }),
    en: (p) => ({
      subject: `New message on contact ${s(p.reference)}`,
      text: `The family has written a new message:\n${s(p.contactUrl)}`,
    }),
  },
};

// The duty alert (issue 10, finding 1): to the counsellor on duty, by e-mail and SMS, at once.
// Short enough for one SMS; only the reference and the link, nothing of the family.
const emergency = (p: Params) => p.urgency === 'emergency';
TEMPLATES.duty_alert = {
  fi: (p) => ({
    subject: `${emergency(p) ? 'HÄTÄTILANNE' : 'KIIREELLINEN'}: yhteydenotto ${s(p.reference)}`,
    text: `${emergency(p) ? 'HÄTÄTILANNE' : 'KIIREELLINEN'}: uusi yhteydenotto ${s(p.reference)} jonossa. Avaa heti:\n${s(p.contactUrl)}`,
  }),
  sv: (p) => ({
    subject: `${emergency(p) ? 'NÖDSITUATION' : 'BRÅDSKANDE'}: kontakt ${s(p.reference)}`,
    text: `${emergency(p) ? 'NÖDSITUATION' : 'BRÅDSKANDE'}: ny kontakt ${s(p.reference)} i kön. Öppna genast:\n${s(p.contactUrl)}`,
  }),
  en: (p) => ({
    subject: `${emergency(p) ? 'EMERGENCY' : 'URGENT'}: contact ${s(p.reference)}`,
    text: `${emergency(p) ? 'EMERGENCY' : 'URGENT'}: new contact ${s(p.reference)} in the queue. Open it now:\n${s(p.contactUrl)}`,
  }),
};

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

export const CONTACT_TEMPLATES = Object.keys(TEMPLATES);

export const renderContactTemplate: RenderTemplate = (template, language, params) => {
  const t = TEMPLATES[template];
  if (!t) throw new Error(`unknown notification template: ${template}`);
  return t[language](params);
};
