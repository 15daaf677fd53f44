// Full-page screenshots of the warm handoff's pages (a contact's suggestions, an urgent one's,
// the lists of a counsellor, a receiving worker and a manager, a handoff as its receiver and as
// its sender after a decline) at phone and desktop widths in fi, sv and en, for looking at the
// layout by eye (not part of npm test):
//   npx tsx test/e2e/handoffs-screenshots.ts [folder]   (default /tmp/shots-handoffs)
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { prepareNetwork, unitSeedId } from '../../src/features/network/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { helsinkiDate } from '../../src/platform/working-days.ts';
import { testAppConfig } from '../app.ts';
import { CHROMIUM_PATH, chromiumAvailable, LANGS, launchBrowser, newPage } from './browser.ts';

const WIDTHS = [390, 1280];
const OUT = process.argv[2] ?? '/tmp/shots-handoffs';
const SERVICE = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const UNIT = unitSeedId('pohjois-savo', 'perheneuvola-kuopio');

const MAPPING = (extra: Record<string, unknown> = {}) => ({
  contacter: 'parent',
  familyDescription: 'Äiti ja seitsemänvuotias; isä asuu Varkaudessa.',
  childAges: [7],
  topics: ['TUNTEET_KAYTTAYTYMINEN', 'RAIVOKOHTAUKSET'],
  safety: { violence: 'no', childSafetyConcern: 'no', substanceUse: 'no', notes: null },
  earlierServices: [],
  earlierServicesNotes: null,
  lapsetPuheeksi: 'held',
  notes: 'Raivokohtauksia koulun jälkeen joka päivä. Äiti on uupunut.',
  ...extra,
});

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  mkdirSync(join(OUT, 'parts'), { recursive: true });
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  await migrate(database);
  await prepareCatalogue(database.db, { seedDemo: true });
  await seedDemoUsers(database.db);
  await prepareNetwork(database.db, { seedDemo: true });
  const app = await buildApp(testAppConfig, database, pino({ level: 'silent' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  const signedIn = async (username: string, width = 1280): Promise<Page> => {
    const page = await newPage(browser, { baseURL: url, viewport: { width, height: 900 } });
    await page.context().request.post('/api/dev/session', { data: { username } });
    return page;
  };
  try {
    const counsellor = await signedIn('neuvoja');
    const receiver = await signedIn('vastaanottaja');
    const request = counsellor.context().request;
    /** A contact, mapped, and (when asked) handed over to the Kuopio clinic: its ids. */
    const prepare = async (lang: string, mapping: Record<string, unknown>, handOver: boolean) => {
      const res = await fetch(`${url}/api/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: randomUUID(),
          contacter: 'parent',
          municipality: '297',
          childAges: [7],
          topics: ['TUNTEET_KAYTTAYTYMINEN'],
          message: 'Seitsemänvuotiaalla on raivokohtauksia joka ilta. Olemme neuvottomia.',
          name: 'Maija Esimerkki',
          replyChannel: 'phone',
          phone: '040 123 4567',
          email: 'maija.esimerkki@example.fi',
          language: lang,
        }),
      });
      const { reference } = (await res.json()) as { reference: string };
      const { id } = await database.db
        .selectFrom('contact')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      await request.post(`/api/contacts/${id}/entries`, {
        data: { entryId: randomUUID(), type: 'mapping', content: mapping },
      });
      const handoffId = randomUUID();
      if (handOver)
        await request.post('/api/handoffs', {
          data: {
            handoffId,
            contactId: id,
            targetServiceId: SERVICE,
            targetUnitId: UNIT,
            summary:
              'Seitsemänvuotiaalla raivokohtauksia joka päivä koulun jälkeen.\n\nÄiti on uupunut; isä asuu Varkaudessa ja tapaa lasta joka toinen viikonloppu.',
            familyAgreement: 'verbal',
            matchReasons: [
              { code: 'topic_fit', text: 'Sopii aiheisiin: Tunteet ja käyttäytyminen, Raivokohtaukset' },
              { code: 'age_fit', text: 'Sopii lapsen ikään (7 v): palvelu 0–17-vuotiaille' },
              { code: 'own_municipality', text: 'Kotikunnan palvelu (Kuopio)' },
              { code: 'wait', text: 'Jonotusaika noin 35 työpäivää' },
            ],
          },
        });
      return { contactId: id, handoffId };
    };

    for (const lang of LANGS) {
      const normal = await prepare(lang, MAPPING(), true);
      const urgent = await prepare(
        lang,
        MAPPING({
          topics: ['HUOLI_LAPSEN_TURVALLISUUDESTA', 'LAHISUHDEVAKIVALTA'],
          safety: { violence: 'yes', childSafetyConcern: 'yes', substanceUse: 'unknown', notes: null },
        }),
        false,
      );
      const declined = await prepare(lang, MAPPING(), true);
      await receiver.context().request.post(`/api/handoffs/${declined.handoffId}/decline`, {
        data: { reason: 'no_capacity', text: 'Ei vapaita ensikäyntiaikoja ennen maaliskuuta.' },
      });
      const overdue = await prepare(lang, MAPPING(), true);
      await database.db
        .updateTable('handoff')
        .set({ respond_by: helsinkiDate(new Date(Date.now() - 3 * 86_400_000)) })
        .where('id', '=', overdue.handoffId)
        .execute();
      const set = await prepare(lang, MAPPING(), true);
      await receiver.context().request.post(`/api/handoffs/${set.handoffId}/appointment`, {
        data: {
          appointmentAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
          place: 'Kuopion perheneuvola, Puijonkatu 1',
        },
      });

      const shots: [string, string, string, ((page: Page) => Promise<void>)?][] = [
        ['suggestions', 'neuvoja', `/${lang}/staff/contacts/${normal.contactId}/suggestions`],
        [
          'suggestions-open',
          'neuvoja',
          `/${lang}/staff/contacts/${normal.contactId}/suggestions`,
          async (page) => {
            const card = page.locator(`[data-qa="suggestion"][data-service="${SERVICE}"]`);
            await card.locator('[data-qa="open-handover"]').click();
            await card.locator('details.score > summary').click();
          },
        ],
        ['suggestions-urgent', 'neuvoja', `/${lang}/staff/contacts/${urgent.contactId}/suggestions`],
        ['list-mine', 'neuvoja', `/${lang}/staff/handoffs`],
        ['list-inbox', 'vastaanottaja', `/${lang}/staff/handoffs`],
        ['list-overdue', 'esihenkilo', `/${lang}/staff/handoffs`],
        ['handoff-receiver', 'vastaanottaja', `/${lang}/staff/handoffs/${normal.handoffId}`],
        [
          'handoff-receiver-errors',
          'vastaanottaja',
          `/${lang}/staff/handoffs/${normal.handoffId}`,
          async (page) => {
            await page.locator('[data-qa="submit-decline"]').click();
            await page.waitForLoadState();
          },
        ],
        ['handoff-appointment', 'vastaanottaja', `/${lang}/staff/handoffs/${set.handoffId}`],
        ['handoff-sender-declined', 'neuvoja', `/${lang}/staff/handoffs/${declined.handoffId}`],
        ['contact', 'neuvoja', `/${lang}/staff/contacts/${normal.contactId}`],
      ];
      for (const width of WIDTHS) {
        const pages = new Map<string, Page>();
        for (const [name, who, path, act] of shots) {
          let page = pages.get(who);
          if (!page) {
            page = await signedIn(who, width);
            pages.set(who, page);
          }
          await page.goto(path);
          if (act) await act(page);
          const file = join(OUT, `${name}-${lang}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth > window.innerWidth,
          );
          console.log(`${file}${overflow ? '  (wider than the window!)' : ''}`);
          // a long page also in screen-high parts, readable at their own size
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let part = 0; part * 900 < height && part < 10; part++) {
            await page.screenshot({
              path: join(OUT, 'parts', `${name}-${lang}-${width}-${part + 1}.png`),
              fullPage: true,
              clip: { x: 0, y: part * 900, width, height: Math.min(900, height - part * 900) },
            });
          }
        }
        for (const page of pages.values()) await page.context().close();
      }
    }
    await counsellor.context().close();
    await receiver.context().close();
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}

await main();
