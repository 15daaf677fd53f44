// What the browser tests share: the real app on a random port, Debian's Chromium, and the
// URLs of every public page type in the demo catalogue.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { LANGS, type Lang } from '../../src/i18n/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { testAppConfig } from '../app.ts';

export { LANGS, type Lang };

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a printed notice,
 * except in CI, where a missing browser is a failure (see ARCHITECTURE.md, "npm test").
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `CI=true but Chromium was not found at ${CHROMIUM_PATH}: install it (apt) or set CHROMIUM_PATH.`,
    );
  }
  console.warn(
    `SKIP: Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH); the browser tests are skipped.`,
  );
  return false;
}

/** Debian's Chromium, never a downloaded browser; quiet, with nothing phoning home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new page in its own context (cookies and JavaScript setting), closed with the context. */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'fi-FI', timezoneId: 'Europe/Helsinki', ...options });
  return context.newPage();
}

/**
 * Where the browser tests save their screenshots for looking at by eye (390 and 1280 px, fi, sv
 * and en): the directory in SCREENSHOTS_DIR. Unset (as in CI), no screenshots are taken: a
 * full-page screenshot costs a second on a busy machine and nobody looks at CI's.
 */
export const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR || undefined;

/** A screenshot of the page (or one element) as SCREENSHOTS_DIR/name.png, when that is set. */
export async function screenshot(
  target: Page | Locator,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (!SCREENSHOTS_DIR) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await target.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), ...options });
}

/**
 * Sets the window to `width` (900 px high) and measures the page there: scrollWidth beyond
 * clientWidth means sideways scrolling (WCAG 1.4.10). Throws when the window did not take the
 * width, so a check at 390 px cannot pass by measuring the desktop layout.
 */
export async function atWidth(
  page: Page,
  width: number,
): Promise<{ scrollWidth: number; clientWidth: number }> {
  await page.setViewportSize({ width, height: 900 });
  const measured = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (measured.clientWidth > width)
    throw new Error(`the window is ${measured.clientWidth} px, not ${width} px`);
  return measured;
}

export interface RunningApp {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/** The real application in this process: in-memory PGlite with the demo region, on a random port. */
export async function startApp(): Promise<RunningApp> {
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    await migrate(database);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    const app = await buildApp(testAppConfig, database, pino({ level: 'silent' }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url,
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** What a family types in each language to find the family counselling of the demo region. */
export const SEARCH: Record<Lang, { query: string; municipality: string }> = {
  fi: { query: 'perheneuvola', municipality: 'Keitele' },
  sv: { query: 'familjerådgivning', municipality: 'Keitele' },
  en: { query: 'family counselling', municipality: 'Keitele' },
};

export const PAGE_TYPES = [
  'home',
  'list',
  'list-empty',
  'list-error',
  'service',
  'organization',
  'not-found',
  'sign-in',
] as const;
export type PageType = (typeof PAGE_TYPES)[number];

const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function html(url: string): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}

/**
 * The path of every public page type in one language. The service is the first hit of the
 * language's search (the family counselling, with contacts, opening hours and locations), the
 * organisation is its provider.
 */
export async function publicPages(app: RunningApp, lang: Lang): Promise<Record<PageType, string>> {
  const q = encodeURIComponent(SEARCH[lang].query);
  const list = await html(`${app.url}/${lang}/services?q=${q}`);
  const serviceId = list.match(new RegExp(`href="/${lang}/services/(${ID})"`))?.[1];
  if (!serviceId) throw new Error(`no service found for "${SEARCH[lang].query}" in ${lang}`);
  const service = await html(`${app.url}/${lang}/services/${serviceId}`);
  const organizationId = service.match(new RegExp(`href="/${lang}/organizations/(${ID})"`))?.[1];
  if (!organizationId) throw new Error(`service ${serviceId} links to no organisation`);
  return {
    home: `/${lang}`,
    list: `/${lang}/services`,
    'list-empty': `/${lang}/services?q=qwzxqwzx`,
    'list-error': `/${lang}/services?q=${q}&age=99`,
    service: `/${lang}/services/${serviceId}`,
    organization: `/${lang}/organizations/${organizationId}`,
    'not-found': `/${lang}/no-such-page`,
    'sign-in': `/${lang}/sign-in`,
  };
}
