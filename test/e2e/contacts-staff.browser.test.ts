// The counsellors' pages in Chromium with JavaScript: the queue updates live when a family's
// contact comes in (no reload), the counsellor claims it, maps the situation, advises, writes
// to the family and closes it, and the family's status page shows the message. And WCAG 2.1 AA
// (as far as axe-core can tell) on the queue, my work, logging a call, a contact with its
// forms and the roster, in fi, sv and en.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWcag, describeViolations } from './axe.ts';
import { chromiumAvailable, LANGS, launchBrowser, newPage, type RunningApp, startApp } from './browser.ts';

async function signedInPage(
  browser: Browser,
  app: RunningApp,
  username: string,
  { width = 1280, javaScript = true } = {},
): Promise<Page> {
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width, height: 900 },
  });
  const res = await page.context().request.post('/api/dev/session', { data: { username } });
  expect(res.status()).toBe(200);
  return page;
}

/** A family's contact through the public API, as the public form's script would send it. */
async function submitContact(app: RunningApp, overrides: Record<string, unknown> = {}) {
  const res = await fetch(`${app.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      idempotencyKey: randomUUID(),
      contacter: 'parent',
      municipality: '297',
      childAges: [3],
      topics: ['UNI'],
      message: 'Kolmivuotias herää joka yö monta kertaa. Olemme aivan väsyneitä.',
      replyChannel: 'status_page',
      language: 'fi',
      ...overrides,
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { reference: string; statusUrl: string };
}

/** A parent sends "Pyydä neuvoa" in a browser with JavaScript off; lands on the status page. */
async function sendFormWithoutJavaScript(browser: Browser, app: RunningApp) {
  const family = await newPage(browser, { baseURL: app.url, javaScriptEnabled: false });
  try {
    await family.goto('/fi/pyyda-neuvoa');
    await family.locator('#contacter-parent').check();
    await family.locator('#safety-none').check();
    await family.locator('#message').fill('Kolmivuotias herää joka yö monta kertaa. Olemme aivan väsyneitä.');
    await family.locator('#topic-UNI').check();
    await family.locator('#childAges').fill('3');
    await family.locator('#municipality').selectOption('297');
    await family.locator('#replyChannel-status_page').check();
    const loaded = family.waitForEvent('load');
    await family.locator('[data-qa="ask-send"]').click();
    await loaded;
    expect(new URL(family.url()).pathname).toMatch(/^\/fi\/tilanne\/[A-Za-z0-9_-]{43}$/);
    const reference = (await family.locator('[data-qa="reference"]').textContent())?.trim() ?? '';
    expect(reference).toMatch(/^PV-\d{4}-\d{6}$/);
    return { reference, statusUrl: family.url() };
  } finally {
    await family.context().close();
  }
}

describe.skipIf(!chromiumAvailable())('the counsellors’ contact pages in a browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a new contact appears in the open queue live; the counsellor works it through; the family sees the answer', async () => {
    const page = await signedInPage(browser, app, 'neuvoja');
    try {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // every request the pages and the live script make succeeds (a browser's own favicon aside)
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
      });
      const stream = page.waitForResponse((r) => r.url().endsWith('/api/contacts/events'));
      await page.goto('/fi/staff/queue');
      expect((await stream).status()).toBe(200);
      // a mark on this document: still there afterwards means the page was never reloaded
      await page.evaluate(() => {
        document.body.dataset.loadedOnce = 'yes';
      });

      // the family sends the public form in a browser without JavaScript
      const sent = await sendFormWithoutJavaScript(browser, app);
      const row = page.locator(`[data-qa="queue-row"][data-reference="${sent.reference}"]`);
      await row.waitFor({ timeout: 15_000 });
      await expect(page.locator('[data-qa="queue-live"]').textContent()).resolves.toBe(
        'Jonoon tuli uusi yhteydenotto.',
      );
      await expect(page.evaluate(() => document.body.dataset.loadedOnce)).resolves.toBe('yes');
      await expect(row.textContent()).resolves.toContain('Kuopio');

      // claim it from the queue
      await row.locator('[data-qa="claim"]').click();
      await page.waitForURL(/\/fi\/staff\/contacts\/[0-9a-f-]{36}\?done=claimed$/);
      await expect(page.locator('[data-qa="flash"]').textContent()).resolves.toContain('työn alle');
      await expect(page.locator('[data-qa="family-words"]').textContent()).resolves.toContain(
        'Kolmivuotias herää joka yö',
      );

      // map the situation (the form starts from what the family told)
      await expect(page.locator('[data-qa="mapping-childAges"]').inputValue()).resolves.toBe('3');
      await page.locator('[data-qa="mapping-familyDescription"]').fill('Äiti ja kolmivuotias');
      await page.locator('[data-qa="mapping-violence-no"]').check();
      await page.locator('[data-qa="mapping-childSafetyConcern-no"]').check();
      await page.locator('[data-qa="mapping-substanceUse-unknown"]').check();
      await page.locator('[data-qa="mapping-lapsetPuheeksi-held"]').check();
      await page.locator('[data-qa="submit-mapping"]').click();
      await page.waitForURL(/done=mapping$/);
      await expect(page.locator('[data-qa="contact-state"]').textContent()).resolves.toContain(
        'Käsittelyssä',
      );

      await page.locator('[data-qa="advice-text"]').fill('Unirytmi: sama nukkumaanmenoaika joka ilta.');
      await page.locator('[data-qa="submit-advice"]').click();
      await page.waitForURL(/done=advice$/);

      const message = 'Hei! Tässä vinkit iltoihin: rauhoittuminen tuntia ennen nukkumaanmenoa.';
      await page.locator('[data-qa="message-text"]').fill(message);
      await page.locator('[data-qa="submit-message"]').click();
      await page.waitForURL(/done=message$/);

      await page.locator('[data-qa="close-outcome-resolved_one_contact"]').check();
      await page.locator('[data-qa="close-note"]').fill('Neuvonta riitti.');
      await page.locator('[data-qa="submit-close"]').click();
      await page.waitForURL(/done=closed$/);
      await expect(page.locator('[data-qa="contact-state"]').textContent()).resolves.toContain('Päättynyt');
      await expect(page.locator('[data-qa="entries"]').textContent()).resolves.toContain(
        'Ratkesi yhdellä yhteydenotolla',
      );
      expect(errors).toEqual([]);

      // the family's status page, without signing in
      const family = await newPage(browser, { baseURL: app.url });
      try {
        await family.goto(new URL(sent.statusUrl).pathname);
        await expect(family.locator('main').textContent()).resolves.toContain(message);
      } finally {
        await family.context().close();
      }
    } finally {
      await page.context().close();
    }
  });

  it('the queue without JavaScript: the list is there, Refresh reloads it, claiming is a form post', async () => {
    const sent = await submitContact(app, { municipality: '140' });
    const page = await signedInPage(browser, app, 'neuvoja2', { javaScript: false });
    try {
      await page.goto('/fi/staff/queue?municipality=140');
      const row = page.locator(`[data-qa="queue-row"][data-reference="${sent.reference}"]`);
      await expect(row.count()).resolves.toBe(1);
      await page.locator('[data-qa="refresh"]').click();
      await page.waitForURL(/\/fi\/staff\/queue\?municipality=140$/);
      await row.locator('[data-qa="claim"]').click();
      await page.waitForURL(/done=claimed$/);
      await expect(page.locator('[data-qa="assignee"]').textContent()).resolves.toBe('Niilo Neuvonen');
    } finally {
      await page.context().close();
    }
  });

  for (const lang of LANGS) {
    it(`${lang}: the queue, my work, logging a call, a contact with its forms and the roster have no WCAG 2.1 A or AA violations`, async () => {
      // an open contact with an urgent safety answer, a mapping and a corrected advice
      const sent = await submitContact(app, { safety: 'violence', language: lang });
      const counsellor = await signedInPage(browser, app, 'neuvoja');
      const manager = await signedInPage(browser, app, 'esihenkilo');
      try {
        await counsellor.goto(`/${lang}/staff/queue`);
        const href = await counsellor
          .locator(`[data-qa="queue-row"][data-reference="${sent.reference}"] [data-qa="open-contact"]`)
          .getAttribute('href');
        const contactPath = href as string;
        await counsellor.goto(contactPath);
        // the work's forms come once the contact is claimed
        await counsellor.locator('[data-qa="claim"]').click();
        await counsellor.waitForURL(/done=claimed$/);
        await counsellor.locator('[data-qa="advice-text"]').fill('Neuvo');
        await counsellor.locator('[data-qa="submit-advice"]').click();
        await counsellor.waitForURL(/done=advice$/);

        const found: Record<string, string[]> = {};
        const check = async (page: Page, name: string, path: string) => {
          const res = await page.goto(path);
          expect(res?.status(), path).toBeLessThan(500);
          const { violations, passes } = await checkWcag(page);
          expect(passes.map((p) => p.id)).toContain('color-contrast');
          if (violations.length > 0) found[name] = describeViolations(violations);
        };
        await check(counsellor, 'queue', `/${lang}/staff/queue`);
        await check(counsellor, 'my-work', `/${lang}/staff/my-work`);
        await check(counsellor, 'new-contact', `/${lang}/staff/contacts/new`);
        await check(counsellor, 'roster', `/${lang}/staff/roster`);
        await check(manager, 'queue-manager', `/${lang}/staff/queue`);
        await check(manager, 'roster-manager', `/${lang}/staff/roster`);
        // the contact with every folded part open (the correction forms among them): axe sees all
        // the closed page has and what it folds away
        await counsellor.goto(contactPath);
        await counsellor.evaluate(() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
        });
        {
          const { violations } = await checkWcag(counsellor);
          if (violations.length > 0) found['contact-open'] = describeViolations(violations);
        }
        // the forms with their problems shown: closing posted empty, the log form posted empty
        await counsellor.locator('[data-qa="submit-close"]').click();
        await counsellor.waitForLoadState();
        {
          const { violations } = await checkWcag(counsellor);
          if (violations.length > 0) found['contact-errors'] = describeViolations(violations);
        }
        await counsellor.goto(`/${lang}/staff/contacts/new`);
        await counsellor.locator('[data-qa="log-submit"]').click();
        await counsellor.waitForLoadState();
        {
          const { violations } = await checkWcag(counsellor);
          if (violations.length > 0) found['new-contact-errors'] = describeViolations(violations);
        }
        expect(found).toEqual({});
      } finally {
        await counsellor.context().close();
        await manager.context().close();
      }
    }, 900_000); // nine pages through axe-core
  }

  it('the queue, a contact and the roster reflow to 390 and 320 CSS pixels without scrolling sideways', async () => {
    const sent = await submitContact(app, { safety: 'acute_danger' });
    const tooWide: string[] = [];
    for (const width of [390, 320]) {
      const page = await signedInPage(browser, app, 'neuvoja', { width });
      try {
        await page.goto('/fi/staff/queue');
        const href = await page
          .locator(`[data-qa="queue-row"][data-reference="${sent.reference}"] [data-qa="open-contact"]`)
          .getAttribute('href');
        for (const path of [
          '/fi/staff/queue',
          href as string,
          '/fi/staff/roster',
          '/fi/staff/contacts/new',
        ]) {
          await page.goto(path);
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          if (scrollWidth > clientWidth) tooWide.push(`${width}px ${path}: ${scrollWidth} > ${clientWidth}`);
        }
      } finally {
        await page.context().close();
      }
    }
    expect(tooWide).toEqual([]);
  });
});
