// Topics for the mapping from the family's own words (issue 14, part 2; docs/matching.md): the
// counsellor's mapping form lists first the topics the region's thesaurus finds in the contact's
// message, each with the words that led to it, unchecked; checking one and saving the mapping
// saves it; a message that names no need suggests nothing; the suggestion is part of the
// contact page, so whoever may not read the contact sees neither; the page reads the contact
// once, through the access policy and its log, as before. PGlite, and PostgreSQL when set.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedThesaurus } from '../src/features/catalogue/thesaurus.ts';
import { topicSuggestionsFor } from '../src/features/contacts/topic-suggestions.ts';
import { LANGS } from '../src/i18n/index.ts';
import { startTestApp, type TestApp } from './app.ts';
import {
  accessLogAfter,
  lastAccessLogId,
  SAME_ORIGIN,
  seedExtraStaff,
  signIn,
  validContact,
} from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';
import { browserFormBody, formByQa } from './form-data.ts';

const SCHOOL = 'KOULUNKAYNTI_POISSAOLOT';
const ABSENCE = 'tytär ei ole käynyt koulussa kolmeen viikkoon';
const HTML = { accept: 'text/html' };

describe('the topics suggested by a text (pure)', () => {
  const thesaurus = shippedThesaurus();
  const known = new Set([SCHOOL, 'UNI', 'PARISUHDE']);

  it('finds school absence in a Finnish message, with the words that led to it', () => {
    expect(topicSuggestionsFor(thesaurus, `Hei, ${ABSENCE}.`, 'fi', known)).toEqual([
      { topic: SCHOOL, words: 'ei ole käynyt koulussa' },
    ]);
  });

  it('suggests nothing for a message without a need, an empty one, or a topic the region lacks', () => {
    expect(topicSuggestionsFor(thesaurus, 'Hei, milloin olette auki joulun aikaan?', 'fi', known)).toEqual(
      [],
    );
    expect(topicSuggestionsFor(thesaurus, '   ', 'fi', known)).toEqual([]);
    expect(topicSuggestionsFor(thesaurus, ABSENCE, 'fi', new Set(['UNI']))).toEqual([]);
  });

  it('reads a message in the contact’s language first, and in the others too', () => {
    expect(
      topicSuggestionsFor(thesaurus, 'Vår dotter har inte gått i skolan på tre veckor', 'sv', known).map(
        (s) => s.topic,
      ),
    ).toEqual([SCHOOL]);
    expect(topicSuggestionsFor(thesaurus, ABSENCE, 'en', known).map((s) => s.topic)).toEqual([SCHOOL]);
  });
});

describe.each(ENGINES)('the mapping form’s topic suggestions on %s', (engine) => {
  let t: TestApp;
  const sessions: Record<string, string> = {};
  const db = () => t.database.db;

  const get = (url: string, who: string) =>
    t.app.inject({ url, headers: { ...HTML, cookie: sessions[who] } });

  /** A contact from the public form with the family's words, claimed by the demo counsellor. */
  async function claimedContact(message: string, overrides: Record<string, unknown> = {}) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: SAME_ORIGIN,
      payload: validContact({ idempotencyKey: randomUUID(), message, ...overrides }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json() as { reference: string };
    const { id } = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const url = `/fi/staff/contacts/${id}`;
    const claim = await postForm(
      'neuvoja',
      url,
      `${url}/claim`,
      (body) => body.set('back', 'contact'),
      'claim',
    );
    expect(claim.statusCode, claim.body.slice(0, 300)).toBe(303);
    return { id, url };
  }

  /** Posts a form of the page as the browser would send it, after `edit`. */
  async function postForm(
    who: string,
    pageUrl: string,
    action: string,
    edit: (body: URLSearchParams) => void,
    qa?: string,
  ) {
    const page = await get(pageUrl, who);
    expect(page.statusCode, pageUrl).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const body =
      qa === 'claim'
        ? new URLSearchParams({
            _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
            version: /name="version" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
          })
        : browserFormBody(page.body, formByQa(qa ?? 'form-mapping'));
    edit(body);
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

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await seedExtraStaff(t.database.db);
    for (const who of ['neuvoja', 'toimittaja', 'vastaanottaja', 'pirkanmaa-neuvoja', 'yllapitaja'])
      sessions[who] = await signIn(t.app, who);
  }, 120_000);
  afterAll(async () => t?.close());

  it.each(LANGS)(
    'shows school absence first among the topics, unchecked, with the family’s words (%s)',
    async (lang) => {
      const c = await claimedContact(`Hei, ${ABSENCE}. Mitä voimme tehdä?`);
      const page = await get(c.url.replace('/fi/', `/${lang}/`), 'neuvoja');
      expect(page.statusCode).toBe(200);
      const form = /<form[^>]*data-qa="form-mapping"[\s\S]*?<\/form>/.exec(page.body)?.[0] ?? '';
      expect(form).toContain(`data-qa="topic-suggestion-${SCHOOL}"`);
      expect(form).toMatch(/<bdi>ei ole käynyt koulussa<\/bdi>/);
      expect(form).toContain(
        {
          fi: 'ehdotus perheen sanoista',
          sv: 'förslag utifrån familjens ord',
          en: 'suggested by the family',
        }[lang],
      );
      // first of the topics, and not chosen for the counsellor
      const topics = [...form.matchAll(/name="topics" value="([A-Z_]+)"([^>]*)/g)];
      expect(topics[0]?.[1]).toBe(SCHOOL);
      expect(topics[0]?.[2]).not.toContain('checked');
      expect(new Set(topics.map((m) => m[1])).size).toBe(topics.length);
      // the form as the browser sends it chooses nothing by itself
      const body = browserFormBody(page.body, formByQa('form-mapping'));
      expect(body.getAll('topics')).not.toContain(SCHOOL);
    },
  );

  it('saves the suggested topic when the counsellor checks it and saves the mapping — not before', async () => {
    const c = await claimedContact(ABSENCE);
    expect(await mappings(c.id)).toEqual([]);
    const saved = await postForm('neuvoja', c.url, `${c.url}/mapping`, (body) => {
      body.append('topics', SCHOOL);
      body.set('contacter', 'parent');
      for (const q of ['violence', 'childSafetyConcern', 'substanceUse']) body.set(q, 'no');
      body.set('lapsetPuheeksi', 'not_relevant');
    });
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    const [mapping] = await mappings(c.id);
    // the family's own topic (prefilled) and the accepted suggestion
    expect((mapping as { topics: string[] }).topics).toEqual(['UNI', SCHOOL]);
  });

  it('suggests nothing for a message that names no need', async () => {
    const c = await claimedContact('Hei, milloin olette auki joulun aikaan? Kiitos.');
    const page = await get(c.url, 'neuvoja');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="form-mapping"');
    expect(page.body).not.toContain('data-qa="topic-suggestion-');
    expect(page.body).not.toContain('ehdotus perheen sanoista');
  });

  it('shows nothing to whoever may not read the contact, and reads the contact once, logged', async () => {
    const c = await claimedContact(ABSENCE);
    for (const who of ['toimittaja', 'vastaanottaja', 'pirkanmaa-neuvoja', 'yllapitaja']) {
      const page = await get(c.url, who);
      expect(page.statusCode, who).toBe(404);
      expect(page.body, who).not.toContain('topic-suggestion');
      expect(page.body, who).not.toContain('koulussa');
    }
    const before = await lastAccessLogId(db());
    const page = await get(c.url, 'neuvoja');
    expect(page.body).toContain(`data-qa="topic-suggestion-${SCHOOL}"`);
    const logged = await accessLogAfter(db(), before);
    // the contact read once (and its consent panel), as any view of the page: nothing more
    expect(logged.filter((r) => r.resource_type === 'contact').map((r) => [r.action, r.resource_id])).toEqual(
      [['read', c.id]],
    );
    expect(new Set(logged.map((r) => r.resource_type))).toEqual(new Set(['contact', 'consent_directive']));
    expect(JSON.stringify(logged)).not.toContain('koulu');
  });

  async function mappings(contactId: string) {
    const rows = await db()
      .selectFrom('record_entry as e')
      .innerJoin('record_entry_version as v', (j) =>
        j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.current_version'),
      )
      .select('v.content')
      .where('e.contact_id', '=', contactId)
      .where('e.type', '=', 'mapping')
      .execute();
    return rows.map((r) => r.content as Record<string, unknown>);
  }
});
