import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { JsonSyntaxError, parseJson } from '../../platform/json.ts';
import { CHANNELS } from './catalogue.ts';
import { HSDS_FILE_NAMES, HSDS_FILES, type RegionRef } from './hsds.ts';
import {
  adaptForeignHsds,
  type FileReport,
  type FlatHsds,
  flattenHsds,
  formatCrosswalkProblem,
  parseCrosswalk,
  type TranslationConvention,
} from './hsds-foreign.ts';
import { allLocationIds, loadHsdsReference, organizationRegions } from './hsds-queries.ts';
import { formatProblem, type HsdsInput, hsdsFilesToRecords, type ImportProblem } from './hsds-records.ts';
import { validateHsds } from './hsds-validator.ts';
import {
  allRegions,
  type Db,
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
} from './queries.ts';
import { canonical, normalizeService } from './records.ts';
import { refreshServiceSearch } from './search-documents.ts';
import { writeRecords } from './seed.ts';

/** An import or export that cannot go on: every problem, one line each (file: path: message). */
export class HsdsFolderError extends Error {
  constructor(
    public readonly summary: string,
    public readonly problems: string[] = [],
  ) {
    super(summary);
    this.name = 'HsdsFolderError';
  }
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}
export interface ImportReport {
  organizations: ImportCounts;
  locations: ImportCounts;
  services: ImportCounts;
  /** taxonomies of other publishers (and their terms), kept beside ours */
  taxonomies: ImportCounts;
  taxonomyTerms: ImportCounts;
  /** what was read but not stored */
  warnings: string[];
  /** per file: what was mapped to ours, kept as it is, or dropped, with the reasons */
  files: FileReport[];
  /** --dry-run: everything was checked and counted, nothing was saved */
  dryRun: boolean;
}

export interface HsdsCommandOptions {
  /** a region's code (pohjois-savo): import into it / export only it */
  regionCode?: string;
  /** progress lines for a person watching (stderr in the CLI) */
  progress?: (line: string) => void;
  /** --crosswalk: their terms → our service types and topics (CSV text, and its name for messages) */
  crosswalk?: { file: string; text: string };
  /** --translations: the other languages' texts by a convention other than ours */
  translations?: TranslationConvention;
  /** --dry-run: check and report, save nothing */
  dryRun?: boolean;
}

/** Rolls the transaction of a dry run back. */
class DryRun extends Error {
  constructor(public readonly report: ImportReport) {
    super('dry run');
  }
}

export async function regionOfCode(db: Db, code: string | undefined): Promise<RegionRef | undefined> {
  if (code === undefined) return undefined;
  const regions = await allRegions(db);
  const region = regions.find((r) => r.code === code);
  if (!region) {
    throw new HsdsFolderError(
      `--region: unknown region "${code}" (known: ${regions.map((r) => r.code).join(', ')})`,
    );
  }
  return { id: region.id, code: region.code, name: region.name };
}

/** Reads the HSDS files of a folder; a missing file is an empty one. */
export function readHsdsFolder(dir: string): {
  input: HsdsInput;
  problems: ImportProblem[];
  ignored: string[];
} {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new HsdsFolderError(`${dir}: no such folder`);
  const input: HsdsInput = {};
  const problems: ImportProblem[] = [];
  const present = new Set(readdirSync(dir));
  for (const name of HSDS_FILE_NAMES) {
    const file = `${name}.json`;
    if (!present.has(file)) continue;
    let value: unknown;
    try {
      value = parseJson(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      problems.push({ file, path: '', message: error.message });
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push({ file, path: '', message: `must be an array of ${HSDS_FILES[name]} objects` });
      continue;
    }
    input[name] = value;
  }
  if (Object.keys(input).length === 0 && problems.length === 0) {
    throw new HsdsFolderError(
      `${dir}: no HSDS files (${HSDS_FILE_NAMES.map((n) => `${n}.json`).join(', ')})`,
    );
  }
  const known = new Set(HSDS_FILE_NAMES.map((n) => `${n}.json`));
  const ignored = [...present].filter((f) => f.endsWith('.json') && !known.has(f)).sort();
  return { input, problems, ignored };
}

/** Every object against its HSDS 3.0 schema, and every id a UUID that PostgreSQL takes. */
export function validateHsdsInput(input: HsdsInput): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const name of HSDS_FILE_NAMES) {
    const file = `${name}.json`;
    (input[name] ?? []).forEach((row, i) => {
      const found = validateHsds(HSDS_FILES[name], row);
      for (const p of found) problems.push({ file, path: `/${i}${p.path}`, message: p.message });
      const id = (row as { id?: unknown }).id;
      if (found.length === 0 && typeof id === 'string' && !UUID_PATTERN.test(id)) {
        problems.push({
          file,
          path: `/${i}/id`,
          message: 'must be a UUID like 3f7b145d-84af-42d7-8fae-eaca714b02b2',
        });
      }
    });
  }
  return problems;
}

/** Ids in lower case, as PostgreSQL prints them, so that the same id compares equal. */
function lowerCaseIds(input: HsdsInput): HsdsInput {
  const lower = (row: unknown) =>
    Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([k, v]) => [
        k,
        (k === 'id' || k.endsWith('_id')) && typeof v === 'string' ? v.toLowerCase() : v,
      ]),
    );
  return Object.fromEntries(Object.entries(input).map(([name, rows]) => [name, rows.map(lower)]));
}

const fail = (what: string, problems: ImportProblem[]) =>
  new HsdsFolderError(
    `${what}: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}, nothing was imported`,
    problems.map(formatProblem),
  );

const WRITE_BATCH = 25;

/** HSDS files read from a folder and valid against the standard's schemas. */
export interface HsdsFolder {
  dir: string;
  /** in the flat form (the nested API form flattened), ids in lower case */
  input: HsdsInput;
  /** where each object was read, and nested objects read more than once (hsds-foreign.ts) */
  sources: FlatHsds['sources'];
  repeats: FlatHsds['repeats'];
  /** other .json files in the folder */
  ignored: string[];
}

/**
 * Reads a folder and checks every object against its HSDS 3.0 schema, before any database is
 * opened: broken or invalid files fail fast, with every problem listed.
 */
export function readValidHsdsFolder(dir: string, progress: (line: string) => void = () => {}): HsdsFolder {
  progress(`reading ${dir}…`);
  const read = readHsdsFolder(dir);
  if (read.problems.length > 0) throw fail('cannot read the files', read.problems);
  const count = Object.values(read.input).reduce((n, rows) => n + rows.length, 0);
  progress(`validating ${count} objects against HSDS 3.0…`);
  const problems = validateHsdsInput(read.input);
  if (problems.length > 0) throw fail('the files do not follow HSDS 3.0', problems);
  const flat = flattenHsds(read.input);
  return {
    dir,
    input: lowerCaseIds(flat.input),
    sources: flat.sources,
    repeats: flat.repeats,
    ignored: read.ignored,
  };
}

/** importHsds of a folder. */
export async function importHsdsFolder(db: Kysely<DB>, dir: string, options: HsdsCommandOptions = {}) {
  return importHsds(db, readValidHsdsFolder(dir, options.progress), options);
}

/**
 * Imports HSDS files, all or nothing: our own rules first (references, municipalities,
 * languages, taxonomy terms), then one transaction that writes only what differs from the
 * catalogue, so a second import of the same files writes nothing, not even updated_at.
 * Reference data must be loaded. Records that are not in the files are left as they are.
 */
export async function importHsds(
  db: Kysely<DB>,
  folder: HsdsFolder,
  { regionCode, progress = () => {}, crosswalk, translations, dryRun = false }: HsdsCommandOptions = {},
): Promise<ImportReport> {
  const region = await regionOfCode(db, regionCode);
  progress('checking references, municipalities, languages and taxonomy terms…');
  const [ref, orgRegions, locationIds] = await Promise.all([
    loadHsdsReference(db),
    organizationRegions(db),
    allLocationIds(db),
  ]);
  let crosswalkRows: ReturnType<typeof parseCrosswalk>['rows'] = [];
  if (crosswalk) {
    const ours = { service_type: new Set<string>(), topic: new Set<string>() };
    for (const term of ref.terms.values()) {
      const code = ref.taxonomies.get(term.taxonomyId)?.code;
      if (code === 'service_type' || code === 'topic') ours[code].add(term.code);
    }
    const parsed = parseCrosswalk(crosswalk.text, ours);
    if (parsed.problems.length > 0)
      throw new HsdsFolderError(
        `${crosswalk.file}: ${parsed.problems.length} ${parsed.problems.length === 1 ? 'problem' : 'problems'}, nothing was imported`,
        parsed.problems.map((p) => formatCrosswalkProblem(crosswalk.file, p)),
      );
    crosswalkRows = parsed.rows;
  }
  const adapted = adaptForeignHsds(
    { input: folder.input, sources: folder.sources, repeats: folder.repeats },
    ref,
    {
      crosswalk: crosswalk ? { file: crosswalk.file, rows: crosswalkRows } : undefined,
      translations,
    },
  );
  const result = hsdsFilesToRecords(adapted.input, {
    ref,
    region,
    existing: { organizationRegions: orgRegions, locationIds },
  });
  if (result.problems.length > 0) throw fail('the files do not fit the catalogue', result.problems);
  const warnings = [
    ...folder.ignored.map((f) => `${f}: not an HSDS file that Perheverkko reads, ignored`),
    // fields we have no place for: by where they were read (the nested form too), from the report
    ...adapted.report.flatMap((f) =>
      f.fieldsNotStored.map(
        (x) =>
          `${f.file}: ${x.field}: not stored by Perheverkko, ignored${x.count > 1 ? ` (in ${x.count} objects)` : ''}`,
      ),
    ),
  ];
  const { organizations, locations, services } = result.records;
  for (const s of services) {
    const terms = adapted.serviceTerms.get(s.id);
    if (terms) s.taxonomyTermIds = [...new Set([...s.taxonomyTermIds, ...terms])].sort();
    const channels = adapted.serviceChannels.get(s.id);
    if (channels) s.channels = CHANNELS.filter((c) => s.channels.includes(c) || channels.has(c));
  }

  const run = db.transaction().execute(async (trx) => {
    const [taxonomies, taxonomyTerms] = await saveForeignTaxonomies(trx, adapted);
    const [oldOrganizations, oldLocations, oldServices] = await Promise.all([
      readOrganizationRecords(trx, { ids: organizations.map((o) => o.id) }),
      readLocationRecords(trx, { ids: locations.map((l) => l.id) }),
      readServiceRecords(trx, { ids: services.map((s) => s.id) }),
    ]);
    const plan = <T extends { id: string }>(incoming: T[], old: T[], key: (x: T) => string) => {
      const before = new Map(old.map((x) => [x.id, key(x)]));
      const changed = incoming.filter((x) => before.get(x.id) !== key(x));
      const created = changed.filter((x) => !before.has(x.id)).length;
      return {
        changed,
        counts: { created, updated: changed.length - created, unchanged: incoming.length - changed.length },
      };
    };
    const orgPlan = plan(organizations, oldOrganizations, canonical);
    const locationPlan = plan(locations, oldLocations, canonical);
    const servicePlan = plan(services, oldServices, (s) => canonical(normalizeService(s)));

    const total = orgPlan.changed.length + locationPlan.changed.length + servicePlan.changed.length;
    // a dry run writes in the transaction it then rolls back, so that our rules check everything
    const writing = dryRun ? 'trying the writes (rolled back)' : 'writing';
    if (total > 0) progress(`${writing} 0/${total}…`);
    await writeRecords(trx, {
      organizations: orgPlan.changed,
      locations: locationPlan.changed,
      services: [],
    });
    let written = orgPlan.changed.length + locationPlan.changed.length;
    if (written > 0) progress(`${writing} ${written}/${total}…`);
    for (let i = 0; i < servicePlan.changed.length; i += WRITE_BATCH) {
      const batch = servicePlan.changed.slice(i, i + WRITE_BATCH);
      await writeRecords(trx, { organizations: [], locations: [], services: batch });
      written += batch.length;
      progress(`${writing} ${written}/${total}…`);
    }
    // A provider's name is in its services' search documents.
    const renamed = new Set(orgPlan.changed.map((o) => o.id));
    const rewritten = new Set(servicePlan.changed.map((s) => s.id));
    if (renamed.size > 0) {
      const stale = await trx
        .selectFrom('service')
        .select('id')
        .where('organization_id', 'in', [...renamed])
        .execute();
      await refreshServiceSearch(
        trx,
        stale.map((s) => s.id).filter((id) => !rewritten.has(id)),
      );
    }
    await saveOrganizationExtras(trx, adapted);
    const report: ImportReport = {
      organizations: orgPlan.counts,
      locations: locationPlan.counts,
      services: servicePlan.counts,
      taxonomies,
      taxonomyTerms,
      warnings,
      files: adapted.report,
      dryRun,
    };
    if (dryRun) throw new DryRun(report);
    return report;
  });
  try {
    return await run;
  } catch (error) {
    if (error instanceof DryRun) return error.report;
    throw error;
  }
}

const json = <T>(value: T) => JSON.stringify(value) as unknown as T;

/** Other publishers' taxonomies and terms (ours are reference data and never written here). */
async function saveForeignTaxonomies(
  trx: Kysely<DB>,
  adapted: ReturnType<typeof adaptForeignHsds>,
): Promise<[ImportCounts, ImportCounts]> {
  const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });
  const taxonomyCounts = counts();
  const termCounts = counts();
  if (adapted.taxonomies.length === 0) return [taxonomyCounts, termCounts];
  const oldTaxonomies = new Map(
    (
      await trx
        .selectFrom('taxonomy')
        .selectAll()
        .where(
          'id',
          'in',
          adapted.taxonomies.map((t) => t.id),
        )
        .execute()
    ).map((t) => [
      t.id,
      canonical({ code: t.code, name: t.name, description: t.description, uri: t.uri, version: t.version }),
    ]),
  );
  for (const t of adapted.taxonomies) {
    const key = canonical({
      code: t.code,
      name: t.name,
      description: t.description,
      uri: t.uri,
      version: t.version,
    });
    const before = oldTaxonomies.get(t.id);
    if (before === key) {
      taxonomyCounts.unchanged++;
      continue;
    }
    if (before === undefined) taxonomyCounts.created++;
    else taxonomyCounts.updated++;
    await trx
      .insertInto('taxonomy')
      .values({
        id: t.id,
        code: t.code,
        name: json(t.name),
        description: json(t.description),
        uri: t.uri,
        version: t.version,
        origin: 'import',
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          name: json(t.name),
          description: json(t.description),
          uri: t.uri,
          version: t.version,
        }),
      )
      .execute();
  }
  const termKey = (t: {
    taxonomyId: string;
    code: string;
    name: unknown;
    description: unknown;
    parentId: string | null;
  }) =>
    canonical({
      taxonomyId: t.taxonomyId,
      code: t.code,
      name: t.name,
      description: t.description,
      parentId: t.parentId,
    });
  const oldTerms = new Map(
    adapted.terms.length === 0
      ? []
      : (
          await trx
            .selectFrom('taxonomy_term')
            .selectAll()
            .where(
              'id',
              'in',
              adapted.terms.map((t) => t.id),
            )
            .execute()
        ).map((t) => [
          t.id,
          termKey({
            taxonomyId: t.taxonomy_id,
            code: t.code,
            name: t.name,
            description: t.description,
            parentId: t.parent_id,
          }),
        ]),
  );
  // parents before their children
  const written = new Set<string>();
  const pending = [...adapted.terms];
  while (pending.length > 0) {
    const ready = pending.filter(
      (t) => t.parentId === null || written.has(t.parentId) || !pending.some((p) => p.id === t.parentId),
    );
    const batch = ready.length > 0 ? ready : pending.slice(0, 1);
    for (const t of batch) {
      pending.splice(pending.indexOf(t), 1);
      written.add(t.id);
      const before = oldTerms.get(t.id);
      if (before === termKey(t)) {
        termCounts.unchanged++;
        continue;
      }
      if (before === undefined) termCounts.created++;
      else termCounts.updated++;
      const values = {
        taxonomy_id: t.taxonomyId,
        code: t.code,
        name: json(t.name),
        description: json(t.description),
        parent_id: t.parentId,
      };
      await trx
        .insertInto('taxonomy_term')
        .values({ id: t.id, keywords: json({}), ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    }
  }
  return [taxonomyCounts, termCounts];
}

/** A foreign legal_status as given, and all the phones of an organization with their descriptions. */
async function saveOrganizationExtras(trx: Kysely<DB>, adapted: ReturnType<typeof adaptForeignHsds>) {
  for (const [id, text] of adapted.legalStatusText) {
    await trx
      .updateTable('organization')
      .set({ legal_status_text: text })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('legal_status_text', 'is', null), eb('legal_status_text', '!=', text)]))
      .execute();
  }
  for (const [id, phones] of adapted.organizationPhones) {
    await trx.deleteFrom('phone').where('organization_id', '=', id).where('service_id', 'is', null).execute();
    await trx
      .insertInto('phone')
      .values(
        phones.map((p, position) => ({
          id: p.id,
          service_id: null,
          organization_id: id,
          location_id: null,
          number: p.number,
          description: p.description === null ? null : json(p.description),
          position,
        })),
      )
      .execute();
  }
}
