import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import { HSDS_FILE_NAMES, type HsdsFiles, recordsToHsdsFiles } from './hsds.ts';
import { type HsdsCommandOptions, regionOfCode } from './hsds-import.ts';
import { loadHsdsReference } from './hsds-queries.ts';
import { type Db, readLocationRecords, readOrganizationRecords, readServiceRecords } from './queries.ts';

/** The catalogue (all of it, or one region's) as HSDS files in memory. */
export async function exportHsds(db: Db, region?: { id: string }): Promise<HsdsFiles> {
  const filter = region ? { regionId: region.id } : {};
  const [organizations, locations, services, ref] = await Promise.all([
    readOrganizationRecords(db, filter),
    readLocationRecords(db, filter),
    readServiceRecords(db, filter),
    loadHsdsReference(db),
  ]);
  return recordsToHsdsFiles({ organizations, locations, services }, ref);
}

/** The text of an export file: pretty JSON, the same bytes for the same catalogue. */
export const hsdsFileText = (rows: unknown[]) => `${JSON.stringify(rows, null, 2)}\n`;

/**
 * Writes the catalogue as HSDS 3.0 files into a folder (made if missing; files of the same
 * names are replaced). Every service, whatever its status: the export is for moving and
 * keeping a catalogue, and imports back to the same records.
 */
export async function exportHsdsFolder(
  db: Kysely<DB>,
  dir: string,
  { regionCode, progress = () => {} }: HsdsCommandOptions = {},
): Promise<{ file: string; count: number }[]> {
  const region = await regionOfCode(db, regionCode);
  progress(`reading the catalogue${region ? ` of ${region.code}` : ''}…`);
  const files = await exportHsds(db, region);
  mkdirSync(dir, { recursive: true });
  return HSDS_FILE_NAMES.map((name) => {
    const file = `${name}.json`;
    progress(`writing ${file}…`);
    writeFileSync(join(dir, file), hsdsFileText(files[name]));
    return { file, count: files[name].length };
  });
}
