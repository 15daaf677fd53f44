/**
 * Issue 10, finding 9: an e-mail address is an address and nothing more. A family's address
 * with mailto parameters (`?cc=…&subject=…`) is refused, and a link is built only from a valid
 * address, its parts encoded — also for what already sits in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableUuid } from '../../src/platform/ids.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { validContact } from '../contact-fixtures.ts';

const INJECTED = 'family@example.fi?cc=attacker@example.com&subject=Hei';
const ORGANIZATION = stableUuid('organization', 'pohjois-savo/pohjois-savon-hyvinvointialue');

describe('e-mail addresses and mailto links', () => {
  let t: TestApp;
  const signIn = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    return String(res.headers['set-cookie']).split(';')[0] as string;
  };
  /** Every mailto and tel href of a page. */
  const links = (html: string) => [...html.matchAll(/href="((?:mailto|tel):[^"]*)"/g)].map((m) => m[1] ?? '');

  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
  });
  afterAll(async () => t?.close());

  it("refuses a family's address that carries mailto parameters", async () => {
    for (const email of [
      INJECTED,
      'family@example.fi?subject=Hei&body=Soita',
      'family@example.fi?cc=x%40y.fi',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/contacts',
        payload: validContact({ replyChannel: 'email', email }),
      });
      expect(res.statusCode, email).toBe(400);
      expect((res.json() as { error: { fields: { field: string; code: string }[] } }).error.fields).toEqual([
        expect.objectContaining({ field: 'email', code: 'contact.email_invalid' }),
      ]);
    }
  });

  it('builds no link with parameters from an address already stored, on staff and public pages', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      payload: validContact({ replyChannel: 'email', email: 'family@example.fi', phone: '040 123 4567' }),
    });
    expect(res.statusCode).toBe(201);
    const contact = await t.database.db
      .selectFrom('contact')
      .select('id')
      .where('email', '=', 'family@example.fi')
      .executeTakeFirstOrThrow();
    // as an older version or an import might have stored them
    await t.database.db
      .updateTable('contact')
      .set({ email: INJECTED, phone: '040 123?body=x' })
      .where('id', '=', contact.id)
      .execute();
    await t.database.db
      .updateTable('organization')
      .set({ email: INJECTED })
      .where('id', '=', ORGANIZATION)
      .execute();
    const cookie = await signIn('neuvoja');
    await t.app.inject({
      method: 'POST',
      url: `/api/contacts/${contact.id}/claim`,
      headers: { cookie },
      payload: {},
    });
    const pages = [
      await t.app.inject({ url: `/fi/staff/contacts/${contact.id}`, headers: { cookie } }),
      await t.app.inject({ url: `/fi/organizations/${ORGANIZATION}` }),
    ];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('family@example.fi');
      for (const href of links(page.body)) {
        expect(href, href).toMatch(/^(mailto:[^?&,;\s]+@[^?&,;\s]+|tel:\+?\d+)$/);
      }
    }
  });
});
