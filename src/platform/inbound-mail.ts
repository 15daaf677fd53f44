import type { AddressInfo } from 'node:net';
import { type Attachment, simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { type CalendarReply, type CalendarReplyHandler, parseCalendarReplies } from './calendar.ts';

export type { CalendarReply, CalendarReplyHandler } from './calendar.ts';

/**
 * The monitored organiser address of calendar invitations. A calendar client answers an
 * invitation (METHOD:REQUEST) with a METHOD:REPLY mail to the ORGANIZER: that is the
 * MEETING_REPLY_ADDRESS, which the region's mail relay forwards to this small SMTP listener.
 * The listener takes mail for that one address only, reads the text/calendar parts (inline or
 * attached) and gives each answer to the handler the application passes in (the meetings
 * feature). It never answers a mail (no bounce loops): a message it cannot use is accepted
 * and dropped. Nothing personal is logged, only counts and error names.
 *
 * The listener speaks plain SMTP without authentication: run it on loopback or the relay's
 * network, behind the relay that does TLS, SPF/DKIM and spam filtering (docs/operations.md).
 */

/** What came of one message. */
export interface InboundResult {
  /**
   * 'handled': replies found and given to the handler (some may have failed, see `failed`);
   * 'no_sender': replies found in a mail without a From address, given to nobody (whose answer
   * it is cannot be checked against the attendee)
   */
  status: 'handled' | 'no_reply' | 'no_sender' | 'too_large' | 'unreadable';
  /** answers found (the same answer inline and attached counts once) */
  replies: number;
  /** answers whose handler threw */
  failed: number;
}

export interface HandleInboundOptions {
  /** messages larger than this are not read (bytes); default 2 MiB */
  maxBytes?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
/** how many answers one message may carry; a calendar reply has one */
const MAX_REPLIES_PER_MESSAGE = 20;

/**
 * Reads one raw message (RFC 5322) and gives each METHOD:REPLY answer in it to `handler`.
 * Never throws: junk, a REQUEST instead of a REPLY, an oversized message, a reply in a mail
 * without a From address (whose answer it is cannot be checked) give a status.
 * For the SMTP listener, a CLI or a test.
 */
export async function handleInboundMessage(
  raw: Buffer,
  handler: CalendarReplyHandler,
  options: HandleInboundOptions = {},
): Promise<InboundResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Buffer.isBuffer(raw) || raw.length > maxBytes) return { status: 'too_large', replies: 0, failed: 0 };
  let attachments: Attachment[];
  let sender: string | null;
  try {
    const parsed = await simpleParser(raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
    attachments = parsed.attachments ?? [];
    sender = fromAddress(parsed.from?.value);
  } catch {
    return { status: 'unreadable', replies: 0, failed: 0 };
  }
  const seen = new Set<string>();
  const replies: CalendarReply[] = [];
  for (const part of attachments) {
    if (!isCalendarPart(part)) continue;
    for (const reply of parseCalendarReplies(part.content.toString('utf8'))) {
      const key = `${reply.uid}\n${reply.sequence}\n${reply.attendee}\n${reply.partstat}`;
      if (seen.has(key) || replies.length >= MAX_REPLIES_PER_MESSAGE) continue;
      seen.add(key);
      replies.push({ ...reply, sender });
    }
  }
  if (replies.length === 0) return { status: 'no_reply', replies: 0, failed: 0 };
  // a handler compares the sender with the attendee: without one, any attendee could be named
  if (sender === null) return { status: 'no_sender', replies: replies.length, failed: 0 };
  let failed = 0;
  for (const reply of replies) {
    try {
      await handler(reply);
    } catch (error) {
      failed++;
      // the name only: a message could repeat the address or the meeting
      options.logger?.warn({ error: errorName(error) }, 'inbound mail: a calendar reply was not recorded');
    }
  }
  return { status: 'handled', replies: replies.length, failed };
}

export interface InboundMailOptions {
  /** the only recipient accepted (MEETING_REPLY_ADDRESS); compared without case */
  replyAddress: string;
  handler: CalendarReplyHandler;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** 0: any free port (tests) */
  port: number;
  /** default 127.0.0.1 */
  host?: string;
  /** the largest message accepted (bytes), announced as SIZE; default 2 MiB */
  maxBytes?: number;
  /** the name in the greeting; default the host name of the reply address */
  name?: string;
}

export interface InboundMailServer {
  /** the port listened on (the real one when 0 was asked) */
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the SMTP listener for calendar replies; resolves once it listens. */
export async function startInboundMail(options: InboundMailOptions): Promise<InboundMailServer> {
  const replyAddress = options.replyAddress.trim().toLowerCase();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { logger, handler } = options;
  const server = new SMTPServer({
    name: options.name ?? replyAddress.split('@')[1] ?? 'localhost',
    banner: 'calendar replies only',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    size: maxBytes,
    maxClients: 20,
    socketTimeout: 60_000,
    closeTimeout: 10_000,
    onRcptTo(address, _session, callback) {
      if (address.address.trim().toLowerCase() === replyAddress) return callback();
      callback(smtpError(550, 'No such user here'));
    },
    onData(stream, _session, callback) {
      readLimited(stream, maxBytes).then(
        async (raw) => {
          if (raw === null) {
            logger.info({ limit: maxBytes }, 'inbound mail: a message over the size limit refused');
            return callback(smtpError(552, 'Message exceeds the size limit'));
          }
          const result = await handleInboundMessage(raw, handler, { maxBytes, logger });
          logger.info(
            { status: result.status, replies: result.replies, failed: result.failed },
            'inbound mail: message read',
          );
          // accepted even when nothing in it was usable: a refusal would bounce to the sender
          callback();
        },
        (error: unknown) => {
          logger.warn({ error: errorName(error) }, 'inbound mail: the message could not be read');
          callback(smtpError(451, 'Try again later'));
        },
      );
    },
  });
  server.on('error', (error) => logger.warn({ error: errorName(error) }, 'inbound mail: server error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The message's bytes, or null when it grew past the limit (the rest is read and dropped). */
function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) over = true;
      if (!over) chunks.push(chunk);
    });
    stream.on('end', () => resolve(over || stream.sizeExceeded ? null : Buffer.concat(chunks, size)));
    stream.on('error', reject);
  });
}

const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics', 'text/x-vcalendar']);

function isCalendarPart(part: Attachment): boolean {
  if (part.content.length === 0) return false;
  if (CALENDAR_TYPES.has(part.contentType.toLowerCase())) return true;
  return typeof part.filename === 'string' && /\.ics$/i.test(part.filename);
}

function fromAddress(value: { address?: string }[] | undefined): string | null {
  const address = value?.[0]?.address?.trim().toLowerCase();
  return address ? address : null;
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return typeof error;
}
