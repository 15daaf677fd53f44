/**
 * The demo region's child population: an ESTIMATE shipped with the demo data
 * (data/seed/pohjois-savo/population-estimate.csv: each municipality's population × 0.18),
 * saved with the source 'estimate' so the pages label it as one. Seeded only into a region
 * with no figures yet, so a real import is never overwritten.
 */
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import { importPopulation } from './import.ts';
import { regionHasPopulation, regionIdByCode } from './queries.ts';

export const DEMO_POPULATION_REGION = 'pohjois-savo';
export const DEMO_POPULATION_FILE = new URL(
  '../../../data/seed/pohjois-savo/population-estimate.csv',
  import.meta.url,
);

/** Seeds the demo estimate; the number of municipalities given a figure (0: already had some). */
export async function seedDemoPopulation(db: Kysely<DB>): Promise<number> {
  const regionId = await regionIdByCode(db, DEMO_POPULATION_REGION);
  if (!regionId || (await regionHasPopulation(db, regionId))) return 0;
  const report = await importPopulation(db, readFileSync(DEMO_POPULATION_FILE), {
    regionId,
    importedBy: 'demo seed',
    source: 'estimate',
  });
  return report.created;
}

/** The population's part of starting: with seedDemo, the demo region's estimate. */
export async function preparePopulation(
  db: Kysely<DB>,
  { seedDemo }: { seedDemo: boolean },
): Promise<number> {
  return seedDemo ? seedDemoPopulation(db) : 0;
}
