// Feedback after a contact (issue 13, capability 12): a counsellor closes a contact, the closing
// mail invites feedback, the family answers on its status page without JavaScript (once: a
// second answer is the same thanks, or 409 from the API), nothing is saved for an open contact,
// bad input or another contact's link, the stored answer names no contact and no time, and only
// the region's managers and administrators read the comments. On every engine, through the app.
import { createHash, createHmac } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusLinkKey } from '../../src/features/contacts/index.ts';
import { renderContactTemplate } from '../../src/features/contacts/notifications.ts';
import { translations } from '../../src/i18n/index.ts';
import type { DB } from '../../src/platform/db/types.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { call, KUOPIO, signIn, tokenOf, validContact } from '../contact-fixtures.ts';
import { ENGINES } from '../databases.ts';

const HTML = { accept: 'text/html' };
/** The app's clock: 30.11.2026 at 0.30 in Helsinki is already December there (UTC+2). */
const NOW = new Date('2026-11-30T22:30:00Z');
const fi = translations('fi').feedback;
/** A comment with a bidi override, a NUL-free control character and a line break. */
const COMMENT = 'Sain \u202Eapua\u202C nopeasti.\u0007\nKiitos!';

describe.each(ENGINES)('feedback after a contact on %s', (engine) => {
  let t: TestApp;
  const db = (): Kysely<DB> => t.database.db;
  const sessions: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true, config: { now: () => NOW } });
    for (const who of ['neuvoja', 'esihenkilo', 'yllapitaja']) sessions[who] = await signIn(t.app, who);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** A family's contact (with an e-mail for the closing mail), and its status page. */
  async function contact(overrides: Record<string, unknown> = {}) {
    const sent = await call(t.app, {
      method: 'POST',
      url: '/api/contacts',
      payload: validContact({ replyChannel: 'email', email: 'perhe@example.fi', ...overrides }),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { statusUrl, reference } = sent.json() as { statusUrl: string; reference: string };
    const { id } = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const token = tokenOf(statusUrl);
    return { id, token, status: `/fi/tilanne/${token}`, action: `/fi/tilanne/${token}/feedback` };
  }

  /** The counsellor claims and closes it through the API. */
  async function close(id: string) {
    const cookie = sessions.neuvoja;
    const claimed = await call(t.app, {
      method: 'POST',
      url: `/api/contacts/${id}/claim`,
      cookie,
      payload: {},
    });
    expect(claimed.statusCode, claimed.body).toBe(204);
    const closed = await call(t.app, {
      method: 'POST',
      url: `/api/contacts/${id}/close`,
      cookie,
      payload: { outcome: { outcome: 'resolved_one_contact' } },
    });
    expect(closed.statusCode, closed.body).toBe(204);
  }

  /**
   * The form of a page as a browser without JavaScript has it (its CSRF cookie and token): each
   * send posts it again, as a reload or a second click does.
   */
  async function formOn(pageUrl: string) {
    const page = await t.app.inject({ url: pageUrl, headers: HTML });
    expect(page.statusCode, page.body.slice(0, 300)).toBeLessThan(500);
    const cookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    // `more`: fields sent after these, as a tampered form sends a field twice
    return (action: string, fields: Record<string, string>, more = '') =>
      t.app.inject({
        method: 'POST',
        url: action,
        headers: { ...HTML, cookie: cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() + more,
      });
  }

  /** A form post from the page it is on. */
  async function postForm(pageUrl: string, action: string, fields: Record<string, string>) {
    return (await formOn(pageUrl))(action, fields);
  }

  const api = (token: string, payload: Record<string, unknown>) =>
    call(t.app, { method: 'POST', url: `/api/feedback/status/${token}`, payload });

  const counts = async () => ({
    feedback: Number(
      (
        await db()
          .selectFrom('feedback')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    receipts: Number(
      (
        await db()
          .selectFrom('feedback_receipt')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  it('a closed contact: the mail invites feedback, the family answers without JavaScript and is thanked', async () => {
    const c = await contact();
    await close(c.id);

    const mail = await db()
      .selectFrom('outbox')
      .select(['template', 'language', 'params'])
      .where('template', '=', 'family_closed')
      .where('recipient', '=', 'perhe@example.fi')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const params = mail.params as Record<string, unknown>;
    const text = renderContactTemplate('family_closed', 'fi', params).text;
    expect(text).toContain(`${params.statusUrl}#feedback`);
    expect(text).toContain('Saitko apua?');
    for (const lang of ['sv', 'en'] as const)
      expect(renderContactTemplate('family_closed', lang, params).text).toContain('#feedback');

    const page = await t.app.inject({ url: c.status, headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="feedback"');
    expect(page.body).toContain('data-qa="feedback-form"');
    expect(page.body).toContain(fi.form.gotHelp);
    expect(page.body).toContain(fi.form.commentHint);

    const before = await counts();
    const sent = await postForm(c.status, c.action, { gotHelp: 'partly', ease: '4', comment: COMMENT });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    expect(sent.headers.location).toBe(`${c.status}?feedback=thanks#feedback`);
    expect(await counts()).toEqual({ feedback: before.feedback + 1, receipts: before.receipts + 1 });

    const rows = await db().selectFrom('feedback').selectAll().where('comment', 'like', 'Sain%').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      month: '2026-12-01',
      municipality_code: KUOPIO,
      channel: 'web',
      got_help: 'partly',
      ease: 4,
      comment: 'Sain apua nopeasti.\nKiitos!',
      language: 'fi',
      plain_language: false,
    });

    const thanked = await t.app.inject({ url: `${c.status}?feedback=thanks`, headers: HTML });
    expect(thanked.body).toContain('data-qa="feedback-thanks"');
    expect(thanked.body).toContain(fi.form.thanks);
    expect(thanked.body).not.toContain('data-qa="feedback-form"');
  });

  it('one answer per contact: the form again is the same thanks, the API 409 feedback.already_given', async () => {
    const c = await contact();
    await close(c.id);
    const send = await formOn(c.status);
    const first = await send(c.action, { gotHelp: 'yes', ease: '5' });
    expect(first.statusCode, first.body.slice(0, 300)).toBe(303);
    const before = await counts();

    // the same form sent again (a reload, a second click): the same thanks, nothing more saved
    const form = await send(c.action, { gotHelp: 'no' });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`${c.status}?feedback=thanks#feedback`);
    const again = await api(c.token, { gotHelp: 'no', comment: 'Toinen vastaus.' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'feedback.already_given' } });
    expect(await counts()).toEqual(before);

    // two answers at the same moment: one is saved
    const d = await contact();
    await close(d.id);
    const both = await Promise.all([api(d.token, { gotHelp: 'yes' }), api(d.token, { gotHelp: 'no' })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await counts()).toEqual({ feedback: before.feedback + 1, receipts: before.receipts + 1 });
  });

  it('an open contact cannot answer yet: 409 feedback.not_closed, nothing saved', async () => {
    const c = await contact();
    const page = await t.app.inject({ url: c.status, headers: HTML });
    expect(page.body).not.toContain('data-qa="feedback-form"');
    const before = await counts();
    const res = await api(c.token, { gotHelp: 'yes' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'feedback.not_closed' } });
    const form = await postForm(c.status, c.action, { gotHelp: 'yes' });
    expect(form.statusCode).toBe(409);
    expect(form.body).toContain('data-qa="feedback-problem"');
    expect(await counts()).toEqual(before);
  });

  it('bad input is a coded 400 beside its field, and nothing is saved', async () => {
    const c = await contact();
    await close(c.id);
    const before = await counts();
    const res = await api(c.token, { ease: 7, comment: 'x'.repeat(2001) });
    expect(res.statusCode).toBe(400);
    const body = (res.json() as { error: { code: string; fields: { field: string; code: string }[] } }).error;
    expect(body.code).toBe('request.invalid');
    expect(body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'gotHelp', code: 'feedback.got_help_required' }),
        expect.objectContaining({ field: 'ease', code: 'feedback.ease_invalid' }),
        expect.objectContaining({ field: 'comment', code: 'request.too_long' }),
      ]),
    );
    const form = await postForm(c.status, c.action, { ease: '7', comment: 'y'.repeat(2001) });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('data-qa="feedback-error-summary"');
    expect(form.body).toContain('id="feedback-gotHelp-error"');
    expect(form.body).toContain('id="feedback-ease-error"');
    expect(form.body).toContain('id="feedback-comment-error"');
    expect(form.body).toContain(fi.form.gotHelpRequired);
    // what was typed stays
    expect(form.body).toContain('y'.repeat(2001));
    expect(await counts()).toEqual(before);
  });

  it('a comment sent twice is refused beside its field, not saved without it', async () => {
    const c = await contact();
    await close(c.id);
    const before = await counts();
    const send = await formOn(c.status);
    const form = await send(c.action, { gotHelp: 'yes', comment: 'ensimmäinen' }, '&comment=toinen');
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('id="feedback-comment-error"');
    expect(await counts()).toEqual(before);
  });

  it('the plain-language form (selkokieli) is offered in Finnish and marked on the answer', async () => {
    const c = await contact();
    await close(c.id);
    const standard = await t.app.inject({ url: c.status, headers: HTML });
    expect(standard.body).toContain(`href="${c.status}?selko=1#feedback"`);
    const plain = await t.app.inject({ url: `${c.status}?selko=1`, headers: HTML });
    expect(plain.body).toContain(fi.plain.gotHelp);
    expect(plain.body).toContain('name="selko" value="1"');
    const bad = await postForm(`${c.status}?selko=1`, c.action, { selko: '1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(fi.plain.gotHelpRequired);
    const sent = await postForm(`${c.status}?selko=1`, c.action, {
      selko: '1',
      gotHelp: 'yes',
      comment: 'Selko 1',
    });
    expect(sent.statusCode).toBe(303);
    const row = await db()
      .selectFrom('feedback')
      .selectAll()
      .where('comment', '=', 'Selko 1')
      .executeTakeFirstOrThrow();
    expect(row.plain_language).toBe(true);
  });

  it('the answer names no contact and no time: no such column, no reference to contact, a keyed receipt', async () => {
    const columns = await db()
      .selectFrom('information_schema.columns' as never)
      .select(['table_name', 'column_name', 'data_type'] as never[])
      .where('table_name' as never, 'in', ['feedback', 'feedback_receipt'] as never)
      .execute();
    const found = columns as unknown as { table_name: string; column_name: string; data_type: string }[];
    expect(found.map((c) => c.column_name).sort()).toEqual(
      [
        'channel',
        'comment',
        'ease',
        'got_help',
        'id',
        'key',
        'language',
        'month',
        'municipality_code',
        'plain_language',
        'region_id',
      ].sort(),
    );
    expect(found.filter((c) => /contact/.test(c.column_name))).toEqual([]);
    expect(found.filter((c) => /^(timestamp|time)/.test(c.data_type))).toEqual([]);
    expect(found.filter((c) => c.data_type === 'bigint' || c.data_type === 'integer')).toEqual([]);
    // the foreign keys lead to the region and the municipality only
    const { rows } = await sql<{ referenced: string }>`
      SELECT confrelid::regclass::text AS referenced FROM pg_constraint
      WHERE contype = 'f' AND conrelid IN ('feedback'::regclass, 'feedback_receipt'::regclass)`.execute(db());
    expect(rows.map((r) => r.referenced).sort()).toEqual(['municipality', 'region']);

    const c = await contact();
    await close(c.id);
    expect((await api(c.token, { gotHelp: 'yes' })).statusCode).toBe(201);
    const receipts = (await db().selectFrom('feedback_receipt').select('key').execute()).map((r) => r.key);
    const sha = (text: string, algorithm = 'sha256') => createHash(algorithm).update(text).digest('hex');
    for (const plainForm of [
      c.id,
      sha(c.id),
      sha(c.id, 'md5'),
      sha(`feedback:${c.id}`),
      c.token,
      sha(c.token),
    ])
      expect(receipts).not.toContain(plainForm);
    const key = await statusLinkKey(db());
    expect(receipts).toContain(createHmac('sha256', key).update(`feedback:${c.id}`).digest('hex'));
  });

  it('another contact’s link cannot answer for this one, and a made-up link is not found', async () => {
    const closed = await contact();
    await close(closed.id);
    const open = await contact();
    const before = await counts();
    // the open contact's own link: its contact is not closed
    expect((await api(open.token, { gotHelp: 'yes' })).statusCode).toBe(409);
    const form = await postForm(open.status, closed.action.replace(closed.token, open.token), {
      gotHelp: 'yes',
    });
    expect(form.statusCode).toBe(409);
    const madeUp = await api('A'.repeat(43), { gotHelp: 'yes' });
    expect(madeUp.statusCode).toBe(404);
    expect(await counts()).toEqual(before);
    // the closed contact still answers, once
    expect((await api(closed.token, { gotHelp: 'no' })).statusCode).toBe(201);
  });

  it('describes its API in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/feedback/status/{token}', '/api/feedback/comments']),
    );
  });

  it('the comments are the managers’ and administrators’: a counsellor gets 404', async () => {
    const c = await contact();
    await close(c.id);
    expect((await api(c.token, { gotHelp: 'no', comment: 'Johtajan luettava palaute.' })).statusCode).toBe(
      201,
    );

    const counsellor = await t.app.inject({
      url: '/fi/staff/feedback',
      headers: { ...HTML, cookie: sessions.neuvoja },
    });
    expect(counsellor.statusCode).toBe(404);
    const counsellorApi = await call(t.app, { url: '/api/feedback/comments', cookie: sessions.neuvoja });
    expect(counsellorApi.statusCode).toBe(404);

    for (const who of ['esihenkilo', 'yllapitaja']) {
      const page = await t.app.inject({
        url: '/fi/staff/feedback',
        headers: { ...HTML, cookie: sessions[who] },
      });
      expect(page.statusCode, who).toBe(200);
      expect(page.body).toContain('Johtajan luettava palaute.');
      expect(page.body).toContain('joulukuu 2026');
      expect(page.body).toContain('data-qa="nav-feedback"');
    }
    const res = await call(t.app, {
      url: '/api/feedback/comments?from=2026-12&to=2026-12',
      cookie: sessions.esihenkilo,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { comments: Record<string, unknown>[]; total: number };
    const mine = body.comments.find((x) => x.comment === 'Johtajan luettava palaute.');
    expect(mine).toEqual({
      month: '2026-12',
      gotHelp: 'no',
      comment: 'Johtajan luettava palaute.',
      language: 'fi',
    });
    const none = await call(t.app, { url: '/api/feedback/comments?to=2026-11', cookie: sessions.esihenkilo });
    expect((none.json() as { total: number }).total).toBe(0);
    const bad = await call(t.app, {
      url: '/api/feedback/comments?from=2026-13',
      cookie: sessions.esihenkilo,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { fields: [{ field: 'from', code: 'feedback.month_invalid' }] },
    });
  });
});
