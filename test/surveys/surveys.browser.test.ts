// Surveys in Chromium (issue 13): a manager builds a survey with one question of each kind
// without JavaScript, publishes it, a respondent answers on the public link in Swedish without
// JavaScript, and the manager reads the results (small counts as "<5", free texts withheld
// under five responses). axe-core (WCAG 2.1 AA) clean on the builder, its preview, the public
// page (also with its problems) and the results in fi, sv and en; nothing wider than a 390 px
// phone. Screenshots at 390 and 1280 px into SCREENSHOTS_DIR when it is set.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translations } from '../../src/i18n/index.ts';
import { helsinkiDate } from '../../src/platform/working-days.ts';
import { checkWcag, describeViolations } from '../e2e/axe.ts';
import {
  atWidth,
  chromiumAvailable,
  LANGS,
  type Lang,
  launchBrowser,
  newPage,
  type RunningApp,
  screenshot,
  startApp,
} from '../e2e/browser.ts';

/** Clicks a submit button and waits for the page the (script-free) form leads to. */
async function submit(page: Page, selector: string) {
  const loaded = page.waitForEvent('load');
  await page.locator(selector).click();
  await loaded;
}

interface QuestionInput {
  kind: 'single' | 'multiple' | 'scale' | 'text';
  fi: string;
  sv: string;
  en: string;
  options?: { fi: string; sv: string; en: string };
  required?: boolean;
}

const QUESTIONS: QuestionInput[] = [
  {
    kind: 'single',
    fi: 'Miten otit yhteyttä?',
    sv: 'Hur kontaktade du oss?',
    en: 'How did you contact us?',
    options: { fi: 'Verkossa\nPuhelimessa', sv: 'På webben\nPer telefon', en: 'Online\nBy phone' },
    required: true,
  },
  {
    kind: 'multiple',
    fi: 'Mistä sait apua?',
    sv: 'Var fick du hjälp?',
    en: 'Where did you get help?',
    options: {
      fi: 'Perheneuvola\nNeuvola\nKoulu',
      sv: 'Familjerådgivningen\nRådgivningen\nSkolan',
      en: 'Family counselling\nChild health clinic\nSchool',
    },
  },
  {
    kind: 'scale',
    fi: 'Kuinka tyytyväinen olit?',
    sv: 'Hur nöjd var du?',
    en: 'How satisfied were you?',
    required: true,
  },
  { kind: 'text', fi: 'Mitä muuta haluat sanoa?', sv: 'Vad mer vill du säga?', en: 'Anything else?' },
];

const inDays = (days: number) => helsinkiDate(new Date(Date.now() + days * 86_400_000));

describe.skipIf(!chromiumAvailable())('surveys in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let builderPath = '';
  let publicPath = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function manager(width = 1280, javaScript = false): Promise<Page> {
    const page = await newPage(browser, {
      baseURL: app.url,
      javaScriptEnabled: javaScript,
      viewport: { width, height: 900 },
    });
    const res = await page.context().request.post('/api/dev/session', { data: { username: 'esihenkilo' } });
    expect(res.status()).toBe(200);
    return page;
  }

  it('a manager builds and publishes a survey, a respondent answers in Swedish, the manager reads the results, all without JavaScript', async () => {
    const t = translations('fi').surveys;
    const page = await manager(390);
    try {
      // a new draft
      await page.goto('/fi/staff/surveys');
      await page.locator('#new-audience-clients').check();
      await page.locator('#new-title_fi').fill('Asiakaskysely 2026');
      await page.locator('#new-title_sv').fill('Kundenkät 2026');
      await page.locator('#new-title_en').fill('Client survey 2026');
      await page.locator('#new-intro_fi').fill('Kerro, miten yhteydenotto sujui.');
      await page.locator('#new-intro_sv').fill('Berätta hur kontakten gick.');
      await page.locator('#new-opensOn').fill(inDays(0));
      await page.locator('#new-closesOn').fill(inDays(30));
      await submit(page, '[data-qa="create-survey"]');
      expect(page.url()).toMatch(/\/fi\/staff\/surveys\/[0-9a-f-]{36}\?done=created/);
      builderPath = new URL(page.url()).pathname;
      await expect(page.locator('[data-qa="no-questions"]').count()).resolves.toBe(1);
      // a draft is not "closed": it says the days it will take answers once published
      const state = (await page.locator('[data-qa="survey-state"]').textContent()) ?? '';
      expect(state).toContain(t.state.draft);
      expect(state).not.toContain(t.builder.isClosed);
      expect(state).toMatch(/\d{1,2}\.\d{1,2}\.\d{4}–\d{1,2}\.\d{1,2}\.\d{4}/);

      // publishing without questions: the problem beside the form, nothing changed
      await submit(page, '[data-qa="publish"]');
      await expect(page.locator('#publish-questions-error').count()).resolves.toBe(1);
      await expect(page.locator('#publish-summary').count()).resolves.toBe(1);
      await expect(page.locator('[data-qa="survey-state"]').textContent()).resolves.toContain(t.state.draft);

      // a choice question without options: the problem beside its field, the typed text kept
      await page.locator('#add-kind').selectOption('single');
      await page.locator('#add-text_fi').fill('Ilman vaihtoehtoja');
      await submit(page, '[data-qa="add-question"]');
      await expect(page.locator('#add-options_fi-error').count()).resolves.toBe(1);
      await expect(page.locator('#add-text_fi').inputValue()).resolves.toBe('Ilman vaihtoehtoja');

      // one question of each kind
      for (const q of QUESTIONS) {
        await page.locator('#add-kind').selectOption(q.kind);
        await page.locator('#add-text_fi').fill(q.fi);
        await page.locator('#add-text_sv').fill(q.sv);
        await page.locator('#add-text_en').fill(q.en);
        await page.locator('#add-options_fi').fill(q.options?.fi ?? '');
        await page.locator('#add-options_sv').fill(q.options?.sv ?? '');
        await page.locator('#add-options_en').fill(q.options?.en ?? '');
        if (q.required) await page.locator('#add-required').check();
        else await page.locator('#add-required').uncheck();
        await submit(page, '[data-qa="add-question"]');
        expect(page.url()).toContain('done=questionAdded');
      }
      await expect(page.locator('[data-qa="questions"] > li').count()).resolves.toBe(4);
      for (const [i, q] of QUESTIONS.entries())
        await expect(page.locator(`[data-qa="question-${i + 1}"]`).textContent()).resolves.toContain(
          t.kind[q.kind],
        );
      // nothing wider than the phone
      const builderWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(builderWidth).toBeLessThanOrEqual(390);

      await submit(page, '[data-qa="publish"]');
      await expect(page.locator('[data-qa="survey-state"]').textContent()).resolves.toContain(
        t.state.published,
      );
      await expect(page.locator('[data-qa="frozen"]').count()).resolves.toBe(1);
      const link = (await page.locator('[data-qa="public-link"] .link-text').textContent()) ?? '';
      expect(link).toMatch(/\/fi\/survey\/[A-Za-z0-9_-]+$/);
      publicPath = new URL(link).pathname;
    } finally {
      await page.context().close();
    }

    // a respondent on the public link, in Swedish, on a phone without JavaScript
    const ts = translations('sv').surveys;
    const svPath = publicPath.replace(/^\/fi\//, '/sv/');
    const respondent = await newPage(browser, {
      baseURL: app.url,
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
      locale: 'sv-FI',
    });
    try {
      await respondent.goto(svPath);
      await expect(respondent.locator('h1').textContent()).resolves.toBe('Kundenkät 2026');
      await expect(respondent.locator('html').getAttribute('lang')).resolves.toBe('sv');
      const groups = respondent.locator('[data-qa="answer-form"] fieldset');
      await expect(groups.count()).resolves.toBe(3);
      await expect(groups.nth(0).textContent()).resolves.toContain('Hur kontaktade du oss?');
      await expect(groups.nth(1).textContent()).resolves.toContain('Familjerådgivningen');
      // the required questions left empty: their problems beside them
      await submit(respondent, '[data-qa="submit-answer"]');
      await expect(
        respondent.locator('.error-summary, [data-qa="error-summary"]').count(),
      ).resolves.toBeGreaterThan(0);
      await expect(respondent.locator('.field-error').count()).resolves.toBe(2);
      // answered
      await groups.nth(0).locator('input[value="1"]').check();
      await groups.nth(1).locator('input[value="0"]').check();
      await groups.nth(1).locator('input[value="2"]').check();
      await groups.nth(2).locator('input[value="4"]').check();
      await respondent.locator('[data-qa="answer-form"] textarea').fill('Tack för hjälpen!');
      const width = await respondent.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await submit(respondent, '[data-qa="submit-answer"]');
      await expect(respondent.locator('[data-qa="survey-thanks"]').textContent()).resolves.toContain(
        ts.answer.thanksTitle,
      );
    } finally {
      await respondent.context().close();
    }

    // the manager reads the results: one response, shown as "<5"; the free text withheld
    const reader = await manager(390);
    try {
      await reader.goto(`${builderPath}/results`);
      await expect(reader.locator('[data-qa="responses"]').textContent()).resolves.toContain('<5');
      // a question's n is its breakdown's total: a small count's mark, or withheld ("..") since
      // its one hidden cell could be recovered from it
      await expect(reader.locator('[data-qa="n-1"]').textContent()).resolves.toMatch(/(<5|\.\.)$/);
      const single = await reader.locator('[data-qa="table-1"] tbody tr').allTextContents();
      expect(single.some((r) => r.includes('Puhelimessa') && r.includes('<5'))).toBe(true);
      await expect(reader.locator('[data-qa="table-3"]').textContent()).resolves.toContain('<5');
      await expect(reader.locator('[data-qa="texts-withheld-4"]').count()).resolves.toBe(1);
      await expect(reader.locator('main').textContent()).resolves.not.toContain('Tack för hjälpen!');
      await expect(reader.locator('[data-qa="legend"]').count()).resolves.toBe(1);
      const width = await reader.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await reader.goto(builderPath);
      // one response: the builder's count is protected as the results are
      await expect(reader.locator('[data-qa="survey-responses"]').textContent()).resolves.toContain('<5');
    } finally {
      await reader.context().close();
    }
  }, 900_000);

  it('the builder, its preview, the public page and the results are WCAG 2.1 AA clean in fi, sv and en, and fit a 390 px phone', async () => {
    expect(builderPath).not.toBe('');
    // a draft too, so the builder's editing forms are checked (the published one is frozen)
    const setup = await manager();
    let draftPath = '';
    try {
      await setup.goto('/fi/staff/surveys');
      await setup.locator('#new-audience-professionals').check();
      await setup.locator('#new-title_fi').fill('Yhteistyökumppanien kysely');
      await setup.locator('#new-opensOn').fill(inDays(0));
      await setup.locator('#new-closesOn').fill(inDays(14));
      await submit(setup, '[data-qa="create-survey"]');
      draftPath = new URL(setup.url()).pathname;
      for (const q of QUESTIONS.slice(0, 2)) {
        await setup.locator('#add-kind').selectOption(q.kind);
        await setup.locator('#add-text_fi').fill(q.fi);
        await setup.locator('#add-options_fi').fill(q.options?.fi ?? '');
        await submit(setup, '[data-qa="add-question"]');
      }
    } finally {
      await setup.context().close();
    }

    // seven more answers, so that the results have figures and free texts to show
    for (let r = 0; r < 7; r++) {
      const respondent = await newPage(browser, { baseURL: app.url, javaScriptEnabled: false });
      try {
        await respondent.goto(publicPath);
        const groups = respondent.locator('[data-qa="answer-form"] fieldset');
        await groups
          .nth(0)
          .locator(`input[value="${r % 3 === 0 ? 0 : 1}"]`)
          .check();
        await groups.nth(1).locator('input[value="0"]').check();
        if (r % 2) await groups.nth(1).locator('input[value="1"]').check();
        await groups
          .nth(2)
          .locator(`input[value="${r < 5 ? 4 : 5}"]`)
          .check();
        await respondent.locator('[data-qa="answer-form"] textarea').fill(`Vastaus ${r + 1}: kiitos avusta.`);
        await submit(respondent, '[data-qa="submit-answer"]');
        await expect(respondent.locator('[data-qa="survey-thanks"]').count()).resolves.toBe(1);
      } finally {
        await respondent.context().close();
      }
    }

    const found: Record<string, string[]> = {};
    // each page once: axe at the desktop width (its rules read the markup, the same at both
    // widths), then the same page narrowed to 390 px for sideways scrolling
    const check = async (page: Page, name: string) => {
      const { violations } = await checkWcag(page);
      if (violations.length > 0) found[name] = describeViolations(violations);
      for (const width of [1280, 390]) {
        const { scrollWidth, clientWidth } = await atWidth(page, width);
        if (scrollWidth > clientWidth) found[`${name} ${width} reflow`] = [`${scrollWidth} > ${clientWidth}`];
        await screenshot(page, `${name.replaceAll(' ', '-')}-${width}`, { fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    };
    for (const lang of LANGS as readonly Lang[]) {
      const page = await manager(1280, true);
      const visitor = await newPage(browser, {
        baseURL: app.url,
        javaScriptEnabled: true,
        viewport: { width: 1280, height: 900 },
      });
      try {
        const at = (path: string) => path.replace(/^\/fi\//, `/${lang}/`);
        await page.goto(at(draftPath));
        await check(page, `survey-builder-draft ${lang}`);
        // a question's problem beside its field (the add form posted empty)
        await page.locator('#add-kind').selectOption('single');
        await submit(page, '[data-qa="add-question"]');
        await check(page, `survey-builder-errors ${lang}`);
        await page.goto(at(builderPath));
        await check(page, `survey-builder-published ${lang}`);
        await page.goto(`${at(draftPath)}/preview`);
        await check(page, `survey-preview ${lang}`);
        await page.goto(`${at(builderPath)}/results`);
        await check(page, `survey-results ${lang}`);
        await page.goto(at('/fi/staff/surveys'));
        await check(page, `survey-list ${lang}`);
        await visitor.goto(at(publicPath));
        await check(visitor, `survey-public ${lang}`);
        await submit(visitor, '[data-qa="submit-answer"]');
        await check(visitor, `survey-public-errors ${lang}`);
      } finally {
        await page.context().close();
        await visitor.context().close();
      }
    }
    expect(found).toEqual({});
  }, 900_000);
});
