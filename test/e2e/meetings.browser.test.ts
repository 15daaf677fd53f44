// Yhdessä aika in Chromium without JavaScript (issue 12): the family asks for one on its status
// page → the counsellor takes it as organiser, adds a person from the network registry and two
// outside organisations by e-mail, sets the place and proposes times → three participants
// answer their private poll links in fresh browsers without signing in (two outside
// organisations from their mailed links, the family from its status page) → the organiser
// locks the best time and sends the invitations (a calendar REQUEST per participant with an
// e-mail, neutral to the other organisations) → after the meeting records the agenda,
// agreements and a follow-up date → the family's status page shows them. And WCAG 2.1 AA (as
// far as axe-core can tell) on every meeting page in fi, sv and en (axe at 1280 px; no
// sideways scrolling at 1280 and 390 px).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMeetingTemplate } from '../../src/features/meetings/invitations.ts';
import { translations } from '../../src/i18n/index.ts';
import { formatFinnishDate } from '../../src/platform/working-days.ts';
import { checkWcag, describeViolations } from './axe.ts';
import { atWidth, chromiumAvailable, LANGS, launchBrowser, screenshot } from './browser.ts';
import {
  ADDRESS,
  answerPoll,
  browserPage,
  dayAhead,
  EXTERNALS,
  FAMILY_EMAIL,
  FAMILY_NAME,
  familyContact,
  familyRequests,
  type MeetingsApp,
  meetingsInEveryState,
  meetingUrl,
  organiser,
  pollLinks,
  recordNotes,
  registryPerson,
  STARTS,
  startMeetingsApp,
  statusIn,
  TOPIC,
} from './meetings-screenshots.ts';

const text = async (page: Page, qa: string) =>
  ((await page.locator(`[data-qa="${qa}"]`).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Every response of 400 or more the pages got (the favicon aside). */
function watchErrors(pages: Page[], errors: string[] = []): string[] {
  for (const page of pages)
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
    });
  return errors;
}

describe.skipIf(!chromiumAvailable())('Yhdessä aika in a browser', () => {
  let app: MeetingsApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startMeetingsApp(), launchBrowser()]);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the family asks → the organiser adds participants and times → three answer without accounts → locked → invitations → notes → the family sees the agreements', async () => {
    const contact = await familyContact(app);
    const family = await browserPage(browser, app, null);
    let counsellor = await browserPage(browser, app, 'neuvoja');
    const others: Page[] = [];
    const errors = watchErrors([family, counsellor]);
    try {
      // the family asks on its status page
      const id = await familyRequests(family, app, contact.statusPath, contact.contactId);
      await expect(family.locator('[data-qa="meeting-requested"]').count()).resolves.toBe(1);
      const mine = family.locator('[data-qa="status-meeting"]');
      await expect(mine.getAttribute('data-state')).resolves.toBe('requested');

      // the counsellor finds it among the requests in the section and takes it
      await counsellor.goto('/fi/staff');
      await counsellor.locator('[data-qa="nav-meetings"]').click();
      await counsellor.waitForURL(/\/fi\/staff\/meetings$/);
      const request = counsellor.locator(
        `[data-qa="list-requests"] [data-qa="request-row"]:has(a[href="${meetingUrl('fi', id)}"])`,
      );
      await expect(request.count()).resolves.toBe(1);
      await expect(request.textContent()).resolves.toContain(contact.reference);
      await request.locator('[data-qa="take-request"]').click();
      await counsellor.waitForURL(new RegExp(`${meetingUrl('fi', id)}\\?done=taken$`));
      await expect(text(counsellor, 'organizer')).resolves.toContain('Noora Neuvoja');
      await expect(text(counsellor, 'request-text')).resolves.toContain(TOPIC);

      // participants: the family (from its request), one from the registry, two by e-mail
      await organiser.addRegistry(counsellor, await registryPerson(app));
      for (const p of EXTERNALS) await organiser.addExternal(counsellor, p);
      const rows = counsellor.locator('[data-qa="participant-table"] tbody tr');
      await expect(rows.count()).resolves.toBe(4);
      await expect(counsellor.locator('[data-qa="participant-family"]').count()).resolves.toBe(1);
      await expect(counsellor.locator('[data-qa="participant-table"]').textContent()).resolves.toContain(
        EXTERNALS[1].email,
      );

      // the place, then three times (the poll goes out)
      await organiser.place(counsellor);
      const starts = STARTS();
      await organiser.propose(counsellor, starts);
      await expect(text(counsellor, 'meeting-state')).resolves.toBe(
        translations('fi').meetings.state.proposed,
      );
      const links = await pollLinks(app);
      // a poll link to each of the four: the family, the registry person (the unit's address), the two
      expect(links.size).toBe(4);
      for (const email of [FAMILY_EMAIL, ...EXTERNALS.map((p) => p.email)])
        expect(links.has(email)).toBe(true);

      // three answer without signing in, each in a browser of their own: the two outside
      // organisations from their mailed links, the family from its status page
      const [first, second] = EXTERNALS;
      const answers: [string, ('yes' | 'if_need_be' | 'no')[]][] = [
        [links.get(first.email) as string, ['yes', 'yes', 'no']],
        [links.get(second.email) as string, ['no', 'yes', 'if_need_be']],
      ];
      for (const [path, answer] of answers) {
        const participant = await browserPage(browser, app, null);
        others.push(participant);
        watchErrors([participant], errors);
        await answerPoll(participant, path, answer);
        await expect(participant.locator('[data-qa="poll-notice"]').count()).resolves.toBe(1);
        // the poll page is neutral: the organiser and the place, nothing of the family
        const main = (await participant.locator('main').textContent()) ?? '';
        expect(main).toContain('Noora Neuvoja');
        expect(main).toContain(ADDRESS);
        expect(main).not.toContain(FAMILY_NAME);
        expect(main).not.toContain(TOPIC);
        expect(main).not.toContain(contact.reference);
      }
      await family.goto(contact.statusPath);
      const familyPoll = await family.locator('[data-qa="meeting-poll-link"]').getAttribute('href');
      const familyBrowser = await browserPage(browser, app, null);
      others.push(familyBrowser);
      await answerPoll(familyBrowser, familyPoll as string, ['if_need_be', 'yes', 'no']);

      // the organiser sees the tallies: the second time is everyone's; locks it, invites
      await counsellor.goto(meetingUrl('fi', id));
      const best = counsellor.locator('[data-qa="tally-best"]');
      await expect(best.count()).resolves.toBe(1);
      const [day, time] = (starts[1] as string).split('T');
      expect(time).toBe('13:00');
      await expect(best.textContent()).resolves.toContain(`${formatFinnishDate(day as string)} klo 13.00`);
      await organiser.lockBest(counsellor);
      await expect(text(counsellor, 'meeting-state')).resolves.toBe(
        translations('fi').meetings.state.time_locked,
      );
      await expect(text(counsellor, 'meeting-time')).resolves.toContain('klo 13.00');
      await organiser.invite(counsellor);
      await expect(text(counsellor, 'meeting-state')).resolves.toBe(
        translations('fi').meetings.state.invited,
      );

      // an invitation per participant with an e-mail: a calendar REQUEST, only its recipient
      // as attendee; the other organisations' without the family's name or topic
      const invitations = await app.db
        .selectFrom('outbox')
        .select(['recipient', 'language', 'params'])
        .where('template', '=', 'meeting.invitation')
        .execute();
      expect(invitations.map((r) => r.recipient).sort()).toEqual([...links.keys()].sort());
      const { starts_at } = await app.db
        .selectFrom('meeting')
        .select('starts_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const utc = (starts_at as Date).toISOString().replace(/[-:]/g, '').slice(0, 15);
      for (const row of invitations) {
        const mail = renderMeetingTemplate('meeting.invitation', row.language, row.params);
        expect(mail.calendar?.method, row.recipient ?? '').toBe('REQUEST');
        const ics = mail.calendar?.content ?? '';
        expect(ics).toContain('METHOD:REQUEST');
        expect(ics).toMatch(new RegExp(`DTSTART(;TZID=Europe/Helsinki:|:)(${utc}Z|\\d{8}T130000)`));
        expect(ics.match(/^ATTENDEE/gm)?.length).toBe(1);
        expect(ics.replace(/\r?\n[ \t]/g, '').toLowerCase()).toContain(`mailto:${row.recipient}`);
        if (row.recipient !== FAMILY_EMAIL)
          for (const part of [mail.subject, mail.text, mail.html ?? '', ics]) {
            expect(part).not.toContain(FAMILY_NAME);
            expect(part).not.toContain(TOPIC);
            expect(part).not.toContain('Mallikas');
          }
      }

      // an outside participant accepts on their page (the invitation's own link)
      const invited = await pollLinks(app, 'meeting.invitation');
      const outsider = others[0] as Page;
      await outsider.goto(invited.get(first.email) as string);
      await outsider.locator('[data-qa="reply-accept"]').click();
      await outsider.waitForURL(/replied=1#invitation$/);
      await counsellor.goto(meetingUrl('fi', id));
      await expect(
        counsellor
          .locator('[data-qa="participant-table"] tr', { hasText: first.email })
          .locator('[data-qa="partstat"]')
          .textContent(),
      ).resolves.toBe(translations('fi').meetings.partstat.ACCEPTED);

      // the family's status page: the time and place, its calendar file
      await family.goto(contact.statusPath);
      await expect(mine.getAttribute('data-state')).resolves.toBe('invited');
      await expect(text(family, 'meeting-when')).resolves.toContain('klo 13.00');
      await expect(text(family, 'meeting-where')).resolves.toContain(ADDRESS);
      await expect(family.locator('[data-qa="meeting-calendar"]').count()).resolves.toBe(1);

      // the meeting is held: the application's clock three hours past its start; the organiser
      // records the agenda, two agreements and the follow-up
      app.setOffset((starts_at as Date).getTime() - Date.now() + 3 * 3_600_000);
      await counsellor.context().close();
      counsellor = await browserPage(browser, app, 'neuvoja');
      watchErrors([counsellor], errors);
      const followUp = dayAhead(32);
      await recordNotes(counsellor, 'fi', id, {
        agenda: 'Raivokohtaukset koulussa ja kotona.\nYhteiset keinot rauhoittumiseen.',
        agreements: [
          { who: first.name, what: 'Rauhoittumispaikka luokkaan', by: dayAhead(16) },
          { who: 'Perhe:', what: 'Iltarutiini kirjataan viikon ajan', by: dayAhead(12) },
        ],
        followUpOn: followUp,
      });
      await expect(text(counsellor, 'notes-current-agenda')).resolves.toContain('Yhteiset keinot');

      // the family's status page shows the agenda, the agreements and the follow-up date
      await family.goto(contact.statusPath);
      await expect(mine.getAttribute('data-state')).resolves.toBe('held');
      await expect(text(family, 'meeting-agenda')).resolves.toContain('Yhteiset keinot rauhoittumiseen');
      const agreements = family.locator('[data-qa="meeting-agreement"]');
      await expect(agreements.count()).resolves.toBe(2);
      const shown = (await family.locator('[data-qa="meeting-agreements"]').textContent()) ?? '';
      expect(shown).toContain('Rauhoittumispaikka luokkaan');
      expect(shown).toContain('Iltarutiini kirjataan viikon ajan');
      expect(shown).toContain(translations('fi').meetingsFamily.panel.familyWho);
      expect(shown).toContain(formatFinnishDate(dayAhead(16)));
      await expect(text(family, 'meeting-follow-up')).resolves.toContain(formatFinnishDate(followUp));
      // nothing of the other participants' addresses on the family's page
      const statusText = (await family.locator('main').textContent()) ?? '';
      for (const p of EXTERNALS) expect(statusText).not.toContain(p.email);
      expect(errors).toEqual([]);
    } finally {
      app.setOffset(0);
      for (const page of [family, counsellor, ...others]) await page.context().close();
    }
  }, 900_000);

  it('the meeting pages have no WCAG 2.1 A or AA violations in fi, sv and en, and reflow at 390 px', async () => {
    const found: Record<string, string[]> = {};
    for (const lang of LANGS) {
      const s = await meetingsInEveryState(browser, app, lang);
      const openPoll = s.openPoll;
      const fresh = await familyContact(app, lang);
      const status = (path: string) => `${statusIn(path, lang)}#meetings`;
      const pages: {
        who: string | null;
        name: string;
        path: string;
        status?: number;
        act?: (p: Page) => Promise<void>;
        /** checked once the meeting is held and its notes recorded */
        held?: true;
      }[] = [
        { who: 'neuvoja', name: 'list', path: `/${lang}/staff/meetings` },
        { who: 'neuvoja', name: 'new', path: `/${lang}/staff/meetings/new?contact=${s.requested.contactId}` },
        { who: 'neuvoja', name: 'requested', path: meetingUrl(lang, s.requested.id) },
        { who: 'neuvoja', name: 'proposed', path: meetingUrl(lang, s.proposed.id) },
        {
          who: 'neuvoja',
          name: 'proposed-errors',
          path: meetingUrl(lang, s.proposed.id),
          act: async (page) => {
            await page.locator('[data-qa="add-external"]').click();
            await page.waitForLoadState();
          },
        },
        { who: 'neuvoja', name: 'invited', path: meetingUrl(lang, s.invited.id) },
        { who: 'neuvoja', name: 'notes', path: `${meetingUrl(lang, s.invited.id)}/notes`, held: true },
        { who: null, name: 'poll-open', path: openPoll },
        {
          who: null,
          name: 'poll-errors',
          path: openPoll,
          act: async (page) => {
            await page.locator('[data-qa="save-answers"]').click();
            await page.waitForLoadState();
          },
        },
        { who: null, name: 'poll-invitation', path: s.invitationPoll },
        { who: null, name: 'poll-not-found', path: `${s.invitationPoll.slice(0, -4)}xxxx`, status: 404 },
        {
          who: null,
          name: 'family-request',
          path: `${statusIn(fresh.statusPath, lang)}/meeting/request`,
        },
        {
          who: null,
          name: 'family-request-errors',
          path: `${statusIn(fresh.statusPath, lang)}/meeting/request`,
          act: async (page) => {
            await page.locator('[data-qa="field-email"]').fill('ei-osoite');
            await page.locator('[data-qa="meeting-request-submit"]').click();
            await page.waitForLoadState();
          },
        },
        {
          who: null,
          name: 'family-request-open',
          path: `${statusIn(s.proposed.statusPath, lang)}/meeting/request`,
          status: 409,
        },
        { who: null, name: 'status-requested', path: status(s.requested.statusPath) },
        { who: null, name: 'status-proposed', path: status(s.proposed.statusPath) },
        { who: null, name: 'status-invited', path: status(s.invited.statusPath) },
        { who: null, name: 'status-held', path: status(s.invited.statusPath), held: true },
      ];
      const check = async (held: boolean) => {
        for (const p of pages.filter((q) => Boolean(q.held) === held)) {
          // one page per state: axe at the desktop width (its rules read the markup, the same at both
          // widths), then the same page narrowed to 390 px for sideways scrolling
          const page = await browserPage(browser, app, p.who, { width: 1280, javaScript: true });
          try {
            const res = await page.goto(p.path);
            expect(res?.status(), `${lang} ${p.name}`).toBe(p.status ?? 200);
            if (p.act) await p.act(page);
            const { violations } = await checkWcag(page);
            if (violations.length > 0) found[`${lang} ${p.name}`] = describeViolations(violations);
            for (const width of [1280, 390]) {
              const { scrollWidth, clientWidth } = await atWidth(page, width);
              if (scrollWidth > clientWidth)
                found[`${lang} ${p.name} ${width}px wide`] = [`${scrollWidth}px wide`];
              await screenshot(page, `meetings-${p.name}-${lang}-${width}`, { fullPage: true });
            }
          } finally {
            await page.context().close();
          }
        }
      };
      await check(false);
      // then the invited meeting is held (the clock past its start) and its notes recorded
      const { starts_at } = await app.db
        .selectFrom('meeting')
        .select('starts_at')
        .where('id', '=', s.invited.id)
        .executeTakeFirstOrThrow();
      app.setOffset((starts_at as Date).getTime() - Date.now() + 3 * 3_600_000);
      const notesBy = await browserPage(browser, app, 'neuvoja');
      await recordNotes(notesBy, lang, s.invited.id, {
        agenda: 'Raivokohtaukset koulussa ja kotona.',
        agreements: [
          { who: EXTERNALS[0].name, what: 'Rauhoittumispaikka luokkaan', by: dayAhead(14) },
          { whoText: 'Kouluterveydenhoitaja', what: 'Terveystarkastus', by: dayAhead(20) },
        ],
        followUpOn: dayAhead(30),
      });
      await notesBy.context().close();
      app.setOffset(0);
      await check(true);
    }
    expect(found).toEqual({});
  }, 900_000);
});
