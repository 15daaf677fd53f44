// Consent between registries in Chromium without JavaScript (issue 11): the counsellor asks the
// family for consent to disclose the handoff summary to MLL (another registry) → the family
// accepts on their status page → MLL's receiving worker reads the handoff → the family
// withdraws → the worker gets "not found". And WCAG 2.1 AA (as far as axe-core can tell) on the
// consent pages in fi, sv and en, with screenshots at 390 and 1280 px in SCREENSHOTS_DIR when it is set.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { clientId, seedDemoUsers, staffUserId } from '../../src/features/identity/demo.ts';
import { prepareNetwork, unitSeedId } from '../../src/features/network/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { DB } from '../../src/platform/db/types.ts';
import { stableUuid } from '../../src/platform/ids.ts';
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

const MLL = {
  organization: stableUuid('organization', 'pohjois-savo/mll-pohjois-savon-piiri'),
  service: stableUuid('service', 'pohjois-savo/mll-kaveritoiminta'),
  unit: unitSeedId('pohjois-savo', 'mll-kaveritoiminta'),
};
const NEXT_YEAR = `${new Date().getUTCFullYear() + 1}-05-31`;

/** The real application with the demo region, its network, and a receiving worker at MLL. */
async function startApp(): Promise<RunningApp & { db: Kysely<DB> }> {
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    await migrate(database);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await prepareNetwork(database.db, { seedDemo: true });
    await seedDemoUsers(database.db, {
      organizations: [],
      staff: [
        {
          username: 'mll-vastaanottaja',
          name: 'Minna Mannerheimilainen',
          region: 'pohjois-savo',
          organization: 'mll-pohjois-savon-piiri',
          roles: ['receiving_worker'],
        },
      ],
      clients: [],
    });
    await database.db
      .updateTable('staff_user')
      .set({ unit_id: MLL.unit })
      .where('id', '=', staffUserId('mll-vastaanottaja'))
      .execute();
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

/** A page without JavaScript (the forms work without it); axe-core needs it, so its pages have it. */
async function signedInPage(
  browser: Browser,
  app: RunningApp,
  username: string | null,
  width = 1280,
  javaScript = false,
) {
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width, height: 900 },
  });
  if (username) {
    const res = await page.context().request.post('/api/dev/session', { data: { username } });
    expect(res.status()).toBe(200);
  }
  return page;
}

/** A family's contact, handed over to MLL's support-person unit by the counsellor (the page's session). */
async function handedToMll(app: RunningApp & { db: Kysely<DB> }, counsellor: Page) {
  const res = await fetch(`${app.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      idempotencyKey: randomUUID(),
      contacter: 'parent',
      municipality: '297',
      childAges: [7],
      topics: ['TUNTEET_KAYTTAYTYMINEN'],
      message: 'Seitsemänvuotias tarvitsisi aikuisen kaverin. Olemme uupuneita.',
      name: 'Maija Mallikas',
      replyChannel: 'phone',
      phone: '040 123 4567',
      language: 'fi',
    }),
  });
  expect(res.status).toBe(201);
  const sent = (await res.json()) as { reference: string; statusUrl: string };
  const contact = await app.db
    .selectFrom('contact')
    .select('id')
    .where('reference', '=', sent.reference)
    .executeTakeFirstOrThrow();
  const handoffId = randomUUID();
  const handed = await counsellor.context().request.post('/api/handoffs', {
    data: {
      handoffId,
      contactId: contact.id,
      targetServiceId: MLL.service,
      targetUnitId: MLL.unit,
      summary: 'Seitsemänvuotias tarvitsee tukihenkilön; äiti uupunut.',
      familyAgreement: 'verbal',
      matchReasons: [{ code: 'topic_fit', text: 'Sopii aiheeseen' }],
    },
  });
  expect(handed.status(), await handed.text()).toBe(201);
  return { contactId: contact.id, handoffId, statusPath: new URL(sent.statusUrl).pathname };
}

describe.skipIf(!chromiumAvailable())('consent between registries in a browser', () => {
  let app: RunningApp & { db: Kysely<DB> };
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the counsellor asks → the family accepts → MLL reads the handoff → the family withdraws → MLL gets "not found"', async () => {
    const counsellor = await signedInPage(browser, app, 'neuvoja');
    const family = await signedInPage(browser, app, null);
    const mll = await signedInPage(browser, app, 'mll-vastaanottaja');
    try {
      const c = await handedToMll(app, counsellor);
      const handoffPage = `/fi/staff/handoffs/${c.handoffId}`;
      const inInbox = async () => {
        await mll.goto('/fi/staff/handoffs');
        return mll.locator(`[data-qa="handoff-row"][data-id="${c.handoffId}"]`).count();
      };

      // the contact page's panel: MLL is another registry
      await counsellor.goto(`/fi/staff/contacts/${c.contactId}`);
      await expect(
        counsellor.locator('[data-qa="consent-panel"] [data-qa="consent-organisation"]').count(),
      ).resolves.toBe(1);
      await counsellor.locator('[data-qa="consent-manage"]').click();
      await counsellor.waitForURL(/\/consent$/);

      // The handoff form's "the family agreed (verbally)" is itself recorded as the family's
      // consent for the summary to MLL (recordHandoffAgreement). In this flow the family's say
      // must come only through the consent request: they take the verbal agreement back by
      // phone and the counsellor records it on the consent page. From then on MLL has no basis
      // at all — "not found", and the handoff is not in its inbox — until the family accepts.
      await counsellor.locator('[data-qa="consent-details-withdrawal"] summary').click();
      const withdrawal = counsellor.locator('[data-qa="consent-form-withdrawal"]');
      await expect(withdrawal.locator('input[name="directiveId"]').count()).resolves.toBe(1);
      await withdrawal.locator('input[name="directiveId"]').check();
      await withdrawal.locator('input[name="channel"][value="phone"]').check();
      await withdrawal.locator('[data-qa="consent-submit-withdrawal"]').click();
      await counsellor.waitForURL(/done=withdrawalRecorded$/);
      expect((await mll.goto(handoffPage))?.status()).toBe(404);
      await expect(inInbox()).resolves.toBe(0);

      // ask for consent: the person who got in touch, MLL, the handoff summary
      await counsellor.locator('[data-qa="consent-details-request"] summary').click();
      const form = counsellor.locator('[data-qa="consent-form-request"]');
      await form.locator('input[name="subjectPersonIds"]').first().check();
      await form.locator(`input[name="recipientOrganizationIds"][value="${MLL.organization}"]`).check();
      await form.locator('[data-qa="consent-request-categories-handoff_summary"]').check();
      await form.locator('[data-qa="consent-request-purposeCode"]').selectOption('arranging_service');
      await form.locator('[data-qa="consent-request-validUntil"]').fill(NEXT_YEAR);
      await form.locator('[data-qa="consent-submit-request"]').click();
      await counsellor.waitForURL(/done=request$/);
      await expect(
        counsellor.locator('[data-qa="consent-request-state"]').first().textContent(),
      ).resolves.toBe('Odottaa vastausta');

      // the family accepts on their status page
      await family.goto(c.statusPath);
      const request = family.locator('[data-qa="status-consent"] [data-qa="consent-request"]');
      await expect(request.textContent()).resolves.toContain('MLL Pohjois-Savon piiri');
      await request.locator('[data-qa="consent-accept"]').click();
      await family.waitForURL(/consent=accepted#consent$/);
      await expect(family.locator('[data-qa="consent-flash"]').textContent()).resolves.toContain(
        'Suostumus on annettu',
      );

      // MLL's receiving worker finds the handoff in the inbox and reads the summary
      await expect(inInbox()).resolves.toBe(1);
      const read = await mll.goto(handoffPage);
      expect(read?.status()).toBe(200);
      await expect(mll.locator('main').textContent()).resolves.toContain('tukihenkilön');

      // the family withdraws on their status page (a confirmation step); the verbal agreement
      // withdrawn before is listed as ended, without "withdraw"
      await family.goto(c.statusPath);
      await expect(
        family.locator('[data-qa="status-consent-past"] [data-qa="consent-directive"]').count(),
      ).resolves.toBe(1);
      const withdraw = family.locator('[data-qa="status-consent"] [data-qa="consent-withdraw"]');
      await expect(withdraw.count(), 'the status page offers to withdraw the consent').resolves.toBe(1);
      await withdraw.click();
      await family.locator('[data-qa="withdraw-confirm"]').click();
      await family.waitForURL(/consent=withdrawn#consent$/);

      // the next read is refused, and the inbox no longer holds the handoff
      const after = await mll.goto(handoffPage);
      expect(after?.status()).toBe(404);
      await expect(inInbox()).resolves.toBe(0);
    } finally {
      for (const page of [counsellor, family, mll]) await page.context().close();
    }
  });

  it('the consent pages have no WCAG 2.1 A or AA violations in fi, sv and en; screenshots at 390 and 1280 px', async () => {
    const setup = await signedInPage(browser, app, 'neuvoja');
    const c = await handedToMll(app, setup);
    // a request open for the family, and a consent already given by phone
    await setup.goto(`/fi/staff/contacts/${c.contactId}/consent`);
    const [contacter] = await app.db
      .selectFrom('consent_person')
      .select('id')
      .where('contact_id', '=', c.contactId)
      .execute();
    // the demo client is the contacter: My consents shows the request and, waiting for their
    // confirmation, the handoff's verbal agreement the counsellor recorded
    await app.db
      .updateTable('consent_person')
      .set({ client_id: clientId('asiakas') })
      .where('id', '=', contacter?.id as string)
      .execute();
    const requestForm = setup.locator('[data-qa="consent-form-request"]');
    await setup.locator('[data-qa="consent-details-request"] summary').click();
    await requestForm.locator(`input[name="subjectPersonIds"][value="${contacter?.id}"]`).check();
    await requestForm.locator(`input[name="recipientOrganizationIds"][value="${MLL.organization}"]`).check();
    await requestForm.locator('[data-qa="consent-request-categories-mapping"]').check();
    await requestForm.locator('[data-qa="consent-request-categories-handoff_summary"]').check();
    await requestForm.locator('[data-qa="consent-request-validUntil"]').fill(NEXT_YEAR);
    await requestForm.locator('[data-qa="consent-submit-request"]').click();
    await setup.waitForURL(/done=request$/);
    await setup.context().close();
    const request = await app.db
      .selectFrom('consent_request')
      .select('id')
      .where('contact_id', '=', c.contactId)
      .executeTakeFirstOrThrow();

    const found: Record<string, string[]> = {};
    for (const lang of LANGS) {
      const statusPath = c.statusPath.replace(
        /^\/fi\/tilanne\//,
        lang === 'fi' ? '/fi/tilanne/' : `/${lang}/status/`,
      );
      const pages: { who: string | null; name: string; path: string }[] = [
        { who: 'neuvoja', name: 'contact-panel', path: `/${lang}/staff/contacts/${c.contactId}` },
        { who: 'neuvoja', name: 'staff-consent', path: `/${lang}/staff/contacts/${c.contactId}/consent` },
        { who: null, name: 'status', path: `${statusPath}#consent` },
        { who: null, name: 'narrow', path: `${statusPath}/consent/${request.id}/narrow` },
        { who: 'asiakas', name: 'my-consents', path: `/${lang}/my/consents` },
        { who: 'tietosuoja', name: 'dpo', path: `/${lang}/staff/access-log/consents` },
        { who: 'tietosuoja', name: 'dpo-events', path: `/${lang}/staff/access-log/consents?kind=events` },
      ];
      for (const p of pages) {
        // one page each: axe at the desktop width (its rules read the markup), then the same page
        // narrowed to 390 px for sideways scrolling
        const page = await signedInPage(browser, app, p.who, 1280, true);
        try {
          const res = await page.goto(p.path);
          expect(res?.status(), `${lang} ${p.name}`).toBe(200);
          // the forms of the counsellor's page open, so that axe and the screenshot see them
          if (p.name === 'staff-consent')
            for (const d of await page.locator('details').all())
              await d.evaluate((el) => el.setAttribute('open', ''));
          const { violations } = await checkWcag(page);
          if (violations.length > 0) found[`${lang} ${p.name}`] = describeViolations(violations);
          for (const width of [1280, 390]) {
            const { scrollWidth, clientWidth } = await atWidth(page, width);
            if (scrollWidth > clientWidth) found[`${lang} ${p.name} ${width}px`] = [`${scrollWidth}px wide`];
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
