// Full-page screenshots of the first-line table's administration (signed in as the demo
// administrator) at phone and desktop widths, in fi, sv and en, for looking at the layout by eye:
//   npx tsx test/e2e/first-line-screenshots.ts  (writes ./screenshots/first-line-*.png)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH, chromiumAvailable, LANGS, launchBrowser, newPage, startApp } from './browser.ts';

const WIDTHS = [390, 1280];
const OUT = new URL('../../screenshots/', import.meta.url).pathname;
const ROW = '/staff/admin/first-line/LAHISUHDEVAKIVALTA/parent';
const PAGES = { table: '/staff/admin/first-line', row: ROW };

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
      await page.context().request.post('/api/dev/session', { data: { username: 'yllapitaja' } });
      for (const lang of LANGS) {
        for (const [name, path] of Object.entries(PAGES)) {
          await page.goto(`/${lang}${path}`);
          const file = join(OUT, `first-line-${lang}-${name}-${width}.png`);
          // the table is long (every topic × age band): its first screens are enough to look at
          await page.screenshot({
            path: file,
            fullPage: true,
            ...(name === 'table' ? { clip: { x: 0, y: 0, width, height: 2400 } } : {}),
          });
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth > window.innerWidth,
          );
          const wide = overflow
            ? await page.evaluate(() =>
                [...document.querySelectorAll('body *')]
                  .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
                  .slice(0, 3)
                  .map((e) => `${e.tagName}.${e.className}`)
                  .join(' '),
              )
            : '';
          console.log(`${file}${overflow ? `  (wider than the window: ${wide})` : ''}`);
        }
        // the form with its problems shown: no first help, no source
        await page.goto(`/${lang}${ROW}`);
        for (const box of await page.locator('input[name="firstHelp"]:checked').all()) await box.uncheck();
        await page.locator('textarea[name="source"]').fill('');
        await page.locator('[data-qa="first-line-save"]').click();
        const file = join(OUT, `first-line-${lang}-errors-${width}.png`);
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
