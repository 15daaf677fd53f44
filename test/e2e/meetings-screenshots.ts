// Yhdessä aika in a browser without JavaScript: what the browser test (meetings.browser.test.ts)
// and this script share — the app on a clock that can be moved forward, and each step as a
// person takes it on the pages (the family's request on its status page, the organiser's
// forms, a participant's private poll link, the notes) — and, run as a script, full-page
// screenshots of the main pages at phone and desktop widths in fi, sv and en, for looking at
// the layout by eye (not part of npm test):
//   npx tsx test/e2e/meetings-screenshots.ts [folder]   (default /tmp/shots/meetings)
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { helsinkiLocal } from '../../src/features/meetings/model.ts';
import { prepareNetwork } from '../../src/features/network/index.ts';
import { translations } from '../../src/i18n/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { DB } from '../../src/platform/db/types.ts';
import { helsinkiDate } from '../../src/platform/working-days.ts';
import { testAppConfig } from '../app.ts';
import { CHROMIUM_PATH, chromiumAvailable, LANGS, type Lang, launchBrowser, newPage } from './browser.ts';

export const FAMILY_NAME = 'Maija Mallikas';
export const FAMILY_EMAIL = 'maija.mallikas@example.fi';
export const TOPIC = 'Koulun ja kodin yhteinen suunnitelma raivokohtauksiin';
export const ADDRESS = 'Perheneuvola, Kauppakatu 1, Kuopio';
export const EXTERNALS = [
  { name: 'Outi Opettaja', organizationName: 'Jynkän koulu', email: 'outi.opettaja@example.fi' },
  { name: 'Sami Sosiaalityö', organizationName: 'Kuopion sosiaalityö', email: 'sami.sosiaality@example.fi' },
] as const;

export interface MeetingsApp {
  url: string;
  db: Kysely<DB>;
  /** moves the application's clock (not the browser's) this many milliseconds ahead of now */
  setOffset(ms: number): void;
  close(): Promise<void>;
}

/** The real application with the demo region and its network, on a clock the test may move. */
export async function startMeetingsApp(): Promise<MeetingsApp> {
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  let offset = 0;
  try {
    await migrate(database);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await prepareNetwork(database.db, { seedDemo: true });
    const app = await buildApp(
      { ...testAppConfig, now: () => new Date(Date.now() + offset) },
      database,
      pino({ level: 'silent' }),
    );
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url,
      db: database.db,
      setOffset(ms: number) {
        offset = ms;
      },
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

/** A page in a fresh context: signed in as `username`, or nobody (null). */
export async function browserPage(
  browser: Browser,
  app: MeetingsApp,
  username: string | null,
  { width = 1280, javaScript = false } = {},
): Promise<Page> {
  const page = await newPage(browser, {
    baseURL: app.url,
    javaScriptEnabled: javaScript,
    viewport: { width, height: 900 },
  });
  if (username) {
    const res = await page.context().request.post('/api/dev/session', { data: { username } });
    if (res.status() !== 200) throw new Error(`sign-in as ${username}: ${res.status()}`);
  }
  return page;
}

/** Days ahead at this hour in Helsinki, as a datetime-local value. */
export const ahead = (days: number, hour: number) =>
  `${helsinkiLocal(new Date(Date.now() + days * 86_400_000)).slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;

/** A day (YYYY-MM-DD, Helsinki) this many days ahead. */
export const dayAhead = (days: number) => helsinkiDate(new Date(Date.now() + days * 86_400_000));

/** A family's contact through the public API: its status page's path (in `lang`) and id. */
export async function familyContact(app: MeetingsApp, lang: Lang = 'fi') {
  const res = await fetch(`${app.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      idempotencyKey: randomUUID(),
      contacter: 'parent',
      municipality: '297',
      childAges: [7],
      topics: ['TUNTEET_KAYTTAYTYMINEN'],
      message: 'Seitsemänvuotiaalla on raivokohtauksia koulussa ja kotona. Toivomme yhteistä tapaamista.',
      name: FAMILY_NAME,
      replyChannel: 'phone',
      phone: '040 123 4567',
      language: lang,
    }),
  });
  if (res.status !== 201) throw new Error(`contact: ${res.status} ${await res.text()}`);
  const sent = (await res.json()) as { reference: string; statusUrl: string };
  const contact = await app.db
    .selectFrom('contact')
    .select('id')
    .where('reference', '=', sent.reference)
    .executeTakeFirstOrThrow();
  return { contactId: contact.id, reference: sent.reference, statusPath: new URL(sent.statusUrl).pathname };
}

/** The status page's path in another language (the token is the same). */
export const statusIn = (statusPath: string, lang: Lang) =>
  statusPath.replace(
    /^\/(fi|sv|en)\/(tilanne|status)\//,
    lang === 'fi' ? '/fi/tilanne/' : `/${lang}/status/`,
  );

/** The family asks for a Yhdessä aika on its status page: the new meeting's id. */
export async function familyRequests(page: Page, app: MeetingsApp, statusPath: string, contactId: string) {
  await page.goto(statusPath);
  await page.locator('[data-qa="meeting-request-link"]').click();
  await page.waitForURL(/\/meeting\/request$/);
  await page.locator('[data-qa="field-topic"]').fill(TOPIC);
  await page.locator('[data-qa="field-who"]').fill('Koulu ja sosiaalityö');
  await page.locator('[data-qa="field-email"]').fill(FAMILY_EMAIL);
  await page.locator('[data-qa="meeting-request-submit"]').click();
  await page.waitForURL(/meeting=requested#meetings$/);
  const meeting = await app.db
    .selectFrom('meeting')
    .select('id')
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return meeting.id;
}

export const meetingUrl = (lang: Lang, id: string) => `/${lang}/staff/meetings/${id}`;

/** Submits a form of the meeting page and waits for its notice (`?done=…`). */
async function submitted(page: Page, button: string, done: string) {
  await page.locator(`[data-qa="${button}"]`).first().click();
  await page.waitForURL(new RegExp(`\\?done=${done}$`));
}

/** A person of the network registry in the region with an e-mail (the unit's), as the select's value. */
export async function registryPerson(app: MeetingsApp): Promise<string> {
  const row = await app.db
    .selectFrom('professional')
    .innerJoin('unit', 'unit.id', 'professional.unit_id')
    .innerJoin('organization', 'organization.id', 'unit.organization_id')
    .innerJoin('region', 'region.id', 'organization.region_id')
    .select(['professional.id', 'unit.email'])
    .where('region.code', '=', 'pohjois-savo')
    .where('professional.active', '=', true)
    .where('unit.active', '=', true)
    .where('unit.email', 'is not', null)
    .orderBy('professional.name')
    .executeTakeFirstOrThrow();
  return `professional:${row.id}`;
}

/** The organiser's steps on the meeting page, each through its form. */
export const organiser = {
  async take(page: Page, lang: Lang, id: string) {
    await page.goto(meetingUrl(lang, id));
    await submitted(page, 'take-request', 'taken');
  },
  async addRegistry(page: Page, value: string) {
    const form = page.locator('[data-qa="add-registry-form"]');
    await form.locator('[data-qa="registry-registry"]').selectOption(value);
    await submitted(page, 'add-registry', 'added');
  },
  async addExternal(page: Page, p: { name: string; organizationName: string; email: string }, lang?: Lang) {
    const form = page.locator('[data-qa="add-external-form"]');
    await form.locator('[data-qa="external-name"]').fill(p.name);
    await form.locator('[data-qa="external-organizationName"]').fill(p.organizationName);
    await form.locator('[data-qa="external-email"]').fill(p.email);
    if (lang) await form.locator('[data-qa="external-language"]').selectOption(lang);
    await submitted(page, 'add-external', 'added');
  },
  async place(page: Page, address = ADDRESS) {
    const form = page.locator('[data-qa="place-form"]');
    await form.locator('input[name="placeKind"][value="address"]').check();
    await form.locator('[data-qa="place-address"]').fill(address);
    await submitted(page, 'save-place', 'place');
  },
  async propose(page: Page, starts: string[]) {
    const form = page.locator('[data-qa="times-form"]');
    for (const [i, start] of starts.entries())
      await form.locator(`[data-qa="times-start${i + 1}"]`).fill(start);
    await submitted(page, 'propose-times', 'proposed');
  },
  async lockBest(page: Page) {
    await page.locator('[data-qa="tally-best"] [data-qa="lock-time"]').click();
    await page.waitForURL(/\?done=locked$/);
  },
  async invite(page: Page) {
    await submitted(page, 'send-invitations', 'invited');
  },
};

/** The private poll links mailed for this meeting (one per participant with an e-mail): path by recipient. */
export async function pollLinks(app: MeetingsApp, template = 'meeting.poll'): Promise<Map<string, string>> {
  const rows = await app.db
    .selectFrom('outbox')
    .select(['recipient', 'params'])
    .where('template', '=', template)
    .orderBy('id')
    .execute();
  const links = new Map<string, string>();
  for (const r of rows) {
    const link = (r.params as Record<string, unknown>).link;
    if (r.recipient && typeof link === 'string') links.set(r.recipient, new URL(link).pathname);
  }
  return links;
}

/** A participant answers every proposed time on their poll page, in the order shown. */
export async function answerPoll(page: Page, pollPath: string, answers: ('yes' | 'if_need_be' | 'no')[]) {
  await page.goto(pollPath);
  const groups = page.locator('[data-qa="poll-form"] fieldset');
  const count = await groups.count();
  if (count !== answers.length) throw new Error(`${count} times on the poll page, ${answers.length} answers`);
  for (const [i, answer] of answers.entries())
    await groups.nth(i).locator(`[data-qa="answer-${answer}"]`).check();
  await page.locator('[data-qa="save-answers"]').click();
  await page.waitForURL(/\?saved=1$/);
}

/** The organiser's notes: the agenda, agreements (who by the select's label part, what, by when), the follow-up. */
export async function recordNotes(
  page: Page,
  lang: Lang,
  id: string,
  notes: {
    agenda: string;
    agreements: { who?: string; whoText?: string; what: string; by: string }[];
    followUpOn: string;
  },
) {
  // from the meeting's page, as the organiser finds them
  await page.goto(meetingUrl(lang, id));
  await page.locator('[data-qa="notes-link"]').click();
  await page.waitForURL(new RegExp(`${meetingUrl(lang, id)}/notes$`));
  const form = page.locator('[data-qa="notes-form"]');
  await form.locator('[data-qa="notes-agenda"]').fill(notes.agenda);
  for (const [i, a] of notes.agreements.entries()) {
    if (a.who) {
      const select = form.locator(`[data-qa="notes-who-${i}"]`);
      const value = await select.locator('option').filter({ hasText: a.who }).first().getAttribute('value');
      await select.selectOption(value as string);
    }
    if (a.whoText) await form.locator(`[data-qa="notes-whoText-${i}"]`).fill(a.whoText);
    await form.locator(`[data-qa="notes-what-${i}"]`).fill(a.what);
    await form.locator(`[data-qa="notes-by-${i}"]`).fill(a.by);
  }
  await form.locator('[data-qa="notes-followUpOn"]').fill(notes.followUpOn);
  await form.locator('[data-qa="notes-submit"]').click();
  await page.waitForURL(/\/notes\?done=saved$/);
}

/** Three proposed times: the day after tomorrow 9.00 and 13.00, and the day after at 10.00. */
export const STARTS = () => [ahead(2, 9), ahead(2, 13), ahead(3, 10)];

/**
 * Meetings in each state the pages show, for one language's pages: a family's request waiting
 * (requested), one with participants and times whose poll is open (proposed), one invited,
 * one held with its notes. Made through the pages, as `neuvoja` and the families.
 */
export async function meetingsInEveryState(browser: Browser, app: MeetingsApp, lang: Lang) {
  const counsellor = await browserPage(browser, app, 'neuvoja');
  const family = await browserPage(browser, app, null);
  const registry = await registryPerson(app);
  try {
    const made = async () => {
      const c = await familyContact(app, lang);
      const id = await familyRequests(family, app, c.statusPath, c.contactId);
      return { ...c, id };
    };
    const requested = await made();
    const proposed = await made();
    const invited = await made();
    for (const m of [proposed, invited]) {
      await organiser.take(counsellor, 'fi', m.id);
      await organiser.addRegistry(counsellor, registry);
      for (const p of EXTERNALS) await organiser.addExternal(counsellor, p, lang);
      await organiser.place(counsellor);
      await organiser.propose(counsellor, STARTS());
    }
    const links = await pollLinks(app);
    // the poll answered by the two outside participants (the links of the last meeting mailed)
    const [first, second] = EXTERNALS;
    await answerPoll(family, links.get(first.email) as string, ['yes', 'yes', 'no']);
    await answerPoll(family, links.get(second.email) as string, ['no', 'yes', 'if_need_be']);
    await counsellor.goto(meetingUrl('fi', invited.id));
    await organiser.lockBest(counsellor);
    await organiser.invite(counsellor);
    const invitations = await pollLinks(app, 'meeting.invitation');
    await family.goto(proposed.statusPath);
    const openPoll = (await family.locator('[data-qa="meeting-poll-link"]').getAttribute('href')) as string;
    return {
      requested,
      proposed,
      invited,
      /** the invited meeting's poll page for an outside participant (now the invitation to answer) */
      invitationPoll: invitations.get(first.email) as string,
      /** a poll page whose poll is open: the proposed meeting's family link (on its status page) */
      openPoll,
    };
  } finally {
    await counsellor.context().close();
    await family.context().close();
  }
}

const WIDTHS = [390, 1280];

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  const out = process.argv[2] ?? '/tmp/shots/meetings';
  mkdirSync(join(out, 'parts'), { recursive: true });
  const app = await startMeetingsApp();
  const browser = await launchBrowser();
  try {
    for (const lang of LANGS) {
      const s = await meetingsInEveryState(browser, app, lang);
      const openPoll = s.openPoll;
      // the invited meeting after it: its notes (the clock a day past the meeting), then back
      const held = await meetingsInEveryState(browser, app, lang);
      const start = await app.db
        .selectFrom('meeting')
        .select('starts_at')
        .where('id', '=', held.invited.id)
        .executeTakeFirstOrThrow();
      app.setOffset((start.starts_at as Date).getTime() - Date.now() + 3 * 3_600_000);
      const notesBy = await browserPage(browser, app, 'neuvoja');
      await recordNotes(notesBy, lang, held.invited.id, {
        agenda: 'Raivokohtaukset koulussa ja kotona.\nYhteiset keinot rauhoittumiseen.',
        agreements: [
          { who: EXTERNALS[0].name, what: 'Rauhoittumispaikka luokkaan', by: dayAhead(14) },
          {
            who: `${translations(lang).meetingsFamily.panel.familyWho}:`,
            what: 'Iltarutiini kirjataan viikon ajan',
            by: dayAhead(10),
          },
        ],
        followUpOn: dayAhead(30),
      });
      await notesBy.context().close();
      app.setOffset(0);

      const fresh = await familyContact(app, lang);
      const shots: [string, string | null, string][] = [
        ['list', 'neuvoja', `/${lang}/staff/meetings`],
        ['new', 'neuvoja', `/${lang}/staff/meetings/new?contact=${s.requested.contactId}`],
        ['requested', 'neuvoja', meetingUrl(lang, s.requested.id)],
        ['proposed', 'neuvoja', meetingUrl(lang, s.proposed.id)],
        ['invited', 'neuvoja', meetingUrl(lang, s.invited.id)],
        ['notes', 'neuvoja', `${meetingUrl(lang, held.invited.id)}/notes`],
        ['poll-open', null, openPoll],
        ['poll-invitation', null, s.invitationPoll],
        ['family-request', null, `${statusIn(fresh.statusPath, lang)}/meeting/request`],
        ['status-requested', null, `${statusIn(s.requested.statusPath, lang)}#meetings`],
        ['status-invited', null, `${statusIn(s.invited.statusPath, lang)}#meetings`],
        ['status-held', null, `${statusIn(held.invited.statusPath, lang)}#meetings`],
      ];
      for (const width of WIDTHS) {
        for (const [name, who, path] of shots) {
          const page = await browserPage(browser, app, who, { width });
          try {
            await page.goto(path);
            const file = join(out, `${name}-${lang}-${width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth > window.innerWidth,
            );
            console.log(`${file}${overflow ? '  (wider than the window!)' : ''}`);
            const height = await page.evaluate(() => document.documentElement.scrollHeight);
            for (let part = 0; part * 900 < height && part < 10; part++)
              await page.screenshot({
                path: join(out, 'parts', `${name}-${lang}-${width}-${part + 1}.png`),
                fullPage: true,
                clip: { x: 0, y: part * 900, width, height: Math.min(900, height - part * 900) },
              });
          } finally {
            await page.context().close();
          }
        }
      }
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
