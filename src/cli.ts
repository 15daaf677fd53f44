import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openConfiguredDatabase, writeDemoTemplate } from './bootstrap.ts';
import {
  exportHsdsFolder,
  HsdsFolderError,
  type ImportReport,
  importHsds,
  parseTranslationsOption,
  prepareCatalogue,
  readValidHsdsFolder,
  reportLines,
} from './features/catalogue/index.ts';
import { exportPtvFolder } from './features/catalogue/ptv/export.ts';
import { importPtv } from './features/catalogue/ptv/import.ts';
import { expireHandoffs } from './features/handoffs/handoffs.ts';
import { refreshAllRegions } from './features/metrics/index.ts';
import {
  importNetworkCsv,
  importProblemText,
  NetworkImportError,
  prepareNetwork,
} from './features/network/index.ts';
import {
  importPopulation,
  PopulationFileError,
  populationProblemText,
  preparePopulation,
  regionIdByCode,
} from './features/population/index.ts';
import { removeExpiredAccessLog, verifyAccessLog } from './platform/access/index.ts';
import { purgeEndedSessions } from './platform/auth/session.ts';
import { type Config, ConfigError, loadConfig } from './platform/config.ts';
import { BackupError, backupEmbedded, restoreEmbedded } from './platform/db/backup.ts';
import type { Database } from './platform/db/index.ts';
import { readPgliteTemplate, TEMPLATE_FILE, writePgliteTemplate } from './platform/db/pglite-template.ts';
import { createScheduler, describeSchedule, type JobRun, jobStatus } from './platform/jobs.ts';
import { createLogger } from './platform/logger.ts';

export const USAGE = `Usage: npm run cli -- <command>

  migrate                                  run the migrations that have not run yet
  seed                                     load reference data, and the demo region when the catalogue is empty
  import hsds <folder> [--region <code>] [--crosswalk <map.csv>] [--translations attribute:<taxonomy>] [--dry-run]
                                           import Open Referral HSDS 3.0 JSON files (flat or nested, ours or
                                           another publisher's), all or nothing, with a report per file
  export hsds <folder> [--region <code>]   write the catalogue as HSDS 3.0 JSON files
  export-ptv <folder> [--region <code>]    write the catalogue as Suomi.fi PTV Open API v11 JSON (docs/ptv.md)
  import-ptv <folder-or-file> [--region <code>] [--dry-run]
                                           import PTV Open API v11 JSON (ours or fetched from PTV), all or nothing
  import network <units.csv> [<professionals.csv>] [--region <code>]
                                           import the network registry's units and professionals, all or nothing
  import population <file.csv> [--region <code>] [--dry-run]
                                           import children aged 0–17 by municipality (StatFin 11re or plain CSV),
                                           all or nothing; --dry-run reads and reports without saving
  verify-access-log                        verify the access log's hash chain; names the first tampered row
  access-log-retention                     remove access-log rows older than ACCESS_LOG_RETENTION_DAYS (logged)
  metrics refresh                          bring the shared metrics' summary tables up to date (every region)
  expire-handoffs                          expire handoffs left unanswered 10 working days past their promise
  purge-sessions                           remove ended sessions (idle or absolute timeout) and unfinished sign-ins
  jobs                                     the scheduled jobs: schedule, last run, last error, next due (docs/jobs.md)
  run-job <name>                           run one scheduled job now, once across processes (not if one runs it)
  prepare-embedded-db                      make the PGlite clusters a new DATA_DIR starts from: the empty one, and the
                                           demo region's, migrated and seeded (run by npm install)
  backup <file>                            a consistent backup of the embedded database in DATA_DIR (also while the
                                           server runs: it makes it); PostgreSQL: pg_dump (docs/operations.md)
  restore <file>                           restore such a backup into an empty DATA_DIR

The database is the server's: PGlite in DATA_DIR (default ./data), or DATABASE_URL.
--region: the region (e.g. pohjois-savo) to import into, or the only one to export.
--dry-run: only with import population and import hsds.
--crosswalk, --translations: only with import hsds (docs/import.md).`;

/** Where the CLI writes: results to out (stdout), progress, warnings and errors to err (stderr). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

type Command =
  | { name: 'help' }
  | { name: 'migrate' }
  | { name: 'seed' }
  | { name: 'verify-access-log' }
  | { name: 'access-log-retention' }
  | { name: 'expire-handoffs' }
  | { name: 'purge-sessions' }
  | { name: 'prepare-embedded-db' }
  | { name: 'metrics-refresh' }
  | { name: 'jobs' }
  | { name: 'run-job'; job: string }
  | { name: 'backup' | 'restore'; file: string }
  | { name: 'import-ptv' | 'export-ptv'; path: string; regionCode: string | undefined; dryRun: boolean }
  | {
      name: 'import' | 'export';
      folder: string;
      regionCode: string | undefined;
      crosswalk?: string;
      translations?: string;
      dryRun?: boolean;
    }
  | {
      name: 'import-network';
      units: string;
      professionals: string | undefined;
      regionCode: string | undefined;
    }
  | { name: 'import-population'; file: string; regionCode: string | undefined; dryRun: boolean };

export function parseArgs(argv: string[]): Command {
  const positional: string[] = [];
  let regionCode: string | undefined;
  let dryRun = false;
  let crosswalk: string | undefined;
  let translations: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { name: 'help' };
    if (arg === '--dry-run') {
      dryRun = true;
      continue;
    }
    if (arg === '--crosswalk' || arg === '--translations') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a value`);
      if (arg === '--crosswalk') crosswalk = value;
      else translations = value;
      continue;
    }
    if (arg.startsWith('--crosswalk=')) {
      crosswalk = arg.slice('--crosswalk='.length);
      continue;
    }
    if (arg.startsWith('--translations=')) {
      translations = arg.slice('--translations='.length);
      continue;
    }
    if (arg === '--region') {
      regionCode = argv[++i];
      if (!regionCode) throw new UsageError('--region needs a region code, e.g. --region pohjois-savo');
    } else if (arg.startsWith('--region=')) regionCode = arg.slice('--region='.length);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [name, ...rest] = positional;
  if (name === undefined || name === 'help') return { name: 'help' };
  if (name === 'import' && rest[0] === 'population') {
    if (rest.length !== 2)
      throw new UsageError('usage: import population <file.csv> [--region <code>] [--dry-run]');
    return { name: 'import-population', file: rest[1] as string, regionCode, dryRun };
  }
  if (name === 'import' && rest[0] === 'hsds' && rest.length === 2)
    return { name, folder: rest[1] as string, regionCode, crosswalk, translations, dryRun };
  if (crosswalk !== undefined || translations !== undefined)
    throw new UsageError('--crosswalk and --translations are only for import hsds');
  if (
    (name === 'import-ptv' || name === 'export-ptv') &&
    rest.length === 1 &&
    !(dryRun && name === 'export-ptv')
  )
    return { name, path: rest[0] as string, regionCode, dryRun };
  if (name === 'import-ptv' || name === 'export-ptv')
    throw new UsageError(
      `usage: ${name} <${name === 'import-ptv' ? 'folder-or-file' : 'folder'}> [--region <code>]${name === 'import-ptv' ? ' [--dry-run]' : ''}`,
    );
  if (dryRun) throw new UsageError('--dry-run is only for import population and import hsds');
  if (
    (name === 'migrate' ||
      name === 'seed' ||
      name === 'verify-access-log' ||
      name === 'access-log-retention' ||
      name === 'expire-handoffs' ||
      name === 'purge-sessions' ||
      name === 'jobs' ||
      name === 'prepare-embedded-db') &&
    rest.length === 0 &&
    regionCode === undefined
  )
    return { name };
  if (name === 'run-job' && rest.length === 1 && regionCode === undefined)
    return { name, job: rest[0] as string };
  if (name === 'run-job') throw new UsageError('usage: run-job <name> (the names: npm run cli -- jobs)');
  if ((name === 'backup' || name === 'restore') && rest.length === 1 && regionCode === undefined)
    return { name, file: rest[0] as string };
  if (name === 'backup' || name === 'restore') throw new UsageError(`usage: ${name} <file>`);
  if (name === 'metrics' && rest.length === 1 && rest[0] === 'refresh' && regionCode === undefined)
    return { name: 'metrics-refresh' };
  if (name === 'import' && rest[0] === 'network' && (rest.length === 2 || rest.length === 3))
    return { name: 'import-network', units: rest[1] as string, professionals: rest[2], regionCode };
  if ((name === 'import' || name === 'export') && rest[0] === 'hsds' && rest.length === 2) {
    return { name, folder: rest[1] as string, regionCode };
  }
  if (name === 'import' || name === 'export')
    throw new UsageError(`usage: ${name} hsds <folder> [--region <code>]`);
  throw new UsageError(`unknown command: ${positional.join(' ')}`);
}

/** Runs one command; the exit code is 0 on success and 1 with a message on stderr on failure. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let database: Database | undefined;
  try {
    const command = parseArgs(argv);
    if (command.name === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (command.name === 'prepare-embedded-db') {
      if (readPgliteTemplate()) {
        io.out(`the embedded database template is ready: ${TEMPLATE_FILE}`);
      } else {
        io.err('preparing the embedded database template (once per install)…');
        io.out(`written ${await writePgliteTemplate()}`);
      }
      // and the demo region's, migrated and seeded, that a new DATA_DIR of `npm start` starts from
      const demo = await writeDemoTemplate(createLogger('warn'));
      io.out(demo.made ? `written ${demo.file}` : `the demo database template is ready: ${demo.file}`);
      return 0;
    }
    const config = loadConfig(io.env);
    const open = async () => {
      database = await openConfiguredDatabase(config);
      return database.db;
    };
    switch (command.name) {
      case 'backup': {
        if (config.databaseUrl) throw new BackupError(POSTGRES_BACKUP);
        const made = await backupEmbedded(config.dataDir, command.file, io.err);
        const by = made.by === 'server' ? `by the running server (pid ${made.pid})` : 'directly';
        io.out(`backup written ${by}: ${made.file} (${megabytes(made.bytes)} MB)`);
        break;
      }
      case 'restore': {
        if (config.databaseUrl) throw new BackupError(POSTGRES_BACKUP);
        const { migrations } = await restoreEmbedded(config.dataDir, command.file);
        io.out(
          `restored ${resolve(command.file)} into ${resolve(config.dataDir)}: ${migrations} migration(s); start the server on it`,
        );
        break;
      }
      case 'migrate': {
        const db = await open();
        const rows = await db.selectFrom('schema_migration').select('name').orderBy('name').execute();
        io.out(
          `the database is up to date: ${rows.length} migration(s), the latest ${rows.at(-1)?.name ?? '–'}`,
        );
        break;
      }
      case 'seed': {
        const db = await open();
        const { seeded } = await prepareCatalogue(db, { seedDemo: true });
        const network = await prepareNetwork(db, { seedDemo: true });
        const population = await preparePopulation(db, { seedDemo: true });
        io.out(
          `methods loaded; the demo network: ${network.units} units, ${network.professionals} professionals added`,
        );
        if (population > 0)
          io.out(`the demo region's child population: an estimate for ${population} municipalities`);
        io.out(
          seeded > 0
            ? `reference data loaded; the demo region seeded with ${seeded} services`
            : 'reference data loaded; the catalogue has services already, so the demo region was not seeded',
        );
        break;
      }
      case 'import-network': {
        // unreadable files fail before the database is opened
        const units = readFileSync(resolve(command.units), 'utf8');
        const professionals = command.professionals
          ? readFileSync(resolve(command.professionals), 'utf8')
          : null;
        const db = await open();
        await prepareCatalogue(db, { seedDemo: false });
        await prepareNetwork(db, { seedDemo: false });
        const code = command.regionCode ?? config.clientRegion;
        const region = await db.selectFrom('region').select('id').where('code', '=', code).executeTakeFirst();
        if (!region) throw new UsageError(`no region ${code}: give --region, e.g. --region pohjois-savo`);
        const report = await importNetworkCsv(db, region.id, { units, professionals });
        io.out(`imported the network of ${code}`);
        for (const kind of ['units', 'professionals'] as const) {
          const c = report[kind];
          io.out(`  ${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`);
        }
        break;
      }
      case 'import-population': {
        // an unreadable file fails before the database is opened
        const file = readFileSync(resolve(command.file));
        const db = await open();
        await prepareCatalogue(db, { seedDemo: false });
        const code = command.regionCode ?? config.clientRegion;
        const regionId = await regionIdByCode(db, code);
        if (!regionId) throw new UsageError(`no region ${code}: give --region, e.g. --region pohjois-savo`);
        const report = await importPopulation(db, file, {
          regionId,
          importedBy: 'command line',
          dryRun: command.dryRun,
        });
        io.out(
          `${command.dryRun ? 'dry run, nothing saved: would import' : 'imported'} the child population of ${code} (${report.form}, years ${report.years.join(', ')})`,
        );
        io.out(`  ${report.created} new, ${report.replaced} replaced, ${report.unchanged} unchanged`);
        for (const r of report.rows) {
          const was = r.previous === null ? '' : ` (was ${r.previous}, ${r.previousSource})`;
          io.out(`  ${r.code} ${r.name.fi} ${r.year}: ${r.children} ${r.change}${was}`);
        }
        for (const i of report.ignored) io.err(`skipped line ${i.line}: ${i.area} (not a municipality)`);
        for (const m of report.missing)
          io.err(
            `note: the file has no ${m.year} figure for (their stored figures are kept): ${m.municipalities.map((x) => `${x.code} ${x.name.fi}`).join(', ')}`,
          );
        break;
      }
      case 'import': {
        // broken or invalid files fail before the database is opened
        const files = readValidHsdsFolder(resolve(command.folder), io.err);
        const translations = command.translations ? parseTranslationsOption(command.translations) : undefined;
        if (typeof translations === 'string') throw new UsageError(translations);
        const crosswalk = command.crosswalk
          ? { file: basename(command.crosswalk), text: readFileSync(resolve(command.crosswalk), 'utf8') }
          : undefined;
        const db = await open();
        await prepareCatalogue(db, { seedDemo: false });
        const report = await importHsds(db, files, {
          regionCode: command.regionCode,
          progress: io.err,
          crosswalk,
          translations,
          dryRun: command.dryRun,
        });
        for (const warning of report.warnings) io.err(`warning: ${warning}`);
        io.out(`${report.dryRun ? 'dry run, nothing saved: would import' : 'imported'} ${files.dir}`);
        for (const line of countLines(report)) io.out(line);
        io.out('report (per file: mapped to ours, kept as given, dropped):');
        for (const line of reportLines(report.files)) io.out(`  ${line}`);
        break;
      }
      case 'export': {
        const db = await open();
        await prepareCatalogue(db, { seedDemo: false });
        const folder = resolve(command.folder);
        const written = await exportHsdsFolder(db, folder, {
          regionCode: command.regionCode,
          progress: io.err,
        });
        io.out(`exported to ${folder}`);
        for (const { file, count } of written) io.out(`  ${file}: ${count}`);
        break;
      }
      case 'export-ptv': {
        const db = await open();
        await prepareCatalogue(db, { seedDemo: false });
        const folder = resolve(command.path);
        const { written, notExported } = await exportPtvFolder(db, folder, {
          regionCode: command.regionCode,
          progress: io.err,
        });
        io.out(`exported to ${folder} (PTV Open API v11)`);
        for (const { file, count } of written) io.out(`  ${file}: ${count}`);
        for (const line of notExported) io.out(`  not exported: ${line}`);
        break;
      }
      case 'import-ptv': {
        const db = await open();
        await prepareCatalogue(db, { seedDemo: false });
        const report = await importPtv(db, resolve(command.path), {
          regionCode: command.regionCode,
          progress: io.err,
          dryRun: command.dryRun,
        });
        for (const warning of report.warnings) io.err(`warning: ${warning}`);
        io.out(
          `${report.dryRun ? 'dry run, nothing saved: would import' : 'imported'} ${command.path} (PTV Open API v11)`,
        );
        for (const kind of ['organizations', 'locations', 'services'] as const) {
          const c = report[kind];
          io.out(`  ${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`);
        }
        for (const line of report.mapped) io.out(`  mapped: ${line}`);
        for (const line of report.notStored) io.out(`  not stored: ${line}`);
        io.out(`  warnings: ${report.warnings.length} (each one on stderr)`);
        break;
      }
      case 'verify-access-log': {
        const result = await verifyAccessLog(await open());
        if (!result.ok) {
          const { id, at, shard, seq } = result.row;
          const where = id
            ? `row ${id} (${at?.toISOString()}, chain ${shard} row ${seq})`
            : `chain ${shard} row ${seq}`;
          io.err(`error: the access log has been tampered with at ${where}: ${result.problem}`);
          io.err(`  ${result.count} row(s) verified before it`);
          return 1;
        }
        io.out(`the access log is intact: ${result.count} rows`);
        break;
      }
      case 'metrics-refresh': {
        const months = await refreshAllRegions(await open(), new Date());
        io.out(`the metrics are up to date: ${months} month(s) recomputed`);
        break;
      }
      case 'expire-handoffs': {
        const expired = await expireHandoffs(await open());
        io.out(expired > 0 ? `expired ${expired} unanswered handoffs` : 'no handoffs to expire');
        break;
      }
      case 'purge-sessions': {
        const { sessions, signIns } = await purgeEndedSessions(await open(), config.session);
        io.out(`removed ${sessions} ended session(s) and ${signIns} expired sign-in(s)`);
        break;
      }
      case 'jobs': {
        for (const line of await jobLines(await open(), config)) io.out(line);
        break;
      }
      case 'run-job': {
        const run = await runJobNow(await open(), config, command.job);
        if (run.outcome === 'not-claimed') {
          io.err(`error: ${command.job} is running in another process right now; try again when it is done`);
          return 1;
        }
        if (run.outcome === 'failed') {
          io.err(
            `error: ${command.job} failed (${run.error}); the error is recorded, see npm run cli -- jobs`,
          );
          return 1;
        }
        const counts = Object.entries(run.counts ?? {}).map(([k, v]) => `${k} ${v}`);
        io.out(`ran ${command.job}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`);
        break;
      }
      case 'access-log-retention': {
        const report = await removeExpiredAccessLog(await open(), new Date(), config.accessLogRetentionDays);
        io.out(
          report.removed > 0
            ? `removed ${report.removed} access-log rows older than ${report.cutoff.toISOString()}; the removal is logged`
            : `no access-log rows older than ${report.cutoff.toISOString()}`,
        );
        break;
      }
    }
    return 0;
  } catch (error) {
    for (const line of errorLines(error)) io.err(line);
    return 1;
  } finally {
    await database?.close();
  }
}

/** The application's jobs as the server runs them (app.ts is loaded only for these commands). */
async function applicationJobs(db: Database['db'], config: Config) {
  const { scheduledJobs } = await import('./app.ts');
  return scheduledJobs({
    db,
    config,
    logger: createLogger('silent'),
    publicUrl: (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, ''),
  });
}

async function runJobNow(db: Database['db'], config: Config, name: string): Promise<JobRun> {
  const jobs = await applicationJobs(db, config);
  if (!jobs.some((job) => job.name === name))
    throw new UsageError(`no job named ${name}; the jobs: ${jobs.map((job) => job.name).join(', ')}`);
  return createScheduler({ db, logger: createLogger('warn'), jobs }).runNow(name);
}

/** A table of the jobs: each with its schedule and its row (a job never started has none yet). */
async function jobLines(db: Database['db'], config: Config): Promise<string[]> {
  const jobs = await applicationJobs(db, config);
  const rows = new Map((await jobStatus(db)).map((row) => [row.name, row]));
  const at = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '-');
  const names = [...new Set([...jobs.map((job) => job.name), ...rows.keys()])].sort();
  const table = names.map((name) => {
    const row = rows.get(name);
    const job = jobs.find((j) => j.name === name);
    return [
      name,
      job ? describeSchedule(job.schedule) : '(not a job any more)',
      at(row?.lastStartedAt),
      at(row?.lastFinishedAt),
      row ? (row.lastError ? `${row.lastError} (${row.failures}×)` : 'ok') : '-',
      String(row?.runCount ?? 0),
      row ? at(row.nextDueAt) : 'at the first start',
      row?.leaseUntil ? `${row.lockedBy} until ${at(row.leaseUntil)}` : '-',
    ];
  });
  const head = [
    'job',
    'schedule',
    'last started (UTC)',
    'last finished',
    'last error',
    'runs',
    'next due',
    'running',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(head), ...table.map(line)];
}

function countLines(report: ImportReport): string[] {
  const kinds = ['organizations', 'locations', 'services'] as const;
  const foreign = ['taxonomies', 'taxonomyTerms'] as const;
  const label = { taxonomies: 'taxonomies', taxonomyTerms: 'taxonomy terms' };
  return [
    ...kinds.map((kind) => {
      const c = report[kind];
      return `  ${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
    }),
    ...foreign
      .filter((kind) => report[kind].created + report[kind].updated + report[kind].unchanged > 0)
      .map((kind) => {
        const c = report[kind];
        return `  ${label[kind]} of their own: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
      }),
  ];
}

const MAX_PROBLEMS = 200;

const POSTGRES_BACKUP =
  'DATABASE_URL is set: back up PostgreSQL with pg_dump --format=custom and restore with pg_restore, or with a ' +
  'base backup and WAL archiving for point-in-time recovery (docs/operations.md, Backups). backup and restore are ' +
  'for the embedded database in DATA_DIR.';

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** What went wrong, for a person: no stack traces. */
function errorLines(error: unknown): string[] {
  if (error instanceof UsageError) return [`error: ${error.message}`, '', USAGE];
  if (error instanceof NetworkImportError) {
    const shown = error.problems.slice(0, MAX_PROBLEMS).map((p) => `  ${importProblemText('en', p)}`);
    const more = error.problems.length - shown.length;
    return [`error: ${error.message}`, ...shown, ...(more > 0 ? [`  … and ${more} more`] : [])];
  }
  if (error instanceof PopulationFileError) {
    const shown = error.problems.map((p) => `  ${populationProblemText('en', p)}`);
    return [`error: ${error.message}`, ...shown];
  }
  if (error instanceof HsdsFolderError) {
    const shown = error.problems.slice(0, MAX_PROBLEMS).map((p) => `  ${p}`);
    const more = error.problems.length - shown.length;
    return [`error: ${error.summary}`, ...shown, ...(more > 0 ? [`  … and ${more} more`] : [])];
  }
  if (error instanceof ConfigError) return [error.message];
  return [`error: ${error instanceof Error ? error.message : String(error)}`];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
