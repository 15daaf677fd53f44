// Signing in through the real OpenID Connect flow in Chromium: the app on a real port, an
// in-process identity provider for staff and one for clients (as Suomi.fi would be).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { type Database, openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { App } from '../../src/platform/http/server.ts';
import { testAppConfig } from '../app.ts';
import { addStaffUserOfProvider, startTestProvider, type TestProvider } from '../oidc-provider.ts';
import { chromiumAvailable, launchBrowser, newPage } from './browser.ts';

const run = chromiumAvailable();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!run)('signing in through the identity providers in Chromium', () => {
  let browser: Browser;
  let database: Database;
  let app: App;
  let staffIdp: TestProvider;
  let clientIdp: TestProvider;
  let appUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    const accounts = {
      'staff-1': { name: 'Sanna Sosiaalityöntekijä' },
      'client-1': { name: 'Kalle Kansalainen', personal_identity_code: '010203A123B' },
    };
    staffIdp = await startTestProvider(accounts, appUrl, ['staff']);
    clientIdp = await startTestProvider(accounts, appUrl, ['client']);
    database = await openDatabase({ engine: 'pglite', dataDir: null });
    await migrate(database);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await addStaffUserOfProvider(database.db, {
      issuer: staffIdp.issuer,
      subject: 'staff-1',
      name: 'Sanna Sosiaalityöntekijä',
      email: null,
    });
    app = await buildApp(
      {
        ...testAppConfig,
        publicUrl: appUrl,
        oidc: {
          staff: {
            issuer: staffIdp.issuer,
            clientId: staffIdp.clientId,
            clientSecret: staffIdp.clientSecret,
          },
          client: {
            issuer: clientIdp.issuer,
            clientId: clientIdp.clientId,
            clientSecret: clientIdp.clientSecret,
          },
        },
        personalDataKey: randomBytes(32),
      },
      database,
      pino({ level: 'silent' }),
    );
    await app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
    await Promise.all([staffIdp?.close(), clientIdp?.close()]);
  });

  it('a professional signs in at the region’s provider, lands in the staff workspace, and signs out there too', async () => {
    const page = await newPage(browser);
    await page.goto(`${appUrl}/en/sign-in`);
    await page.click('[data-qa="sign-in-staff"]');
    await page.waitForURL((url) => url.href.startsWith(staffIdp.issuer));
    await page.fill('input[name="login"]', 'staff-1');
    await page.fill('input[name="password"]', 'any');
    await page.click('button[type="submit"]');
    await page.waitForURL(`${appUrl}/en/staff`);

    await page.goto(`${appUrl}/en/sign-in`);
    await expect(page.locator('[data-qa="account-name"]').textContent()).resolves.toBe(
      'Signed in: Sanna Sosiaalityöntekijä',
    );
    await page.click('[data-qa="sign-out"]');
    await page.waitForURL((url) => url.href.startsWith(`${staffIdp.issuer}/session/end`));
    // the provider asks to confirm; afterwards it sends the browser back to us
    await page.click('button[autofocus], button[type="submit"]');
    await page.waitForURL(`${appUrl}/en`);
    await expect(page.locator('[data-qa="sign-in"]').count()).resolves.toBe(1);
    await page.context().close();
  }, 60_000);

  it('a client signs in with the citizens’ provider and lands on their own page', async () => {
    const page = await newPage(browser);
    await page.goto(`${appUrl}/en/sign-in`);
    await page.click('[data-qa="sign-in-client"]');
    await page.waitForURL((url) => url.href.startsWith(clientIdp.issuer));
    await page.fill('input[name="login"]', 'client-1');
    await page.fill('input[name="password"]', 'any');
    await page.click('button[type="submit"]');
    await page.waitForURL(`${appUrl}/en/my`);
    await expect(page.locator('[data-qa="my-greeting"]').textContent()).resolves.toBe(
      'Hello Kalle Kansalainen!',
    );
    await expect(page.locator('[data-qa="my-access-log"]').getAttribute('href')).resolves.toBe(
      '/en/my/access-log',
    );
    await page.context().close();
  }, 60_000);

  it('in demo mode a demo user signs in from the sign-in page without JavaScript', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${appUrl}/fi/sign-in`);
    await page.click('[data-qa="demo-sign-in-asiakas"]');
    await page.waitForURL(`${appUrl}/fi/my`);
    await expect(page.locator('[data-qa="account-name"]').textContent()).resolves.toBe(
      'Kirjautunut: Aino Asiakas',
    );
    await page.context().close();
  }, 60_000);
});
