import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, staffUserId } from '../src/features/identity/demo.ts';
import { clientRecord, withAccess } from '../src/platform/access/index.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
import { createSession } from '../src/platform/auth/session.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

const PS_REGION = stableUuid('region', 'pohjois-savo');
const PS_ORG = stableUuid('organization', 'pohjois-savo/pohjois-savon-hyvinvointialue');
const PIRKANMAA_REGION = stableUuid('region', 'pirkanmaa');
const PIRKANMAA_ORG = stableUuid('organization', 'pirkanmaa/pirkanmaan-hyvinvointialue');

const staff = (username: string, name: string, role: StaffActor['roles'][number]['role']): StaffActor => ({
  kind: 'staff',
  userId: staffUserId(username),
  regionId: PS_REGION,
  organizationId: PS_ORG,
  name,
  roles: [{ organizationId: PS_ORG, role }],
  sessionId: 's',
});
const counsellor = staff('neuvoja', 'Noora Neuvoja', 'counsellor');
const receiver = staff('vastaanottaja', 'Ville Vastaanottaja', 'receiving_worker');

describe.each(ENGINES)('the access-log pages on %s', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  async function signIn(username: string) {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: who ? { cookie: cookies[who] as string } : {} });

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    const db = t.database.db;
    for (const [client, id] of [
      [clientId('asiakas'), 'care-1'],
      [clientId('asiakas2'), 'care-2'],
    ] as const) {
      await db
        .insertInto('care_relationship')
        .values({
          id: stableUuid('care', id),
          staff_user_id: counsellor.userId,
          client_id: client,
          organization_id: PS_ORG,
          kind: 'assigned_contact',
          ended_at: null,
        })
        .execute();
    }
    // Aino's and Arttu's records kept by the wellbeing services county (the generic client record)
    await withAccess(db, counsellor, 'read', clientRecord(clientId('asiakas'), PS_ORG), async () => 1);
    await withAccess(
      db,
      receiver,
      'read',
      clientRecord(clientId('asiakas'), PS_ORG, { breakGlass: true }),
      async () => 1,
      { reason: 'Kiireellinen lastensuojelutarve' },
    );
    await withAccess(db, counsellor, 'read', clientRecord(clientId('asiakas2'), PS_ORG), async () => 1);
    // a data-protection officer of another region
    const otherDpo = stableUuid('staff_user', 'test/pirkanmaa-dpo');
    await db
      .insertInto('staff_user')
      .values({
        id: otherDpo,
        region_id: PIRKANMAA_REGION,
        issuer: 'test',
        subject: 'pirkanmaa-dpo',
        name: 'Pekka Pirkanmaa',
        email: null,
        organization_id: PIRKANMAA_ORG,
        unit_id: null,
      })
      .execute();
    await db
      .insertInto('staff_role')
      .values({ staff_user_id: otherDpo, organization_id: PIRKANMAA_ORG, role: 'dpo' })
      .execute();
    cookies.otherDpo = `pv_session=${await createSession(db, { kind: 'staff', staffUserId: otherDpo })}`;
    for (const u of [
      'asiakas',
      'asiakas2',
      'tietosuoja',
      'neuvoja',
      'vastaanottaja',
      'kumppani',
      'esihenkilo',
      'toimittaja',
      'yllapitaja',
      'pirkanmaa-toimittaja',
    ]) {
      cookies[u] = await signIn(u);
    }
  });
  afterAll(async () => t?.close());

  describe('who has read my data', () => {
    it('shows the client every access to their data: who, organisation, role, when, what, why', async () => {
      const res = await get('/fi/my/access-log', 'asiakas');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Noora Neuvoja');
      expect(res.body).toContain('Pohjois-Savon hyvinvointialue');
      expect(res.body).toContain('Perheneuvoja');
      expect(res.body).toMatch(/\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d\d/);
      // what was read in words, never its code or id (issue 10, finding 16)
      expect(res.body).toContain('Luki: asiakkaan tiedot');
      expect(res.body).not.toContain('client_record');
    });

    it('shows the client as signed in, with a way to sign out', async () => {
      const res = await get('/fi/my/access-log', 'asiakas');
      expect(res.body).toContain('Aino Asiakas');
      expect(res.body).toContain('action="/auth/sign-out"');
    });

    it('highlights break-the-glass access with its reason', async () => {
      const res = await get('/fi/my/access-log', 'asiakas');
      expect(res.body).toMatch(/class="break-glass"/);
      expect(res.body).toContain('Hätäkäyttö');
      expect(res.body).toContain('Kiireellinen lastensuojelutarve');
    });

    it("does not show accesses to another client's data", async () => {
      const rows = (html: string) => html.match(/data-qa="access-\d+"/g)?.length ?? 0;
      const res = await get('/fi/my/access-log', 'asiakas');
      expect(rows(res.body)).toBe(2);
      const other = await get('/fi/my/access-log', 'asiakas2');
      expect(rows(other.body)).toBe(1);
      expect(other.body).not.toContain('Ville Vastaanottaja');
    });

    it('speaks Swedish and English', async () => {
      expect((await get('/sv/my/access-log', 'asiakas')).body).toMatch(
        /Vem har läst mina uppgifter[\s\S]*kl\. \d/,
      );
      expect((await get('/en/my/access-log', 'asiakas')).body).toMatch(
        /Who has read my data[\s\S]*at \d{1,2}:\d\d/,
      );
    });

    it('sends a signed-out visitor to sign in, and is not found for staff', async () => {
      const anonymous = await get('/fi/my/access-log');
      expect(anonymous.statusCode).toBe(302);
      expect(anonymous.headers.location).toMatch(/^\/fi\/sign-in\?next=/);
      expect((await get('/fi/my/access-log', 'neuvoja')).statusCode).toBe(404);
    });
  });

  describe("the data-protection officer's search", () => {
    it('is not found for every other role and for clients; a signed-out visitor is sent to sign in', async () => {
      for (const who of [
        'asiakas',
        'neuvoja',
        'vastaanottaja',
        'kumppani',
        'esihenkilo',
        'toimittaja',
        'yllapitaja',
        'pirkanmaa-toimittaja',
      ]) {
        expect((await get('/fi/staff/access-log', who)).statusCode, who).toBe(404);
        expect((await get('/fi/staff/access-log.csv', who)).statusCode, who).toBe(404);
      }
      const anonymous = await get('/fi/staff/access-log');
      expect(anonymous.statusCode).toBe(302);
      expect(anonymous.headers.location).toMatch(/^\/fi\/sign-in\?next=/);
      expect((await get('/fi/staff/access-log.csv')).statusCode).toBe(302);
    });

    it("shows the region's accesses", async () => {
      const res = await get('/fi/staff/access-log', 'tietosuoja');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<bdi>Aino Asiakas</bdi>');
      expect(res.body).toContain('<bdi>Arttu Asiakas</bdi>');
      expect(res.body).toContain('Aino Asiakas');
    });

    it('filters by client name, by user and by time', async () => {
      const byClient = await get('/fi/staff/access-log?client=Arttu', 'tietosuoja');
      expect(byClient.body).toContain('<bdi>Arttu Asiakas</bdi>');
      expect(byClient.body).not.toContain('<bdi>Aino Asiakas</bdi>');
      const byUser = await get('/fi/staff/access-log?user=Ville', 'tietosuoja');
      expect(byUser.body).toContain('Kiireellinen lastensuojelutarve');
      expect(byUser.body).not.toContain('<bdi>Arttu Asiakas</bdi>');
      const byClientId = await get(`/fi/staff/access-log?client=${clientId('asiakas2')}`, 'tietosuoja');
      expect(byClientId.body).toContain('<bdi>Arttu Asiakas</bdi>');
      expect(byClientId.body).not.toContain('<bdi>Aino Asiakas</bdi>');
      const before = await get('/fi/staff/access-log?from=1.1.2020&to=31.12.2020', 'tietosuoja');
      expect(before.body).not.toContain('<bdi>Aino Asiakas</bdi>');
      const year = new Date().getUTCFullYear();
      const since = await get(`/fi/staff/access-log?from=2020-01-01&to=31.12.${year + 1}`, 'tietosuoja');
      expect(since.body).toContain('<bdi>Aino Asiakas</bdi>');
    });

    it('refuses a date that is not a date, next to the field', async () => {
      const res = await get('/fi/staff/access-log?from=31.2.2026', 'tietosuoja');
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('pp.kk.vvvv');
    });

    it('exports the same rows as CSV, as an attachment, and logs the export', async () => {
      const res = await get('/fi/staff/access-log.csv?client=Aino', 'tietosuoja');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="access-log-\d{4}-\d\d-\d\d\.csv"$/,
      );
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]).toBe(
        'id,time,actor_kind,actor_name,organization,role,client_id,client_name,action,resource_type,resource_id,reason,break_glass',
      );
      expect(lines.slice(1).filter((l) => l.includes('client_record'))).toHaveLength(2);
      expect(res.body).not.toContain(clientId('asiakas2'));
      const logged = await t.database.db
        .selectFrom('access_log')
        .selectAll()
        .where('action', '=', 'export')
        .executeTakeFirstOrThrow();
      expect(logged).toMatchObject({
        actor_name: 'Tuula Tietosuoja',
        resource_type: 'access_log',
        role: 'dpo',
      });
    });

    it("another region's officer sees nothing of this region", async () => {
      const res = await get('/fi/staff/access-log', 'otherDpo');
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('Aino Asiakas');
      expect(res.body).not.toContain('Noora Neuvoja');
      const csv = await get('/fi/staff/access-log.csv', 'otherDpo');
      expect(csv.body).not.toContain('client_record');
      expect(csv.body).not.toContain('Noora Neuvoja');
    });
  });
});
