// WCAG 2.1 AA, as far as axe-core can tell, on the privacy notice, the accessibility statement
// and the cookie note in every language, and their reflow to 320 CSS pixels (issue 10, finding 20).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_PATHS, type NoticeKind } from '../../src/ui/Layout.tsx';
import { checkWcag } from './axe.ts';
import { chromiumAvailable, LANGS, launchBrowser, newPage, type RunningApp, startApp } from './browser.ts';

const KINDS = Object.keys(NOTICE_PATHS) as NoticeKind[];

describe.skipIf(!chromiumAvailable())('accessibility of the notices', () => {
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
    it(`${lang}: the three notices have no WCAG 2.1 A or AA violations and reflow to 320 px`, async () => {
      const found: Record<string, string[]> = {};
      const narrow = await newPage(browser, { viewport: { width: 320, height: 640 } });
      try {
        for (const kind of KINDS) {
          const path = NOTICE_PATHS[kind][lang];
          const response = await page.goto(`${app.url}${path}`);
          expect(response?.status(), path).toBe(200);
          const { violations, passes } = await checkWcag(page);
          expect(passes.map((p) => p.id)).toContain('color-contrast');
          const problems = violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
          await narrow.goto(`${app.url}${path}`);
          const { scrollWidth, clientWidth } = await narrow.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          if (scrollWidth > clientWidth) problems.push(`reflow: ${scrollWidth}px at 320px`);
          if (problems.length > 0) found[path] = problems;
        }
      } finally {
        await narrow.context().close();
      }
      expect(found).toEqual({});
    });
  }
});
