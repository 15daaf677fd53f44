/**
 * "No client-data read or write outside the door" (issue 11): SQL that names a client-data
 * table may stand only in a feature's queries (queries.ts, called from inside the door's
 * transaction), its policy's facts loader (policy.ts), or the door itself. Anything else —
 * a page, a route, a job, a CLI command — that queries such a table fails this test, with
 * the file, the line and the table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The tables that hold a client's data (or who looked at it). */
const CLIENT_DATA_TABLES = [
  'client',
  'care_relationship',
  'contact',
  'contact_event',
  'record_entry',
  'record_entry_version',
  'handoff',
  'handoff_event',
  'handoff_family_request',
  'access_log',
  'consent_person',
  'guardianship',
  'consent_directive',
  'consent_request',
  'capacity_assessment',
  'statutory_disclosure',
  'disclosure_event',
  'consultation',
  'consultation_message',
  'meeting',
  'meeting_slot',
  'meeting_participant',
  'meeting_vote',
  'meeting_event',
  // anonymous survey answers, and the invitations' hashes
  'survey_response',
  'survey_answer',
  'survey_invitation',
  // anonymous, but the families' own words
  'feedback',
  'feedback_receipt',
] as const;

/** Where such SQL may stand: the door, and each feature's queries and policy. */
const ALLOWED: RegExp[] = [
  /^src\/platform\/access\//,
  /^src\/features\/[a-z-]+\/queries\.ts$/,
  /^src\/features\/[a-z-]+\/queries\/[a-z-]+\.ts$/,
  /^src\/features\/[a-z-]+\/policy\.ts$/,
];

/**
 * The few places that are not a feature's read or write of client data, each with why:
 * the sign-in finds or makes the client row of the person who just signed in (the identity
 * layer, before there is an actor to ask about), the sessions refer to it, and the demo
 * region seeds its demo clients.
 */
const EXEMPT: Record<string, { tables: string[]; why: string }> = {
  'src/platform/auth/sign-in.ts': { tables: ['client'], why: 'the sign-in finds or makes the client row' },
  'src/features/identity/sign-in.ts': {
    tables: ['client'],
    why: 'the sign-in finds or makes the client row',
  },
  'src/platform/auth/session.ts': { tables: ['client'], why: 'a session names its client' },
  'src/features/identity/demo.ts': { tables: ['client'], why: 'the demo region seeds its demo clients' },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const tables = CLIENT_DATA_TABLES.join('|');
/** Kysely: selectFrom('contact'), innerJoin('contact as c', …), insertInto('handoff'), … */
const BUILDER = new RegExp(
  String.raw`\b(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|replaceInto)\(\s*\[?\s*'(${tables})(?: as \w+)?'`,
  'g',
);
/** Raw SQL inside sql`…` templates: FROM contact, JOIN handoff h, INTO record_entry, UPDATE client */
const RAW = new RegExp(String.raw`\b(FROM|JOIN|INTO|UPDATE)\s+(${tables})\b`, 'gi');

interface Finding {
  file: string;
  line: number;
  table: string;
}

function findClientDataSql(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(BUILDER)) {
    findings.push({ file, line: lineOf(m.index ?? 0), table: m[2] as string });
  }
  for (const template of text.matchAll(/\bsql(?:<[^`]*?>)?`([^`]*)`/g)) {
    const start = (template.index ?? 0) + template[0].indexOf('`') + 1;
    for (const m of (template[1] as string).matchAll(RAW)) {
      findings.push({ file, line: lineOf(start + (m.index ?? 0)), table: (m[2] as string).toLowerCase() });
    }
  }
  return findings;
}

describe('client-data SQL stands only in the door and the features’ queries', () => {
  it('finds SQL on a client-data table in a page or a route (the detector itself)', () => {
    const page = `const rows = await trx.selectFrom('contact as c').select('c.id').execute();
      await sql\`UPDATE handoff SET state = 'x'\`.execute(trx);
      await db.selectFrom('service').selectAll().execute();`;
    expect(findClientDataSql('src/features/x/pages/Page.tsx', page)).toEqual([
      { file: 'src/features/x/pages/Page.tsx', line: 1, table: 'contact' },
      { file: 'src/features/x/pages/Page.tsx', line: 2, table: 'handoff' },
    ]);
  });

  it('no file outside them queries a client-data table', () => {
    const outside = sourceFiles(join(ROOT, 'src'))
      .map((path) => relative(ROOT, path).replaceAll('\\', '/'))
      .filter((file) => !ALLOWED.some((rule) => rule.test(file)))
      .flatMap((file) => findClientDataSql(file, readFileSync(join(ROOT, file), 'utf8')))
      .filter((f) => !EXEMPT[f.file]?.tables.includes(f.table));
    expect(outside.map((f) => `${f.file}:${f.line} ${f.table}`)).toEqual([]);
  });
});
