// The catalogue editor's work in a real browser without JavaScript, and WCAG 2.1 AA (as far
// as axe-core can tell) on the staff workspace pages in every language.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableUuid } from '../../src/platform/ids.ts';
import { checkWcag, describeViolations } from './axe.ts';
import { chromiumAvailable, LANGS, launchBrowser, newPage, type RunningApp, startApp } from './browser.ts';

const serviceId = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');

/** A page of a browser signed in as a demo user (the API call shares the page's cookies). */
async function signedInPage(
  browser: Browser,
  app: RunningApp,
  username: string,
  { width = 1280, javaScript = false } = {},
): Promise<Page> {
  // axe-core runs as a script in the page, so the accessibility checks need JavaScript on
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width, height: 900 },
  });
  const res = await page.context().request.post('/api/dev/session', { data: { username } });
  expect(res.status()).toBe(200);
  return page;
}

const STAFF_PAGES = {
  home: '/staff',
  services: '/staff/catalogue',
  serviceForm: `/staff/catalogue/services/${serviceId}`,
} as const;

describe.skipIf(!chromiumAvailable())('the staff workspace in a browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a catalogue editor renames a service without JavaScript; the public page and the history show it', async () => {
    const page = await signedInPage(browser, app, 'toimittaja');
    try {
      await page.goto(`/fi${STAFF_PAGES.services}?q=perheneuvola`);
      await page.locator(`a[href="/fi/staff/catalogue/services/${serviceId}"]`).click();
      await page.waitForURL(`**/fi/staff/catalogue/services/${serviceId}`);
      await page.locator('[data-qa="field-name_fi"]').fill('Perheneuvola (Kuopio), uusi nimi');
      await page.locator('[data-qa="save"]').click();
      await page.waitForURL(/done=saved/);
      await expect(page.locator('[data-qa="flash"]').textContent()).resolves.toContain('tallennettiin');
      const history = page.locator('[data-qa="version-history"] tbody tr').first();
      await expect(history.textContent()).resolves.toContain('Tiina Toimittaja');
      await page.goto(`/fi/services/${serviceId}`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Perheneuvola (Kuopio), uusi nimi');
    } finally {
      await page.context().close();
    }
  });

  it('saving a service form unchanged in a browser keeps every language of every text (HSDS record before and after)', async () => {
    // the record in each language of the HSDS API; the time of the change is all a save may change
    const record = async () => {
      const texts: string[] = [];
      for (const lang of LANGS) {
        const res = await fetch(`${app.url}/api/hsds/services/${serviceId}?lang=${lang}`);
        expect(res.status).toBe(200);
        texts.push(JSON.stringify(await res.json(), (k, v) => (k === 'last_modified' ? undefined : v)));
      }
      return texts.join('\n');
    };
    const before = await record();
    expect(before).toContain('Familjerådgivningen i Kuopio');
    for (const lang of LANGS) {
      const page = await signedInPage(browser, app, 'toimittaja');
      try {
        await page.goto(`/${lang}${STAFF_PAGES.serviceForm}`);
        await page.locator('[data-qa="save"]').click();
        await page.waitForURL(/done=saved/);
      } finally {
        await page.context().close();
      }
      expect(await record(), lang).toBe(before);
    }
  });

  for (const lang of LANGS) {
    it(`${lang}: the workspace home, the services list and a service form have no WCAG 2.1 A or AA violations`, async () => {
      const page = await signedInPage(browser, app, 'toimittaja', { javaScript: true });
      try {
        const found: Record<string, string[]> = {};
        for (const [name, path] of Object.entries(STAFF_PAGES)) {
          const res = await page.goto(`/${lang}${path}`);
          expect(res?.status(), path).toBe(200);
          const { violations, passes } = await checkWcag(page);
          expect(passes.map((p) => p.id)).toContain('color-contrast');
          if (violations.length > 0) found[name] = describeViolations(violations);
        }
        expect(found).toEqual({});
      } finally {
        await page.context().close();
      }
    });
  }

  it('the staff pages reflow to 320 CSS pixels without scrolling sideways (WCAG 1.4.10)', async () => {
    const page = await signedInPage(browser, app, 'toimittaja', { width: 320 });
    try {
      const tooWide: string[] = [];
      for (const lang of LANGS) {
        for (const path of Object.values(STAFF_PAGES)) {
          await page.goto(`/${lang}${path}`);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > 320) tooWide.push(`${lang}${path}: ${width}px`);
        }
      }
      expect(tooWide).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
