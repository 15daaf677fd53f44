// A family whose contact was handed over to the Kuopio family counselling clinic, with a first
// appointment at 9.00 on a Tuesday in January next year, and an earlier handoff to Varkaus that
// was declined: for the browser test and the screenshots of the status page (issue 10, 15).
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { helsinkiInstant } from '../../src/features/handoffs/pages/HandoffForms.tsx';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { prepareNetwork, unitSeedId } from '../../src/features/network/index.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { testAppConfig } from '../app.ts';
import type { RunningApp } from './browser.ts';

/** The real application with the demo region and its network, on a random port. */
export async function startNetworkApp(): Promise<RunningApp> {
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    await migrate(database);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await prepareNetwork(database.db, { seedDemo: true });
    const app = await buildApp(testAppConfig, database, pino({ level: 'silent' }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url,
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export const APPOINTMENT_YEAR = new Date().getUTCFullYear() + 1;

async function call(url: string, path: string, cookie: string, body: unknown): Promise<Response> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function signIn(url: string, username: string): Promise<string> {
  const res = await call(url, '/api/dev/session', '', { username });
  return String(res.headers.get('set-cookie')).split(';')[0] as string;
}

export interface FamilyWithAppointment {
  token: string;
  handoffId: string;
  paths: { fi: string; sv: string; en: string };
}

export async function familyWithAppointment(url: string): Promise<FamilyWithAppointment> {
  const sent = await call(url, '/api/contacts', '', {
    idempotencyKey: randomUUID(),
    contacter: 'parent',
    municipality: '297',
    childAges: [7],
    topics: ['TUNTEET_KAYTTAYTYMINEN'],
    message: 'Seitsemänvuotiaalla on raivokohtauksia koulun jälkeen joka päivä.',
    replyChannel: 'status_page',
    language: 'fi',
  });
  const { statusUrl } = (await sent.json()) as { statusUrl: string };
  const token = statusUrl.split('/').pop() as string;
  const status = await fetch(`${url}/api/contacts/status/${token}`);
  const { reference } = (await status.json()) as { reference: string };
  const counsellor = await signIn(url, 'neuvoja');
  const queue = await fetch(`${url}/api/contacts/queue?show=all`, { headers: { cookie: counsellor } });
  const items = ((await queue.json()) as { items?: { id: string; reference: string }[] }).items ?? [];
  const contactId = items.find((c) => c.reference === reference)?.id;
  if (!contactId) throw new Error(`contact ${reference} not in the queue`);
  const handOver = async (service: string, unit: string) => {
    const handoffId = randomUUID();
    await call(url, '/api/handoffs', counsellor, {
      handoffId,
      contactId,
      targetServiceId: stableUuid('service', `pohjois-savo/${service}`),
      targetUnitId: unitSeedId('pohjois-savo', unit),
      summary: 'Seitsemänvuotiaan raivokohtaukset; äiti uupunut.',
      familyAgreement: 'verbal',
    });
    return handoffId;
  };
  const varkaus = await handOver('perheneuvola-varkaus', 'perheneuvola-varkaus');
  await call(url, `/api/handoffs/${varkaus}/decline`, await signIn(url, 'vastaanottaja-varkaus'), {
    reason: 'outside_area',
    text: 'Perhe asuu Kuopiossa.',
  });
  const handoffId = await handOver('perheneuvola-kuopio', 'perheneuvola-kuopio');
  await call(url, `/api/handoffs/${handoffId}/appointment`, await signIn(url, 'vastaanottaja'), {
    appointmentAt: (helsinkiInstant(`${APPOINTMENT_YEAR}-01-12`, '09:00') as Date).toISOString(),
    place: 'Kuopion perhekeskus, Puijonkatu 12 B, 2. krs',
    with: 'psykologi Maija Mallikas',
  });
  return {
    token,
    handoffId,
    paths: { fi: `/fi/tilanne/${token}`, sv: `/sv/status/${token}`, en: `/en/status/${token}` },
  };
}
