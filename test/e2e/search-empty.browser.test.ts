// Issue 14: a search that finds nothing is no dead end. In Chromium, the list page of a search
// that matches nothing offers "Pyydä neuvoa" (sv "Be om råd", en "Ask for advice") as a link to
// the contact form and every topic as a search of its own, in fi, sv and en, at 390 and 1280 px;
// axe-core finds no WCAG 2.1 A or AA violation. Full-page screenshots go where
// test/e2e/screenshots.ts writes its own (./screenshots/), or to SCREENSHOTS_DIR.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translations } from '../../src/i18n/index.ts';
import { ASK_PATHS } from '../../src/ui/Layout.tsx';
import { checkWcag, describeViolations } from './axe.ts';
import {
  chromiumAvailable,
  LANGS,
  launchBrowser,
  newPage,
  type RunningApp,
  screenshot,
  startApp,
} from './browser.ts';

const WIDTHS = [390, 1280];
/** Typed by someone, matches nothing in any language. */
const NOTHING = 'zqxjvw';

describe.skipIf(!chromiumAvailable())('a search that finds nothing, in a browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const lang of LANGS) {
    it(`${lang}: offers "${translations(lang).contactPublic.cta.button}" and the topics, and is axe-clean at ${WIDTHS.join(' and ')} px`, async () => {
      const t = translations(lang);
      for (const width of WIDTHS) {
        const page = await newPage(browser, { viewport: { width, height: 800 } });
        try {
          const response = await page.goto(`${app.url}/${lang}/services?q=${NOTHING}`);
          expect(response?.status()).toBe(200);
          await expect(page.getByText(t.catalogue.noResults).count()).resolves.toBe(1);
          expect(await page.locator('[data-qa="results"]').count()).toBe(0);

          // "Pyydä neuvoa" as a link (by its visible name) to the contact form of the language
          const ask = page.getByRole('link', { name: t.contactPublic.cta.button, exact: true });
          const askInList = page.locator('[data-qa="no-results-ask"]');
          expect(await askInList.count()).toBe(1);
          expect(await askInList.getAttribute('href')).toBe(ASK_PATHS[lang]);
          expect(await ask.and(askInList).count(), 'named by its visible text').toBe(1);
          expect(await askInList.isVisible()).toBe(true);

          // every topic, each a search of its own
          const topics = page.locator('[data-qa="no-results-topics"] a');
          expect(await topics.count()).toBeGreaterThanOrEqual(40);
          const hrefs = await topics.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
          for (const href of hrefs) expect(href).toMatch(new RegExp(`^/${lang}/services\\?topic=[A-Z_]+$`));

          const { violations, passes } = await checkWcag(page);
          expect(passes.map((p) => p.id)).toContain('color-contrast'); // axe really looked at the page
          expect(describeViolations(violations)).toEqual([]);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth > window.innerWidth,
          );
          expect(overflow, `wider than ${width} px`).toBe(false);

          await screenshot(page, `${lang}-list-empty-search-${width}`, { fullPage: true });

          if (width === WIDTHS[0]) {
            // the link leads to the contact form, and a topic to services
            const loaded = page.waitForEvent('load');
            await askInList.click();
            await loaded;
            expect(new URL(page.url()).pathname).toBe(ASK_PATHS[lang]);
            expect(await page.locator('#message').count()).toBe(1);
            await page.goto(`${app.url}${hrefs[0]}`);
            expect(await page.locator('[data-qa="results"] li').count()).toBeGreaterThan(0);
          }
        } finally {
          await page.context().close();
        }
      }
    });
  }
});
