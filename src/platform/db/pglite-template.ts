import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { tarEntries } from './tar-entries.ts';

/**
 * A freshly initialised, empty PGlite cluster as a tarball, made once at `npm install`
 * (postinstall) for the installed PGlite version. A new DATA_DIR is loaded from it instead of
 * running initdb at start: about 1.2 s instead of 3 s, which is most of `npm start`'s cold
 * start (docs/bench.md). Without it PGlite simply runs initdb.
 */
const ROOT = new URL('../../../', import.meta.url).pathname;
// The package does not export its package.json: read it from where npm installed it.
const PGLITE_VERSION: string = JSON.parse(
  readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
).version;
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'perheverkko');
export const TEMPLATE_FILE = join(CACHE_DIR, `pglite-${PGLITE_VERSION}-empty.tar.gz`);

export const PGLITE_EXTENSIONS = { pg_trgm };

let cached: Blob | undefined;

/**
 * The template, or undefined when it has not been made (or is of another PGlite version); read
 * once per process, as every in-memory database starts from it too.
 */
export function readPgliteTemplate(): Blob | undefined {
  if (!cached && existsSync(TEMPLATE_FILE)) cached = new Blob([readFileSync(TEMPLATE_FILE)]);
  return cached;
}

export async function writePgliteTemplate(): Promise<string> {
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  try {
    const archive = await pglite.dumpDataDir('gzip');
    mkdirSync(dirname(TEMPLATE_FILE), { recursive: true });
    writeFileSync(TEMPLATE_FILE, Buffer.from(await archive.arrayBuffer()));
    return TEMPLATE_FILE;
  } finally {
    await pglite.close();
  }
}

/**
 * The demo template: the empty cluster migrated and seeded with the demo region (catalogue,
 * search documents, thesaurus, demo users, network, population), made at `npm install` after
 * the empty one. A new DATA_DIR of a demo start (SEED_DEMO and not production) starts from it,
 * so `npm start` runs neither the migrations nor the seed (decision 0019). It is used only when
 * its key matches: a hash of everything its content follows from (the code, the migrations,
 * the seed data, the installed packages, the PGlite version and the search's analyser). Any
 * change makes it stale, and a stale or missing template means today's path: the empty
 * template, the migrations and the seed at start.
 */
const KEYED_FOLDERS = ['src', 'migrations', join('data', 'seed')];
const KEYED_FILES = ['package-lock.json'];

/** The key of the demo template for this checkout: see above. `root` for tests. */
export function demoTemplateKey(analyser: string, root = ROOT): string {
  const hash = createHash('sha256').update(`pglite ${PGLITE_VERSION}\0analyser ${analyser}\0`);
  const files: string[] = KEYED_FILES.map((f) => join(root, f)).filter((f) => existsSync(f));
  for (const folder of KEYED_FOLDERS) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      // the tests beside the code do not shape the database
      if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
    }
  }
  for (const file of files.sort()) {
    const content = readFileSync(file);
    hash.update(`${relative(root, file)}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex').slice(0, 16);
}

const DEMO_PREFIX = `pglite-${PGLITE_VERSION}-demo-`;
// not compressed: a start that unpacks it would spend 0.2 s in gunzip (docs/bench.md, "Cold start")
export const demoTemplateFile = (key: string) => join(CACHE_DIR, `${DEMO_PREFIX}${key}.tar`);

/** The demo template's file for this key, or undefined when none was made for it (missing or stale). */
export function demoTemplatePath(key: string): string | undefined {
  const file = demoTemplateFile(key);
  return existsSync(file) ? file : undefined;
}

/** The demo template of this key, or undefined when none was made for it (missing or stale). */
export function readDemoTemplate(key: string): Blob | undefined {
  const file = demoTemplateFile(key);
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Saves the demo template of this key, removing the stale ones of other keys. */
export function saveDemoTemplate(key: string, archive: Buffer): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = demoTemplateFile(key);
  for (const name of readdirSync(CACHE_DIR)) {
    if (name.startsWith('pglite-') && name.includes('-demo-') && join(CACHE_DIR, name) !== file)
      rmSync(join(CACHE_DIR, name), { force: true });
  }
  // written beside and renamed into place whole, so a start never reads half a template
  writeFileSync(`${file}.partial`, archive);
  renameSync(`${file}.partial`, file);
  return file;
}

/** The WAL segments a cluster needs, named as in pg_wal: from the last checkpoint's redo to where WAL is written now. */
export interface WalRange {
  first: string;
  last: string;
}

const WAL_SEGMENT = /^\/?pg_wal\/([0-9A-F]{24})$/;

/**
 * A data folder's archive (dumpDataDir's gzipped tarball) as a plain tarball without the WAL
 * segments outside `range`: PostgreSQL keeps spare 16 MB segments for reuse (three of the demo
 * template's 85 MB were WAL, two of them spare), and every new DATA_DIR would write them at its
 * first start (docs/bench.md, "Cold start"). A segment it needs later it makes itself. Every
 * other entry is kept byte for byte, so PGlite's own loader and node-tar read it as before.
 */
export function withoutSpareWal(archive: Buffer, range: WalRange): Buffer {
  const tar = gunzipSync(archive);
  const entries = tarEntries(tar);
  const kept: Buffer[] = [];
  entries.forEach((entry, i) => {
    // a PAX header belongs to the entry after it
    const next = entries[i + 1];
    const spare =
      isSpare(entry.name, range) || (entry.type === 'x' && next !== undefined && isSpare(next.name, range));
    if (!spare) kept.push(tar.subarray(entry.offset, entry.end));
  });
  // the end of the archive: two empty blocks
  return Buffer.concat([...kept, Buffer.alloc(1024)]);
}

function isSpare(name: string, range: WalRange): boolean {
  const segment = WAL_SEGMENT.exec(name)?.[1];
  return segment !== undefined && (segment < range.first || segment > range.last);
}
