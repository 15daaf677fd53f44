import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { OidcIssuerConfig } from '../config.ts';
import type { DB } from '../db/types.ts';
import { AppError } from '../errors.ts';

/** The two kinds of identity provider: the region's for staff, Suomi.fi for clients. */
export type OidcProviderKind = 'staff' | 'client';
export const OIDC_PROVIDER_KINDS: readonly OidcProviderKind[] = ['staff', 'client'];

/** The cookie that binds a sign-in in progress to the browser that started it. */
export const LOGIN_COOKIE = 'pv_login';
/** How long a user may take at the identity provider. */
export const LOGIN_MINUTES = 10;

export interface VerifiedSignIn {
  issuer: string;
  subject: string;
  /** the ID token's claims merged with the userinfo response (Suomi.fi gives most there) */
  claims: Record<string, unknown>;
  idToken: string | undefined;
  lang: string;
  returnTo: string | null;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * OpenID Connect relying party for both identity providers: authorization code flow with
 * PKCE (S256), state and nonce. The state, nonce and code verifier stay on the server (table
 * oidc_login), bound to the browser by the hash of a random HttpOnly cookie, used once:
 * a stolen callback URL is useless in another browser and the browser never holds a secret
 * it could be tricked into replaying. Discovery runs on first use and is cached, so the app
 * starts while an identity provider is down.
 */
export class OidcClients {
  private readonly discovered = new Map<OidcProviderKind, Promise<oidc.Configuration>>();

  constructor(
    private readonly issuers: Partial<Record<OidcProviderKind, OidcIssuerConfig>>,
    private readonly options: { publicUrl: string; secureCookies: boolean; allowInsecureHttp: boolean },
  ) {}

  configured(kind: OidcProviderKind): boolean {
    return this.issuers[kind] !== undefined;
  }

  redirectUri(kind: OidcProviderKind): string {
    return `${this.options.publicUrl}/auth/callback/${kind}`;
  }

  private configuration(kind: OidcProviderKind): Promise<oidc.Configuration> {
    const issuer = this.issuers[kind];
    if (!issuer) return Promise.reject(new AppError('auth.not_configured', 404));
    let found = this.discovered.get(kind);
    if (!found) {
      found = oidc.discovery(
        new URL(issuer.issuer),
        issuer.clientId,
        undefined,
        oidc.ClientSecretBasic(issuer.clientSecret),
        this.options.allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      // a failed discovery is tried again at the next sign-in
      found.catch(() => this.discovered.delete(kind));
      this.discovered.set(kind, found);
    }
    return found;
  }

  /** Starts a sign-in: remembers state, nonce and verifier, and answers the provider's URL. */
  async start(
    db: Kysely<DB>,
    reply: FastifyReply,
    kind: OidcProviderKind,
    { lang, returnTo }: { lang: string; returnTo: string | null },
    now = new Date(),
  ): Promise<string> {
    const config = await this.configuration(kind).catch(unavailable);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserToken = randomBytes(32).toString('base64url');
    await db
      .deleteFrom('oidc_login')
      .where('created_at', '<', new Date(now.getTime() - LOGIN_MINUTES * 60_000))
      .execute();
    await db
      .insertInto('oidc_login')
      .values({
        state,
        browser_hash: hash(browserToken),
        provider: kind,
        nonce,
        code_verifier: codeVerifier,
        lang,
        return_to: returnTo,
      })
      .execute();
    reply.setCookie(LOGIN_COOKIE, browserToken, {
      path: '/auth/callback',
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET, which carries it
      sameSite: 'lax',
      secure: this.options.secureCookies,
      maxAge: LOGIN_MINUTES * 60,
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(kind),
      scope: 'openid profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ui_locales: lang,
    });
    return url.href;
  }

  /**
   * Finishes a sign-in at the callback: the state must be one we issued to this browser, not
   * used and not expired; the code is exchanged with PKCE; the ID token's signature, issuer,
   * audience and nonce are checked by openid-client. Anything else is refused.
   */
  async finish(
    db: Kysely<DB>,
    request: FastifyRequest,
    reply: FastifyReply,
    kind: OidcProviderKind,
    now = new Date(),
  ): Promise<VerifiedSignIn> {
    const config = await this.configuration(kind).catch(unavailable);
    const callbackUrl = new URL(request.url, this.options.publicUrl);
    const state = callbackUrl.searchParams.get('state') ?? '';
    const browserToken = request.cookies[LOGIN_COOKIE] ?? '';
    reply.clearCookie(LOGIN_COOKIE, { path: '/auth/callback' });
    const login = state
      ? await db.deleteFrom('oidc_login').where('state', '=', state).returningAll().executeTakeFirst()
      : undefined;
    if (
      !login ||
      login.provider !== kind ||
      login.browser_hash !== hash(browserToken) ||
      new Date(login.created_at).getTime() < now.getTime() - LOGIN_MINUTES * 60_000
    ) {
      throw new AppError('auth.bad_state', 400);
    }
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: login.code_verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      let claims: Record<string, unknown> = { ...idClaims };
      if (config.serverMetadata().userinfo_endpoint) {
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...userinfo, ...idClaims };
      }
      return {
        issuer: idClaims.iss,
        subject: idClaims.sub,
        claims,
        idToken: tokens.id_token,
        lang: login.lang,
        returnTo: login.return_to,
      };
    } catch (error) {
      // The error's name and code only: messages may quote claims.
      const e = error as { name?: string; code?: string; error?: string };
      request.log.warn({ provider: kind, error: e.code ?? e.error ?? e.name }, 'sign-in refused');
      throw new AppError('auth.sign_in_failed', 400);
    }
  }

  /**
   * Where to send the browser to end the session at the identity provider too (RP-initiated
   * logout), or undefined when the provider has no end_session_endpoint. Without the ID token
   * (no PERSONAL_DATA_KEY to seal it with) the provider gets our client_id instead of the
   * id_token_hint, and may ask the user to confirm.
   */
  async endSessionUrl(
    issuer: string,
    idToken: string | undefined,
    postLogoutRedirectUri: string,
  ): Promise<string | undefined> {
    const kind = OIDC_PROVIDER_KINDS.find(
      (k) => this.issuers[k]?.issuer.replace(/\/$/, '') === issuer.replace(/\/$/, ''),
    );
    if (!kind) return undefined;
    try {
      const config = await this.configuration(kind);
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(config, {
        ...(idToken ? { id_token_hint: idToken } : {}),
        post_logout_redirect_uri: postLogoutRedirectUri,
      }).href;
    } catch {
      return undefined;
    }
  }
}

function unavailable(error: unknown): never {
  if (error instanceof AppError) throw error;
  throw new AppError('auth.provider_unavailable', 503);
}
