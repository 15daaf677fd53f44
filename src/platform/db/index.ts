import {
  closeSync,
  constants,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { tryLock, unlock } from 'fs-native-extensions';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import * as tar from 'tar';
import { PGLITE_EXTENSIONS, readPgliteTemplate, TEMPLATE_FILE } from './pglite-template.ts';
import type { DB } from './types.ts';

export type Engine = 'pglite' | 'postgres';

/** One database, whichever engine is under it: typed queries through Kysely, scripts for migrations. */
export interface Database {
  readonly engine: Engine;
  readonly db: Kysely<DB>;
  /**
   * Where reads that may lag go (the shared metrics, the DPO's access-log search): with
   * DATABASE_READ_URL a second pool on the read replica whose sessions are read-only
   * (default_transaction_read_only, so a write through it fails loudly); absent without one
   * (read from `db`: see readDatabase). Never write through it, and never read through it
   * what this request has just written.
   */
  readonly read?: Kysely<DB>;
  /** Runs a multi-statement SQL script (migrations). */
  execScript(sql: string): Promise<void>;
  /**
   * Calls onMessage with the payload of each NOTIFY on the channel (a lowercase SQL name,
   * see CHANNEL_NAME), from this process or any other on the same database, once the sending
   * transaction commits. Resolves when the LISTEN is in effect, to a function that stops it.
   * A notification sent while a PostgreSQL listening connection is down is lost: treat
   * notifications as hints to read the database again, never as the data itself.
   * onMessage must not throw (an exception is caught and dropped).
   * Use EventHub (platform/events.ts) rather than this: it shares one LISTEN per channel.
   */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * PGlite only: the whole cluster as one gzipped tarball, consistent (taken between two
   * transactions, after a checkpoint) while this process goes on serving; see backup.ts.
   */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/** Where the database's lagging reads go: its read replica, or the primary when it has none. */
export function readDatabase(database: Pick<Database, 'db' | 'read'>): Kysely<DB> {
  return database.read ?? database.db;
}

/** The channels of LISTEN/NOTIFY: lowercase SQL names, the same on both engines whether quoted or not. */
export const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertChannelName(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`Not a channel name: ${JSON.stringify(channel)}`);
}

export type DatabaseOptions =
  | {
      engine: 'postgres';
      url: string;
      poolSize?: number;
      /** DATABASE_READ_URL: a read replica (or a read-only role) for `read`; unset: `read` is `db` */
      readUrl?: string;
    }
  | {
      engine: 'pglite';
      dataDir: string | null;
      /** a backup (dumpDataDir's tarball) a new folder starts from instead of the template; see backup.ts */
      loadDataDir?: Blob;
      /**
       * a template of our own (the demo's, made at npm install) a new folder starts from instead
       * of the empty one; unpacked straight into the folder (see unpackTemplate)
       */
      templateFile?: string;
    };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.engine === 'postgres'
    ? openPostgres(options.url, options.poolSize ?? 10, options.readUrl)
    : openPglite(options.dataDir, options.loadDataDir, options.templateFile);
}

/** PostgreSQL's `date` (oid 1082) is a calendar day, not an instant: read it as 'YYYY-MM-DD'. */
const DATE_OID = 1082;
const keepDateText = (value: string) => value;

const postgresTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID
      ? keepDateText
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** The application_name of the read pool's connections (DATABASE_READ_URL), for pg_stat_activity. */
export const READ_APPLICATION_NAME = 'perheverkko-read';

/**
 * A connection that PostgreSQL closes (a restart, a failover, the network) is an 'error' event:
 * of the pool when the connection was idle in it, of the connection itself when it was taken
 * out of the pool and between two queries (a transaction waiting for our code) — and an 'error'
 * event nobody listens to ends the process. Either way nothing is left to do here: the pool
 * drops an idle one at once and a taken one when it comes back (not queryable), its query in
 * progress fails (so does its transaction), and the next query opens a new connection. While
 * the database is away requests fail and /health/ready says 503 (issue 15, test/two-process.test.ts).
 */
function survivingDroppedConnections(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

async function openPostgres(url: string, poolSize: number, readUrl?: string): Promise<Database> {
  const pool = survivingDroppedConnections(
    new pg.Pool({ connectionString: url, max: poolSize, types: postgresTypes }),
  );
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // The read pool: every session read-only, so a write sent to it by mistake fails at once
  // (on a hot standby it would fail anyway; on a primary given as DATABASE_READ_URL it must too).
  const read = readUrl
    ? new Kysely<DB>({
        dialect: new PostgresDialect({
          pool: survivingDroppedConnections(
            new pg.Pool({
              connectionString: readUrl,
              max: poolSize,
              types: postgresTypes,
              application_name: READ_APPLICATION_NAME,
              options: '-c default_transaction_read_only=on',
            }),
          ),
        }),
      })
    : db;
  const listener = new PostgresListener(url);
  return {
    engine: 'postgres',
    db,
    ...(read !== db ? { read } : {}),
    async execScript(sql) {
      // A query without parameters goes through the simple protocol, which runs several statements.
      await pool.query(sql);
    },
    listen: (channel, onMessage) => listener.listen(channel, onMessage),
    async close() {
      await listener.close();
      if (read !== db) await read.destroy();
      await db.destroy();
    },
  };
}

/** The application_name of the listening connection, to tell it apart in pg_stat_activity. */
export const LISTEN_APPLICATION_NAME = 'perheverkko-listen';
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 30_000;

/**
 * The LISTEN side of a PostgreSQL database: one connection of its own (outside the pool, made
 * at the first listen), shared by every channel and listener, each channel LISTENed once.
 * When the connection drops it reconnects with backoff and LISTENs its channels again;
 * notifications sent in between are lost.
 */
class PostgresListener {
  readonly #url: string;
  readonly #listeners = new Map<string, Set<(payload: string) => void>>();
  /** the channels LISTENed on the current client */
  readonly #listening = new Set<string>();
  #client: pg.Client | null = null;
  #closed = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #retryDelay = 0;
  /** connecting, LISTEN and UNLISTEN run one at a time, in order */
  #queue: Promise<void> = Promise.resolve();

  constructor(url: string) {
    this.#url = url;
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    assertChannelName(channel);
    if (this.#closed) throw new Error('The database is closed');
    const callback = (payload: string) => onMessage(payload); // its own identity, even if onMessage is shared
    let set = this.#listeners.get(channel);
    if (!set) {
      set = new Set();
      this.#listeners.set(channel, set);
    }
    set.add(callback);
    try {
      await this.#serially(() => this.#sync(channel));
    } catch (error) {
      this.#remove(channel, callback);
      throw error;
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      this.#remove(channel, callback);
      if (!this.#closed) await this.#serially(() => this.#sync(channel));
    };
  }

  async close() {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#listeners.clear();
    await this.#serially(async () => {
      const client = this.#client;
      this.#client = null;
      this.#listening.clear();
      await client?.end().catch(() => {});
    });
  }

  #remove(channel: string, callback: (payload: string) => void) {
    const set = this.#listeners.get(channel);
    set?.delete(callback);
    if (set?.size === 0) this.#listeners.delete(channel);
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  /** Makes the connection's LISTEN of the channel match whether anyone listens to it. */
  async #sync(channel: string) {
    if (this.#closed) return;
    const wanted = this.#listeners.has(channel);
    if (wanted === this.#listening.has(channel)) return;
    if (!wanted) {
      this.#listening.delete(channel);
      // Nobody is left to call, so a failure (the connection dropped) changes nothing.
      await this.#client?.query(`UNLISTEN ${quoteName(channel)}`).catch(() => {});
      return;
    }
    const client = this.#client;
    if (client) {
      try {
        await client.query(`LISTEN ${quoteName(channel)}`);
        this.#listening.add(channel);
        return;
      } catch {
        // LISTEN of a valid name fails only with its connection: start again on a new one.
        this.#lost(client);
      }
    }
    await this.#connect(); // a new connection LISTENs every wanted channel, this one included
  }

  async #connect() {
    const client = new pg.Client({
      connectionString: this.#url,
      keepAlive: true,
      application_name: LISTEN_APPLICATION_NAME,
    });
    client.on('notification', (message) => {
      if (this.#closed) return;
      for (const callback of this.#listeners.get(message.channel) ?? []) {
        try {
          callback(message.payload ?? '');
        } catch {
          // a listener's own failure must not stop the others or the connection
        }
      }
    });
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      const channels = [...this.#listeners.keys()];
      for (const channel of channels) await client.query(`LISTEN ${quoteName(channel)}`);
      if (this.#closed) throw new Error('The database is closed');
      this.#client = client;
      this.#listening.clear();
      for (const channel of channels) this.#listening.add(channel);
      this.#retryDelay = 0;
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
  }

  /** The connection dropped (the server restarted, a network failure): connect again later. */
  #lost(client: pg.Client) {
    if (client !== this.#client) return;
    this.#client = null;
    this.#listening.clear();
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    if (this.#closed || this.#retryTimer || this.#listeners.size === 0) return;
    this.#retryDelay = Math.min(RECONNECT_MAX_MS, Math.max(RECONNECT_MIN_MS, this.#retryDelay * 2));
    const delay = this.#retryDelay * (0.5 + Math.random() / 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#serially(async () => {
        if (this.#closed || this.#client || this.#listeners.size === 0) return;
        await this.#connect();
      }).catch(() => this.#scheduleReconnect());
    }, delay);
    this.#retryTimer.unref();
  }
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** True when DATA_DIR holds no embedded database yet: its first start makes one (from a template). */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'pglite', 'PG_VERSION'));
}

/**
 * Unpacks a template tarball of our own (made at npm install) into a new cluster folder with
 * node's own file system: PGlite's loadDataDir writes each of its 1,400 files through its
 * WebAssembly file system layer, which took most of a cold start (docs/bench.md). Unpacked
 * beside the folder and renamed into place, so a start that dies half-way leaves no folder
 * that looks like a cluster.
 */
function unpackTemplate(file: string, folder: string) {
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // PGlite's tarballs name their files from the root ("/base/5/…"): tar strips the slash and
  // says so (TAR_ENTRY_INFO); any other warning is a damaged template
  const problems: string[] = [];
  tar.x({
    file,
    cwd: partial,
    sync: true,
    // read whole (the demo's is 37 MB): in tar's default 16 kB reads it took 1.5 s, whole 0.6 s
    maxReadSize: 64 * 1024 * 1024,
    onwarn: (code, message) => {
      if (code !== 'TAR_ENTRY_INFO') problems.push(`${code}: ${String(message)}`);
    },
  });
  if (problems.length > 0 || !existsSync(join(partial, 'PG_VERSION')))
    throw new Error(`${file} is not a usable template: ${problems.join('; ') || 'no PG_VERSION'}`);
  rmSync(folder, { recursive: true, force: true });
  renameSync(partial, folder);
}

/** dataDir null: in memory (tests). */
async function openPglite(dataDir: string | null, backup?: Blob, templateFile?: string): Promise<Database> {
  let releaseLock = () => {};
  let folder: string | undefined;
  let template: Blob | undefined;
  if (dataDir !== null) {
    mkdirSync(dataDir, { recursive: true });
    folder = join(dataDir, 'pglite');
    releaseLock = takeFolderLock(join(dataDir, 'pglite.lock'));
    // A new folder starts from a template made at install (the demo's, else the empty one)
    // instead of running initdb; a backup goes through PGlite's own loader (backup.ts).
    if (!existsSync(join(folder, 'PG_VERSION'))) {
      const file = templateFile ?? (existsSync(TEMPLATE_FILE) ? TEMPLATE_FILE : undefined);
      if (backup) template = backup;
      else if (file) {
        try {
          unpackTemplate(file, folder);
        } catch (error) {
          releaseLock();
          throw error;
        }
      }
    } else if (backup) {
      releaseLock();
      throw new Error(`${folder} holds a database already: a backup is restored only into an empty DATA_DIR`);
    }
  } else {
    // in memory (tests, the demo template's build): from the backup, or from the empty cluster
    // made at install instead of initdb (1.2 s against 2.5–4 s a database on a quiet machine)
    template = backup ?? readPgliteTemplate();
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
      // PGlite's own LISTEN/NOTIFY, within this process. LISTEN is transactional, so it runs
      // while holding Kysely's one connection: never inside a transaction that may roll back.
      async listen(channel, onMessage) {
        assertChannelName(channel);
        const callback = (payload: string) => {
          try {
            onMessage(payload);
          } catch {
            // a listener's own failure must not become an uncaught exception
          }
        };
        const stop = await db.connection().execute(() => pglite.listen(channel, callback));
        let active = true;
        return async () => {
          if (!active || pglite.closed) return;
          active = false;
          await db.connection().execute(() => stop());
        };
      },
      // Kysely's one connection is held, so no transaction of ours is half done in the copy.
      dumpDataDir: () =>
        db.connection().execute(async () => {
          await pglite.exec('CHECKPOINT');
          return pglite.dumpDataDir('gzip');
        }),
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
  constructor(lockFile: string, pid: number | undefined) {
    super(
      `The embedded database in ${resolve(lockFile, '..')} is in use by another process${pid ? ` (pid ${pid})` : ''}. ` +
        'Stop that process first, or give this one its own DATA_DIR. (PGlite is a single-process database.)',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * PGlite does not lock its folder and two processes on one folder corrupt it: refuse the second
 * one. The lock is the operating system's (an exclusive lock on the open file pglite.lock, see
 * fs-native-extensions), taken in one atomic step and released by the kernel when the process
 * ends, however it ends: a kill -9 leaves the file, never the lock, so there is no "stale lock"
 * to take over and no race between processes that take one over at the same moment. The file
 * itself is never removed (removing a lock file lets a later process lock a new file while
 * another still holds the old one); it names the holder's pid, for the error message only.
 */
function takeFolderLock(lockFile: string): () => void {
  const fd = openSync(lockFile, constants.O_RDWR | constants.O_CREAT, 0o600);
  let locked: boolean;
  try {
    locked = tryLock(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (!locked) {
    closeSync(fd);
    throw new DataDirLockedError(lockFile, holderPid(lockFile));
  }
  ftruncateSync(fd, 0);
  writeSync(fd, String(process.pid), 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    ftruncateSync(fd, 0);
    unlock(fd);
    closeSync(fd);
  };
}

/**
 * The pid in a lock file that another process holds. The holder writes it just after taking
 * the lock, so wait a moment for it (a few ms) while the file is empty or still names a
 * process that no longer runs (what the holder has not yet overwritten).
 */
function holderPid(lockFile: string): number | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return pid;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
