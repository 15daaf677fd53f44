// The counsellor's page of a contact nobody has claimed yet, in Chromium at a desktop and a
// phone width (issue 10, finding 22): it shows the summary, the family's words and the claim and
// assign actions only, so it stays short (it was about 7,300 px when every form was shown).
// The screenshots are saved (SHOTS_DIR, default /tmp/shots-G) for looking at by eye. And a
// mapping posted with problems opens with its error summary focused.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchBrowser,
  newPage,
  type RunningApp,
  screenshot,
  startApp,
} from './browser.ts';

/**
 * The most the unclaimed page may take, in CSS pixels, by viewport width. A counsellor's
 * navigation has nine sections since issue 12 (Yhdessä aika, consultations, their own
 * consultations): at 1280 px it takes two rows, at 390 px three more lines (1,613 and 2,584 px
 * measured then).
 */
const MAX_HEIGHT: Record<number, number> = { 1280: 1650, 390: 2650 };

async function counsellorPage(
  browser: Browser,
  app: RunningApp,
  width: number,
  javaScript = true,
): Promise<Page> {
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width, height: 800 },
  });
  const res = await page.context().request.post('/api/dev/session', { data: { username: 'neuvoja' } });
  expect(res.status()).toBe(200);
  return page;
}

async function submitContact(app: RunningApp): Promise<string> {
  const res = await fetch(`${app.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      idempotencyKey: crypto.randomUUID(),
      contacter: 'parent',
      municipality: '297',
      childAges: [4, 9],
      topics: ['UNI', 'TUNTEET_KAYTTAYTYMINEN'],
      message:
        'Nelivuotias ei nukahda iltaisin ja herää öisin. Yhdeksänvuotias on alkanut riidellä paljon.\n\nKoko perhe on väsynyt. Mistä saisimme apua?',
      replyChannel: 'email',
      email: 'perhe.esimerkki@example.fi',
      name: 'Maija Esimerkki',
      language: 'fi',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

describe.runIf(chromiumAvailable())('the counsellor’s contact page in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.each([1280, 390])('an unclaimed contact’s page is short at %i px', async (width) => {
    const reference = await submitContact(app);
    const page = await counsellorPage(browser, app, width);
    try {
      await page.goto('/fi/staff/queue');
      await page.locator(`tr[data-reference="${reference}"] [data-qa="open-contact"]`).click();
      await page.waitForURL(/\/fi\/staff\/contacts\/[0-9a-f-]{36}$/);
      await expect(page.locator('[data-qa="claim"]').isVisible()).resolves.toBe(true);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await screenshot(page, `contact-unclaimed-${width}`, { fullPage: true });
      console.log(`unclaimed contact page at ${width} px: ${height} px high`);
      expect(height).toBeLessThanOrEqual(MAX_HEIGHT[width] as number);
      expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    } finally {
      await page.context().close();
    }
  });

  it('the staff home shows what waits, each count a link to its list', async () => {
    await submitContact(app);
    const page = await counsellorPage(browser, app, 390);
    try {
      await page.goto('/fi/staff');
      const unclaimed = page.locator('[data-qa="waiting-unclaimed"]');
      await expect(unclaimed.textContent()).resolves.toMatch(/^Ilman käsittelijää: \d+$/);
      await screenshot(page, 'staff-home-390', { fullPage: true });
      await unclaimed.click();
      await page.waitForURL(/\/fi\/staff\/queue\?show=unassigned$/);
    } finally {
      await page.context().close();
    }
  });

  it('a mapping posted with problems opens at its error summary, focused; a link leads to the field', async () => {
    const reference = await submitContact(app);
    const page = await counsellorPage(browser, app, 390);
    try {
      await page.goto('/fi/staff/queue');
      const row = page.locator(`tr[data-reference="${reference}"]`);
      await row.locator('[data-qa="claim"]').click();
      await page.waitForURL(/done=claimed$/);
      await page.locator('[data-qa="mapping-contacter-parent"]').check();
      await page.locator('[data-qa="submit-mapping"]').click();
      await page.waitForSelector('#mapping-errors');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('mapping-errors');
      await expect(page.locator('#mapping-errors').textContent()).resolves.toContain(
        'Väkivalta tai sen uhka perheessä: valitse yksi.',
      );
      await screenshot(page, 'contact-mapping-errors-390');
      await page.locator('#mapping-errors a[href="#mapping-violence"]').click();
      await expect(page.evaluate(() => location.hash)).resolves.toBe('#mapping-violence');
    } finally {
      await page.context().close();
    }
  });
});
