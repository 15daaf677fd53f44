/**
 * The texts of the contact notifications (e-mail and SMS), rendered by the outbox worker when it
 * sends. Params carry only what the text needs: the reference, the promised date, a link.
 * No message content is ever sent by e-mail or SMS: the family reads it on the status page.
 */
import type { Lang3 } from '../../platform/db/types.ts';
import type { RenderTemplate } from '../../platform/outbox.ts';
import { formatFinnishDate } from '../../platform/working-days.ts';

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
/** The closing mail asks for anonymous feedback (issue 13), on the status page's form; not in an SMS. */
const FEEDBACK_INVITE: Record<Lang3, string> = {
  fi: 'Saitko apua? Kerro meille nimettömästi, se vie minuutin:',
  sv: 'Fick du hjälp? Berätta det anonymt för oss, det tar en minut:',
  en: 'Did you get help? Tell us anonymously, it takes a minute:',
};
const feedbackInvite = (p: Params, lang: Lang3) =>
  p.sms ? '' : `\n\n${FEEDBACK_INVITE[lang]}\n${s(p.statusUrl)}#feedback`;

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
      text: `Perheneuvoja on käsitellyt yhteydenottosi. Näet vastauksen tilannesivullasi:\n${s(p.statusUrl)}${feedbackInvite(p, 'fi')}`,
    }),
    sv: (p) => ({
      subject: `Din kontakt har behandlats (${s(p.reference)})`,
      text: `Rådgivaren har behandlat din kontakt. Du ser svaret på din statussida:\n${s(p.statusUrl)}${feedbackInvite(p, 'sv')}`,
    }),
    en: (p) => ({
      subject: `Your request has been handled (${s(p.reference)})`,
      text: `The family counsellor has handled your request. See the answer on your status page:\n${s(p.statusUrl)}${feedbackInvite(p, 'en')}`,
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

// The handoff notifications (the receiving unit's, the sender's and the family's first
// appointment) are the handoffs' own: features/handoffs/notifications.ts.

export const CONTACT_TEMPLATES = Object.keys(TEMPLATES);

export const renderContactTemplate: RenderTemplate = (template, language, params) => {
  const t = TEMPLATES[template];
  if (!t) throw new Error(`unknown notification template: ${template}`);
  return t[language](params);
};
