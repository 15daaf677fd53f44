/**
 * One installation serves several regions, each at its own address: the request's host name
 * says which region's site it is (REGION_HOSTS, else DEFAULT_REGION). Pickers, the public
 * catalogue, the header and the region's notices follow it, so a family on one region's
 * address never meets another region's municipalities or services.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB, LocalizedText } from '../db/types.ts';

export interface SiteRegion {
  id: string;
  code: string;
  name: LocalizedText;
}

export type SiteRegions = Config['sites'];

declare module 'fastify' {
  interface FastifyRequest {
    /** the region whose site this request is on (by host name) */
    siteRegion: SiteRegion;
  }
}

/**
 * The region code an address serves. The host name is Fastify's `request.hostname`: the Host
 * header without its port, or X-Forwarded-Host when the proxy is trusted (TRUST_PROXY).
 */
export function regionCodeForHost(sites: SiteRegions, hostname: string): string {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return sites.hosts[name] ?? sites.defaultRegion;
}

/** Every region code the configuration names. */
export function configuredRegionCodes(sites: SiteRegions): string[] {
  return [...new Set([sites.defaultRegion, ...Object.values(sites.hosts)])].sort();
}

/** The configured regions from the database; a code that names no region stops the start. */
export async function readSiteRegions(db: Kysely<DB>, sites: SiteRegions): Promise<Map<string, SiteRegion>> {
  const codes = configuredRegionCodes(sites);
  const rows = await db
    .selectFrom('region')
    .select(['id', 'code', 'name'])
    .where('code', 'in', codes)
    .execute();
  const found = new Map(rows.map((r) => [r.code, { id: r.id, code: r.code, name: r.name }]));
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length > 0) {
    throw new Error(
      `REGION_HOSTS / DEFAULT_REGION name regions that are not in the database: ${missing.join(', ')} ` +
        `(known: the codes of data/seed/reference/regions.json)`,
    );
  }
  return found;
}

/** Resolves every request's region (request.siteRegion) from its host name. */
export function installSiteRegions(
  app: FastifyInstance,
  sites: SiteRegions,
  regions: Map<string, SiteRegion>,
) {
  const fallback = regions.get(sites.defaultRegion);
  if (!fallback) throw new Error(`DEFAULT_REGION ${sites.defaultRegion} is not loaded`);
  const regionOf = (request: FastifyRequest) =>
    regions.get(regionCodeForHost(sites, request.hostname ?? '')) ?? fallback;
  app.decorateRequest('siteRegion', null as never);
  app.addHook('onRequest', (request, _reply, done) => {
    request.siteRegion = regionOf(request);
    done();
  });
}

/**
 * Puts the request's region into an HTML page as it leaves (`fill`: ui/Layout.tsx). Pages are
 * rendered in many routes; rather than thread the region through each, the frame leaves a
 * marker. (An AsyncLocalStorage did this first: in Node.js 20 it hooks every promise of the
 * process, and contact intake lost a tenth of its throughput — docs/bench.md.)
 */
export function fillSiteRegionInPages(
  app: FastifyInstance,
  fill: (html: string, region: SiteRegion) => string,
) {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
      return done(null, payload);
    done(null, request.siteRegion ? fill(payload, request.siteRegion) : payload);
  });
}
