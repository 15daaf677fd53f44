// What other features and the entry points may use of the catalogue.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import type { Feature } from '../../platform/feature.ts';
import { regionNoticesSchema, saveRegionNotices } from '../site-info/index.ts';
import { forgetCatalogueOptions } from './catalogue.ts';
import { hsdsRoutes } from './hsds-routes.ts';
import { countServices, saveRegionVideoService } from './queries.ts';
import { cataloguePageRoutes } from './routes.ts';
import { rebuildSearchIfAnalyserChanged } from './search-documents.ts';
import { DEMO_REGION_DIR, loadReferenceData, readSeedRegion, seedToRecords, writeRecords } from './seed.ts';

export { catalogueOptions, getServiceDetail, searchServices } from './catalogue.ts';
export { exportHsdsFolder } from './hsds-export.ts';
export { type FileReport, parseTranslationsOption, reportLines } from './hsds-foreign.ts';
export {
  HsdsFolderError,
  type ImportReport,
  importHsds,
  importHsdsFolder,
  readValidHsdsFolder,
} from './hsds-import.ts';

/**
 * Reference data on every start; the demo region once, on a database with no services
 * (SEED_DEMO=false leaves an empty catalogue for an installation that imports its own).
 */
export async function prepareCatalogue(
  db: Kysely<DB>,
  { seedDemo }: { seedDemo: boolean },
): Promise<{ seeded: number }> {
  await db.transaction().execute((trx) => loadReferenceData(trx));
  forgetCatalogueOptions(db);
  // documents built by another analyser (Voikko installed or removed) are rebuilt once
  await rebuildSearchIfAnalyserChanged(db);
  if (!seedDemo || (await countServices(db)) > 0) return { seeded: 0 };
  return seedDemoRegion(db);
}

export async function seedDemoRegion(db: Kysely<DB>): Promise<{ seeded: number }> {
  const seed = readSeedRegion(DEMO_REGION_DIR);
  const records = seedToRecords(seed);
  await db.transaction().execute(async (trx) => {
    await writeRecords(trx, records);
    // the demo region's privacy notice and accessibility statement facts (fictional addresses)
    if (seed.notices) await saveRegionNotices(trx, seed.code, regionNoticesSchema.parse(seed.notices));
    if (seed.videoServiceUrl) await saveRegionVideoService(trx, seed.code, seed.videoServiceUrl);
  });
  return { seeded: records.services.length };
}

export type { CatalogueOptions } from './catalogue.ts';
export { CHANNELS, SERVICE_LANGUAGES } from './catalogue.ts';
export { type OpeningHours, openingHoursText, parseOpeningHours } from './opening-hours.ts';
export {
  type Db as CatalogueDb,
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
  saveLocations,
  saveOrganizations,
  saveServices,
} from './queries.ts';
// Catalogue administration (features/admin) writes through the catalogue's own functions.
export type { LocationRecord, OrganizationRecord, ServiceRecord } from './records.ts';
export { refreshServiceSearch } from './search-documents.ts';

/** The service catalogue (capability 1): its public pages and the HSDS 3.0 API. */
export const feature: Feature = {
  name: 'catalogue',
  async register(app, { db, config }) {
    await app.register(cataloguePageRoutes, { db });
    // the API's own links: PUBLIC_URL when set, else the request's address
    await app.register(hsdsRoutes, { db, publicUrl: config.publicUrl });
  },
};
// the domain thesaurus (docs/thesaurus.md): pure functions, and the region's thesaurus
export {
  buildThesaurus,
  type Expansion,
  expandQuery,
  hasBadCharacters,
  shippedThesaurus,
  shippedThesaurusEntries,
  suggestTopics,
  THESAURUS_ENTRY_ID,
  type Thesaurus,
  type ThesaurusEntry,
  type ThesaurusLang,
  type TopicSuggestion,
  validateThesaurusEntry,
} from './thesaurus.ts';
export {
  createThesaurusEntry,
  deleteThesaurusEntry,
  forgetThesaurus,
  hiddenThesaurusIds,
  loadThesaurus,
  type OwnThesaurusEntry,
  ownThesaurusEntries,
  ownThesaurusEntry,
  setShippedEntryHidden,
  updateThesaurusEntry,
} from './thesaurus-queries.ts';
