// A family finds a service in a real browser, with and without JavaScript, in every language.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage, format, translations } from '../../src/i18n/index.ts';
import {
  chromiumAvailable,
  LANGS,
  type Lang,
  launchBrowser,
  newPage,
  type RunningApp,
  SEARCH,
  startApp,
} from './browser.ts';

const SERVICE_PATH = /\/services\/[0-9a-f-]{36}$/;
const NEXT_LANG: Record<Lang, Lang> = { fi: 'sv', sv: 'en', en: 'fi' };

/**
 * Clicks and waits until the page the click leads to (a plain link or form, no JavaScript) has
 * loaded; waitForURL alone could return at once on a list page whose address already matches.
 */
async function follow(page: Page, target: Locator, url: RegExp | string) {
  const loaded = page.waitForEvent('load');
  await target.click();
  await loaded;
  if (typeof url === 'string') expect(page.url()).toBe(url);
  else expect(page.url()).toMatch(url);
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();
const resultCount = async (page: Page) =>
  Number(await page.locator('[data-qa="result-count"]').getAttribute('data-count'));
/** The finer filters fold away until used: open them (a native <details>, no JavaScript). */
async function openMoreFilters(page: Page) {
  const details = page.locator('[data-qa="more-filters"]');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}
const submitFilters = (page: Page) =>
  follow(page, page.locator('[data-qa="filters-submit"]'), /\/services\?/);

describe.skipIf(!chromiumAvailable())('the public catalogue in a browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const javaScriptEnabled of [false, true]) {
    for (const lang of LANGS) {
      it(`${lang}, JavaScript ${javaScriptEnabled ? 'on' : 'off'}: search from the home page, open a service, read it in another language`, async () => {
        const t = translations(lang);
        const page = await newPage(browser, { javaScriptEnabled });
        try {
          await page.goto(`${app.url}/`);
          expect(new URL(page.url()).pathname).toBe('/fi');
          if (lang !== 'fi')
            await follow(page, page.locator(`[data-qa="lang-${lang}"]`), `${app.url}/${lang}`);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);

          const { query, municipality } = SEARCH[lang];
          await page.locator('[data-qa="search-query"]').fill(query);
          await page.locator('[data-qa="search-municipality"]').selectOption({ label: municipality });
          await follow(page, page.locator('[data-qa="search-submit"]'), /\/services\?/);

          const url = new URL(page.url());
          expect(url.pathname).toBe(`/${lang}/services`);
          expect(url.searchParams.get('q')).toBe(query);
          expect(url.searchParams.get('municipality')).toBe('239'); // Keitele
          expect(await text(page.locator('h1'))).toBe(format(t.catalogue.searchTitle, { q: query }));
          expect(await resultCount(page)).toBeGreaterThan(0);

          const first = page.locator('[data-qa="service-link"]').first();
          const name = await text(first);
          await follow(page, first, SERVICE_PATH);
          const servicePath = new URL(page.url()).pathname;
          expect(await text(page.locator('h1'))).toBe(name);
          expect(await page.getByRole('heading', { name: t.service.contact, exact: true }).isVisible()).toBe(
            true,
          );
          expect(await page.locator('[data-qa="service-contact"] a[href^="tel:"]').count()).toBeGreaterThan(
            0,
          );
          expect(await page.getByRole('heading', { name: t.service.hours, exact: true }).isVisible()).toBe(
            true,
          );
          expect(await page.locator('[data-qa="service-hours"] tr').count()).toBeGreaterThan(0);

          const other = NEXT_LANG[lang];
          await follow(page, page.locator(`[data-qa="lang-${other}"]`), SERVICE_PATH);
          expect(new URL(page.url()).pathname).toBe(servicePath.replace(`/${lang}/`, `/${other}/`));
          expect(await page.getAttribute('html', 'lang')).toBe(other);
          const contact = translations(other).service.contact;
          expect(await page.getByRole('heading', { name: contact, exact: true }).isVisible()).toBe(true);
        } finally {
          await page.context().close();
        }
      });
    }
  }

  it('the filters of the list page narrow the results and stay filled in', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    try {
      await page.goto(`${app.url}/fi/services`);
      const all = await resultCount(page);

      await openMoreFilters(page);
      await page.locator('#age').fill('15');
      await submitFilters(page);
      const forAge = await resultCount(page);
      expect(forAge).toBeLessThan(all);
      expect(await page.locator('#age').inputValue()).toBe('15');

      await page.locator('input[name="channel"][value="chat"]').check();
      await submitFilters(page);
      const byChat = await resultCount(page);
      expect(byChat).toBeLessThan(forAge);
      expect(byChat).toBeGreaterThan(0);
      expect(await page.locator('input[name="channel"][value="chat"]').isChecked()).toBe(true);
      const cards = page.locator('[data-qa="results"] > li');
      for (const card of await cards.all()) {
        expect(await card.locator('.tags li', { hasText: translations('fi').channel.chat }).count()).toBe(1);
      }

      await page.locator('#topic').selectOption('PAIHTEET_NUORI');
      await submitFilters(page);
      const byTopic = await resultCount(page);
      expect(byTopic).toBeLessThan(byChat);
      expect(byTopic).toBeGreaterThan(0);
      const url = new URL(page.url());
      expect(url.searchParams.get('age')).toBe('15');
      expect(url.searchParams.getAll('channel')).toEqual(['chat']);
      expect(url.searchParams.get('topic')).toBe('PAIHTEET_NUORI');
    } finally {
      await page.context().close();
    }
  });

  it('the pager leads through every page of results, each service once, and back', async () => {
    const t = translations('en').catalogue;
    const page = await newPage(browser, { javaScriptEnabled: false });
    try {
      await page.goto(`${app.url}/en/services`);
      const total = await resultCount(page);
      const pages = Math.ceil(total / 20);
      expect(pages).toBeGreaterThan(1);
      const pager = page.locator('[data-qa="pager"]');
      const links = page.locator('[data-qa="service-link"]');
      const seen: string[] = [];
      for (let n = 1; n <= pages; n++) {
        if (n > 1) await follow(page, pager.locator('a[rel="next"]'), new RegExp(`page=${n}$`));
        expect(await text(pager.locator('[aria-current="page"]'))).toBe(String(n));
        expect(await text(page.locator('[data-qa="result-count"]'))).toContain(
          format(t.pageOf, { page: n, pages }),
        );
        for (const link of await links.all()) seen.push((await link.getAttribute('href')) ?? '');
      }
      expect(await pager.locator('a[rel="next"]').count()).toBe(0);
      expect(new Set(seen).size).toBe(total);
      expect(seen).toHaveLength(total);

      await follow(page, pager.locator('a[rel="prev"]'), new RegExp(`page=${pages - 1}$`));
      expect(await text(pager.locator('[aria-current="page"]'))).toBe(String(pages - 1));
    } finally {
      await page.context().close();
    }
  });

  for (const javaScriptEnabled of [false, true]) {
    it(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}: an age out of range is shown next to the field, and the form keeps what was typed`, async () => {
      const page = await newPage(browser, { javaScriptEnabled });
      try {
        await page.goto(`${app.url}/sv/services?q=${encodeURIComponent(SEARCH.sv.query)}`);
        await openMoreFilters(page);
        await page.locator('#age').fill('99');
        await page.locator('input[name="channel"][value="phone"]').check();
        const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/sv/services');
        await follow(page, page.locator('[data-qa="filters-submit"]'), /\/sv\/services\?.*age=99/);
        expect((await response).status()).toBe(400);

        const age = page.locator('#age');
        expect(await age.getAttribute('aria-invalid')).toBe('true');
        expect(await age.getAttribute('aria-describedby')).toContain('age-error');
        const message = errorMessage('sv', 'request.out_of_range', { min: 0, max: 25 });
        expect(await text(page.locator('.field:has(#age) [data-qa="age-error"]'))).toBe(message);
        expect(await text(page.locator('[data-qa="error-summary"] a[href="#age"]'))).toBe(message);
        expect(await age.inputValue()).toBe('99');
        expect(await page.locator('#q').inputValue()).toBe(SEARCH.sv.query);
        expect(await page.locator('input[name="channel"][value="phone"]').isChecked()).toBe(true);
        expect(await page.locator('#q').getAttribute('aria-invalid')).toBeNull();
      } finally {
        await page.context().close();
      }
    });
  }

  for (const lang of LANGS) {
    it(`${lang}: an unknown address shows the not-found page with ways on`, async () => {
      const t = translations(lang);
      const page = await newPage(browser, { javaScriptEnabled: false });
      try {
        const response = await page.goto(`${app.url}/${lang}/no-such-page`);
        expect(response?.status()).toBe(404);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await text(page.locator('h1'))).toBe(t.errorPage.notFoundTitle);
        expect(await page.locator('[data-qa="error-go-home"]').getAttribute('href')).toBe(`/${lang}`);
        for (const other of LANGS.filter((l) => l !== lang)) {
          expect(await page.locator(`[data-qa="lang-${other}"]`).getAttribute('href')).toBe(`/${other}`);
        }
        await follow(page, page.locator('[data-qa="error-go-search"]'), `${app.url}/${lang}/services`);
        expect(await resultCount(page)).toBeGreaterThan(0);
      } finally {
        await page.context().close();
      }
    });
  }

  it('a service that does not exist is a not-found page too', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    try {
      const response = await page.goto(`${app.url}/en/services/00000000-0000-4000-8000-000000000000`);
      expect(response?.status()).toBe(404);
      expect(await text(page.locator('h1'))).toBe(translations('en').errorPage.notFoundTitle);
    } finally {
      await page.context().close();
    }
  });
});
