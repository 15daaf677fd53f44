import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { JsonSyntaxError, parseJson } from '../../platform/json.ts';
import { HSDS_FILE_NAMES, HSDS_FILES, type RegionRef } from './hsds.ts';
import { allLocationIds, loadHsdsReference, organizationRegions } from './hsds-queries.ts';
import { formatProblem, type HsdsInput, hsdsFilesToRecords, type ImportProblem } from './hsds-records.ts';
import { validateHsds } from './hsds-validator.ts';
import {
  allRegions,
  type Db,
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
  refreshServiceSearch,
} from './queries.ts';
import { canonical, normalizeService } from './records.ts';
import { writeRecords } from './seed.ts';

/** An import or export that cannot go on: every problem, one line each (file: path: message). */
export class HsdsFolderError extends Error {
  constructor(
    public readonly summary: string,
    public readonly problems: string[] = [],
  ) {
    super(summary);
    this.name = 'HsdsFolderError';
  }
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}
export interface ImportReport {
  organizations: ImportCounts;
  locations: ImportCounts;
  services: ImportCounts;
  /** what was read but not stored */
  warnings: string[];
}

export interface HsdsCommandOptions {
  /** a region's code (pohjois-savo): import into it / export only it */
  regionCode?: string;
  /** progress lines for a person watching (stderr in the CLI) */
  progress?: (line: string) => void;
}

export async function regionOfCode(db: Db, code: string | undefined): Promise<RegionRef | undefined> {
  if (code === undefined) return undefined;
  const regions = await allRegions(db);
  const region = regions.find((r) => r.code === code);
  if (!region) {
    throw new HsdsFolderError(
      `--region: unknown region "${code}" (known: ${regions.map((r) => r.code).join(', ')})`,
    );
  }
  return { id: region.id, code: region.code, name: region.name };
}

/** Reads the HSDS files of a folder; a missing file is an empty one. */
export function readHsdsFolder(dir: string): {
  input: HsdsInput;
  problems: ImportProblem[];
  ignored: string[];
} {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new HsdsFolderError(`${dir}: no such folder`);
  const input: HsdsInput = {};
  const problems: ImportProblem[] = [];
  const present = new Set(readdirSync(dir));
  for (const name of HSDS_FILE_NAMES) {
    const file = `${name}.json`;
    if (!present.has(file)) continue;
    let value: unknown;
    try {
      value = parseJson(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      problems.push({ file, path: '', message: error.message });
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push({ file, path: '', message: `must be an array of ${HSDS_FILES[name]} objects` });
      continue;
    }
    input[name] = value;
  }
  if (Object.keys(input).length === 0 && problems.length === 0) {
    throw new HsdsFolderError(
      `${dir}: no HSDS files (${HSDS_FILE_NAMES.map((n) => `${n}.json`).join(', ')})`,
    );
  }
  const known = new Set(HSDS_FILE_NAMES.map((n) => `${n}.json`));
  const ignored = [...present].filter((f) => f.endsWith('.json') && !known.has(f)).sort();
  return { input, problems, ignored };
}

/** Every object against its HSDS 3.0 schema, and every id a UUID that PostgreSQL takes. */
export function validateHsdsInput(input: HsdsInput): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const name of HSDS_FILE_NAMES) {
    const file = `${name}.json`;
    (input[name] ?? []).forEach((row, i) => {
      const found = validateHsds(HSDS_FILES[name], row);
      for (const p of found) problems.push({ file, path: `/${i}${p.path}`, message: p.message });
      const id = (row as { id?: unknown }).id;
      if (found.length === 0 && typeof id === 'string' && !UUID_PATTERN.test(id)) {
        problems.push({
          file,
          path: `/${i}/id`,
          message: 'must be a UUID like 3f7b145d-84af-42d7-8fae-eaca714b02b2',
        });
      }
    });
  }
  return problems;
}

/** Ids in lower case, as PostgreSQL prints them, so that the same id compares equal. */
function lowerCaseIds(input: HsdsInput): HsdsInput {
  const lower = (row: unknown) =>
    Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([k, v]) => [
        k,
        (k === 'id' || k.endsWith('_id')) && typeof v === 'string' ? v.toLowerCase() : v,
      ]),
    );
  return Object.fromEntries(Object.entries(input).map(([name, rows]) => [name, rows.map(lower)]));
}

const fail = (what: string, problems: ImportProblem[]) =>
  new HsdsFolderError(
    `${what}: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}, nothing was imported`,
    problems.map(formatProblem),
  );

const WRITE_BATCH = 25;

/** HSDS files read from a folder and valid against the standard's schemas. */
export interface HsdsFolder {
  dir: string;
  input: HsdsInput;
  /** other .json files in the folder */
  ignored: string[];
}

/**
 * Reads a folder and checks every object against its HSDS 3.0 schema, before any database is
 * opened: broken or invalid files fail fast, with every problem listed.
 */
export function readValidHsdsFolder(dir: string, progress: (line: string) => void = () => {}): HsdsFolder {
  progress(`reading ${dir}…`);
  const read = readHsdsFolder(dir);
  if (read.problems.length > 0) throw fail('cannot read the files', read.problems);
  const count = Object.values(read.input).reduce((n, rows) => n + rows.length, 0);
  progress(`validating ${count} objects against HSDS 3.0…`);
  const problems = validateHsdsInput(read.input);
  if (problems.length > 0) throw fail('the files do not follow HSDS 3.0', problems);
  return { dir, input: lowerCaseIds(read.input), ignored: read.ignored };
}

/** importHsds of a folder. */
export async function importHsdsFolder(db: Kysely<DB>, dir: string, options: HsdsCommandOptions = {}) {
  return importHsds(db, readValidHsdsFolder(dir, options.progress), options);
}

/**
 * Imports HSDS files, all or nothing: our own rules first (references, municipalities,
 * languages, taxonomy terms), then one transaction that writes only what differs from the
 * catalogue, so a second import of the same files writes nothing, not even updated_at.
 * Reference data must be loaded. Records that are not in the files are left as they are.
 */
export async function importHsds(
  db: Kysely<DB>,
  folder: HsdsFolder,
  { regionCode, progress = () => {} }: HsdsCommandOptions = {},
): Promise<ImportReport> {
  const region = await regionOfCode(db, regionCode);
  progress('checking references, municipalities, languages and taxonomy terms…');
  const [ref, orgRegions, locationIds] = await Promise.all([
    loadHsdsReference(db),
    organizationRegions(db),
    allLocationIds(db),
  ]);
  const result = hsdsFilesToRecords(folder.input, {
    ref,
    region,
    existing: { organizationRegions: orgRegions, locationIds },
  });
  if (result.problems.length > 0) throw fail('the files do not fit the catalogue', result.problems);
  const warnings = [
    ...folder.ignored.map((f) => `${f}: not an HSDS file that Perheverkko reads, ignored`),
    ...result.warnings.map(formatProblem),
  ];
  const { organizations, locations, services } = result.records;

  return db.transaction().execute(async (trx) => {
    const [oldOrganizations, oldLocations, oldServices] = await Promise.all([
      readOrganizationRecords(trx, { ids: organizations.map((o) => o.id) }),
      readLocationRecords(trx, { ids: locations.map((l) => l.id) }),
      readServiceRecords(trx, { ids: services.map((s) => s.id) }),
    ]);
    const plan = <T extends { id: string }>(incoming: T[], old: T[], key: (x: T) => string) => {
      const before = new Map(old.map((x) => [x.id, key(x)]));
      const changed = incoming.filter((x) => before.get(x.id) !== key(x));
      const created = changed.filter((x) => !before.has(x.id)).length;
      return {
        changed,
        counts: { created, updated: changed.length - created, unchanged: incoming.length - changed.length },
      };
    };
    const orgPlan = plan(organizations, oldOrganizations, canonical);
    const locationPlan = plan(locations, oldLocations, canonical);
    const servicePlan = plan(services, oldServices, (s) => canonical(normalizeService(s)));

    const total = orgPlan.changed.length + locationPlan.changed.length + servicePlan.changed.length;
    if (total > 0) progress(`writing 0/${total}…`);
    await writeRecords(trx, {
      organizations: orgPlan.changed,
      locations: locationPlan.changed,
      services: [],
    });
    let written = orgPlan.changed.length + locationPlan.changed.length;
    if (written > 0) progress(`writing ${written}/${total}…`);
    for (let i = 0; i < servicePlan.changed.length; i += WRITE_BATCH) {
      const batch = servicePlan.changed.slice(i, i + WRITE_BATCH);
      await writeRecords(trx, { organizations: [], locations: [], services: batch });
      written += batch.length;
      progress(`writing ${written}/${total}…`);
    }
    // A provider's name is in its services' search documents.
    const renamed = new Set(orgPlan.changed.map((o) => o.id));
    const rewritten = new Set(servicePlan.changed.map((s) => s.id));
    if (renamed.size > 0) {
      const stale = await trx
        .selectFrom('service')
        .select('id')
        .where('organization_id', 'in', [...renamed])
        .execute();
      await refreshServiceSearch(
        trx,
        stale.map((s) => s.id).filter((id) => !rewritten.has(id)),
      );
    }
    return {
      organizations: orgPlan.counts,
      locations: locationPlan.counts,
      services: servicePlan.counts,
      warnings,
    };
  });
}
