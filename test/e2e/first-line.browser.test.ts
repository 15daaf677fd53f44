// The first-line table's administration in a real browser (issue 14, part 2): an administrator
// edits a row without JavaScript and sees it saved; the table, a row's form and the form with
// its problems have no WCAG 2.1 A or AA violations (as far as axe-core can tell) in fi, sv and
// en, and reflow to 320 CSS pixels without scrolling sideways; on a desktop no topic's table is
// wider than the page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWcag, describeViolations } from './axe.ts';
import { chromiumAvailable, LANGS, launchBrowser, newPage, type RunningApp, startApp } from './browser.ts';

const TABLE = '/staff/admin/first-line';
const ROW = `${TABLE}/LAHISUHDEVAKIVALTA/parent`;

async function adminPage(browser: Browser, app: RunningApp, { width = 1280, javaScript = false } = {}) {
  // axe-core runs as a script in the page, so the accessibility checks need JavaScript on
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width, height: 900 },
  });
  const res = await page.context().request.post('/api/dev/session', { data: { username: 'yllapitaja' } });
  expect(res.status()).toBe(200);
  return page;
}

/** The row's form posted with no first help and no source: the page with its problems. */
async function showProblems(page: Page, lang: string) {
  await page.goto(`/${lang}${ROW}`);
  for (const box of await page.locator('input[name="firstHelp"]:checked').all()) await box.uncheck();
  await page.locator('textarea[name="source"]').fill('');
  await page.locator('[data-qa="first-line-save"]').click();
  await page.waitForSelector('#firstHelp-error');
}

describe.skipIf(!chromiumAvailable())('the first-line table’s administration in a browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an administrator adds a second line to a row without JavaScript and sees it in the table', async () => {
    const page = await adminPage(browser, app);
    try {
      await page.goto(`/fi${TABLE}`);
      await page.locator('[data-qa="edit-LAHISUHDEVAKIVALTA-parent"]').click();
      await page.waitForURL(`**/fi${ROW}`);
      await page.locator('[data-qa="field-secondLine-PERHENEUVOLA"]').check();
      await page.locator('[data-qa="first-line-save"]').click();
      await page.waitForURL(/done=saved/);
      await expect(page.locator('[data-qa="flash"]').textContent()).resolves.toContain('tallennettiin');
      const row = page.locator('[data-qa="first-line-LAHISUHDEVAKIVALTA"] tbody tr').last();
      await expect(row.textContent()).resolves.toContain('Kasvatus- ja perheneuvonta');
      await page.goto(`/fi${ROW}`);
      await expect(page.locator('[data-qa="first-line-changed"]').textContent()).resolves.toContain(
        'Ylermi Ylläpitäjä',
      );
    } finally {
      await page.context().close();
    }
  });

  for (const lang of LANGS) {
    it(`${lang}: ${lang === 'fi' ? 'the table, ' : ''}a row's form and its problems have no WCAG 2.1 A or AA violations`, async () => {
      const page = await adminPage(browser, app, { javaScript: true });
      try {
        const found: Record<string, string[]> = {};
        const check = async (name: string) => {
          const { violations, passes } = await checkWcag(page);
          expect(passes.map((p) => p.id)).toContain('color-contrast');
          if (violations.length > 0) found[name] = describeViolations(violations);
        };
        // the 188-row table is the same markup in every language: axe reads it once (fi), which
        // keeps CI under its 30 minutes; the row's form and its problems in every language
        const pages = lang === 'fi' ? { table: TABLE, row: ROW } : { row: ROW };
        for (const [name, path] of Object.entries(pages)) {
          const res = await page.goto(`/${lang}${path}`);
          expect(res?.status(), path).toBe(200);
          await check(name);
        }
        await showProblems(page, lang);
        await check('problems');
        expect(found).toEqual({});
      } finally {
        await page.context().close();
      }
    });
  }

  it('the pages reflow to 320 CSS pixels without scrolling sideways (WCAG 1.4.10)', async () => {
    const page = await adminPage(browser, app, { width: 320 });
    try {
      const tooWide: string[] = [];
      const measure = async (what: string) => {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) tooWide.push(`${what}: ${width}px`);
      };
      for (const lang of LANGS) {
        for (const path of [TABLE, ROW]) {
          await page.goto(`/${lang}${path}`);
          await measure(`${lang}${path}`);
        }
        await showProblems(page, lang);
        await measure(`${lang} problems`);
      }
      expect(tooWide).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('no table of the page is wider than the page on a desktop either', async () => {
    const page = await adminPage(browser, app, { width: 1280 });
    try {
      const tooWide: Record<string, string[]> = {};
      for (const lang of LANGS) {
        await page.goto(`/${lang}${TABLE}`);
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('section[data-qa^="first-line-"]')]
            .filter((s) => (s.querySelector('table')?.scrollWidth ?? 0) > s.clientWidth)
            .map((s) => s.getAttribute('data-qa') ?? ''),
        );
        if (wide.length > 0) tooWide[lang] = wide;
      }
      expect(tooWide).toEqual({});
    } finally {
      await page.context().close();
    }
  });
});
