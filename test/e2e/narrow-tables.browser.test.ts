// Issue 10, finding 17: no table runs off a phone's screen. The client's own page, their
// "who has read my data" and the data-protection officer's log, with rows in them, at 390 px in
// fi, sv and en: the page and every table fit the window (each row is a card there), and the
// pages stay WCAG 2.1 AA clean as far as axe-core can tell. At 1280 px the tables are tables.
// With SCREENSHOTS_DIR set, full-page screenshots of each are written there (390 and 1280 px).
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validContact } from '../contact-fixtures.ts';
import { checkWcag } from './axe.ts';
import { chromiumAvailable, LANGS, launchBrowser, type RunningApp, screenshot, startApp } from './browser.ts';

const PHONE = 390;
const DESKTOP = 1280;
const PAGES = [
  { who: 'asiakas', path: '/my', name: 'my' },
  { who: 'asiakas', path: '/my/access-log', name: 'my-access-log' },
  { who: 'tietosuoja', path: '/staff/access-log', name: 'dpo-access-log' },
] as const;

describe.skipIf(!chromiumAvailable())('tables on a phone', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: Record<string, BrowserContext> = {};

  /** A browser context signed in as the demo user, at the width. */
  async function signedIn(username: string, width: number) {
    const context = await browser.newContext({
      baseURL: app.url,
      viewport: { width, height: 800 },
      locale: 'fi-FI',
      timezoneId: 'Europe/Helsinki',
    });
    const res = await context.request.post('/api/dev/session', { data: { username } });
    expect(res.status(), username).toBe(200);
    return context;
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    for (const width of [PHONE, DESKTOP]) {
      for (const who of ['asiakas', 'neuvoja', 'tietosuoja'])
        contexts[`${who}-${width}`] = await signedIn(who, width);
    }
    // rows for every table: two contacts sent while signed in, read by a counsellor; a search
    const client = contexts[`asiakas-${PHONE}`] as BrowserContext;
    const counsellor = contexts[`neuvoja-${PHONE}`] as BrowserContext;
    for (const language of ['fi', 'sv']) {
      const sent = await client.request.post('/api/contacts', {
        data: validContact({ language, name: 'Aino Asiakas', phone: '040 123 4567', replyChannel: 'phone' }),
      });
      expect(sent.status(), await sent.text()).toBe(201);
    }
    const queue = await counsellor.request.get('/api/contacts/queue');
    const items = ((await queue.json()) as { items: { id: string }[] }).items;
    for (const item of items)
      expect((await counsellor.request.get(`/api/contacts/${item.id}`)).status()).toBe(200);
    await (contexts[`tietosuoja-${PHONE}`] as BrowserContext).request.get('/fi/staff/access-log?client=Aino');
  });
  afterAll(async () => {
    for (const c of Object.values(contexts)) await c.close();
    await browser?.close();
    await app?.close();
  });

  for (const lang of LANGS) {
    it(`${lang}: every table fits a ${PHONE} px screen, its rows stacked as cards, axe-clean`, async () => {
      for (const { who, path, name } of PAGES) {
        const page = await (contexts[`${who}-${PHONE}`] as BrowserContext).newPage();
        await page.goto(`/${lang}${path}`);
        const widths = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          tables: [...document.querySelectorAll('table')].map((t) => ({
            width: t.scrollWidth,
            right: t.getBoundingClientRect().right,
            rows: t.querySelectorAll('tbody tr').length,
          })),
        }));
        expect(widths.tables.length, `${path}: a table with rows`).toBeGreaterThan(0);
        expect(
          widths.tables.every((t) => t.rows > 0),
          path,
        ).toBe(true);
        expect(widths.page, `${path}: the page`).toBeLessThanOrEqual(PHONE);
        for (const t of widths.tables) {
          expect(t.width, `${path}: a table`).toBeLessThanOrEqual(PHONE);
          expect(t.right, `${path}: a table's right edge`).toBeLessThanOrEqual(PHONE);
        }
        // a stacked row shows each cell's column header as its label
        const label = await page
          .locator('table tbody td[data-label]')
          .first()
          .evaluate((td) => getComputedStyle(td, '::before').content);
        expect(label, path).not.toBe('none');
        const axe = await checkWcag(page);
        expect(
          axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
          path,
        ).toEqual([]);
        await screenshot(page, `${name}-${lang}-${PHONE}`, { fullPage: true });
        await page.close();
      }
    });

    it(`${lang}: at ${DESKTOP} px the tables are tables, their headers shown`, async () => {
      for (const { who, path, name } of PAGES) {
        const page = await (contexts[`${who}-${DESKTOP}`] as BrowserContext).newPage();
        await page.goto(`/${lang}${path}`);
        const display = await page
          .locator('table')
          .first()
          .evaluate((t) => getComputedStyle(t).display);
        expect(display, path).toBe('table');
        await expect(page.locator('table thead th').first().isVisible()).resolves.toBe(true);
        await screenshot(page, `${name}-${lang}-${DESKTOP}`, { fullPage: true });
        await page.close();
      }
    });
  }
});
