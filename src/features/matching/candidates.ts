/**
 * The candidates of a situation, read in one SQL statement: the region's active services that
 * can fit (area, age, topics, methods, emergency routes), each with its service types, topics,
 * catchment area, the municipalities of its locations, its organisation, and its active units
 * with their capacity, wait, languages and the methods of their active professionals
 * (aggregated in the database). Reference data (municipality centres, term and method names)
 * is kept in memory for a minute per database.
 */

import type { Kysely } from 'kysely';
import { type RawBuilder, sql } from 'kysely';
import type { DB, LocalizedText, OrganizationKind } from '../../platform/db/types.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { type FirstLineTable, shippedFirstLine, typesFor } from './first-line.ts';
import {
  type Candidate,
  type CandidateUnit,
  CROSS_BORDER_KINDS,
  type MatchingReference,
  type Situation,
  soughtMethods,
  topicMethods,
} from './matching.ts';

type Db = Kysely<DB>;

/** The reference data of matching, with what the SQL and the checks need besides. */
export interface MatchingData extends MatchingReference {
  municipalityRegion: Map<string, string>;
  topicIds: Map<string, string>;
  serviceTypeIds: Map<string, string>;
  /** taxonomy term id → its taxonomy ('topic', 'service_type') and code */
  terms: Map<string, { taxonomy: string; code: string }>;
}

const REFERENCE_TTL_MS = 60_000;
const referenceCache = new WeakMap<Db, { at: number; data: Promise<MatchingData> }>();

/** Municipality centres, topics, service types and methods, kept for a minute per database. */
export function matchingReference(db: Db): Promise<MatchingData> {
  const cached = referenceCache.get(db);
  if (cached && Date.now() - cached.at < REFERENCE_TTL_MS) return cached.data;
  const data = readReference(db);
  referenceCache.set(db, { at: Date.now(), data });
  data.catch(() => referenceCache.delete(db));
  return data;
}

/** Forgets the kept reference data (after the methods or municipalities change). */
export function forgetMatchingReference(db: Db): void {
  referenceCache.delete(db);
}

async function readReference(db: Db): Promise<MatchingData> {
  const [municipalities, terms, methods] = await Promise.all([
    db.selectFrom('municipality').select(['code', 'name', 'latitude', 'longitude', 'region_id']).execute(),
    db
      .selectFrom('taxonomy_term')
      .innerJoin('taxonomy', 'taxonomy.id', 'taxonomy_term.taxonomy_id')
      .select(['taxonomy_term.id', 'taxonomy_term.code', 'taxonomy_term.name', 'taxonomy.code as taxonomy'])
      .where('taxonomy.code', 'in', ['topic', 'service_type'])
      .execute(),
    db.selectFrom('method').select(['code', 'name']).execute(),
  ]);
  const data: MatchingData = {
    municipalities: new Map(
      municipalities.map((m) => [
        m.code,
        { code: m.code, name: m.name, latitude: m.latitude, longitude: m.longitude },
      ]),
    ),
    municipalityRegion: new Map(municipalities.map((m) => [m.code, m.region_id])),
    topics: new Map(),
    methods: new Map(methods.map((m) => [m.code, m.name])),
    topicIds: new Map(),
    serviceTypeIds: new Map(),
    terms: new Map(),
  };
  for (const t of terms) {
    data.terms.set(t.id, { taxonomy: t.taxonomy, code: t.code });
    if (t.taxonomy === 'topic') {
      data.topics.set(t.code, t.name);
      data.topicIds.set(t.code, t.id);
    } else data.serviceTypeIds.set(t.code, t.id);
  }
  return data;
}

/** Codes the reference data does not know, or a municipality of another region: each named. */
export function checkSituation(data: MatchingData, regionId: string, situation: Situation): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const region = data.municipalityRegion.get(situation.municipality);
  if (region === undefined)
    problems.push({
      field: 'municipality',
      code: 'matching.unknown_municipality',
      params: { value: situation.municipality },
    });
  else if (region !== regionId)
    problems.push({
      field: 'municipality',
      code: 'matching.municipality_outside_region',
      params: { value: situation.municipality },
    });
  situation.topics.forEach((code, i) => {
    if (!data.topicIds.has(code))
      problems.push({ field: `topics.${i}`, code: 'matching.unknown_topic', params: { value: code } });
  });
  (situation.methods ?? []).forEach((code, i) => {
    if (!data.methods.has(code))
      problems.push({ field: `methods.${i}`, code: 'matching.unknown_method', params: { value: code } });
  });
  return problems;
}

/** One row of the candidate query. */
export interface CandidateRow {
  id: string;
  name: LocalizedText;
  min_age: number | null;
  max_age: number | null;
  channels: string[];
  languages: string[];
  organization_id: string;
  organization_name: LocalizedText;
  organization_kind: OrganizationKind;
  organization_municipality: string | null;
  term_ids: string[];
  area: string[] | null;
  places: string[];
  units: UnitJson[] | string | null;
}

interface UnitJson {
  id: string;
  name: LocalizedText;
  municipality: string | null;
  serves: string[] | null;
  remote: boolean;
  languages: string[];
  slots: number;
  wait: number | null;
  updated: string;
  /** its active professionals */
  staff: { fte: number | string; languages: string[] | null; methods: string[] | null }[] | null;
}

/**
 * The candidate SQL. It keeps a superset of what rankSuggestions takes (the pure rules decide,
 * and a test checks that the filters never drop one they would take): the region's active
 * services that serve the municipality (or are the region's own with a unit in the registry),
 * whose age range overlaps the children's, and that are about one of the topics, have a unit
 * trained in a sought method, or are an emergency route when the situation is urgent.
 */
export function candidateQuery(
  data: MatchingData,
  regionId: string,
  situation: Situation,
  {
    prefilter = true,
    firstLine = shippedFirstLine(),
  }: { prefilter?: boolean; firstLine?: FirstLineTable } = {},
): RawBuilder<CandidateRow> {
  const m = situation.municipality;
  const ages = [...new Set(situation.childAges)];
  const termIds = situation.topics.flatMap((code) => {
    const id = data.topicIds.get(code);
    return id ? [id] : [];
  });
  // the service types of the first-line table (first help, second line; the urgent routes when
  // urgent): a service of such a type fits the topic even when it does not list it
  for (const type of typesFor(firstLine, situation, situation.urgency !== 'normal')) {
    const id = data.serviceTypeIds.get(type);
    if (id) termIds.push(id);
  }
  // a unit fits by the methods asked for, and by those that help with the topics
  const methods = [...new Set([...soughtMethods(situation).codes, ...topicMethods(situation)])].sort();
  const relevance =
    situation.topics.length === 0
      ? sql`true`
      : sql`(s.id IN (SELECT stt.service_id FROM service_taxonomy_term stt
                      WHERE stt.taxonomy_term_id = ANY(${sql.val(termIds)}::uuid[]))
           OR s.id IN (SELECT u.service_id FROM unit u
                       JOIN professional p ON p.unit_id = u.id AND p.active
                       JOIN professional_method pm ON pm.professional_id = p.id
                       WHERE u.active AND pm.method_code = ANY(${sql.val(methods)}::text[])))`;
  // a superset of "takes one of the children" (matching.ts checks each child): the range overlaps
  const ageFilter =
    ages.length === 0
      ? sql`true`
      : sql`(s.min_age IS NULL OR s.min_age <= ${Math.max(...ages)}) AND (s.max_age IS NULL OR s.max_age >= ${Math.min(...ages)})`;

  // each subquery uncorrelated, so that it is read once (hashed), not once per service
  const filters = sql`(s.area_scope = 'region'
             OR s.id IN (SELECT sa.service_id FROM service_area sa WHERE sa.municipality_code = ${m})
             OR s.id IN (SELECT u.service_id FROM unit u JOIN unit_municipality um ON um.unit_id = u.id
                         WHERE u.active AND um.municipality_code = ${m})
             OR (o.kind = ANY(${sql.val([...CROSS_BORDER_KINDS])}::text[])
                 AND s.id IN (SELECT u.service_id FROM unit u WHERE u.active)))
        AND ${ageFilter}
        AND ${relevance}`;

  // The candidate ids first (each filter an uncorrelated subquery, read once and hashed), then
  // everything else by index lookups: the small arrays of each service, its active units and
  // their active professionals with their methods (counted in toCandidate). Few parts, so the
  // statement is cheap to plan as well as to run.
  return sql<CandidateRow>`
    WITH c AS MATERIALIZED (
      SELECT s.id FROM service s
      JOIN organization o ON o.id = s.organization_id
      WHERE s.region_id = ${regionId} AND s.status = 'active' AND ${prefilter ? filters : sql`true`}
    ),
    units AS (
      SELECT u.service_id, json_agg(json_build_object(
               'id', u.id, 'name', u.name, 'municipality', u.municipality_code,
               'serves', ARRAY(SELECT um.municipality_code FROM unit_municipality um WHERE um.unit_id = u.id),
               'remote', u.remote_possible, 'languages', u.languages,
               'slots', u.free_slots_per_week, 'wait', u.wait_days, 'updated', u.updated_at,
               'staff', (SELECT json_agg(json_build_object(
                                  'fte', p.fte, 'languages', p.languages,
                                  'methods', ARRAY(SELECT pm.method_code FROM professional_method pm
                                                   WHERE pm.professional_id = p.id)))
                         FROM professional p WHERE p.unit_id = u.id AND p.active)
             ) ORDER BY u.id) AS units
      FROM c JOIN unit u ON u.service_id = c.id AND u.active
      GROUP BY u.service_id
    )
    SELECT s.id, s.name, s.min_age, s.max_age, s.channels, s.languages,
           o.id AS organization_id, o.name AS organization_name, o.kind AS organization_kind,
           o.municipality_code AS organization_municipality,
           ARRAY(SELECT stt.taxonomy_term_id FROM service_taxonomy_term stt WHERE stt.service_id = s.id) AS term_ids,
           CASE WHEN s.area_scope = 'region' THEN NULL
                ELSE ARRAY(SELECT sa.municipality_code FROM service_area sa WHERE sa.service_id = s.id) END AS area,
           ARRAY(SELECT l.municipality_code FROM service_at_location sal JOIN location l ON l.id = sal.location_id
                 WHERE sal.service_id = s.id) AS places,
           un.units
    FROM c
    JOIN service s ON s.id = c.id
    JOIN organization o ON o.id = s.organization_id
    LEFT JOIN units un ON un.service_id = s.id
    ORDER BY s.id`;
}

/** A row of the query as a candidate of matching.ts. */
export function toCandidate(row: CandidateRow, data: MatchingData): Candidate {
  const serviceTypes: string[] = [];
  const topics: string[] = [];
  for (const id of row.term_ids) {
    const term = data.terms.get(id);
    if (term?.taxonomy === 'service_type') serviceTypes.push(term.code);
    else if (term?.taxonomy === 'topic') topics.push(term.code);
  }
  const units = (
    typeof row.units === 'string' ? (JSON.parse(row.units) as UnitJson[]) : (row.units ?? [])
  ).map((u): CandidateUnit => {
    // the methods of its active professionals: how many know each, and their FTE
    const methods = new Map<string, { professionals: number; fte: number }>();
    const languages = new Set(u.languages ?? []);
    for (const p of u.staff ?? []) {
      for (const lang of p.languages ?? []) languages.add(lang);
      for (const code of new Set(p.methods ?? [])) {
        const m = methods.get(code) ?? { professionals: 0, fte: 0 };
        m.professionals += 1;
        m.fte = Math.round((m.fte + Number(p.fte)) * 100) / 100;
        methods.set(code, m);
      }
    }
    return {
      id: u.id,
      name: u.name,
      municipality: u.municipality,
      serves: [...(u.serves ?? [])].sort(),
      remote: u.remote,
      languages: [...languages].sort(),
      freeSlotsPerWeek: u.slots,
      waitDays: u.wait,
      updatedAt: new Date(u.updated),
      methods: [...methods.entries()]
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([code, m]) => ({ code, ...m })),
    };
  });
  return {
    id: row.id,
    name: row.name,
    serviceTypes: serviceTypes.sort(),
    topics: topics.sort(),
    minAge: row.min_age,
    maxAge: row.max_age,
    area: row.area === null ? 'region' : [...row.area].sort(),
    channels: row.channels,
    languages: row.languages,
    organization: {
      id: row.organization_id,
      name: row.organization_name,
      kind: row.organization_kind,
      municipality: row.organization_municipality,
    },
    places: [...new Set(row.places)].sort(),
    units,
  };
}

/**
 * The candidates of a situation in the region. `prefilter: false` reads every active service
 * of the region (the tests check that the filters never drop one the rules would take).
 */
export async function loadCandidates(
  db: Db,
  data: MatchingData,
  regionId: string,
  situation: Situation,
  options: { prefilter?: boolean; firstLine?: FirstLineTable } = {},
): Promise<Candidate[]> {
  const { rows } = await candidateQuery(data, regionId, situation, options).execute(db);
  return rows.map((row) => toCandidate(row, data));
}
