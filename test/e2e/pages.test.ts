// The public pages stay light and script-free: they must work on a slow phone without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGS, PAGE_TYPES, publicPages, type RunningApp, startApp } from './browser.ts';

const BUDGET = 50 * 1024;
const EXPECTED_STATUS = { 'list-error': 400, 'not-found': 404 } as Record<string, number>;

describe('the public pages as sent', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string) => fetch(`${app.url}${path}`, { headers: { accept: 'text/html' } });

  for (const lang of LANGS) {
    it(`${lang}: the HTML and CSS of every page type weigh at most 50 KB together`, async () => {
      const pages = await publicPages(app, lang);
      const weights: Record<string, number> = {};
      for (const type of PAGE_TYPES) {
        const response = await get(pages[type]);
        expect(response.status, type).toBe(EXPECTED_STATUS[type] ?? 200);
        const html = await response.text();
        const stylesheets = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)].map(
          (m) => m[0].match(/\bhref="([^"]+)"/)?.[1] ?? '',
        );
        expect(stylesheets.length, type).toBeGreaterThan(0);
        let bytes = Buffer.byteLength(html);
        for (const href of stylesheets) bytes += (await (await get(href)).arrayBuffer()).byteLength;
        weights[type] = bytes;
      }
      const over = Object.entries(weights).filter(([, bytes]) => bytes > BUDGET);
      expect(over, JSON.stringify(weights)).toEqual([]);
    });

    it(`${lang}: no page carries a script, an inline style or an event handler, and the CSP allows none inline`, async () => {
      const pages = await publicPages(app, lang);
      for (const type of PAGE_TYPES) {
        const response = await get(pages[type]);
        const html = await response.text();
        expect(html, type).not.toMatch(/<script/i);
        expect(html, type).not.toMatch(/\sstyle=/i);
        expect(html, type).not.toMatch(/\son[a-z]+=/i);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp, type).toContain("script-src 'self'");
        expect(csp, type).toContain("default-src 'self'");
        expect(csp, type).not.toContain('unsafe-inline');
        expect(csp, type).not.toContain('unsafe-eval');
      }
    });
  }
});
