import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for every state-changing request, set in one place:
 * - a form post (urlencoded or multipart) must carry the `_csrf` token of the page it came
 *   from (synchronizer token, secret in an HttpOnly SameSite cookie). It is checked in
 *   preHandler, after the body is parsed, so no-JS forms work;
 * - an API call must be `application/json`, which a cross-site form cannot send and a
 *   cross-site script cannot send without a CORS preflight we never answer; an Origin
 *   header, when sent, must be our own.
 * Must be installed after the cookie plugin (installSessions).
 */
export async function installCsrf(app: FastifyInstance, { secureCookies }: { secureCookies: boolean }) {
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: secureCookies },
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      return fromBody ?? (request.headers['x-csrf-token'] as string | undefined) ?? '';
    },
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    if (mediaType(request.headers['content-type']) === 'application/json') {
      const origin = request.headers.origin;
      if (origin !== undefined && hostOf(origin) !== hostOf(`${request.protocol}://${request.host}`)) {
        return done(new AppError('http.csrf', 403));
      }
      return done();
    }
    app.csrfProtection(request, reply, (error?: Error) =>
      done(error ? new AppError('http.csrf', 403) : undefined),
    );
  });
}

/** The media type of a Content-Type header, without parameters; media types are case-insensitive (RFC 9110 §8.3.1). */
function mediaType(header: string | undefined): string {
  return (
    String(header ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase() ?? ''
  );
}

/** The host and port of an origin, with the scheme's default port left out; null for "null". */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The token a form puts in its hidden `_csrf` field. */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}
