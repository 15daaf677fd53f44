/**
 * Backup and restore of the embedded database (PGlite in DATA_DIR), decision 0017.
 *
 * A backup is PGlite's own dump of the cluster, a gzipped tarball of its data folder
 * (dumpDataDir), taken after a checkpoint and between two transactions. PGlite is one process:
 * whoever holds DATA_DIR's lock is the only one who can take a consistent copy. So:
 * - when nobody holds it, the command opens the database itself and dumps it;
 * - when a server holds it, the command asks that server through a request file in
 *   DATA_DIR/backups/: the server looks there every second, dumps the database, writes the
 *   tarball beside the request, and the command moves it to the file asked for. The server
 *   writes nothing outside DATA_DIR and takes no path from the request; whoever may write in
 *   DATA_DIR may read the database files already, so the request needs no other credential.
 * - when another process holds it that takes no requests (a CLI command, an older server),
 *   the command says so at once and what to do.
 */
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type Database, DataDirLockedError, openDatabase } from './index.ts';
import { tarEntries } from './tar-entries.ts';

/** The folder in DATA_DIR where backup requests and the server's answers meet. */
export const BACKUP_FOLDER = 'backups';
/** The file in which a server that takes backup requests names its pid. */
const RESPONDER_FILE = 'responder.pid';
/** How often a server looks for a request. */
export const POLL_MS = 1000;
/** How long a request may wait for the server to take it before the command gives up. */
const TAKE_TIMEOUT_MS = 15_000;
/** A finished backup nobody fetched (the command died) is removed after this long: it holds personal data. */
const UNCLAIMED_MS = 10 * 60_000;

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** 'self': the command opened the database; 'server': the running server made it */
  by: 'self' | 'server';
  pid?: number;
}

/**
 * Writes a consistent backup of the embedded database in dataDir to file (a new file, mode
 * 0600: it holds every family's data). Works whether or not a server is running on dataDir.
 */
export async function backupEmbedded(
  dataDir: string,
  file: string,
  progress: (line: string) => void = () => {},
): Promise<BackupResult> {
  const target = resolve(file);
  if (existsSync(target)) throw new BackupError(`${target} exists already: give the backup a new file name`);
  if (!isFolder(dirname(target)))
    throw new BackupError(`there is no folder ${dirname(target)} to write the backup in`);
  if (!existsSync(join(dataDir, 'pglite', 'PG_VERSION')))
    throw new BackupError(`there is no embedded database in ${resolve(dataDir)} (DATA_DIR) to back up`);
  let database: Database;
  try {
    database = await openDatabase({ engine: 'pglite', dataDir });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    return askServer(dataDir, target, progress);
  }
  try {
    progress(`nobody is using ${resolve(dataDir)}: backing it up directly…`);
    const dump = await dumpOf(database);
    writeNew(target, dump);
    return { file: target, bytes: dump.length, by: 'self' };
  } finally {
    await database.close();
  }
}

async function dumpOf(database: Database): Promise<Buffer> {
  if (!database.dumpDataDir)
    throw new BackupError('only the embedded database (PGlite) is backed up this way');
  return Buffer.from(await (await database.dumpDataDir()).arrayBuffer());
}

/** Writes a file that must not exist yet, readable by its owner only, whole or not at all. */
function writeNew(target: string, data: Buffer) {
  const partial = `${target}.partial-${process.pid}`;
  writeFileSync(partial, data, { mode: 0o600, flag: 'wx' });
  try {
    if (existsSync(target))
      throw new BackupError(`${target} appeared meanwhile: give the backup a new file name`);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function lockHolder(dataDir: string): number | undefined {
  const pid = Number(readTrimmed(join(dataDir, 'pglite.lock')));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function readTrimmed(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The backup through the server that holds dataDir: a request file, its answer moved to target. */
async function askServer(
  dataDir: string,
  target: string,
  progress: (line: string) => void,
): Promise<BackupResult> {
  const holder = lockHolder(dataDir);
  const folder = join(dataDir, BACKUP_FOLDER);
  const responder = Number(readTrimmed(join(folder, RESPONDER_FILE)));
  const who = holder ? `process ${holder}` : 'another process';
  if (!holder || responder !== holder)
    throw new BackupError(
      `${resolve(dataDir)} is in use by ${who}, which does not take backup requests (a CLI command, or a server ` +
        'older than this one). A running database cannot be copied from outside: its files change while they are ' +
        'read. Wait for that process to finish or stop it, then run backup again; a server of this version makes ' +
        'the backup itself while it runs.',
    );
  const id = randomUUID();
  const request = join(folder, `${id}.request`);
  const done = join(folder, `${id}.tar.gz`);
  const failed = join(folder, `${id}.error`);
  writeFileSync(request, JSON.stringify({ requested: new Date().toISOString(), pid: process.pid }), {
    mode: 0o600,
  });
  progress(`the server (pid ${holder}) is using ${resolve(dataDir)}: asking it for the backup…`);
  const asked = Date.now();
  for (;;) {
    if (existsSync(done)) break;
    if (existsSync(failed)) {
      const why = readTrimmed(failed);
      rmSync(failed, { force: true });
      throw new BackupError(`the server could not make the backup: ${why}`);
    }
    if (!isAlive(holder)) {
      rmSync(request, { force: true });
      throw new BackupError(
        `the server (pid ${holder}) stopped before the backup was made: run backup again`,
      );
    }
    if (existsSync(request) && Date.now() - asked > TAKE_TIMEOUT_MS) {
      rmSync(request, { force: true });
      throw new BackupError(
        `the server (pid ${holder}) did not take the backup request within ${TAKE_TIMEOUT_MS / 1000} s: is it stuck? See its log.`,
      );
    }
    await sleep(100);
  }
  try {
    if (existsSync(target))
      throw new BackupError(`${target} appeared meanwhile: give the backup a new file name`);
    try {
      renameSync(done, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // another file system: copy, then remove the server's copy
      copyFileSync(done, target);
    }
  } finally {
    rmSync(done, { force: true });
  }
  return { file: target, bytes: statSync(target).size, by: 'server', pid: holder };
}

export interface BackupResponder {
  stop(): Promise<void>;
}

/**
 * Makes this process (the server that holds dataDir) answer backup requests: every POLL_MS
 * it looks in DATA_DIR/backups for `<id>.request`, claims it, dumps the database into
 * `<id>.tar.gz` (0600) and leaves it for the command to move. One at a time; while the dump
 * runs (a second or two for a region) queries wait. Logs each backup; never throws.
 */
export function startBackupResponder(
  database: Database,
  dataDir: string,
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
): BackupResponder {
  const folder = join(dataDir, BACKUP_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // what a server killed mid-way left behind
  for (const name of readdirSync(folder))
    if (name.endsWith('.working') || name.includes('.partial')) rmSync(join(folder, name), { force: true });
  const responderFile = join(folder, RESPONDER_FILE);
  writeFileSync(responderFile, String(process.pid));
  let busy: Promise<void> | null = null;
  let stopped = false;

  const answer = async (id: string) => {
    const working = join(folder, `${id}.working`);
    try {
      await rename(join(folder, `${id}.request`), working); // claimed: the command sees it taken
    } catch {
      return; // taken back by the command meanwhile
    }
    const started = performance.now();
    try {
      const dump = await dumpOf(database);
      const partial = join(folder, `${id}.tar.gz.partial`);
      await writeFile(partial, dump, { mode: 0o600 });
      await rename(partial, join(folder, `${id}.tar.gz`));
      log.info(
        { bytes: dump.length, ms: Math.round(performance.now() - started) },
        'backup written on request',
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ err: { message } }, 'backup on request failed');
      await writeFile(join(folder, `${id}.error`), message).catch(() => {});
    } finally {
      await unlink(working).catch(() => {});
    }
  };

  const look = async () => {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return;
    }
    for (const name of names) {
      if (stopped) return;
      if (name.endsWith('.request')) await answer(name.slice(0, -'.request'.length));
      else if (name.endsWith('.tar.gz') || name.endsWith('.error')) {
        const path = join(folder, name);
        const age = await stat(path).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > UNCLAIMED_MS) await rm(path, { force: true });
      }
    }
  };

  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = look().finally(() => {
      busy = null;
    });
  }, POLL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
      if (readTrimmed(responderFile) === String(process.pid)) rmSync(responderFile, { force: true });
    },
  };
}

/**
 * Restores a backup into dataDir, which must be empty (or hold only its lock file): the
 * database is started once from the backup to prove that it opens. Returns the migrations the
 * backup has (the server runs any newer ones at its next start).
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<{ migrations: number }> {
  const source = resolve(file);
  if (!existsSync(source)) throw new BackupError(`there is no file ${source}`);
  const present = existsSync(dataDir) ? readdirSync(dataDir).filter((name) => name !== 'pglite.lock') : [];
  if (present.length > 0)
    throw new BackupError(
      `${resolve(dataDir)} (DATA_DIR) is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}): ` +
        'a backup is restored only into an empty DATA_DIR. Give a new one, or move this one aside first.',
    );
  const archive = readFileSync(source);
  checkArchive(archive, source);
  let database: Database | undefined;
  try {
    database = await openDatabase({
      engine: 'pglite',
      dataDir,
      loadDataDir: new Blob([archive], { type: 'application/x-gzip' }),
    });
    const rows = await database.db.selectFrom('schema_migration').select('name').execute();
    return { migrations: rows.length };
  } catch (error) {
    if (error instanceof DataDirLockedError) throw error;
    // what the failed start wrote is ours (the folder was empty): leave it empty again
    await database?.close().catch(() => {});
    database = undefined;
    rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
    throw new BackupError(
      `the database in ${source} did not open: ${error instanceof Error ? error.message : String(error)}` +
        ' (a backup made by another PGlite version is restored by that version)',
    );
  } finally {
    await database?.close();
  }
}

/** A backup is a gzipped tar of a PostgreSQL data folder: refuse anything else before loading it. */
function checkArchive(archive: Buffer, source: string) {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive);
  } catch {
    throw new BackupError(`${source} is not a backup of the embedded database (not a gzipped tarball)`);
  }
  if (!tarEntries(tar).some(({ name }) => name === 'PG_VERSION' || name === '/PG_VERSION'))
    throw new BackupError(`${source} is not a backup of the embedded database (no PG_VERSION in it)`);
}
