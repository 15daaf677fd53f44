// The metrics page in Chromium (issue 13): WCAG 2.1 AA as far as axe-core can tell in fi, sv
// and en, no page wider than the window at 390 and 1280 px, every chart within its figure, and
// screenshots in SCREENSHOTS_DIR when it is set. The hand-made report (fixture.ts: small and withheld cells, 22
// municipalities, markup in a label) is served beside the assets by a bare server.
import Fastify from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLang } from '../../src/i18n/index.ts';
import { assetRoutes } from '../../src/ui/assets.ts';
import { checkWcag, describeViolations } from '../e2e/axe.ts';
import {
  atWidth,
  chromiumAvailable,
  LANGS,
  launchBrowser,
  newPage,
  type RunningApp,
  screenshot,
  startApp,
} from '../e2e/browser.ts';
import { fixtureReport } from './fixture.ts';
import { renderMetrics } from './render.ts';

describe.skipIf(!chromiumAvailable())('the metrics page in Chromium (the hand-made report)', () => {
  let browser: Browser;
  const server = Fastify();
  let url = '';

  beforeAll(async () => {
    await server.register(assetRoutes);
    server.get('/:lang/fixture', async (request, reply) => {
      const { lang } = request.params as { lang: string };
      if (!isLang(lang)) return reply.status(404).send();
      const problems = (request.query as { bad?: string }).bad
        ? [
            { field: 'to', code: 'metrics.period_invalid' as const },
            { field: 'municipality', code: 'metrics.unknown_municipality' as const },
          ]
        : [];
      return reply.type('text/html; charset=utf-8').send(
        renderMetrics(lang, problems.length ? null : fixtureReport({ lang }), {
          problems,
          values: problems.length
            ? { from: '2026-05', to: '2025-02', municipality: '999' }
            : { from: '2026-01', to: '2026-11', municipality: '' },
        }),
      );
    });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
  });

  it('is clean for axe-core in fi, sv and en at 390 and 1280 px, and no wider than the window', async () => {
    const found: Record<string, string[]> = {};
    for (const lang of LANGS) {
      for (const bad of [false, true]) {
        // one page each: axe at the desktop width (its rules read the markup, the same at both
        // widths), then the same page narrowed to 390 px for the widths and the charts
        const page = await newPage(browser, { viewport: { width: 1280, height: 900 }, baseURL: url });
        await page.goto(`/${lang}/fixture${bad ? '?bad=1' : ''}`);
        const { violations } = await checkWcag(page);
        if (violations.length > 0) found[`${lang}${bad ? '-errors' : ''}`] = describeViolations(violations);
        for (const width of [1280, 390]) {
          const { scrollWidth, clientWidth } = await atWidth(page, width);
          const name = `${lang}${bad ? '-errors' : ''}-${width}`;
          await screenshot(page, `metrics-${name}`, { fullPage: true });
          await screenshot(page, `metrics-${name}-top`);
          if (!bad && lang === 'fi')
            for (const qa of [
              'figure-byMunicipality',
              'figure-perThousand',
              'figure-withinPromise',
              'figure-gotHelp',
            ])
              await screenshot(page.locator(`[data-qa="${qa}"]`), `metrics-${name}-${qa}`);
          if (scrollWidth > clientWidth) found[`${name} width`] = [`${scrollWidth} > ${clientWidth}`];
          if (!bad) {
            // every chart stays inside its figure
            const outside = await page.evaluate(() =>
              [...document.querySelectorAll('figure')].flatMap((f) => {
                const box = f.getBoundingClientRect();
                const svg = f.querySelector('svg')?.getBoundingClientRect();
                return svg && svg.right > box.right + 1 ? [f.getAttribute('data-qa')] : [];
              }),
            );
            if (outside.length > 0) found[`${name} charts`] = outside.map(String);
          }
        }
        await page.context().close();
      }
    }
    expect(found).toEqual({});
  }, 900_000);
});

describe.skipIf(!chromiumAvailable())('the metrics page in Chromium (the demo region)', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('is clean for axe-core for a manager and a municipality contact person in fi, sv and en, without JavaScript', async () => {
    const found: Record<string, string[]> = {};
    for (const username of ['esihenkilo', 'kunta']) {
      for (const lang of LANGS) {
        const page = await newPage(browser, { viewport: { width: 1280, height: 900 }, baseURL: app.url });
        const res = await page.context().request.post('/api/dev/session', { data: { username } });
        expect(res.status()).toBe(200);
        const answer = await page.goto(`/${lang}/staff/metrics`);
        expect(answer?.status()).toBe(200);
        const { violations } = await checkWcag(page);
        if (violations.length > 0) found[`demo-${username}-${lang}`] = describeViolations(violations);
        for (const width of [1280, 390]) {
          const { scrollWidth, clientWidth } = await atWidth(page, width);
          const name = `demo-${username}-${lang}-${width}`;
          await screenshot(page, `metrics-${name}`, { fullPage: true });
          if (scrollWidth > clientWidth) found[`${name} width`] = [`${scrollWidth} > ${clientWidth}`];
        }
        await page.context().close();
      }
    }
    expect(found).toEqual({});
  }, 900_000);

  it('refreshes the figures from the form without JavaScript and says when', async () => {
    const page = await newPage(browser, {
      viewport: { width: 1280, height: 900 },
      baseURL: app.url,
      javaScriptEnabled: false,
    });
    await page.context().request.post('/api/dev/session', { data: { username: 'esihenkilo' } });
    await page.goto('/fi/staff/metrics');
    await page.locator('[data-qa="metrics-refresh"] button').click();
    await expect(page.locator('[data-qa="flash"]').textContent()).resolves.toMatch(
      /Luvut päivitetty klo \d{1,2}\.\d\d\./,
    );
    // a wrong period: the problem beside the field and in the summary, no figures
    await page.fill('#from', '2025-05');
    await page.fill('#to', '2026-02');
    await page.locator('[data-qa="metrics-show"]').click();
    await expect(page.locator('[data-qa="to-error"]').textContent()).resolves.toContain('saman vuoden');
    await expect(page.locator('[data-qa="error-summary"]').count()).resolves.toBe(1);
    await expect(page.locator('figure').count()).resolves.toBe(0);
    await screenshot(page, `metrics-demo-period-error`, { fullPage: true });
    await page.context().close();
  }, 60_000);
});
