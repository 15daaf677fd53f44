import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
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
      async send({ to, subject, text }) {
        await transport.sendMail({ to, subject, text });
      },
      close: () => transport.close(),
    };
  }
  const { dir } = options;
  if (dir !== undefined) {
    const transport = createTransport({ streamTransport: true, buffer: true }, defaults);
    return {
      kind: 'files',
      async send({ to, subject, text }) {
        const info = await transport.sendMail({ to, subject, text });
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
    async send({ to, subject, text }) {
      await transport.sendMail({ to, subject, text });
    },
    close: () => transport.close(),
  };
}
