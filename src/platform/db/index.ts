import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { PGLITE_EXTENSIONS, readPgliteTemplate } from './pglite-template.ts';
import type { DB } from './types.ts';

export type Engine = 'pglite' | 'postgres';

/** One database, whichever engine is under it: typed queries through Kysely, scripts for migrations. */
export interface Database {
  readonly engine: Engine;
  readonly db: Kysely<DB>;
  /** Runs a multi-statement SQL script (migrations). */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | { engine: 'pglite'; dataDir: string | null };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.engine === 'postgres'
    ? openPostgres(options.url, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}

/** PostgreSQL's `date` (oid 1082) is a calendar day, not an instant: read it as 'YYYY-MM-DD'. */
const DATE_OID = 1082;
const keepDateText = (value: string) => value;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID
          ? keepDateText
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    db,
    async execScript(sql) {
      // A query without parameters goes through the simple protocol, which runs several statements.
      await pool.query(sql);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** dataDir null: in memory (tests). */
async function openPglite(dataDir: string | null): Promise<Database> {
  let releaseLock = () => {};
  let folder: string | undefined;
  let template: Blob | undefined;
  if (dataDir !== null) {
    mkdirSync(dataDir, { recursive: true });
    folder = join(dataDir, 'pglite');
    releaseLock = takeFolderLock(join(dataDir, 'pglite.lock'));
    // A new folder starts from the template made at install, instead of running initdb.
    if (!existsSync(join(folder, 'PG_VERSION'))) template = readPgliteTemplate();
  }
  try {
    const pglite = await PGlite.create(folder, {
      extensions: PGLITE_EXTENSIONS,
      parsers: { [DATE_OID]: keepDateText },
      ...(template ? { loadDataDir: template } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      engine: 'pglite',
      db,
      async execScript(sql) {
        await pglite.exec(sql);
      },
      async close() {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

export class DataDirLockedError extends Error {
  constructor(lockFile: string, pid: number) {
    super(
      `The embedded database in ${resolve(lockFile, '..')} is in use by another process (pid ${pid}). ` +
        'Stop that process first, or give this one its own DATA_DIR. (PGlite is a single-process database.)',
    );
    this.name = 'DataDirLockedError';
  }
}

/** PGlite does not lock its folder and two processes on one folder corrupt it: refuse the second one. */
function takeFolderLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(lockFile, pid);
      }
      rmSync(lockFile, { force: true }); // left behind by a process that no longer runs
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
