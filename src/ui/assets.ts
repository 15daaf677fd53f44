import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { TABLES_CSS_URL } from './DataTable.tsx';

const TABLES_CSS = readFileSync(new URL('./tables.css', import.meta.url), 'utf8');
const TABLES_ETAG = `"${createHash('sha256').update(TABLES_CSS).digest('hex').slice(0, 16)}"`;

/** Stylesheets of the shared page parts in src/ui, served like site.css. */
export async function uiAssetRoutes(app: FastifyInstance) {
  app.get(TABLES_CSS_URL, { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=3600').header('etag', TABLES_ETAG);
    if (request.headers['if-none-match'] === TABLES_ETAG) return reply.status(304).send();
    return reply.type('text/css; charset=utf-8').send(TABLES_CSS);
  });
}
