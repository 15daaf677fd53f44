// "Poistu sivulta nopeasti" in a real browser (issue 10, finding 1): without JavaScript a plain
// link to the neutral site; with it, the click and Esc pressed twice replace the page in the
// history, so Back does not bring it back. On the ask-for-advice, emergency and status pages.
// The neutral site is answered by the test (nothing leaves this machine).
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_EXIT_URLS } from '../../src/features/contacts/quick-exit.ts';
import { ASK_PATHS, EMERGENCY_PATHS } from '../../src/ui/Layout.tsx';
import { checkWcag } from './axe.ts';
import { chromiumAvailable, launchBrowser, newPage, type RunningApp, startApp } from './browser.ts';

const NEUTRAL = QUICK_EXIT_URLS.fi;

describe.runIf(chromiumAvailable())('the quick exit in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page whose visits to the neutral site are answered here; it notes any CSP refusal. */
  async function open(options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
    const page = await newPage(browser, options);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.context().route('https://yle.fi/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Yle</title><h1>Uutiset</h1>',
      }),
    );
    return { page, problems };
  }

  /** The status page of a young person's contact about violence at home, as sent by the form. */
  async function statusPath(): Promise<string> {
    const { page } = await open({ javaScriptEnabled: false });
    await page.goto(`${app.url}${ASK_PATHS.fi}`);
    await page.locator('#contacter-young_person').check();
    await page.locator('#safety-violence').check();
    await page.locator('#message').fill('Isä lyö meitä kotona.');
    await page.locator('#replyChannel-status_page').check();
    const loaded = page.waitForEvent('load');
    await page.locator('[data-qa="ask-send"]').click();
    await loaded;
    const path = new URL(page.url()).pathname;
    await page.context().close();
    expect(path).toMatch(/^\/fi\/tilanne\/[A-Za-z0-9_-]{43}$/);
    return path;
  }

  it('without JavaScript it is a plain link that goes to the neutral site', async () => {
    const { page } = await open({ javaScriptEnabled: false });
    await page.goto(`${app.url}${ASK_PATHS.fi}`);
    const link = page.getByRole('link', { name: 'Poistu sivulta nopeasti' });
    await expect(link.getAttribute('href')).resolves.toBe(NEUTRAL);
    await link.click();
    await page.waitForURL(NEUTRAL);
    await expect(page.locator('h1').textContent()).resolves.toBe('Uutiset');
    await page.context().close();
  });

  it('with JavaScript the click replaces the page in the history: Back does not return to it', async () => {
    const { page, problems } = await open();
    await page.goto(`${app.url}/fi`);
    await page.goto(`${app.url}${ASK_PATHS.fi}`);
    await page.getByRole('link', { name: 'Poistu sivulta nopeasti' }).click();
    await page.waitForURL(NEUTRAL);
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/fi');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Esc pressed twice leaves the emergency page the same way; once does nothing', async () => {
    const { page, problems } = await open();
    await page.goto(`${app.url}/fi`);
    await page.goto(`${app.url}${EMERGENCY_PATHS.fi}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1700);
    expect(new URL(page.url()).pathname).toBe(EMERGENCY_PATHS.fi);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(NEUTRAL);
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/fi');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the status page of a contact about violence at home has it too', async () => {
    const path = await statusPath();
    const { page, problems } = await open();
    await page.goto(`${app.url}/fi`);
    await page.goto(`${app.url}${path}`);
    const quick = page.locator('a[data-quick-exit]');
    await expect(quick.isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-qa="promise-urgent"]').isVisible()).resolves.toBe(true);
    // the button and the promise keep the page within WCAG 2.1 AA
    const { violations } = await checkWcag(page);
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(NEUTRAL);
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/fi');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
