/**
 * Issue 10, finding 14: bidirectional-override characters (U+202E) in what families and staff
 * write must not turn the text around it on staff pages. Every such character on a staff page
 * sits in an isolated element: <bdi>, or an element with dir="auto" (both isolate in HTML).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, staffUserId } from '../../src/features/identity/demo.ts';
import { clientRecord, withAccess } from '../../src/platform/access/index.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { validContact } from '../contact-fixtures.ts';

const RLO = '\u202E';
const PS_REGION = stableUuid('region', 'pohjois-savo');
const PS_ORG = stableUuid('organization', 'pohjois-savo/pohjois-savon-hyvinvointialue');

/** The places of U+202E in a page that are not inside an isolating element. */
function unisolated(html: string): string[] {
  const found: string[] = [];
  const stack: boolean[] = [];
  const tokens = html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|[^<]+/g);
  const VOID = new Set(['br', 'hr', 'img', 'input', 'link', 'meta', 'col', 'source', 'wbr']);
  for (const m of tokens) {
    if (m[2]) {
      const tag = m[2].toLowerCase();
      if (VOID.has(tag) || m[3]?.endsWith('/')) continue;
      if (m[1]) stack.pop();
      else stack.push(tag === 'bdi' || tag === 'textarea' || /\sdir="auto"/.test(m[3] ?? ''));
    } else if (m[0].includes(RLO) && !stack.some(Boolean)) {
      found.push(m[0].trim().slice(0, 60));
    }
  }
  return found;
}

describe('bidi overrides on staff pages', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const pages: Record<string, string> = {};
  const signIn = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    return String(res.headers['set-cookie']).split(';')[0] as string;
  };
  const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookies[who] as string },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
    for (const u of ['neuvoja', 'vastaanottaja', 'tietosuoja']) cookies[u] = await signIn(u);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      payload: validContact({
        name: `Aino ${RLO}nenialsakkiM`,
        message: `Hei ${RLO}ajaretsis ellem\n\nToinen ${RLO}elpparaK.`,
      }),
    });
    expect(sent.statusCode).toBe(201);
    const contact = (
      await t.database.db.selectFrom('contact').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    expect((await as('neuvoja', 'POST', `/api/contacts/${contact}/claim`, {})).statusCode).toBeLessThan(300);
    const advice = await as('neuvoja', 'POST', `/api/contacts/${contact}/entries`, {
      entryId: randomUUID(),
      type: 'advice',
      content: { text: `Neuvo ${RLO}ilöhuk` },
    });
    expect(advice.statusCode, advice.body).toBeLessThan(300);
    const handoff = randomUUID();
    const created = await as('neuvoja', 'POST', '/api/handoffs', {
      handoffId: handoff,
      contactId: contact,
      targetServiceId: stableUuid('service', 'pohjois-savo/perheneuvola-kuopio'),
      targetUnitId: stableUuid('unit', 'pohjois-savo/perheneuvola-kuopio'),
      summary: `Yhteenveto ${RLO}ävyh nO`,
      familyAgreement: 'verbal',
      matchReasons: [{ code: 'topic', text: `Aihe ${RLO}ine` }],
    });
    expect(created.statusCode, created.body).toBe(201);
    await withAccess(
      t.database.db,
      {
        kind: 'staff',
        userId: staffUserId('vastaanottaja'),
        regionId: PS_REGION,
        organizationId: PS_ORG,
        name: 'Ville Vastaanottaja',
        roles: [{ organizationId: PS_ORG, role: 'receiving_worker' }],
        sessionId: 's',
      },
      'read',
      clientRecord(clientId('asiakas'), PS_ORG, { breakGlass: true }),
      async () => 1,
      { reason: `Kiireellinen ${RLO}ivra lotnalit` },
    );
    pages.contact = (await as('neuvoja', 'GET', `/fi/staff/contacts/${contact}`)).body;
    pages.handoffSender = (await as('neuvoja', 'GET', `/fi/staff/handoffs/${handoff}`)).body;
    pages.handoffReceiver = (await as('vastaanottaja', 'GET', `/fi/staff/handoffs/${handoff}`)).body;
    pages.accessLog = (await as('tietosuoja', 'GET', '/fi/staff/access-log')).body;
  });
  afterAll(async () => t?.close());

  it.each(['contact', 'handoffSender', 'handoffReceiver', 'accessLog'])(
    'the %s page isolates every text that carries U+202E',
    (page) => {
      const html = pages[page] ?? '';
      expect(html.includes(RLO), `${page} shows the text`).toBe(true);
      expect(unisolated(html)).toEqual([]);
    },
  );
});
