import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../platform/db/types.ts';
import {
  getHsdsOrganization,
  getHsdsService,
  getHsdsServiceAtLocation,
  getHsdsTaxonomy,
  getHsdsTaxonomyTerm,
  listHsdsOrganizations,
  listHsdsServiceAtLocations,
  listHsdsServices,
  listHsdsTaxonomies,
  listHsdsTaxonomyTerms,
} from './hsds-api.ts';
import {
  hsdsIdParam,
  hsdsOrganization,
  hsdsPage,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsServiceMinimal,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
  langQuery,
  organizationQuery,
  organizationsQuery,
  serviceAtLocationsQuery,
  servicesQuery,
  taxonomiesQuery,
  taxonomyTermsQuery,
} from './hsds-schema.ts';

const tags = ['HSDS'];

/** Open Referral HSDS 3.0 API under /api/hsds (docs/api.md). Routes speak HTTP only. */
export async function hsdsRoutes(
  app: FastifyInstance,
  { db, publicUrl }: { db: Kysely<DB>; publicUrl: string | undefined },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/hsds/',
    {
      schema: {
        summary: 'Information about this API and its relationship with HSDS',
        tags,
        response: { 200: z.object({ version: z.string(), profile: z.string(), openapi_url: z.string() }) },
      },
    },
    async (request) => {
      const base = publicUrl ?? `${request.protocol}://${request.host}`;
      return {
        version: '3.0',
        profile: 'https://docs.openreferral.org/en/latest/hsds/profiles.html',
        openapi_url: `${base}/api/openapi.json`,
      };
    },
  );

  typed.get(
    '/api/hsds/services',
    {
      schema: {
        summary: 'Paginated list of active services; with `search`, ordered by relevance',
        description:
          'One-to-one fields of each service (with its organization); `full=true` nests everything, `minimal=true` gives id, name, status and last_modified.',
        tags,
        querystring: servicesQuery,
        response: { 200: hsdsPage(z.union([hsdsService, hsdsServiceMinimal])) },
      },
    },
    async (request) => listHsdsServices(db, request.query),
  );

  typed.get(
    '/api/hsds/services/:id',
    {
      schema: {
        summary: 'A fully nested service',
        tags,
        params: hsdsIdParam,
        querystring: langQuery,
        response: { 200: hsdsService },
      },
    },
    async (request) => getHsdsService(db, request.params.id, request.query.lang),
  );

  typed.get(
    '/api/hsds/organizations',
    {
      schema: {
        summary: 'Paginated list of organizations',
        tags,
        querystring: organizationsQuery,
        response: { 200: hsdsPage(hsdsOrganization) },
      },
    },
    async (request) => listHsdsOrganizations(db, request.query),
  );

  typed.get(
    '/api/hsds/organizations/:id',
    {
      schema: {
        summary: 'A fully nested organization with its active services',
        tags,
        params: hsdsIdParam,
        querystring: organizationQuery,
        response: { 200: hsdsOrganization },
      },
    },
    async (request) =>
      getHsdsOrganization(db, request.params.id, {
        lang: request.query.lang,
        fullService: request.query.full_service ?? false,
      }),
  );

  typed.get(
    '/api/hsds/taxonomies',
    {
      schema: {
        summary: 'Paginated list of taxonomies',
        tags,
        querystring: taxonomiesQuery,
        response: { 200: hsdsPage(hsdsTaxonomy) },
      },
    },
    async (request) => listHsdsTaxonomies(db, request.query),
  );

  typed.get(
    '/api/hsds/taxonomies/:id',
    {
      schema: {
        summary: 'A taxonomy',
        tags,
        params: hsdsIdParam,
        querystring: langQuery,
        response: { 200: hsdsTaxonomy },
      },
    },
    async (request) => getHsdsTaxonomy(db, request.params.id, request.query.lang),
  );

  typed.get(
    '/api/hsds/taxonomy_terms',
    {
      schema: {
        summary: 'Paginated list of taxonomy terms',
        tags,
        querystring: taxonomyTermsQuery,
        response: { 200: hsdsPage(hsdsTaxonomyTerm) },
      },
    },
    async (request) => listHsdsTaxonomyTerms(db, request.query),
  );

  typed.get(
    '/api/hsds/taxonomy_terms/:id',
    {
      schema: {
        summary: 'A taxonomy term',
        tags,
        params: hsdsIdParam,
        querystring: langQuery,
        response: { 200: hsdsTaxonomyTerm },
      },
    },
    async (request) => getHsdsTaxonomyTerm(db, request.params.id, request.query.lang),
  );

  typed.get(
    '/api/hsds/service_at_locations',
    {
      schema: {
        summary: 'Paginated list of the locations of active services',
        tags,
        querystring: serviceAtLocationsQuery,
        response: { 200: hsdsPage(hsdsServiceAtLocation) },
      },
    },
    async (request) => listHsdsServiceAtLocations(db, request.query),
  );

  typed.get(
    '/api/hsds/service_at_locations/:id',
    {
      schema: {
        summary: 'A fully nested service at a location',
        tags,
        params: hsdsIdParam,
        querystring: langQuery,
        response: { 200: hsdsServiceAtLocation },
      },
    },
    async (request) => getHsdsServiceAtLocation(db, request.params.id, request.query.lang),
  );
}
