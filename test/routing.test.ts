/**
 * Routing from the first-line table (issue 14, part 2): the table's consistency (every topic ×
 * age band has a first help, every code is real, every row has a source, child protection only
 * as an urgent route), the rules it gives the matching, and the written situations of
 * test/routing-situations.ts on the demo catalogue — the top-3, "primary type first" and
 * "urgent route first" rates printed as a table and held to thresholds, with the hard rules
 * (never the asking service; no child protection first for postnatal depression; violence
 * between adults → violence work first). PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionId } from '../src/features/catalogue/seed.ts';
import { staffUserId } from '../src/features/identity/demo.ts';
import { loadCandidates, matchingReference } from '../src/features/matching/candidates.ts';
import {
  AGE_BANDS,
  bandOf,
  checkRow,
  firstLineFit,
  parseFirstLineCsv,
  rowKey,
  shippedFirstLine,
  shippedFirstLineRows,
  situationBands,
  urgentRoutesFor,
} from '../src/features/matching/first-line.ts';
import {
  askingServiceIds,
  regionFirstLineRow,
  regionFirstLineRows,
  saveFirstLineRow,
} from '../src/features/matching/first-line-store.ts';
import {
  type Candidate,
  emergencyRoutes,
  firstLinePart,
  rankSuggestions,
  SECOND_LINE_SHARE,
  type Situation,
  type SuggestionView,
  WEIGHTS,
} from '../src/features/matching/matching.ts';
import { suggestionsFor } from '../src/features/matching/suggestions.ts';
import { LANGS } from '../src/i18n/index.ts';
import { startTestApp, type TestApp } from './app.ts';
import { signIn } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';
import { browserFormBody, formByQa } from './form-data.ts';
import { NOW, serviceId } from './matching-scenarios.ts';
import { ROUTING_SITUATIONS } from './routing-situations.ts';

const reference = (file: string) =>
  parse(readFileSync(new URL(`../data/seed/reference/${file}`, import.meta.url), 'utf8'), {
    columns: true,
  }) as { code: string }[];
const TOPICS = reference('topics.csv').map((r) => r.code);
const SERVICE_TYPES = new Set(reference('service-types.csv').map((r) => r.code));
const CHILD_SAFETY = ['HUOLI_LAPSEN_TURVALLISUUDESTA', 'LAPSEEN_KOHDISTUVA_VAKIVALTA', 'LAIMINLYONTI'];

const ROUTING_DOC = new URL('../docs/routing.md', import.meta.url);
const DOC_BEGIN =
  '<!-- the table: written by test/routing.test.ts from first-line.csv (UPDATE_ROUTING_DOC=1) -->';
const DOC_END = '<!-- end of the table -->';

/** The shipped table as docs/routing.md shows it: a table per topic, in English names. */
function firstLineMarkdown(): string {
  const named = (file: string) =>
    new Map(
      (
        parse(readFileSync(new URL(`../data/seed/reference/${file}`, import.meta.url), 'utf8'), {
          columns: true,
        }) as { code: string; name_en: string }[]
      ).map((r) => [r.code, r.name_en]),
    );
  const topics = named('topics.csv');
  const types = named('service-types.csv');
  const list = (codes: string[]) => codes.map((c) => types.get(c) ?? c).join(', ') || '–';
  const band = { '0-6': '0–6', '7-12': '7–12', '13-17': '13–17', parent: "parent's own" } as const;
  const rows = shippedFirstLineRows();
  const order = [...new Set(rows.map((r) => r.topic))].sort((a, b) =>
    (topics.get(a) ?? a).localeCompare(topics.get(b) ?? b, 'en'),
  );
  return order
    .map((topic) =>
      [
        `### ${topics.get(topic) ?? topic} (\`${topic}\`)`,
        '',
        '| age band | first help | second line | urgent route | source |',
        '| --- | --- | --- | --- | --- |',
        ...AGE_BANDS.flatMap((b) => rows.filter((r) => r.topic === topic && r.band === b)).map(
          (r) =>
            `| ${band[r.band]} | ${list(r.firstHelp)} | ${list(r.secondLine)} | ${list(r.urgentRoute)} | ${r.source} |`,
        ),
      ].join('\n'),
    )
    .join('\n\n');
}

/** A markdown text as the formatter may lay it out: the cells' padding and rules left out. */
const unpadded = (md: string) =>
  md
    .split('\n')
    .map((line) =>
      line
        .replace(/\s*\|\s*/g, '|')
        .replace(/-{3,}/g, '---')
        .trim(),
    )
    .filter((line) => line.length > 0)
    .join('\n');

describe('the first-line table (data/seed/reference/first-line.csv)', () => {
  const rows = shippedFirstLineRows();
  const table = shippedFirstLine();

  it('has a first help for every topic × age band, and nothing else', () => {
    const missing = TOPICS.flatMap((t) =>
      AGE_BANDS.filter((b) => (table.get(rowKey(t, b))?.firstHelp.length ?? 0) === 0).map((b) => `${t} ${b}`),
    );
    expect(missing).toEqual([]);
    expect(rows.length).toBe(TOPICS.length * AGE_BANDS.length);
    expect(new Set(rows.map((r) => rowKey(r.topic, r.band))).size).toBe(rows.length);
  });

  it('names real service types, has a source and an urgent route in every row', () => {
    const problems = rows.flatMap((r) =>
      checkRow(r, SERVICE_TYPES).map((p) => `${r.topic} ${r.band}: ${p.code} ${p.params?.value ?? ''}`),
    );
    expect(problems).toEqual([]);
    for (const r of rows) {
      expect(r.urgentRoute.length, `${r.topic} ${r.band}`).toBeGreaterThan(0);
      expect(r.source, `${r.topic} ${r.band}`).toMatch(/\d{3,4}\/\d{4}|THL/);
    }
  });

  it("puts child protection only in the urgent route of a topic about a child's safety", () => {
    const withChildProtection = rows.filter((r) =>
      [...r.firstHelp, ...r.secondLine, ...r.urgentRoute].includes('LASTENSUOJELU'),
    );
    expect(new Set(withChildProtection.map((r) => r.topic))).toEqual(new Set(CHILD_SAFETY));
    for (const r of withChildProtection) {
      expect(r.firstHelp).not.toContain('LASTENSUOJELU');
      expect(r.secondLine).not.toContain('LASTENSUOJELU');
      expect(r.urgentRoute[0]).toBe('LASTENSUOJELU');
    }
  });

  it('is documented row by row in docs/routing.md', () => {
    const doc = readFileSync(ROUTING_DOC, 'utf8');
    const start = doc.indexOf(DOC_BEGIN);
    const end = doc.indexOf(DOC_END);
    expect(start, 'the markers of the table in docs/routing.md').toBeGreaterThan(0);
    const table = firstLineMarkdown();
    if (process.env.UPDATE_ROUTING_DOC === '1')
      writeFileSync(
        ROUTING_DOC,
        `${doc.slice(0, start + DOC_BEGIN.length)}\n\n${table}\n\n${doc.slice(end)}`,
      );
    else expect(unpadded(doc.slice(start + DOC_BEGIN.length, end))).toBe(unpadded(table));
  });

  it('writes the rows a skilled counsellor would', () => {
    const row = (topic: string, band: string) => table.get(rowKey(topic, band));
    // postnatal depression: the neuvola and adult mental health first, never child protection
    expect(row('MIELENTERVEYS_VANHEMPI', '0-6')?.firstHelp).toEqual([
      'NEUVOLA_AITIYS_LAPSI',
      'MIELENTERVEYS_AIKUISET',
    ]);
    expect(row('MIELENTERVEYS_VANHEMPI', '0-6')?.urgentRoute).not.toContain('LASTENSUOJELU');
    // a 17-year-old with suicidal thoughts: school health care, crisis help, youth clinic;
    // urgent: psychiatry and the social emergency service
    expect(row('ITSETUHOISUUS', '13-17')?.firstHelp).toEqual([
      'KOULUTERVEYDENHOITO',
      'KRIISIAPU',
      'NUORISOASEMA',
    ]);
    expect(row('ITSETUHOISUUS', '13-17')?.urgentRoute.slice(0, 2)).toEqual([
      'LASTENPSYKIATRIA',
      'SOSIAALIPAIVYSTYS',
    ]);
    // violence between adults: violence work and the social emergency service
    for (const band of AGE_BANDS)
      expect(row('LAHISUHDEVAKIVALTA', band)?.urgentRoute).toEqual([
        'LAHISUHDEVAKIVALTA',
        'SOSIAALIPAIVYSTYS',
      ]);
    // the counsellors' own first-contact line is never the first help for a child's need
    expect(row('PELOT_AHDISTUS', '13-17')?.firstHelp).not.toContain('LASTENPSYKIATRIA');
  });

  it('parses what it writes: codes split by spaces, bands checked', () => {
    const parsed = parseFirstLineCsv(
      'topic,band,first_help,second_line,urgent_route,source\nUNI,0-6,NEUVOLA_AITIYS_LAPSI PERHETYO,,SOSIAALIPAIVYSTYS,"THL, x"\n',
    );
    expect(parsed).toEqual([
      {
        topic: 'UNI',
        band: '0-6',
        firstHelp: ['NEUVOLA_AITIYS_LAPSI', 'PERHETYO'],
        secondLine: [],
        urgentRoute: ['SOSIAALIPAIVYSTYS'],
        source: 'THL, x',
      },
    ]);
    expect(() =>
      parseFirstLineCsv('topic,band,first_help,second_line,urgent_route,source\nUNI,adult,X,,,s\n'),
    ).toThrow(/unknown band/);
  });
});

describe('the rules the table gives', () => {
  const table = shippedFirstLine();
  const base = (over: Partial<Situation>): Situation => ({
    municipality: '297',
    childAges: [],
    topics: [],
    language: 'fi',
    urgency: 'normal',
    contacter: 'parent',
    remote: false,
    ...over,
  });

  it('age bands: the children’s, or the parent’s own need when no age is known', () => {
    expect([0, 6, 7, 12, 13, 17, 19].map(bandOf)).toEqual([
      '0-6',
      '0-6',
      '7-12',
      '7-12',
      '13-17',
      '13-17',
      '13-17',
    ]);
    expect(situationBands([9, 2, 4])).toEqual(['0-6', '7-12']);
    expect(situationBands([])).toEqual(['parent']);
  });

  it('urgent routes: merged by place, child protection first on a tie, the social emergency service first in an emergency', () => {
    expect(emergencyRoutes(base({ topics: ['UNI'], childAges: [2] }))).toEqual([]);
    expect(
      emergencyRoutes(base({ urgency: 'urgent', topics: ['MIELENTERVEYS_VANHEMPI'], childAges: [0] })),
    ).toEqual(['MIELENTERVEYS_AIKUISET', 'SOSIAALIPAIVYSTYS']);
    expect(
      emergencyRoutes(
        base({ urgency: 'urgent', topics: ['LAHISUHDEVAKIVALTA', 'LAIMINLYONTI'], childAges: [4] }),
      ),
    ).toEqual(['LASTENSUOJELU', 'LAHISUHDEVAKIVALTA', 'SOSIAALIPAIVYSTYS']);
    expect(
      emergencyRoutes(base({ urgency: 'emergency', topics: ['ITSETUHOISUUS'], childAges: [16] })),
    ).toEqual(['SOSIAALIPAIVYSTYS', 'LASTENPSYKIATRIA', 'KRIISIAPU']);
    expect(emergencyRoutes(base({ urgency: 'urgent' }))).toEqual(['SOSIAALIPAIVYSTYS']);
    const [route] = urgentRoutesFor(
      table,
      base({ urgency: 'urgent', topics: ['LAIMINLYONTI'], childAges: [3] }),
    );
    expect(route).toMatchObject({ type: 'LASTENSUOJELU', topic: 'LAIMINLYONTI' });
    expect(route?.source).toMatch(/lastensuojelulaki 417\/2007/);
  });

  it('first line: full points for the first help, a share for the second line, none else', () => {
    const s = base({ topics: ['UNI'], childAges: [2] });
    expect(firstLinePart(s, { serviceTypes: ['NEUVOLA_AITIYS_LAPSI'] }, table).points).toBe(
      WEIGHTS.firstLine,
    );
    expect(firstLinePart(s, { serviceTypes: ['PERHETYO'] }, table).points).toBe(
      WEIGHTS.firstLine * SECOND_LINE_SHARE,
    );
    expect(firstLinePart(s, { serviceTypes: ['VAPAA_AIKA'] }, table)).toEqual({ points: 0, fit: null });
    expect(firstLineFit(table, s, ['PERHETYO', 'NEUVOLA_AITIYS_LAPSI'])).toMatchObject({
      tier: 'first',
      topic: 'UNI',
      band: '0-6',
    });
  });

  const service = (id: string, over: Partial<Candidate>): Candidate => ({
    id,
    name: { fi: `Palvelu ${id}` },
    serviceTypes: ['PERHENEUVOLA'],
    topics: [],
    minAge: null,
    maxAge: null,
    area: 'region',
    channels: ['phone'],
    languages: ['fi'],
    organization: { id: 'o', name: { fi: 'Alue' }, kind: 'region', municipality: null },
    places: [],
    units: [],
    ...over,
  });
  const ref = { municipalities: new Map(), topics: new Map(), methods: new Map() };

  it('a topic no service lists still gets the first help of the age band; the asking service never', () => {
    const s = base({ topics: ['ITSETUNTO'], childAges: [11] });
    const school = service('koulu', {
      serviceTypes: ['KOULUKURAATTORI', 'KOULUPSYKOLOGI'],
      topics: ['KIUSAAMINEN'],
    });
    const physio = service('fysio', { serviceTypes: ['FYSIOTERAPIA'], topics: ['KIUSAAMINEN'] });
    const list = rankSuggestions(s, [school, physio], NOW, ref);
    expect(list.map((x) => x.serviceId)).toEqual(['koulu']);
    expect(list[0]?.reasons).toContainEqual(
      expect.objectContaining({ code: 'first_help', topic: 'ITSETUNTO', band: '7-12' }),
    );
    // the asking service is left out even when it fits
    const ohjaus = service('ohjaus', { serviceTypes: ['PERHENEUVONTA_OHJAUS'], topics: ['ITSETUNTO'] });
    expect(rankSuggestions(s, [school, ohjaus], NOW, ref).map((x) => x.serviceId)).toContain('ohjaus');
    expect(
      rankSuggestions(s, [school, ohjaus], NOW, ref, { exclude: ['ohjaus'] }).map((x) => x.serviceId),
    ).toEqual(['koulu']);
  });
});

// ---------------------------------------------------------------------- the written situations

const REGION = regionId('pohjois-savo');
const ASKING = serviceId('perhekeskuksen-ohjaus-ja-neuvonta');

interface Judged {
  id: number;
  title: string;
  top3: boolean;
  primaryFirst: boolean;
  urgentFirst: boolean | null;
  got: string;
}

describe.each(ENGINES)('routing the written situations on the demo catalogue on %s', (engine) => {
  let t: TestApp;
  const db = () => t.database.db;
  const judged: Judged[] = [];
  const lists = new Map<number, SuggestionView[]>();
  const typesOf = new Map<string, string[]>();
  const types = (s: SuggestionView) => typesOf.get(s.service.id) ?? [s.serviceType];

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    const data = await matchingReference(db());
    for (const r of ROUTING_SITUATIONS) {
      for (const c of await loadCandidates(db(), data, REGION, r.situation, { prefilter: false }))
        typesOf.set(c.id, c.serviceTypes);
      const list = await suggestionsFor(db(), REGION, r.situation, 'fi', NOW);
      lists.set(r.id, list);
      const has = (s: SuggestionView | undefined, wanted: string[]) =>
        s !== undefined && types(s).some((x) => wanted.includes(x));
      // the first suggestion after the urgent routes that are not a first help themselves
      const firstNonRoute = list.find((s) => s.reasons[0]?.code !== 'emergency_route' || has(s, r.primary));
      judged.push({
        id: r.id,
        title: r.title,
        top3: list.slice(0, 3).some((s) => has(s, [...r.primary, ...r.urgentFirst])),
        primaryFirst: has(firstNonRoute, r.primary),
        urgentFirst: r.urgentFirst.length === 0 ? null : has(list[0], r.urgentFirst),
        got: list
          .slice(0, 3)
          .map(
            (s) =>
              `${s.service.name} [${types(s).join('+')}] ${s.score}` +
              (process.env.ROUTING_DEBUG
                ? ` ${JSON.stringify(Object.fromEntries(Object.entries(s.parts).filter(([, v]) => v !== 0)))}`
                : ''),
          )
          .join('; '),
      });
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('reports the top-3, primary-type-first and urgent-route-first rates', () => {
    const rate = (xs: boolean[]) => (xs.length === 0 ? 1 : xs.filter(Boolean).length / xs.length);
    const top3 = rate(judged.map((j) => j.top3));
    const primary = rate(judged.map((j) => j.primaryFirst));
    const urgentJudged = judged.flatMap((j) => (j.urgentFirst === null ? [] : [j.urgentFirst]));
    const urgent = rate(urgentJudged);
    const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
    const misses = judged
      .filter((j) => !j.top3 || !j.primaryFirst || j.urgentFirst === false)
      .map(
        (j) =>
          `  #${j.id} ${j.title}: ${[!j.top3 && 'not in top 3', !j.primaryFirst && 'primary not first', j.urgentFirst === false && 'urgent route not first'].filter(Boolean).join(', ')} — ${j.got}`,
      );
    console.log(
      [
        `routing situations on ${engine} (${judged.length}, ${urgentJudged.length} urgent):`,
        '| measure                  | rate  |',
        '| ------------------------ | ----- |',
        `| top 3 (primary or route) | ${pct(top3)} |`,
        `| primary type first       | ${pct(primary)} |`,
        `| urgent route first       | ${pct(urgent)} |`,
        ...misses,
      ].join('\n'),
    );
    expect(judged.length).toBeGreaterThanOrEqual(40);
    expect(top3).toBeGreaterThanOrEqual(0.9);
    expect(primary).toBeGreaterThanOrEqual(0.8);
    expect(urgent).toBeGreaterThanOrEqual(0.9);
  });

  it('never suggests the asking service (the counsellors’ own contact point)', async () => {
    expect(await askingServiceIds(db(), REGION)).toEqual([ASKING]);
    for (const [id, list] of lists)
      expect(
        list.map((s) => s.service.id),
        `#${id}`,
      ).not.toContain(ASKING);
  });

  it('never puts child protection first for postnatal depression, nor in its list when not urgent', () => {
    const postnatal = ROUTING_SITUATIONS.filter((r) => r.situation.topics.includes('MIELENTERVEYS_VANHEMPI'));
    expect(postnatal.length).toBeGreaterThanOrEqual(3);
    for (const r of postnatal) {
      const list = lists.get(r.id) ?? [];
      expect(list.length).toBeGreaterThan(0);
      expect(types(list[0] as SuggestionView), `#${r.id}`).not.toContain('LASTENSUOJELU');
      expect(
        list.map((s) => s.serviceType),
        `#${r.id}`,
      ).not.toContain('LASTENSUOJELU');
    }
  });

  it('puts violence work first for violence between adults (the social emergency service first in an emergency)', () => {
    const violence = ROUTING_SITUATIONS.filter(
      (r) => r.situation.topics.length === 1 && r.situation.topics[0] === 'LAHISUHDEVAKIVALTA',
    );
    expect(violence.length).toBeGreaterThanOrEqual(3);
    for (const r of violence) {
      const list = lists.get(r.id) ?? [];
      const first = r.situation.urgency === 'emergency' ? list[1] : list[0];
      if (r.situation.urgency === 'emergency') expect(list[0]?.serviceType).toBe('SOSIAALIPAIVYSTYS');
      expect(first?.serviceType, `#${r.id} ${r.title}`).toBe('LAHISUHDEVAKIVALTA');
      expect(
        list.map((s) => s.serviceType),
        `#${r.id}`,
      ).not.toContain('LASTENSUOJELU');
    }
  });

  it('explains the first help with its topic, age band and source', () => {
    const [first] = lists.get(1) ?? [];
    expect(first?.reasons.map((r) => r.code)).toContain('first_help');
    const text = first?.reasons.find((r) => r.code === 'first_help')?.text ?? '';
    expect(text).toMatch(/^Ensisijainen apu aiheeseen Vanhemman mielenterveys, 0–6-vuotiaat \(.*1326\/2010/);
  });

  it("fills the region's table from the shipped one, and the matching follows an administrator's edit", async () => {
    const rows = await regionFirstLineRows(db(), REGION);
    expect(rows.length).toBe(shippedFirstLineRows().length);
    const row = await regionFirstLineRow(db(), REGION, 'UNI', '0-6');
    if (!row) throw new Error('no row');
    expect(row.version).toBe(1);
    const situation = ROUTING_SITUATIONS.find((r) => r.id === 12)?.situation as Situation;
    // the region decides that family work is the first help for a small child's sleep
    const admin = staffUserId('yllapitaja');
    const edit = { ...row, firstHelp: ['PERHETYO'], secondLine: ['NEUVOLA_AITIYS_LAPSI'] };
    expect(await saveFirstLineRow(db(), REGION, edit, 1, admin)).toBe(true);
    expect(await saveFirstLineRow(db(), REGION, edit, 1, admin)).toBe(false); // stale version
    const list = await suggestionsFor(db(), REGION, situation, 'fi', NOW);
    expect(list[0]?.reasons.find((r) => r.code === 'first_help')).toBeDefined();
    expect(types(list[0] as SuggestionView)).toContain('PERHETYO');
    expect(await saveFirstLineRow(db(), REGION, row, 2, admin)).toBe(true);
    expect((await regionFirstLineRow(db(), REGION, 'UNI', '0-6'))?.version).toBe(3);
  });

  // ---------------------------------------------------------------------- the administrator's page

  const page = (url: string, cookie: string) =>
    t.app.inject({ url, headers: { cookie, accept: 'text/html' } });
  async function post(url: string, cookie: string, edit: (body: URLSearchParams) => void) {
    const form = await page(url, cookie);
    expect(form.statusCode).toBe(200);
    const csrfCookie = String(form.headers['set-cookie']).split(';')[0];
    const body = browserFormBody(form.body, formByQa('first-line-form'));
    expect(body.get('_csrf')).toBeTruthy();
    edit(body);
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `${cookie}; ${csrfCookie}`,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  }

  it.each(LANGS)('shows the administrator the table by topic in %s; others find nothing', async (lang) => {
    const admin = await signIn(t.app, 'yllapitaja');
    const res = await page(`/${lang}/staff/admin/first-line`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-qa="first-line-MIELENTERVEYS_VANHEMPI"');
    expect(res.body).toContain(
      { fi: 'Ensilinjan taulukko', sv: 'Första linjens tabell', en: 'First-line table' }[lang],
    );
    expect(res.body).toContain(`href="/${lang}/staff/admin/first-line/ITSETUHOISUUS/13-17"`);
    // the topics in the page language's alphabetical order
    const names = [...res.body.matchAll(/<li><a href="#topic-[A-Z_0-9]+">([^<]+)<\/a><\/li>/g)].map((m) =>
      String(m[1])
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, '&'),
    );
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, lang)));
    for (const other of ['neuvoja', 'toimittaja', 'esihenkilo'])
      expect((await page(`/${lang}/staff/admin/first-line`, await signIn(t.app, other))).statusCode).toBe(
        404,
      );
    expect((await page(`/${lang}/staff/admin/first-line/NOPE/0-6`, admin)).statusCode).toBe(404);
    expect((await page(`/${lang}/staff/admin/first-line/UNI/adult`, admin)).statusCode).toBe(404);
  });

  it('saves an edited row, keeping the order of its routes, and refuses a stale one (409)', async () => {
    const admin = await signIn(t.app, 'yllapitaja');
    const url = '/fi/staff/admin/first-line/LAHISUHDEVAKIVALTA/parent';
    const before = await regionFirstLineRow(db(), REGION, 'LAHISUHDEVAKIVALTA', 'parent');
    const saved = await post(url, admin, (body) => {
      body.append('secondLine', 'PERHENEUVOLA');
      body.set('source', `${before?.source}; alueen linjaus 2026`);
    });
    expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(303);
    expect(saved.headers.location).toBe('/fi/staff/admin/first-line?done=saved#topic-LAHISUHDEVAKIVALTA');
    const after = await regionFirstLineRow(db(), REGION, 'LAHISUHDEVAKIVALTA', 'parent');
    // the urgent route keeps its order (violence work before the social emergency service),
    // although the form lists the types in the catalogue's order
    expect(after?.urgentRoute).toEqual(['LAHISUHDEVAKIVALTA', 'SOSIAALIPAIVYSTYS']);
    expect(after?.secondLine).toEqual([...(before?.secondLine ?? []), 'PERHENEUVOLA']);
    expect(after?.source).toMatch(/alueen linjaus 2026$/);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.updatedBy).toBe(staffUserId('yllapitaja'));
    const edited = await page(url, admin);
    expect(edited.body).toContain('data-qa="first-line-changed"');
    // the form of the old version, posted after the save
    const stale = await post(url, admin, (body) => body.set('version', String(before?.version ?? 1)));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Joku muu tallensi rivin välillä');
  });

  it("an administrator's edit on the page changes the counsellor's suggestions at once", async () => {
    const admin = await signIn(t.app, 'yllapitaja');
    const situation = ROUTING_SITUATIONS.find((r) => r.id === 12)?.situation as Situation;
    const firstTypes = async () =>
      types((await suggestionsFor(db(), REGION, situation, 'fi', NOW))[0] as SuggestionView);
    const before = await regionFirstLineRow(db(), REGION, 'UNI', '0-6');
    expect(before?.firstHelp).not.toContain('PERHETYO');
    expect(await firstTypes()).not.toContain('PERHETYO');
    const url = '/en/staff/admin/first-line/UNI/0-6';
    // family work the only first help for a small child's sleep; the old first help the second line
    const saved = await post(url, admin, (body) => {
      body.delete('firstHelp');
      body.append('firstHelp', 'PERHETYO');
      for (const c of before?.firstHelp ?? []) body.append('secondLine', c);
    });
    expect(saved.statusCode, saved.body.slice(0, 1000)).toBe(303);
    const list = await suggestionsFor(db(), REGION, situation, 'fi', NOW);
    expect(types(list[0] as SuggestionView)).toContain('PERHETYO');
    expect(list[0]?.reasons.find((r) => r.code === 'first_help')?.text).toMatch(/Uni ja unirytmi, 0–6/);
    // and back as it was: the first help again first
    const restored = await post(url, admin, (body) => {
      body.delete('firstHelp');
      body.delete('secondLine');
      for (const c of before?.firstHelp ?? []) body.append('firstHelp', c);
      for (const c of before?.secondLine ?? []) body.append('secondLine', c);
    });
    expect(restored.statusCode).toBe(303);
    expect(await firstTypes()).not.toContain('PERHETYO');
  });

  it('refuses a row without a first help or a source, child protection as a first help, an unknown type, a control or bidi character — beside the fields', async () => {
    const admin = await signIn(t.app, 'yllapitaja');
    const url = '/sv/staff/admin/first-line/RASKAUS/parent';
    const empty = await post(url, admin, (body) => {
      body.delete('firstHelp');
      body.set('source', '  ');
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Välj minst en första hjälp.');
    expect(empty.body).toContain('Skriv källan');
    expect(empty.body).toContain('id="firstHelp-error"');
    expect(empty.body).toContain('id="source-error"');
    const protection = await post(url, admin, (body) => body.append('firstHelp', 'LASTENSUOJELU'));
    expect(protection.statusCode).toBe(400);
    expect(protection.body).toContain('Barnskyddet kan bara vara en brådskande väg.');
    // what was chosen is kept
    expect(protection.body).toMatch(/value="LASTENSUOJELU"[^>]*checked|checked[^>]*value="LASTENSUOJELU"/);
    const unknown = await post(url, admin, (body) => body.append('urgentRoute', 'NO_SUCH_TYPE'));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Okänd tjänstetyp: NO_SUCH_TYPE.');
    for (const bad of ['THL\u0007', 'THL \u202eohje'.normalize()]) {
      const refused = await post(url, admin, (body) => body.set('source', bad));
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Källan innehåller tecken som inte kan sparas.');
      expect(refused.body).toContain('id="source-error"');
    }
    expect((await regionFirstLineRow(db(), REGION, 'RASKAUS', 'parent'))?.version).toBe(1);
  });
});
