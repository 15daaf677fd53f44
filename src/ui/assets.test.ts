import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { assetRoutes, defineAsset, SITE_CSS, serveAssets, TABLES_CSS } from './assets.ts';

describe('stylesheets and scripts, served from one place', () => {
  const app = Fastify();
  serveAssets(app, [SITE_CSS, TABLES_CSS]);

  it('a page links the versioned address, which the browser may keep for a year', async () => {
    expect(SITE_CSS.url).toMatch(/^\/assets\/site\.css\?v=[0-9a-f]{12}$/);
    const res = await app.inject({ url: SITE_CSS.url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('the address without its version (or with an old one) is kept for an hour only', async () => {
    for (const url of ['/assets/site.css', '/assets/site.css?v=000000000000']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=3600');
    }
  });

  it('answers 304 to the ETag it gave', async () => {
    const first = await app.inject({ url: TABLES_CSS.url });
    const again = await app.inject({
      url: TABLES_CSS.url,
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('stylesheets go out minified: no comments, and smaller than the file', async () => {
    const body = (await app.inject({ url: SITE_CSS.url })).body;
    expect(body).not.toContain('/*');
    expect(body.length).toBeLessThan(readFileSync(new URL('./site.css', import.meta.url)).length * 0.9);
    expect(body).toContain('.emergency-now');
  });
});

describe('the features declare their assets, one plugin serves them all', () => {
  it('an address is one file: declared again for the same file it is the same asset, for another a mistake', () => {
    const file = new URL('./tables.css', import.meta.url);
    expect(defineAsset('/assets/tables.css', file)).toBe(TABLES_CSS);
    expect(() => defineAsset('/assets/tables.css', new URL('./site.css', import.meta.url))).toThrow(
      /already declared/,
    );
  });

  it("serves a feature's stylesheet and script, and the icons, with the same cache rules", async () => {
    // the modules declare their assets when they load, as app.ts imports them
    const { HANDOFFS_CSS_URL } = await import('../features/handoffs/pages/HandoffParts.tsx');
    const { QUICK_EXIT_SCRIPT_URL } = await import('../features/contacts/quick-exit.ts');
    await import('../features/site-info/routes.ts');
    const app = Fastify();
    await app.register(assetRoutes);
    for (const url of [HANDOFFS_CSS_URL, QUICK_EXIT_SCRIPT_URL]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });
});
