// WCAG 2.1 AA, as far as axe-core can tell, on every public page type in every language.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWcag, describeViolations } from './axe.ts';
import {
  chromiumAvailable,
  LANGS,
  launchBrowser,
  newPage,
  PAGE_TYPES,
  type PageType,
  publicPages,
  type RunningApp,
  startApp,
} from './browser.ts';

/** One line per failing element, so a failure says what to fix and where. */

describe.skipIf(!chromiumAvailable())('accessibility of the public pages', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const lang of LANGS) {
    it(`${lang}: every page type has no WCAG 2.1 A or AA violations`, async () => {
      const pages = await publicPages(app, lang);
      const found: Partial<Record<PageType, string[]>> = {};
      for (const type of PAGE_TYPES) {
        await page.goto(`${app.url}${pages[type]}`);
        const { violations, passes } = await checkWcag(page);
        expect(passes.map((p) => p.id)).toContain('color-contrast'); // axe really looked at the page
        if (violations.length > 0) found[type] = describeViolations(violations);
      }
      expect(found).toEqual({});
    });

    it(`${lang}: every page type reflows to 320 CSS pixels without scrolling sideways (WCAG 1.4.10)`, async () => {
      const pages = await publicPages(app, lang);
      const narrow = await newPage(browser, { viewport: { width: 320, height: 640 } });
      try {
        const tooWide: string[] = [];
        for (const type of PAGE_TYPES) {
          await narrow.goto(`${app.url}${pages[type]}`);
          const { scrollWidth, clientWidth } = await narrow.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          if (scrollWidth > clientWidth) tooWide.push(`${type}: ${scrollWidth}px`);
        }
        expect(tooWide).toEqual([]);
      } finally {
        await narrow.context().close();
      }
    });
  }
});
