import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { minifiedCss } from './assets.ts';

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/perheverkko/css/', import.meta.url));

describe('stylesheets minified once and kept for the next start', () => {
  it('minifies, keeps the result under its source, and uses the kept one next time', () => {
    const marker = randomUUID();
    const source = Buffer.from(`/* ${marker} */\n.page {\n  color: #123456;\n  margin: 0px;\n}\n`);
    const before = new Set(existsSync(CACHE) ? readdirSync(CACHE) : []);
    const body = minifiedCss(source).toString('utf8');
    expect(body).not.toContain(marker);
    expect(body).toContain('.page{color:#123456;margin:0}');
    const made = readdirSync(CACHE).filter((name) => !before.has(name));
    expect(made).toHaveLength(1);
    const kept = join(CACHE, made[0] as string);
    expect(readFileSync(kept, 'utf8')).toBe(body);
    // the next start reads the kept file and does not minify again
    writeFileSync(kept, '.kept{}');
    expect(minifiedCss(source).toString('utf8')).toBe('.kept{}');
    // another source is another file
    expect(minifiedCss(Buffer.from(`${source}\n.other { color: red }`)).toString('utf8')).toContain('.other');
    for (const name of readdirSync(CACHE)) if (!before.has(name)) rmSync(join(CACHE, name));
  });
});
