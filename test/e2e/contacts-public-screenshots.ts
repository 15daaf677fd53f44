// Full-page screenshots of the one contact point's public pages at phone and desktop widths, in
// fi, sv and en, without JavaScript: the form, the form with errors, the form with the
// emergency box, the status page (just sent, and with messages) and the emergency page.
//   npx tsx test/e2e/contacts-public-screenshots.ts [folder]   (default /tmp/shots-public/)
// Each full page is also cut into window-high slices (folder/slices/) that are easier to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { stableUuid } from '../../src/platform/ids.ts';
import { ASK_PATHS, EMERGENCY_PATHS } from '../../src/ui/Layout.tsx';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  LANGS,
  type Lang,
  launchBrowser,
  newPage,
  startApp,
} from './browser.ts';

const WIDTHS = [390, 1280];
const OUT = process.argv[2] ?? '/tmp/shots-public/';
const SERVICE_ID = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');

const MESSAGE: Record<Lang, string> = {
  fi: 'Viisivuotias ei nukahda iltaisin, ja aamut ovat raskaita. Olemme molemmat väsyneitä. Mistä saisimme apua?',
  sv: 'Femåringen somnar inte på kvällarna och morgnarna är tunga. Vi är båda trötta. Var får vi hjälp?',
  en: 'Our five-year-old cannot fall asleep at night and mornings are hard. We are both tired. Where can we get help?',
};
const ANSWER: Record<Lang, string> = {
  fi: 'Hei, kiitos viestistäsi! Soitan teille torstaina kello 10. Jutellaan silloin iltarutiineista.',
  sv: 'Hej, tack för ditt meddelande! Jag ringer er på torsdag klockan 10. Då pratar vi om kvällsrutinerna.',
  en: 'Hello, thank you for your message! I will call you on Thursday at 10. We can talk about bedtime routines then.',
};

async function submit(page: Page, qa: string) {
  const loaded = page.waitForEvent('load');
  await page.locator(`[data-qa="${qa}"]`).click();
  await loaded;
}

async function counsellorAnswers(url: string, reference: string, text: string) {
  const session = await fetch(`${url}/api/dev/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'neuvoja' }),
  });
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const queue = (await (await fetch(`${url}/api/contacts/queue`, { headers: { cookie } })).json()) as {
    items: { id: string; reference: string }[];
  };
  const contact = queue.items.find((x) => x.reference === reference);
  if (!contact) throw new Error(`${reference} is not in the queue`);
  await fetch(`${url}/api/contacts/${contact.id}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ entryId: crypto.randomUUID(), type: 'message', content: { text } }),
  });
}

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  mkdirSync(join(OUT, 'slices'), { recursive: true });
  const [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  try {
    for (const width of WIDTHS) {
      const page = await newPage(browser, { viewport: { width, height: 800 }, javaScriptEnabled: false });
      const shot = async (name: string) => {
        const file = join(OUT, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const step = width < 600 ? 900 : 800;
        for (let y = 0, i = 1; y < height; y += step, i++) {
          await page.screenshot({
            path: join(OUT, 'slices', `${name}-${width}-${i}.png`),
            fullPage: true,
            clip: { x: 0, y, width, height: Math.min(step, height - y) },
          });
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        console.log(`${file}${overflow ? '  (wider than the window!)' : ''}`);
      };
      for (const lang of LANGS) {
        await page.goto(`${app.url}${ASK_PATHS[lang]}`);
        await shot(`${lang}-form`);
        await page.locator('#safety-acute_danger').check();
        await page.locator('#safety').screenshot({ path: join(OUT, `${lang}-form-danger-${width}.png`) });
        await page.locator('#safety-violence').check();
        await page.locator('#safety').screenshot({ path: join(OUT, `${lang}-form-violence-${width}.png`) });
        await page.locator('#replyChannel-phone').check();
        await page.locator('#childAges').fill('kaksi');
        await page.locator('#email').fill('ei-osoite');
        await submit(page, 'ask-send');
        await shot(`${lang}-form-errors`);

        await page.goto(`${app.url}${ASK_PATHS[lang]}`);
        await page.locator('#contacter-parent').check();
        await page.locator('#safety-acute_danger').check();
        await page.locator('#message').fill(MESSAGE[lang]);
        await page.locator('#topic-UNI').check();
        await page.locator('#childAges').fill('5 ja 8');
        await page.locator('#municipality').selectOption('297');
        await page.locator('#replyChannel-status_page').check();
        await submit(page, 'ask-send');
        await shot(`${lang}-status-sent`);
        const reference = (await page.locator('[data-qa="reference"]').textContent()) ?? '';
        await page.locator('#text').fill(MESSAGE[lang].split('.')[0] ?? '');
        await submit(page, 'message-send');
        await counsellorAnswers(app.url, reference, ANSWER[lang]);
        await page.goto(page.url().split('?')[0] ?? '');
        await shot(`${lang}-status-messages`);

        await page.goto(`${app.url}/${lang}/${lang === 'fi' ? 'tilanne' : 'status'}/${'x'.repeat(43)}`);
        await shot(`${lang}-status-not-found`);
        await page.goto(`${app.url}${EMERGENCY_PATHS[lang]}`);
        await shot(`${lang}-emergency`);
        await page.goto(`${app.url}/${lang}`);
        await shot(`${lang}-home`);
        await page.goto(`${app.url}/${lang}/services/${SERVICE_ID}`);
        await shot(`${lang}-service`);
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
