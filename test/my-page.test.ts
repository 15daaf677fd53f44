// Issue 10, finding 19: the client's own page shows the contacts they sent while signed in,
// with their state and promised day, each linking to its status page; the list is read
// through the access policy and logged (the data-protection officer sees it; the client's
// own "who has read my data" does not fill with their own visits). "Ask for advice" is
// prefilled with the signed-in client's name, and every public page links back to /my.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId } from '../src/features/identity/demo.ts';
import { startTestApp, type TestApp } from './app.ts';
import { SAME_ORIGIN, signIn, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';
import { visibleText } from './visible-text.ts';

describe.each(ENGINES)("the client's own page on %s", (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const sent: { reference: string; statusPath: string }[] = [];

  const page = (who: string, url: string) =>
    t.app.inject({
      url,
      headers: { accept: 'text/html', ...(cookies[who] ? { cookie: cookies[who] } : {}) },
    });
  async function send(who: string, overrides: Record<string, unknown> = {}) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { ...SAME_ORIGIN, 'content-type': 'application/json', cookie: cookies[who] ?? '' },
      payload: JSON.stringify(validContact(overrides)),
    });
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as { reference: string; statusUrl: string };
    return { reference: answer.reference, statusPath: new URL(answer.statusUrl).pathname };
  }

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    for (const u of ['asiakas', 'asiakas2', 'tietosuoja']) cookies[u] = await signIn(t.app, u);
    sent.push(await send('asiakas'));
    sent.push(await send('asiakas', { language: 'sv' }));
    sent.push(await send('asiakas2'));
    sent.push(await send('anonymous'));
  });
  afterAll(async () => t?.close());

  it('lists the contacts the client sent, with state, promised day and a link to each status page', async () => {
    const res = await page('asiakas', '/fi/my');
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    for (const own of sent.slice(0, 2)) {
      expect(text).toContain(own.reference);
      // the status page in the page's language, whatever language the contact was sent in
      expect(res.body).toContain(`href="/fi/tilanne/${own.statusPath.split('/').pop()}"`);
    }
    expect(text).toContain('Uusi');
    expect(text).toMatch(/\d{1,2}\.\d{1,2}\.\d{4}/);
    expect(res.body).toContain('data-qa="my-contacts"');
  });

  it("does not list another client's contact or an anonymous one", async () => {
    const text = visibleText((await page('asiakas', '/fi/my')).body);
    expect(text).not.toContain(sent[2]?.reference);
    expect(text).not.toContain(sent[3]?.reference);
    const other = visibleText((await page('asiakas2', '/fi/my')).body);
    expect(other).toContain(sent[2]?.reference);
    expect(other).not.toContain(sent[0]?.reference);
  });

  it('speaks Swedish and English, linking to the status page in that language', async () => {
    const sv = await page('asiakas', '/sv/my');
    expect(sv.body).toContain(`href="${sent[0]?.statusPath.replace('/fi/tilanne/', '/sv/status/')}"`);
    expect(visibleText(sv.body)).toContain('Ny');
    const en = await page('asiakas', '/en/my');
    expect(en.body).toContain(`href="${sent[0]?.statusPath.replace('/fi/tilanne/', '/en/status/')}"`);
  });

  it('reads the list through the access policy: logged for the officer, not shown to the client', async () => {
    await page('asiakas', '/fi/my');
    const logged = await t.database.db
      .selectFrom('access_log')
      .select(['action', 'actor_client_id', 'client_id', 'role'])
      .where('resource_type', '=', 'client_contacts')
      .execute();
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatchObject({
      action: 'read',
      actor_client_id: clientId('asiakas'),
      client_id: clientId('asiakas'),
      role: 'client',
    });
    const own = visibleText((await page('asiakas', '/fi/my/access-log')).body);
    expect(own).not.toContain('omat yhteydenotot');
    const dpo = visibleText((await page('tietosuoja', '/fi/staff/access-log')).body);
    expect(dpo).toContain('Luki: omat yhteydenotot');
  });

  it('prefills the name in "Ask for advice" for a signed-in client, and only for them', async () => {
    const signedIn = await page('asiakas', '/fi/pyyda-neuvoa');
    expect(signedIn.body).toMatch(/<input[^>]*name="name"[^>]*value="Aino Asiakas"/);
    const anonymous = await page('anonymous', '/fi/pyyda-neuvoa');
    expect(anonymous.body).not.toContain('Aino Asiakas');
  });

  it("links back to the client's own page from the public pages' header", async () => {
    for (const lang of ['fi', 'sv', 'en']) {
      const res = await page('asiakas', `/${lang}/services`);
      expect(res.body).toMatch(new RegExp(`<a[^>]*href="/${lang}/my"[^>]*data-qa="my-page-link"`));
    }
    expect((await page('anonymous', '/fi/services')).body).not.toContain('data-qa="my-page-link"');
  });
});
