/**
 * The feature contract (src/platform/feature.ts) and the navigation that asks the door
 * (issue 11): no page and no shared UI checks a role itself; every policy the door knows is
 * listed by a feature or the platform; every navigation entry has its words in fi, sv and en;
 * the navigation shows a user exactly the sections their roles showed before; and a section's
 * link and its page agree — shown in the navigation ⇔ the page opens (else "not found").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES, PLATFORM_POLICIES } from '../src/app.ts';
import { LANGS } from '../src/i18n/index.ts';
import { registeredPolicies } from '../src/platform/access/door.ts';
import { STAFF_ROLES, type StaffActor, type StaffRole } from '../src/platform/auth/actor.ts';
import { mayAsk, outboxRenderer, staffNavigation, textOf } from '../src/platform/feature.ts';
import { startTestApp, type TestApp } from './app.ts';
import { signIn } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const ROOT = join(import.meta.dirname, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('no role check in a page or in the shared UI', () => {
  it('hasRole( appears in no file of src/features/*/pages, no page routes file and nothing in src/ui', () => {
    const pages = readdirSync(join(ROOT, 'src/features'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => {
        try {
          return filesUnder(`src/features/${e.name}/pages`);
        } catch {
          return [];
        }
      });
    // the page routes of a feature (pages.ts, staff-pages.ts, public-pages.ts) too
    const pageRoutes = filesUnder('src/features').filter((f) => /\/[a-z-]*pages\.tsx?$/.test(f));
    const files = [...pages, ...pageRoutes, ...filesUnder('src/ui')];
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bhasRole(In)?\(/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found, 'ask the door (permitted / can) instead of checking a role').toEqual([]);
  });
});

describe('the features', () => {
  it("list every policy the door knows (with the platform's own)", () => {
    const listed = new Set(
      [...FEATURES.flatMap((f) => f.policies ?? []), ...PLATFORM_POLICIES].flatMap((p) => p.resources),
    );
    const unlisted = registeredPolicies()
      .map((p) => p.type)
      .filter((type) => !listed.has(type));
    expect(unlisted).toEqual([]);
  });

  it('each render their own outbox templates, and an unknown one is an error', () => {
    const render = outboxRenderer(FEATURES);
    const names = FEATURES.flatMap((f) => f.templates?.names ?? []);
    expect(names).toContain('handoff_requested');
    expect(new Set(names).size).toBe(names.length);
    expect(() => render('no_such_template', 'fi', {})).toThrow(/unknown notification template/);
  });

  it('name every navigation entry in fi, sv and en', () => {
    const entries = FEATURES.flatMap((f) => f.nav ?? []);
    expect(entries.map((e) => e.section).sort()).toEqual(
      [
        'access-log',
        'catalogue',
        'consultations',
        'feedback',
        'first-line',
        'handoffs',
        'home',
        'meetings',
        'metrics',
        'my-consultations',
        'my-work',
        'network',
        'population',
        'queue',
        'roster',
        'surveys',
      ].sort(),
    );
    for (const lang of LANGS) {
      for (const e of entries) {
        expect(textOf(lang, e.labelKey), `${lang} ${e.section}`).not.toBe('');
        if (e.textKey) expect(textOf(lang, e.textKey), `${lang} ${e.section}`).not.toBe('');
      }
    }
  });
});

/** The sections each role saw before the navigation asked the door (StaffLayout's old table). */
const SECTIONS_BY_ROLE: Record<string, readonly StaffRole[] | 'all'> = {
  home: 'all',
  queue: ['counsellor', 'manager'],
  'my-work': ['counsellor'],
  roster: ['counsellor', 'manager'],
  handoffs: ['counsellor', 'receiving_worker', 'manager'],
  network: ['administrator', 'manager', 'counsellor', 'receiving_worker'],
  catalogue: ['catalogue_editor', 'administrator'],
  'access-log': ['dpo'],
  consultations: ['counsellor'],
  meetings: ['counsellor'],
  'my-consultations': ['partner', 'counsellor', 'receiving_worker'],
  surveys: ['manager', 'administrator'],
  feedback: ['manager', 'administrator'],
  population: ['administrator'],
  'first-line': ['administrator'],
  metrics: ['manager', 'administrator', 'municipality_contact'],
};

const actorWith = (roles: StaffRole[]): StaffActor => ({
  kind: 'staff',
  userId: 'u',
  regionId: 'r',
  organizationId: 'o',
  name: 'Testi',
  roles: roles.map((role) => ({ organizationId: 'o', role })),
  sessionId: 's',
});

describe('the staff navigation asks the door', () => {
  const entries = FEATURES.flatMap((f) => f.nav ?? []);
  const combos: StaffRole[][] = [
    [],
    ...STAFF_ROLES.map((r) => [r]),
    ['counsellor', 'manager'],
    ['dpo', 'administrator'],
  ];
  for (const roles of combos) {
    it(`shows ${roles.join(' + ') || 'a staff member without roles'} the same sections as before`, () => {
      const actor = actorWith(roles);
      for (const e of entries) {
        const wanted = SECTIONS_BY_ROLE[e.section];
        const before = wanted === 'all' || (wanted ?? []).some((r) => roles.includes(r));
        expect(mayAsk(actor, e.visible), e.section).toBe(before);
      }
    });
  }

  it('shows a client, a status-link holder and a signed-out visitor nothing', () => {
    for (const e of entries) {
      expect(mayAsk({ kind: 'anonymous' }, e.visible)).toBe(false);
      expect(mayAsk({ kind: 'status_link', contactId: 'c' }, e.visible)).toBe(false);
      expect(
        mayAsk({ kind: 'client', clientId: 'c', regionId: 'r', name: 'N', sessionId: 's' }, e.visible),
      ).toBe(false);
    }
  });
});

const engine = ENGINES[0] ?? 'pglite';

describe(`a section's link and its page agree (on ${engine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
  });
  afterAll(async () => t?.close());

  const users = [
    'neuvoja',
    'vastaanottaja',
    'kumppani',
    'esihenkilo',
    'toimittaja',
    'yllapitaja',
    'tietosuoja',
  ];
  for (const username of users) {
    it(`${username}: every section in the navigation opens, every other section is not found`, async () => {
      const cookie = await signIn(t.app, username);
      const home = await t.app.inject({ url: '/fi/staff', headers: { cookie, accept: 'text/html' } });
      expect(home.statusCode).toBe(200);
      const shown = new Set([...home.body.matchAll(/data-qa="nav-([a-z-]+)"/g)].map((m) => m[1]));
      expect(shown.has('home')).toBe(true);
      for (const item of staffNavigation()) {
        const res = await t.app.inject({ url: `/fi${item.path}`, headers: { cookie, accept: 'text/html' } });
        expect(res.statusCode, `${username} ${item.path}`).toBe(shown.has(item.section) ? 200 : 404);
      }
    });
  }
});
