// "Pyydä neuvoa" in a real browser without JavaScript: the emergency box appears as soon as
// danger is chosen, the form is sent and lands on the private status page, the family writes a
// message; and axe finds no WCAG 2.1 A or AA violation on the form (also with its errors and
// its emergency box), the status page and the emergency page, in fi, sv and en.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translations } from '../../src/i18n/index.ts';
import { ASK_PATHS, EMERGENCY_PATHS } from '../../src/ui/Layout.tsx';
import { checkWcag, describeViolations } from './axe.ts';
import {
  chromiumAvailable,
  LANGS,
  type Lang,
  launchBrowser,
  newPage,
  type RunningApp,
  startApp,
} from './browser.ts';

const STATUS_URL: Record<Lang, RegExp> = {
  fi: /\/fi\/tilanne\/[A-Za-z0-9_-]{43}\?sent=1/,
  sv: /\/sv\/status\/[A-Za-z0-9_-]{43}\?sent=1/,
  en: /\/en\/status\/[A-Za-z0-9_-]{43}\?sent=1/,
};
const MESSAGE: Record<Lang, string> = {
  fi: 'Viisivuotias ei nukahda iltaisin, ja aamut ovat raskaita. Mistä saisimme apua?',
  sv: 'Femåringen somnar inte på kvällarna och morgnarna är tunga. Var får vi hjälp?',
  en: 'Our five-year-old cannot fall asleep at night and mornings are hard. Where can we get help?',
};

/** Clicks a submit button and waits for the page the (script-free) form leads to. */
async function submit(page: Page, qa: string) {
  const loaded = page.waitForEvent('load');
  await page.locator(`[data-qa="${qa}"]`).click();
  await loaded;
}

/** Fills the form as a parent who wants the answer on the status page. */
async function fillForm(page: Page, lang: Lang) {
  await page.locator('#contacter-parent').check();
  await page.locator('#safety-none').check();
  await page.locator('#message').fill(MESSAGE[lang]);
  await page.locator('#topic-UNI').check();
  await page.locator('#childAges').fill(lang === 'fi' ? '5 ja 8' : lang === 'sv' ? '5 och 8' : '5 and 8');
  await page.locator('#municipality').selectOption('297');
  await page.locator('#replyChannel-status_page').check();
}

/** A counsellor answers on the status page (through the API, as the staff pages would). */
async function counsellorAnswers(app: RunningApp, reference: string, text: string) {
  const session = await fetch(`${app.url}/api/dev/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'neuvoja' }),
  });
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const queue = (await (await fetch(`${app.url}/api/contacts/queue`, { headers: { cookie } })).json()) as {
    items: { id: string; reference: string }[];
  };
  const contact = queue.items.find((x) => x.reference === reference);
  if (!contact) throw new Error(`${reference} is not in the queue`);
  const res = await fetch(`${app.url}/api/contacts/${contact.id}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ entryId: crypto.randomUUID(), type: 'message', content: { text } }),
  });
  if (res.status !== 201) throw new Error(`answer: ${res.status} ${await res.text()}`);
}

describe.skipIf(!chromiumAvailable())('"Pyydä neuvoa" in a browser', () => {
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
    it(`${lang}, no JavaScript: danger shows the emergency box at once; the form is sent and the status page opens`, async () => {
      const t = translations(lang).contactPublic;
      const page = await newPage(browser, { javaScriptEnabled: false });
      try {
        await page.goto(`${app.url}/${lang}`);
        // from the home page's call to action
        const loaded = page.waitForEvent('load');
        await page.locator('[data-qa="ask-cta"] [data-qa="ask-link"]').click();
        await loaded;
        expect(new URL(page.url()).pathname).toBe(ASK_PATHS[lang]);

        const now = page.locator('[data-qa="emergency-now"]');
        const violence = page.locator('[data-qa="emergency-violence"]');
        await expect.poll(() => now.isVisible()).toBe(false);
        await expect.poll(() => violence.isVisible()).toBe(false);
        await expect.poll(() => page.locator('[data-qa="emergency-line"]').isVisible()).toBe(true);

        await page.locator('#safety-acute_danger').check();
        expect(await now.isVisible()).toBe(true);
        expect(await violence.isVisible()).toBe(false);
        expect(await now.locator('a[href="tel:112"]').isVisible()).toBe(true);
        await page.locator('#safety-violence').check();
        expect(await now.isVisible()).toBe(false);
        expect(await violence.isVisible()).toBe(true);
        expect(await violence.locator('a[href="tel:080005005"]').isVisible()).toBe(true);
        await page.locator('#safety-none').check();
        expect(await violence.isVisible()).toBe(false);

        await fillForm(page, lang);
        await submit(page, 'ask-send');
        expect(page.url()).toMatch(STATUS_URL[lang]);
        expect(await page.locator('[data-qa="sent-notice"]').textContent()).toContain(t.status.sentTitle);
        const reference = (await page.locator('[data-qa="reference"]').textContent()) ?? '';
        expect(reference).toMatch(/^PV-\d{4}-\d{6}$/);
        expect(await page.locator('[data-qa="state"]').textContent()).toBe(t.status.states.new);

        // reloading the status page sends nothing again (303 after the post)
        await page.reload();
        expect(await page.locator('[data-qa="reference"]').textContent()).toBe(reference);

        // the family writes more; the message appears, newest last
        await page.locator('#text').fill('Lisätieto / Tillägg / More: ');
        await submit(page, 'message-send');
        expect(page.url()).toContain('?message=1#messages');
        await expect
          .poll(() => page.locator('[data-qa="message-family"]').last().textContent())
          .toContain('Lisätieto / Tillägg / More:');
      } finally {
        await page.context().close();
      }
    });

    it(`${lang}: no WCAG 2.1 A or AA violations on the form (empty, with errors, with the emergency box), the status page and the emergency page`, async () => {
      const page = await newPage(browser);
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        const { violations, passes } = await checkWcag(page);
        expect(passes.map((p) => p.id)).toContain('color-contrast');
        if (violations.length > 0) found[name] = describeViolations(violations);
      };
      try {
        await page.goto(`${app.url}${ASK_PATHS[lang]}`);
        await check('form');
        await page.locator('#safety-acute_danger').check();
        await check('form with the emergency box');
        await page.locator('#safety-violence').check();
        await check('form with the violence box');
        await page.locator('#replyChannel-email').check();
        await page.locator('#childAges').fill('kaksi');
        await submit(page, 'ask-send');
        expect(await page.locator('[data-qa="error-summary"]').isVisible()).toBe(true);
        await check('form with errors');

        await page.goto(`${app.url}${ASK_PATHS[lang]}`);
        await fillForm(page, lang);
        await page.locator('#safety-acute_danger').check();
        await submit(page, 'ask-send');
        expect(page.url()).toMatch(STATUS_URL[lang]);
        expect(await page.locator('[data-qa="emergency-now"]').isVisible()).toBe(true);
        await check('status page just sent, with the emergency box');
        const reference = (await page.locator('[data-qa="reference"]').textContent()) ?? '';
        await counsellorAnswers(app, reference, 'Hei! Soitan teille huomenna. – Noora');
        await page.locator('#text').fill('Kiitos!');
        await submit(page, 'message-send');
        expect(await page.locator('[data-qa="message-counsellor"]').count()).toBe(1);
        await check('status page with messages');
        await page.locator('#text').fill('   ');
        await submit(page, 'message-send');
        expect(await page.locator('[data-qa="text-error"]').isVisible()).toBe(true);
        await check('status page with an error');

        await page.goto(`${app.url}/${lang}/${lang === 'fi' ? 'tilanne' : 'status'}/${'x'.repeat(43)}`);
        await check('status page not found');
        await page.goto(`${app.url}${EMERGENCY_PATHS[lang]}`);
        await check('emergency page');
        expect(found).toEqual({});
      } finally {
        await page.context().close();
      }
    });

    it(`${lang}: the new pages reflow to 320 CSS pixels without scrolling sideways (WCAG 1.4.10)`, async () => {
      const page = await newPage(browser, { viewport: { width: 320, height: 640 } });
      const tooWide: string[] = [];
      const measure = async (name: string) => {
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        if (scrollWidth > clientWidth) tooWide.push(`${name}: ${scrollWidth}px`);
      };
      try {
        await page.goto(`${app.url}${ASK_PATHS[lang]}`);
        await page.locator('#safety-acute_danger').check();
        await measure('form');
        await page.goto(`${app.url}${EMERGENCY_PATHS[lang]}`);
        await measure('emergency');
        await page.goto(`${app.url}${ASK_PATHS[lang]}`);
        await fillForm(page, lang);
        await submit(page, 'ask-send');
        await measure('status');
        expect(tooWide).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});
