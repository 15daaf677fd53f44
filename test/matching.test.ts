/**
 * Matching (issue 6, capability 5): each score part alone, the rules (emergency routes first,
 * the own municipality never hidden, remote neutralising distance, the specialist across the
 * border), determinism, the explanations in fi/sv/en, the candidate SQL against the rules, the
 * written scenarios (top-3 count printed), and the API route.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionId } from '../src/features/catalogue/seed.ts';
import { loadCandidates, matchingReference } from '../src/features/matching/candidates.ts';
import {
  agePart,
  areaPart,
  CAPACITY_FULL_SLOTS,
  type Candidate,
  type CandidateUnit,
  capacityPart,
  DEFAULT_LIMIT,
  DISTANCE_ZERO_KM,
  distancePart,
  emergencyRoutes,
  explain,
  haversineKm,
  languagePart,
  type MatchingReference,
  matchServices,
  methodPart,
  ownMunicipalityPart,
  ROUTES_PER_TYPE,
  rankSuggestions,
  routeRank,
  SECOND_LINE_SHARE,
  type Situation,
  STALE_AFTER_DAYS,
  sumParts,
  TOPIC_COVERAGE_SHARE,
  topicPart,
  UNKNOWN_SHARE,
  URGENT_WAIT_FACTOR,
  WAIT_ZERO_DAYS,
  WEIGHTS,
  waitPart,
  YOUTH_MIN_AGE,
  youngPersonPart,
} from '../src/features/matching/matching.ts';
import { suggestionsFor } from '../src/features/matching/suggestions.ts';
import type { App } from '../src/platform/http/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';
import {
  describeAcceptable,
  insertMatchingFixture,
  isAcceptable,
  M,
  NOW,
  SCENARIOS,
  serviceId,
  unitId,
} from './matching-scenarios.ts';

// ---------------------------------------------------------------------- synthetic data

const DAY = 86_400_000;
const REFERENCE: MatchingReference = {
  municipalities: new Map(
    [
      { code: '297', name: { fi: 'Kuopio', sv: 'Kuopio' }, latitude: 62.8935, longitude: 27.6779 },
      { code: '749', name: { fi: 'Siilinjärvi', sv: 'Siilinjärvi' }, latitude: 63.0749, longitude: 27.6609 },
      { code: '915', name: { fi: 'Varkaus', sv: 'Varkaus' }, latitude: 62.3124, longitude: 27.8861 },
      { code: '140', name: { fi: 'Iisalmi', sv: 'Idensalmi' }, latitude: 63.5618, longitude: 27.1893 },
    ].map((m) => [m.code, m]),
  ),
  topics: new Map([
    ['UNI', { fi: 'Uni ja unirytmi', sv: 'Sömn och sömnrytm', en: 'Sleep and sleep rhythm' }],
    ['VUOROVAIKUTUS', { fi: 'Vuorovaikutus', sv: 'Växelverkan', en: 'Interaction and communication' }],
    ['RAIVOKOHTAUKSET', { fi: 'Raivokohtaukset', sv: 'Raseriutbrott', en: 'Temper tantrums' }],
    [
      'LAHISUHDEVAKIVALTA',
      { fi: 'Lähisuhdeväkivalta', sv: 'Våld i nära relationer', en: 'Domestic violence' },
    ],
  ]),
  methods: new Map([['THERAPLAY', { fi: 'Theraplay', en: 'Theraplay' }]]),
};

const situation = (over: Partial<Situation> = {}): Situation => ({
  municipality: '297',
  childAges: [2],
  topics: ['UNI'],
  language: 'fi',
  urgency: 'normal',
  contacter: 'parent',
  remote: false,
  ...over,
});

const candidate = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  name: { fi: `Palvelu ${id}`, sv: `Tjänst ${id}`, en: `Service ${id}` },
  serviceTypes: ['PERHENEUVOLA'],
  topics: ['UNI'],
  minAge: null,
  maxAge: null,
  area: 'region',
  channels: ['visit'],
  languages: ['fi'],
  organization: { id: 'org-region', name: { fi: 'Hyvinvointialue' }, kind: 'region', municipality: null },
  places: ['297'],
  units: [],
  ...over,
});

const unit = (id: string, over: Partial<CandidateUnit> = {}): CandidateUnit => ({
  id,
  name: { fi: `Yksikkö ${id}` },
  municipality: '297',
  serves: [],
  remote: false,
  languages: ['fi'],
  freeSlotsPerWeek: 2,
  waitDays: 10,
  updatedAt: new Date(NOW.getTime() - DAY),
  methods: [],
  ...over,
});

const ids = (list: { serviceId: string }[]) => list.map((s) => s.serviceId);

// ---------------------------------------------------------------------- each part alone

describe('matching: each score part alone', () => {
  it('topic fit: coverage of the asked topics and focus of the service, zero without a match', () => {
    const s = situation({ topics: ['UNI', 'RAIVOKOHTAUKSET'] });
    const both = topicPart(s, candidate('a', { topics: ['UNI', 'RAIVOKOHTAUKSET'] }));
    expect(both.points).toBeCloseTo(WEIGHTS.topic);
    const half = topicPart(s, candidate('b', { topics: ['UNI', 'SYOMINEN', 'VAUVAPERHE', 'RASKAUS'] }));
    expect(half.matched).toEqual(['UNI']);
    expect(half.points).toBeCloseTo(
      WEIGHTS.topic * (TOPIC_COVERAGE_SHARE * 0.5 + (1 - TOPIC_COVERAGE_SHARE) * 0.25),
    );
    expect(topicPart(s, candidate('c', { topics: ['ERO'] }))).toEqual({ points: 0, matched: [] });
    // a unit trained in a method that helps with the topic fits it
    const interaction = situation({ topics: ['VUOROVAIKUTUS'] });
    const withTheraplay = unit('u', { methods: [{ code: 'THERAPLAY', professionals: 1, fte: 1 }] });
    expect(topicPart(interaction, candidate('d', { topics: ['ERO'] }), withTheraplay).matched).toEqual([
      'VUOROVAIKUTUS',
    ]);
  });

  it('age fit: the share of the children taken; none taken excludes; no ages, no filter', () => {
    expect(agePart(situation({ childAges: [2] }), { minAge: 0, maxAge: 6 })).toEqual({
      points: WEIGHTS.age,
      fits: true,
      ages: [2],
    });
    expect(agePart(situation({ childAges: [2, 9] }), { minAge: 0, maxAge: 6 }).points).toBe(WEIGHTS.age / 2);
    expect(agePart(situation({ childAges: [9] }), { minAge: 0, maxAge: 6 }).fits).toBe(false);
    expect(agePart(situation({ childAges: [] }), { minAge: 0, maxAge: 6 })).toEqual({
      points: 0,
      fits: true,
      ages: [],
    });
    const s = situation({ childAges: [9] });
    expect(rankSuggestions(s, [candidate('baby', { minAge: 0, maxAge: 1 })], NOW, REFERENCE)).toEqual([]);
  });

  it('method competence: the asked methods by share, implied methods when none is asked', () => {
    const trained = unit('u', { methods: [{ code: 'THERAPLAY', professionals: 2, fte: 1.8 }] });
    const asked = methodPart(situation({ methods: ['THERAPLAY', 'MARTE_MEO'] }), trained);
    expect(asked.points).toBe(WEIGHTS.method / 2);
    expect(asked.found).toEqual([{ code: 'THERAPLAY', professionals: 2 }]);
    expect(asked.missing).toEqual(['MARTE_MEO']);
    expect(methodPart(situation({ methods: ['THERAPLAY'] }), null)).toEqual({
      points: 0,
      found: [],
      missing: [],
    });
    // VUOROVAIKUTUS is helped by Theraplay: the implied points, no method asked
    expect(methodPart(situation({ topics: ['VUOROVAIKUTUS'] }), trained).points).toBe(WEIGHTS.impliedMethod);
    expect(methodPart(situation({ topics: ['UNI'] }), trained).points).toBe(0);
  });

  it("language: the service's, the unit's or its professionals' languages", () => {
    const sv = situation({ language: 'sv' });
    expect(languagePart(sv, candidate('a', { languages: ['fi', 'sv'] }), null)).toEqual({
      points: WEIGHTS.language,
      served: true,
    });
    expect(languagePart(sv, candidate('b'), null)).toEqual({ points: 0, served: false });
    expect(languagePart(sv, candidate('c'), unit('u', { languages: ['fi', 'sv'] })).served).toBe(true);
  });

  it('distance: haversine between municipality centres, linear to zero at DISTANCE_ZERO_KM', () => {
    const kuopio = REFERENCE.municipalities.get('297');
    const siilinjarvi = REFERENCE.municipalities.get('749');
    if (!kuopio || !siilinjarvi) throw new Error('reference');
    const km = haversineKm(kuopio, siilinjarvi);
    expect(km).toBeGreaterThan(19);
    expect(km).toBeLessThan(21);
    const far = distancePart(situation({ municipality: '749' }), candidate('a'), null, REFERENCE);
    expect(far.mode).toBe('travel');
    expect(far.points).toBeCloseTo(WEIGHTS.distance * (1 - km / DISTANCE_ZERO_KM));
    const here = distancePart(situation(), candidate('b'), null, REFERENCE);
    expect(here).toEqual({ points: WEIGHTS.distance, km: 0, place: '297', mode: 'local' });
    // no place (phone, chat, e-service only): nobody travels
    const none = distancePart(
      situation(),
      candidate('c', { places: [], channels: ['chat'] }),
      null,
      REFERENCE,
    );
    expect(none.points).toBe(WEIGHTS.distance);
    expect(none.km).toBeNull();
  });

  it('remote neutralises distance only when the family accepts it and the service can do it', () => {
    const far = candidate('a', { places: ['915'], channels: ['visit', 'video'] });
    const iisalmi = situation({ municipality: '140' });
    expect(distancePart(iisalmi, far, null, REFERENCE).mode).toBe('travel');
    const remote = distancePart({ ...iisalmi, remote: true }, far, null, REFERENCE);
    expect(remote).toMatchObject({ points: WEIGHTS.distance, mode: 'remote' });
    // a unit's own word decides for the unit
    const noRemoteUnit = unit('u', { municipality: '915', remote: false });
    expect(distancePart({ ...iisalmi, remote: true }, far, noRemoteUnit, REFERENCE).mode).toBe('travel');
    // and it changes the order: the far specialist overtakes the near one
    const near = candidate('near', {
      places: ['749'],
      channels: ['visit'],
      units: [unit('n', { municipality: '749' })],
    });
    const farUnit = candidate('far', {
      places: ['915'],
      channels: ['visit'],
      units: [unit('f', { municipality: '915', remote: true, waitDays: 5 })],
    });
    expect(ids(rankSuggestions(iisalmi, [near, farUnit], NOW, REFERENCE))).toEqual(['near', 'far']);
    expect(ids(rankSuggestions({ ...iisalmi, remote: true }, [near, farUnit], NOW, REFERENCE))).toEqual([
      'far',
      'near',
    ]);
  });

  it('home visits within the area spare the travel; across the border they do not', () => {
    const homeVisits = candidate('a', { places: ['915'], channels: ['home_visit', 'visit'] });
    expect(distancePart(situation(), homeVisits, null, REFERENCE).mode).toBe('home_visit');
    expect(distancePart(situation(), homeVisits, null, REFERENCE, false).mode).toBe('travel');
  });

  it('capacity: free slots up to CAPACITY_FULL_SLOTS; unknown or stale counts UNKNOWN_SHARE', () => {
    expect(capacityPart(unit('u', { freeSlotsPerWeek: CAPACITY_FULL_SLOTS * 2 }), NOW).points).toBe(
      WEIGHTS.capacity,
    );
    expect(capacityPart(unit('u', { freeSlotsPerWeek: 0 }), NOW)).toEqual({ points: 0, slots: 0 });
    expect(capacityPart(null, NOW)).toEqual({ points: WEIGHTS.capacity * UNKNOWN_SHARE, slots: null });
    const stale = unit('u', { updatedAt: new Date(NOW.getTime() - (STALE_AFTER_DAYS + 1) * DAY) });
    expect(capacityPart(stale, NOW).slots).toBeNull();
  });

  it('wait: linear to zero at WAIT_ZERO_DAYS, counted URGENT_WAIT_FACTOR times when urgent', () => {
    expect(waitPart(situation(), unit('u', { waitDays: 0 }), NOW).points).toBe(WEIGHTS.wait);
    expect(waitPart(situation(), unit('u', { waitDays: WAIT_ZERO_DAYS / 2 }), NOW).points).toBe(
      WEIGHTS.wait / 2,
    );
    expect(waitPart(situation(), unit('u', { waitDays: WAIT_ZERO_DAYS * 2 }), NOW).points).toBe(0);
    expect(waitPart(situation(), unit('u', { waitDays: null }), NOW)).toEqual({
      points: WEIGHTS.wait * UNKNOWN_SHARE,
      days: null,
    });
    expect(waitPart(situation({ urgency: 'urgent' }), unit('u', { waitDays: 0 }), NOW).points).toBe(
      WEIGHTS.wait * URGENT_WAIT_FACTOR,
    );
  });

  it('own municipality: the place is there, or the municipality itself provides the service', () => {
    expect(ownMunicipalityPart(situation(), candidate('a'), '297')).toEqual({
      points: WEIGHTS.ownMunicipality,
      own: true,
    });
    expect(ownMunicipalityPart(situation(), candidate('b'), '749').own).toBe(false);
    const municipal = candidate('c', {
      organization: { id: 'k', name: { fi: 'Kuopion kaupunki' }, kind: 'municipality', municipality: '297' },
    });
    expect(ownMunicipalityPart(situation(), municipal, null).own).toBe(true);
  });

  it("area: outside its catchment only the region's own service, with the deduction", () => {
    const s = situation({ municipality: '915' });
    const regionOwn = candidate('a', { area: ['297', '749'] });
    expect(areaPart(s, regionOwn, unit('u', { serves: ['297'] }))).toEqual({
      points: WEIGHTS.outsideArea,
      inArea: false,
      eligible: true,
    });
    // across the border only through a unit of the registry: its competence and wait are the evidence
    expect(areaPart(s, regionOwn, null).eligible).toBe(false);
    const ngo = candidate('b', {
      area: ['297'],
      organization: { id: 'n', name: { fi: 'Järjestö' }, kind: 'ngo', municipality: '297' },
    });
    expect(areaPart(s, ngo, null).eligible).toBe(false);
    expect(areaPart(s, ngo, unit('u', { serves: ['915'] })).inArea).toBe(true);
    expect(areaPart(s, candidate('c', { area: 'region' }), null)).toEqual({
      points: 0,
      inArea: true,
      eligible: true,
    });
  });

  it('young person: services meant for young people when a young person asks', () => {
    const youth = candidate('a', { minAge: 13, maxAge: 22 });
    expect(youngPersonPart(situation({ contacter: 'young_person' }), youth).points).toBe(WEIGHTS.youngPerson);
    expect(youngPersonPart(situation({ contacter: 'parent' }), youth).points).toBe(0);
    expect(
      youngPersonPart(situation({ contacter: 'young_person' }), candidate('b', { minAge: YOUTH_MIN_AGE - 1 }))
        .fits,
    ).toBe(false);
  });

  it('the score is the sum of its parts, and every part is a documented weight', () => {
    const [first] = rankSuggestions(situation(), [candidate('a', { minAge: 0, maxAge: 6 })], NOW, REFERENCE);
    if (!first) throw new Error('no suggestion');
    expect(first.score).toBe(sumParts(first.parts));
    expect(Object.keys(first.parts).sort()).toEqual(Object.keys(WEIGHTS).sort());
    const docs = readFileSync(new URL('../docs/matching.md', import.meta.url), 'utf8');
    // a table row "| `name` | value |", padded as the formatter likes
    const row = (name: string, value: number) => new RegExp(`\\|\\s*\`${name}\`\\s*\\|\\s*${value}\\s*\\|`);
    for (const [name, weight] of Object.entries(WEIGHTS)) expect(docs).toMatch(row(name, weight));
    for (const [name, value] of Object.entries({
      TOPIC_COVERAGE_SHARE,
      DISTANCE_ZERO_KM,
      CAPACITY_FULL_SLOTS,
      WAIT_ZERO_DAYS,
      UNKNOWN_SHARE,
      URGENT_WAIT_FACTOR,
      STALE_AFTER_DAYS,
      ROUTES_PER_TYPE,
      YOUTH_MIN_AGE,
      DEFAULT_LIMIT,
      SECOND_LINE_SHARE,
    }))
      expect(docs).toMatch(row(name, value));
  });
});

// ---------------------------------------------------------------------- the rules

describe('matching: the rules', () => {
  const emergencyService = candidate('sp', {
    serviceTypes: ['SOSIAALIPAIVYSTYS'],
    topics: ['AKILLINEN_KRIISI'],
    places: [],
    channels: ['phone'],
  });
  const childProtection = candidate('ls', {
    serviceTypes: ['LASTENSUOJELU'],
    topics: ['HUOLI_LAPSEN_TURVALLISUUDESTA'],
    places: [],
    channels: ['phone'],
  });
  const violenceWork = candidate('lv', {
    serviceTypes: ['LAHISUHDEVAKIVALTA'],
    topics: ['LAHISUHDEVAKIVALTA'],
  });
  const sleepClinic = candidate('uni', {
    topics: ['UNI'],
    units: [unit('u', { waitDays: 0, freeSlotsPerWeek: 10, remote: true })],
  });
  const all = [sleepClinic, violenceWork, childProtection, emergencyService];

  it('in an emergency the social emergency service comes first, then the routes of the first-line table', () => {
    // a sleep problem: no child-safety topic, so the social emergency service is the only route
    // (issue 14: child protection only where the table's urgent route says so)
    const emergency = situation({ urgency: 'emergency' });
    expect(emergencyRoutes(emergency)).toEqual(['SOSIAALIPAIVYSTYS']);
    const list = rankSuggestions(emergency, all, NOW, REFERENCE);
    expect(ids(list)).toEqual(['sp', 'uni']);
    expect(list[0]?.reasons[0]).toMatchObject({ code: 'emergency_route', type: 'SOSIAALIPAIVYSTYS' });
    // violence between adults: the domestic-violence route, no child protection
    const violence = situation({ urgency: 'emergency', topics: ['LAHISUHDEVAKIVALTA'] });
    expect(emergencyRoutes(violence)).toEqual(['SOSIAALIPAIVYSTYS', 'LAHISUHDEVAKIVALTA']);
    // (family counselling is the table's second line for children who lived through it)
    expect(ids(rankSuggestions(violence, all, NOW, REFERENCE))).toEqual(['sp', 'lv', 'uni']);
    // violence against the child as well: child protection is a route, after the emergency service
    const againstChild = situation({
      urgency: 'emergency',
      topics: ['LAHISUHDEVAKIVALTA', 'LAPSEEN_KOHDISTUVA_VAKIVALTA'],
    });
    expect(emergencyRoutes(againstChild)).toEqual([
      'SOSIAALIPAIVYSTYS',
      'LASTENSUOJELU',
      'LAHISUHDEVAKIVALTA',
    ]);
  });

  it("urgent: child protection first when it is about the child's safety, violence work for violence between adults", () => {
    const urgent = situation({ urgency: 'urgent', topics: ['HUOLI_LAPSEN_TURVALLISUUDESTA'] });
    expect(emergencyRoutes(urgent)).toEqual(['LASTENSUOJELU', 'SOSIAALIPAIVYSTYS']);
    // the family counselling service is the table's second line for the concern: after the routes
    expect(ids(rankSuggestions(urgent, all, NOW, REFERENCE))).toEqual(['ls', 'sp', 'uni']);
    expect(routeRank(situation(), emergencyService)).toBeNull();
    const violence = situation({ urgency: 'urgent', topics: ['LAHISUHDEVAKIVALTA'], childAges: [] });
    expect(emergencyRoutes(violence)).toEqual(['LAHISUHDEVAKIVALTA', 'SOSIAALIPAIVYSTYS']);
    expect(ids(rankSuggestions(violence, all, NOW, REFERENCE)).slice(0, 2)).toEqual(['lv', 'sp']);
    // a normal situation has no routes: the best fit leads
    expect(ids(rankSuggestions(situation(), all, NOW, REFERENCE))).toEqual(['uni']);
  });

  it('at most ROUTES_PER_TYPE services of each route type are put first', () => {
    const many = [1, 2, 3, 4].map((i) =>
      candidate(`sp${i}`, {
        serviceTypes: ['SOSIAALIPAIVYSTYS'],
        topics: [],
        places: [],
        channels: ['phone'],
      }),
    );
    const list = rankSuggestions(situation({ urgency: 'emergency' }), [...many, sleepClinic], NOW, REFERENCE);
    expect(list.filter((s) => s.route)).toHaveLength(ROUTES_PER_TYPE);
    expect(list[ROUTES_PER_TYPE]?.serviceId).toBe('uni');
  });

  it("the family's own municipality's fitting service is never hidden", () => {
    // ten strong region-wide e-services, and a modest service in the family's own municipality
    const strong = Array.from({ length: 10 }, (_, i) =>
      candidate(`e${i}`, {
        serviceTypes: [`TYPE_${i}`],
        topics: ['UNI'],
        places: [],
        channels: ['eservice'],
        units: [unit(`eu${i}`, { municipality: null, waitDays: 0, freeSlotsPerWeek: 10 })],
      }),
    );
    const own = candidate('own', {
      topics: ['UNI', 'SYOMINEN', 'RASKAUS', 'VAUVAPERHE', 'LAPSEN_TERVEYS', 'JAKSAMINEN_VANHEMMUUS'],
      places: ['749'],
      units: [unit('ou', { municipality: '749', waitDays: 50, freeSlotsPerWeek: 0 })],
    });
    const s = situation({ municipality: '749' });
    const unlimited = rankSuggestions(s, [...strong, own], NOW, REFERENCE, { limit: 50 });
    expect(unlimited.findIndex((x) => x.serviceId === 'own')).toBe(10);
    const list = rankSuggestions(s, [...strong, own], NOW, REFERENCE, { limit: 5 });
    expect(list).toHaveLength(5);
    expect(list[4]).toMatchObject({ serviceId: 'own', own: true, kept: true });
    expect(list[4]?.reasons[0]).toEqual({ code: 'own_municipality_kept' });
    // an own service that is already in the list is not moved
    expect(rankSuggestions(s, [...strong, own], NOW, REFERENCE, { limit: 20 }).filter((x) => x.kept)).toEqual(
      [],
    );
  });

  it("another municipality's specialist is suggested when its expertise is clearly better", () => {
    const s = situation({ municipality: '915', childAges: [3], topics: ['VUOROVAIKUTUS'], remote: true });
    const local = candidate('local', { area: ['915'], topics: ['VUOROVAIKUTUS'], places: ['915'] });
    const specialist = candidate('kuopio', {
      area: ['297'],
      topics: ['RAIVOKOHTAUKSET'],
      places: ['297'],
      units: [
        unit('tp', {
          serves: ['297'],
          remote: true,
          methods: [{ code: 'THERAPLAY', professionals: 2, fte: 1.8 }],
        }),
      ],
    });
    // without asking for the method the local service leads; asking for Theraplay, the specialist
    expect(ids(rankSuggestions(s, [local, specialist], NOW, REFERENCE))).toEqual(['local', 'kuopio']);
    const withMethod = rankSuggestions({ ...s, methods: ['THERAPLAY'] }, [local, specialist], NOW, REFERENCE);
    expect(ids(withMethod)).toEqual(['kuopio', 'local']);
    expect(withMethod[0]?.parts.outsideArea).toBe(WEIGHTS.outsideArea);
    expect(withMethod[0]?.reasons.map((r) => r.code)).toContain('outside_area');
  });

  it("another municipality's specialist is suggested when the wait is clearly better", () => {
    const s = situation({ municipality: '915', childAges: [6], topics: ['RAIVOKOHTAUKSET'], remote: true });
    const local = candidate('local', {
      area: ['915'],
      topics: ['RAIVOKOHTAUKSET'],
      places: ['915'],
      units: [unit('l', { municipality: '915', waitDays: 45, freeSlotsPerWeek: 0, remote: false })],
    });
    const quick = candidate('quick', {
      area: ['778'],
      topics: ['RAIVOKOHTAUKSET'],
      places: ['778'],
      units: [
        unit('q', { municipality: '778', serves: ['778'], waitDays: 2, freeSlotsPerWeek: 5, remote: true }),
      ],
    });
    expect(ids(rankSuggestions(s, [local, quick], NOW, REFERENCE))).toEqual(['quick', 'local']);
    // a wait only a little shorter is not enough to cross the border
    const slightly = candidate('slightly', {
      area: ['778'],
      topics: ['RAIVOKOHTAUKSET'],
      places: ['778'],
      units: [
        unit('q', { municipality: '778', serves: ['778'], waitDays: 40, freeSlotsPerWeek: 0, remote: true }),
      ],
    });
    expect(ids(rankSuggestions(s, [local, slightly], NOW, REFERENCE))).toEqual(['local', 'slightly']);
  });

  it('NGOs and parishes are candidates like others', () => {
    const parish = candidate('parish', {
      serviceTypes: ['SEURAKUNTA_PERHETYO'],
      organization: { id: 'p', name: { fi: 'Seurakunta' }, kind: 'parish', municipality: '297' },
      area: ['297'],
    });
    expect(ids(rankSuggestions(situation(), [parish], NOW, REFERENCE))).toEqual(['parish']);
  });

  it('is deterministic: the same input gives the same output, in whatever order the candidates come', () => {
    const pool = [
      ...all,
      ...Array.from({ length: 30 }, (_, i) =>
        candidate(`c${String(i).padStart(2, '0')}`, {
          serviceTypes: [`T${i % 4}`],
          topics: i % 3 === 0 ? ['UNI', 'ERO'] : ['UNI'],
          places: [['297', '749', '915', '140'][i % 4] as string],
          units: i % 2 ? [unit(`u${i}`, { waitDays: i, freeSlotsPerWeek: i % 6 })] : [],
        }),
      ),
    ];
    const s = situation({ childAges: [2, 7], remote: true });
    const first = matchServices(s, pool, NOW, REFERENCE, { lang: 'fi' });
    const again = matchServices({ ...s }, [...pool].reverse(), NOW, REFERENCE, { lang: 'fi' });
    expect(again).toEqual(first);
    expect(JSON.stringify(matchServices(s, pool, NOW, REFERENCE))).toBe(JSON.stringify(first));
    expect(first).toHaveLength(DEFAULT_LIMIT);
  });

  it('explains every suggestion in fi, sv and en', () => {
    const s = situation({ municipality: '749', language: 'sv', methods: ['THERAPLAY'] });
    const c = candidate('a', {
      minAge: 0,
      maxAge: 6,
      languages: ['fi', 'sv'],
      units: [
        unit('u', {
          freeSlotsPerWeek: 4,
          waitDays: 5,
          methods: [{ code: 'THERAPLAY', professionals: 2, fte: 2 }],
        }),
      ],
    });
    const [suggestion] = rankSuggestions(s, [c], NOW, REFERENCE);
    if (!suggestion) throw new Error('no suggestion');
    const texts = (lang: 'fi' | 'sv' | 'en') =>
      Object.fromEntries(explain(suggestion, lang, REFERENCE).reasons.map((r) => [r.code, r.text]));
    expect(texts('fi')).toMatchObject({
      topic_fit: 'Sopii aiheeseen: Uni ja unirytmi',
      age_fit: 'Sopii lapsen ikään (2 v): palvelu 0–6-vuotiaille',
      method: 'Menetelmäosaaminen: Theraplay (2 työntekijää)',
      language: 'Palvelee ruotsiksi',
      distance: 'Noin 20 km Siilinjärveltä (Kuopio)',
      capacity: 'Vapaita ensikäyntiaikoja 4 viikossa',
      wait: 'Jonotusaika noin 5 työpäivää',
    });
    expect(texts('sv')).toMatchObject({
      topic_fit: 'Passar för ämnet: Sömn och sömnrytm',
      language: 'Betjänar på svenska',
      distance: 'Cirka 20 km från Siilinjärvi (Kuopio)',
      wait: 'Kötid cirka 5 arbetsdagar',
    });
    expect(texts('en')).toMatchObject({
      topic_fit: 'Fits the topic: Sleep and sleep rhythm',
      method: 'Method competence: Theraplay (2 professionals)',
      language: 'Serves in Swedish',
      distance: 'About 20 km from Siilinjärvi (Kuopio)',
      capacity: '4 free first appointments a week',
    });
    const view = explain(suggestion, 'fi', REFERENCE);
    expect(view).toMatchObject({
      service: { id: 'a', name: 'Palvelu a' },
      serviceType: 'PERHENEUVOLA',
      municipality: { code: '297', name: 'Kuopio' },
      waitDays: 5,
    });
    expect(view.distanceKm).toBeCloseTo(20.3, 0);
  });
});

// ---------------------------------------------------------------------- on the demo catalogue

const REGION = regionId('pohjois-savo');

async function signIn(app: App, username: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/dev/session',
    headers: { origin: 'http://localhost:80', host: 'localhost:80' },
    payload: { username },
  });
  if (res.statusCode !== 200) throw new Error(`${username} did not sign in: ${res.statusCode} ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0] ?? '';
}

describe.each(ENGINES)('matching on the demo catalogue on %s', (engine) => {
  let t: TestApp;
  let counsellor = '';
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await insertMatchingFixture(t.database.db);
    counsellor = await signIn(t.app, 'neuvoja');
  });
  afterAll(async () => t?.close());

  const post = (payload: unknown, { cookie = counsellor, query = '', headers = {} } = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/matching/suggestions${query}`,
      headers: {
        origin: 'http://localhost:80',
        host: 'localhost:80',
        'content-type': 'application/json',
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      payload: JSON.stringify(payload),
    });

  it('ranks the acceptable services of the written scenarios in the top 3', async () => {
    const data = await matchingReference(db());
    const typesOf = new Map<string, string[]>();
    const failures: string[] = [];
    for (const scenario of SCENARIOS) {
      for (const c of await loadCandidates(db(), data, REGION, scenario.situation))
        typesOf.set(c.id, c.serviceTypes);
      const list = await suggestionsFor(db(), REGION, scenario.situation, 'fi', NOW);
      const types = (id: string) => typesOf.get(id) ?? [];
      const top3 = list.slice(0, 3);
      const inTop3 = scenario.accept.some((a) => top3.some((s) => isAcceptable(s, a, types)));
      const firstOk =
        !scenario.first || (list[0] !== undefined && isAcceptable(list[0], scenario.first, types));
      if (!inTop3 || !firstOk)
        failures.push(
          `#${scenario.id} ${scenario.title}: wanted ${scenario.accept.map(describeAcceptable).join(' or ')}` +
            `${scenario.first ? ` (first: ${describeAcceptable(scenario.first)})` : ''}; ` +
            `got ${top3.map((s) => `${s.service.name} (${s.score})`).join(', ')}`,
        );
    }
    const passed = SCENARIOS.length - failures.length;
    console.log(
      `matching scenarios on ${engine}: ${passed}/${SCENARIOS.length} in the top 3` +
        (failures.length ? `\n  ${failures.join('\n  ')}` : ''),
    );
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30);
    expect(passed / SCENARIOS.length, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('the candidate SQL keeps everything the rules take', async () => {
    const data = await matchingReference(db());
    for (const scenario of SCENARIOS) {
      const all = await loadCandidates(db(), data, REGION, scenario.situation, { prefilter: false });
      const filtered = await loadCandidates(db(), data, REGION, scenario.situation);
      expect(filtered.length).toBeLessThanOrEqual(all.length);
      const full = rankSuggestions(scenario.situation, all, NOW, data, { limit: 50 });
      const fast = rankSuggestions(scenario.situation, filtered, NOW, data, { limit: 50 });
      expect(fast, `scenario ${scenario.id}`).toEqual(full);
    }
  });

  it('reads units, their capacity, wait and the methods of their active professionals', async () => {
    const data = await matchingReference(db());
    const s: Situation = {
      municipality: M.VARKAUS,
      childAges: [3],
      topics: ['VUOROVAIKUTUS'],
      methods: ['THERAPLAY'],
      language: 'fi',
      urgency: 'normal',
      contacter: 'parent',
      remote: true,
    };
    const candidates = await loadCandidates(db(), data, REGION, s);
    const pn = candidates.find((c) => c.id === serviceId('perheneuvola-kuopio'));
    expect(pn?.units.map((u) => u.id).sort()).toEqual(
      [unitId('MT-PN-KUOPIO'), unitId('MT-PN-SIILINJARVI')].sort(),
    );
    const kuopio = pn?.units.find((u) => u.id === unitId('MT-PN-KUOPIO'));
    expect(kuopio).toMatchObject({
      municipality: M.KUOPIO,
      remote: true,
      freeSlotsPerWeek: 3,
      waitDays: 15,
      serves: [M.KUOPIO, M.KAAVI, M.SIILINJARVI, M.TUUSNIEMI].sort(),
    });
    expect(kuopio?.languages).toEqual(['en', 'fi', 'sv']);
    expect(kuopio?.methods.find((m) => m.code === 'THERAPLAY')).toEqual({
      code: 'THERAPLAY',
      professionals: 2,
      fte: 1.8,
    });
    expect(pn?.serviceTypes).toEqual(['PERHENEUVOLA']);
    expect(pn?.area).toEqual([M.KUOPIO, M.KAAVI, M.SIILINJARVI, M.TUUSNIEMI].sort());
  });

  it('POST /api/matching/suggestions answers a counsellor with ranked, explained suggestions', async () => {
    const res = await post({
      municipality: M.VARKAUS,
      childAges: [3],
      topics: ['VUOROVAIKUTUS'],
      language: 'fi',
      urgency: 'normal',
      contacter: 'parent',
      remote: true,
      methods: ['THERAPLAY'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      suggestions: {
        service: { id: string; name: string };
        serviceType: string;
        organisation: { id: string; name: string };
        unit: { id: string } | null;
        municipality: { code: string; name: string } | null;
        distanceKm: number | null;
        waitDays: number | null;
        score: number;
        reasons: { code: string; text: string }[];
      }[];
    };
    expect(body.suggestions.length).toBeGreaterThan(0);
    expect(body.suggestions.length).toBeLessThanOrEqual(DEFAULT_LIMIT);
    const [first] = body.suggestions;
    expect(first).toMatchObject({
      service: { id: serviceId('perheneuvola-kuopio'), name: 'Kuopion perheneuvola' },
      serviceType: 'PERHENEUVOLA',
      organisation: { name: 'Pohjois-Savon hyvinvointialue' },
      unit: { id: unitId('MT-PN-KUOPIO') },
      municipality: { code: M.KUOPIO, name: 'Kuopio' },
      waitDays: 15,
    });
    expect(first?.distanceKm).toBeGreaterThan(60);
    expect(first?.reasons).toContainEqual({
      code: 'method',
      text: 'Menetelmäosaaminen: Theraplay (2 työntekijää)',
    });
    const scores = body.suggestions.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // the own municipality's fitting service is in the list
    expect(body.suggestions.some((s) => s.municipality?.code === M.VARKAUS)).toBe(true);
  });

  it('answers in the UI language of ?lang= or Accept-Language, with a limit', async () => {
    const payload = {
      municipality: M.KUOPIO,
      childAges: [2],
      topics: ['UNI'],
      language: 'sv',
      urgency: 'normal',
      contacter: 'parent',
      remote: false,
      limit: 3,
    };
    const sv = (await post(payload, { query: '?lang=sv' })).json() as {
      suggestions: { reasons: { code: string; text: string }[] }[];
    };
    expect(sv.suggestions).toHaveLength(3);
    expect(sv.suggestions.flatMap((s) => s.reasons)).toContainEqual({
      code: 'topic_fit',
      text: 'Passar för ämnet: Sömn och sömnrytm',
    });
    const en = (await post(payload, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).json() as {
      suggestions: { reasons: { code: string; text: string }[] }[];
    };
    expect(en.suggestions.flatMap((s) => s.reasons)).toContainEqual({
      code: 'language',
      text: 'Serves in Swedish',
    });
  });

  it('puts the emergency routes first in an emergency', async () => {
    const res = await post({
      municipality: M.KUOPIO,
      childAges: [5, 8],
      topics: ['LAHISUHDEVAKIVALTA'],
      language: 'fi',
      urgency: 'emergency',
      contacter: 'parent',
      remote: false,
    });
    const body = res.json() as {
      suggestions: { service: { id: string }; serviceType: string; reasons: { code: string }[] }[];
    };
    expect(body.suggestions[0]?.service.id).toBe(serviceId('sosiaalipaivystys'));
    expect(body.suggestions[0]?.reasons[0]?.code).toBe('emergency_route');
    expect(body.suggestions[1]?.serviceType).toBe('LAHISUHDEVAKIVALTA');
  });

  it('refuses unknown codes and another region with 400 naming each field', async () => {
    const valid = {
      municipality: M.KUOPIO,
      childAges: [2],
      topics: ['UNI'],
      language: 'fi',
      urgency: 'normal',
      contacter: 'parent',
      remote: false,
    };
    const fieldsOf = async (payload: unknown) => {
      const res = await post(payload);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json() as { error: { fields: { field: string; code: string }[] } }).error.fields.map(
        (f) => `${f.field} ${f.code}`,
      );
    };
    expect(await fieldsOf({ ...valid, topics: ['UNI', 'EI_OLE'] })).toEqual([
      'topics.1 matching.unknown_topic',
    ]);
    expect(await fieldsOf({ ...valid, municipality: '999' })).toEqual([
      'municipality matching.unknown_municipality',
    ]);
    expect(await fieldsOf({ ...valid, municipality: M.TAMPERE })).toEqual([
      'municipality matching.municipality_outside_region',
    ]);
    expect(await fieldsOf({ ...valid, methods: ['EI_OLE'] })).toEqual(['methods.0 matching.unknown_method']);
    expect(await fieldsOf({ ...valid, municipality: 'Kuopio' })).toEqual([
      'municipality matching.unknown_municipality',
    ]);
    expect(await fieldsOf({ ...valid, urgency: 'soon' })).toEqual(['urgency request.invalid_value']);
    expect((await post({ ...valid, extra: true })).statusCode).toBe(400);
    const translated = await post({ ...valid, topics: ['EI_OLE'] }, { query: '?lang=en' });
    expect((translated.json() as { error: { fields: { message: string }[] } }).error.fields[0]?.message).toBe(
      'Unknown topic: EI_OLE.',
    );
  });

  it('is for signed-in counsellors only', async () => {
    const valid = {
      municipality: M.KUOPIO,
      childAges: [2],
      topics: ['UNI'],
      language: 'fi',
      urgency: 'normal',
      contacter: 'parent',
      remote: false,
    };
    expect((await post(valid, { cookie: '' })).statusCode).toBe(302);
    expect((await post(valid, { cookie: await signIn(t.app, 'toimittaja') })).statusCode).toBe(404);
    expect((await post(valid, { cookie: await signIn(t.app, 'asiakas') })).statusCode).toBe(404);
  });

  it('is described in /api/openapi.json', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, { post?: { requestBody?: unknown; responses?: Record<string, unknown> } }>;
    };
    const route = doc.paths['/api/matching/suggestions']?.post;
    expect(route?.requestBody).toBeDefined();
    expect(route?.responses?.['200']).toBeDefined();
  });
});
