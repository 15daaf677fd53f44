// The counsellor's page of one contact shows what the contact's state allows (issue 10,
// finding 22): before it is claimed the summary, the family's words, claiming and assigning;
// after claiming the forms of the work; closed, the record and reopening. Every error names its
// field, and the error summary links to each field and takes the focus. The queue shows the
// reply language and the first line of the family's message; the staff home the counts waiting.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translations } from '../src/i18n/index.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

const SAME_ORIGIN = { origin: 'http://localhost:80', host: 'localhost:80' };
const HTML = { accept: 'text/html' };
const fi = translations('fi').contactStaff;

/** The text of a piece of a page without its tags, as a person reads it. */
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The forms and actions a contact page offers, by their data-qa names. */
function offered(html: string) {
  return {
    claim: html.includes('data-qa="claim"'),
    assign: html.includes('data-qa="form-assign"'),
    mapping: html.includes('data-qa="form-mapping"'),
    advice: html.includes('data-qa="form-advice"'),
    message: html.includes('data-qa="form-message"'),
    close: html.includes('data-qa="form-close"'),
    reopen: html.includes('data-qa="form-reopen"'),
    suggestions: html.includes('data-qa="suggestions-link"'),
    meeting: html.includes('data-qa="meeting-link"'),
  };
}

describe.each(ENGINES)('the counsellor’s contact page by state, on %s', (engine) => {
  let t: TestApp;
  const sessions: Record<string, string> = {};

  async function signIn(username: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode, username).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
  const get = (url: string, who: string) =>
    t.app.inject({ url, headers: { ...HTML, cookie: sessions[who] } });

  /** Posts a form as the browser does from the page it is on (its CSRF cookie and token). */
  async function post(
    who: string,
    pageUrl: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> {
    const page = await get(pageUrl, who);
    expect(page.statusCode, pageUrl).toBe(200);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const body = new URLSearchParams({ _csrf: token });
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

  async function submit(overrides: Record<string, unknown> = {}) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: SAME_ORIGIN,
      payload: {
        idempotencyKey: randomUUID(),
        contacter: 'parent',
        municipality: '297',
        childAges: [7],
        topics: ['UNI'],
        message: 'Seitsemänvuotias ei nukahda iltaisin.\nKoko perhe on väsynyt.',
        replyChannel: 'email',
        email: 'perhe@example.fi',
        language: 'sv',
        ...overrides,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json() as { reference: string };
    const row = await t.database.db
      .selectFrom('contact')
      .select(['id'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return { reference, id: row.id, url: `/fi/staff/contacts/${row.id}` };
  }
  const versionOf = async (id: string) =>
    String(
      (
        await t.database.db
          .selectFrom('contact')
          .select('version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).version,
    );
  async function claimed() {
    const c = await submit();
    const res = await post('neuvoja', c.url, `${c.url}/claim`, { version: '1', back: 'contact' });
    expect(res.statusCode).toBe(303);
    return c;
  }

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    for (const who of ['neuvoja', 'esihenkilo', 'vastaanottaja', 'toimittaja'])
      sessions[who] = await signIn(who);
  });
  afterAll(async () => t?.close());

  it('an unclaimed contact shows its summary, the family’s words, claiming and assigning only', async () => {
    const c = await submit();
    const page = await get(c.url, 'neuvoja');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="contact-details"');
    expect(textOf(page.body)).toContain('Seitsemänvuotias ei nukahda iltaisin.');
    expect(offered(page.body)).toEqual({
      claim: true,
      assign: true,
      mapping: false,
      advice: false,
      message: false,
      close: false,
      reopen: false,
      suggestions: false,
      meeting: false,
    });
  });

  it('a claimed contact shows the forms of the work', async () => {
    const c = await claimed();
    const page = await get(c.url, 'neuvoja');
    expect(page.body).toContain(`href="/fi/staff/meetings/new?contact=${c.id}"`);
    expect(offered(page.body)).toEqual({
      claim: false,
      assign: true,
      mapping: true,
      advice: true,
      message: true,
      close: true,
      reopen: false,
      suggestions: true,
      meeting: true,
    });
  });

  it('a closed contact shows its record and reopening only', async () => {
    const c = await claimed();
    const closed = await post('neuvoja', c.url, `${c.url}/close`, {
      version: await versionOf(c.id),
      outcome: 'resolved_one_contact',
    });
    expect(closed.statusCode, textOf(closed.body).slice(0, 500)).toBe(303);
    const page = await get(c.url, 'neuvoja');
    expect(page.body).toContain('data-qa="entries"');
    expect(page.body).toContain('data-qa="history"');
    expect(offered(page.body)).toEqual({
      claim: false,
      assign: false,
      mapping: false,
      advice: false,
      message: false,
      close: false,
      reopen: true,
      suggestions: false,
      meeting: false,
    });
  });

  /** The text of the error shown beside a field of a form, and the summary's link to it. */
  function errorsOf(html: string, form: string, field: string) {
    const beside = new RegExp(
      `<p class="field-error" id="${form}-${field}-error"[^>]*>([\\s\\S]*?)</p>`,
    ).exec(html)?.[1];
    const summary = new RegExp(
      `<div[^>]*id="${form}-errors"[^>]*>[\\s\\S]*?<a href="#${form}-${field}"[^>]*>([\\s\\S]*?)</a>`,
    ).exec(html)?.[1];
    return { beside: beside ? textOf(beside) : undefined, summary: summary ? textOf(summary) : undefined };
  }

  it('every error of the mapping names its field, beside it and in the summary', async () => {
    const c = await claimed();
    const res = await post('neuvoja', c.url, `${c.url}/mapping`, {
      version: await versionOf(c.id),
      entryId: randomUUID(),
      childAges: '7, 44',
    });
    expect(res.statusCode).toBe(400);
    const m = fi.mapping;
    const expected: Record<string, string> = {
      contacter: `${m.contacter}: valitse yksi.`,
      childAges: `${m.childAges}: Anna lapsen ikä vuosina (0–17).`,
      violence: `${m.violence}: valitse yksi.`,
      childSafetyConcern: `${m.childSafetyConcern}: valitse yksi.`,
      substanceUse: `${m.substanceUse}: valitse yksi.`,
      lapsetPuheeksi: `${m.lapsetPuheeksi}: valitse yksi.`,
    };
    for (const [field, text] of Object.entries(expected))
      expect(errorsOf(res.body, 'mapping', field), field).toEqual({ beside: text, summary: text });
    expect(textOf(res.body)).not.toContain('Täytä tämä kohta.');
  });

  it('the errors of advice, a message, closing, reopening and assigning name their fields', async () => {
    const c = await claimed();
    const cases: { form: string; field: string; fields: Record<string, string>; text: string }[] = [
      { form: 'advice', field: 'text', fields: { text: ' ' }, text: `${fi.advice.text}: täytä tämä kohta.` },
      { form: 'message', field: 'text', fields: { text: '' }, text: `${fi.message.text}: täytä tämä kohta.` },
      { form: 'close', field: 'outcome', fields: {}, text: `${fi.close.outcome}: valitse yksi.` },
      {
        form: 'close',
        field: 'targetServiceId',
        fields: { outcome: 'guided_onward' },
        text: `${fi.close.targetService}: Valitse palvelu, johon perhe ohjattiin.`,
      },
    ];
    for (const k of cases) {
      const res = await post('neuvoja', c.url, `${c.url}/${k.form}`, {
        version: await versionOf(c.id),
        entryId: randomUUID(),
        ...k.fields,
      });
      expect(res.statusCode, `${k.form} ${k.field}`).toBe(400);
      expect(errorsOf(res.body, k.form, k.field), `${k.form} ${k.field}`).toEqual({
        beside: k.text,
        summary: k.text,
      });
    }
    const assign = await post('neuvoja', c.url, `${c.url}/assign`, {
      version: await versionOf(c.id),
      back: 'contact',
      staffUserId: '',
    });
    expect(assign.statusCode).toBe(400);
    expect(errorsOf(assign.body, 'assign', 'staffUserId').beside).toBe(
      `${fi.contact.assignField}: ${translations('fi').errors['contact.assignee_not_counsellor']}`,
    );

    const closed = await post('neuvoja', c.url, `${c.url}/close`, {
      version: await versionOf(c.id),
      outcome: 'resolved_one_contact',
    });
    expect(closed.statusCode).toBe(303);
    const reopen = await post('neuvoja', c.url, `${c.url}/reopen`, { reason: '' });
    expect(reopen.statusCode).toBe(400);
    expect(errorsOf(reopen.body, 'reopen', 'reason').beside).toBe(
      `${fi.contact.reopenReason}: ${translations('fi').errors['contact.reason_required']}`,
    );
  });

  it('logging a call: every error names its field too', async () => {
    const res = await post('neuvoja', '/fi/staff/contacts/new', '/fi/staff/contacts', {
      idempotencyKey: randomUUID(),
      channel: 'phone',
      urgency: 'normal',
      contacter: 'parent',
      replyChannel: 'phone',
      reachTime: 'any',
      safety: 'none',
      language: 'fi',
      childAges: '44',
      phone: 'soita',
      message: '',
    });
    expect(res.statusCode).toBe(400);
    const n = fi.newContact;
    const errors = translations('fi').errors;
    const expected: Record<string, string> = {
      message: `${n.message}: täytä tämä kohta.`,
      phone: `${n.phone}: ${errors['contact.phone_invalid']}`,
      childAges: `${n.childAges}: ${errors['contact.age_invalid']}`,
    };
    for (const [field, text] of Object.entries(expected))
      expect(errorsOf(res.body, 'log', field), field).toEqual({ beside: text, summary: text });
  });

  it('the error summary opens the page under its title and takes the focus', async () => {
    const c = await claimed();
    const res = await post('neuvoja', c.url, `${c.url}/mapping`, {
      version: await versionOf(c.id),
      entryId: randomUUID(),
    });
    expect(res.statusCode).toBe(400);
    const summary = /<div[^>]*class="error-summary"[^>]*>/.exec(res.body)?.[0] ?? '';
    expect(summary).toContain('id="mapping-errors"');
    expect(summary).toContain('tabindex="-1"');
    expect(summary).toContain('autofocus=""');
    // in view without JavaScript: before the details, the family's words and every form
    const at = res.body.indexOf('class="error-summary"');
    expect(at).toBeGreaterThan(res.body.indexOf('data-qa="contact-title"'));
    expect(at).toBeLessThan(res.body.indexOf('data-qa="contact-details"'));
    // one summary, and only it asks for the focus
    expect(res.body.match(/class="error-summary"/g)).toHaveLength(1);
    expect(res.body.match(/autofocus=""/g)).toHaveLength(1);
    // every link leads to a field of the form
    for (const [, target] of res.body.matchAll(/<li><a href="#(mapping-[A-Za-z]+)"/g))
      expect(res.body, target).toContain(`id="${target}"`);
  });

  it('the queue shows the reply language and the first line of the family’s message; a manager sees neither text', async () => {
    const long = `${'Pitkä viesti, jossa perhe kertoo paljon. '.repeat(8)}\nToinen rivi ei näy.`;
    const c = await submit({ message: long, language: 'sv' });
    const queue = await get('/fi/staff/queue', 'neuvoja');
    const row =
      new RegExp(`<tr[^>]*data-reference="${c.reference}"[\\s\\S]*?</tr>`).exec(queue.body)?.[0] ?? '';
    expect(row, 'the contact is in the queue').not.toBe('');
    const rowText = textOf(row);
    expect(rowText).toContain('Vastauskieli: ruotsi');
    expect(rowText).toContain('Pitkä viesti, jossa perhe kertoo paljon.');
    expect(rowText).not.toContain('Toinen rivi');
    // cut at a word with an ellipsis, never in the middle of a character
    const line = /data-qa="first-line"[^>]*>([\s\S]*?)<\/span>/.exec(row)?.[1] ?? '';
    expect(textOf(line).length).toBeLessThanOrEqual(121);
    expect(textOf(line)).toMatch(/…$/);

    const manager = await get('/fi/staff/queue', 'esihenkilo');
    const managerRow =
      new RegExp(`<tr[^>]*data-reference="${c.reference}"[\\s\\S]*?</tr>`).exec(manager.body)?.[0] ?? '';
    expect(managerRow).not.toBe('');
    expect(textOf(managerRow)).not.toContain('Pitkä viesti');
    expect(textOf(/data-qa="reply-language"[^>]*>([^<]*)</.exec(managerRow)?.[1] ?? '')).toBe('ruotsi');
  });

  it('the first line is cut safely: emoji and combined letters stay whole', async () => {
    // a family emoji is seven code points, é here a letter and a combining accent
    const message = 'Pe\u0301rhe 👨‍👩‍👧 '.repeat(30).trim();
    const c = await submit({ message });
    const queue = await get('/fi/staff/queue', 'neuvoja');
    const row =
      new RegExp(`<tr[^>]*data-reference="${c.reference}"[\\s\\S]*?</tr>`).exec(queue.body)?.[0] ?? '';
    const line = textOf(/data-qa="first-line"[^>]*>([\s\S]*?)<\/span>/.exec(row)?.[1] ?? '');
    expect(line).toMatch(/…$/);
    const kept = line.slice(0, -1);
    expect(message.startsWith(kept), 'the line is the message’s start').toBe(true);
    // what follows the cut starts a new character: not a joiner, an accent or half a pair
    const next = message.codePointAt(kept.length) ?? 0;
    expect([0x200d, 0x0301].includes(next) || (next >= 0xdc00 && next <= 0xdfff)).toBe(false);
  });

  it('the staff home shows the counts waiting, each a link to the list', async () => {
    const home = await get('/fi/staff', 'neuvoja');
    const body = (res: { body: string }) => res.body;
    expect(home.statusCode).toBe(200);
    const waiting = /<section[^>]*data-qa="waiting"[\s\S]*?<\/section>/.exec(home.body)?.[0] ?? '';
    expect(waiting, 'a counsellor sees what is waiting').not.toBe('');
    const count = (qa: string) => {
      const m = new RegExp(`<a href="([^"]+)"[^>]*data-qa="${qa}"[^>]*>([\\s\\S]*?)</a>`).exec(waiting);
      return m ? { href: m[1], text: textOf(m[2] as string) } : undefined;
    };
    const before = count('waiting-unclaimed');
    expect(before?.href).toBe('/fi/staff/queue?show=unassigned');
    const n = Number(/\d+/.exec(before?.text ?? '')?.[0]);
    await submit({ safety: 'acute_danger' });
    const after = await get('/fi/staff', 'neuvoja');
    const waitingAfter = /<section[^>]*data-qa="waiting"[\s\S]*?<\/section>/.exec(after.body)?.[0] ?? '';
    expect(textOf(waitingAfter)).toContain(`Ilman käsittelijää: ${n + 1}`);
    for (const qa of [
      'waiting-emergency',
      'waiting-urgent',
      'waiting-normal',
      'waiting-overdue',
      'waiting-mine',
    ])
      expect(waitingAfter, qa).toContain(`data-qa="${qa}"`);
    expect(waitingAfter).toContain('href="/fi/staff/queue?urgency=emergency"');
    expect(waitingAfter).toContain('href="/fi/staff/my-work"');
    // the consultations nobody has claimed and the families' Yhdessä aika requests, each a link
    expect(waitingAfter).toMatch(/<a href="\/fi\/staff\/consultations"[^>]*data-qa="waiting-consultations"/);
    expect(waitingAfter).toMatch(/<a href="\/fi\/staff\/meetings"[^>]*data-qa="waiting-meeting-requests"/);

    // a manager sees the queue's counts (no work of their own); a receiving worker the handoffs;
    // a catalogue editor nothing of the kind
    const manager = await get('/fi/staff', 'esihenkilo');
    expect(manager.body).toContain('data-qa="waiting-unclaimed"');
    expect(manager.body).not.toContain('data-qa="waiting-mine"');
    const receiver = await get('/fi/staff', 'vastaanottaja');
    expect(receiver.body).toMatch(/<a href="\/fi\/staff\/handoffs"[^>]*data-qa="waiting-handoffs"/);
    expect(body(home)).not.toContain('data-qa="waiting-handoffs"'); // a counsellor has no inbox
    expect(receiver.body).not.toContain('data-qa="waiting-unclaimed"');
    expect(receiver.body).not.toContain('data-qa="waiting-consultations"');
    expect(receiver.body).not.toContain('data-qa="waiting-meeting-requests"');
    const editor = await get('/fi/staff', 'toimittaja');
    expect(editor.body).not.toContain('data-qa="waiting"');
  });
});
