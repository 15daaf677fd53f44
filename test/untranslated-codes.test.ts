// Issue 10, finding 16: no page shows a code where a person expects words. The pages where
// codes used to leak (the client's "who has read my data" and own page, the data-protection
// officer's log, the counsellor's contact page after a handoff, the queue, the handoff pages)
// are rendered in fi, sv and en after a story that writes every kind of row they show, and
// their visible text is searched for code-like tokens: snake_case words (guided_onward),
// UPPER_SNAKE service-type codes, raw uuids, "(no filters)", and on fi and sv pages the
// English words the log used to show ("status link", "public form", "search").
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitSeedId } from '../src/features/network/index.ts';
import { LANGS, translations } from '../src/i18n/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { SAME_ORIGIN, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';
import { untranslatedCodes, visibleText } from './visible-text.ts';

describe('the helpers of this test', () => {
  it('find the codes users saw', () => {
    const seen =
      'Luki: contact ef45d758-0b6c-4a3e-9d3e-2c1f0a9b8c7d status link public search (no filters) guided_onward (handoff) anonymous / family (KASVATUS_JA_PERHENEUVONTA)';
    expect(untranslatedCodes(seen, 'fi')).toEqual(
      expect.arrayContaining([
        'guided_onward',
        'KASVATUS_JA_PERHENEUVONTA',
        'ef45d758-0b6c-4a3e-9d3e-2c1f0a9b8c7d',
        '(no filters)',
        'status link',
        'public',
        'contact',
        'anonymous',
        'family',
      ]),
    );
    expect(untranslatedCodes('Luki: yhteydenotto. Syy: haku ilman rajauksia', 'fi')).toEqual([]);
  });
});

const engine = ENGINES[0] ?? 'pglite';
const SERVICE = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const UNIT = unitSeedId('pohjois-savo', 'perheneuvola-kuopio');
/** MLL: another registry, so a handoff's verbal agreement is a consent the client confirms */
const MLL = {
  service: stableUuid('service', 'pohjois-savo/mll-kaveritoiminta'),
  unit: unitSeedId('pohjois-savo', 'mll-kaveritoiminta'),
};
const MAPPING = {
  contacter: 'parent',
  familyDescription: 'Äiti ja seitsemänvuotias.',
  childAges: [7],
  topics: ['TUNTEET_KAYTTAYTYMINEN'],
  safety: { violence: 'no', childSafetyConcern: 'no', substanceUse: 'no', notes: null },
  earlierServices: [],
  earlierServicesNotes: null,
  lapsetPuheeksi: 'held',
  notes: 'Raivokohtauksia koulun jälkeen.',
};

describe(`no page shows an untranslated code (on ${engine})`, () => {
  let t: TestApp;
  const sessions: Record<string, string> = {};
  let contactId = '';
  let handoffId = '';
  let statusPathOf = '';

  const api = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...SAME_ORIGIN,
        ...(sessions[who] ? { cookie: sessions[who] } : {}),
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      payload: method === 'POST' ? JSON.stringify(payload ?? {}) : undefined,
    });
  const page = async (who: string, url: string) => {
    const res = await t.app.inject({
      url,
      headers: { accept: 'text/html', ...(sessions[who] ? { cookie: sessions[who] } : {}) },
    });
    expect(res.statusCode, `${who} ${url}`).toBe(200);
    return visibleText(res.body);
  };

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    for (const u of ['asiakas', 'neuvoja', 'vastaanottaja', 'tietosuoja']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username: u } });
      expect(res.statusCode, u).toBe(200);
      sessions[u] = String(res.headers['set-cookie']).split(';')[0] as string;
    }
    // the client asks for advice while signed in, without a name (an anonymous contact)
    const sent = await api('asiakas', 'POST', '/api/contacts', validContact({ phone: '040 123 4567' }));
    expect(sent.statusCode, sent.body).toBe(201);
    const answer = sent.json() as { reference: string; statusUrl: string };
    statusPathOf = new URL(answer.statusUrl).pathname;
    const row = await t.database.db
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', answer.reference)
      .executeTakeFirstOrThrow();
    contactId = row.id;
    // the status link is opened, the counsellor reads, claims, maps and hands over
    const token = statusPathOf.split('/').pop() as string;
    expect((await api('anonymous', 'GET', `/api/contacts/status/${token}`)).statusCode).toBe(200);
    await page('neuvoja', `/fi/staff/contacts/${contactId}`);
    expect((await api('neuvoja', 'POST', `/api/contacts/${contactId}/claim`, {})).statusCode).toBeLessThan(
      300,
    );
    const mapped = await api('neuvoja', 'POST', `/api/contacts/${contactId}/entries`, {
      entryId: randomUUID(),
      type: 'mapping',
      content: MAPPING,
    });
    expect(mapped.statusCode, mapped.body).toBe(201);
    handoffId = randomUUID();
    const handed = await api('neuvoja', 'POST', '/api/handoffs', {
      handoffId,
      contactId,
      targetServiceId: SERVICE,
      targetUnitId: UNIT,
      summary: 'Seitsemänvuotiaan raivokohtaukset.',
      familyAgreement: 'verbal',
      matchReasons: [{ code: 'topic_fit', text: 'Sopii aiheeseen' }],
    });
    expect(handed.statusCode, handed.body).toBe(201);
    expect((await api('vastaanottaja', 'POST', `/api/handoffs/${handoffId}/accept`, {})).statusCode).toBe(
      200,
    );
    const appointment = await api('vastaanottaja', 'POST', `/api/handoffs/${handoffId}/appointment`, {
      appointmentAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      place: 'Kuopion perheneuvola',
    });
    expect(appointment.statusCode, appointment.body).toBe(200);
    // a second contact, handed to MLL with the family's verbal agreement: My consents shows a
    // consent waiting for the client's confirmation (its notice, hint and button)
    const second = await api('asiakas', 'POST', '/api/contacts', validContact({ phone: '040 123 4567' }));
    expect(second.statusCode, second.body).toBe(201);
    const secondId = (
      await t.database.db
        .selectFrom('contact')
        .select('id')
        .where('reference', '=', (second.json() as { reference: string }).reference)
        .executeTakeFirstOrThrow()
    ).id;
    const toMll = await api('neuvoja', 'POST', '/api/handoffs', {
      handoffId: randomUUID(),
      contactId: secondId,
      targetServiceId: MLL.service,
      targetUnitId: MLL.unit,
      summary: 'Kaveritoimintaa koululaiselle.',
      familyAgreement: 'verbal',
      matchReasons: [{ code: 'topic_fit', text: 'Sopii aiheeseen' }],
    });
    expect(toMll.statusCode, toMll.body).toBe(201);
    // refusals by a route's own check are logged (a client on the staff queue, a receiving
    // worker on the roster): the DPO's log must say them in words too
    for (const [who, url] of [
      ['asiakas', '/fi/staff/queue'],
      ['vastaanottaja', '/fi/staff/roster'],
    ] as const) {
      const refused = await t.app.inject({
        url,
        headers: { accept: 'text/html', cookie: sessions[who] ?? '' },
      });
      expect(refused.statusCode, `${who} ${url}`).toBe(404);
    }
    // the data-protection officer searches with no filters and with a client and dates
    await page('tietosuoja', '/fi/staff/access-log');
    await page('tietosuoja', '/fi/staff/access-log?client=Aino&from=2026-01-01&to=2026-12-31');
  });
  afterAll(async () => t?.close());

  for (const lang of LANGS) {
    it(`${lang}: the client's own pages`, async () => {
      for (const url of [`/${lang}/my/access-log`, `/${lang}/my`, `/${lang}/my/consents`]) {
        expect(untranslatedCodes(await page('asiakas', url), lang), url).toEqual([]);
      }
      // the consent a worker recorded is there to confirm, said in words
      const consents = await page('asiakas', `/${lang}/my/consents`);
      expect(consents).toContain(translations(lang).consentPages.confirm.button);
      expect(consents).toContain(translations(lang).consentPages.confirm.waitingOne);
    });

    it(`${lang}: the data-protection officer's log`, async () => {
      const text = await page('tietosuoja', `/${lang}/staff/access-log`);
      expect(untranslatedCodes(text, lang)).toEqual([]);
      // a route's refusal says why and what in words, not "no access" to "client data"
      const words = translations(lang).access;
      expect(text).toContain(words.denied.not_staff);
      expect(text).toContain(words.resources.route);
    });

    it(`${lang}: the counsellor's contact page after a handoff, the queue, the handoff pages, the staff home, sign-in and the family's status page`, async () => {
      for (const [who, url] of [
        ['neuvoja', `/${lang}/staff/contacts/${contactId}`],
        ['neuvoja', `/${lang}/staff/queue`],
        ['neuvoja', `/${lang}/staff/handoffs`],
        ['neuvoja', `/${lang}/staff/handoffs/${handoffId}`],
        ['vastaanottaja', `/${lang}/staff/handoffs`],
        ['vastaanottaja', `/${lang}/staff/handoffs/${handoffId}`],
        ['neuvoja', `/${lang}/staff`],
        ['anonymous', `/${lang}/sign-in`],
        ['anonymous', `/${lang}/${lang === 'fi' ? 'tilanne' : 'status'}/${statusPathOf.split('/').pop()}`],
      ] as const) {
        expect(untranslatedCodes(await page(who, url), lang), `${who} ${url}`).toEqual([]);
      }
    });
  }
});
