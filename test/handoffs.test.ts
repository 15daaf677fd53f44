// The warm handoff (saattaen vaihtaminen) through its API and its staff pages, on every engine:
// every transition of the table and every refused one (a coded 409 or 400, and nothing
// changes: state, version, history), the receiving unit's inbox and who else sees a handoff,
// the contact closing when the first appointment is set (and staying open when the handoff is
// declined), the overdue list, the notifications in the outbox, the expiry job, and the pages as
// a browser without JavaScript uses them (forms with the page's CSRF token). First the pure
// parts: a Helsinki date and time as an instant (summer time), and the forms as posted.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHandoffs, type HandoffTransition, TRANSITIONS } from '../src/features/handoffs/handoffs.ts';
import { helsinkiInstant, stepFromForm } from '../src/features/handoffs/pages/HandoffForms.tsx';
import { staffUserId } from '../src/features/identity/demo.ts';
import { unitSeedId } from '../src/features/network/index.ts';
import type { HandoffState } from '../src/platform/db/types.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { helsinkiDate } from '../src/platform/working-days.ts';
import { startTestApp, type TestApp } from './app.ts';
import { SAME_ORIGIN, seedExtraStaff, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const HTML = { accept: 'text/html' };
const SERVICE = {
  kuopio: stableUuid('service', 'pohjois-savo/perheneuvola-kuopio'),
  varkaus: stableUuid('service', 'pohjois-savo/perheneuvola-varkaus'),
};
const UNIT = {
  kuopio: unitSeedId('pohjois-savo', 'perheneuvola-kuopio'),
  varkaus: unitSeedId('pohjois-savo', 'perheneuvola-varkaus'),
};
const UNIT_EMAIL = 'perheneuvola.kuopio@example.fi';
const SENDER_EMAIL = 'noora.neuvoja@example.fi';
const ALL_STATES: HandoffState[] = [
  'requested',
  'accepted',
  'appointment_set',
  'first_visit_held',
  'completed',
  'declined',
  'cancelled',
  'expired',
];
const ANSWERED: HandoffState[] = ['completed', 'declined', 'cancelled', 'expired'];
const MAPPING = {
  contacter: 'parent',
  familyDescription: 'Äiti ja seitsemänvuotias. Isä asuu Varkaudessa.',
  childAges: [7],
  topics: ['TUNTEET_KAYTTAYTYMINEN'],
  safety: { violence: 'no', childSafetyConcern: 'no', substanceUse: 'no', notes: null },
  earlierServices: [],
  earlierServicesNotes: null,
  lapsetPuheeksi: 'held',
  notes: 'Raivokohtauksia koulun jälkeen joka päivä.',
};

/** The text of a page without its tags, for reading what a person sees. */
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** A first appointment two weeks ahead, as the API takes it. */
const appointmentBody = () => ({
  appointmentAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
  place: 'Kuopion perheneuvola',
});
/** Next year: its winter and summer days are always in the future. */
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

describe('a Helsinki date and time as an instant', () => {
  it('uses winter time (UTC+2) and summer time (UTC+3)', () => {
    expect(helsinkiInstant('2026-11-26', '14:05')).toEqual(new Date('2026-11-26T12:05:00Z'));
    expect(helsinkiInstant('2027-06-15', '14:05')).toEqual(new Date('2027-06-15T11:05:00Z'));
    expect(helsinkiInstant('2026-11-26', '9.30')).toEqual(new Date('2026-11-26T07:30:00Z'));
  });
  it('around the changes: the skipped hour does not exist, the repeated one is the later', () => {
    // summer time begins 28.3.2027 at 03.00 → 04.00
    expect(helsinkiInstant('2027-03-28', '02:30')).toEqual(new Date('2027-03-28T00:30:00Z'));
    expect(helsinkiInstant('2027-03-28', '03:30')).toBe('missing');
    expect(helsinkiInstant('2027-03-28', '04:30')).toEqual(new Date('2027-03-28T01:30:00Z'));
    // summer time ends 25.10.2026 at 04.00 → 03.00
    expect(helsinkiInstant('2026-10-25', '02:30')).toEqual(new Date('2026-10-24T23:30:00Z'));
    expect(helsinkiInstant('2026-10-25', '03:30')).toEqual(new Date('2026-10-25T01:30:00Z'));
    expect(helsinkiInstant('2026-10-25', '04:30')).toEqual(new Date('2026-10-25T02:30:00Z'));
  });
  it('refuses what is not a date or a time', () => {
    for (const [d, t] of [
      ['2026-02-30', '10:00'],
      ['2026-11-26', '24:00'],
      ['2026-11-26', '14:60'],
      ['26.11.2026', '14:05'],
      ['2026-11-26', ''],
    ])
      expect(helsinkiInstant(d as string, t as string), `${d} ${t}`).toBe('invalid');
  });
  it('names the problems of the step forms by their fields', () => {
    const problems = (r: ReturnType<typeof stepFromForm>) => (r.ok ? [] : r.problems.map((p) => p.field));
    expect(problems(stepFromForm('appointment', { date: '', time: '', place: '' }))).toEqual([
      'date',
      'time',
    ]);
    expect(problems(stepFromForm('appointment', { date: '2027-03-28', time: '03:30' }))).toEqual(['time']);
    expect(problems(stepFromForm('decline', { reason: '', text: ' ' }))).toEqual(['reason', 'text']);
    expect(problems(stepFromForm('cancel', { text: '' }))).toEqual(['text']);
    const ok = stepFromForm('appointment', { date: '2026-11-26', time: '14:05', place: 'Puijonkatu 1' });
    expect(ok).toEqual({
      ok: true,
      value: {
        transition: 'set_appointment',
        appointmentAt: new Date('2026-11-26T12:05:00Z'),
        place: 'Puijonkatu 1',
      },
    });
  });
});

describe.each(ENGINES)('the warm handoff on %s', (engine) => {
  let t: TestApp;
  const sessions: Record<string, string> = {};
  const db = () => t.database.db;

  async function signIn(username: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode, username).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }

  /** A JSON call as our pages' script would make it (same origin). */
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
  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: { ...HTML, ...(who && sessions[who] ? { cookie: sessions[who] } : {}) } });

  /** Posts a form as a browser would from the page it is on (its CSRF cookie and token). */
  async function post(
    who: string,
    pageUrl: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> {
    const page = await get(pageUrl, who);
    expect(page.statusCode, `${pageUrl}: ${page.body.slice(0, 300)}`).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token, 'the page has a form token').toBeTruthy();
    const body = new URLSearchParams();
    body.append('_csrf', token as string);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
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

  /** A family's contact through the public API (a phone number, for the receiving unit to call). */
  async function newContact(overrides: Record<string, unknown> = {}) {
    const res = await api('anonymous', 'POST', '/api/contacts', {
      ...validContact({
        childAges: [7],
        topics: ['TUNTEET_KAYTTAYTYMINEN'],
        name: 'Maija Mallikas',
        replyChannel: 'phone',
        phone: '040 123 4567',
      }),
      ...overrides,
    });
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as { reference: string; statusUrl: string };
    const row = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', answer.reference)
      .executeTakeFirstOrThrow();
    return { id: row.id, reference: answer.reference, token: answer.statusUrl.split('/').pop() as string };
  }

  async function map(contactId: string, content: Record<string, unknown> = MAPPING) {
    const res = await api('neuvoja', 'POST', `/api/contacts/${contactId}/entries`, {
      entryId: randomUUID(),
      type: 'mapping',
      content,
    });
    expect(res.statusCode, res.body).toBe(201);
  }

  /** Hands a contact's family over through the API (as the counsellor); the handoff's id. */
  async function handOver(
    contactId: string,
    { service = SERVICE.kuopio, unit = UNIT.kuopio as string | null } = {},
  ): Promise<string> {
    const handoffId = randomUUID();
    const res = await api('neuvoja', 'POST', '/api/handoffs', {
      handoffId,
      contactId,
      targetServiceId: service,
      targetUnitId: unit,
      summary: 'Seitsemänvuotiaan raivokohtaukset; äiti uupunut.',
      familyAgreement: 'verbal',
      matchReasons: [{ code: 'topic_fit', text: 'Sopii aiheeseen: Tunteet ja käyttäytyminen' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return handoffId;
  }

  const row = async (id: string) => {
    const h = await db()
      .selectFrom('handoff')
      .select(['state', 'version', 'appointment_at', 'decline_reason', 'respond_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const events = await db()
      .selectFrom('handoff_event')
      .select(['from_state', 'to_state', 'actor_name', 'reason'])
      .where('handoff_id', '=', id)
      .orderBy('id')
      .execute();
    return { state: h.state, version: h.version, events };
  };
  const contactRow = (id: string) =>
    db().selectFrom('contact').select(['state', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();

  const STEP: Record<Exclude<HandoffTransition, 'expire'>, { path: string; body: () => object }> = {
    accept: { path: 'accept', body: () => ({}) },
    set_appointment: { path: 'appointment', body: appointmentBody },
    first_visit_held: { path: 'first-visit', body: () => ({}) },
    complete: { path: 'complete', body: () => ({}) },
    decline: { path: 'decline', body: () => ({ reason: 'no_capacity', text: 'Ei tilaa ennen kevättä.' }) },
    cancel: { path: 'cancel', body: () => ({ text: 'Perhe muutti mielensä.' }) },
  };
  const SIDE_USER = { receiver: 'vastaanottaja', sender: 'neuvoja' } as const;
  const step = (who: string, id: string, transition: Exclude<HandoffTransition, 'expire'>, body?: object) =>
    api(who, 'POST', `/api/handoffs/${id}/${STEP[transition].path}`, body ?? STEP[transition].body());

  /** Expires one handoff: its promise long past, then the job. */
  async function expire(id: string) {
    await db().updateTable('handoff').set({ respond_by: '2020-01-02' }).where('id', '=', id).execute();
    await expireHandoffs(db(), new Date());
  }

  /** A new handoff (of a new contact) brought to a state through the allowed steps. */
  async function handoffIn(state: HandoffState): Promise<{ id: string; contactId: string }> {
    const contact = await newContact();
    const id = await handOver(contact.id);
    const ok = async (who: string, transition: Exclude<HandoffTransition, 'expire'>) => {
      const res = await step(who, id, transition);
      expect(res.statusCode, `${transition}: ${res.body}`).toBe(200);
    };
    const path: Record<HandoffState, (() => Promise<void>)[]> = {
      requested: [],
      accepted: [() => ok('vastaanottaja', 'accept')],
      appointment_set: [() => ok('vastaanottaja', 'set_appointment')],
      first_visit_held: [
        () => ok('vastaanottaja', 'set_appointment'),
        () => ok('vastaanottaja', 'first_visit_held'),
      ],
      completed: [
        () => ok('vastaanottaja', 'set_appointment'),
        () => ok('vastaanottaja', 'first_visit_held'),
        () => ok('vastaanottaja', 'complete'),
      ],
      declined: [() => ok('vastaanottaja', 'decline')],
      cancelled: [() => ok('neuvoja', 'cancel')],
      expired: [() => expire(id)],
    };
    for (const s of path[state]) await s();
    expect((await row(id)).state).toBe(state);
    return { id, contactId: contact.id };
  }

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await seedExtraStaff(db());
    await db()
      .updateTable('staff_user')
      .set({ email: SENDER_EMAIL })
      .where('id', '=', staffUserId('neuvoja'))
      .execute();
    for (const who of [
      'neuvoja',
      'neuvoja2',
      'vastaanottaja',
      'vastaanottaja-varkaus',
      'kumppani',
      'esihenkilo',
      'toimittaja',
      'pirkanmaa-neuvoja',
      'kuopio-neuvoja',
    ])
      sessions[who] = await signIn(who);
  });
  afterAll(async () => t?.close());

  // ---------------------------------------------------------------- the table of transitions

  const allowed = Object.entries(TRANSITIONS).flatMap(([transition, rule]) =>
    rule.from.map((from) => ({
      transition: transition as HandoffTransition,
      from,
      to: rule.to,
      side: rule.side,
    })),
  );

  it.each(allowed)('$transition: $from → $to ($side)', async ({ transition, from, to, side }) => {
    const { id } = await handoffIn(from);
    const before = await row(id);
    if (transition === 'expire') await expire(id);
    else {
      const res = await step(SIDE_USER[side as 'receiver' | 'sender'], id, transition);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ state: to });
    }
    const after = await row(id);
    expect(after.state).toBe(to);
    expect(after.version).toBe(before.version + 1);
    expect(after.events).toHaveLength(before.events.length + 1);
    const last = after.events.at(-1);
    expect(last).toMatchObject({
      from_state: from,
      to_state: to,
      actor_name:
        side === 'system' ? 'system' : side === 'receiver' ? 'Ville Vastaanottaja' : 'Noora Neuvoja',
    });
    if (transition === 'decline') expect(last?.reason).toBe('Ei tilaa ennen kevättä.');
    if (transition === 'cancel') expect(last?.reason).toBe('Perhe muutti mielensä.');
    if (transition === 'expire') expect(last?.reason).toMatch(/^no answer by /);
  });

  it('refuses every step the table does not allow, with a coded 409, and changes nothing', async () => {
    const handoffs = new Map<HandoffState, string>();
    for (const state of ALL_STATES) handoffs.set(state, (await handoffIn(state)).id);
    const refusals: string[] = [];
    const wanted: string[] = [];
    for (const [transition, rule] of Object.entries(TRANSITIONS) as [
      HandoffTransition,
      (typeof TRANSITIONS)[HandoffTransition],
    ][]) {
      if (transition === 'expire') continue;
      const who = SIDE_USER[rule.side as 'receiver' | 'sender'];
      const other = rule.side === 'receiver' ? 'neuvoja' : 'vastaanottaja';
      for (const state of ALL_STATES) {
        const id = handoffs.get(state) as string;
        const before = await row(id);
        const allowedHere = (rule.from as readonly HandoffState[]).includes(state);
        // the right side from a state the table does not list
        if (!allowedHere) {
          const res = await step(who, id, transition);
          refusals.push(`${who} ${transition} from ${state} → ${res.statusCode} ${res.json().error?.code}`);
          wanted.push(
            `${who} ${transition} from ${state} → 409 ${
              ANSWERED.includes(state) ? 'handoff.already_answered' : 'handoff.transition_not_allowed'
            }`,
          );
        }
        // the other side, from anywhere: not theirs to take
        const res = await step(other, id, transition);
        refusals.push(`${other} ${transition} from ${state} → ${res.statusCode} ${res.json().error?.code}`);
        wanted.push(`${other} ${transition} from ${state} → 409 handoff.transition_not_allowed`);
        expect(await row(id), `${transition} from ${state}`).toEqual(before);
      }
    }
    expect(refusals).toEqual(wanted);
    // the expiry job leaves every handoff that is not waiting for an answer alone
    const before = await Promise.all(ALL_STATES.slice(1).map((s) => row(handoffs.get(s) as string)));
    for (const s of ALL_STATES.slice(1))
      await db()
        .updateTable('handoff')
        .set({ respond_by: '2020-01-02' })
        .where('id', '=', handoffs.get(s) as string)
        .execute();
    await expireHandoffs(db(), new Date());
    const after = await Promise.all(ALL_STATES.slice(1).map((s) => row(handoffs.get(s) as string)));
    expect(after.map((r) => [r.state, r.version, r.events.length])).toEqual(
      before.map((r) => [r.state, r.version, r.events.length]),
    );
  });

  it('the named refusals: accepting twice, a cancelled one, declining without a reason, a stale page', async () => {
    const { id } = await handoffIn('requested');
    expect((await step('vastaanottaja', id, 'accept')).statusCode).toBe(200);
    const twice = await step('vastaanottaja', id, 'accept');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('handoff.transition_not_allowed');

    const before = await row(id);
    const noReason = await step('vastaanottaja', id, 'decline', { text: 'Ei tilaa.' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toEqual([
      expect.objectContaining({ field: 'reason', code: 'handoff.decline_reason_required' }),
    ]);
    const noText = await step('vastaanottaja', id, 'decline', { reason: 'other', text: '   ' });
    expect(noText.statusCode).toBe(400);
    expect(noText.json().error.fields[0]).toMatchObject({
      field: 'text',
      code: 'handoff.decline_reason_required',
    });
    const past = await step('vastaanottaja', id, 'set_appointment', {
      appointmentAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields[0]).toMatchObject({
      field: 'appointmentAt',
      code: 'handoff.appointment_in_past',
    });
    const stale = await step('vastaanottaja', id, 'set_appointment', { ...appointmentBody(), version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('handoff.stale');
    // a manager reads but never answers: not found
    expect((await step('esihenkilo', id, 'decline')).statusCode).toBe(404);
    expect(await row(id)).toEqual(before);

    const cancelled = await handoffIn('cancelled');
    const late = await step('vastaanottaja', cancelled.id, 'accept');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('handoff.already_answered');
  });

  // ---------------------------------------------------------------- who sees what

  it('a handoff to the Kuopio unit is in its inbox only; others are told it does not exist', async () => {
    const contact = await newContact();
    const id = await handOver(contact.id);
    const inbox = async (who: string) =>
      ((await api(who, 'GET', '/api/handoffs/inbox')).json() as { handoffs: { id: string }[] }).handoffs.map(
        (h) => h.id,
      );
    expect(await inbox('vastaanottaja')).toContain(id);
    expect(await inbox('vastaanottaja-varkaus')).not.toContain(id);
    const mine = async (who: string) =>
      ((await api(who, 'GET', '/api/handoffs/mine')).json() as { handoffs: { id: string }[] }).handoffs.map(
        (h) => h.id,
      );
    expect(await mine('neuvoja')).toContain(id);
    expect(await mine('neuvoja2')).not.toContain(id);
    // the contact's handoffs: its organisation's counsellors; another organisation's sees none
    const ofContact = async (who: string) => api(who, 'GET', `/api/contacts/${contact.id}/handoffs`);
    expect(
      ((await ofContact('neuvoja2')).json() as { handoffs: { id: string }[] }).handoffs.map((h) => h.id),
    ).toEqual([id]);
    expect((await ofContact('kuopio-neuvoja')).json()).toEqual({ handoffs: [] });
    expect((await ofContact('vastaanottaja')).statusCode).toBe(404);

    const readers: Record<string, number> = {
      neuvoja: 200, // the sender (a counsellor of the contact's organisation)
      neuvoja2: 200, // … any counsellor of it
      vastaanottaja: 200, // the receiving unit
      esihenkilo: 200, // a manager of the sending and receiving organisation
      'vastaanottaja-varkaus': 404, // another unit of the same organisation
      kumppani: 404, // an NGO's partner
      'kuopio-neuvoja': 404, // a counsellor of another organisation of the region
      'pirkanmaa-neuvoja': 404, // another region
      toimittaja: 404,
    };
    for (const [who, status] of Object.entries(readers)) {
      expect((await api(who, 'GET', `/api/handoffs/${id}`)).statusCode, `${who} API`).toBe(status);
      expect((await get(`/fi/staff/handoffs/${id}`, who)).statusCode, `${who} page`).toBe(status);
    }
    const before = await row(id);
    for (const who of ['vastaanottaja-varkaus', 'kumppani', 'pirkanmaa-neuvoja', 'kuopio-neuvoja'])
      expect((await step(who, id, 'accept')).statusCode, who).toBe(404);
    expect(await row(id)).toEqual(before);

    // addressed to the organisation without a unit: every receiving worker of it sees it
    const open = await handOver((await newContact()).id, { unit: null });
    expect(await inbox('vastaanottaja')).toContain(open);
    expect(await inbox('vastaanottaja-varkaus')).toContain(open);
    // a unit of another organisation, or another region's service: refused by field
    const wrongUnit = await api('neuvoja', 'POST', '/api/handoffs', {
      handoffId: randomUUID(),
      contactId: (await newContact()).id,
      targetServiceId: SERVICE.kuopio,
      targetUnitId: unitSeedId('pohjois-savo', 'mll-kaveritoiminta'),
      summary: 'Yhteenveto.',
      familyAgreement: 'written',
    });
    expect(wrongUnit.statusCode).toBe(400);
    expect(wrongUnit.json().error.fields[0]).toMatchObject({
      field: 'targetUnitId',
      code: 'handoff.target_unknown',
    });
    // … or the same organisation's unit of another service (Varkaus is not the Kuopio clinic's)
    const otherService = await api('neuvoja', 'POST', '/api/handoffs', {
      handoffId: randomUUID(),
      contactId: (await newContact()).id,
      targetServiceId: SERVICE.kuopio,
      targetUnitId: UNIT.varkaus,
      summary: 'Yhteenveto.',
      familyAgreement: 'written',
    });
    expect(otherService.statusCode).toBe(400);
    expect(otherService.json().error.fields[0]).toMatchObject({ field: 'targetUnitId' });
  });

  it('the first appointment closes the contact as guided onward; a declined handoff leaves it open', async () => {
    const set = await handoffIn('appointment_set');
    expect(await contactRow(set.contactId)).toEqual({ state: 'closed', outcome: 'guided_onward' });
    const outcome = await db()
      .selectFrom('record_entry')
      .innerJoin('record_entry_version', 'record_entry_version.entry_id', 'record_entry.id')
      .select('record_entry_version.content')
      .where('record_entry.contact_id', '=', set.contactId)
      .where('record_entry.type', '=', 'outcome')
      .executeTakeFirstOrThrow();
    const content = typeof outcome.content === 'string' ? JSON.parse(outcome.content) : outcome.content;
    expect(content).toMatchObject({ outcome: 'guided_onward', targetServiceId: SERVICE.kuopio });

    const declined = await handoffIn('declined');
    expect((await contactRow(declined.contactId)).state).not.toBe('closed');
    // … and a new handoff can be made from it
    await handOver(declined.contactId, { service: SERVICE.varkaus, unit: UNIT.varkaus });
  });

  it('a handoff left unanswered past its promise surfaces to the managers as overdue', async () => {
    const { id } = await handoffIn('requested');
    const yesterday = helsinkiDate(new Date(Date.now() - 86_400_000));
    await db().updateTable('handoff').set({ respond_by: yesterday }).where('id', '=', id).execute();
    const overdue = (await api('esihenkilo', 'GET', '/api/handoffs/overdue')).json() as {
      handoffs: { id: string; overdue: boolean }[];
    };
    expect(overdue.handoffs.find((h) => h.id === id)).toMatchObject({ overdue: true });
    // only managers have an overdue list
    expect((await api('neuvoja', 'GET', '/api/handoffs/overdue')).json()).toEqual({ handoffs: [] });
    const inbox = (await api('vastaanottaja', 'GET', '/api/handoffs/inbox')).json() as {
      handoffs: { id: string; overdue: boolean }[];
    };
    expect(inbox.handoffs.find((h) => h.id === id)).toMatchObject({ overdue: true });
    const page = await get('/fi/staff/handoffs', 'esihenkilo');
    expect(page.statusCode).toBe(200);
    const section = page.body.split('data-qa="list-overdue"')[1] ?? '';
    expect(section).toContain(`data-id="${id}"`);
    expect(textOf(section)).toContain('MYÖHÄSSÄ');
    // answered in time again: off the list
    expect((await step('vastaanottaja', id, 'accept')).statusCode).toBe(200);
    const after = (await api('esihenkilo', 'GET', '/api/handoffs/overdue')).json() as {
      handoffs: { id: string }[];
    };
    expect(after.handoffs.map((h) => h.id)).not.toContain(id);
  });

  it('tells the receiving unit of a new handoff and the sender of each answer, through the outbox', async () => {
    const { id } = await handoffIn('requested');
    const messages = () =>
      db()
        .selectFrom('outbox')
        .select(['recipient', 'template', 'params'])
        .where('template', 'in', ['handoff_requested', 'handoff_answered'])
        .orderBy('id')
        .execute()
        .then((rows) =>
          rows
            .map((r) => ({ ...r, params: typeof r.params === 'string' ? JSON.parse(r.params) : r.params }))
            .filter((r) => String(r.params.url).endsWith(id)),
        );
    expect(await messages()).toEqual([
      expect.objectContaining({ recipient: UNIT_EMAIL, template: 'handoff_requested' }),
    ]);
    expect((await step('vastaanottaja', id, 'accept')).statusCode).toBe(200);
    expect((await step('vastaanottaja', id, 'decline')).statusCode).toBe(200);
    const sent = await messages();
    expect(sent.filter((m) => m.template === 'handoff_answered')).toEqual([
      expect.objectContaining({
        recipient: SENDER_EMAIL,
        params: expect.objectContaining({ state: 'accepted' }),
      }),
      expect.objectContaining({
        recipient: SENDER_EMAIL,
        params: expect.objectContaining({ state: 'declined' }),
      }),
    ]);
  });

  it('the expiry job expires a handoff long unanswered, and not one just late', async () => {
    const old = await handoffIn('requested');
    const late = await handoffIn('requested');
    await db().updateTable('handoff').set({ respond_by: '2026-01-05' }).where('id', '=', old.id).execute();
    await db()
      .updateTable('handoff')
      .set({ respond_by: helsinkiDate(new Date(Date.now() - 86_400_000)) })
      .where('id', '=', late.id)
      .execute();
    expect(await expireHandoffs(db(), new Date())).toBeGreaterThanOrEqual(1);
    const expired = await row(old.id);
    expect(expired.state).toBe('expired');
    expect(expired.events.at(-1)).toMatchObject({
      from_state: 'requested',
      to_state: 'expired',
      actor_name: 'system',
    });
    expect((await row(late.id)).state).toBe('requested');
    // the job went through the door as the system itself: one log row, no role (issue 11)
    const logged = await db()
      .selectFrom('access_log')
      .selectAll()
      .where('resource_type', '=', 'handoff')
      .where('resource_id', '=', old.id)
      .where('actor_kind', '=', 'system')
      .execute();
    expect(logged).toEqual([
      expect.objectContaining({
        actor_name: 'handoff expiry job',
        action: 'update',
        role: null,
        reason: 'expired: no answer by 2026-01-05',
      }),
    ]);
    // the sender still reads it, and the page says it expired
    const page = await get(`/fi/staff/handoffs/${old.id}`, 'neuvoja');
    expect(textOf(page.body)).toContain('Vanhentunut');
    expect(page.body).toContain(`href="/fi/staff/contacts/${old.contactId}/suggestions"`);
  });

  // ---------------------------------------------------------------- the pages

  it('opens each page for its roles only: others get 404, a signed-out user is sent to sign in', async () => {
    const contact = await newContact();
    const suggestions = `/fi/staff/contacts/${contact.id}/suggestions`;
    const expected: Record<string, [number, number]> = {
      neuvoja: [200, 200],
      vastaanottaja: [404, 200],
      esihenkilo: [404, 200],
      'kuopio-neuvoja': [404, 200], // a counsellor of another organisation: not their contact
      kumppani: [404, 404],
      toimittaja: [404, 404],
    };
    for (const [who, [s, list]] of Object.entries(expected)) {
      expect((await get(suggestions, who)).statusCode, `${who} suggestions`).toBe(s);
      expect((await get('/fi/staff/handoffs', who)).statusCode, `${who} list`).toBe(list);
    }
    const anonymous = await get(suggestions);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toContain('/fi/sign-in?next=');
    expect((await get('/fi/staff/handoffs/not-a-uuid', 'neuvoja')).statusCode).toBe(404);
    expect((await get(`/xx/staff/handoffs`, 'neuvoja')).statusCode).toBe(404);
    // the pages' own stylesheet, linked by them and cached for good under its versioned address
    const href = /<link rel="stylesheet" href="(\/assets\/handoffs\.css\?v=[0-9a-f]{12})"/.exec(
      (await get('/fi/staff/handoffs', 'neuvoja')).body,
    )?.[1];
    expect(href).toBeTruthy();
    const css = await t.app.inject({ url: href as string });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.body).toContain('.suggestion');
    expect((await get('/fi/staff/queue', 'neuvoja')).body).not.toContain('/assets/handoffs.css');
  });

  it('suggests services for a mapped contact, with reasons, and hands the family over from the page', async () => {
    const contact = await newContact();
    await map(contact.id);
    const url = `/fi/staff/contacts/${contact.id}/suggestions`;
    // the contact page links to the suggestions
    const contactPage = await get(`/fi/staff/contacts/${contact.id}`, 'neuvoja');
    expect(contactPage.body).toContain(`href="${url}"`);

    const page = await get(url, 'neuvoja');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Tilanne on tilannekartoituksesta');
    expect(text).toContain('Kuopion perheneuvola');
    expect(text).toContain('Sopii aiheeseen: Tunteet ja käyttäytyminen');
    expect(page.body).not.toContain('data-qa="emergency-note"');
    // the summary starts from the mapping
    expect(page.body).toContain('Raivokohtauksia koulun jälkeen joka päivä.');
    const card =
      page.body.split(`data-service="${SERVICE.kuopio}"`)[1]?.split('data-qa="suggestion"')[0] ?? '';
    expect(card, 'Kuopion perheneuvola is suggested').not.toBe('');
    expect(card).toContain(`<option value="${UNIT.kuopio}" selected="">`);
    const handoffId = /name="handoffId" value="([^"]+)"/.exec(card)?.[1] as string;
    const reasons = /name="matchReasons" value="([^"]+)"/.exec(card)?.[1] as string;
    const fields = {
      handoffId,
      targetServiceId: SERVICE.kuopio,
      matchReasons: reasons.replace(/&quot;/g, '"'),
      targetUnitId: UNIT.kuopio,
      summary: 'Seitsemänvuotiaan raivokohtaukset.',
    };
    const action = `/fi/staff/contacts/${contact.id}/handoffs`;

    // no agreement, no summary: shown beside their fields, nothing made
    const missing = await post('neuvoja', url, action, { ...fields, summary: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('data-qa="error-familyAgreement"');
    expect(missing.body).toContain('data-qa="error-summary"');
    expect(missing.body).toContain(`value="${handoffId}"`);
    // tampered reasons are refused by the domain's schema
    const tampered = await post('neuvoja', url, action, {
      ...fields,
      familyAgreement: 'verbal',
      matchReasons: JSON.stringify([{ code: 'x', text: 'y', extra: 1 }]),
    });
    expect(tampered.statusCode).toBe(400);
    expect(
      await db().selectFrom('handoff').select('id').where('contact_id', '=', contact.id).execute(),
    ).toEqual([]);

    const sent = await post('neuvoja', url, action, { ...fields, familyAgreement: 'verbal' });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    expect(sent.headers.location).toBe(`/fi/staff/handoffs/${handoffId}?done=created`);
    // sent twice (a retry): still one
    const again = await post('neuvoja', url, action, { ...fields, familyAgreement: 'verbal' });
    expect(again.statusCode).toBe(303);
    const made = await db()
      .selectFrom('handoff')
      .select(['id', 'target_unit_id', 'family_agreement', 'match_reasons'])
      .where('contact_id', '=', contact.id)
      .execute();
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ id: handoffId, target_unit_id: UNIT.kuopio, family_agreement: 'verbal' });
    const kept =
      typeof made[0]?.match_reasons === 'string' ? JSON.parse(made[0].match_reasons) : made[0]?.match_reasons;
    expect(kept).toContainEqual({ code: 'topic_fit', text: 'Sopii aiheeseen: Tunteet ja käyttäytyminen' });
    // another handoff to the same service while this one is open: a notice, nothing made
    const second = await post('neuvoja', url, action, {
      ...fields,
      handoffId: randomUUID(),
      familyAgreement: 'written',
    });
    expect(second.statusCode).toBe(409);
    expect(textOf(second.body)).toContain('Tähän palveluun on jo avoin saattaen vaihtaminen.');

    // the sender's page: where it stands, the reasons, the history; no family details, cancel only
    const mine = await get(`/fi/staff/handoffs/${handoffId}?done=created`, 'neuvoja');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('data-qa="flash"');
    expect(textOf(mine.body)).toContain('Sopii aiheeseen: Tunteet ja käyttäytyminen');
    expect(mine.body).toContain('data-qa="handoff-history"');
    expect(mine.body).not.toContain('data-qa="family"');
    expect(mine.body).toContain('data-qa="form-cancel"');
    expect(mine.body).not.toContain('data-qa="form-accept"');
    // the suggestions page lists the contact's handoffs, and the contact page links to it
    expect((await get(url, 'neuvoja')).body).toContain(`data-id="${handoffId}"`);
    expect((await get(`/fi/staff/contacts/${contact.id}`, 'neuvoja')).body).toContain(
      `href="/fi/staff/handoffs/${handoffId}"`,
    );
  });

  it('an urgent mapping puts the emergency routes first, with a note; the situation can be adjusted', async () => {
    const contact = await newContact();
    await map(contact.id, {
      ...MAPPING,
      topics: ['HUOLI_LAPSEN_TURVALLISUUDESTA'],
      safety: { violence: 'no', childSafetyConcern: 'yes', substanceUse: 'no', notes: null },
    });
    const url = `/fi/staff/contacts/${contact.id}/suggestions`;
    const page = await get(url, 'neuvoja');
    expect(page.body).toContain('data-qa="emergency-note"');
    const first = page.body.split('data-qa="suggestion"')[1] ?? '';
    expect(first).toContain('data-qa="route"');
    expect(first).toContain('data-code="emergency_route"');

    // adjusted: Varkaus, remote, with a method asked for
    const adjusted = await get(
      `${url}?adjust=1&municipality=915&ages=7&topics=TUNTEET_KAYTTAYTYMINEN&language=fi&remote=yes&methods=THERAPLAY`,
      'neuvoja',
    );
    expect(adjusted.statusCode).toBe(200);
    expect(textOf(adjusted.body)).toContain('Näytetään muutetun tilanteen ehdotukset.');
    expect(adjusted.body).toContain(`data-service="${SERVICE.varkaus}"`);
    // the handover forms keep the adjusted situation for a page shown again
    expect(adjusted.body).toContain(
      `/fi/staff/contacts/${contact.id}/handoffs?adjust=1&amp;municipality=915`,
    );
    // a bad age: shown beside the field, no suggestions
    const bad = await get(`${url}?adjust=1&municipality=297&ages=seven`, 'neuvoja');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('data-qa="error-ages"');
    expect(bad.body).toContain('data-qa="no-situation"');
    // without a municipality the counsellor is asked for one
    const none = await newContact({ municipality: null });
    const ask = await get(`/fi/staff/contacts/${none.id}/suggestions`, 'neuvoja');
    expect(ask.body).toContain('data-qa="no-situation"');
    expect(ask.body).toContain('data-qa="error-municipality"');
  });

  it('the receiving unit answers from its inbox: accept, the appointment in Helsinki time, the visit, done', async () => {
    const contact = await newContact();
    const id = await handOver(contact.id);
    const list = await get('/fi/staff/handoffs', 'vastaanottaja');
    expect(list.body.split('data-qa="list-inbox"')[1]).toContain(`data-id="${id}"`);
    expect((await get('/fi/staff/handoffs', 'vastaanottaja-varkaus')).body).not.toContain(`data-id="${id}"`);

    const url = `/fi/staff/handoffs/${id}`;
    const page = await get(url, 'vastaanottaja');
    expect(page.body).toContain('data-qa="family"');
    expect(textOf(page.body)).toContain('040 123 4567');
    for (const form of ['accept', 'appointment', 'decline'])
      expect(page.body).toContain(`data-qa="form-${form}"`);
    expect(page.body).not.toContain('data-qa="form-cancel"');
    expect(page.body).toContain('type="date"');
    expect(page.body).toContain('type="time"');

    const accepted = await post('vastaanottaja', url, `${url}/accept`, { version: '1' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`${url}?done=accept`);
    // accepting twice (a page left open): a notice, nothing changed
    const before = await row(id);
    const twice = await post('vastaanottaja', url, `${url}/accept`, { version: '2' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('data-qa="conflict"');
    expect(textOf(twice.body)).toContain('Tätä ei voi tehdä, kun tila on "Hyväksytty".');
    // the receiver cannot cancel (the sender's step)
    const cancel = await post('vastaanottaja', url, `${url}/cancel`, { version: '2', text: 'Peru.' });
    expect(cancel.statusCode).toBe(409);
    expect(await row(id)).toEqual(before);

    // the appointment: problems beside their fields
    const empty = await post('vastaanottaja', url, `${url}/appointment`, {
      version: '2',
      date: '',
      time: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('data-qa="error-date"');
    expect(empty.body).toContain('data-qa="error-time"');
    const yesterday = helsinkiDate(new Date(Date.now() - 2 * 86_400_000));
    const past = await post('vastaanottaja', url, `${url}/appointment`, {
      version: '2',
      date: yesterday,
      time: '10:00',
    });
    expect(past.statusCode).toBe(400);
    expect(textOf(past.body)).toContain('Ensikäynnin aika ei voi olla menneisyydessä.');
    expect(await row(id)).toEqual(before);

    // winter time: 14.05 in Helsinki is 12.05 UTC
    const winter = `${NEXT_YEAR}-01-15`;
    const set = await post('vastaanottaja', url, `${url}/appointment`, {
      version: '2',
      date: winter,
      time: '14:05',
      place: 'Kuopion perheneuvola, Puijonkatu 1',
    });
    expect(set.statusCode, set.body.slice(0, 400)).toBe(303);
    const stored = await db()
      .selectFrom('handoff')
      .select('appointment_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Date(stored.appointment_at as Date).toISOString()).toBe(`${winter}T12:05:00.000Z`);
    const shown = await get(url, 'vastaanottaja');
    expect(textOf(shown.body)).toContain(`15.1.${NEXT_YEAR} klo 14.05`);
    expect(await contactRow(contact.id)).toEqual({ state: 'closed', outcome: 'guided_onward' });
    // moved to summer time: 14.05 is 11.05 UTC; the form starts from the time set
    expect(shown.body).toContain(`value="${winter}"`);
    expect(shown.body).toContain('value="14:05"');
    const summer = `${NEXT_YEAR}-06-15`;
    const moved = await post('vastaanottaja', url, `${url}/appointment`, {
      version: '3',
      date: summer,
      time: '14:05',
    });
    expect(moved.statusCode).toBe(303);
    const movedAt = await db()
      .selectFrom('handoff')
      .select('appointment_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Date(movedAt.appointment_at as Date).toISOString()).toBe(`${summer}T11:05:00.000Z`);
    expect(textOf((await get(url, 'vastaanottaja')).body)).toContain(`15.6.${NEXT_YEAR} klo 14.05`);
    expect(textOf((await get(url.replace('/fi/', '/sv/'), 'vastaanottaja')).body)).toContain(
      `15.6.${NEXT_YEAR} kl. 14.05`,
    );

    expect((await post('vastaanottaja', url, `${url}/first-visit`, { version: '4' })).statusCode).toBe(303);
    expect((await post('vastaanottaja', url, `${url}/complete`, { version: '5' })).statusCode).toBe(303);
    const done = await get(url, 'vastaanottaja');
    expect(textOf(done.body)).toContain('Valmis');
    expect(done.body).not.toContain('data-qa="form-');
    // every step in the history, with who
    const history = textOf(done.body.split('data-qa="handoff-history"')[1] ?? '');
    for (const state of ['Lähetetty', 'Hyväksytty', 'Ensikäynti sovittu', 'Ensikäynti pidetty', 'Valmis'])
      expect(history).toContain(state);
    expect(history).toContain('Ville Vastaanottaja');
    // the family's status still answers
    expect((await api('anonymous', 'GET', `/api/contacts/status/${contact.token}`)).statusCode).toBe(200);
  });

  it('declining needs a reason and its words; the sender is sent back to new suggestions', async () => {
    const contact = await newContact();
    await map(contact.id);
    const id = await handOver(contact.id);
    const url = `/fi/staff/handoffs/${id}`;
    const before = await row(id);
    const bare = await post('vastaanottaja', url, `${url}/decline`, { version: '1', reason: '', text: '' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain('data-qa="error-reason"');
    expect(bare.body).toContain('data-qa="error-text"');
    expect(bare.body).toContain('aria-invalid="true"');
    expect(await row(id)).toEqual(before);
    const declined = await post('vastaanottaja', url, `${url}/decline`, {
      version: '1',
      reason: 'no_capacity',
      text: 'Ei vapaita aikoja ennen maaliskuuta.',
    });
    expect(declined.statusCode).toBe(303);
    const sender = await get(url, 'neuvoja');
    expect(sender.body).toContain('data-qa="declined"');
    expect(textOf(sender.body)).toContain(
      'Ei tilaa kohtuullisessa ajassa: Ei vapaita aikoja ennen maaliskuuta.',
    );
    expect(sender.body).toContain(`href="/fi/staff/contacts/${contact.id}/suggestions"`);
    expect((await contactRow(contact.id)).state).not.toBe('closed');

    // the sender cancels another one: a reason is needed
    const other = await handOver(contact.id, { service: SERVICE.varkaus, unit: UNIT.varkaus });
    const otherUrl = `/fi/staff/handoffs/${other}`;
    expect(
      (await post('neuvoja', otherUrl, `${otherUrl}/cancel`, { version: '1', text: '' })).statusCode,
    ).toBe(400);
    // the sender cannot accept (the receiver's step)
    expect((await post('neuvoja', otherUrl, `${otherUrl}/accept`, { version: '1' })).statusCode).toBe(409);
    const cancelled = await post('neuvoja', otherUrl, `${otherUrl}/cancel`, {
      version: '1',
      text: 'Perhe haluaa odottaa.',
    });
    expect(cancelled.statusCode).toBe(303);
    expect((await row(other)).state).toBe('cancelled');
  });

  it('the pages speak Swedish and English too', async () => {
    const contact = await newContact();
    await map(contact.id);
    const id = await handOver(contact.id);
    const words = {
      sv: ['Var skulle familjen få den bästa hjälpen?', 'Överlämningar', 'Godkänn överlämningen'],
      en: ['Where would this family get the best help?', 'Handoffs', 'Accept the handoff'],
    };
    for (const [lang, [suggestions, list, accept]] of Object.entries(words)) {
      expect(
        textOf((await get(`/${lang}/staff/contacts/${contact.id}/suggestions`, 'neuvoja')).body),
      ).toContain(suggestions);
      expect(textOf((await get(`/${lang}/staff/handoffs`, 'vastaanottaja')).body)).toContain(list);
      expect(textOf((await get(`/${lang}/staff/handoffs/${id}`, 'vastaanottaja')).body)).toContain(accept);
    }
  });
});
