/**
 * A region's first-line table in the database (migrations/0023_first_line.sql): filled from the
 * shipped data/seed/reference/first-line.csv at first use, edited by the region's
 * administrators (first-line-routes.ts), read by the matching (kept for a minute per region).
 * Also: which service is the asking one (the counsellors' own contact point), never suggested.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import {
  type AgeBand,
  type FirstLineRow,
  type FirstLineTable,
  rowKey,
  shippedFirstLineRows,
  tableOf,
} from './first-line.ts';

type Db = Kysely<DB>;

/** A region's row as stored, with its version and who changed it last. */
export interface StoredFirstLineRow extends FirstLineRow {
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

interface DbRow {
  topic_code: string;
  band: string;
  first_help: string[];
  second_line: string[];
  urgent_route: string[];
  source: string;
  version: number;
  updated_at: Date | string;
  updated_by: string | null;
}

const toRow = (r: DbRow): StoredFirstLineRow => ({
  topic: r.topic_code,
  band: r.band as AgeBand,
  firstHelp: [...r.first_help],
  secondLine: [...r.second_line],
  urgentRoute: [...r.urgent_route],
  source: r.source,
  version: r.version,
  updatedAt: new Date(r.updated_at),
  updatedBy: r.updated_by,
});

/** Inserts the shipped rows the region does not have yet (all of them at first use). */
async function fillFromShipped(db: Db, regionId: string, have: ReadonlySet<string>): Promise<boolean> {
  const missing = shippedFirstLineRows().filter((r) => !have.has(rowKey(r.topic, r.band)));
  if (missing.length === 0) return false;
  for (let i = 0; i < missing.length; i += 100) {
    const part = missing.slice(i, i + 100);
    await sql`INSERT INTO first_line (region_id, topic_code, band, first_help, second_line, urgent_route, source)
      SELECT ${regionId}::uuid, x.topic, x.band, ARRAY(SELECT jsonb_array_elements_text(x.first_help)),
             ARRAY(SELECT jsonb_array_elements_text(x.second_line)),
             ARRAY(SELECT jsonb_array_elements_text(x.urgent_route)), x.source
      FROM jsonb_to_recordset(${JSON.stringify(
        part.map((r) => ({
          topic: r.topic,
          band: r.band,
          first_help: r.firstHelp,
          second_line: r.secondLine,
          urgent_route: r.urgentRoute,
          source: r.source,
        })),
      )}::jsonb) AS x(topic text, band text, first_help jsonb, second_line jsonb, urgent_route jsonb, source text)
      ON CONFLICT (region_id, topic_code, band) DO NOTHING`.execute(db);
  }
  return true;
}

/** Every row of the region's table (filled from the shipped table first when rows are missing). */
export async function regionFirstLineRows(db: Db, regionId: string): Promise<StoredFirstLineRow[]> {
  const read = () =>
    sql<DbRow>`SELECT topic_code, band, first_help, second_line, urgent_route, source, version, updated_at, updated_by
               FROM first_line WHERE region_id = ${regionId}`.execute(db);
  let { rows } = await read();
  if (await fillFromShipped(db, regionId, new Set(rows.map((r) => rowKey(r.topic_code, r.band)))))
    ({ rows } = await read());
  return rows.map(toRow);
}

const TTL_MS = 60_000;
const cache = new WeakMap<Db, Map<string, { at: number; table: Promise<FirstLineTable> }>>();

/** The region's table for the matching, kept for a minute (forgotten at once when edited here). */
export function regionFirstLine(db: Db, regionId: string): Promise<FirstLineTable> {
  let perRegion = cache.get(db);
  if (!perRegion) {
    perRegion = new Map();
    cache.set(db, perRegion);
  }
  const kept = perRegion.get(regionId);
  if (kept && Date.now() - kept.at < TTL_MS) return kept.table;
  const table = regionFirstLineRows(db, regionId).then(tableOf);
  perRegion.set(regionId, { at: Date.now(), table });
  table.catch(() => perRegion.delete(regionId));
  return table;
}

export function forgetRegionFirstLine(db: Db, regionId: string): void {
  cache.get(db)?.delete(regionId);
}

/** One row of the region's table, or undefined. */
export async function regionFirstLineRow(
  db: Db,
  regionId: string,
  topic: string,
  band: string,
): Promise<StoredFirstLineRow | undefined> {
  return (await regionFirstLineRows(db, regionId)).find((r) => r.topic === topic && r.band === band);
}

/** The name of the person who changed a row last (null: as shipped, or the person is gone). */
export async function firstLineEditorName(db: Db, staffUserId: string | null): Promise<string | null> {
  if (!staffUserId) return null;
  const user = await db
    .selectFrom('staff_user')
    .select('name')
    .where('id', '=', staffUserId)
    .executeTakeFirst();
  return user?.name ?? null;
}

/**
 * Saves an administrator's edit of a row when its version is still `version`; false when
 * someone saved it in between (the caller answers first_line.version_conflict).
 */
export async function saveFirstLineRow(
  db: Db,
  regionId: string,
  row: Pick<FirstLineRow, 'topic' | 'band' | 'firstHelp' | 'secondLine' | 'urgentRoute' | 'source'>,
  version: number,
  staffUserId: string,
): Promise<boolean> {
  const result = await sql`UPDATE first_line
      SET first_help = ${sql.val(row.firstHelp)}::text[], second_line = ${sql.val(row.secondLine)}::text[],
          urgent_route = ${sql.val(row.urgentRoute)}::text[], source = ${row.source},
          version = version + 1, updated_at = now(), updated_by = ${staffUserId}
      WHERE region_id = ${regionId} AND topic_code = ${row.topic} AND band = ${row.band} AND version = ${version}`.execute(
    db,
  );
  forgetRegionFirstLine(db, regionId);
  return Number(result.numAffectedRows ?? 0n) === 1;
}

/**
 * The asking service: the region's one-contact service, which the counsellors asking for
 * suggestions are (docs/routing.md). The active, region-wide services of the contact point's
 * organisation (region.contact_point_organization_id, else the wellbeing services county) whose
 * only service type is PERHENEUVONTA_OHJAUS and that a family reaches by phone and chat; the
 * matching never suggests them. (Other first-contact services of the organisation — social
 * guidance, interpreting — are other services and stay suggestible.)
 */
export async function askingServiceIds(db: Db, regionId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT s.id FROM service s JOIN region r ON r.id = s.region_id
    WHERE s.region_id = ${regionId} AND s.status = 'active' AND s.area_scope = 'region'
      -- the contact point's organisation, as the contacts feature knows it (contact-point.ts)
      AND s.organization_id = coalesce(r.contact_point_organization_id, (
            SELECT o.id FROM organization o WHERE o.region_id = r.id AND o.kind = 'region' ORDER BY o.id LIMIT 1))
      AND 'phone' = ANY(s.channels) AND 'chat' = ANY(s.channels)
      AND ARRAY(SELECT t.code FROM service_taxonomy_term stt
                JOIN taxonomy_term t ON t.id = stt.taxonomy_term_id
                JOIN taxonomy x ON x.id = t.taxonomy_id AND x.code = 'service_type'
                WHERE stt.service_id = s.id) = ARRAY['PERHENEUVONTA_OHJAUS']::text[]
    ORDER BY s.id`.execute(db);
  return rows.map((r) => r.id);
}
