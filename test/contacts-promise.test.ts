/**
 * The promise by urgency and the duty alert (issue 10, finding 1), end to end through the public
 * form as a browser without JavaScript sends it, on a fixed clock: what the confirmation says to
 * a young person reporting violence at home and to a parent with someone in danger now, the duty
 * alert in the outbox (to the counsellor on duty, else the contact point's managers), the
 * queue's clock in hours, and the quick exit on every contact page.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { forgetContactRegions } from '../src/features/contacts/contacts.ts';
import {
  CONTACT_PUBLIC_CSS_URL,
  QUICK_EXIT_SCRIPT_URL,
  QUICK_EXIT_URLS,
} from '../src/features/contacts/quick-exit.ts';
import { seedDemoUsers, staffUserId } from '../src/features/identity/demo.ts';
import { prepareNetwork } from '../src/features/network/index.ts';
import { LANGS, translations } from '../src/i18n/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { ASK_PATHS, EMERGENCY_PATHS } from '../src/ui/Layout.tsx';
import { testAppConfig } from './app.ts';
import { call, KUOPIO, signIn } from './contact-fixtures.ts';
import { ENGINES, freshDatabase } from './databases.ts';

type Fields = Record<string, string | string[]>;

const PARENT: Fields = {
  contacter: 'parent',
  safety: 'none',
  message: 'Kotona on tilanne, josta haluan puhua.',
  topics: [],
  childAges: '14',
  municipality: KUOPIO,
  name: '',
  replyChannel: 'status_page',
  phone: '',
  email: '',
  reachTime: 'any',
  language: 'fi',
};
/** A 14-year-old reporting violence at home, anonymously. */
const YOUNG_VIOLENCE: Fields = {
  ...PARENT,
  contacter: 'young_person',
  safety: 'violence',
  message: 'Isä lyö äitiä ja minua.',
};
/** A parent: someone is in danger now; named, with an e-mail address. */
const PARENT_DANGER: Fields = {
  ...PARENT,
  safety: 'acute_danger',
  name: 'Sanna Salainen',
  email: 'sanna.salainen@example.fi',
  replyChannel: 'email',
  message: 'Mieheni uhkaa meitä veitsellä.',
};

/** Text as React writes it into HTML. */
const esc = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&#x27;')
    .replace(/"/g, '&quot;');
const setCookies = (header: unknown) => [header].flat().filter((c): c is string => typeof c === 'string');
const inputValue = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

const SUNDAY = '2026-12-06T13:00:00+02:00'; // Independence Day
const FRIDAY_MORNING = '2026-12-04T10:00:00+02:00';
const FRIDAY_EVENING = '2026-12-04T18:30:00+02:00';
const NEXT_SUNDAY = '2026-12-13T11:00:00+02:00';

describe.each(ENGINES)('the promise by urgency on %s', (engine) => {
  let database: Database;
  let app: App;
  let clock = new Date(SUNDAY);
  let regionId = '';
  const db = () => database.db;
  const at = (iso: string) => {
    clock = new Date(iso);
  };

  beforeAll(async () => {
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await prepareNetwork(database.db, { seedDemo: true });
    app = await buildApp({ ...testAppConfig, now: () => clock }, database, pino({ level: 'silent' }));
    regionId = (
      await db()
        .selectFrom('region')
        .select('id')
        .where('code', '=', 'pohjois-savo')
        .executeTakeFirstOrThrow()
    ).id;
    // the counsellor and the manager have a work address and a work mobile (staff data)
    await db()
      .updateTable('staff_user')
      .set({ email: 'noora.neuvoja@pohjoissavo.example', work_phone: '+358401110001' })
      .where('id', '=', staffUserId('neuvoja'))
      .execute();
    await db()
      .updateTable('staff_user')
      .set({ email: 'eero.esihenkilo@pohjoissavo.example', work_phone: '+358401110002' })
      .where('id', '=', staffUserId('esihenkilo'))
      .execute();
    // on the roster: Noora on Friday 4.12 (queue) and Monday 7.12 (phone); nobody at the weekend
    await db()
      .insertInto('duty_roster')
      .values([
        { region_id: regionId, day: '2026-12-04', duty: 'queue', staff_user_id: staffUserId('neuvoja') },
        { region_id: regionId, day: '2026-12-07', duty: 'phone', staff_user_id: staffUserId('neuvoja') },
      ])
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = (url: string, cookie = '') =>
    app.inject({ url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });

  /** Opens the form as a browser does and sends it with these answers; follows to the status page. */
  async function send(fields: Fields, lang: 'fi' | 'sv' | 'en' = 'fi') {
    const form = await get(ASK_PATHS[lang]);
    const cookie =
      setCookies(form.headers['set-cookie'])
        .find((c) => c.startsWith('_csrf='))
        ?.split(';')[0] ?? '';
    const body = new URLSearchParams();
    const all = {
      ...fields,
      language: lang,
      _csrf: inputValue(form.body, '_csrf'),
      idempotencyKey: inputValue(form.body, 'idempotencyKey'),
    };
    for (const [name, value] of Object.entries(all)) for (const v of [value].flat()) body.append(name, v);
    const res = await app.inject({
      method: 'POST',
      url: ASK_PATHS[lang],
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
    const location = String(res.headers.location);
    const page = await get(location);
    expect(page.statusCode).toBe(200);
    const reference = /data-qa="reference">(PV-\d{4}-\d{6})</.exec(page.body)?.[1] ?? '';
    const contact = await db()
      .selectFrom('contact')
      .select(['id', 'respond_by', 'urgency'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return { page: page.body, location, reference, contact };
  }

  const dutyAlerts = (reference: string) =>
    db()
      .selectFrom('outbox')
      .select(['channel', 'recipient', 'template', 'language', 'params'])
      .where('template', '=', 'duty_alert')
      .where(({ ref }) => ref('params', '->>').key('reference'), '=', reference)
      .orderBy('id')
      .execute();

  it('a 14-year-old reporting violence at home on Sunday is promised Monday, not Wednesday, and told when duty starts', async () => {
    at(SUNDAY);
    const { page, contact } = await send(YOUNG_VIOLENCE);
    expect(contact.urgency).toBe('urgent');
    expect(contact.respond_by).toBe('2026-12-07');
    const t = translations('fi').contactPublic;
    expect(page).toContain('data-qa="promise-urgent"');
    expect(page).toContain(esc(t.promise.urgentTitle));
    expect(page).toContain('Perheneuvoja vastaa viimeistään maanantaina 7.12.2026.');
    expect(page).toContain(
      'Seuraava päivystävä perheneuvoja on töissä maanantaina 7.12.2026 klo 8.00 alkaen.',
    );
    expect(page).not.toContain('9.12.2026');
  });

  it('someone in danger now: the page says plainly that the service cannot answer at once and to call 112 now', async () => {
    at(SUNDAY);
    const { page, contact } = await send(PARENT_DANGER);
    expect(contact.urgency).toBe('emergency');
    expect(contact.respond_by).toBe('2026-12-07');
    const t = translations('fi').contactPublic.promise;
    expect(page).toContain('data-qa="promise-emergency"');
    expect(page).toContain(esc(t.emergencyTitle));
    expect(page).toContain(esc(t.emergencyText));
    expect(page).toContain('href="tel:112"');
    // the emergency box gives the social emergency service beside 112
    expect(page).toContain('data-qa="emergency-now"');
  });

  it('in office hours the counsellor on duty is alerted at once by e-mail and SMS, with the reference and a link only', async () => {
    at(FRIDAY_MORNING);
    const { reference, contact } = await send(PARENT_DANGER);
    const alerts = await dutyAlerts(reference);
    expect(alerts.map((a) => [a.channel, a.recipient])).toEqual([
      ['email', 'noora.neuvoja@pohjoissavo.example'],
      ['sms', '+358401110001'],
    ]);
    for (const alert of alerts) {
      expect(alert.params).toEqual({
        reference,
        urgency: 'emergency',
        contactUrl: `http://localhost:3000/fi/staff/contacts/${contact.id}`,
      });
      const text = JSON.stringify(alert);
      for (const secret of ['Sanna', 'Salainen', 'sanna.salainen', 'veitse'])
        expect(text).not.toContain(secret);
    }
    // the family's own receipt says first that the service cannot answer at once
    const receipt = await db()
      .selectFrom('outbox')
      .select(['params'])
      .where('template', '=', 'contact_received')
      .where('recipient', '=', 'sanna.salainen@example.fi')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(receipt.params).toMatchObject({ reference, urgency: 'emergency', respondBy: '2026-12-04' });
  });

  it('nobody on duty now (a Sunday, a Friday evening): the managers of the contact point are alerted instead', async () => {
    for (const when of [SUNDAY, FRIDAY_EVENING]) {
      at(when);
      const { reference } = await send(PARENT_DANGER);
      const alerts = await dutyAlerts(reference);
      expect(
        alerts.map((a) => [a.channel, a.recipient]),
        when,
      ).toEqual([
        ['email', 'eero.esihenkilo@pohjoissavo.example'],
        ['sms', '+358401110002'],
      ]);
    }
  });

  it('nobody on duty and no manager with an address or a phone: nothing can be sent, and the contact still comes in', async () => {
    await db()
      .updateTable('staff_user')
      .set({ email: null, work_phone: null })
      .where('id', '=', staffUserId('esihenkilo'))
      .execute();
    try {
      at(NEXT_SUNDAY);
      const { reference, contact } = await send(PARENT_DANGER);
      expect(contact.urgency).toBe('emergency');
      expect(await dutyAlerts(reference)).toEqual([]);
    } finally {
      await db()
        .updateTable('staff_user')
        .set({ email: 'eero.esihenkilo@pohjoissavo.example', work_phone: '+358401110002' })
        .where('id', '=', staffUserId('esihenkilo'))
        .execute();
    }
  });

  it('an urgent or a normal contact alerts nobody (unless the region asks for urgent ones too)', async () => {
    at(FRIDAY_MORNING);
    expect(await dutyAlerts((await send(YOUNG_VIOLENCE)).reference)).toEqual([]);
    expect(await dutyAlerts((await send(PARENT)).reference)).toEqual([]);
    await db()
      .updateTable('region')
      .set({ contact_promise: JSON.stringify({ alertUrgent: true }) })
      .where('id', '=', regionId)
      .execute();
    forgetContactRegions(db());
    try {
      expect(await dutyAlerts((await send(YOUNG_VIOLENCE)).reference)).toHaveLength(2);
    } finally {
      await db().updateTable('region').set({ contact_promise: '{}' }).where('id', '=', regionId).execute();
      forgetContactRegions(db());
    }
  });

  it('on a Friday morning an urgent contact is answered the same day, and nobody is said to be away', async () => {
    at(FRIDAY_MORNING);
    const { page, contact } = await send(YOUNG_VIOLENCE, 'en');
    expect(contact.respond_by).toBe('2026-12-04');
    expect(page).toContain('A family counsellor will answer today.');
    expect(page).not.toContain('data-qa="next-duty"');
  });

  it('on a Friday evening it is Monday, in Swedish too', async () => {
    at(FRIDAY_EVENING);
    const { page, contact } = await send(YOUNG_VIOLENCE, 'sv');
    expect(contact.respond_by).toBe('2026-12-07');
    expect(page).toContain('En rådgivare svarar senast måndag 7.12.2026.');
    expect(page).toContain('Nästa jourhavande rådgivare är i tjänst måndag 7.12.2026 från kl. 8.00.');
  });

  it('before sending, the form says that an urgent contact is answered the same or the next working day', async () => {
    for (const lang of LANGS) {
      const form = await get(ASK_PATHS[lang]);
      const box = form.body.slice(form.body.indexOf('data-qa="emergency-violence"'));
      expect(box).toContain(
        `data-qa="urgent-promise">${esc(translations(lang).contactPublic.emergencyBox.urgentPromise)}<`,
      );
    }
  });

  it('before sending on a Sunday, "what happens next" gives the promise of the urgency chosen, never Wednesday for violence', async () => {
    at(SUNDAY);
    const form = await get(ASK_PATHS.fi);
    const next = form.body.slice(form.body.indexOf('data-qa="next-steps"'));
    const normal = /class="next-normal"[^>]*>([^<]*)</.exec(next)?.[1] ?? '';
    const urgent = /class="next-urgent"[^>]*>([\s\S]*?)<\/span>/.exec(next)?.[1] ?? '';
    const emergency = /class="next-emergency"[^>]*>([\s\S]*?)<\/span>/.exec(next)?.[1] ?? '';
    expect(normal).toContain('keskiviikkona 9.12.2026');
    expect(urgent).toContain('maanantaina 7.12.2026');
    expect(urgent).not.toContain('9.12.');
    expect(emergency).toContain('112');
    expect(emergency).not.toContain('9.12.');
    // shown by the safety answer alone, without JavaScript
    const css = (await get(CONTACT_PUBLIC_CSS_URL)).body;
    expect(css).toMatch(/:has\(input\[name="?safety"?\]\[value="?violence"?\]:checked\) \.next-urgent/);
    expect(css).toMatch(
      /:has\(input\[name="?safety"?\]\[value="?acute_danger"?\]:checked\) \.next-emergency/,
    );
  });

  it('once a counsellor has written to the family, the page no longer promises', async () => {
    at(SUNDAY);
    const { location, contact } = await send(YOUNG_VIOLENCE);
    at('2026-12-07T09:00:00+02:00');
    const cookie = await signIn(app, 'neuvoja');
    const claim = await call(app, {
      method: 'POST',
      url: `/api/contacts/${contact.id}/claim`,
      cookie,
      payload: {},
    });
    expect(claim.statusCode, claim.body).toBeLessThan(300);
    const message = await call(app, {
      method: 'POST',
      url: `/api/contacts/${contact.id}/entries`,
      cookie,
      payload: { entryId: randomUUID(), type: 'message', content: { text: 'Soitan sinulle tänään.' } },
    });
    expect(message.statusCode, message.body).toBeLessThan(300);
    const page = await get(location);
    expect(page.body).toContain('Soitan sinulle tänään.');
    expect(page.body).not.toContain('data-qa="promise-urgent"');
    // the way out and the helplines stay
    expect(page.body).toContain('data-qa="quick-exit"');
    expect(page.body).toContain('data-qa="emergency-violence"');
  });

  it('a normal contact keeps the normal promise of three working days', async () => {
    at(SUNDAY);
    const { page, contact } = await send(PARENT);
    expect(contact.respond_by).toBe('2026-12-09');
    expect(page).not.toContain('data-qa="promise-');
  });

  it('the queue shows an emergency at the top with a clock in hours', async () => {
    at(SUNDAY);
    const { reference } = await send(PARENT_DANGER);
    at('2026-12-06T16:25:00+02:00'); // 3 h 25 min later
    const cookie = await signIn(app, 'neuvoja');
    const queue = await get('/fi/staff/queue', cookie);
    expect(queue.statusCode).toBe(200);
    const rows = queue.body.split('data-qa="queue-row"').slice(1);
    expect(rows[0]).toContain('data-qa="urgency-emergency"');
    const row = rows.find((r) => r.includes(`data-reference="${reference}"`)) ?? '';
    expect(row).toContain('data-qa="waiting-hours"');
    expect(row).toContain('3 t 25 min');
    expect(row).toContain('Odottanut 3 tuntia 25 minuuttia');
    // and so does the contact's own page
    const id = /href="\/fi\/staff\/contacts\/([0-9a-f-]{36})"/.exec(row)?.[1] ?? '';
    const contactPage = await get(`/fi/staff/contacts/${id}`, cookie);
    expect(contactPage.statusCode).toBe(200);
    expect(contactPage.body).toContain('3 t 25 min');
  });

  it('the ask-for-advice, emergency and status pages have the quick exit: a plain link to a neutral site, and its script', async () => {
    at(SUNDAY);
    const { location } = await send(YOUNG_VIOLENCE);
    for (const lang of LANGS) {
      for (const url of [ASK_PATHS[lang], EMERGENCY_PATHS[lang]]) {
        const page = await get(url);
        expect(page.body, url).toContain(`href="${QUICK_EXIT_URLS[lang]}"`);
        expect(page.body, url).toContain(esc(translations(lang).contactPublic.quickExit.label));
        expect(page.body, url).toContain(`<script src="${QUICK_EXIT_SCRIPT_URL}" defer=""></script>`);
      }
    }
    const status = await get(location);
    expect(status.body).toContain('data-qa="quick-exit"');
    expect(status.body).toContain('Poistu sivulta nopeasti');
    // the script is served from our origin (the CSP allows 'self' only), cached for good
    const script = await get(QUICK_EXIT_SCRIPT_URL);
    expect(script.statusCode).toBe(200);
    expect(String(script.headers['content-type'])).toContain('javascript');
    expect(script.body).toContain('location.replace');
    expect(String(status.headers['content-security-policy'])).toContain("script-src 'self'");
    // its rules and the promise's come in their own stylesheet, in the head, once
    const head = status.body.slice(0, status.body.indexOf('</head>'));
    expect(head.split(`href="${CONTACT_PUBLIC_CSS_URL}"`)).toHaveLength(2);
    expect(status.body.split(`href="${CONTACT_PUBLIC_CSS_URL}"`)).toHaveLength(2);
    const css = await get(CONTACT_PUBLIC_CSS_URL);
    expect(String(css.headers['content-type'])).toContain('text/css');
    expect(css.body).toContain('.quick-exit-link');
  });
});
