// The public pages of the one contact point as a browser without JavaScript uses them: the form
// (GET, POST, errors, idempotency, CSRF), the private status page and the emergency page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PATTERN } from '../src/features/contacts/contacts.ts';
import { parseChildAges } from '../src/features/contacts/public-pages.ts';
import { LANGS, type Lang, translations } from '../src/i18n/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { formatFinnishDate, respondByDate } from '../src/platform/working-days.ts';
import { ASK_PATHS, EMERGENCY_PATHS } from '../src/ui/Layout.tsx';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

const KUOPIO = '297';
const serviceId = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const STATUS = { fi: 'tilanne', sv: 'status', en: 'status' } as const;
const statusUrl = (lang: Lang) => new RegExp(`^/${lang}/${STATUS[lang]}/([A-Za-z0-9_-]{43})\\?sent=1`);

type Fields = Record<string, string | string[]>;

/** A family's answers that pass: a parent, asking to be answered on the status page. */
const VALID: Fields = {
  contacter: 'parent',
  safety: 'none',
  message: 'Kolmevuotias saa raivokohtauksia joka ilta. Miten voisin auttaa häntä?',
  topics: ['RAIVOKOHTAUKSET', 'UNI'],
  childAges: '3 ja 6',
  municipality: KUOPIO,
  name: '',
  replyChannel: 'status_page',
  phone: '',
  email: '',
  reachTime: 'any',
  language: 'fi',
};

const setCookies = (header: unknown) => [header].flat().filter((c): c is string => typeof c === 'string');
const inputValue = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** Text as React writes it into HTML. */
const esc = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&#x27;')
    .replace(/"/g, '&quot;');

/** The status page's token of a redirect after sending. */
const tokenOf = (location: string) => /\/([A-Za-z0-9_-]{43})(?:\?|$)/.exec(location)?.[1] ?? '';

describe.each(ENGINES)('the public contact pages on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
  });
  afterAll(async () => t?.close());

  const get = (url: string, cookie = '') =>
    t.app.inject({ url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });

  /** Opens a form page as a browser does: its CSRF cookie, token and idempotency key. */
  async function open(url: string, cookie = '') {
    const res = await get(url, cookie);
    const fresh = setCookies(res.headers['set-cookie'])
      .find((c) => c.startsWith('_csrf='))
      ?.split(';')[0];
    return {
      res,
      cookie: fresh ?? cookie,
      csrf: inputValue(res.body, '_csrf'),
      key: inputValue(res.body, 'idempotencyKey'),
      messageId: inputValue(res.body, 'messageId'),
    };
  }

  function post(url: string, cookie: string, fields: Fields) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  }

  /** Opens the form in a language and sends it with these answers (and the page's key). */
  async function send(lang: Lang, fields: Fields = VALID, key?: string) {
    const form = await open(ASK_PATHS[lang]);
    expect(form.res.statusCode).toBe(200);
    const res = await post(ASK_PATHS[lang], form.cookie, {
      ...fields,
      _csrf: form.csrf,
      idempotencyKey: key ?? form.key,
    });
    return { res, form };
  }

  const contactsWithKey = async (key: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('contact')
          .select((e) => e.fn.countAll().as('n'))
          .where('idempotency_key', '=', key)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const contactCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('contact')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  for (const lang of LANGS) {
    it(`${lang}: the form page answers 200 with links to the form in the other languages`, async () => {
      const { res, csrf, key } = await open(ASK_PATHS[lang]);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<html lang="${lang}">`);
      expect(res.body).toContain(`<h1>${translations(lang).contactPublic.ask.title}</h1>`);
      for (const other of LANGS.filter((l) => l !== lang)) {
        expect(res.body).toContain(`href="${ASK_PATHS[other]}"`);
        expect(res.body).toMatch(new RegExp(`href="${ASK_PATHS[other]}"[^>]*data-qa="lang-${other}"`));
      }
      expect(csrf.length).toBeGreaterThan(10);
      expect(key).toMatch(/^[0-9a-f-]{36}$/);
      // the page's language is the answer's language unless the family chooses otherwise
      expect(res.body).toMatch(new RegExp(`id="language-${lang}"[^>]*checked=""`));
      // the region's municipalities and the "rather not say" choice
      expect(res.body).toContain(`<option value="${KUOPIO}">Kuopio</option>`);
      expect(res.body).toMatch(
        new RegExp(`<option value=""[^>]*>${esc(translations(lang).contactPublic.ask.notSay)}</option>`),
      );
      expect(res.body).not.toContain('<option value="837">'); // Tampere is in another region
    });

    it(`${lang}: the form's slug in another language is a 404`, async () => {
      for (const other of LANGS.filter((l) => l !== lang)) {
        const wrong = `/${lang}${ASK_PATHS[other].slice(3)}`;
        expect((await get(wrong)).statusCode, wrong).toBe(404);
        const wrongEmergency = `/${lang}${EMERGENCY_PATHS[other].slice(3)}`;
        expect((await get(wrongEmergency)).statusCode, wrongEmergency).toBe(404);
      }
    });

    it(`${lang}: a valid form answers 303 to the status page, which shows the reference`, async () => {
      const { res } = await send(lang, { ...VALID, language: lang });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      const location = String(res.headers.location);
      expect(location).toMatch(statusUrl(lang));
      expect(tokenOf(location)).toMatch(TOKEN_PATTERN);
      const page = await get(location);
      expect(page.statusCode).toBe(200);
      const ts = translations(lang).contactPublic.status;
      expect(page.body).toMatch(/data-qa="reference">PV-\d{4}-\d{6}</);
      expect(page.body).toContain(esc(ts.sentTitle));
      expect(page.body).toContain(esc(ts.states.new));
      expect(page.headers['cache-control']).toBe('no-store');
      expect(String(page.headers['x-robots-tag'])).toContain('noindex');
      expect(page.body).toContain('<meta name="referrer" content="no-referrer"/>');
      // the language links keep the token and go to each language's own path
      const token = tokenOf(location);
      for (const other of LANGS.filter((l) => l !== lang))
        expect(page.body).toContain(`href="/${other}/${STATUS[other]}/${token}"`);
    });
  }

  it('says before sending what happens next and by when (the region promise, in working days)', async () => {
    const { res } = await open(ASK_PATHS.fi);
    const day = respondByDate(new Date(), 3);
    expect(res.body).toContain('data-qa="next-steps"');
    expect(res.body).toContain(`3 arkipäivän kuluessa, viimeistään`);
    expect(res.body).toContain(formatFinnishDate(day));
    expect(res.body).toContain('13–17');
  });

  it('a region that promises 5 working days says 5 on the form', async () => {
    await t.database.db
      .updateTable('region')
      .set({ first_response_working_days: 5 })
      .where('code', '=', 'pohjois-savo')
      .execute();
    try {
      const { res } = await open(ASK_PATHS.en);
      expect(res.body).toContain('within 5 working days');
      expect(res.body).toContain(formatFinnishDate(respondByDate(new Date(), 5)));
    } finally {
      await t.database.db
        .updateTable('region')
        .set({ first_response_working_days: 3 })
        .where('code', '=', 'pohjois-savo')
        .execute();
    }
  });

  it('the same form sent twice (same key) gives the same reference and one contact', async () => {
    const form = await open(ASK_PATHS.fi);
    const fields = { ...VALID, _csrf: form.csrf, idempotencyKey: form.key };
    const first = await post(ASK_PATHS.fi, form.cookie, fields);
    const second = await post(ASK_PATHS.fi, form.cookie, fields);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await contactsWithKey(form.key)).toBe(1);
    const a = await get(String(first.headers.location));
    const b = await get(String(second.headers.location));
    const ref = (html: string) => /data-qa="reference">([^<]+)</.exec(html)?.[1];
    expect(ref(a.body)).toMatch(/^PV-/);
    expect(ref(b.body)).toBe(ref(a.body));
  });

  it('the same key with other content: 409, the form again with a new key and the message', async () => {
    const { res: first, form } = await send('fi');
    expect(first.statusCode).toBe(303);
    const again = await post(ASK_PATHS.fi, form.cookie, {
      ...VALID,
      message: 'Jotain ihan muuta.',
      _csrf: form.csrf,
      idempotencyKey: form.key,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(translations('fi').contactPublic.ask.reused);
    const newKey = inputValue(again.body, 'idempotencyKey');
    expect(newKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(newKey).not.toBe(form.key);
    expect(again.body).toContain('Jotain ihan muuta.');
    // sending that form as it now stands is a new contact
    const third = await post(ASK_PATHS.fi, form.cookie, {
      ...VALID,
      message: 'Jotain ihan muuta.',
      _csrf: form.csrf,
      idempotencyKey: newKey,
    });
    expect(third.statusCode).toBe(303);
    expect(third.headers.location).not.toBe(first.headers.location);
  });

  it('a form with problems: 400, everything typed kept, each message beside its field and in the summary', async () => {
    const before = await contactCount();
    const { res } = await send('fi', {
      ...VALID,
      contacter: '',
      message: '   ',
      childAges: 'kaksi ja 5',
      name: 'Maija Meikäläinen',
      replyChannel: 'phone',
      phone: '',
      email: 'ei-osoite',
      topics: ['UNI', 'SEKSUAALISUUS'],
    });
    expect(res.statusCode).toBe(400);
    expect(await contactCount()).toBe(before);
    const e = translations('fi').errors;
    const ta = translations('fi').contactPublic.ask;
    const body = res.body;
    expect(body).toContain('data-qa="error-summary"');
    expect(body).toContain(`<title>${translations('fi').contactPublic.errorSummary}: ${ta.title}`);
    // each problem: beside the field, linked from the summary, and said to assistive technology
    const beside: [string, string, string][] = [
      ['contacter', ta.chooseContacter, 'contacter-parent'],
      ['message', e['contact.message_required'], 'message'],
      ['childAges', e['contact.age_invalid'], 'childAges'],
      ['phone', e['contact.phone_required'], 'phone'],
      ['email', e['contact.email_invalid'], 'email'],
    ];
    for (const [field, text, anchor] of beside) {
      expect(body).toContain(
        `<p class="field-error" id="${field}-error" data-qa="${field}-error">${esc(text)}</p>`,
      );
      expect(body).toContain(`<a href="#${anchor}">${esc(text)}</a>`);
    }
    for (const field of ['message', 'childAges', 'phone', 'email']) {
      const tag = new RegExp(`<(?:input|textarea)[^>]*id="${field}"[^>]*>`).exec(body)?.[0] ?? '';
      expect(tag, field).toContain('aria-invalid="true"');
      expect(tag, field).toMatch(new RegExp(`aria-describedby="[^"]*${field}-error`));
    }
    expect(body).toMatch(/<fieldset id="contacter"[^>]*aria-invalid="true"/);
    // what was typed is kept
    expect(body).toContain('value="kaksi ja 5"');
    expect(body).toContain('value="Maija Meikäläinen"');
    expect(body).toContain('value="ei-osoite"');
    expect(body).toMatch(/id="replyChannel-phone"[^>]*checked=""/);
    expect(body).toMatch(/id="topic-UNI"[^>]*checked=""|checked=""[^>]*id="topic-UNI"/);
    // a topic chosen from "all topics" opens that list
    expect(body).toMatch(/id="topic-SEKSUAALISUUS"[^>]*checked=""|checked=""[^>]*id="topic-SEKSUAALISUUS"/);
    expect(body).toContain('<details open="">');
    // the summary lists the problems in the form's order
    const order = ['#contacter-parent', '#message', '#childAges', '#phone', '#email'].map((a) =>
      body.indexOf(`<a href="${a}"`),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('children of 18 or more, or too many, are the age field’s problem', async () => {
    const over = await send('en', { ...VALID, childAges: '2 and 18' });
    expect(over.res.statusCode).toBe(400);
    expect(over.res.body).toContain(`id="childAges-error"`);
    expect(over.res.body).toContain(esc(translations('en').errors['contact.age_invalid']));
    expect(over.res.body).toContain('value="2 and 18"');
  });

  it('parses the ages as families write them', () => {
    expect(parseChildAges('2 ja 5')).toEqual([2, 5]);
    expect(parseChildAges('2, 5 ja 11')).toEqual([2, 5, 11]);
    expect(parseChildAges('3 v ja 7 v.')).toEqual([3, 7]);
    expect(parseChildAges('2 och 5')).toEqual([2, 5]);
    expect(parseChildAges('0 and 4')).toEqual([0, 4]);
    expect(parseChildAges('  ')).toEqual([]);
    expect(parseChildAges('kaksi')).toBeNull();
    expect(parseChildAges('2.5')).toBeNull();
    expect(parseChildAges('-3')).toBeNull();
  });

  it('an unknown municipality or topic (checked by the domain) comes back beside its field', async () => {
    const { res } = await send('sv', { ...VALID, municipality: '999', topics: ['NO_SUCH_TOPIC'] });
    expect(res.statusCode).toBe(400);
    const e = translations('sv').errors;
    expect(res.body).toContain(
      `id="municipality-error" data-qa="municipality-error">${esc(e['contact.municipality_unknown'])}`,
    );
    expect(res.body).toContain('id="topics-error"');
  });

  it('a missing or forged idempotency key: the form again with a new key, nothing stored', async () => {
    const before = await contactCount();
    const { res } = await send('fi', VALID, 'not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(translations('fi').contactPublic.ask.expired);
    expect(inputValue(res.body, 'idempotencyKey')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await contactCount()).toBe(before);
  });

  it('refuses a form post without its CSRF token (403) and stores nothing', async () => {
    const form = await open(ASK_PATHS.fi);
    const before = await contactCount();
    const without = await post(ASK_PATHS.fi, form.cookie, { ...VALID, idempotencyKey: form.key });
    expect(without.statusCode).toBe(403);
    const forged = await post(ASK_PATHS.fi, form.cookie, {
      ...VALID,
      idempotencyKey: form.key,
      _csrf: 'forged-token',
    });
    expect(forged.statusCode).toBe(403);
    const noCookie = await post(ASK_PATHS.fi, '', { ...VALID, idempotencyKey: form.key, _csrf: form.csrf });
    expect(noCookie.statusCode).toBe(403);
    expect(await contactCount()).toBe(before);
  });

  it('the emergency box is on the form, in the safety question, shown by CSS when danger is chosen', async () => {
    const { res } = await open(ASK_PATHS.fi);
    const safety =
      /<fieldset id="safety" class="choices safety"[\s\S]*?<\/fieldset>/.exec(res.body)?.[0] ?? '';
    expect(safety).toContain('value="acute_danger"');
    expect(safety).toContain('data-qa="emergency-now"');
    expect(safety).toContain('data-qa="emergency-violence"');
    expect(safety).toContain('href="tel:112"');
    expect(safety).toContain('href="tel:080005005"');
    expect(safety).toContain('href="tel:116111"');
    // no social emergency number in the demo region: reached through 112
    expect(safety).toContain(translations('fi').contactPublic.emergencyBox.socialVia112);
    // the options point screen readers to what to do
    expect(safety).toMatch(/id="safety-acute_danger"[^>]*aria-describedby="emergency-now"/);
    // always near the top of the form: "in an emergency call 112"
    expect(res.body).toContain('data-qa="emergency-line"');
    const css = (await get('/assets/site.css')).body;
    // served minified: the quotes of the attribute value may go
    expect(css).toMatch(/\.safety:has\(input\[value="?acute_danger"?\]:checked\) \.emergency-now/);
    expect(css).toMatch(/\.safety:has\(input\[value="?violence"?\]:checked\) \.emergency-violence/);
  });

  it("the region's social emergency number is given when it is set", async () => {
    await t.database.db
      .updateTable('region')
      .set({ social_emergency_phone: '017 123 4567' })
      .where('code', '=', 'pohjois-savo')
      .execute();
    try {
      const form = (await open(ASK_PATHS.fi)).res.body;
      expect(form).toContain('href="tel:0171234567"');
      const emergency = (await get(EMERGENCY_PATHS.fi)).body;
      expect(emergency).toContain('href="tel:0171234567"');
    } finally {
      await t.database.db
        .updateTable('region')
        .set({ social_emergency_phone: null })
        .where('code', '=', 'pohjois-savo')
        .execute();
    }
  });

  it('someone in danger now: the status page opens with the emergency box', async () => {
    const { res } = await send('fi', { ...VALID, safety: 'acute_danger' });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toContain('urgency=emergency');
    const page = await get(String(res.headers.location));
    expect(page.body).toContain('data-qa="emergency-now"');
    const violence = await send('en', { ...VALID, safety: 'violence' });
    const page2 = await get(String(violence.res.headers.location));
    expect(page2.body).toContain('data-qa="emergency-violence"');
    expect(page2.body).toContain('href="tel:080005005"');
    // without it, no box
    const calm = await send('en');
    expect((await get(String(calm.res.headers.location))).body).not.toContain('class="emergency-box');
  });

  it('a wrong or malformed token is a friendly 404 in the page language, never cached', async () => {
    for (const lang of LANGS) {
      const wrong = `/${lang}/${STATUS[lang]}/${'A'.repeat(43)}`;
      const res = await get(wrong);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain(`<html lang="${lang}">`);
      expect(res.body).toContain(esc(translations(lang).contactPublic.status.notFoundTitle));
      expect(res.headers['cache-control']).toBe('no-store');
      expect((await get(`/${lang}/${STATUS[lang]}/short`)).statusCode).toBe(404);
    }
    // the status path of another language is no page
    const { res } = await send('fi');
    const token = tokenOf(String(res.headers.location));
    expect((await get(`/fi/status/${token}`)).statusCode).toBe(404);
    expect((await get(`/sv/tilanne/${token}`)).statusCode).toBe(404);
    expect((await get(`/sv/status/${token}`)).statusCode).toBe(200);
  });

  it('the family writes a message on the status page: 303 back, and it is shown', async () => {
    const { res } = await send('fi');
    const path = String(res.headers.location).split('?')[0] ?? '';
    const page = await open(path);
    expect(page.res.body).toContain('data-qa="message-form"');
    const sent = await post(path, page.cookie, {
      _csrf: page.csrf,
      messageId: page.messageId,
      text: 'Lisäys: nukkumaanmeno on vaikeinta.\nKiitos!',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${path}?message=1#messages`);
    // a retry of the same post is harmless
    const retry = await post(path, page.cookie, {
      _csrf: page.csrf,
      messageId: page.messageId,
      text: 'Lisäys: nukkumaanmeno on vaikeinta.\nKiitos!',
    });
    expect(retry.statusCode).toBe(303);
    const after = await get(`${path}?message=1`);
    expect(after.body).toContain('data-qa="message-sent"');
    // the family's own first words and the new message
    expect(after.body.match(/data-qa="message-family"/g)?.length).toBe(2);
    expect(after.body).toContain('Lisäys: nukkumaanmeno on vaikeinta.\nKiitos!');
    expect(after.body).toContain(translations('fi').contactPublic.status.you);
  });

  it('an empty message: 400, the problem beside the field; without the CSRF token: 403', async () => {
    const { res } = await send('sv');
    const path = String(res.headers.location).split('?')[0] ?? '';
    const page = await open(path);
    const empty = await post(path, page.cookie, { _csrf: page.csrf, messageId: page.messageId, text: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(
      `id="text-error" data-qa="text-error">${translations('sv').errors['contact.message_required']}`,
    );
    expect(empty.body).toMatch(/<textarea[^>]*aria-invalid="true"/);
    expect(empty.headers['cache-control']).toBe('no-store');
    const noToken = await post(path, page.cookie, { messageId: page.messageId, text: 'Hej' });
    expect(noToken.statusCode).toBe(403);
    const wrong = await post(`/sv/status/${'B'.repeat(43)}`, page.cookie, {
      _csrf: page.csrf,
      messageId: page.messageId,
      text: 'Hej',
    });
    expect(wrong.statusCode).toBe(404);
  });

  for (const lang of LANGS) {
    it(`${lang}: the emergency page gives 112 and the helplines, linked from every public page`, async () => {
      const res = await get(EMERGENCY_PATHS[lang]);
      expect(res.statusCode).toBe(200);
      for (const tel of ['tel:112', 'tel:080005005', 'tel:0925250111', 'tel:116111'])
        expect(res.body).toContain(`href="${tel}"`);
      for (const other of LANGS.filter((l) => l !== lang))
        expect(res.body).toContain(`href="${EMERGENCY_PATHS[other]}"`);
      for (const url of [
        `/${lang}`,
        `/${lang}/services`,
        `/${lang}/services/${serviceId}`,
        ASK_PATHS[lang],
      ]) {
        const page = await get(url);
        expect(page.body, url).toMatch(
          new RegExp(`<a href="${EMERGENCY_PATHS[lang]}" data-qa="emergency-link">`),
        );
      }
    });

    it(`${lang}: the home page and a service page ask "ask for advice"`, async () => {
      for (const url of [`/${lang}`, `/${lang}/services/${serviceId}`]) {
        const page = await get(url);
        expect(page.statusCode, url).toBe(200);
        expect(page.body, url).toContain(`href="${ASK_PATHS[lang]}" data-qa="ask-link"`);
        expect(page.body, url).toContain(esc(translations(lang).contactPublic.cta.button));
      }
    });
  }
});
