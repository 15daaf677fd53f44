// Feedback in Chromium without JavaScript (issue 13): a counsellor closes a contact → the
// family opens its status page, answers the feedback form (a problem first: beside its field
// and in the summary) and is thanked → a manager reads the comment. And WCAG 2.1 AA (as far as
// axe-core can tell) on the form (standard and plain language), its problems page, the thanks
// and the managers' page, in fi, sv and en at 1280 and 390 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translations } from '../../src/i18n/index.ts';
import { checkWcag, describeViolations } from '../e2e/axe.ts';
import { atWidth, chromiumAvailable, LANGS, launchBrowser } from '../e2e/browser.ts';
import { browserPage, type MeetingsApp, startMeetingsApp } from '../e2e/meetings-screenshots.ts';

describe.skipIf(!chromiumAvailable())('feedback in a browser', () => {
  let app: MeetingsApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startMeetingsApp(), launchBrowser()]);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A contact sent in a language and closed by the counsellor: its status page's path. */
  async function closedContact(lang: 'fi' | 'sv' | 'en') {
    const sent = await fetch(`${app.url}/api/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: crypto.randomUUID(),
        contacter: 'parent',
        municipality: '297',
        childAges: [4],
        topics: ['UNI'],
        message: 'Lapsi ei nukahda iltaisin.',
        replyChannel: 'status_page',
        language: lang,
      }),
    });
    const { statusUrl, reference } = (await sent.json()) as { statusUrl: string; reference: string };
    const { id } = await app.db
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const counsellor = await browserPage(browser, app, 'neuvoja');
    const api = counsellor.context().request;
    expect((await api.post(`/api/contacts/${id}/claim`, { data: {} })).status()).toBe(204);
    const closed = await api.post(`/api/contacts/${id}/close`, {
      data: { outcome: { outcome: 'resolved_one_contact' } },
    });
    expect(closed.status()).toBe(204);
    await counsellor.context().close();
    return new URL(statusUrl).pathname;
  }

  it('a contact closes → the family answers without JavaScript → the manager reads the comment', async () => {
    const status = await closedContact('fi');
    const family = await browserPage(browser, app, null);
    const t = translations('fi').feedback;
    try {
      await family.goto(`${status}#feedback`);
      await expect(family.locator('[data-qa="feedback-form"]').count()).resolves.toBe(1);
      // nothing chosen: the problem beside the field and in the summary
      await family.fill('#feedback-comment', 'Selaimella annettu palaute.');
      await family.click('[data-qa="feedback-submit"]');
      await expect(family.locator('[data-qa="feedback-error-summary"]').textContent()).resolves.toContain(
        t.form.gotHelpRequired,
      );
      await expect(family.locator('#feedback-gotHelp-error').textContent()).resolves.toBe(
        t.form.gotHelpRequired,
      );
      await expect(family.inputValue('#feedback-comment')).resolves.toBe('Selaimella annettu palaute.');
      await family.check('[data-qa="feedback-got-help-yes"]');
      await family.check('[data-qa="feedback-ease-5"]');
      await family.click('[data-qa="feedback-submit"]');
      expect(family.url()).toContain('feedback=thanks');
      await expect(family.locator('[data-qa="feedback-thanks"]').textContent()).resolves.toBe(t.form.thanks);
    } finally {
      await family.context().close();
    }
    const manager = await browserPage(browser, app, 'esihenkilo');
    try {
      await manager.goto('/fi/staff/feedback');
      await expect(manager.locator('[data-qa="feedback-comments"]').textContent()).resolves.toContain(
        'Selaimella annettu palaute.',
      );
      await expect(manager.locator('[data-qa="nav-feedback"]').count()).resolves.toBe(1);
    } finally {
      await manager.context().close();
    }
  });

  it('the feedback pages have no WCAG 2.1 A or AA violations in fi, sv and en, and reflow at 390 px', async () => {
    const found: Record<string, string[]> = {};
    for (const lang of LANGS) {
      const status = await closedContact(lang);
      // each page once: axe at the desktop width (its rules read the markup, the same at both
      // widths), then the same page narrowed to 390 px for sideways scrolling
      const family = await browserPage(browser, app, null, { javaScript: true });
      const manager = await browserPage(browser, app, 'esihenkilo', { javaScript: true });
      try {
        const check = async (page: Page, name: string) => {
          const { violations } = await checkWcag(page);
          if (violations.length > 0) found[`${lang} ${name}`] = describeViolations(violations);
          // nothing wider than the window, the phone's either (WCAG 1.4.10)
          for (const width of [1280, 390]) {
            const { scrollWidth, clientWidth } = await atWidth(page, width);
            if (scrollWidth > clientWidth) found[`${lang} ${name} ${width}px reflow`] = [`${scrollWidth}px`];
          }
          await page.setViewportSize({ width: 1280, height: 900 });
        };
        await family.goto(status);
        await check(family, 'form');
        if (lang === 'fi') {
          await family.goto(`${status}?selko=1`);
          await check(family, 'plain form');
        }
        await family.click('[data-qa="feedback-submit"]');
        await check(family, 'problems');
        await manager.goto(`/${lang}/staff/feedback`);
        await check(manager, 'comments');
      } finally {
        await family.context().close();
        await manager.context().close();
      }
      // the thanks, once (the answer is saved once per contact); axe needs script to run
      const thanks = await browserPage(browser, app, null, { javaScript: true });
      try {
        await thanks.goto(status);
        await thanks.check('[data-qa="feedback-got-help-partly"]');
        await thanks.click('[data-qa="feedback-submit"]');
        const { violations } = await checkWcag(thanks);
        if (violations.length > 0) found[`${lang} thanks`] = describeViolations(violations);
      } finally {
        await thanks.context().close();
      }
    }
    expect(found).toEqual({});
  }, 900_000);
});
