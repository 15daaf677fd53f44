// Surveys (capability 12, issue 13) through the pages, on every engine: the manager builds a
// survey (each coded validation error, nothing half saved), publishes it, the public link is
// answered (open, closed, not yet open; required answers), an invitation answers once, the
// results and their CSV protect small counts, and the wrong person finds nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { surveyResults } from '../../src/features/surveys/index.ts';
import { errorMessage } from '../../src/i18n/index.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { signIn } from '../contact-fixtures.ts';
import { ENGINES } from '../databases.ts';

const DAY = 86_400_000;
/** A day on Helsinki's calendar n days from now, yyyy-mm-dd. */
const dayIn = (n: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() + n * DAY));

type Fields = Record<string, string | string[]>;

function formBody(csrf: string, fields: Fields): string {
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return body.toString();
}

describe.each(ENGINES)('surveys on %s', (engine) => {
  let t: TestApp;
  const s: Record<string, string> = {};
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await seedDemoUsers(db(), {
      organizations: [],
      staff: [
        {
          username: 'pirkanmaa-esihenkilo',
          name: 'Paula Pirkkalainen',
          region: 'pirkanmaa',
          organization: 'pirkanmaan-hyvinvointialue',
          roles: ['manager'],
        },
      ],
      clients: [],
    });
    for (const who of ['esihenkilo', 'yllapitaja', 'neuvoja', 'pirkanmaa-esihenkilo'])
      s[who] = await signIn(t.app, who);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const page = (who: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: s[who] ? { cookie: s[who] } : {} });

  /** Posts a form as a browser would: the CSRF token and cookie of a page read first. */
  async function post(who: string, pageUrl: string, action: string, fields: Fields) {
    const form = await page(who, pageUrl);
    const csrfCookie = String(form.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    return t.app.inject({
      method: 'POST',
      url: action,
      headers: {
        cookie: [s[who], csrfCookie].filter(Boolean).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: formBody(token, fields),
    });
  }

  const settings = (over: Fields = {}): Fields => ({
    audience: 'clients',
    title_fi: 'Perhekeskuksen asiakaskysely',
    title_sv: 'Familjecentrets klientenkät',
    intro_fi: 'Kerro, miten onnistuimme.',
    opensOn: dayIn(0),
    closesOn: dayIn(30),
    ...over,
  });

  async function createSurvey(who = 'esihenkilo', over: Fields = {}): Promise<string> {
    const res = await post(who, '/fi/staff/surveys', '/fi/staff/surveys', settings(over));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const id = /\/staff\/surveys\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1];
    if (!id) throw new Error('no survey id');
    return id;
  }
  const builder = (id: string) => `/fi/staff/surveys/${id}`;
  const version = async (id: string) =>
    String(
      (await db().selectFrom('survey').select('version').where('id', '=', id).executeTakeFirstOrThrow())
        .version,
    );
  async function addQuestion(id: string, fields: Fields) {
    return post('esihenkilo', builder(id), `${builder(id)}/questions`, {
      version: await version(id),
      ...fields,
    });
  }
  async function publish(id: string) {
    const res = await post('esihenkilo', builder(id), `${builder(id)}/publish`, {
      version: await version(id),
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    return (
      await db().selectFrom('survey').select('public_token').where('id', '=', id).executeTakeFirstOrThrow()
    ).public_token as string;
  }
  const count = async (table: 'survey' | 'survey_question' | 'survey_response' | 'survey_answer') =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db())).rows[0]?.n,
    );

  /** A published survey: a required single choice (3 options), an optional scale, an optional text. */
  async function publishedSurvey(over: Fields = {}) {
    const id = await createSurvey('esihenkilo', over);
    expect(
      (
        await addQuestion(id, {
          kind: 'single',
          text_fi: 'Saitko apua?',
          text_sv: 'Fick du hjälp?',
          options_fi: 'Kyllä\nOsittain\nEi',
          options_sv: 'Ja\nDelvis\nNej',
          required: 'true',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await addQuestion(id, { kind: 'scale', text_fi: 'Kuinka helppoa oli tavoittaa meidät?' })).statusCode,
    ).toBe(303);
    expect((await addQuestion(id, { kind: 'text', text_fi: 'Mitä muuta haluat sanoa?' })).statusCode).toBe(
      303,
    );
    const token = await publish(id);
    const questions = await db()
      .selectFrom('survey_question')
      .select(['id', 'kind'])
      .where('survey_id', '=', id)
      .orderBy('position')
      .execute();
    return { id, token, q: questions.map((x) => x.id) };
  }

  /** An answer to the public page (the form token of a page read first, as a browser has one). */
  const answer = (token: string, fields: Fields, lang = 'fi') =>
    post('anonymous', `/${lang}/sign-in`, `/${lang}/survey/${token}`, fields);

  // ---------------------------------------------------------------- the builder

  it('the section is the managers’ and administrators’: both see it in the navigation, a counsellor gets 404', async () => {
    for (const who of ['esihenkilo', 'yllapitaja']) {
      const res = await page(who, '/sv/staff/surveys');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('data-qa="nav-surveys"');
      expect(res.body).toContain('data-qa="new-survey-form"');
    }
    expect((await page('neuvoja', '/fi/staff/surveys')).statusCode).toBe(404);
    expect((await page('neuvoja', '/fi/staff')).body).not.toContain('data-qa="nav-surveys"');
  });

  it('a new survey without a title, or closing before it opens, is a coded 400 beside the field; nothing is saved', async () => {
    const before = await count('survey');
    const noTitle = await post(
      'esihenkilo',
      '/fi/staff/surveys',
      '/fi/staff/surveys',
      settings({ title_fi: '' }),
    );
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.body).toContain('data-qa="error-title_fi"');
    expect(noTitle.body).toContain(errorMessage('fi', 'survey.title_required'));
    const backwards = await post(
      'esihenkilo',
      '/fi/staff/surveys',
      '/fi/staff/surveys',
      settings({ opensOn: dayIn(10), closesOn: dayIn(9) }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('data-qa="error-closesOn"');
    expect(backwards.body).toContain(errorMessage('fi', 'survey.close_before_open'));
    const badDay = await post(
      'esihenkilo',
      '/fi/staff/surveys',
      '/fi/staff/surveys',
      settings({ opensOn: '2026-02-30' }),
    );
    expect(badDay.statusCode).toBe(400);
    expect(badDay.body).toContain(errorMessage('fi', 'survey.date_required'));
    expect(await count('survey')).toBe(before);
  });

  it('a choice question needs 2–20 options, translations as many as the Finnish ones; a question needs its text', async () => {
    const id = await createSurvey();
    const before = await count('survey_question');
    const one = await addQuestion(id, { kind: 'single', text_fi: 'Valitse', options_fi: 'Ainoa' });
    expect(one.statusCode).toBe(400);
    expect(one.body).toContain('data-qa="error-options_fi"');
    expect(one.body).toContain(errorMessage('fi', 'survey.choice_needs_options', { min: 2 }));
    const many = await addQuestion(id, {
      kind: 'multiple',
      text_fi: 'Valitse',
      options_fi: Array.from({ length: 21 }, (_, i) => `V${i}`).join('\n'),
    });
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain(errorMessage('fi', 'survey.too_many_options', { max: 20 }));
    const mismatch = await addQuestion(id, {
      kind: 'single',
      text_fi: 'Valitse',
      options_fi: 'A\nB',
      options_en: 'A',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('data-qa="error-options_en"');
    const noText = await addQuestion(id, { kind: 'text', text_fi: '' });
    expect(noText.statusCode).toBe(400);
    expect(noText.body).toContain(errorMessage('fi', 'survey.question_text_required'));
    expect(await count('survey_question')).toBe(before);
  });

  it('publishing a survey with no questions is 400 survey.no_questions and leaves the draft as it was', async () => {
    const id = await createSurvey();
    const before = await db().selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const res = await post('esihenkilo', builder(id), `${builder(id)}/publish`, {
      version: String(before.version),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(errorMessage('fi', 'survey.no_questions'));
    expect(res.body).toContain('data-qa="error-questions"');
    const after = await db().selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(after.state).toBe('draft');
    expect(after.public_token).toBeNull();
  });

  it('questions are edited, moved and removed on a draft; a stale form is 409; a published survey is frozen', async () => {
    const id = await createSurvey();
    await addQuestion(id, { kind: 'text', text_fi: 'Ensimmäinen' });
    await addQuestion(id, { kind: 'scale', text_fi: 'Toinen' });
    const ids = async () =>
      (
        await db()
          .selectFrom('survey_question')
          .select(['id', 'text'])
          .where('survey_id', '=', id)
          .orderBy('position')
          .execute()
      ).map((r) => ({ id: r.id, text: r.text.fi }));
    const [first, second] = await ids();
    if (!first || !second) throw new Error('two questions');
    const moved = await post('esihenkilo', builder(id), `${builder(id)}/questions/${second.id}/move`, {
      version: await version(id),
      direction: 'up',
    });
    expect(moved.statusCode).toBe(303);
    expect((await ids()).map((q) => q.text)).toEqual(['Toinen', 'Ensimmäinen']);
    const stale = await post('esihenkilo', builder(id), `${builder(id)}/questions/${first.id}`, {
      version: '1',
      kind: 'text',
      text_fi: 'Vanha lomake',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(errorMessage('fi', 'survey.stale'));
    const edited = await post('esihenkilo', builder(id), `${builder(id)}/questions/${first.id}`, {
      version: await version(id),
      kind: 'text',
      text_fi: 'Muokattu',
    });
    expect(edited.statusCode).toBe(303);
    const removed = await post('esihenkilo', builder(id), `${builder(id)}/questions/${second.id}/remove`, {
      version: await version(id),
    });
    expect(removed.statusCode).toBe(303);
    expect(await ids()).toEqual([{ id: first.id, text: 'Muokattu' }]);
    await publish(id);
    const frozen = await addQuestion(id, { kind: 'text', text_fi: 'Myöhässä' });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.body).toContain(errorMessage('fi', 'survey.published_frozen'));
    const settingsFrozen = await post('esihenkilo', builder(id), builder(id), {
      version: await version(id),
      ...settings({ title_fi: 'Uusi otsikko' }),
    });
    expect(settingsFrozen.statusCode).toBe(409);
    expect(await ids()).toEqual([{ id: first.id, text: 'Muokattu' }]);
  });

  // ---------------------------------------------------------------- answering

  it('the public link answers in fi, sv and en without signing in; a required answer left empty is 400 beside it', async () => {
    const { token, q } = await publishedSurvey();
    const sv = await page('anonymous', `/sv/survey/${token}`);
    expect(sv.statusCode).toBe(200);
    expect(sv.body).toContain('Fick du hjälp?');
    expect(sv.body).toContain('Delvis');
    // no Swedish text for the scale question: the Finnish one, marked as Finnish
    expect(sv.body).toContain('<span lang="fi">Kuinka helppoa oli tavoittaa meidät?</span>');
    expect(sv.body).not.toContain('<script');
    const responses = await count('survey_response');
    const missing = await answer(token, { [`q-${q[1]}`]: '4' }, 'en');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain(errorMessage('en', 'survey.answer_required'));
    expect(missing.body).toContain(`id="q-${q[0]}-error"`);
    expect(await count('survey_response')).toBe(responses);
    const bad = await answer(token, { [`q-${q[0]}`]: '7' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(errorMessage('fi', 'survey.invalid_choice'));
    const ok = await answer(
      token,
      { [`q-${q[0]}`]: '1', [`q-${q[1]}`]: '4', [`q-${q[2]}`]: 'Kiitos!' },
      'sv',
    );
    expect(ok.statusCode).toBe(303);
    expect((await page('anonymous', String(ok.headers.location))).body).toContain('data-qa="survey-thanks"');
    expect(await count('survey_response')).toBe(responses + 1);
    const row = await db()
      .selectFrom('survey_response')
      .selectAll()
      .orderBy('answered_on', 'desc')
      .where('language', '=', 'sv')
      .executeTakeFirstOrThrow();
    // a day, nothing finer, and nobody
    expect(Object.keys(row).sort()).toEqual(['answered_on', 'id', 'language', 'survey_id']);
    expect(row.answered_on).toBe(dayIn(0));
  });

  it('a closed survey shows a clear page and a post is 409 survey.closed with nothing saved; a not-yet-open one says when it opens', async () => {
    const { id, token, q } = await publishedSurvey();
    await db()
      .updateTable('survey')
      .set({ opens_on: dayIn(-10), closes_on: dayIn(-1) })
      .where('id', '=', id)
      .execute();
    const closedPage = await page('anonymous', `/fi/survey/${token}`);
    expect(closedPage.statusCode).toBe(200);
    expect(closedPage.body).toContain('data-qa="survey-closed"');
    const before = [await count('survey_response'), await count('survey_answer')];
    const res = await answer(token, { [`q-${q[0]}`]: '0' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(errorMessage('fi', 'survey.closed'));
    expect([await count('survey_response'), await count('survey_answer')]).toEqual(before);

    await db()
      .updateTable('survey')
      .set({ opens_on: dayIn(3), closes_on: dayIn(9) })
      .where('id', '=', id)
      .execute();
    const early = await page('anonymous', `/en/survey/${token}`);
    expect(early.body).toContain('data-qa="survey-not-yet-open"');
    const [y, m, d] = dayIn(3).split('-').map(Number);
    expect(early.body).toContain(`${d}.${m}.${y}`);
    expect((await answer(token, { [`q-${q[0]}`]: '0' })).statusCode).toBe(409);

    await db()
      .updateTable('survey')
      .set({ opens_on: dayIn(0), state: 'closed' })
      .where('id', '=', id)
      .execute();
    expect((await answer(token, { [`q-${q[0]}`]: '0' })).statusCode).toBe(409);
    expect([await count('survey_response'), await count('survey_answer')]).toEqual(before);
  });

  it('a multiple choice keeps every option ticked, once each; a single choice refuses two', async () => {
    const id = await createSurvey();
    await addQuestion(id, {
      kind: 'multiple',
      text_fi: 'Mistä kuulit meistä?',
      options_fi: 'Neuvola\nKoulu\nNetti',
    });
    await addQuestion(id, { kind: 'single', text_fi: 'Asuinkunta?', options_fi: 'Kuopio\nSiilinjärvi' });
    const token = await publish(id);
    const [multi, single] = (
      await db()
        .selectFrom('survey_question')
        .select('id')
        .where('survey_id', '=', id)
        .orderBy('position')
        .execute()
    ).map((r) => r.id);
    const two = await answer(token, { [`q-${multi}`]: ['2', '0', '2'], [`q-${single}`]: ['0', '1'] });
    expect(two.statusCode).toBe(400);
    expect(two.body).toContain(`id="q-${single}-error"`);
    expect((await answer(token, { [`q-${multi}`]: ['2', '0', '2'] })).statusCode).toBe(303);
    const row = await db()
      .selectFrom('survey_answer')
      .select('choices')
      .where('question_id', '=', multi as string)
      .executeTakeFirstOrThrow();
    expect(row.choices).toEqual([0, 2]);
  });

  it('an unknown or a draft’s link is not found', async () => {
    expect((await page('anonymous', `/fi/survey/${'B'.repeat(32)}`)).statusCode).toBe(404);
    expect((await answer('B'.repeat(32), {})).statusCode).toBe(404);
  });

  // ---------------------------------------------------------------- invitations

  it('invitations: each pasted address (and the network’s professionals) gets a link that answers once; addresses stay in the outbox', async () => {
    const { id, q } = await publishedSurvey({ audience: 'professionals' });
    await db()
      .updateTable('staff_user')
      .set({ email: 'Kaisa.Kumppani@example.fi' })
      .where('subject', '=', 'kumppani')
      .execute();
    const bad = await post('esihenkilo', builder(id), `${builder(id)}/send`, {
      version: await version(id),
      addresses: 'eka@example.fi\nei osoite',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(errorMessage('fi', 'survey.invalid_address', { line: 2 }));
    const nobody = await post('esihenkilo', builder(id), `${builder(id)}/send`, {
      version: await version(id),
      addresses: '',
    });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain(errorMessage('fi', 'survey.no_recipients'));
    const sent = await post('esihenkilo', builder(id), `${builder(id)}/send`, {
      version: await version(id),
      addresses: 'eka@example.fi\nTOKA@example.fi\neka@example.fi\n',
      network: 'true',
      language: 'en',
    });
    expect(sent.statusCode, sent.body.slice(0, 400)).toBe(303);
    const mails = await db()
      .selectFrom('outbox')
      .select(['recipient', 'params', 'language'])
      .where('template', '=', 'survey_invitation')
      .execute();
    const recipients = mails.map((m) => m.recipient);
    expect(recipients).toEqual(
      expect.arrayContaining(['eka@example.fi', 'toka@example.fi', 'kaisa.kumppani@example.fi']),
    );
    expect(new Set(recipients).size).toBe(recipients.length);
    const n = Number(/n=(\d+)/.exec(String(sent.headers.location))?.[1]);
    expect(n).toBe(mails.length);
    expect((await page('esihenkilo', String(sent.headers.location))).body).toContain(
      `Kutsu lähetettiin ${n} vastaanottajalle`,
    );
    // the survey's tables hold no address
    const invitations = await db()
      .selectFrom('survey_invitation')
      .selectAll()
      .where('survey_id', '=', id)
      .execute();
    expect(invitations).toHaveLength(mails.length);
    expect(JSON.stringify(invitations)).not.toContain('@');

    const params = (
      typeof mails[0]?.params === 'string' ? JSON.parse(mails[0].params) : mails[0]?.params
    ) as {
      url: string;
    };
    const url = String(params.url);
    expect(url).toMatch(/\/en\/survey\/[A-Za-z0-9_-]{43}$/);
    const path = new URL(url).pathname;
    const token = path.split('/').at(-1) as string;
    const first = await answer(token, { [`q-${q[0]}`]: '2' }, 'en');
    expect(first.statusCode).toBe(303);
    const again = await answer(token, { [`q-${q[0]}`]: '0' }, 'en');
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(errorMessage('en', 'survey.already_answered'));
    expect((await page('anonymous', path)).body).toContain('data-qa="survey-used"');
    expect(
      (await db().selectFrom('survey_response').select('id').where('survey_id', '=', id).execute()).length,
    ).toBe(1);
  });

  // ---------------------------------------------------------------- results

  it('results protect small counts on the page and in the CSV; free texts only from five responses, formulas neutralised', async () => {
    const { id, token, q } = await publishedSurvey();
    const give = async (choice: string, text?: string) =>
      expect(
        (await answer(token, { [`q-${q[0]}`]: choice, ...(text ? { [`q-${q[2]}`]: text } : {}) })).statusCode,
      ).toBe(303);
    // four responses: texts withheld
    await give('0', '=SUM(A1)');
    for (let i = 0; i < 3; i++) await give('0');
    let results = await page('esihenkilo', `${builder(id)}/results`);
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain('data-qa="texts-withheld-3"');
    expect(results.body).not.toContain('SUM(A1)');
    // nine in all: Kyllä 6, Osittain 3, Ei 0
    await give('0');
    await give('0');
    for (let i = 0; i < 3; i++) await give('1');
    results = await page('esihenkilo', `${builder(id)}/results`);
    const table = results.body.slice(
      results.body.indexOf('data-qa="table-1"'),
      results.body.indexOf('data-qa="result-2"'),
    );
    // Osittain 3 → <5; Kyllä hidden too (9 − 3 would give it away); Ei 0 shown; no share under 20
    expect(table).toMatch(/Kyllä<\/th><td[^>]*>\.\.<\/td>/);
    expect(table).toMatch(/Osittain<\/th><td[^>]*>&lt;5<\/td>/);
    expect(table).toMatch(/Ei<\/th><td[^>]*>0<\/td>/);
    expect(table).not.toContain('%');
    expect(results.body).toContain('data-qa="legend"');
    expect(results.body).toContain('<bdi>=SUM(A1)</bdi>');

    const csv = await page('esihenkilo', `${builder(id)}/results.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('1,Saitko apua?,Kyllä,..,..');
    expect(csv.body).toContain('1,Saitko apua?,Osittain,<5,<5');
    expect(csv.body).toContain('1,Saitko apua?,Ei,0,..');
    expect(csv.body).not.toContain('SUM');
    const texts = await page('esihenkilo', `${builder(id)}/texts.csv`);
    expect(texts.body).toContain("'=SUM(A1)");
    expect(texts.body).not.toMatch(/,=SUM/);
  });

  it('the shares: a percentage only from 20 answers, each breakdown protected', () => {
    const question = {
      id: 'q',
      position: 1,
      kind: 'single' as const,
      text: { fi: 'K' },
      options: [{ fi: 'A' }, { fi: 'B' }, { fi: 'C' }],
      required: true,
    };
    const counts = (a: number, b: number, c: number) => [
      {
        questionId: 'q',
        answered: a + b + c,
        counts: new Map([
          [0, a],
          [1, b],
          [2, c],
        ]),
        texts: [],
      },
    ];
    const big = surveyResults([question], counts(15, 5, 5), 25).questions[0];
    expect(big?.rows.map((r) => r.count)).toEqual([
      { shown: true, value: 15 },
      { shown: true, value: 5 },
      { shown: true, value: 5 },
    ]);
    expect(big?.rows.map((r) => (r.share.shown ? Math.round(r.share.value * 100) : r.share.reason))).toEqual([
      60, 20, 20,
    ]);
    const small = surveyResults([question], counts(18, 2, 0), 20).questions[0];
    expect(small?.rows.map((r) => (r.count.shown ? r.count.value : r.count.reason))).toEqual([
      'secondary',
      'small',
      0,
    ]);
    expect(small?.n).toEqual({ shown: true, value: 20 });
  });

  // ---------------------------------------------------------------- the wrong person

  it('a counsellor and another region’s manager find no survey: 404 on every page, nothing changes', async () => {
    const { id, token } = await publishedSurvey();
    const urls = ['', '/results', '/results.csv', '/texts.csv', '/preview'].map((p) => `${builder(id)}${p}`);
    for (const who of ['neuvoja', 'pirkanmaa-esihenkilo']) {
      for (const url of urls) expect((await page(who, url)).statusCode, `${who} ${url}`).toBe(404);
    }
    const otherList = await page('pirkanmaa-esihenkilo', '/fi/staff/surveys');
    expect(otherList.statusCode).toBe(200);
    expect(otherList.body).not.toContain(id);
    const before = await db().selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const close = await post('pirkanmaa-esihenkilo', '/fi/staff/surveys', `${builder(id)}/close`, {
      version: String(before.version),
    });
    expect(close.statusCode).toBe(404);
    const send = await post('pirkanmaa-esihenkilo', '/fi/staff/surveys', `${builder(id)}/send`, {
      version: String(before.version),
      addresses: 'x@example.fi',
    });
    expect(send.statusCode).toBe(404);
    expect(
      await db().selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    ).toEqual(before);
    // the refusal is in the access log
    const denied = await db()
      .selectFrom('access_log')
      .select('reason')
      .where('resource_type', '=', 'survey')
      .where('resource_id', '=', id)
      .where('action', '=', 'denied')
      .execute();
    expect(denied.some((r) => String(r.reason).includes('other_region'))).toBe(true);
    expect((await page('anonymous', `/fi/survey/${token}`)).statusCode).toBe(200);
  });
});
