/**
 * Issue 10, findings 7, 11 and 14 (second half): what the HTTP edge does for every route.
 * - one input rule refuses NUL and the other control characters in every query parameter, path
 *   segment and body text with a coded 400 (never a 500), bidi characters pass as text;
 * - every JSON answer with personal data is sent with Cache-Control: no-store;
 * - the CSRF check compares media types case-insensitively.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fi } from '../../src/i18n/fi.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { tokenOf, validContact } from '../contact-fixtures.ts';

const SERVICE = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const UNIT = stableUuid('unit', 'pohjois-savo/perheneuvola-kuopio');
const ERROR_CODES = new Set(Object.keys(fi.errors));

/** NUL, other C0 characters, DEL and C1 characters. */
const CONTROLS = ['\u0000', '\u0001', '\u0008', '\u000B', '\u001B', '\u007F', '\u0085', '\u009B'];
/** Bidi overrides and isolates: text, to be shown isolated (finding 14), never a 500. */
const BIDI = ['\u202E', '\u202D', '\u2066', '\u2069', '\u200F'];

describe('the HTTP edge (issue 10)', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids = { contact: '', token: '', handoff: '', claimed: '' };

  const signIn = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  };
  const as = (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { ...(who ? { cookie: cookies[who] as string } : {}) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const newContact = async () => {
    const res = await as(null, 'POST', '/api/contacts', validContact());
    expect(res.statusCode).toBe(201);
    const { reference, statusUrl } = res.json() as { reference: string; statusUrl: string };
    const row = await t.database.db
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return { id: row.id, token: tokenOf(statusUrl) };
  };

  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
    for (const u of ['neuvoja', 'vastaanottaja', 'esihenkilo', 'tietosuoja']) cookies[u] = await signIn(u);
    const first = await newContact();
    ids.contact = first.id;
    ids.token = first.token;
    ids.claimed = (await newContact()).id;
    expect((await as('neuvoja', 'POST', `/api/contacts/${ids.claimed}/claim`, {})).statusCode).toBeLessThan(
      300,
    );
    ids.handoff = randomUUID();
    const handoff = await as('neuvoja', 'POST', '/api/handoffs', {
      handoffId: ids.handoff,
      contactId: ids.contact,
      targetServiceId: SERVICE,
      targetUnitId: UNIT,
      summary: 'Perhe toivoo aikaa perheneuvolaan.',
      familyAgreement: 'verbal',
    });
    expect(handoff.statusCode, handoff.body).toBe(201);
  });
  afterAll(async () => t?.close());

  describe('one input rule refuses control characters (finding 7)', () => {
    /** Where the attack found 500s, and more of each kind of way in; `X` is replaced by the character. */
    const targets = (): { who: string | null; method: 'GET' | 'POST'; url: string; body?: unknown }[] => [
      { who: null, method: 'GET', url: '/api/hsds/organizations?search=X' },
      { who: null, method: 'GET', url: '/api/hsds/services?search=X' },
      { who: null, method: 'GET', url: '/api/hsds/taxonomies?search=X' },
      { who: null, method: 'GET', url: '/api/hsds/taxonomy_terms?search=X' },
      { who: null, method: 'GET', url: '/api/hsds/taxonomy_terms?taxonomy_id=X' },
      { who: null, method: 'GET', url: '/api/hsds/service_at_locations?search=X' },
      { who: null, method: 'GET', url: '/fi/services?q=X' },
      { who: null, method: 'GET', url: '/api/contacts/status/X' },
      { who: 'tietosuoja', method: 'GET', url: '/fi/staff/access-log?client=X' },
      { who: 'tietosuoja', method: 'GET', url: '/fi/staff/access-log?user=X' },
      { who: 'tietosuoja', method: 'GET', url: '/fi/staff/access-log.csv?client=X' },
      {
        who: 'neuvoja',
        method: 'POST',
        url: `/api/contacts/${ids.claimed}/entries`,
        body: {
          entryId: randomUUID(),
          type: 'mapping',
          content: {
            contacter: 'parent',
            familyDescription: 'Perhe X',
            childAges: [4],
            topics: ['UNI'],
            safety: { violence: 'no', childSafetyConcern: 'no', substanceUse: 'no', notes: null },
            earlierServices: ['X'],
            earlierServicesNotes: null,
            lapsetPuheeksi: 'not_used',
            notes: null,
          },
        },
      },
      {
        who: 'vastaanottaja',
        method: 'POST',
        url: `/api/handoffs/${ids.handoff}/appointment`,
        body: { appointmentAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), place: 'Huone X' },
      },
      {
        who: 'neuvoja',
        method: 'POST',
        url: '/api/handoffs',
        body: {
          handoffId: randomUUID(),
          contactId: ids.contact,
          targetServiceId: SERVICE,
          summary: 'Yhteenveto.',
          familyAgreement: 'verbal',
          matchReasons: [{ code: 'topic', text: 'Aihe X' }],
        },
      },
      {
        who: 'neuvoja',
        method: 'POST',
        url: '/api/matching/suggestions',
        body: {
          municipality: 'X',
          childAges: [7],
          topics: ['X'],
          language: 'fi',
          urgency: 'normal',
          contacter: 'parent',
          remote: false,
        },
      },
    ];
    const withChar = (value: unknown, char: string): unknown =>
      typeof value === 'string'
        ? value.replaceAll('X', char)
        : Array.isArray(value)
          ? value.map((v) => withChar(v, char))
          : value !== null && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withChar(v, char)]))
            : value;

    it('refuses NUL and every other control character with a coded, translated 400', async () => {
      const wrong: string[] = [];
      for (const target of targets()) {
        for (const char of CONTROLS) {
          const url = target.url.replace('X', encodeURIComponent(char));
          const res = await as(target.who, target.method, url, withChar(target.body, char));
          const code =
            res.headers['content-type']?.toString().startsWith('application/json') && res.statusCode >= 400
              ? (res.json() as { error?: { code?: string } }).error?.code
              : undefined;
          const ok =
            res.statusCode === 400 &&
            (code === undefined
              ? res.body.includes(fi.errors['request.control_characters'])
              : ERROR_CODES.has(code));
          if (!ok)
            wrong.push(
              `${target.method} ${target.url} with U+${char.charCodeAt(0).toString(16)}: ${res.statusCode} ${code ?? ''}`,
            );
        }
      }
      expect(wrong).toEqual([]);
    }, 60_000);

    it('names the field and the rule in the answer', async () => {
      const res = await as(null, 'GET', '/api/hsds/organizations?search=%00');
      expect(res.statusCode).toBe(400);
      const body = res.json() as { error: { code: string; fields: { field: string; code: string }[] } };
      expect(body.error.code).toBe('request.control_characters');
      expect(body.error.fields).toEqual([
        expect.objectContaining({ field: 'search', code: 'request.control_characters' }),
      ]);
    });

    it('takes tab and line breaks in a multi-line text, and bidi characters as text, without a 500', async () => {
      const five: string[] = [];
      for (const target of targets()) {
        for (const char of [...BIDI, '\t', '\n', '\r\n']) {
          const url = target.url.replace('X', encodeURIComponent(char));
          const res = await as(target.who, target.method, url, withChar(target.body, char));
          if (res.statusCode >= 500) five.push(`${target.method} ${target.url} with ${JSON.stringify(char)}`);
        }
      }
      expect(five).toEqual([]);
      const text = await as(
        null,
        'POST',
        '/api/contacts',
        validContact({ message: 'Rivi yksi,\n\trivi kaksi.' }),
      );
      expect(text.statusCode).toBe(201);
    }, 60_000);
  });

  describe('JSON answers with personal data are not stored (finding 11)', () => {
    const cases = (): [string | null, string][] => [
      ['neuvoja', `/api/contacts/${ids.claimed}`],
      ['neuvoja', '/api/contacts/queue'],
      ['neuvoja', '/api/contacts/logged'],
      [null, `/api/contacts/status/${ids.token}`],
      ['neuvoja', `/api/handoffs/${ids.handoff}`],
      ['vastaanottaja', `/api/handoffs/${ids.handoff}`],
      ['neuvoja', '/api/handoffs/mine'],
      ['vastaanottaja', '/api/handoffs/inbox'],
      ['esihenkilo', '/api/handoffs/overdue'],
      ['neuvoja', `/api/contacts/${ids.contact}/handoffs`],
      // a refusal says as little, and is not kept either
      ['esihenkilo', `/api/contacts/${ids.claimed}`],
    ];
    it('sends Cache-Control: no-store with every one of them', async () => {
      const answers: string[] = [];
      for (const [who, url] of cases()) {
        const res = await as(who, 'GET', url);
        answers.push(`${who ?? 'anonymous'} ${url} → ${res.headers['cache-control']}`);
      }
      expect(answers).toEqual(cases().map(([who, url]) => `${who ?? 'anonymous'} ${url} → no-store`));
    });

    it('sends it with the answer of a step too', async () => {
      const res = await as('vastaanottaja', 'POST', `/api/handoffs/${ids.handoff}/first-visit`, {});
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('the CSRF check and media types (finding 14)', () => {
    it.each(['Application/JSON', 'APPLICATION/JSON; charset=UTF-8', 'application/json;Charset=utf-8'])(
      'takes a JSON call sent as %s',
      async (type) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/contacts',
          headers: { 'content-type': type },
          payload: JSON.stringify(validContact()),
        });
        expect(res.statusCode, res.body).toBe(201);
      },
    );

    it('still refuses a JSON call from another site, whatever the case of its type', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/contacts',
        headers: { 'content-type': 'Application/JSON', origin: 'https://attacker.example' },
        payload: JSON.stringify(validContact()),
      });
      expect(res.statusCode).toBe(403);
    });
  });
});
