/**
 * Answers are compressed (br or gzip, as the client asks) above a kilobyte, with
 * Vary: Accept-Encoding; event streams and small answers go as they are
 * (src/platform/http/compression.ts).
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD } from '../src/platform/http/compression.ts';
import { SITE_CSS } from '../src/ui/assets.ts';
import { startTestApp, type TestApp } from './app.ts';
import { signIn } from './contact-fixtures.ts';

type Encoding = 'br' | 'gzip';
const decode = { br: brotliDecompressSync, gzip: gunzipSync } as const;

describe('compressed answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
  });
  afterAll(async () => t?.close());

  async function get(url: string, acceptEncoding?: string, cookie?: string) {
    const headers: Record<string, string> = {};
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
    if (cookie) headers.cookie = cookie;
    return t.app.inject({ method: 'GET', url, headers });
  }

  /** The answer asked plain, with gzip and with br: the same body each way once decoded. */
  async function eachEncoding(url: string, cookie?: string) {
    const plain = await get(url, undefined, cookie);
    expect(plain.statusCode, url).toBe(200);
    expect(plain.headers['content-encoding'], url).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThanOrEqual(COMPRESSION_THRESHOLD);
    const encoded = {} as Record<Encoding, Awaited<ReturnType<typeof get>>>;
    for (const encoding of ['gzip', 'br'] as const) {
      const res = await get(url, encoding, cookie);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], `${url} ${encoding}`).toBe(encoding);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(decode[encoding](res.rawPayload).toString('utf8')).toBe(plain.rawPayload.toString('utf8'));
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      encoded[encoding] = res;
    }
    return { plain, ...encoded };
  }

  it('a page comes back gzip or br when asked, as it is when not, and varies by Accept-Encoding', async () => {
    const { plain, br } = await eachEncoding('/fi');
    expect(plain.headers['content-type']).toMatch(/^text\/html/);
    // also the uncompressed answer: a shared cache must not hand it to every client
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    // a browser's usual header: br is taken first
    const browser = await get('/fi', 'gzip, deflate, br, zstd');
    expect(browser.headers['content-encoding']).toBe('br');
    expect(browser.rawPayload.equals(br.rawPayload)).toBe(true);
  });

  it('a JSON answer of the API comes back gzip or br, and keeps its no-store', async () => {
    const { plain, gzip } = await eachEncoding('/api/hsds/services?per_page=20');
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8'))).toEqual(plain.json());
    expect(gzip.headers['cache-control']).toBe('no-store');
  });

  it('an asset comes back compressed with its immutable caching, its ETag and its type', async () => {
    const { plain, gzip, br } = await eachEncoding(SITE_CSS.url);
    for (const res of [plain, gzip, br]) {
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers.etag).toBe(`"${SITE_CSS.version}"`);
      expect(res.headers['content-type']).toMatch(/^text\/css/);
    }
    // a revalidation still gets 304, with nothing to compress
    const again = await t.app.inject({
      method: 'GET',
      url: SITE_CSS.url,
      headers: { 'accept-encoding': 'br', 'if-none-match': `"${SITE_CSS.version}"` },
    });
    expect(again.statusCode).toBe(304);
    expect(again.headers['content-encoding']).toBeUndefined();
    expect(again.rawPayload.length).toBe(0);
  });

  it('a small answer goes as it is', async () => {
    const res = await get('/health/live', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(COMPRESSION_THRESHOLD);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('a CSV download asked with gzip keeps its file name and decodes to the same CSV', async () => {
    const cookie = await signIn(t.app, 'tietosuoja');
    // a few reads by a counsellor give the log rows to export
    const neuvoja = await signIn(t.app, 'neuvoja');
    for (let i = 0; i < 5; i++) await get('/api/contacts/queue', undefined, neuvoja);
    const plain = await get('/fi/staff/access-log.csv', undefined, cookie);
    const gzip = await get('/fi/staff/access-log.csv', 'gzip', cookie);
    expect(plain.statusCode).toBe(200);
    expect(gzip.statusCode).toBe(200);
    expect(gzip.headers['content-disposition']).toBe(plain.headers['content-disposition']);
    expect(gzip.headers['content-type']).toMatch(/^text\/csv/);
    const compressed = gzip.headers['content-encoding'] === 'gzip';
    expect(compressed).toBe(plain.rawPayload.length >= COMPRESSION_THRESHOLD);
    const body = compressed ? gunzipSync(gzip.rawPayload) : gzip.rawPayload;
    // the export is made anew, so compare everything but a line that could name this export
    expect(body.toString('utf8').split('\n')[0]).toBe(plain.body.split('\n')[0]);
  });

  it('the live queue’s event stream is not compressed: its first event arrives at once, as text', async () => {
    const cookie = await signIn(t.app, 'neuvoja');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const first = await new Promise<{ headers: Record<string, unknown>; chunk: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/api/contacts/events',
            headers: { cookie, 'accept-encoding': 'br, gzip' },
          },
          (res) => {
            res.once('data', (chunk: Buffer) => {
              resolve({ headers: res.headers, chunk: chunk.toString('utf8') });
              req.destroy();
            });
          },
        );
        req.on('error', reject);
        req.setTimeout(5000, () => reject(new Error('no event within 5 s: the stream is held back')));
        req.end();
      },
    );
    expect(first.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.chunk).toMatch(/^retry: \d+/);
  });
});
