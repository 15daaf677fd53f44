/**
 * The meetings' mail (the outbox templates this feature owns, and putting them in the outbox):
 * - meeting.poll: "which of these times suit you?" with the participant's private link;
 * - meeting.invitation: the calendar invitation (METHOD:REQUEST, the .ics), also for a change
 *   (same UID, a higher SEQUENCE) and for a participant added after the invitations;
 * - meeting.cancellation: METHOD:CANCEL, to those invited (and to one removed after the
 *   invitations).
 * Every mail is one participant's own: neutral to other organisations ("Yhteinen tapaaminen
 * (Yhdessä aika)", the time, the place, the organiser's name and organisation, the link),
 * never the family's name, the contact's topics or reason, nor anyone else's address: each
 * .ics lists only its recipient as the attendee. The family's own mail is the same kind.
 * A mail with a link gets a new private link (the token is kept only in the message): the
 * newest mail's link is the one that opens the poll.
 */
import { format, type Lang, translations } from '../../i18n/index.ts';
import { buildInvitation } from '../../platform/calendar.ts';
import type { Lang3, LocalizedText } from '../../platform/db/types.ts';
import { enqueue, type RenderTemplate } from '../../platform/outbox.ts';
import { appointmentWhen } from '../contacts/index.ts';
import { pollPath } from './poll.ts';
import type { ParticipantRow } from './queries/core.ts';

export const MEETING_TEMPLATES = ['meeting.poll', 'meeting.invitation', 'meeting.cancellation'] as const;

/** The meeting as every mail of it says it: nothing about the family. */
export interface MailMeeting {
  uid: string;
  sequence: number;
  startsAt: Date | null;
  endsAt: Date | null;
  placeKind: 'address' | 'remote' | null;
  address: string | null;
  remoteUrl: string | null;
  /** the organisation in every language it has: each participant reads their own */
  organizer: { name: string; organization: LocalizedText };
  /** the address calendar replies go to (MEETING_REPLY_ADDRESS) */
  replyAddress: string;
}

/** What the outbox keeps of a mail (rendered when it is sent). */
interface MailParams extends Record<string, unknown> {
  name: string;
  email: string;
  link: string | null;
  uid: string;
  sequence: number;
  stamp: string;
  startsAt: string | null;
  endsAt: string | null;
  placeKind: 'address' | 'remote' | null;
  address: string | null;
  remoteUrl: string | null;
  organizer: string;
  /** a name in each language (an older row: one string) */
  organization: LocalizedText | string;
  replyAddress: string;
  update: boolean;
}

type Trx = Parameters<typeof enqueue>[0];

/**
 * Puts one participant's mail in the outbox (in the caller's transaction), with their own
 * lasting private link (a cancellation has none). A participant without e-mail gets nothing,
 * nor one whose address is the organiser address.
 */
export async function enqueueMeetingMail(
  trx: Trx,
  template: (typeof MEETING_TEMPLATES)[number],
  meeting: MailMeeting,
  participant: Pick<ParticipantRow, 'id' | 'name' | 'email' | 'language'>,
  publicUrl: string,
  now: Date,
  options: { update?: boolean; token?: string | null } = {},
): Promise<void> {
  if (!participant.email) return;
  // never to the organiser address itself (a family may have typed it as its own): the mail
  // would only reach the reply listener
  if (participant.email.trim().toLowerCase() === meeting.replyAddress.trim().toLowerCase()) return;
  let link: string | null = null;
  if (template !== 'meeting.cancellation') {
    // the participant's own lasting link (meetings.ts makes it)
    const token = options.token;
    if (!token) throw new Error('a meeting mail with a link needs the participant’s token');
    link = `${publicUrl}${pollPath(participant.language, token)}`;
  }
  const params: MailParams = {
    name: participant.name,
    email: participant.email,
    link,
    uid: meeting.uid,
    sequence: meeting.sequence,
    stamp: now.toISOString(),
    startsAt: meeting.startsAt?.toISOString() ?? null,
    endsAt: meeting.endsAt?.toISOString() ?? null,
    placeKind: meeting.placeKind,
    address: meeting.address,
    remoteUrl: meeting.remoteUrl,
    organizer: meeting.organizer.name,
    organization: meeting.organizer.organization,
    replyAddress: meeting.replyAddress,
    update: options.update === true,
  };
  await enqueue(trx, {
    channel: 'email',
    recipient: participant.email,
    template,
    language: participant.language,
    params,
  });
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The place as a line of text: the address, or the remote link. */
function placeText(lang: Lang, p: MailParams): string {
  if (p.placeKind === 'address' && p.address) return p.address;
  if (p.placeKind === 'remote' && p.remoteUrl)
    return `${translations(lang).meetings.poll.remote}: ${p.remoteUrl}`;
  return translations(lang).meetings.poll.notDecided;
}

/** The HTML part: the same text as paragraphs, the link as a link. */
function htmlOf(text: string, link: string | null, linkText: string, lang: Lang): string {
  const paragraphs = text
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const button = link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(linkText)}</a></p>` : '';
  return `<!doctype html><html lang="${lang}"><body>${paragraphs}${button}</body></html>`;
}

export const renderMeetingTemplate: RenderTemplate = (template, language: Lang3, raw) => {
  const lang: Lang = language;
  const p = raw as MailParams;
  const t = translations(lang).meetings;
  const organization =
    typeof p.organization === 'string' ? p.organization : p.organization[lang] || p.organization.fi;
  const base = { name: p.name, organizer: p.organizer, organization, link: p.link ?? '' };
  if (template === 'meeting.poll') {
    const text = format(t.mail.pollText, base);
    return { subject: t.mail.pollSubject, text, html: htmlOf(text, p.link, t.mail.pollLink, lang) };
  }
  if (template !== 'meeting.invitation' && template !== 'meeting.cancellation')
    throw new Error(`unknown notification template: ${template}`);
  if (!p.startsAt || !p.endsAt) throw new Error(`${template} without a time`);
  const start = new Date(p.startsAt);
  const end = new Date(p.endsAt);
  const time = appointmentWhen(lang, start);
  const cancel = template === 'meeting.cancellation';
  const place = placeText(lang, p);
  const text = cancel
    ? format(t.mail.cancelText, { ...base, time })
    : format(t.mail.inviteText, { ...base, time, place });
  const subject = format(
    cancel ? t.mail.cancelSubject : p.update ? t.mail.updateSubject : t.mail.inviteSubject,
    {
      time,
    },
  );
  const calendar = buildInvitation({
    method: cancel ? 'CANCEL' : 'REQUEST',
    uid: p.uid,
    sequence: p.sequence,
    stamp: new Date(p.stamp),
    start,
    end,
    summary: t.neutralTitle,
    description: cancel
      ? format(t.mail.cancelText, { ...base, time })
          .split('\n\n')
          .slice(1)
          .join('\n')
      : format(t.mail.description, base),
    location: p.placeKind === 'address' ? p.address : p.placeKind === 'remote' ? p.remoteUrl : null,
    url: p.placeKind === 'remote' ? p.remoteUrl : null,
    organizer: { name: p.organizer, email: p.replyAddress },
    // only the recipient: no one sees the others' addresses, the family is never listed
    attendees: [{ name: p.name, email: p.email }],
  });
  return {
    subject,
    text,
    html: htmlOf(text, cancel ? null : p.link, t.mail.answerLink, lang),
    calendar: { method: cancel ? 'CANCEL' : 'REQUEST', content: calendar },
  };
};
