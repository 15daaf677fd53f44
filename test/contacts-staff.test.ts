// The counsellors' pages of the one contact point, as a browser without JavaScript uses them:
// who may open which page, the shared queue and its list fragment, claiming (and a second claim
// refused), the situation mapping, advice, a message, closing, a correction with its reason,
// reopening, logging a phone call, and the duty roster. Every action is a form post with the
// page's CSRF token, as the pages send it.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffUserId } from '../src/features/identity/demo.ts';
import { helsinkiDate } from '../src/platform/working-days.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

const SAME_ORIGIN = { origin: 'http://localhost:80', host: 'localhost:80' };
const KUOPIO = '297';
const IISALMI = '140';
const HTML = { accept: 'text/html' };
const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The text of a page without its tags, for reading what a person sees. */
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    // inline isolation of people's words (<bdi>) adds no space in the page
    .replace(/<\/?bdi>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(ENGINES)('the counsellors’ contact pages on %s', (engine) => {
  let t: TestApp;
  const sessions: Record<string, string> = {};

  async function signIn(username: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode, username).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: { ...HTML, ...(who ? { cookie: sessions[who] } : {}) } });

  /**
   * Posts a form as the browser would from the page it is on: the page gives the CSRF cookie and
   * the form's token; fields are sent urlencoded (a list repeats its name).
   */
  async function post(
    who: string,
    pageUrl: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> {
    const page = await get(pageUrl, who);
    expect(page.statusCode, `${pageUrl}: ${page.body.slice(0, 300)}`).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token, 'the page has a form token').toBeTruthy();
    const body = new URLSearchParams();
    body.append('_csrf', token as string);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return t.app.inject({
      method: 'POST',
      url: action,
      headers: {
        ...HTML,
        cookie: [sessions[who], csrfCookie].filter(Boolean).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  }

  /** A family's contact through the public API; its reference, status link and id. */
  async function submit(overrides: Record<string, unknown> = {}) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: SAME_ORIGIN,
      payload: {
        idempotencyKey: randomUUID(),
        contacter: 'parent',
        municipality: KUOPIO,
        childAges: [0, 7],
        topics: ['UNI'],
        message: 'Seitsemänvuotias ei nukahda iltaisin.\n\nKoko perhe on väsynyt.',
        replyChannel: 'email',
        email: 'perhe@example.fi',
        language: 'fi',
        ...overrides,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as { reference: string; statusUrl: string };
    const row = await t.database.db
      .selectFrom('contact')
      .select(['id', 'version'])
      .where('reference', '=', answer.reference)
      .executeTakeFirstOrThrow();
    return { ...answer, id: row.id, token: answer.statusUrl.split('/').pop() as string };
  }

  const contactRow = (id: string) =>
    t.database.db
      .selectFrom('contact')
      .select(['state', 'assigned_to', 'version', 'outcome', 'first_response_at', 'channel'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    for (const who of [
      'neuvoja',
      'neuvoja2',
      'esihenkilo',
      'kumppani',
      'toimittaja',
      'asiakas',
      'pirkanmaa-toimittaja',
    ])
      sessions[who] = await signIn(who);
  });
  afterAll(async () => t?.close());

  it('opens each page for its roles only: others get 404, a signed-out user is sent to sign in', async () => {
    const c = await submit();
    const pages = {
      queue: '/fi/staff/queue',
      myWork: '/fi/staff/my-work',
      newContact: '/fi/staff/contacts/new',
      contact: `/fi/staff/contacts/${c.id}`,
      roster: '/fi/staff/roster',
    };
    const allowed: Record<string, (keyof typeof pages)[]> = {
      neuvoja: ['queue', 'myWork', 'newContact', 'contact', 'roster'],
      esihenkilo: ['queue', 'roster'],
      kumppani: [],
      toimittaja: [],
      asiakas: [],
      'pirkanmaa-toimittaja': [],
    };
    for (const [who, may] of Object.entries(allowed)) {
      for (const [name, url] of Object.entries(pages)) {
        const res = await get(url, who);
        expect(res.statusCode, `${who} ${name}`).toBe(may.includes(name as keyof typeof pages) ? 200 : 404);
      }
    }
    for (const url of Object.values(pages)) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location).toBe(`/fi/sign-in?next=${encodeURIComponent(url)}`);
    }
    // the fragment and the actions are guarded the same way
    expect((await get('/fi/staff/queue?fragment=1', 'kumppani')).statusCode).toBe(404);
    expect((await get('/fi/staff/queue?fragment=1')).statusCode).toBe(302);
    // the navigation offers the sections by role
    const counsellorNav = (await get('/fi/staff', 'neuvoja')).body;
    for (const qa of ['nav-queue', 'nav-my-work', 'nav-roster'])
      expect(counsellorNav).toContain(`data-qa="${qa}"`);
    // and the workspace home says what each is for
    expect(textOf(counsellorNav)).toContain('Alueen kaikki avoimet yhteydenotot kunnasta riippumatta');
    expect(textOf(counsellorNav)).toContain('Kuka vastaa puhelimeen ja kuka hoitaa jonoa kunakin päivänä.');
    const managerNav = (await get('/fi/staff', 'esihenkilo')).body;
    expect(managerNav).toContain('data-qa="nav-queue"');
    expect(managerNav).not.toContain('data-qa="nav-my-work"');
    expect((await get('/fi/staff', 'toimittaja')).body).not.toContain('data-qa="nav-queue"');
  });

  it('the queue lists a new contact with its facts, urgency in words and the working days waited', async () => {
    const c = await submit({ safety: 'violence', topics: ['UNI', 'VUOROVAIKUTUS'] });
    const res = await get('/fi/staff/queue', 'neuvoja');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const row = new RegExp(`<tr[^>]*id="contact-${c.id}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    expect(row, 'the contact has its row').not.toBe('');
    const text = textOf(row);
    expect(text).toContain(c.reference);
    expect(text).toContain('Kuopio');
    expect(text).toContain('alle 1 v., 7 v.');
    expect(text).toContain('Uni ja unirytmi, Vuorovaikutus');
    expect(text).toContain('Verkkolomake');
    expect(row).toContain('data-qa="urgency-urgent"');
    expect(text).toContain('Kiireellinen');
    expect(text).toContain('Alle arkipäivän');
    expect(text).toMatch(/Saapui \d{1,2}\.\d{1,2}\.20\d\d klo \d\d\.\d\d/);
    expect(text).toContain('Ei käsittelijää');
    expect(row).toContain('data-qa="claim"');
    expect(row).not.toContain('data-qa="overdue"');
    // who answers the phone today is at the top; the live script is loaded, deferred, same-origin
    expect(res.body).toContain('data-qa="duty"');
    expect(res.body).toMatch(/<script src="\/assets\/queue-live\.js\?v=[0-9a-f]{12}" defer=""><\/script>/);
    expect(res.body).toContain('aria-live="polite"');
    expect(res.body).toContain('data-qa="refresh"');
  });

  it('an old contact that has not been answered stands out as OVERDUE', async () => {
    const c = await submit();
    await t.database.db
      .updateTable('contact')
      .set({ received_at: new Date('2026-01-05T09:00:00Z'), respond_by: '2026-01-08' })
      .where('id', '=', c.id)
      .execute();
    const res = await get('/fi/staff/queue', 'neuvoja');
    const row = new RegExp(`<tr[^>]*id="contact-${c.id}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    expect(row).toContain('data-qa="overdue"');
    expect(textOf(row)).toContain('MYÖHÄSSÄ');
    expect(textOf(row)).toContain('8.1.2026');
    // the working days from Monday 5.1.2026 (Epiphany on Tuesday 6.1. is not one) to today
    expect(textOf(row)).toMatch(/\d+ arkipäivää/);
    const en = await get('/en/staff/queue', 'neuvoja');
    expect(textOf(en.body)).toContain('OVERDUE');
  });

  it('?fragment=1 answers the list alone, with the same filters', async () => {
    const kuopio = await submit();
    const iisalmi = await submit({ municipality: IISALMI });
    const all = await get('/fi/staff/queue?fragment=1', 'neuvoja');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toContain('text/html');
    expect(all.body.startsWith('<div id="queue-list"')).toBe(true);
    expect(all.body).not.toContain('<html');
    expect(all.body).not.toContain('data-qa="queue-filters"');
    expect(all.body).toContain(kuopio.reference);
    expect(all.body).toContain(iisalmi.reference);
    const filtered = await get(`/fi/staff/queue?fragment=1&municipality=${IISALMI}`, 'neuvoja');
    expect(filtered.body).toContain(iisalmi.reference);
    expect(filtered.body).not.toContain(kuopio.reference);
    // the whole page with the filter keeps it in its links and form
    const page = await get(`/fi/staff/queue?municipality=${IISALMI}`, 'neuvoja');
    expect(page.body).not.toContain(kuopio.reference);
    expect(page.body).toContain(`href="/fi/staff/queue?municipality=${IISALMI}" data-qa="refresh"`);
    expect(page.body).toMatch(new RegExp(`<option value="${IISALMI}" selected=""`));
    // unknown filter values are left out rather than failing
    expect(
      (await get('/fi/staff/queue?urgency=x&municipality=abc&show=everything', 'neuvoja')).statusCode,
    ).toBe(200);
  });

  it('serves the live script same-origin as JavaScript, cached for good under its version', async () => {
    const page = await get('/fi/staff/queue', 'neuvoja');
    const src = /<script src="([^"]+)"/.exec(page.body)?.[1] as string;
    const res = await t.app.inject({ url: src });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toContain('max-age=31536000');
    expect(res.body).toContain("new EventSource('/api/contacts/events')");
    expect(res.body).toContain("searchParams.set('fragment', '1')");
    expect(Buffer.byteLength(res.body)).toBeLessThan(2048 + 1024); // the code, under 2 KB without comments
    expect(Buffer.byteLength(res.body.replace(/^\s*\/\/.*$/gm, '').replace(/\s+/g, ' '))).toBeLessThan(2048);
  });

  it('a counsellor claims from the queue; a second claim is refused with a notice', async () => {
    const c = await submit();
    const res = await post('neuvoja', '/fi/staff/queue', `/fi/staff/contacts/${c.id}/claim`, {
      back: 'queue',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(res.headers.location).toBe(`/fi/staff/contacts/${c.id}?done=claimed`);
    expect(await contactRow(c.id)).toMatchObject({ state: 'assigned', assigned_to: staffUserId('neuvoja') });
    const page = await get(res.headers.location as string, 'neuvoja');
    expect(page.body).toContain('data-qa="flash"');
    expect(textOf(page.body)).toContain('Otit yhteydenoton työn alle.');
    expect(textOf(page.body)).toContain('Noora Neuvoja');

    const again = await post('neuvoja2', '/fi/staff/queue', `/fi/staff/contacts/${c.id}/claim`, {
      back: 'queue',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('data-qa="conflict"');
    expect(textOf(again.body)).toContain('Joku muu ehti ottaa tämän yhteydenoton jo työn alle.');
    expect(again.body).toContain('href="/fi/staff/queue" data-qa="reload"');
    expect(again.body).toContain('data-qa="queue-list"'); // the queue again, as it now stands
    expect((await contactRow(c.id)).assigned_to).toBe(staffUserId('neuvoja'));
    // from the contact page, the refusal is shown there
    const onPage = await post('neuvoja2', `/fi/staff/contacts/${c.id}`, `/fi/staff/contacts/${c.id}/claim`, {
      back: 'contact',
      version: '1',
    });
    expect(onPage.statusCode).toBe(409);
    expect(onPage.body).toContain('data-qa="contact-title"');
    expect(onPage.body).toContain(`href="/fi/staff/contacts/${c.id}" data-qa="reload"`);
  });

  it('maps, advises, messages and closes; errors are shown beside their fields; the state follows', async () => {
    const c = await submit();
    const url = `/fi/staff/contacts/${c.id}`;
    const before = await get(url, 'neuvoja');
    expect(textOf(before.body)).toContain('Seitsemänvuotias ei nukahda iltaisin.');
    expect(before.body).toMatch(/<blockquote data-qa="family-words" lang="fi">/);
    expect(textOf(before.body)).toContain('perhe@example.fi');
    // before it is claimed, the page offers claiming and assigning, not the work's forms
    expect(before.body).not.toContain('data-qa="form-mapping"');
    const claim = await post('neuvoja', url, `${url}/claim`, { version: '1', back: 'contact' });
    expect(claim.statusCode).toBe(303);
    // the mapping form starts from what the family told
    expect((await get(url, 'neuvoja')).body).toMatch(/name="childAges"[^>]*value="0, 7"/);

    // a mapping without the safety screen's answers: 400, each problem beside its field
    const mappingBad = await post('neuvoja', url, `${url}/mapping`, {
      version: '2',
      entryId: randomUUID(),
      contacter: 'parent',
      childAges: '0, 7, 44',
      topics: 'UNI',
      violence: 'no',
      familyDescription: 'Äiti, isä ja kaksi lasta',
    });
    expect(mappingBad.statusCode).toBe(400);
    for (const field of ['childSafetyConcern', 'substanceUse', 'lapsetPuheeksi', 'childAges'])
      expect(mappingBad.body, field).toContain(`data-qa="error-${field}"`);
    expect(mappingBad.body).toContain('id="mapping-childSafetyConcern-error"');
    expect(mappingBad.body).toContain('aria-describedby="mapping-childSafetyConcern-error"');
    expect(textOf(mappingBad.body)).toContain('Huoli lapsen turvallisuudesta: valitse yksi.');
    expect(textOf(mappingBad.body)).toContain('Lasten iät (vuotta): Anna lapsen ikä vuosina (0–17).');
    expect(mappingBad.body).toContain('Äiti, isä ja kaksi lasta'); // kept as typed
    expect((await contactRow(c.id)).state).toBe('assigned');

    const mapping = await post('neuvoja', url, `${url}/mapping`, {
      version: '2',
      entryId: randomUUID(),
      contacter: 'parent',
      familyDescription: 'Äiti, isä ja kaksi lasta',
      childAges: '0, 7',
      topics: ['UNI', 'VUOROVAIKUTUS'],
      violence: 'no',
      childSafetyConcern: 'unknown',
      substanceUse: 'yes',
      safetyNotes: 'Isä kertoi alkoholin käytöstä.',
      earlierServices: ['NEUVOLA_AITIYS_LAPSI'],
      lapsetPuheeksi: 'offered',
    });
    expect(mapping.statusCode, textOf(mapping.body).slice(0, 1500)).toBe(303);
    expect(mapping.headers.location).toBe(`${url}?done=mapping`);
    // the first record starts the work; a mapping is not yet a response
    expect(await contactRow(c.id)).toMatchObject({
      state: 'in_progress',
      assigned_to: staffUserId('neuvoja'),
      first_response_at: null,
    });
    const mapped = textOf((await get(`${url}?done=mapping`, 'neuvoja')).body);
    expect(mapped).toContain('Tilannekartoitus kirjattiin.');
    expect(mapped).toContain('Päihteiden käyttö perheessä Kyllä');
    expect(mapped).toContain('Lapset puheeksi -keskustelu Tarjottu, ei vielä käyty');
    expect(mapped).toContain('Äitiys- ja lastenneuvola');
    expect(mapped).toContain('Palvelutehtävä: Kasvatus- ja perheneuvonta');
    expect(mapped).not.toContain('KASVATUS_JA_PERHENEUVONTA'); // the service task by name, not its code

    const version = String((await contactRow(c.id)).version);
    const adviceEmpty = await post('neuvoja', url, `${url}/advice`, {
      version,
      entryId: randomUUID(),
      text: '  ',
    });
    expect(adviceEmpty.statusCode).toBe(400);
    expect(adviceEmpty.body).toContain('id="advice-text-error"');
    const advice = await post('neuvoja', url, `${url}/advice`, {
      version,
      entryId: randomUUID(),
      text: 'Iltarutiinit: sama järjestys joka ilta, ruutuaika pois tuntia ennen.',
    });
    expect(advice.statusCode).toBe(303);
    expect((await contactRow(c.id)).first_response_at).not.toBeNull();

    const messageText = 'Hei! Soitan teille huomenna aamupäivällä. Terveisin Noora';
    const message = await post('neuvoja', url, `${url}/message`, {
      version: String((await contactRow(c.id)).version),
      entryId: randomUUID(),
      text: messageText,
    });
    expect(message.statusCode).toBe(303);
    const status = await t.app.inject({ url: `/api/contacts/status/${c.token}` });
    expect(status.json().messages.map((m: { text: string }) => m.text)).toContain(messageText);

    // a page left open while the contact changed: the old version is refused
    const stale = await post('neuvoja', url, `${url}/advice`, {
      version,
      entryId: randomUUID(),
      text: 'Myöhässä',
    });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Joku muu muutti yhteydenottoa juuri.');

    // closing: guided onward needs the service
    const current = String((await contactRow(c.id)).version);
    const noService = await post('neuvoja', url, `${url}/close`, {
      version: current,
      outcome: 'guided_onward',
    });
    expect(noService.statusCode).toBe(400);
    expect(noService.body).toContain('id="close-targetServiceId-error"');
    expect(textOf(noService.body)).toContain('Valitse palvelu, johon perhe ohjattiin.');
    const serviceId = /<option value="([0-9a-f-]{36})">Kuopion perheneuvola</.exec(noService.body)?.[1];
    expect(serviceId, 'the form lists the region’s services').toBeTruthy();
    // the list can be narrowed by name (a GET of the page: no JavaScript needed)
    const narrowed = await get(`${url}?serviceQ=perheneuvola`, 'neuvoja');
    const targets = /<select id="close-targetServiceId"[\s\S]*?<\/select>/.exec(narrowed.body)?.[0] ?? '';
    expect(targets).toContain('Kuopion perheneuvola');
    expect(targets).not.toContain('Neuvolan chat');
    const close = await post('neuvoja', url, `${url}/close`, {
      version: current,
      outcome: 'guided_onward',
      targetServiceId: serviceId as string,
      visits: '2', // not used by this outcome: not recorded
      note: 'Ohjattu perheneuvolaan.',
      messageToFamily: 'Perheneuvola ottaa teihin yhteyttä.',
    });
    expect(close.statusCode, textOf(close.body).slice(0, 1500)).toBe(303);
    expect(close.headers.location).toBe(`${url}?done=closed`);
    expect(await contactRow(c.id)).toMatchObject({ state: 'closed', outcome: 'guided_onward' });
    const closed = await get(`${url}?done=closed`, 'neuvoja');
    const closedText = textOf(closed.body);
    expect(closedText).toContain('Yhteydenotto päätettiin.');
    expect(closedText).toContain('Ohjattu toiseen palveluun');
    expect(closedText).toContain('Kuopion perheneuvola');
    expect(closed.body).toContain('data-qa="form-reopen"');
    expect(closed.body).not.toContain('data-qa="form-advice"');
    const outcome = await t.database.db
      .selectFrom('record_entry')
      .innerJoin('record_entry_version', 'record_entry_version.entry_id', 'record_entry.id')
      .select('record_entry_version.content')
      .where('record_entry.contact_id', '=', c.id)
      .where('record_entry.type', '=', 'outcome')
      .executeTakeFirstOrThrow();
    expect(outcome.content).toMatchObject({
      outcome: 'guided_onward',
      targetServiceId: serviceId,
      visits: null,
    });
    // the history names each step
    for (const step of [
      'Yhteydenotto saapui',
      'Otettu työn alle',
      'Käsittely alkoi',
      'Päätetty: Ohjattu toiseen palveluun',
    ])
      expect(closedText).toContain(step);
    // a closed contact leaves the queue
    expect((await get('/fi/staff/queue', 'neuvoja')).body).not.toContain(c.reference);

    // and is opened again with a reason
    const reopenEmpty = await post('neuvoja', url, `${url}/reopen`, { reason: '' });
    expect(reopenEmpty.statusCode).toBe(400);
    expect(textOf(reopenEmpty.body)).toContain('Kerro korjauksen syy.');
    const reopen = await post('neuvoja', url, `${url}/reopen`, {
      reason: 'Perhe soitti uudelleen samasta asiasta.',
    });
    expect(reopen.statusCode).toBe(303);
    expect((await contactRow(c.id)).state).toBe('in_progress');
    expect(textOf((await get(url, 'neuvoja')).body)).toContain(
      'Avattu uudelleen: Perhe soitti uudelleen samasta asiasta.',
    );
  });

  it('a correction is a new version with its reason; the earlier version stays visible', async () => {
    const c = await submit();
    const url = `/fi/staff/contacts/${c.id}`;
    const entryId = randomUUID();
    expect(
      (await post('neuvoja', url, `${url}/advice`, { version: '1', entryId, text: 'Ensimmäinen neuvo.' }))
        .statusCode,
    ).toBe(303);
    // the same post again (a double click) records nothing twice
    expect(
      (await post('neuvoja', url, `${url}/advice`, { version: '1', entryId, text: 'Ensimmäinen neuvo.' }))
        .statusCode,
    ).toBe(303);
    const page = await get(url, 'neuvoja');
    expect(page.body.match(/data-qa="entry-advice"/g)).toHaveLength(1);
    expect(page.body).toContain(`action="/fi/staff/contacts/${c.id}/entries/${entryId}/correct"`);

    const noReason = await post('neuvoja', url, `${url}/entries/${entryId}/correct`, {
      entryVersion: '1',
      text: 'Korjattu neuvo.',
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain(`id="fix-${entryId}-reason-error"`);
    expect(noReason.body).toMatch(/<details class="correct" open="">/);

    const fix = await post('neuvoja', url, `${url}/entries/${entryId}/correct`, {
      entryVersion: '1',
      text: 'Korjattu neuvo: iltarutiinit.',
      reason: 'Kirjoitusvirhe',
    });
    expect(fix.statusCode, textOf(fix.body).slice(0, 1000)).toBe(303);
    expect(fix.headers.location).toBe(`${url}?done=corrected`);
    const versions = await t.database.db
      .selectFrom('record_entry_version')
      .select(['version', 'reason'])
      .where('entry_id', '=', entryId)
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { version: 1, reason: null },
      { version: 2, reason: 'Kirjoitusvirhe' },
    ]);
    const after = textOf((await get(`${url}?done=corrected`, 'neuvoja')).body);
    expect(after).toContain('Korjaus tallennettiin uutena versiona.');
    expect(after).toContain('Versio 2 (voimassa)');
    expect(after).toMatch(/Korjattu \d{1,2}\.\d{1,2}\.20\d\d klo \d\d\.\d\d, Noora Neuvoja: Kirjoitusvirhe/);
    expect(after).toContain('Korjattu neuvo: iltarutiinit.');
    expect(after).toContain('Versio 1 ennen korjausta Ensimmäinen neuvo.');
    // the same form posted again from the old page: the entry has moved on
    const stale = await post('neuvoja', url, `${url}/entries/${entryId}/correct`, {
      entryVersion: '1',
      text: 'Toinen korjaus',
      reason: 'Vanha sivu',
    });
    expect(stale.statusCode).toBe(409);
  });

  it('a manager sees the queue without links into the contacts and assigns from it', async () => {
    const c = await submit({ municipality: IISALMI });
    const queue = await get(`/fi/staff/queue?municipality=${IISALMI}`, 'esihenkilo');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(c.reference);
    expect(queue.body).not.toContain('data-qa="claim"');
    expect(queue.body).not.toContain('data-qa="open-contact"');
    expect(queue.body).not.toContain('data-qa="log-contact"');
    expect(queue.body).toContain(`<option value="${staffUserId('neuvoja2')}">Niilo Neuvonen</option>`);

    const none = await post('esihenkilo', '/fi/staff/queue', `/fi/staff/contacts/${c.id}/assign`, {
      back: 'queue',
      municipality: IISALMI,
      staffUserId: '',
    });
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain('Valitse alueen perheneuvoja.');

    const res = await post('esihenkilo', '/fi/staff/queue', `/fi/staff/contacts/${c.id}/assign`, {
      back: 'queue',
      municipality: IISALMI,
      staffUserId: staffUserId('neuvoja2'),
    });
    expect(res.statusCode, textOf(res.body).slice(0, 800)).toBe(303);
    expect(res.headers.location).toBe(`/fi/staff/queue?municipality=${IISALMI}&done=assigned`);
    expect(await contactRow(c.id)).toMatchObject({ state: 'assigned', assigned_to: staffUserId('neuvoja2') });
    const after = await get(res.headers.location as string, 'esihenkilo');
    expect(textOf(after.body)).toContain('Yhteydenotto annettiin ohjaajalle.');
    const row = new RegExp(`<tr[^>]*id="contact-${c.id}"[\\s\\S]*?</tr>`).exec(after.body)?.[0] ?? '';
    expect(textOf(row)).toContain('Niilo Neuvonen');
    // it is now in Niilo's own work, not Noora's
    expect((await get('/fi/staff/my-work', 'neuvoja2')).body).toContain(c.reference);
    expect((await get('/fi/staff/my-work', 'neuvoja')).body).not.toContain(c.reference);
    // a manager may not work the contact itself
    const claim = await t.app.inject({
      method: 'POST',
      url: `/fi/staff/contacts/${c.id}/claim`,
      headers: { ...HTML, cookie: sessions.esihenkilo },
    });
    expect([403, 404]).toContain(claim.statusCode);
  });

  it('a counsellor logs a phone call in one form; a retried post gives the same contact', async () => {
    const bad = await post('neuvoja', '/fi/staff/contacts/new', '/fi/staff/contacts', {
      idempotencyKey: randomUUID(),
      channel: 'phone',
      urgency: 'urgent',
      contacter: 'parent',
      municipality: KUOPIO,
      childAges: '5',
      message: '',
      replyChannel: 'phone',
      language: 'fi',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="log-message-error"');
    expect(bad.body).toContain('id="log-phone-error"');
    expect(textOf(bad.body)).toContain('Lyhyt kuvaus: täytä tämä kohta.');
    expect(bad.body).toMatch(/name="childAges"[^>]*value="5"/);

    const fields = {
      idempotencyKey: randomUUID(),
      channel: 'phone',
      urgency: 'urgent',
      contacter: 'professional',
      municipality: KUOPIO,
      childAges: '5',
      topics: ['UNI'],
      message: 'Päiväkodin opettaja soitti: viisivuotias on ollut levoton.',
      name: 'Päivi Päiväkoti',
      phone: '040 123 4567',
      replyChannel: 'phone',
      reachTime: 'morning',
      safety: 'none',
      language: 'fi',
    };
    const res = await post('neuvoja', '/fi/staff/contacts/new', '/fi/staff/contacts', fields);
    expect(res.statusCode, textOf(res.body).slice(0, 1500)).toBe(303);
    const id = new RegExp(`^/fi/staff/contacts/(${ID})\\?done=logged$`).exec(
      String(res.headers.location),
    )?.[1];
    expect(id).toBeTruthy();
    expect(await contactRow(id as string)).toMatchObject({
      channel: 'phone',
      state: 'assigned',
      assigned_to: staffUserId('neuvoja'),
    });
    const page = textOf((await get(res.headers.location as string, 'neuvoja')).body);
    expect(page).toContain('Yhteydenotto kirjattiin jonoon');
    expect(page).toContain('Ohjaajan kirjaama kuvaus');
    expect(page).toContain('Päiväkodin opettaja soitti');
    expect(page).toContain('Kiireellinen');
    const again = await post('neuvoja', '/fi/staff/contacts/new', '/fi/staff/contacts', fields);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(res.headers.location);
    // it is in the counsellor's own work at once
    expect((await get('/fi/staff/my-work', 'neuvoja')).body).toContain(`/fi/staff/contacts/${id}`);
  });

  it('a manager sets the day’s duties; counsellors read them; the queue names today’s phone duty', async () => {
    const today = helsinkiDate(new Date());
    const roster = await get('/fi/staff/roster', 'esihenkilo');
    expect(roster.statusCode).toBe(200);
    expect(roster.body).toContain(`id="day-${today}"`);
    expect(roster.body).toContain(`action="/fi/staff/roster/${today}"`);
    expect(roster.body.match(/<tr id="day-/g)).toHaveLength(14);
    expect(textOf(roster.body)).toMatch(/Viikonloppu/);

    const res = await post('esihenkilo', '/fi/staff/roster', `/fi/staff/roster/${today}`, {
      from: today,
      phone: staffUserId('neuvoja2'),
      queue: [staffUserId('neuvoja'), staffUserId('neuvoja2')],
    });
    expect(res.statusCode, textOf(res.body).slice(0, 800)).toBe(303);
    expect(res.headers.location).toBe(`/fi/staff/roster?from=${today}&done=saved#day-${today}`);

    const forCounsellor = await get('/fi/staff/roster', 'neuvoja');
    const row = new RegExp(`<tr id="day-${today}"[\\s\\S]*?</tr>`).exec(forCounsellor.body)?.[0] ?? '';
    expect(textOf(row)).toContain('Niilo Neuvonen');
    expect(textOf(row)).toContain('Jonovuoro Niilo Neuvonen, Noora Neuvoja');
    expect(forCounsellor.body).not.toContain('<form id="roster-');
    const queue = await get('/fi/staff/queue', 'neuvoja');
    expect(textOf(/<section class="duty[\s\S]*?<\/section>/.exec(queue.body)?.[0] ?? '')).toContain(
      'Puhelimeen vastaa: Niilo Neuvonen',
    );
    // a counsellor cannot change it; someone not of the contact point cannot be put on duty
    const counsellorPost = await t.app.inject({
      method: 'POST',
      url: `/fi/staff/roster/${today}`,
      headers: { ...HTML, cookie: sessions.neuvoja },
    });
    expect([403, 404]).toContain(counsellorPost.statusCode);
    const stranger = await post('esihenkilo', '/fi/staff/roster', `/fi/staff/roster/${today}`, {
      phone: staffUserId('toimittaja'),
    });
    expect(stranger.statusCode).toBe(400);
    expect(textOf(stranger.body)).toContain('Valitse alueen perheneuvoja.');
    // the fortnights before and after
    const next = await get(`/fi/staff/roster?from=${today}`, 'neuvoja');
    const nextHref = /href="(\/fi\/staff\/roster\?from=[0-9-]+)" data-qa="roster-next"/.exec(next.body)?.[1];
    expect((await get(nextHref as string, 'neuvoja')).statusCode).toBe(200);
    expect((await get('/fi/staff/roster?from=2026-02-31', 'neuvoja')).statusCode).toBe(200);
    // Christmas week: the eve and the two holidays are marked, on a weekday too
    const christmas = await get('/fi/staff/roster?from=2026-12-21', 'neuvoja');
    const dayRow = (d: string) =>
      textOf(new RegExp(`<tr id="day-${d}"[\\s\\S]*?</tr>`).exec(christmas.body)?.[0] ?? '');
    expect(dayRow('2026-12-23')).not.toContain('Pyhäpäivä');
    expect(dayRow('2026-12-24')).toContain('Torstai 24.12.2026 Pyhäpäivä');
    expect(dayRow('2026-12-25')).toContain('Pyhäpäivä');
    expect(dayRow('2026-12-26')).toContain('Viikonloppu');
  });

  it('speaks Swedish and English too', async () => {
    const c = await submit({ safety: 'acute_danger' });
    // claimed, so that the page shows the forms of the work
    const url = `/fi/staff/contacts/${c.id}`;
    expect((await post('neuvoja', url, `${url}/claim`, { version: '1', back: 'contact' })).statusCode).toBe(
      303,
    );
    const expected = {
      sv: [
        'Gemensam kö',
        'Nödsituation',
        'Kartläggning av situationen',
        'Jourlista',
        'Anteckna ett samtal eller besök',
      ],
      en: ['Shared queue', 'Emergency', 'Situation mapping', 'Duty roster', 'Log a phone call or a walk-in'],
    };
    for (const [lang, words] of Object.entries(expected)) {
      const queue = textOf((await get(`/${lang}/staff/queue`, 'neuvoja')).body);
      const contact = textOf((await get(`/${lang}/staff/contacts/${c.id}`, 'neuvoja')).body);
      const roster = textOf((await get(`/${lang}/staff/roster`, 'neuvoja')).body);
      const log = textOf((await get(`/${lang}/staff/contacts/new`, 'neuvoja')).body);
      const all = [queue, contact, roster, log].join(' ');
      for (const w of words) expect(all, `${lang}: ${w}`).toContain(w);
      expect(contact).toMatch(/\d{1,2}\.\d{1,2}\.20\d\d (kl\.|at) \d\d\.\d\d/);
    }
    expect(textOf((await get(`/en/staff/contacts/${c.id}`, 'neuvoja')).body)).toContain(
      'The family answered the safety question: Someone is in danger right now',
    );
    expect(
      new RegExp(escapeRe('lang="sv" hrefLang="sv"')).test((await get('/fi/staff/queue', 'neuvoja')).body),
    ).toBe(true);
  });
});
