// Full-page screenshots of the family's status page after a warm handoff with a first
// appointment (issue 10, finding 15), at phone and desktop widths in fi, sv and en, printed
// (print media), and the receiving unit's handoff page with the family's request, for looking
// at the layout by eye (not part of npm test):
//   npx tsx test/e2e/status-appointment-screenshots.ts [folder]   (default /tmp/shots-H)
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { helsinkiInstant } from '../../src/features/handoffs/pages/HandoffForms.tsx';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { prepareNetwork, unitSeedId } from '../../src/features/network/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { testAppConfig } from '../app.ts';
import { CHROMIUM_PATH, chromiumAvailable, LANGS, launchBrowser, newPage } from './browser.ts';

const OUT = process.argv[2] ?? '/tmp/shots-H';
const SERVICE = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const UNIT = unitSeedId('pohjois-savo', 'perheneuvola-kuopio');

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  mkdirSync(OUT, { recursive: true });
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  await migrate(database);
  await prepareCatalogue(database.db, { seedDemo: true });
  await seedDemoUsers(database.db);
  await prepareNetwork(database.db, { seedDemo: true });
  const app = await buildApp(testAppConfig, database, pino({ level: 'silent' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  const json = (cookie: string) => ({ 'content-type': 'application/json', cookie });
  const signIn = async (username: string) => {
    const res = await fetch(`${url}/api/dev/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username }),
    });
    return String(res.headers.get('set-cookie')).split(';')[0] as string;
  };
  try {
    const counsellor = await signIn('neuvoja');
    const receiver = await signIn('vastaanottaja');
    const sent = await fetch(`${url}/api/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: randomUUID(),
        contacter: 'parent',
        municipality: '297',
        childAges: [7],
        topics: ['TUNTEET_KAYTTAYTYMINEN'],
        message: 'Seitsemänvuotiaalla on raivokohtauksia koulun jälkeen joka päivä.',
        replyChannel: 'status_page',
        language: 'fi',
      }),
    });
    const { reference, statusUrl } = (await sent.json()) as { reference: string; statusUrl: string };
    const token = statusUrl.split('/').pop() as string;
    const contact = await database.db
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const handoffId = randomUUID();
    await fetch(`${url}/api/handoffs`, {
      method: 'POST',
      headers: json(counsellor),
      body: JSON.stringify({
        handoffId,
        contactId: contact.id,
        targetServiceId: SERVICE,
        targetUnitId: UNIT,
        summary: 'Seitsemänvuotiaan raivokohtaukset; äiti uupunut.',
        familyAgreement: 'verbal',
      }),
    });
    const year = new Date().getUTCFullYear() + 1;
    const set = await fetch(`${url}/api/handoffs/${handoffId}/appointment`, {
      method: 'POST',
      headers: json(receiver),
      body: JSON.stringify({
        appointmentAt: (helsinkiInstant(`${year}-01-12`, '09:00') as Date).toISOString(),
        place: 'Kuopion perhekeskus, Puijonkatu 12 B, 2. krs',
        with: 'psykologi Maija Mallikas',
      }),
    });
    if (set.status !== 200) throw new Error(`appointment: ${set.status} ${await set.text()}`);
    const paths = { fi: `/fi/tilanne/${token}`, sv: `/sv/status/${token}`, en: `/en/status/${token}` };

    for (const lang of LANGS) {
      for (const width of [390, 1280]) {
        const page = await newPage(browser, {
          baseURL: url,
          javaScriptEnabled: false,
          viewport: { width, height: 900 },
        });
        await page.goto(paths[lang]);
        await page.screenshot({ path: join(OUT, `status-${lang}-${width}.png`), fullPage: true });
        if (lang === 'fi') {
          await page.emulateMedia({ media: 'print' });
          await page.screenshot({ path: join(OUT, `status-${lang}-${width}-print.png`), fullPage: true });
        }
        await page.context().close();
      }
    }
    // the family asks for a new time (the form, without JavaScript), and the unit sees it
    const family = await newPage(browser, {
      baseURL: url,
      javaScriptEnabled: false,
      viewport: { width: 390, height: 900 },
    });
    await family.goto(paths.fi);
    await family.locator('[data-qa="request-send"]').click();
    await family.screenshot({ path: join(OUT, 'status-fi-390-request-errors.png'), fullPage: true });
    await family.locator('[data-qa="request-change"]').check();
    await family
      .locator('[data-qa="request-text"]')
      .fill('Tiistait eivät käy. Torstaisin iltapäivällä pääsen.');
    await family.locator('[data-qa="request-send"]').click();
    await family.screenshot({ path: join(OUT, 'status-fi-390-request-sent.png'), fullPage: true });
    await family.context().close();
    for (const width of [390, 1280]) {
      const staff = await newPage(browser, { baseURL: url, viewport: { width, height: 900 } });
      await staff.context().request.post('/api/dev/session', { data: { username: 'vastaanottaja' } });
      await staff.goto(`/fi/staff/handoffs/${handoffId}`);
      await staff.screenshot({ path: join(OUT, `staff-handoff-request-${width}.png`), fullPage: true });
      await staff.goto('/fi/staff/handoffs');
      await staff.screenshot({ path: join(OUT, `staff-inbox-request-${width}.png`), fullPage: true });
      await staff.context().close();
    }
    console.log(`screenshots in ${OUT}`);
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}

await main();
