import { randomUUID } from 'node:crypto';
// An OpenID Connect provider in this process (oidc-provider) on 127.0.0.1, with a test client
// and accounts, and a small "user at the provider" that signs in through its login form.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import Provider, { type Context } from 'oidc-provider';
import type { DB } from '../src/platform/db/types.ts';

export interface TestAccount {
  name: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  personal_identity_code?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the provider itself, for tests that look inside */
  provider: Provider;
  close(): Promise<void>;
}

/**
 * A provider that accepts any password for the accounts given (devInteractions' login form),
 * grants "openid profile" without a consent screen, requires PKCE, and offers RP-initiated
 * logout. `appUrl` is where the app under test lives (its redirect URIs).
 */
export async function startTestProvider(
  accounts: Record<string, TestAccount>,
  appUrl: string,
  kinds: ('staff' | 'client')[] = ['staff', 'client'],
  /** idTokenClaims: put the profile claims (name, e-mail, personal identity code) in the ID token too */
  { idTokenClaims = false }: { idTokenClaims?: boolean } = {},
): Promise<TestProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'perheverkko-test';
  const clientSecret = 'a-test-secret-that-is-long-enough-for-hs256';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: kinds.map((k) => `${appUrl}/auth/callback/${k}`),
        post_logout_redirect_uris: ['fi', 'sv', 'en'].map((l) => `${appUrl}/${l}`),
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'email', 'personal_identity_code'],
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    // false: the ID token carries the claims of the scopes too, as some providers' tokens do
    conformIdTokenClaims: !idTokenClaims,
    cookies: { keys: ['test-cookie-key'] },
    async findAccount(_ctx: Context, id: string) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    // no consent screen: the test client is a first-party application
    async loadExistingGrant(ctx: Context) {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grantId = ctx.oidc.session?.grantIdFor(clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope('openid profile');
      grant.addOIDCClaims(['name', 'given_name', 'family_name', 'email', 'personal_identity_code']);
      await grant.save();
      return grant;
    },
  });
  handler = provider.callback() as typeof handler;
  return {
    issuer,
    clientId,
    clientSecret,
    provider,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A browser at the provider without a real browser: follows redirects with its own cookies,
 * fills in the login form, and stops at the first redirect back to the app.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  appUrl: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    keep(res);
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      if (url.href.startsWith(appUrl)) return url;
      continue;
    }
    const html = await res.text();
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!action || !html.includes('name="login"')) {
      throw new Error(`unexpected page at the provider (${res.status}): ${html.slice(0, 300)}`);
    }
    url = new URL(action.replace(/&amp;/g, '&'), url);
    body = new URLSearchParams({ prompt: 'login', login, password: 'any' });
  }
  throw new Error('too many redirects at the provider');
}

/**
 * A staff user of the identity provider, working where the demo counsellor works (the demo
 * users must be seeded): what an administrator adds before a person can sign in.
 */
export async function addStaffUserOfProvider(
  db: Kysely<DB>,
  user: { issuer: string; subject: string; name: string; email: string | null },
): Promise<void> {
  const home = await db
    .selectFrom('staff_user')
    .select(['region_id', 'organization_id'])
    .where('subject', '=', 'neuvoja')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('staff_user')
    .values({
      id: randomUUID(),
      region_id: home.region_id,
      issuer: user.issuer,
      subject: user.subject,
      name: user.name,
      email: user.email,
      organization_id: home.organization_id,
      unit_id: null,
    })
    .execute();
}
