/**
 * The thesaurus of a region: the shipped entries (data/seed/reference/thesaurus.json) less the
 * ones the region hides, plus the region's own (table thesaurus_entry, migration 0022), built
 * once and cached per database and region. An edit in this process drops the region's cache;
 * another process's edit is seen within 30 seconds (one row, thesaurus_revision, is read at
 * most that often). docs/thesaurus.md.
 */
import { randomUUID } from 'node:crypto';
import { type ColumnType, type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import {
  buildThesaurus,
  shippedThesaurusEntries,
  type Thesaurus,
  type ThesaurusEntry,
  type ThesaurusKind,
  type ThesaurusLang,
  type ValidThesaurusInput,
} from './thesaurus.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ThesaurusTables = {
  thesaurus_entry: {
    id: string;
    region_id: string;
    kind: ThesaurusKind;
    lang: ThesaurusLang;
    terms: string[];
    topics: string[];
    service_types: string[];
    source: string;
    created_by: string;
    created_at: Timestamp;
    updated_by: string;
    updated_at: Timestamp;
    version: ColumnType<number, number | undefined, number>;
  };
  thesaurus_hidden: {
    region_id: string;
    entry_id: string;
    hidden_by: string;
    hidden_at: Timestamp;
  };
  thesaurus_revision: {
    region_id: string;
    revision: ColumnType<string | number, number | bigint, number | bigint>;
    changed_at: Timestamp;
  };
};

type Db = Kysely<DB>;
type EntryRow = Selectable<ThesaurusTables['thesaurus_entry']>;
const tables = (db: Db) => db.withTables<ThesaurusTables>();

/** How often a cached region's thesaurus asks whether another process changed it. */
export const THESAURUS_CHECK_MS = 30_000;

interface Cached {
  thesaurus: Thesaurus;
  revision: string;
  checkedAt: number;
}
const cache = new WeakMap<object, Map<string, Cached>>();

function regionCache(db: Db): Map<string, Cached> {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  return m;
}

/** Drops the cached thesaurus of a region (or of every region) of this database. */
export function forgetThesaurus(db: Db, regionId?: string): void {
  if (regionId === undefined) cache.delete(db);
  else cache.get(db)?.delete(regionId);
}

async function revisionOf(db: Db, regionId: string): Promise<string> {
  const row = await tables(db)
    .selectFrom('thesaurus_revision')
    .select('revision')
    .where('region_id', '=', regionId)
    .executeTakeFirst();
  return row ? String(row.revision) : '0';
}

export interface OwnThesaurusEntry extends ThesaurusEntry {
  createdBy: string;
  updatedBy: string;
  updatedAt: Date;
  version: number;
}

/** The region's own entries, newest change first. */
export async function ownThesaurusEntries(db: Db, regionId: string): Promise<OwnThesaurusEntry[]> {
  const rows = await tables(db)
    .selectFrom('thesaurus_entry')
    .selectAll()
    .where('region_id', '=', regionId)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toEntry);
}

function toEntry(r: EntryRow): OwnThesaurusEntry {
  return {
    id: r.id,
    kind: r.kind,
    lang: r.lang,
    terms: r.terms,
    topics: r.topics,
    serviceTypes: r.service_types,
    source: r.source,
    createdBy: r.created_by,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at),
    version: r.version,
  };
}

/** The ids of the shipped entries the region hides. */
export async function hiddenThesaurusIds(db: Db, regionId: string): Promise<Set<string>> {
  const rows = await tables(db)
    .selectFrom('thesaurus_hidden')
    .select('entry_id')
    .where('region_id', '=', regionId)
    .execute();
  return new Set(rows.map((r) => r.entry_id));
}

/** The entries in use in a region: the shipped ones it does not hide, then its own. */
export async function regionThesaurusEntries(db: Db, regionId: string): Promise<ThesaurusEntry[]> {
  const [hidden, own] = await Promise.all([
    hiddenThesaurusIds(db, regionId),
    ownThesaurusEntries(db, regionId),
  ]);
  return [
    ...shippedThesaurusEntries().filter((e) => !hidden.has(e.id)),
    ...own.map(({ createdBy, updatedBy, updatedAt, version, ...e }) => e),
  ];
}

/**
 * The thesaurus of a region, for search (expandQuery) and routing (suggestTopics). Cached per
 * database and region; rebuilt after an edit here at once, after another process's within
 * THESAURUS_CHECK_MS.
 */
export async function loadThesaurus(
  db: Db,
  regionId: string,
  { now = Date.now() }: { now?: number } = {},
): Promise<Thesaurus> {
  const regions = regionCache(db);
  const cached = regions.get(regionId);
  if (cached && now - cached.checkedAt < THESAURUS_CHECK_MS) return cached.thesaurus;
  const revision = await revisionOf(db, regionId);
  if (cached && cached.revision === revision) {
    cached.checkedAt = now;
    return cached.thesaurus;
  }
  const thesaurus = buildThesaurus(await regionThesaurusEntries(db, regionId));
  regions.set(regionId, { thesaurus, revision, checkedAt: now });
  return thesaurus;
}

async function bump(trx: Db, regionId: string): Promise<void> {
  await tables(trx)
    .insertInto('thesaurus_revision')
    .values({ region_id: regionId, revision: 1 })
    .onConflict((oc) =>
      oc.column('region_id').doUpdateSet({
        revision: sql`thesaurus_revision.revision + 1`,
        changed_at: sql`now()`,
      }),
    )
    .execute();
}

export interface ThesaurusEditor {
  regionId: string;
  name: string;
}

/** One of the region's own entries; another region's, or none, is "not found". */
export async function ownThesaurusEntry(db: Db, regionId: string, id: string): Promise<OwnThesaurusEntry> {
  const row = await tables(db)
    .selectFrom('thesaurus_entry')
    .selectAll()
    .where('id', '=', id)
    .where('region_id', '=', regionId)
    .executeTakeFirst();
  if (!row) throw new AppError('http.not_found', 404);
  return toEntry(row);
}

/** Adds an entry of the region's own; returns its id. */
export async function createThesaurusEntry(
  db: Db,
  editor: ThesaurusEditor,
  value: ValidThesaurusInput,
): Promise<string> {
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await tables(trx)
      .insertInto('thesaurus_entry')
      .values({
        id,
        region_id: editor.regionId,
        kind: value.kind,
        lang: value.lang,
        terms: value.terms,
        topics: value.topics,
        service_types: value.serviceTypes,
        source: value.source,
        created_by: editor.name,
        updated_by: editor.name,
      })
      .execute();
    await bump(trx, editor.regionId);
  });
  forgetThesaurus(db, editor.regionId);
  return id;
}

/** Changes an entry of the region's own made at `version`; someone else's change since: 409. */
export async function updateThesaurusEntry(
  db: Db,
  editor: ThesaurusEditor,
  id: string,
  version: number,
  value: ValidThesaurusInput,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await ownThesaurusEntry(trx, editor.regionId, id);
    const done = await tables(trx)
      .updateTable('thesaurus_entry')
      .set({
        kind: value.kind,
        lang: value.lang,
        terms: value.terms,
        topics: value.topics,
        service_types: value.serviceTypes,
        source: value.source,
        updated_by: editor.name,
        updated_at: sql`now()`,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('region_id', '=', editor.regionId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('thesaurus.stale', 409);
    await bump(trx, editor.regionId);
  });
  forgetThesaurus(db, editor.regionId);
}

/** Deletes an entry of the region's own made at `version`. */
export async function deleteThesaurusEntry(
  db: Db,
  editor: ThesaurusEditor,
  id: string,
  version: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await ownThesaurusEntry(trx, editor.regionId, id);
    const done = await tables(trx)
      .deleteFrom('thesaurus_entry')
      .where('id', '=', id)
      .where('region_id', '=', editor.regionId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(done.numDeletedRows) !== 1) throw new AppError('thesaurus.stale', 409);
    await bump(trx, editor.regionId);
  });
  forgetThesaurus(db, editor.regionId);
}

/** Hides a shipped entry for the region (hidden = true) or shows it again. */
export async function setShippedEntryHidden(
  db: Db,
  editor: ThesaurusEditor,
  entryId: string,
  hidden: boolean,
): Promise<void> {
  if (!shippedThesaurusEntries().some((e) => e.id === entryId)) throw new AppError('http.not_found', 404);
  await db.transaction().execute(async (trx) => {
    if (hidden) {
      await tables(trx)
        .insertInto('thesaurus_hidden')
        .values({ region_id: editor.regionId, entry_id: entryId, hidden_by: editor.name })
        .onConflict((oc) => oc.columns(['region_id', 'entry_id']).doNothing())
        .execute();
    } else {
      await tables(trx)
        .deleteFrom('thesaurus_hidden')
        .where('region_id', '=', editor.regionId)
        .where('entry_id', '=', entryId)
        .execute();
    }
    await bump(trx, editor.regionId);
  });
  forgetThesaurus(db, editor.regionId);
}
