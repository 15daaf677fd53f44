/**
 * The region's thesaurus (docs/thesaurus.md) on both engines: a catalogue editor adds, edits,
 * deletes and hides entries through the staff page; loadThesaurus gives search and routing the
 * region's thesaurus; a family-facing role or a signed-out user cannot reach the page; bad input
 * is refused with codes beside the fields, and an edit made on an old version with 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createThesaurusEntry,
  expandQuery,
  loadThesaurus,
  suggestTopics,
} from '../src/features/catalogue/index.ts';
import { THESAURUS_CHECK_MS } from '../src/features/catalogue/thesaurus-queries.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';
import { browserFormBody, formByQa } from './form-data.ts';

const NORTH_SAVO = stableUuid('region', 'pohjois-savo');
const PIRKANMAA = stableUuid('region', 'pirkanmaa');
const PAGE = '/fi/staff/catalogue/thesaurus';

describe.each(ENGINES)('the thesaurus page on %s', (engine) => {
  let t: TestApp;
  let editor: string;
  const cookieOf = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };
  const page = (url: string, cookie = editor) =>
    t.app.inject({ url, headers: { cookie, accept: 'text/html' } });

  /** Opens a page, fills the form (by data-qa) and posts it as a browser would. */
  async function submit(
    pageUrl: string,
    qa: string,
    changes: Record<string, string | string[]> = {},
    cookie = editor,
  ) {
    const form = await page(pageUrl, cookie);
    expect(form.statusCode).toBe(200);
    const csrfCookie = String(form.headers['set-cookie']).split(';')[0];
    const values = browserFormBody(form.body, formByQa(qa));
    for (const [name, value] of Object.entries(changes)) {
      values.delete(name);
      for (const v of [value].flat()) values.append(name, v);
    }
    const tag = new RegExp(`<form[^>]*data-qa="${qa}"[^>]*>`).exec(form.body)?.[0] ?? '';
    const action = /action="([^"]+)"/.exec(tag)?.[1]?.replace(/&amp;/g, '&');
    return t.app.inject({
      method: 'POST',
      url: action ?? pageUrl,
      headers: {
        cookie: `${cookie}; ${csrfCookie}`,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: values.toString(),
    });
  }

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    editor = await cookieOf('toimittaja');
  });
  afterAll(async () => t?.close());

  it('an editor adds a phrase, and loadThesaurus returns it for search and routing', async () => {
    const before = await loadThesaurus(t.database.db, NORTH_SAVO);
    expect(expandQuery(before, ['mummolaan'], 'fi').topics).toEqual([]);
    const res = await submit(PAGE, 'thesaurus-form', {
      kind: 'phrase',
      lang: 'fi',
      terms: 'mummola\nisovanhemmat',
      topics: ['SISARUSSUHTEET', 'VUOROVAIKUTUS'],
      source: 'Alueen perheiden palautteet',
    });
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(303);
    expect(res.headers.location).toBe(`${PAGE}?show=own&done=created`);
    // the cache of this process was dropped at once
    const after = await loadThesaurus(t.database.db, NORTH_SAVO);
    expect(expandQuery(after, ['mummolaan'], 'fi').topics).toEqual(['SISARUSSUHTEET', 'VUOROVAIKUTUS']);
    expect(suggestTopics(after, 'Lapsi on paljon isovanhempien luona', 'fi').map((s) => s.topic)).toContain(
      'VUOROVAIKUTUS',
    );
    // only this region's
    const other = await loadThesaurus(t.database.db, PIRKANMAA);
    expect(expandQuery(other, ['mummolaan'], 'fi').topics).toEqual([]);
    const list = await page(String(res.headers.location));
    expect(list.body).toContain('mummola; isovanhemmat');
    expect(list.body).toContain('Sana lisättiin');
  });

  it('the try box shows what a query expands to and the topics suggested', async () => {
    const res = await page(`${PAGE}?try=${encodeURIComponent('lapsi ei halua mennä kouluun')}&trylang=fi`);
    expect(res.statusCode).toBe(200);
    const tried = /data-qa="thesaurus-tried"[\s\S]*?<\/div>/.exec(res.body)?.[0] ?? '';
    expect(tried).toContain('Koulunkäynti ja poissaolot');
    expect(tried).toContain('Koulukuraattori');
    const sv = await page(`/sv/staff/catalogue/thesaurus?try=skolfr%C3%A5nvaro&trylang=sv`);
    expect(sv.body).toContain('Skolgång och frånvaro');
  });

  it('hides a shipped entry for the region and shows it again', async () => {
    const db = t.database.db;
    const q = ['pariterapia'];
    expect(expandQuery(await loadThesaurus(db, NORTH_SAVO), q, 'fi').terms).toContain('parisuhdeterapia');
    const list = await page(`${PAGE}?q=parisuhdeterapia&show=shipped`);
    const hideUrl = /action="([^"]*fi-syn-parisuhdeterapia\/hide)"/.exec(list.body)?.[1];
    expect(hideUrl).toBeTruthy();
    const res = await submit(`${PAGE}?q=parisuhdeterapia&show=shipped`, 'thesaurus-hide');
    expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
    expect(expandQuery(await loadThesaurus(db, NORTH_SAVO), q, 'fi').terms).not.toContain('parisuhdeterapia');
    // the other region still has it
    expect(expandQuery(await loadThesaurus(db, PIRKANMAA), q, 'fi').terms).toContain('parisuhdeterapia');
    const shown = await submit(`${PAGE}?q=parisuhdeterapia&show=hidden`, 'thesaurus-show');
    expect(shown.statusCode).toBe(303);
    expect(expandQuery(await loadThesaurus(db, NORTH_SAVO), q, 'fi').terms).toContain('parisuhdeterapia');
  });

  it('edits and deletes an own entry; an edit on an old version is refused with 409', async () => {
    const db = t.database.db;
    const id = await createThesaurusEntry(
      db,
      { regionId: NORTH_SAVO, name: 'Testi' },
      {
        kind: 'synonym',
        lang: 'fi',
        terms: ['vauvauinti', 'uintikoulu'],
        topics: [],
        serviceTypes: [],
        source: '',
      },
    );
    const url = `${PAGE}/${id}`;
    const stale = await page(url);
    const saved = await submit(url, 'thesaurus-form', { terms: 'vauvauinti\nvauvojen uinti' });
    expect(saved.statusCode, saved.body.slice(0, 1500)).toBe(303);
    expect(expandQuery(await loadThesaurus(db, NORTH_SAVO), ['vauvauinti'], 'fi').terms).toEqual([
      'vauvojen uinti',
    ]);
    // the form opened before that save carries version 1
    const values = browserFormBody(stale.body, formByQa('thesaurus-form'));
    values.set('terms', 'vauvauinti\nmuskari');
    const csrfCookie = String(stale.headers['set-cookie']).split(';')[0];
    const conflict = await t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `${editor}; ${csrfCookie}`,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: values.toString(),
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Joku muutti sanaa sillä välin');
    expect(conflict.body).toContain('vauvojen uinti');
    const deleted = await submit(url, 'thesaurus-delete');
    expect(deleted.statusCode).toBe(303);
    expect(expandQuery(await loadThesaurus(db, NORTH_SAVO), ['vauvauinti'], 'fi').terms).toEqual([]);
    expect((await page(url)).statusCode).toBe(404);
  });

  it('refuses bad input with codes beside the fields, keeping what was typed', async () => {
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ terms: '' }, 'terms', 'Kirjoita vähintään yksi sana'],
      [{ terms: 'a'.repeat(81), topics: ['UNI'] }, 'terms', 'liian pitkä'],
      [{ terms: 'ei\u202enuku', topics: ['UNI'] }, 'terms', 'suuntaa muuttava merkki'],
      [{ terms: 'ei\u0001nuku', topics: ['UNI'] }, 'terms', 'ohjausmerkki'],
      [{ terms: 'yöllä valvoo', topics: ['EI_OLE'] }, 'topics', 'Tuntematon aihe'],
      [{ terms: 'yöllä valvoo', topics: [] }, 'topics', 'vähintään yksi aihe'],
    ];
    for (const [changes, field, text] of cases) {
      const res = await submit(PAGE, 'thesaurus-form', { kind: 'phrase', lang: 'fi', ...changes });
      expect(res.statusCode, JSON.stringify(changes)).toBe(400);
      const error = new RegExp(`id="${field}-error"[^>]*>([^<]*)<`).exec(res.body)?.[1] ?? '';
      expect(error, JSON.stringify(changes)).toContain(text);
      expect(res.body).toContain('aria-invalid="true"');
    }
    const kept = await submit(PAGE, 'thesaurus-form', { kind: 'phrase', terms: 'yöllä valvoo', topics: [] });
    expect(kept.body).toContain('yöllä valvoo</textarea>');
    const rows = await t.database.db
      .withTables<{ thesaurus_entry: { terms: string[] } }>()
      .selectFrom('thesaurus_entry')
      .select('terms')
      .execute();
    expect(rows.flatMap((r) => r.terms)).not.toContain('yöllä valvoo');
  });

  it('is refused to a signed-out user, a client and a counsellor; another region sees its own', async () => {
    const anon = await t.app.inject({ url: PAGE });
    expect(anon.statusCode).toBe(302);
    for (const who of ['asiakas', 'neuvoja']) {
      const cookie = await cookieOf(who);
      expect((await page(PAGE, cookie)).statusCode, who).toBe(404);
    }
    const own = (await loadThesaurus(t.database.db, NORTH_SAVO)).entries.find(
      (e) => e.terms[0] === 'mummola',
    );
    const other = await cookieOf('pirkanmaa-toimittaja');
    const theirs = await page(PAGE, other);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('mummola; isovanhemmat');
    expect((await page(`${PAGE}/${own?.id}`, other)).statusCode).toBe(404);
  });

  it("sees another process's edit within the check interval", async () => {
    const db = t.database.db;
    const now = Date.now() + 10 * THESAURUS_CHECK_MS;
    const cached = await loadThesaurus(db, NORTH_SAVO, { now });
    // another process writes the row and the revision (here: straight to the tables)
    await db
      .withTables<{ thesaurus_revision: { region_id: string; revision: number } }>()
      .updateTable('thesaurus_revision')
      .set({ revision: 999 })
      .where('region_id', '=', NORTH_SAVO)
      .execute();
    expect(await loadThesaurus(db, NORTH_SAVO, { now: now + 1000 })).toBe(cached);
    expect(await loadThesaurus(db, NORTH_SAVO, { now: now + THESAURUS_CHECK_MS + 1 })).not.toBe(cached);
  });
});
