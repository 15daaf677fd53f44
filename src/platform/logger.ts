import pino, { type Logger } from 'pino';

/**
 * Application logs carry no personal data: request logs hold method, route and status, never
 * query strings (a search can be a family's words), bodies, cookies or headers.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'perheverkko' },
    redact: { paths: ['req.headers', 'req.query', 'req.body', 'res.headers'], remove: true },
  });
}
