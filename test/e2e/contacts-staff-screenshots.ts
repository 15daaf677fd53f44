// Full-page screenshots of the counsellors' contact pages (the queue, a worked contact, the
// roster as a manager sees it) at phone and desktop widths in fi, sv and en, for looking at the
// layout by eye (not part of npm test):
//   npx tsx test/e2e/contacts-staff-screenshots.ts [folder]   (default /tmp/shots-staff)
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { seedDemoUsers, staffUserId } from '../../src/features/identity/demo.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { helsinkiDate } from '../../src/platform/working-days.ts';
import { testAppConfig } from '../app.ts';
import { CHROMIUM_PATH, chromiumAvailable, LANGS, launchBrowser, newPage } from './browser.ts';

const WIDTHS = [390, 1280];
const OUT = process.argv[2] ?? '/tmp/shots-staff';

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
  const app = await buildApp(testAppConfig, database, pino({ level: 'silent' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  try {
    // a queue with something of everything: an emergency, an urgent one, an overdue one, a call
    const submit = async (extra: Record<string, unknown>) => {
      const res = await fetch(`${url}/api/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: randomUUID(),
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
          ...extra,
        }),
      });
      return (await res.json()) as { reference: string };
    };
    const worked = await submit({ safety: 'violence' });
    await submit({ safety: 'acute_danger', municipality: '140', childAges: [15], contacter: 'young_person' });
    await submit({ municipality: '749', childAges: [], topics: [] });
    const old = await submit({ municipality: '915', childAges: [0, 2, 6] });
    await database.db
      .updateTable('contact')
      .set({ received_at: new Date('2026-01-05T09:00:00Z'), respond_by: '2026-01-08' })
      .where('reference', '=', old.reference)
      .execute();
    const { id } = await database.db
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', worked.reference)
      .executeTakeFirstOrThrow();

    // the worked contact: mapped, advised (and corrected), a message sent, via the pages
    const counsellor = await newPage(browser, { baseURL: url, viewport: { width: 1280, height: 900 } });
    await counsellor.context().request.post('/api/dev/session', { data: { username: 'neuvoja' } });
    await counsellor.goto(`/fi/staff/contacts/${id}`);
    await counsellor.locator('[data-qa="claim"]').first().click();
    await counsellor.waitForURL(/done=claimed/);
    await counsellor.locator('[data-qa="mapping-familyDescription"]').fill('Äiti, isä ja kaksi lasta.');
    await counsellor.locator('[data-qa="mapping-violence-yes"]').check();
    await counsellor.locator('[data-qa="mapping-childSafetyConcern-unknown"]').check();
    await counsellor.locator('[data-qa="mapping-substanceUse-no"]').check();
    await counsellor.locator('[data-qa="mapping-lapsetPuheeksi-offered"]').check();
    await counsellor
      .locator('[data-qa="mapping-safetyNotes"]')
      .fill('Riitoja iltaisin; ei fyysistä väkivaltaa.');
    await counsellor.locator('[data-qa="submit-mapping"]').click();
    await counsellor.waitForURL(/done=mapping/);
    await counsellor
      .locator('[data-qa="advice-text"]')
      .fill('Iltarutiinit ja rauhoittuminen ennen nukkumaanmenoa.');
    await counsellor.locator('[data-qa="submit-advice"]').click();
    await counsellor.waitForURL(/done=advice/);
    const advice = counsellor.locator('[data-qa="entry-advice"]');
    await advice.locator('[data-qa="open-correct"]').click();
    await advice
      .locator('textarea[name="text"]')
      .fill('Iltarutiinit, rauhoittuminen ja ruutuaika pois tuntia ennen.');
    await advice.locator('textarea[name="reason"]').fill('Tarkennus puhelun jälkeen');
    await advice.locator('button[type="submit"]').click();
    await counsellor.waitForURL(/done=corrected/);
    await counsellor.locator('[data-qa="message-text"]').fill('Hei! Soitan teille huomenna aamupäivällä.');
    await counsellor.locator('[data-qa="submit-message"]').click();
    await counsellor.waitForURL(/done=message/);
    await counsellor.context().close();

    // the roster: today and tomorrow set
    const today = helsinkiDate(new Date());
    for (const [duty, who] of [
      ['phone', 'neuvoja'],
      ['queue', 'neuvoja'],
      ['queue', 'neuvoja2'],
    ] as const) {
      await database.db
        .insertInto('duty_roster')
        .values({
          region_id: (
            await database.db
              .selectFrom('staff_user')
              .select('region_id')
              .where('id', '=', staffUserId(who))
              .executeTakeFirstOrThrow()
          ).region_id,
          day: today,
          duty,
          staff_user_id: staffUserId(who),
        })
        .execute();
    }

    for (const width of WIDTHS) {
      for (const [username, pages] of [
        [
          'neuvoja',
          { queue: '/staff/queue', contact: `/staff/contacts/${id}`, 'new-contact': '/staff/contacts/new' },
        ],
        ['esihenkilo', { roster: '/staff/roster', 'queue-manager': '/staff/queue' }],
      ] as const) {
        const page = await newPage(browser, { baseURL: url, viewport: { width, height: 900 } });
        await page.context().request.post('/api/dev/session', { data: { username } });
        for (const lang of LANGS) {
          for (const [name, path] of Object.entries(pages)) {
            await page.goto(`/${lang}${path}`);
            const file = join(OUT, `${name}-${lang}-${width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth > window.innerWidth,
            );
            console.log(`${file}${overflow ? '  (wider than the window!)' : ''}`);
            // a long page also in screen-high parts, readable at their own size
            const height = await page.evaluate(() => document.documentElement.scrollHeight);
            for (let part = 0; part * 900 < height && part < 8; part++) {
              await page.screenshot({
                path: join(OUT, 'parts', `${name}-${lang}-${width}-${part + 1}.png`),
                fullPage: true,
                clip: { x: 0, y: part * 900, width, height: Math.min(900, height - part * 900) },
              });
            }
          }
        }
        await page.context().close();
      }
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
