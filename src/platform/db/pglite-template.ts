import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

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
export const TEMPLATE_FILE = join(
  ROOT,
  'node_modules',
  '.cache',
  'perheverkko',
  `pglite-${PGLITE_VERSION}-empty.tar.gz`,
);

export const PGLITE_EXTENSIONS = { pg_trgm };

/** The template, or undefined when it has not been made (or is of another PGlite version). */
export function readPgliteTemplate(): Blob | undefined {
  return existsSync(TEMPLATE_FILE) ? new Blob([readFileSync(TEMPLATE_FILE)]) : undefined;
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
