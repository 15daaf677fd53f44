// What other features and the entry points may use of the network registry.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import type { Feature } from '../../platform/feature.ts';
import { networkStaffPages } from './pages.ts';
import { NETWORK_READ, networkPolicy } from './policy.ts';
import { networkApiRoutes } from './routes.ts';

/** The registry's API (/api/network/…) and staff pages (/:lang/staff/network/…). */
export async function networkRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  await networkApiRoutes(app, { db });
  await networkStaffPages(app, { db });
}

// CSV import (the CLI and the staff page).
export {
  type ImportProblem,
  type ImportReport,
  importNetworkCsv,
  importProblemText,
  NetworkImportError,
} from './csv-import.ts';

// Reading the network (matching, handoffs): plain data of a region, no access check.
export {
  CAPACITY_ROLES,
  canEditRegistry,
  canUpdateCapacity,
  type NetworkUnit,
  networkOfRegion,
  professionalOfRegion,
  REGISTRY_EDITORS,
  REGISTRY_READERS,
  unitOfRegion,
} from './network.ts';
export { type MethodView, type ProfessionalView, readMethods, readUnits, type UnitView } from './queries.ts';
// Starting: methods on every start, the demo network with seedDemo.
export { loadMethods, prepareNetwork, professionalSeedId, seedDemoNetwork, unitSeedId } from './seed.ts';

/** The network registry (capability 14): its API, staff pages and navigation entry. */
export const feature: Feature = {
  name: 'network',
  async register(app, { db }) {
    await app.register(networkRoutes, { db });
  },
  policies: [networkPolicy],
  nav: [
    {
      section: 'network',
      path: '/staff/network',
      labelKey: 'network.nav.network',
      textKey: 'network.home.networkText',
      order: 50,
      visible: NETWORK_READ,
    },
  ],
};
