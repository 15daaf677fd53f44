import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { LANGS, type Lang } from '../../i18n/index.ts';
import { Refusal } from '../../platform/access/index.ts';
import type { ClientActor } from '../../platform/auth/actor.ts';
import type { OidcClients } from '../../platform/auth/oidc.ts';
import { openSealedText, type PersonalDataKeys, sealText } from '../../platform/auth/personal-data.ts';
import {
  clearSessionCookie,
  createSession,
  deleteSession,
  type NewSession,
  type SessionPolicy,
  sessionToken,
  setSessionCookie,
} from '../../platform/auth/session.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { renderPage } from '../../ui/Layout.tsx';
import type { MyContact } from '../contacts/index.ts';
import { demoSessionSubject, listDemoUsers } from './demo.ts';
import { MyPage } from './pages/MyPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { activeStaffUserOf, safeReturnPath, upsertClient } from './sign-in.ts';

const demoUser = z.object({
  username: z.string(),
  kind: z.enum(['staff', 'client']),
  name: z.string(),
  organization: z.string().nullable(),
  region: z.string(),
  roles: z.array(z.string()),
});

/**
 * Demo mode only (never registered with NODE_ENV=production): the demo users, and signing
 * one in without an identity provider.
 */
export async function devRoutes(
  app: FastifyInstance,
  { db, policy }: { db: Kysely<DB>; policy: SessionPolicy },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/dev/users',
    {
      schema: {
        summary: 'Demo mode: the demo users and their roles',
        tags: ['Demo mode'],
        response: { 200: z.array(demoUser) },
      },
    },
    async () => listDemoUsers(db),
  );
  typed.post(
    '/api/dev/session',
    {
      config: { rateLimit: app.rateLimits.signIn },
      schema: {
        summary: 'Demo mode: sign a demo user in (sets the session cookie)',
        tags: ['Demo mode'],
        body: z.object({ username: z.string().min(1).max(60) }),
        response: { 200: z.object({ username: z.string(), kind: z.enum(['staff', 'client']) }) },
      },
    },
    async (request, reply) => {
      const subject = await demoSessionSubject(db, request.body.username);
      if (!subject) throw new AppError('auth.unknown_demo_user', 404, { username: request.body.username });
      await startSession(db, policy, request, reply, subject);
      return { username: request.body.username, kind: subject.kind };
    },
  );
}

/**
 * A new session with a new random id at every sign-in; the browser's previous session, if
 * any, is removed (no session fixation, no session left behind).
 */
async function startSession(
  db: Kysely<DB>,
  policy: SessionPolicy,
  request: FastifyRequest,
  reply: FastifyReply,
  session: NewSession,
) {
  const previous = sessionToken(request);
  if (previous) await deleteSession(db, previous);
  setSessionCookie(reply, await createSession(db, session), policy);
}

/** Where a new session lands: the page that asked for sign-in, else the staff or client home. */
const landing = (kind: 'staff' | 'client', lang: Lang, returnTo: string | null) =>
  returnTo ?? (kind === 'staff' ? `/${lang}/staff` : `/${lang}/my`);

const langParam = z.object({ lang: z.enum(LANGS) });
const provider = z.enum(['staff', 'client']);

export interface IdentityOptions {
  db: Kysely<DB>;
  policy: SessionPolicy;
  oidc: OidcClients;
  demoMode: boolean;
  /** the region clients belong to (its code) */
  clientRegion: string;
  personalDataKeys: PersonalDataKeys | undefined;
  publicUrl: string;
  /** the signed-in client's own contacts, for their page (features/contacts, through the door) */
  myContacts?: (actor: ClientActor) => Promise<MyContact[]>;
  /** how many consents a worker recorded wait for the client's confirmation (features/consent) */
  consentsToConfirm?: (actor: ClientActor) => Promise<number>;
}

/** Signing in (identity providers; demo users in demo mode), signing out, the client's home. */
export async function identityRoutes(app: FastifyInstance, options: IdentityOptions) {
  const { db, policy, oidc } = options;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const hidden = { hide: true };

  typed.get(
    '/:lang/sign-in',
    { schema: { ...hidden, params: langParam, querystring: z.object({ next: z.string().optional() }) } },
    async (request, reply) => {
      const { lang } = request.params;
      const html = renderPage(
        createElement(SignInPage, {
          lang,
          actor: request.actor,
          csrfToken: csrfToken(reply),
          providers: { staff: oidc.configured('staff'), client: oidc.configured('client') },
          demoUsers: options.demoMode ? await listDemoUsers(db) : null,
          next: safeReturnPath(request.query.next),
        }),
      );
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  if (options.demoMode) {
    typed.post(
      '/:lang/sign-in/demo',
      {
        config: { rateLimit: app.rateLimits.signIn },
        schema: {
          ...hidden,
          params: langParam,
          body: z.object({
            _csrf: z.string().optional(),
            username: z.string().min(1).max(60),
            next: z.string().optional(),
          }),
        },
      },
      async (request, reply) => {
        const { lang } = request.params;
        const next = safeReturnPath(request.body.next); // before anything is written
        const subject = await demoSessionSubject(db, request.body.username);
        if (!subject) throw new AppError('auth.unknown_demo_user', 404, { username: request.body.username });
        await startSession(db, policy, request, reply, subject);
        return reply.redirect(landing(subject.kind, lang, next), 303);
      },
    );
  }

  typed.get(
    '/auth/:provider/login',
    {
      config: { rateLimit: app.rateLimits.signIn },
      schema: {
        ...hidden,
        params: z.object({ provider }),
        querystring: z.object({ lang: z.enum(LANGS).default('fi'), next: z.string().optional() }),
      },
    },
    async (request, reply) => {
      const url = await oidc.start(db, reply, request.params.provider, {
        lang: request.query.lang,
        returnTo: safeReturnPath(request.query.next),
      });
      return reply.redirect(url, 302);
    },
  );

  typed.get(
    '/auth/callback/:provider',
    { config: { rateLimit: app.rateLimits.signIn }, schema: { ...hidden, params: z.object({ provider }) } },
    async (request, reply) => {
      const kind = request.params.provider;
      const signIn = await oidc.finish(db, request, reply, kind);
      const lang: Lang = (LANGS as readonly string[]).includes(signIn.lang) ? (signIn.lang as Lang) : 'fi';
      // the ID token only sealed (it may carry the personal identity code), and only with a key
      const keys = options.personalDataKeys;
      const common = {
        idTokenSealed: signIn.idToken && keys ? sealText(keys, signIn.idToken) : undefined,
        issuer: signIn.issuer,
      };
      if (kind === 'staff') {
        const staffUserId = await activeStaffUserOf(db, signIn.issuer, signIn.subject);
        if (!staffUserId) throw new AppError('auth.unknown_staff', 403);
        await startSession(db, policy, request, reply, { kind, staffUserId, ...common });
      } else {
        const clientId = await upsertClient(
          db,
          {
            issuer: signIn.issuer,
            subject: signIn.subject,
            claims: signIn.claims,
            regionCode: options.clientRegion,
          },
          options.personalDataKeys,
        );
        await startSession(db, policy, request, reply, { kind, clientId, ...common });
      }
      // checked again: a sign-in started before this check was made may hold any value
      return reply.redirect(landing(kind, lang, safeReturnPath(signIn.returnTo)), 302);
    },
  );

  typed.post(
    '/auth/sign-out',
    {
      config: { rateLimit: app.rateLimits.signIn },
      schema: {
        ...hidden,
        body: z.object({ _csrf: z.string().optional(), lang: z.enum(LANGS).default('fi') }),
      },
    },
    async (request, reply) => {
      const { lang } = request.body;
      const token = sessionToken(request);
      const ended = token ? await deleteSession(db, token) : undefined;
      clearSessionCookie(reply, policy);
      // RP-initiated logout: end the identity provider's session too, then come back here.
      const keys = options.personalDataKeys;
      const idToken = ended?.idTokenSealed && keys ? openSealedText(keys, ended.idTokenSealed) : undefined;
      const providerLogout = ended?.issuer
        ? await oidc.endSessionUrl(ended.issuer, idToken, `${options.publicUrl}/${lang}`)
        : undefined;
      return reply.redirect(providerLogout ?? `/${lang}`, 303);
    },
  );

  typed.get('/:lang/my', { schema: { ...hidden, params: langParam } }, async (request, reply) => {
    const { lang } = request.params;
    const actor = request.actor;
    if (actor.kind === 'anonymous') {
      return reply.redirect(`/${lang}/sign-in?next=${encodeURIComponent(`/${lang}/my`)}`, 302);
    }
    if (actor.kind !== 'client') throw new Refusal('not_client');
    const contacts = options.myContacts ? await options.myContacts(actor) : [];
    const toConfirm = options.consentsToConfirm ? await options.consentsToConfirm(actor) : 0;
    return reply
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(
        renderPage(createElement(MyPage, { lang, actor, contacts, toConfirm, csrfToken: csrfToken(reply) })),
      );
  });
}
