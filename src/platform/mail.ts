import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, type SendMailOptions } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** the same content as HTML; the text stays the plain alternative */
  html?: string;
  /**
   * A calendar invitation or cancellation (platform/calendar.ts): sent as the third
   * alternative (text/calendar; method=…) and as the attachment invite.ics, so that calendar
   * clients show it as an invitation and others still can import it.
   */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

export interface Mailer {
  /** 'smtp': sent to the server; 'files': written as .eml files; 'none': dropped */
  readonly kind: 'smtp' | 'files' | 'none';
  /** Resolves once the server accepted the message (or the file is written); throws otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** smtp:// or smtps://[user:pass@]host[:port] */
  smtpUrl?: string;
  /** the From of every message: 'Perheverkko <no-reply@…>' */
  from: string;
  /** without smtpUrl: the folder the messages are written to as .eml files (demo mode) */
  dir?: string;
}

/**
 * Time limits of one SMTP delivery, kept short so that a batch of the outbox worker finishes
 * well within its claim on the rows (platform/outbox.ts). nodemailer's defaults wait up to
 * 10 minutes for a silent server.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 45_000 };

/**
 * E-mail through nodemailer: to the SMTP server of `smtpUrl`; without one, each message is
 * written into `dir` as an .eml file (so demo mode shows what would be sent), or dropped when
 * there is no `dir` either.
 */
export function createMailer(options: MailerOptions): Mailer {
  const defaults = { from: options.from };
  if (options.smtpUrl) {
    const transport = createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS }, defaults);
    return {
      kind: 'smtp',
      async send(message) {
        await transport.sendMail(mailOptions(message));
      },
      close: () => transport.close(),
    };
  }
  const { dir } = options;
  if (dir !== undefined) {
    const transport = createTransport({ streamTransport: true, buffer: true }, defaults);
    return {
      kind: 'files',
      async send(message) {
        const info = await transport.sendMail(mailOptions(message));
        mkdirSync(dir, { recursive: true });
        // the name tells when, never to whom
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
        writeFileSync(join(dir, name), info.message as Buffer);
      },
      close: () => transport.close(),
    };
  }
  const transport = createTransport({ jsonTransport: true }, defaults);
  return {
    kind: 'none',
    async send(message) {
      await transport.sendMail(mailOptions(message));
    },
    close: () => transport.close(),
  };
}

/**
 * nodemailer's options of one message. With a calendar, `icalEvent` makes the structure that
 * Outlook, Google and Apple calendars read as an invitation: multipart/mixed of
 * multipart/alternative (text/plain, text/html, text/calendar; method=REQUEST|CANCEL) and the
 * same calendar as the attachment invite.ics (application/ics); test/calendar-mail.test.ts checks it.
 */
export function mailOptions({ to, subject, text, html, calendar }: MailMessage): SendMailOptions {
  const options: SendMailOptions = { to, subject, text };
  if (html !== undefined) options.html = html;
  if (calendar) {
    options.icalEvent = { method: calendar.method, filename: 'invite.ics', content: calendar.content };
  }
  return options;
}
