// The administrator's population import in a real browser without JavaScript on a phone's
// width, and WCAG 2.1 AA (as far as axe-core can tell) on the page with its preview in fi, sv, en.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWcag } from '../e2e/axe.ts';
import {
  chromiumAvailable,
  LANGS,
  launchBrowser,
  newPage,
  type RunningApp,
  startApp,
} from '../e2e/browser.ts';

function statfin(year: number) {
  const lines = ['"Väestö 31.12."', '', '"Alue";"Vuosi";"Sukupuoli";"Ikä";"Väestö 31.12."'];
  for (const area of ['KOKO MAA', 'KU297 Kuopio'])
    for (let age = 0; age <= 18; age++) lines.push(`"${area}";"${year}";"Yhteensä";"${age}";${100 + age}`);
  return lines.join('\n');
}

async function adminPage(browser: Browser, app: RunningApp, javaScript: boolean): Promise<Page> {
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width: 390, height: 844 },
  });
  const res = await page.context().request.post('/api/dev/session', { data: { username: 'yllapitaja' } });
  expect(res.status()).toBe(200);
  return page;
}

describe.skipIf(!chromiumAvailable())('the child population page in a browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an administrator pastes an 11re file, previews and confirms it without JavaScript on a phone', async () => {
    const page = await adminPage(browser, app, false);
    try {
      await page.goto('/fi/staff/population');
      await page.locator('[data-qa="field-csv"]').fill(statfin(2024));
      await page.locator('[data-qa="population-preview"]').click();
      await expect(page.locator('[data-qa="population-preview-table"]').textContent()).resolves.toContain(
        'Kuopio (297)',
      );
      await page.locator('[data-qa="population-confirm"]').click();
      await expect(page.locator('[data-qa="population-saved"]').textContent()).resolves.toContain('1 uutta');
      await expect(page.locator('[data-qa="population-current"]').textContent()).resolves.toMatch(/1\s953/);
      // nothing wider than the phone
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
    } finally {
      await page.context().close();
    }
  });

  it('is WCAG 2.1 AA clean with a preview and with problems, in fi, sv and en', async () => {
    const page = await adminPage(browser, app, true);
    try {
      for (const lang of LANGS) {
        for (const csv of [statfin(2025), 'kunta;vuosi;lapset_0_17\nKuopo;2025;1\n297;2025;-1\n']) {
          await page.goto(`/${lang}/staff/population`);
          await page.locator('[data-qa="field-csv"]').fill(csv);
          await page.locator('[data-qa="population-preview"]').click();
          await page.waitForLoadState('load');
          const result = await checkWcag(page);
          expect(
            result.violations.map(
              (v) => `${lang} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
            ),
          ).toEqual([]);
        }
      }
    } finally {
      await page.context().close();
    }
  });
});
