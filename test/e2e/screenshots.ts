// Full-page screenshots of every public page type at phone and desktop widths, in fi, sv and en,
// for looking at the layout by eye: npx tsx test/e2e/screenshots.ts  (writes ./screenshots/)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  LANGS,
  launchBrowser,
  newPage,
  PAGE_TYPES,
  publicPages,
  startApp,
} from './browser.ts';

const WIDTHS = [390, 1280];
const OUT = new URL('../../screenshots/', import.meta.url).pathname;

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  mkdirSync(OUT, { recursive: true });
  const [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  try {
    for (const width of WIDTHS) {
      const page = await newPage(browser, { viewport: { width, height: 800 }, javaScriptEnabled: false });
      for (const lang of LANGS) {
        const pages = await publicPages(app, lang);
        for (const type of PAGE_TYPES) {
          await page.goto(`${app.url}${pages[type]}`);
          const file = join(OUT, `${lang}-${type}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth > window.innerWidth,
          );
          console.log(`${file}${overflow ? '  (wider than the window!)' : ''}`);
        }
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
