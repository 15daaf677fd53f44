// Issue 10, finding 18: a signed-in worker who opens what they may not see (another unit's
// handoff, a staff page that does not exist) stays in the staff workspace: the answer is
// still "not found", but in the staff frame, with the workspace's navigation and their name,
// never the public page's "Sign in" link. A signed-in client on a missing public page keeps
// their name in the header too.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitSeedId } from '../src/features/network/index.ts';
import { LANGS } from '../src/i18n/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { SAME_ORIGIN, signIn, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const engine = ENGINES[0] ?? 'pglite';

describe(`errors in the staff workspace stay in its frame (on ${engine})`, () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let handoffId = '';

  const page = (who: string, url: string) =>
    t.app.inject({
      url,
      headers: { accept: 'text/html', ...(cookies[who] ? { cookie: cookies[who] } : {}) },
    });
  const api = (who: string, url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...SAME_ORIGIN, cookie: cookies[who] ?? '', 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    for (const u of ['neuvoja', 'vastaanottaja', 'vastaanottaja-varkaus', 'asiakas']) {
      cookies[u] = await signIn(t.app, u);
    }
    // a handoff to the Kuopio family counselling unit
    const sent = await api('asiakas', '/api/contacts', validContact({ name: 'Maija Mallikas' }));
    expect(sent.statusCode, sent.body).toBe(201);
    const contact = await t.database.db
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', (sent.json() as { reference: string }).reference)
      .executeTakeFirstOrThrow();
    await api('neuvoja', `/api/contacts/${contact.id}/claim`, {});
    handoffId = randomUUID();
    const handed = await api('neuvoja', '/api/handoffs', {
      handoffId,
      contactId: contact.id,
      targetServiceId: stableUuid('service', 'pohjois-savo/perheneuvola-kuopio'),
      targetUnitId: unitSeedId('pohjois-savo', 'perheneuvola-kuopio'),
      summary: 'Seitsemänvuotiaan raivokohtaukset.',
      familyAgreement: 'verbal',
    });
    expect(handed.statusCode, handed.body).toBe(201);
  });
  afterAll(async () => t?.close());

  for (const lang of LANGS) {
    it(`${lang}: another unit's worker gets "not found" in the staff frame, with no sign-in link`, async () => {
      const res = await page('vastaanottaja-varkaus', `/${lang}/staff/handoffs/${handoffId}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('<body class="staff">');
      expect(res.body).toContain('data-qa="staff-user"');
      expect(res.body).toContain('Vilja Vastaanottaja');
      expect(res.body).toContain(`href="/${lang}/staff/handoffs"`);
      expect(res.body).toContain('data-qa="error-go-staff"');
      expect(res.body).not.toContain('data-qa="sign-in"');
    });
  }

  it('the unit that receives the handoff opens it', async () => {
    expect((await page('vastaanottaja', `/fi/staff/handoffs/${handoffId}`)).statusCode).toBe(200);
  });

  it('a staff page that does not exist answers in the staff frame too', async () => {
    const res = await page('neuvoja', '/fi/staff/no-such-page');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<body class="staff">');
    expect(res.body).toContain('Noora Neuvoja');
  });

  it('a signed-in client on a missing public page keeps their name in the header', async () => {
    const res = await page('asiakas', '/fi/services/no-such-service');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('data-qa="account-name"');
    expect(res.body).not.toContain('data-qa="sign-in"');
    expect(res.body).not.toContain('<body class="staff">');
  });

  it('a client on a staff path gets the public frame, and a signed-out visitor is sent to sign in', async () => {
    const client = await page('asiakas', `/fi/staff/handoffs/${handoffId}`);
    expect(client.statusCode).toBe(404);
    expect(client.body).not.toContain('<body class="staff">');
    const anonymous = await page('anonymous', `/fi/staff/handoffs/${handoffId}`);
    expect(anonymous.statusCode).toBe(302);
  });
});
