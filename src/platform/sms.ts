import type { Logger } from 'pino';

/** Sends a text message; resolves once the gateway accepted it, throws otherwise. */
export interface SmsGateway {
  send(to: string, text: string): Promise<void>;
}

/**
 * Stands in for the national SMS gateway, which cannot run here: it sends nothing and logs
 * only that a message went and its length, never the number or the text.
 */
export class LoggingSmsGateway implements SmsGateway {
  constructor(private readonly logger: Logger) {}

  async send(_to: string, text: string): Promise<void> {
    this.logger.info({ length: text.length }, 'sms sent');
  }
}
