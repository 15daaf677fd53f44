// The family's status page after a warm handoff with a first appointment, in Chromium without
// JavaScript (issue 10, findings 15 and 23): it leads with the appointment at 390 px, no list
// shows a stray bullet and nothing runs off the phone; printed, it keeps the reference, the
// appointment and the messages, black on white, without the header, navigation, footer, forms
// or repeated emergency lines; and WCAG 2.1 AA (as far as axe-core can tell) in fi, sv and en.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWcag } from './axe.ts';
import { chromiumAvailable, LANGS, launchBrowser, newPage, type RunningApp } from './browser.ts';
import {
  APPOINTMENT_YEAR,
  type FamilyWithAppointment,
  familyWithAppointment,
  startNetworkApp,
} from './status-appointment-fixture.ts';

describe.runIf(chromiumAvailable())("the family's status page after a handoff, in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let family: FamilyWithAppointment;

  beforeAll(async () => {
    app = await startNetworkApp();
    browser = await launchBrowser();
    family = await familyWithAppointment(app.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const open = async (lang: 'fi' | 'sv' | 'en', width: number, javaScriptEnabled = false) => {
    const page = await newPage(browser, {
      baseURL: app.url,
      javaScriptEnabled,
      viewport: { width, height: 900 },
    });
    const res = await page.goto(family.paths[lang]);
    expect(res?.status()).toBe(200);
    return page;
  };

  it('leads with the appointment on a phone, with no stray bullet and nothing wider than the screen', async () => {
    const page = await open('fi', 390);
    try {
      await expect(page.locator('h1').textContent()).resolves.toBe(
        `Ensikäyntisi: ti 12.1.${APPOINTMENT_YEAR} klo 9.00`,
      );
      // the declined earlier handoff is listed after, as a card
      await expect(page.locator('[data-qa="handoffs"]').textContent()).resolves.toContain('Varkauden');
      const bullets = await page.evaluate(() =>
        [...document.querySelectorAll('main li')]
          .filter((li) => !li.closest('.error-summary'))
          .filter((li) => getComputedStyle(li).listStyleType !== 'none')
          .map((li) => li.textContent?.slice(0, 40)),
      );
      expect(bullets).toEqual([]);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
    } finally {
      await page.context().close();
    }
  });

  it('prints the reference, the appointment and the messages, black on white, without the rest', async () => {
    const page = await open('fi', 1280);
    try {
      await page.emulateMedia({ media: 'print' });
      const shown = (selector: string) =>
        page.evaluate(
          (s) => [...document.querySelectorAll(s)].some((e) => e.getClientRects().length > 0),
          selector,
        );
      for (const selector of ['header.site', 'footer.site', 'form', '.quick-exit', '.emergency-line', 'nav'])
        expect(await shown(selector), selector).toBe(false);
      for (const selector of [
        '[data-qa="reference"]',
        '[data-qa="appointment"]',
        '[data-qa="unit-contact"]',
        '[data-qa="messages"]',
      ])
        expect(await shown(selector), selector).toBe(true);
      const colours = await page.evaluate(() => ({
        h1: getComputedStyle(document.querySelector('h1') as Element).color,
        reference: getComputedStyle(document.querySelector('[data-qa="reference"]') as Element).color,
        body: getComputedStyle(document.body).backgroundColor,
      }));
      expect(colours).toEqual({ h1: 'rgb(0, 0, 0)', reference: 'rgb(0, 0, 0)', body: 'rgb(255, 255, 255)' });
      // the private link is printed as its address
      await expect(page.locator('[data-qa="private-link"]').textContent()).resolves.toContain(family.token);
    } finally {
      await page.context().close();
    }
  });

  it('the family asks for a new time without JavaScript; the receiving unit sees it (axe clean)', async () => {
    const page = await open('fi', 390);
    const receiver = await newPage(browser, { baseURL: app.url, viewport: { width: 1280, height: 900 } });
    try {
      await page.locator('[data-qa="request-change"]').check();
      await page.locator('[data-qa="request-text"]').fill('Torstaisin iltapäivällä pääsen.');
      await page.locator('[data-qa="request-send"]').click();
      await page.waitForURL(/\?request=1#appointment-request$/);
      await expect(page.locator('[data-qa="request-sent"]').count()).resolves.toBe(1);
      await expect(page.locator('[data-qa="own-requests"]').textContent()).resolves.toContain(
        'Torstaisin iltapäivällä pääsen.',
      );
      const signedIn = await receiver.context().request.post('/api/dev/session', {
        data: { username: 'vastaanottaja' },
      });
      expect(signedIn.status()).toBe(200);
      await receiver.goto(`/fi/staff/handoffs/${family.handoffId}`);
      await expect(receiver.locator('[data-qa="family-request-change"]').textContent()).resolves.toContain(
        'Torstaisin iltapäivällä pääsen.',
      );
      const { violations } = await checkWcag(receiver);
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
        [],
      );
    } finally {
      await page.context().close();
      await receiver.context().close();
    }
  });

  for (const lang of LANGS) {
    it(`${lang}: no WCAG 2.1 A or AA violations`, async () => {
      const page = await open(lang, 1280, true);
      try {
        const { violations } = await checkWcag(page);
        expect(
          violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});
