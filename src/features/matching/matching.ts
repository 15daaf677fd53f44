/**
 * Matching (capability 5): where would this family get the best help? Plain, deterministic
 * functions of (situation, candidates, now) → ranked suggestions, each with its score parts
 * and the reasons that explain it in fi, sv and en. No database and no clock inside: the
 * candidates come from candidates.ts, `now` from the caller. Every weight is an exported
 * constant below, and docs/matching.md gives the formula of each part.
 */
import { format, type Lang, translations } from '../../i18n/index.ts';
import type { LocalizedText, OrganizationKind } from '../../platform/db/types.ts';
import {
  type AgeBand,
  type FirstLineFit,
  type FirstLineTable,
  firstLineFit,
  SECOND_LINE_SHARE,
  shippedFirstLine,
  urgentRoutesFor,
} from './first-line.ts';

// ---------------------------------------------------------------------- the situation

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const CONTACTERS = ['parent', 'young_person', 'professional'] as const;
export type Contacter = (typeof CONTACTERS)[number];

/** What the counsellor knows of the family (from the contact's mapping). */
export interface Situation {
  /** the family's home municipality, 3-digit code */
  municipality: string;
  /** the children's ages in years (a young person asking for themselves: their own age) */
  childAges: number[];
  /** topic codes (data/seed/reference/topics.csv) */
  topics: string[];
  /** the family's language: fi, sv, en or another code (ar, so, uk, …) */
  language: string;
  urgency: Urgency;
  contacter: Contacter;
  /** the family accepts or prefers remote service (phone, video, chat) */
  remote: boolean;
  /** method codes the counsellor asks for (data/seed/reference/methods.csv) */
  methods?: string[];
}

// ---------------------------------------------------------------------- the candidates

/** A unit of the network that gives the service: its place, capacity, wait and competence. */
export interface CandidateUnit {
  id: string;
  name: LocalizedText;
  /** where the unit is */
  municipality: string | null;
  /** the municipalities whose residents it serves; empty: those of its service */
  serves: string[];
  remote: boolean;
  /** the unit's languages and those of its active professionals */
  languages: string[];
  freeSlotsPerWeek: number;
  /** the current wait for a first appointment, working days; null: not known */
  waitDays: number | null;
  updatedAt: Date;
  /** methods of its active professionals: how many know each, and their full-time equivalents */
  methods: { code: string; professionals: number; fte: number }[];
}

/** An active service of the region's catalogue, with its units. */
export interface Candidate {
  id: string;
  name: LocalizedText;
  /** service-type codes, sorted */
  serviceTypes: string[];
  /** topic codes */
  topics: string[];
  minAge: number | null;
  maxAge: number | null;
  /** 'region': every municipality of the region; else the municipality codes it serves */
  area: 'region' | string[];
  channels: string[];
  languages: string[];
  organization: {
    id: string;
    name: LocalizedText;
    kind: OrganizationKind;
    municipality: string | null;
  };
  /** municipalities of its locations (service_at_location) */
  places: string[];
  units: CandidateUnit[];
}

/** Reference data the matching reads: municipality centres and the names in the reasons. */
export interface MatchingReference {
  municipalities: Map<string, { code: string; name: LocalizedText; latitude: number; longitude: number }>;
  topics: Map<string, LocalizedText>;
  methods: Map<string, LocalizedText>;
  /** the region's first-line table (docs/routing.md); without it, the shipped one */
  firstLine?: FirstLineTable;
}

/** The first-line table the matching uses: the region's, or the shipped one. */
export const firstLineOf = (reference: MatchingReference): FirstLineTable =>
  reference.firstLine ?? shippedFirstLine();

// ---------------------------------------------------------------------- the weights

/** The most points each part can give (negative: a deduction). The score is their sum. */
export const WEIGHTS = {
  /** the situation's topics the service is about */
  topic: 40,
  /** the children whose age the service takes */
  age: 10,
  /** the methods asked for that the unit's professionals are trained in */
  method: 30,
  /** no method asked for: the unit knows a method that helps with the topics (METHODS_FOR_TOPIC) */
  impliedMethod: 10,
  /** the service serves in the family's language */
  language: 15,
  /** travel from the family's municipality centre; full when remote, home visits or no place */
  distance: 20,
  /** free first-appointment slots per week */
  capacity: 10,
  /** the wait for a first appointment */
  wait: 20,
  /** the service's type is the first help for a topic at the children's age (the first-line table); the second line gets SECOND_LINE_SHARE */
  firstLine: 40,
  /** the service is in (or run by) the family's own municipality */
  ownMunicipality: 10,
  /** a young person asking for themselves, and a service meant for young people */
  youngPerson: 5,
  /** the region's service whose catchment area does not include the family's municipality */
  outsideArea: -10,
  /** each service higher in the list with the same service type (variety of routes) */
  sameType: -5,
} as const;
export type PartName = keyof typeof WEIGHTS;

/** Of the firstLine part: the share a second-line service gets (first-line.ts). */
export { SECOND_LINE_SHARE };
/** Of the topic part: the share given by coverage (asked topics matched); the rest by focus. */
export const TOPIC_COVERAGE_SHARE = 0.75;
/** Distance points fall linearly to zero at this many km. */
export const DISTANCE_ZERO_KM = 150;
/** Capacity points are full at this many free first-appointment slots a week. */
export const CAPACITY_FULL_SLOTS = 5;
/** Wait points fall linearly to zero at this many working days. */
export const WAIT_ZERO_DAYS = 60;
/** The share of the capacity and wait points when they are not known (no unit, or stale). */
export const UNKNOWN_SHARE = 0.5;
/** In an urgent or emergency situation the wait part counts this many times. */
export const URGENT_WAIT_FACTOR = 2;
/** A unit's capacity and wait older than this many days count as not known. */
export const STALE_AFTER_DAYS = 90;
/** Suggestions returned unless the caller asks for another number. */
export const DEFAULT_LIMIT = 10;
/** At most this many services of each emergency-route type are put first. */
export const ROUTES_PER_TYPE = 2;
/** A young person's service: its minimum age is at least this. */
export const YOUTH_MIN_AGE = 12;

/** Channels through which a service without a unit in the registry can be used remotely. */
export const REMOTE_CHANNELS = ['phone', 'chat', 'video', 'eservice'] as const;
/** Organisations whose services may be suggested outside their catchment area (the region organises them for all its residents). */
export const CROSS_BORDER_KINDS: readonly OrganizationKind[] = ['region', 'joint_authority'];

/**
 * Methods that help with a topic: a unit trained in one of them fits the topic even when its
 * service does not list it, and, when the counsellor asks for no method, gets the
 * impliedMethod points.
 */
export const METHODS_FOR_TOPIC: Readonly<Record<string, readonly string[]>> = {
  VUOROVAIKUTUS: ['THERAPLAY', 'MARTE_MEO', 'TURVALLISUUDEN_KEHA'],
  VAUVAPERHE: ['VAHVUUTTA_VANHEMMUUTEEN', 'MARTE_MEO', 'TURVALLISUUDEN_KEHA'],
  TUNTEET_KAYTTAYTYMINEN: ['IHMEELLISET_VUODET', 'PERHEKOULU_POP', 'VOIMAPERHEET'],
  RAIVOKOHTAUKSET: ['IHMEELLISET_VUODET', 'PERHEKOULU_POP', 'VOIMAPERHEET'],
  RAJAT_KASVATUS: ['IHMEELLISET_VUODET', 'PERHEKOULU_POP', 'ROOLIKARTTA'],
  JAKSAMINEN_VANHEMMUUS: ['ROOLIKARTTA', 'LAPSI_MIELESSA', 'LAPSET_PUHEEKSI'],
  MIELENTERVEYS_VANHEMPI: ['LAPSET_PUHEEKSI', 'BEARDSLEE', 'TOIMIVA_LAPSI_PERHE'],
  PAIHTEET_VANHEMPI: ['LAPSET_PUHEEKSI', 'BEARDSLEE', 'TOIMIVA_LAPSI_PERHE'],
  SAIRAUS_KUOLEMA: ['LAPSET_PUHEEKSI', 'BEARDSLEE'],
  NEPSY: ['NEPSY_VALMENNUS'],
  MIELENTERVEYS_LAPSI: ['PERHETERAPIA'],
  SISARUSSUHTEET: ['PERHETERAPIA'],
  ERO: ['PERHETERAPIA'],
  UUSPERHE: ['PERHETERAPIA'],
  PARISUHDE: ['PERHETERAPIA'],
};

/** Methods that help with the situation's topics, whatever was asked (a unit with one fits the topic). */
export function topicMethods(situation: Situation): string[] {
  const codes = new Set<string>();
  for (const topic of situation.topics) for (const m of METHODS_FOR_TOPIC[topic] ?? []) codes.add(m);
  return [...codes].sort();
}

/** The methods the matching looks for: those asked, or else those that help with the topics. */
export function soughtMethods(situation: Situation): { codes: string[]; asked: boolean } {
  if (situation.methods && situation.methods.length > 0)
    return { codes: [...situation.methods], asked: true };
  return { codes: topicMethods(situation), asked: false };
}

// ---------------------------------------------------------------------- reasons

/** Why a suggestion is where it is, in language-neutral values; explain() makes the texts. */
export type Reason =
  | { code: 'emergency_route'; type: string; topic?: string | null; source?: string | null }
  | { code: 'first_help' | 'second_line'; topic: string; band: AgeBand; source: string }
  | { code: 'topic_fit' | 'topic_partial'; topics: string[] }
  | { code: 'age_fit' | 'age_partial'; ages: number[]; min: number | null; max: number | null }
  | { code: 'method'; methods: { code: string; professionals: number }[] }
  | { code: 'method_missing'; methods: string[] }
  | { code: 'language' | 'language_missing'; language: string }
  | { code: 'distance'; km: number; from: string; place: string }
  | { code: 'remote'; channels: string[] }
  | { code: 'home_visit' }
  | { code: 'capacity'; count: number }
  | { code: 'no_capacity' }
  | { code: 'wait'; days: number }
  | { code: 'stale_data'; updatedAt: Date }
  | { code: 'own_municipality'; municipality: string }
  | { code: 'own_municipality_kept' }
  | { code: 'outside_area' }
  | { code: 'young_person' };

export type ReasonCode = Reason['code'];

// ---------------------------------------------------------------------- the parts, each alone

const round1 = (n: number) => Math.round(n * 10) / 10;
const has = (list: readonly string[], value: string) => list.includes(value);

/**
 * Topic fit: coverage (the share of the asked topics the service fits) and focus (how much of
 * the service is about them). A service fits a topic when it lists it, or when its unit is
 * trained in a method that helps with it (METHODS_FOR_TOPIC).
 */
export function topicPart(
  situation: Situation,
  candidate: Candidate,
  unit: CandidateUnit | null = null,
): { points: number; matched: string[] } {
  const asked = [...new Set(situation.topics)];
  const byMethod = (topic: string) =>
    unit !== null &&
    (METHODS_FOR_TOPIC[topic] ?? []).some((m) =>
      unit.methods.some((x) => x.code === m && x.professionals > 0),
    );
  const matched = asked.filter((t) => has(candidate.topics, t) || byMethod(t));
  if (asked.length === 0 || matched.length === 0) return { points: 0, matched };
  const coverage = matched.length / asked.length;
  const focus = matched.length / Math.max(candidate.topics.length, matched.length);
  return {
    points: WEIGHTS.topic * (TOPIC_COVERAGE_SHARE * coverage + (1 - TOPIC_COVERAGE_SHARE) * focus),
    matched,
  };
}

/**
 * Age fit: the share of the children the service takes. A service that takes none of them is
 * not a candidate (`fits` false). No ages given: no points and no filter.
 */
export function agePart(
  situation: Situation,
  candidate: Pick<Candidate, 'minAge' | 'maxAge'>,
): { points: number; fits: boolean; ages: number[] } {
  const ages = [...new Set(situation.childAges)].sort((a, b) => a - b);
  if (ages.length === 0) return { points: 0, fits: true, ages: [] };
  const taken = ages.filter(
    (age) =>
      (candidate.minAge === null || age >= candidate.minAge) &&
      (candidate.maxAge === null || age <= candidate.maxAge),
  );
  return { points: (WEIGHTS.age * taken.length) / ages.length, fits: taken.length > 0, ages: taken };
}

/**
 * Method competence of the unit: asked methods by the share it has; with none asked, the
 * impliedMethod points when it has a method that helps with the topics.
 */
export function methodPart(
  situation: Situation,
  unit: CandidateUnit | null,
): { points: number; found: { code: string; professionals: number }[]; missing: string[] } {
  const sought = soughtMethods(situation);
  if (sought.codes.length === 0) return { points: 0, found: [], missing: [] };
  const found = sought.codes.flatMap((code) => {
    const m = unit?.methods.find((x) => x.code === code);
    return m && m.professionals > 0 ? [{ code, professionals: m.professionals }] : [];
  });
  if (!sought.asked) return { points: found.length > 0 ? WEIGHTS.impliedMethod : 0, found, missing: [] };
  const missing = unit ? sought.codes.filter((code) => !found.some((f) => f.code === code)) : [];
  return { points: (WEIGHTS.method * found.length) / sought.codes.length, found, missing };
}

/** Language: the service, its unit or the unit's professionals serve in the family's language. */
export function languagePart(
  situation: Situation,
  candidate: Candidate,
  unit: CandidateUnit | null,
): { points: number; served: boolean } {
  const served =
    has(candidate.languages, situation.language) || (unit ? has(unit.languages, situation.language) : false);
  return { points: served ? WEIGHTS.language : 0, served };
}

/** Great-circle distance between two points, km (haversine, Earth radius 6371 km). */
export function haversineKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Where the family would go: the unit's municipality; else the location nearest to the
 * family; else the organisation's municipality; else none (phone, chat, e-service only).
 */
export function placeOf(
  situation: Situation,
  candidate: Candidate,
  unit: CandidateUnit | null,
  reference: MatchingReference,
): string | null {
  if (unit?.municipality) return unit.municipality;
  if (candidate.places.length > 0) {
    const places = [...candidate.places].sort();
    const home = reference.municipalities.get(situation.municipality);
    if (has(places, situation.municipality) || !home)
      return has(places, situation.municipality) ? situation.municipality : (places[0] ?? null);
    let best = places[0] ?? null;
    let bestKm = Number.POSITIVE_INFINITY;
    for (const code of places) {
      const m = reference.municipalities.get(code);
      const km = m ? haversineKm(home, m) : Number.POSITIVE_INFINITY;
      if (km < bestKm) {
        best = code;
        bestKm = km;
      }
    }
    return best;
  }
  return candidate.organization.municipality;
}

/** Whether the family can use the service remotely: the unit says so; without a unit, its channels. */
export function remoteCapable(candidate: Candidate, unit: CandidateUnit | null): boolean {
  if (unit) return unit.remote;
  return candidate.channels.some((c) => has(REMOTE_CHANNELS, c));
}

/**
 * Distance: full points when the family need not travel — the place is in their own
 * municipality, remote is accepted and possible, home visits within the service's area, or
 * there is no place to go; else falling linearly from the full points at 0 km to none at
 * DISTANCE_ZERO_KM, between the municipality centres.
 */
export function distancePart(
  situation: Situation,
  candidate: Candidate,
  unit: CandidateUnit | null,
  reference: MatchingReference,
  inArea = true,
): {
  points: number;
  km: number | null;
  place: string | null;
  mode: 'local' | 'remote' | 'home_visit' | 'travel' | 'none';
} {
  const place = placeOf(situation, candidate, unit, reference);
  const home = reference.municipalities.get(situation.municipality);
  const there = place ? reference.municipalities.get(place) : undefined;
  const km = home && there ? haversineKm(home, there) : null;
  if (place === situation.municipality) return { points: WEIGHTS.distance, km: 0, place, mode: 'local' };
  if (situation.remote && remoteCapable(candidate, unit))
    return { points: WEIGHTS.distance, km, place, mode: 'remote' };
  if (inArea && has(candidate.channels, 'home_visit'))
    return { points: WEIGHTS.distance, km, place, mode: 'home_visit' };
  if (km === null) {
    const remote = remoteCapable(candidate, unit);
    return { points: WEIGHTS.distance, km, place, mode: remote ? 'remote' : 'none' };
  }
  return { points: WEIGHTS.distance * Math.max(0, 1 - km / DISTANCE_ZERO_KM), km, place, mode: 'travel' };
}

/** A unit's capacity and wait are known when it has them and they are fresh. */
export function unitFigures(unit: CandidateUnit | null, now: Date): { known: boolean; stale: boolean } {
  if (!unit) return { known: false, stale: false };
  const ageDays = (now.getTime() - unit.updatedAt.getTime()) / 86_400_000;
  const stale = ageDays > STALE_AFTER_DAYS;
  return { known: !stale, stale };
}

/** Capacity: free first-appointment slots a week, full points at CAPACITY_FULL_SLOTS. */
export function capacityPart(
  unit: CandidateUnit | null,
  now: Date,
): { points: number; slots: number | null } {
  if (!unit || !unitFigures(unit, now).known)
    return { points: WEIGHTS.capacity * UNKNOWN_SHARE, slots: null };
  return {
    points: WEIGHTS.capacity * Math.min(1, unit.freeSlotsPerWeek / CAPACITY_FULL_SLOTS),
    slots: unit.freeSlotsPerWeek,
  };
}

/** Wait: falling linearly to none at WAIT_ZERO_DAYS; counted URGENT_WAIT_FACTOR times when urgent. */
export function waitPart(
  situation: Situation,
  unit: CandidateUnit | null,
  now: Date,
): { points: number; days: number | null } {
  const factor = situation.urgency === 'normal' ? 1 : URGENT_WAIT_FACTOR;
  if (!unit || unit.waitDays === null || !unitFigures(unit, now).known)
    return { points: WEIGHTS.wait * UNKNOWN_SHARE * factor, days: null };
  return {
    points: WEIGHTS.wait * Math.max(0, 1 - unit.waitDays / WAIT_ZERO_DAYS) * factor,
    days: unit.waitDays,
  };
}

/** Own municipality: the service's place is there, or the municipality itself provides it. */
export function ownMunicipalityPart(
  situation: Situation,
  candidate: Candidate,
  place: string | null,
): { points: number; own: boolean } {
  const own =
    place === situation.municipality ||
    (candidate.organization.kind === 'municipality' &&
      candidate.organization.municipality === situation.municipality);
  return { points: own ? WEIGHTS.ownMunicipality : 0, own };
}

/**
 * Area: the service (or the unit) serves the family's municipality. The region's own services
 * may be suggested across the catchment border, with the outsideArea deduction, through a
 * unit of the registry (whose competence and wait are the evidence that it is better); any
 * other service outside its area is not a candidate.
 */
export function areaPart(
  situation: Situation,
  candidate: Candidate,
  unit: CandidateUnit | null,
): { points: number; inArea: boolean; eligible: boolean } {
  const inArea =
    candidate.area === 'region' ||
    has(candidate.area, situation.municipality) ||
    (unit !== null && has(unit.serves, situation.municipality));
  if (inArea) return { points: 0, inArea, eligible: true };
  const eligible = unit !== null && CROSS_BORDER_KINDS.includes(candidate.organization.kind);
  return { points: WEIGHTS.outsideArea, inArea, eligible };
}

/** A young person asking for themselves: services meant for young people. */
export function youngPersonPart(
  situation: Situation,
  candidate: Candidate,
): { points: number; fits: boolean } {
  const fits =
    situation.contacter === 'young_person' && candidate.minAge !== null && candidate.minAge >= YOUTH_MIN_AGE;
  return { points: fits ? WEIGHTS.youngPerson : 0, fits };
}

/**
 * The emergency routes of an urgent or emergency situation, in the order they are put first:
 * the urgent routes of the first-line table for the situation's topics × the children's age
 * bands (first-line.ts, urgentRoutesFor). Child protection is a route only where the table says
 * so (a child's safety at stake); in an emergency the round-the-clock social emergency service
 * comes first whenever it is a route.
 */
export function emergencyRoutes(situation: Situation, table: FirstLineTable = shippedFirstLine()): string[] {
  return urgentRoutesFor(table, situation).map((r) => r.type);
}

/** The emergency route a service is in the situation (its rank in emergencyRoutes), or null. */
export function routeRank(
  situation: Situation,
  candidate: Candidate,
  table: FirstLineTable = shippedFirstLine(),
): { rank: number; type: string; topic: string | null; source: string | null } | null {
  const order = urgentRoutesFor(table, situation);
  for (const [rank, route] of order.entries())
    if (has(candidate.serviceTypes, route.type)) return { rank, ...route };
  return null;
}

/**
 * First line: for each of the situation's topics, 1 when one of the service's types is the
 * first help for it at one of the children's age bands (the first-line table),
 * SECOND_LINE_SHARE when it is the second line, else 0; the points are the weight × the mean
 * over the topics.
 */
export function firstLinePart(
  situation: Situation,
  candidate: Pick<Candidate, 'serviceTypes'>,
  table: FirstLineTable = shippedFirstLine(),
): { points: number; fit: FirstLineFit | null } {
  const fit = firstLineFit(table, situation, candidate.serviceTypes);
  return { points: fit ? WEIGHTS.firstLine * fit.share : 0, fit };
}

// ---------------------------------------------------------------------- scoring one option

export type ScoreParts = Record<PartName, number>;

/** A scored service (with the unit that suits the family best), before the list is put in order. */
export interface Scored {
  candidate: Candidate;
  unit: CandidateUnit | null;
  parts: ScoreParts;
  score: number;
  place: string | null;
  distanceKm: number | null;
  waitDays: number | null;
  own: boolean;
  /** the service fits the topics or the methods (not only as an emergency route) */
  fitting: boolean;
  route: { rank: number; type: string; topic: string | null; source: string | null } | null;
  reasons: Reason[];
}

/**
 * The ways the family could get the service: the units whose municipalities include theirs
 * or that list none; when no unit serves them, the service itself at its nearest place (null)
 * and every unit of the service (across the catchment border, see areaPart).
 */
export function unitOptions(situation: Situation, candidate: Candidate): (CandidateUnit | null)[] {
  const serving = candidate.units.filter(
    (u) => u.serves.length === 0 || has(u.serves, situation.municipality),
  );
  if (serving.length > 0) return serving;
  return [null, ...candidate.units];
}

/** Scores a service for the situation; null when it is not a candidate at all. */
export function scoreCandidate(
  situation: Situation,
  candidate: Candidate,
  now: Date,
  reference: MatchingReference,
): Scored | null {
  const age = agePart(situation, candidate);
  if (!age.fits) return null;
  let best: Scored | null = null;
  for (const unit of unitOptions(situation, candidate).sort((a, b) =>
    (a?.id ?? '').localeCompare(b?.id ?? ''),
  )) {
    const scored = scoreOption(situation, candidate, unit, age, now, reference);
    if (scored && (!best || scored.score > best.score)) best = scored;
  }
  return best;
}

function scoreOption(
  situation: Situation,
  candidate: Candidate,
  unit: CandidateUnit | null,
  age: ReturnType<typeof agePart>,
  now: Date,
  reference: MatchingReference,
): Scored | null {
  const area = areaPart(situation, candidate, unit);
  if (!area.eligible) return null;
  const topic = topicPart(situation, candidate, unit);
  const method = methodPart(situation, unit);
  const table = firstLineOf(reference);
  const route = routeRank(situation, candidate, table);
  const firstLine = firstLinePart(situation, candidate, table);
  const fitting =
    situation.topics.length === 0 ||
    topic.matched.length > 0 ||
    method.found.length > 0 ||
    firstLine.fit !== null;
  if (!fitting && !route) return null;

  const language = languagePart(situation, candidate, unit);
  const distance = distancePart(situation, candidate, unit, reference, area.inArea);
  const capacity = capacityPart(unit, now);
  const wait = waitPart(situation, unit, now);
  const own = ownMunicipalityPart(situation, candidate, distance.place);
  const young = youngPersonPart(situation, candidate);
  const parts: ScoreParts = {
    topic: round1(topic.points),
    age: round1(age.points),
    method: round1(method.points),
    impliedMethod: 0,
    language: round1(language.points),
    distance: round1(distance.points),
    capacity: round1(capacity.points),
    wait: round1(wait.points),
    firstLine: round1(firstLine.points),
    ownMunicipality: round1(own.points),
    youngPerson: round1(young.points),
    outsideArea: round1(area.points),
    sameType: 0,
  };
  // the method part is one part: asked methods, or the implied ones
  if (!soughtMethods(situation).asked) {
    parts.impliedMethod = parts.method;
    parts.method = 0;
  }

  const reasons: Reason[] = [];
  if (route)
    reasons.push({ code: 'emergency_route', type: route.type, topic: route.topic, source: route.source });
  if (firstLine.fit)
    reasons.push({
      code: firstLine.fit.tier === 'first' ? 'first_help' : 'second_line',
      topic: firstLine.fit.topic,
      band: firstLine.fit.band,
      source: firstLine.fit.source,
    });
  if (topic.matched.length > 0)
    reasons.push({
      code: topic.matched.length === new Set(situation.topics).size ? 'topic_fit' : 'topic_partial',
      topics: topic.matched,
    });
  if (method.found.length > 0) reasons.push({ code: 'method', methods: method.found });
  if (method.missing.length > 0) reasons.push({ code: 'method_missing', methods: method.missing });
  if (age.ages.length > 0 && (candidate.minAge !== null || candidate.maxAge !== null))
    reasons.push({
      code: age.ages.length === new Set(situation.childAges).size ? 'age_fit' : 'age_partial',
      ages: age.ages,
      min: candidate.minAge,
      max: candidate.maxAge,
    });
  if (young.fits) reasons.push({ code: 'young_person' });
  if (!language.served) reasons.push({ code: 'language_missing', language: situation.language });
  else if (situation.language !== 'fi') reasons.push({ code: 'language', language: situation.language });
  if (own.own) reasons.push({ code: 'own_municipality', municipality: situation.municipality });
  if (distance.mode === 'remote') {
    const channels = candidate.channels.filter((c) => has(REMOTE_CHANNELS, c));
    reasons.push({ code: 'remote', channels: channels.length > 0 ? channels : ['video'] });
  } else if (distance.mode === 'home_visit') reasons.push({ code: 'home_visit' });
  else if (distance.mode === 'travel' && distance.km !== null && distance.place)
    reasons.push({
      code: 'distance',
      km: Math.round(distance.km),
      from: situation.municipality,
      place: distance.place,
    });
  if (!area.inArea) reasons.push({ code: 'outside_area' });
  const figures = unitFigures(unit, now);
  if (unit && figures.stale) reasons.push({ code: 'stale_data', updatedAt: unit.updatedAt });
  if (capacity.slots !== null)
    reasons.push(capacity.slots > 0 ? { code: 'capacity', count: capacity.slots } : { code: 'no_capacity' });
  if (wait.days !== null) reasons.push({ code: 'wait', days: wait.days });

  return {
    candidate,
    unit,
    parts,
    score: sumParts(parts),
    place: distance.place,
    distanceKm: distance.km === null ? null : round1(distance.km),
    waitDays: wait.days,
    own: own.own,
    fitting,
    route,
    reasons,
  };
}

export function sumParts(parts: ScoreParts): number {
  return round1(Object.values(parts).reduce((sum, p) => sum + p, 0));
}

// ---------------------------------------------------------------------- the ranked list

/** One suggestion, language-neutral: explain() turns its reasons into texts. */
export interface Suggestion {
  serviceId: string;
  name: LocalizedText;
  /** the main service type: the emergency route's type, else the first of its types */
  serviceType: string;
  serviceTypes: string[];
  organization: { id: string; name: LocalizedText; kind: OrganizationKind };
  unit: { id: string; name: LocalizedText } | null;
  /** where the family would go (null: remote only, or region-wide without a place) */
  municipality: string | null;
  distanceKm: number | null;
  waitDays: number | null;
  score: number;
  parts: ScoreParts;
  /** an emergency route put first */
  route: boolean;
  /** in the family's own municipality */
  own: boolean;
  /** kept in the list by the own-municipality guarantee */
  kept: boolean;
  reasons: Reason[];
}

const collator = new Intl.Collator('fi');
const byScore = (a: Scored, b: Scored) =>
  b.score - a.score ||
  collator.compare(a.candidate.name.fi ?? '', b.candidate.name.fi ?? '') ||
  (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0);

/**
 * The ranked list for a situation:
 * 1. every candidate scored (with its best unit); the asking service (`exclude`) and those that
 *    fit neither topics, methods nor the first-line table, take none of the children, or are
 *    outside their area (other than the region's own) drop out;
 * 2. in an urgent or emergency situation the emergency routes first (ROUTES_PER_TYPE of each
 *    type, the social emergency service first in an emergency), then the rest by score;
 * 3. a service whose main type already appears higher loses `sameType` points for each (greedy);
 * 4. cut at `limit`, and the best fitting service of the family's own municipality is kept in
 *    the list even when it fell below the cut (the last place is given to it, marked).
 */
export function rankSuggestions(
  situation: Situation,
  candidates: readonly Candidate[],
  now: Date,
  reference: MatchingReference,
  { limit = DEFAULT_LIMIT, exclude = [] }: { limit?: number; exclude?: readonly string[] } = {},
): Suggestion[] {
  const scored: Scored[] = [];
  for (const candidate of candidates) {
    // never the asking service itself (the counsellors' own contact point)
    if (exclude.includes(candidate.id)) continue;
    const s = scoreCandidate(situation, candidate, now, reference);
    if (s) scored.push(s);
  }
  scored.sort(byScore);

  // emergency routes first
  const routes: Scored[] = [];
  const perType = new Map<string, number>();
  for (const s of scored) {
    if (!s.route) continue;
    const n = perType.get(s.route.type) ?? 0;
    if (n >= ROUTES_PER_TYPE) continue;
    perType.set(s.route.type, n + 1);
    routes.push(s);
  }
  routes.sort((a, b) => (a.route?.rank ?? 99) - (b.route?.rank ?? 99) || byScore(a, b));
  const routeSet = new Set(routes);
  const rest = scored.filter((s) => !routeSet.has(s) && s.fitting);

  // variety, greedily: each pick lowers the others of its main type by `sameType`
  const ordered: Scored[] = routes.slice(0, limit);
  const typeCount = new Map<string, number>();
  const count = (s: Scored) => typeCount.set(mainType(s), (typeCount.get(mainType(s)) ?? 0) + 1);
  const withVariety = (s: Scored): Scored => {
    const sameType = round1(WEIGHTS.sameType * (typeCount.get(mainType(s)) ?? 0));
    return sameType === 0 ? s : { ...s, parts: { ...s.parts, sameType }, score: round1(s.score + sameType) };
  };
  for (const s of ordered) count(s);
  const pool = new Set(rest);
  while (ordered.length < limit && pool.size > 0) {
    let best: { original: Scored; adjusted: Scored } | null = null;
    for (const s of pool) {
      // the deduction only lowers a score: nothing below the best so far can win
      if (best && s.score < best.adjusted.score) break;
      const adjusted = withVariety(s);
      if (!best || byScore(adjusted, best.adjusted) < 0) best = { original: s, adjusted };
    }
    if (!best) break;
    pool.delete(best.original);
    ordered.push(best.adjusted);
    count(best.adjusted);
  }

  // the own-municipality guarantee
  let kept: Scored | null = null;
  if (ordered.length > 0 && !ordered.some((s) => s.own && s.fitting)) {
    const inCatchment = (s: Scored) =>
      s.candidate.area !== 'region' && s.candidate.area.includes(situation.municipality);
    const remaining = [...pool];
    const best =
      remaining.find((s) => s.own && s.fitting) ?? remaining.find((s) => inCatchment(s) && s.fitting);
    if (best) {
      kept = withVariety(best);
      if (ordered.length >= limit) ordered.pop();
      ordered.push(kept);
    }
  }
  return ordered.map((s) => toSuggestion(s, s === kept));
}

function mainType(s: Scored): string {
  return s.route?.type ?? s.candidate.serviceTypes[0] ?? '';
}

function toSuggestion(s: Scored, kept: boolean): Suggestion {
  const reasons: Reason[] = kept ? [{ code: 'own_municipality_kept' }, ...s.reasons] : s.reasons;
  return {
    serviceId: s.candidate.id,
    name: s.candidate.name,
    serviceType: mainType(s),
    serviceTypes: s.candidate.serviceTypes,
    organization: {
      id: s.candidate.organization.id,
      name: s.candidate.organization.name,
      kind: s.candidate.organization.kind,
    },
    unit: s.unit ? { id: s.unit.id, name: s.unit.name } : null,
    municipality: s.place,
    distanceKm: s.distanceKm,
    waitDays: s.waitDays,
    score: s.score,
    parts: s.parts,
    route: s.route !== null,
    own: s.own,
    kept,
    reasons,
  };
}

// ---------------------------------------------------------------------- explanations

export interface ReasonText {
  code: ReasonCode;
  text: string;
}

const pick = (text: LocalizedText, lang: Lang): string => text[lang] ?? text.fi;
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const formatDay = (date: Date) => `${date.getUTCDate()}.${date.getUTCMonth() + 1}.${date.getUTCFullYear()}`;

/** The text of one reason in the language. */
export function explainReason(reason: Reason, lang: Lang, reference: MatchingReference): string {
  const t = translations(lang);
  const texts = t.matching;
  const r = texts.reason;
  const municipalityName = (code: string) => {
    const m = reference.municipalities.get(code);
    return m ? pick(m.name, lang) : code;
  };
  const languageName = (code: string) => texts.languageIn[code] ?? code;
  const ageRange = (min: number | null, max: number | null) =>
    min !== null && max !== null
      ? format(texts.ages.range, { min, max })
      : min !== null
        ? format(texts.ages.from, { min })
        : format(texts.ages.to, { max: max ?? '' });
  switch (reason.code) {
    case 'emergency_route': {
      const known = (r.emergency_route as Record<string, string>)[reason.type];
      if (known) return known;
      const topic = reason.topic ? reference.topics.get(reason.topic) : undefined;
      return format(r.urgent_route, {
        topic: topic ? pick(topic, lang) : (reason.topic ?? ''),
        source: reason.source ?? '',
      });
    }
    case 'first_help':
    case 'second_line': {
      const topic = reference.topics.get(reason.topic);
      return format(r[reason.code], {
        topic: topic ? pick(topic, lang) : reason.topic,
        band: texts.band[reason.band],
        source: reason.source,
      });
    }
    case 'topic_fit':
    case 'topic_partial': {
      const names = reason.topics.map((c) => {
        const name = reference.topics.get(c);
        return name ? pick(name, lang) : c;
      });
      const template =
        reason.code === 'topic_partial'
          ? r.topic_partial
          : names.length === 1
            ? r.topic_fit.one
            : r.topic_fit.other;
      return format(template, { topics: names.join(', ') });
    }
    case 'age_fit':
    case 'age_partial':
      return format(reason.code === 'age_fit' ? r.age_fit : r.age_partial, {
        ages: reason.ages.join(', '),
        range: ageRange(reason.min, reason.max),
      });
    case 'method': {
      const list = reason.methods.map((m) => {
        const name = reference.methods.get(m.code);
        const people = format(m.professionals === 1 ? texts.professionals.one : texts.professionals.other, {
          count: m.professionals,
        });
        return `${name ? pick(name, lang) : m.code} (${people})`;
      });
      return format(r.method, { methods: list.join(', ') });
    }
    case 'method_missing':
      return format(r.method_missing, {
        methods: reason.methods
          .map((code) => {
            const name = reference.methods.get(code);
            return name ? pick(name, lang) : code;
          })
          .join(', '),
      });
    case 'language':
      return format(r.language, { language: languageName(reason.language) });
    case 'language_missing':
      return format(r.language_missing, { language: languageName(reason.language) });
    case 'distance': {
      const from =
        texts.from[reason.from] ?? format(texts.fromOther, { name: municipalityName(reason.from) });
      return format(r.distance, { km: reason.km, from, place: municipalityName(reason.place) });
    }
    case 'remote':
      return format(r.remote, {
        channels: reason.channels
          .map((c) => lowerFirst((t.channel as Record<string, string>)[c] ?? c))
          .join(', '),
      });
    case 'home_visit':
      return r.home_visit;
    case 'capacity':
      return format(r.capacity, { count: reason.count });
    case 'no_capacity':
      return r.no_capacity;
    case 'wait':
      return format(reason.days === 0 ? r.wait.zero : reason.days === 1 ? r.wait.one : r.wait.other, {
        days: reason.days,
      });
    case 'stale_data':
      return format(r.stale_data, { date: formatDay(reason.updatedAt) });
    case 'own_municipality':
      return format(r.own_municipality, { municipality: municipalityName(reason.municipality) });
    case 'own_municipality_kept':
      return r.own_municipality_kept;
    case 'outside_area':
      return r.outside_area;
    case 'young_person':
      return r.young_person;
  }
}

/** A suggestion as the API and the staff pages show it, in one language. */
export interface SuggestionView {
  service: { id: string; name: string };
  serviceType: string;
  organisation: { id: string; name: string; kind: OrganizationKind };
  unit: { id: string; name: string } | null;
  municipality: { code: string; name: string } | null;
  distanceKm: number | null;
  waitDays: number | null;
  score: number;
  parts: ScoreParts;
  reasons: ReasonText[];
}

export function explain(suggestion: Suggestion, lang: Lang, reference: MatchingReference): SuggestionView {
  const municipality = suggestion.municipality
    ? reference.municipalities.get(suggestion.municipality)
    : undefined;
  return {
    service: { id: suggestion.serviceId, name: pick(suggestion.name, lang) },
    serviceType: suggestion.serviceType,
    organisation: {
      id: suggestion.organization.id,
      name: pick(suggestion.organization.name, lang),
      kind: suggestion.organization.kind,
    },
    unit: suggestion.unit ? { id: suggestion.unit.id, name: pick(suggestion.unit.name, lang) } : null,
    municipality:
      suggestion.municipality === null
        ? null
        : {
            code: suggestion.municipality,
            name: municipality ? pick(municipality.name, lang) : suggestion.municipality,
          },
    distanceKm: suggestion.distanceKm,
    waitDays: suggestion.waitDays,
    score: suggestion.score,
    parts: suggestion.parts,
    reasons: suggestion.reasons.map((reason) => ({
      code: reason.code,
      text: explainReason(reason, lang, reference),
    })),
  };
}

/** (situation, candidates, now) → the ranked suggestions with their reasons in the language. */
export function matchServices(
  situation: Situation,
  candidates: readonly Candidate[],
  now: Date,
  reference: MatchingReference,
  { lang = 'fi', limit = DEFAULT_LIMIT }: { lang?: Lang; limit?: number } = {},
): SuggestionView[] {
  return rankSuggestions(situation, candidates, now, reference, { limit }).map((s) =>
    explain(s, lang, reference),
  );
}
