/**
 * Stylesheets, scripts and icons: one way to define and serve them. A feature declares its own
 * (`defineAsset` beside the code that links it); one plugin (`assetRoutes`, registered once by
 * app.ts) serves every declared asset, so no feature registers routes or reads files for them. An asset's address carries
 * its content's hash (`?v=…`), so a page that links it can let the browser keep it for a year;
 * asked for without that version (an old page, a hand-typed address) it is kept for an hour.
 * Every answer has an ETag, and a matching If-None-Match gets 304. Stylesheets are minified
 * once (esbuild, which tsx already brings) and kept for the next start: the files keep their
 * comments, the public pages stay under their weight budget (test/e2e/pages.test.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { version as esbuildVersion, transformSync } from 'esbuild';
import type { FastifyInstance } from 'fastify';

const TYPES = {
  css: 'text/css; charset=utf-8',
  js: 'application/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
} as const;

export interface Asset {
  /** the route, e.g. /assets/site.css */
  readonly path: string;
  /** the address pages link to: the path with its content's version */
  readonly url: string;
  readonly type: string;
  readonly body: Buffer;
  readonly version: string;
}

/** Where minified stylesheets are kept between starts (beside the bundle and the templates). */
const CSS_CACHE = new URL('../../node_modules/.cache/perheverkko/css/', import.meta.url);

/**
 * A stylesheet minified by esbuild, kept under the hash of its source (and esbuild's version),
 * so a start that finds it does not start esbuild's own process (0.1–0.2 s of a cold start,
 * docs/bench.md). A cache that cannot be read or written only means minifying again.
 */
export function minifiedCss(source: Buffer): Buffer {
  const key = createHash('sha256')
    .update(`esbuild ${esbuildVersion}\0`)
    .update(source)
    .digest('hex')
    .slice(0, 32);
  const cached = new URL(`${key}.css`, CSS_CACHE);
  try {
    return readFileSync(cached);
  } catch {
    // not made yet
  }
  const body = Buffer.from(transformSync(source.toString('utf8'), { loader: 'css', minify: true }).code);
  try {
    mkdirSync(CSS_CACHE, { recursive: true });
    const partial = new URL(`${key}.css.${process.pid}`, CSS_CACHE);
    writeFileSync(partial, body);
    renameSync(partial, cached);
  } catch {
    // a read-only installation: minified at every start
  }
  return body;
}

/** An asset read once from a file beside the code (`new URL('./x.css', import.meta.url)`). */
function fileAsset(path: string, file: URL): Asset {
  const extension = path.slice(path.lastIndexOf('.') + 1) as keyof typeof TYPES;
  const type = TYPES[extension];
  if (!type) throw new Error(`no content type for ${path}`);
  const source = readFileSync(file);
  const body = extension === 'css' ? minifiedCss(source) : source;
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path, url: `${path}?v=${version}`, type, body, version };
}

/** Every declared asset, by its path. */
const DECLARED = new Map<string, { asset: Asset; file: string }>();

/**
 * Declares an asset: read (and minified) once when its module loads, served at `path` by
 * assetRoutes. A path is one file's: declaring it again for another file is a mistake.
 */
export function defineAsset(path: string, file: URL): Asset {
  const known = DECLARED.get(path);
  if (known) {
    if (known.file !== file.href) throw new Error(`${path} is already declared for ${known.file}`);
    return known.asset;
  }
  const asset = fileAsset(path, file);
  DECLARED.set(path, { asset, file: file.href });
  return asset;
}

/** Serves each asset at its path (hidden from the API description). */
export function serveAssets(app: FastifyInstance, assets: readonly Asset[]): void {
  for (const asset of assets) {
    const etag = `"${asset.version}"`;
    app.get(asset.path, { schema: { hide: true } }, async (request, reply) => {
      const versioned = (request.query as { v?: unknown }).v === asset.version;
      reply
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
        .header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type(asset.type).send(asset.body);
    });
  }
}

/** The stylesheet of every page (public and staff). */
export const SITE_CSS = defineAsset('/assets/site.css', new URL('./site.css', import.meta.url));
/** The one table's stylesheet, linked by pages that show a DataTable. */
export const TABLES_CSS = defineAsset('/assets/tables.css', new URL('./tables.css', import.meta.url));

/**
 * Serves every declared asset, the shared ones of src/ui and the features' own. The features'
 * modules are imported (and so declare theirs) before the app registers its routes.
 */
export async function assetRoutes(app: FastifyInstance) {
  serveAssets(
    app,
    [...DECLARED.values()].map((d) => d.asset),
  );
}
