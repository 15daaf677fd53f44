import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Answers smaller than this go as they are: below about a kilobyte the headers and the
 * compressor's own framing cost more than they save (a /health answer, a 304, a redirect).
 */
export const COMPRESSION_THRESHOLD = 1024;

/**
 * The content types we compress: pages (HTML), JSON and the other text the server makes
 * (CSS, JavaScript, SVG, CSV, calendar files, XML). Never an event stream (text/event-stream):
 * a compressor holds bytes back until its buffer fills, and a live queue's event would wait
 * in it. The event stream is also hijacked (src/platform/http/sse.ts), so no onSend hook
 * sees it; this is the second guard.
 */
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:javascript|ecmascript|json|[\w.-]+\+json|xml|[\w.-]+\+xml)|image\/svg\+xml)/i;

export function compressibleType(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType.trim());
}

/**
 * Compresses answers with Brotli or gzip, whichever the client asks for first (br preferred),
 * through @fastify/compress. Must be registered before the routes: the plugin attaches its hook
 * to each route as the route is added. What it leaves alone:
 * - answers below COMPRESSION_THRESHOLD, types outside compressibleType (images, octet-streams),
 *   requests without Accept-Encoding (the tests' inject among them) or with x-no-compression;
 * - hijacked replies (the event streams), whose hooks do not run;
 * - the headers a route set: an asset's Cache-Control (immutable) and ETag go out with the
 *   compressed body too, so a cache keyed by Vary holds one copy per encoding.
 * Request bodies are not decompressed (globalDecompression false): no client of ours sends a
 * compressed body, and a small compressed body could unpack to far more than it looks.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD,
    customTypes: compressibleType,
    globalDecompression: false,
  });
  // Every answer whose type can be compressed says that it varies by Accept-Encoding, also when
  // this one went uncompressed (no Accept-Encoding, or a small body): a shared cache that
  // stored it without Vary would hand the identity body to everyone. The plugin adds the same
  // token when it compresses; it skips a Vary that has it already.
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && compressibleType(type)) addVary(reply, 'accept-encoding');
    return payload;
  });
}

function addVary(
  reply: { getHeader(name: string): unknown; header(name: string, value: string): unknown },
  token: string,
) {
  const current = reply.getHeader('vary');
  const values = (Array.isArray(current) ? current : current === undefined ? [] : [String(current)])
    .flatMap((v: string) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.some((v) => v === '*' || v.toLowerCase() === token)) return;
  reply.header('vary', [...values, token].join(', '));
}
