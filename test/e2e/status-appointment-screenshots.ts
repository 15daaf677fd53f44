// Full-page screenshots of the family's status page after a warm handoff with a first
// appointment (issue 10, finding 15), at phone and desktop widths in fi, sv and en, printed
// (print media), and the receiving unit's handoff page with the family's request, for looking
// at the layout by eye (not part of npm test):
//   npx tsx test/e2e/status-appointment-screenshots.ts [folder]   (default /tmp/shots-H)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, LANGS, launchBrowser, newPage } from './browser.ts';
import { familyWithAppointment, startNetworkApp } from './status-appointment-fixture.ts';

const OUT = process.argv[2] ?? '/tmp/shots-H';

/** A tall phone page in screen-high parts, readable when looked at one by one. */
async function parts(page: Page, name: string) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, n = 1; y < height; y += 900, n++)
    await page.screenshot({
      path: join(OUT, `${name}-part${n}.png`),
      fullPage: true,
      clip: { x: 0, y, width: 390, height: Math.min(900, height - y) },
    });
}

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  mkdirSync(OUT, { recursive: true });
  const app = await startNetworkApp();
  const { url } = app;
  const browser = await launchBrowser();
  try {
    const { handoffId, paths } = await familyWithAppointment(url);

    for (const lang of LANGS) {
      for (const width of [390, 1280]) {
        const page = await newPage(browser, {
          baseURL: url,
          javaScriptEnabled: false,
          viewport: { width, height: 900 },
        });
        await page.goto(paths[lang]);
        await page.screenshot({ path: join(OUT, `status-${lang}-${width}.png`), fullPage: true });
        if (width === 390) await parts(page, `status-${lang}-390`);
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
    await parts(family, 'status-fi-390-request-errors');
    await family.locator('[data-qa="request-change"]').check();
    await family
      .locator('[data-qa="request-text"]')
      .fill('Tiistait eivät käy. Torstaisin iltapäivällä pääsen.');
    await family.locator('[data-qa="request-send"]').click();
    await parts(family, 'status-fi-390-request-sent');
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
  }
}

await main();
