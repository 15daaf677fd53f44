// What other features and the entry points may use of the child population.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import type { Feature } from '../../platform/feature.ts';
import type { PopulationSource } from './parse.ts';
import { POPULATION_READ, populationPolicy } from './policy.ts';
import { latestPopulationRows, municipalitiesOfRegion } from './queries.ts';
import { populationRoutes } from './routes.ts';

// The import (the CLI and the page).
export {
  importPopulation,
  type PopulationImportReport,
  type PopulationImportRow,
  populationProblemText,
} from './import.ts';
export {
  decodePopulationFile,
  PopulationFileError,
  type PopulationForm,
  type PopulationProblem,
  type PopulationSource,
  parsePopulationFile,
} from './parse.ts';
export { regionIdByCode } from './queries.ts';
// Starting: the demo region's estimate with seedDemo.
export { preparePopulation, seedDemoPopulation } from './seed.ts';

export interface LatestPopulation {
  /** the latest year with figures for the region's municipalities (children on 31.12) */
  year: number;
  /**
   * where that year's figures come from; when they are mixed, the weakest: 'estimate' if any
   * is an estimate (label the figure "arvio"), else 'plain_csv' if any came from a plain file
   */
  source: PopulationSource;
  /** children aged 0–17 by municipality code */
  children: Map<string, number>;
  /** the region's municipalities without a figure that year */
  missing: string[];
}

/**
 * The denominator of "contacts per 1,000 children" (METRICS.md #2): the latest year that has
 * figures for the region's municipalities, or null when the region has none.
 */
export async function latestPopulation(db: Kysely<DB>, regionId: string): Promise<LatestPopulation | null> {
  const latest = await latestPopulationRows(db, regionId);
  if (!latest) return null;
  const sources = new Set(latest.rows.map((r) => r.source));
  const source: PopulationSource = sources.has('estimate')
    ? 'estimate'
    : sources.has('plain_csv')
      ? 'plain_csv'
      : 'statfin_11re';
  const municipalities = await municipalitiesOfRegion(db, regionId);
  const children = new Map(latest.rows.map((r) => [r.code, r.children]));
  return {
    year: latest.year,
    source,
    children,
    missing: municipalities.map((m) => m.code).filter((c) => !children.has(c)),
  };
}

/** The child-population import (issue 13): the administrator's page and its navigation entry. */
export const feature: Feature = {
  name: 'population',
  async register(app, { db }) {
    await app.register(populationRoutes, { db });
  },
  policies: [populationPolicy],
  nav: [
    {
      section: 'population',
      path: '/staff/population',
      labelKey: 'population.nav.population',
      textKey: 'population.home.text',
      order: 75,
      visible: POPULATION_READ,
    },
  ],
};
