// Consultations in Chromium without JavaScript (issue 12): a partner (MLL's worker) sends an
// anonymous consultation — first with a phone number in the text, which comes back with the
// warning beside the field, then a clean one → the region's counsellor finds it in the
// consultations queue with its working-day clock, claims it and answers in writing → the
// partner sees the answer marked new and replies → the counsellor closes it with an outcome.
// And WCAG 2.1 AA (as far as axe-core can tell) on every consultation page in fi, sv and en at
// 1280 and 390 px, no page wider than the window, screenshots in SCREENSHOTS_DIR when set.
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { prepareNetwork } from '../../src/features/network/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { DB } from '../../src/platform/db/types.ts';
import { formatFinnishDate, respondByDate } from '../../src/platform/working-days.ts';
import { testAppConfig } from '../app.ts';
import { checkWcag, describeViolations } from './axe.ts';
import {
  atWidth,
  chromiumAvailable,
  LANGS,
  launchBrowser,
  newPage,
  type RunningApp,
  screenshot,
} from './browser.ts';

const ID = /\/staff\/consultations\/([0-9a-f-]{36})/;

type App = RunningApp & { db: Kysely<DB> };

/** The real application with the demo region, its network and the demo users. */
async function startApp(): Promise<App> {
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    await migrate(database);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await prepareNetwork(database.db, { seedDemo: true });
    const app = await buildApp(testAppConfig, database, pino({ level: 'silent' }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url,
      db: database.db,
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

/** A signed-in page, without JavaScript unless asked (axe-core needs it). */
async function signedInPage(browser: Browser, app: App, username: string, width = 1280, javaScript = false) {
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width, height: 900 },
  });
  const res = await page.context().request.post('/api/dev/session', { data: { username } });
  expect(res.status()).toBe(200);
  return page;
}

/** Every response of 400 or more the page got (the favicon aside), to compare with what was meant. */
function watchErrors(pages: Page[]): string[] {
  const errors: string[] = [];
  for (const page of pages)
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
    });
  return errors;
}

const text = async (page: Page, qa: string) =>
  ((await page.locator(`[data-qa="${qa}"]`).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** An anonymous consultation sent from the form as `username`: its id. */
async function sendFromForm(page: Page, lang: string, question: string): Promise<string> {
  await page.goto(`/${lang}/staff/my-consultations/new`);
  await page.locator('[data-qa="field-kind-consultation"]').check();
  await page.locator('[data-qa="field-about-anonymous"]').check();
  await page.locator('[data-qa="field-question"]').fill(question);
  await page.locator('[data-qa="send-consultation"]').click();
  await page.waitForURL(/done=sent$/);
  return ID.exec(page.url())?.[1] as string;
}

async function act(page: Page, step: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>) {
  const form = page.locator(`[data-qa="form-${step}"]`);
  await expect(form.count(), `the form of ${step}`).resolves.toBe(1);
  await fill(form);
  await form.locator(`[data-qa="submit-${step}"]`).click();
  await page.waitForURL(new RegExp(`done=${step}$`));
}

describe.skipIf(!chromiumAvailable())('consultations in a browser', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('partner consults anonymously (warned about a phone number) → counsellor claims and answers → partner replies → closed with an outcome', async () => {
    const partner = await signedInPage(browser, app, 'kumppani');
    const counsellor = await signedInPage(browser, app, 'neuvoja');
    try {
      const errors = watchErrors([partner, counsellor]);

      // the partner's workspace: "Omat konsultaatiot" in the navigation, the form from there
      await partner.goto('/fi/staff');
      await partner.locator('[data-qa="nav-my-consultations"]').click();
      await partner.waitForURL(/\/fi\/staff\/my-consultations$/);
      await partner.locator('[data-qa="new-consultation"]').click();
      await partner.waitForURL(/\/fi\/staff\/my-consultations\/new$/);
      await expect(partner.locator('[data-qa="field-notIdentifying"]').count()).resolves.toBe(0);

      // a phone number in an anonymous text: the warning beside the text, nothing sent
      await partner.locator('[data-qa="field-kind-consultation"]').check();
      await partner.locator('[data-qa="field-about-anonymous"]').check();
      const identifying = 'Perheen äiti (puh. 044 765 4321) on uupunut. Miten tukisin häntä?';
      await partner.locator('[data-qa="field-question"]').fill(identifying);
      await partner.locator('[data-qa="send-consultation"]').click();
      await partner.waitForLoadState();
      expect(partner.url()).toMatch(/\/fi\/staff\/my-consultations\/new$/);
      await expect(partner.locator('[data-qa="error-summary"]').count()).resolves.toBe(1);
      const warning = partner.locator('[data-qa="question-error"]');
      await expect(warning.count()).resolves.toBe(1);
      await expect(warning.textContent()).resolves.toContain('044 765 4321');
      // the warning is the text field's description, and the field keeps what was typed
      const question = partner.locator('[data-qa="field-question"]');
      await expect(question.getAttribute('aria-describedby')).resolves.toContain(
        (await warning.getAttribute('id')) as string,
      );
      await expect(question.inputValue()).resolves.toBe(identifying);
      await expect(partner.locator('[data-qa="field-notIdentifying"]').count()).resolves.toBe(1);
      await expect(app.db.selectFrom('consultation').select('id').execute()).resolves.toEqual([]);
      expect(errors).toEqual([expect.stringMatching(/^400 .*\/my-consultations\/new$/)]);
      errors.length = 0;

      // a clean text goes
      await question.fill('Perheen vanhempi on uupunut eikä jaksa hakea apua. Miten voisin tukea?');
      await partner.locator('[data-qa="send-consultation"]').click();
      await partner.waitForURL(/\/fi\/staff\/consultations\/[0-9a-f-]{36}\?done=sent$/);
      const id = ID.exec(partner.url())?.[1] as string;
      const path = `/fi/staff/consultations/${id}`;
      await expect(text(partner, 'consultation-state')).resolves.toBe('Odottaa');
      await expect(partner.locator('[data-qa="message-question"]').textContent()).resolves.toContain(
        'eikä jaksa hakea apua',
      );

      // the counsellor's queue: the working-day clock (the region's first-response promise)
      const { created_at } = await app.db
        .selectFrom('consultation')
        .select('created_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const region = await app.db
        .selectFrom('region')
        .select('first_response_working_days')
        .where('code', '=', 'pohjois-savo')
        .executeTakeFirstOrThrow();
      const promised = formatFinnishDate(respondByDate(created_at, region.first_response_working_days));
      await counsellor.goto('/fi/staff');
      await counsellor.locator('[data-qa="nav-consultations"]').click();
      await counsellor.waitForURL(/\/fi\/staff\/consultations$/);
      const row = counsellor.locator(
        `[data-qa="consultations-queue"] [data-qa="consultation-row"]:has(a[href="${path}"])`,
      );
      await expect(row.count()).resolves.toBe(1);
      await expect(row.locator('[data-qa="respond-by"]').textContent()).resolves.toContain(promised);
      await expect(row.textContent()).resolves.toContain('MLL Pohjois-Savon piiri');
      await row.locator('[data-qa="consultation-link"]').click();
      await counsellor.waitForURL(new RegExp(`${path}$`));
      await expect(text(counsellor, 'respond-by')).resolves.toContain(promised);
      await expect(text(counsellor, 'family')).resolves.toBe('Nimetön');

      // claims it and answers in writing (first without text: told beside the field)
      await act(counsellor, 'claim', async () => {});
      await expect(text(counsellor, 'consultation-state')).resolves.toBe('Työn alla');
      await expect(text(counsellor, 'claimed-by')).resolves.toBeTruthy();
      const answer = counsellor.locator('[data-qa="form-answer"]');
      await answer.locator('[data-qa="answer-answerKind-written"]').check();
      await answer.locator('[data-qa="submit-answer"]').click();
      await counsellor.waitForLoadState();
      await expect(
        counsellor.locator('[data-qa="form-answer"] [data-qa="error-summary-answer"]').count(),
      ).resolves.toBe(1);
      expect(errors).toEqual([expect.stringMatching(/^400 .*\/answer$/)]);
      errors.length = 0;
      await act(counsellor, 'answer', async (form) => {
        await form.locator('[data-qa="answer-answerKind-written"]').check();
        await form
          .locator('[data-qa="answer-body"]')
          .fill('Kerro perheelle perhekeskuksen neuvonnasta.\nHe voivat pyytää neuvoa itse verkossa.');
      });
      await expect(text(counsellor, 'consultation-state')).resolves.toBe('Vastattu');

      // the partner sees the answer marked new, reads it and replies
      await partner.goto('/fi/staff/my-consultations');
      const mine = partner.locator(
        `[data-qa="consultations-mine"] [data-qa="consultation-row"]:has(a[href="${path}"])`,
      );
      await expect(mine.locator('[data-qa="new-answer"]').count()).resolves.toBe(1);
      await mine.locator('[data-qa="consultation-link"]').click();
      await partner.waitForURL(new RegExp(`${path}$`));
      await expect(partner.locator('[data-qa="message-answer"]').textContent()).resolves.toContain(
        'perhekeskuksen neuvonnasta',
      );
      await act(partner, 'reply', async (form) => {
        await form.locator('[data-qa="reply-body"]').fill('Kiitos, kerron perheelle.');
      });
      await expect(partner.locator('[data-qa="message-reply"]').textContent()).resolves.toContain(
        'Kiitos, kerron perheelle.',
      );
      // read: no longer marked new
      await partner.goto('/fi/staff/my-consultations');
      await expect(mine.locator('[data-qa="new-answer"]').count()).resolves.toBe(0);

      // the counsellor sees the reply and closes it: advice given
      await counsellor.goto(path);
      await expect(counsellor.locator('[data-qa="message-reply"]').textContent()).resolves.toContain(
        'Kiitos, kerron perheelle.',
      );
      await act(counsellor, 'close', async (form) => {
        await form.locator('[data-qa="close-outcome-advice_given"]').check();
      });
      await expect(text(counsellor, 'consultation-state')).resolves.toBe('Päättynyt');
      await expect(text(counsellor, 'outcome')).resolves.toContain('Neuvottu');
      await expect(counsellor.locator('[data-qa="no-steps"]').count()).resolves.toBe(1);
      const thread = counsellor.locator('[data-qa="thread"] li');
      await expect(thread.count()).resolves.toBeGreaterThanOrEqual(3);

      // the partner sees the outcome; the queue no longer waits for it
      await partner.goto(path);
      await expect(text(partner, 'outcome')).resolves.toContain('Neuvottu');
      expect(errors).toEqual([]);
    } finally {
      for (const page of [partner, counsellor]) await page.context().close();
    }
  });

  it('the consultation pages have no WCAG 2.1 A or AA violations in fi, sv and en at 1280 and 390 px', async () => {
    // one consultation per state the pages show: waiting, claimed, answered, closed
    const partner = await signedInPage(browser, app, 'opettaja');
    const counsellor = await signedInPage(browser, app, 'neuvoja');
    const ids: Record<string, string> = {};
    try {
      ids.waiting = await sendFromForm(
        partner,
        'fi',
        'Oppilas väsyy koulupäivän aikana. Miten ottaisin asian puheeksi?',
      );
      ids.claimed = await sendFromForm(partner, 'fi', 'Miten puhua vanhempien erosta luokassa?');
      ids.answered = await sendFromForm(partner, 'fi', 'Oppilaalla on raivokohtauksia välitunnilla.');
      for (const key of ['claimed', 'answered']) {
        await counsellor.goto(`/fi/staff/consultations/${ids[key]}`);
        await act(counsellor, 'claim', async () => {});
      }
      await act(counsellor, 'answer', async (form) => {
        await form.locator('[data-qa="answer-answerKind-written"]').check();
        await form.locator('[data-qa="answer-body"]').fill('Sovitaan puhelu, niin käydään tilanne läpi.');
      });
    } finally {
      for (const page of [partner, counsellor]) await page.context().close();
    }

    const found: Record<string, string[]> = {};
    for (const lang of LANGS) {
      const pages: { who: string; name: string; path: string; act?: (page: Page) => Promise<void> }[] = [
        { who: 'neuvoja', name: 'queue', path: `/${lang}/staff/consultations` },
        { who: 'opettaja', name: 'mine', path: `/${lang}/staff/my-consultations` },
        { who: 'opettaja', name: 'new', path: `/${lang}/staff/my-consultations/new` },
        {
          who: 'opettaja',
          name: 'new-warned',
          path: `/${lang}/staff/my-consultations/new`,
          act: async (page) => {
            await page
              .locator('[data-qa="field-question"]')
              .fill('Oppilaan isä, puh. 040 123 4567, kysyy neuvoa.');
            await page.locator('[data-qa="send-consultation"]').click();
            await page.waitForLoadState();
          },
        },
        { who: 'neuvoja', name: 'waiting', path: `/${lang}/staff/consultations/${ids.waiting}` },
        { who: 'neuvoja', name: 'claimed', path: `/${lang}/staff/consultations/${ids.claimed}` },
        {
          who: 'neuvoja',
          name: 'claimed-errors',
          path: `/${lang}/staff/consultations/${ids.claimed}`,
          act: async (page) => {
            await page.locator('[data-qa="submit-answer"]').click();
            await page.waitForLoadState();
          },
        },
        { who: 'opettaja', name: 'answered', path: `/${lang}/staff/consultations/${ids.answered}` },
      ];
      for (const p of pages) {
        // one page per state: axe at the desktop width (its rules read the markup, the same at both
        // widths), then the same page narrowed to 390 px for sideways scrolling and touch targets
        const page = await signedInPage(browser, app, p.who, 1280, true);
        try {
          const res = await page.goto(p.path);
          expect(res?.status(), `${lang} ${p.name}`).toBe(200);
          if (p.act) await p.act(page);
          const { violations } = await checkWcag(page);
          if (violations.length > 0) found[`${lang} ${p.name}`] = describeViolations(violations);
          for (const width of [1280, 390]) {
            const { scrollWidth, clientWidth } = await atWidth(page, width);
            if (scrollWidth > clientWidth)
              found[`${lang} ${p.name} ${width}px wide`] = [`${scrollWidth}px wide`];
            // every field is a 44 px touch target, a date-and-time field too (WCAG 2.5.5 as a habit)
            const small = await page.evaluate(() =>
              [
                ...document.querySelectorAll(
                  'input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea',
                ),
              ]
                .filter(
                  (e) => (e as HTMLElement).offsetParent !== null && e.getBoundingClientRect().height < 44,
                )
                .map(
                  (e) =>
                    `${e.tagName.toLowerCase()}[type=${e.getAttribute('type')}] ${e.getAttribute('name')}`,
                ),
            );
            if (small.length > 0) found[`${lang} ${p.name} ${width}px small fields`] = small;
            await screenshot(page, `${p.name}-${lang}-${width}`, { fullPage: true });
          }
        } finally {
          await page.context().close();
        }
      }
    }
    expect(found).toEqual({});
  }, 900_000);
});
