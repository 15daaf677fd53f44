// Full-page screenshots of the staff workspace (signed in as the demo catalogue editor) at phone
// and desktop widths, in fi, sv and en, for looking at the layout by eye:
//   npx tsx test/e2e/staff-screenshots.ts  (writes ./screenshots/staff-*.png)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stableUuid } from '../../src/platform/ids.ts';
import { CHROMIUM_PATH, chromiumAvailable, LANGS, launchBrowser, newPage, startApp } from './browser.ts';

const WIDTHS = [390, 1280];
const OUT = new URL('../../screenshots/', import.meta.url).pathname;
const PAGES = {
  home: '/staff',
  services: '/staff/catalogue',
  'service-form': `/staff/catalogue/services/${stableUuid('service', 'pohjois-savo/perheneuvola-kuopio')}`,
  'new-service': '/staff/catalogue/services/new',
  organizations: '/staff/catalogue/organizations',
  locations: '/staff/catalogue/locations',
};

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  mkdirSync(OUT, { recursive: true });
  const [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  try {
    for (const width of WIDTHS) {
      const page = await newPage(browser, {
        baseURL: app.url,
        viewport: { width, height: 800 },
        javaScriptEnabled: false,
      });
      await page.context().request.post('/api/dev/session', { data: { username: 'toimittaja' } });
      for (const lang of LANGS) {
        for (const [name, path] of Object.entries(PAGES)) {
          await page.goto(`/${lang}${path}`);
          const file = join(OUT, `staff-${lang}-${name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth > window.innerWidth,
          );
          console.log(`${file}${overflow ? '  (wider than the window!)' : ''}`);
        }
        // the form with its problems shown: an empty new service posted as is
        await page.goto(`/${lang}/staff/catalogue/services/new`);
        await page.locator('[data-qa="save"]').click();
        const file = join(OUT, `staff-${lang}-form-errors-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
      await page.context().close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
