/**
 * The bench's application in a process of its own (scale-out.ts starts one or two of them on
 * one PostgreSQL database): `node --import tsx bench/app-process.ts <database url>`. It opens
 * the database as `npm start` does (platform/db, its pool of 10), builds the application as
 * run.ts does (app.ts), listens on a free port of 127.0.0.1 and prints `{"port":…,"pid":…}` on
 * stdout when ready; SIGTERM closes it.
 */
import { openDatabase } from '../src/platform/db/index.ts';
import { buildBenchApp } from './app.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: app-process.ts <postgres url>');
const database = await openDatabase({ engine: 'postgres', url });
const app = await buildBenchApp(database);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.stdout.write(`${JSON.stringify({ port: address.port, pid: process.pid })}\n`);
let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await app.close();
    await database.close();
    process.exit(0);
  })();
});
