/**
 * A process that opens the embedded database in a DATA_DIR (test/data-dir-lock.test.ts):
 * says "ready", opens at "go" on stdin, and then either prints "locked" and exits 3, or
 * inserts 200 rows tagged with its name, prints "holding 200" and keeps the database open
 * until "release" on stdin.
 */
import { sql } from 'kysely';
import { DataDirLockedError, openDatabase } from '../src/platform/db/index.ts';

const [dataDir, tag] = process.argv.slice(2) as [string, string];
const lines: string[] = [];
let waiting: ((line: string) => void) | undefined;
let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
    lines.push(buffered.slice(0, i));
    buffered = buffered.slice(i + 1);
  }
  if (waiting && lines.length > 0) waiting(lines.shift() as string);
});
const nextLine = () =>
  new Promise<string>((resolve) => {
    if (lines.length > 0) resolve(lines.shift() as string);
    else waiting = resolve;
  });

process.stdout.write('ready\n');
await nextLine(); // go
let database: Awaited<ReturnType<typeof openDatabase>>;
try {
  database = await openDatabase({ engine: 'pglite', dataDir });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
    process.stdout.write('locked\n');
    process.exit(3);
  }
  throw error;
}
await database.execScript('CREATE TABLE IF NOT EXISTS probe (tag text NOT NULL, n int NOT NULL)');
for (let n = 0; n < 200; n++) {
  await sql`INSERT INTO probe (tag, n) VALUES (${tag}, ${n})`.execute(database.db);
}
process.stdout.write('holding 200\n');
await nextLine(); // release
await database.close();
process.exit(0);
