import { PGlite } from '@electric-sql/pglite';
const p = await PGlite.create();
const r = await p.query("select 1::bigint as a, now() as t, '2026-01-01T00:00:00.123456Z'::timestamptz as u");
console.log(r.rows, typeof r.rows[0].a);
