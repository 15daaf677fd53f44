import { parse } from 'csv-parse/sync';
import type { Lang } from '../../i18n/index.ts';
import type { LocalizedText, OrganizationKind } from '../../platform/db/types.ts';
import { stableUuid } from '../../platform/ids.ts';
import { type Channel, SERVICE_LANGUAGES } from './catalogue.ts';
import {
  ATTRIBUTE_ONLY,
  compact,
  HSDS_FILE_NAMES,
  type HsdsFileName,
  type HsdsReference,
  MUNICIPALITY_EXTENT,
  REGION_EXTENT,
  TEXT_FIELDS,
} from './hsds.ts';
import { type HsdsInput, READ_FIELDS } from './hsds-records.ts';
import { TEXT_TAXONOMY, taxonomyId, termId } from './seed.ts';

/**
 * The tolerant half of the HSDS import (docs/import.md): a catalogue from another publisher,
 * valid against HSDS 3.0 but written with other conventions, is brought into ours before our
 * own rules read it (hsds-records.ts). Pure functions:
 *
 * - flattenHsds: the nested API form (services carrying their organization, locations through
 *   service_at_locations, phones, schedules, areas, languages and attributes with their terms)
 *   into the flat file form, each object once;
 * - adaptForeignHsds: a foreign taxonomy kept as a taxonomy of its own (and mapped to ours by a
 *   crosswalk), translations by a convention, virtual locations as channels, locations without
 *   an organization given their service's, free-text legal_status mapped by keywords, phones
 *   of organizations with descriptions, service areas named by municipality; and for every
 *   object read, what became of it: mapped, kept or dropped with the reason.
 *
 * Our own export passes through unchanged: every step leaves our conventions as they are.
 */

import { type FlatHsds, flattenHsds, type Row, str } from './hsds-flatten.ts';

export { type FlatHsds, flattenHsds };

// ---------------------------------------------------------------- the report

export type Fate = 'mapped' | 'kept' | 'dropped';

/** What became of the objects of one file (or of the objects of one kind nested in a file). */
export interface FileReport {
  /** e.g. organizations.json, or "locations (nested in services.json)" */
  file: string;
  mapped: number;
  kept: number;
  dropped: number;
  /** why, grouped: e.g. { fate: 'dropped', reason: 'unknown area "Jämsä"', count: 1 } */
  reasons: { fate: Fate; reason: string; count: number }[];
  /** the same object again in the nested form (read once; not counted above) */
  repeated: number;
  /** fields of the objects read that Perheverkko has no place for, with how many objects had them */
  fieldsNotStored: { field: string; count: number }[];
  /** taxonomy terms: those that services use but the crosswalk does not map, by name */
  unmapped?: string;
}

/** A report's lines, as the CLI prints them. */
export function reportLines(files: FileReport[]): string[] {
  const lines: string[] = [];
  for (const f of files) {
    lines.push(`${f.file}: ${f.mapped} mapped, ${f.kept} kept, ${f.dropped} dropped`);
    for (const r of f.reasons) lines.push(`  ${r.fate} ${r.count}: ${r.reason}`);
    if (f.unmapped) lines.push(`  not in the crosswalk: ${f.unmapped}`);
    if (f.repeated > 0)
      lines.push(`  repeated ${f.repeated}: the same object again in the nested form, read once`);
    if (f.fieldsNotStored.length > 0)
      lines.push(
        `  fields not stored: ${f.fieldsNotStored.map((x) => `${x.field} (${x.count})`).join(', ')}`,
      );
  }
  return lines;
}

// ---------------------------------------------------------------- options

export interface CrosswalkRow {
  line: number;
  /** their taxonomy: name, uri or id */
  taxonomy: string;
  /** their term: code or name */
  term: string;
  kind: 'service_type' | 'topic';
  code: string;
}

/** A crosswalk problem, with its line and a code that does not change with the wording. */
export interface CrosswalkProblem {
  line: number;
  code: 'missing_header' | 'wrong_columns' | 'empty_field' | 'unknown_kind' | 'unknown_code' | 'duplicate';
  message: string;
}
export const formatCrosswalkProblem = (file: string, p: CrosswalkProblem) =>
  `${file}: line ${p.line}: ${p.message} [${p.code}]`;

const CROSSWALK_HEADER = ['taxonomy', 'term', 'kind', 'code'];

/**
 * The crosswalk file: a header `taxonomy,term,kind,code`, then one of their terms a line →
 * one of our service types or topics. Our codes are checked against the reference data.
 */
export function parseCrosswalk(
  text: string,
  ours: { service_type: ReadonlySet<string>; topic: ReadonlySet<string> },
): { rows: CrosswalkRow[]; problems: CrosswalkProblem[] } {
  const records = parse(text.replace(/^\uFEFF/, ''), {
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const problems: CrosswalkProblem[] = [];
  const rows: CrosswalkRow[] = [];
  const header = records[0]?.record.map((c) => c.toLowerCase());
  if (!header || CROSSWALK_HEADER.some((c, i) => header[i] !== c) || header.length !== 4) {
    problems.push({
      line: 1,
      code: 'missing_header',
      message: `the first line must be the header ${CROSSWALK_HEADER.join(',')}`,
    });
    return { rows, problems };
  }
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.length !== 4) {
      problems.push({ line, code: 'wrong_columns', message: `4 columns, not ${record.length}` });
      continue;
    }
    const [taxonomy, term, kind, code] = record as [string, string, string, string];
    if (!taxonomy || !term || !code) {
      problems.push({ line, code: 'empty_field', message: 'taxonomy, term and code must not be empty' });
      continue;
    }
    if (kind !== 'service_type' && kind !== 'topic') {
      problems.push({ line, code: 'unknown_kind', message: `kind "${kind}" must be service_type or topic` });
      continue;
    }
    if (!ours[kind].has(code)) {
      problems.push({
        line,
        code: 'unknown_code',
        message: `no ${kind === 'topic' ? 'topic' : 'service type'} with the code "${code}"`,
      });
      continue;
    }
    const key = `${fold(taxonomy)}\t${fold(term)}\t${kind}\t${code}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, code: 'duplicate', message: `the same mapping as line ${first}` });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, taxonomy, term, kind, code });
  }
  return { rows, problems };
}

/** --translations: where the other languages' texts are. */
export interface TranslationConvention {
  /** attributes whose term is of this taxonomy (by name, code or id) and names the language */
  attributeTaxonomy: string;
}

export function parseTranslationsOption(value: string): TranslationConvention | string {
  const match = /^attribute:(.+)$/.exec(value.trim());
  if (!match?.[1]?.trim())
    return `--translations must be attribute:<taxonomy name>, e.g. attribute:kieli (not "${value}")`;
  return { attributeTaxonomy: match[1].trim() };
}

// ---------------------------------------------------------------- words

/** Lower case without diacritics or extra spaces: "Jyväskylä " ~ "jyvaskyla". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const slug = (text: string) =>
  fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'taxonomy';

const LANGUAGE_WORDS: Record<string, Lang> = {
  fi: 'fi',
  fin: 'fi',
  suomi: 'fi',
  finnish: 'fi',
  finska: 'fi',
  sv: 'sv',
  swe: 'sv',
  svenska: 'sv',
  ruotsi: 'sv',
  swedish: 'sv',
  en: 'en',
  eng: 'en',
  english: 'en',
  englanti: 'en',
  engelska: 'en',
};
const languageOf = (...words: (string | undefined)[]): Lang | undefined => {
  for (const w of words) {
    const lang = w === undefined ? undefined : LANGUAGE_WORDS[fold(w)];
    if (lang) return lang;
  }
  return undefined;
};

const KINDS: readonly OrganizationKind[] = [
  'region',
  'municipality',
  'joint_authority',
  'ngo',
  'parish',
  'company',
];

/** Keywords of a legal status or a name, first match wins (seurakunta before kunta). */
const KIND_KEYWORDS: [RegExp, OrganizationKind][] = [
  [/(^|[^\p{L}])(seurakunta|seurakuntayhtyma|forsamling|parish|church)([^\p{L}]|$)/u, 'parish'],
  [/hyvinvointialue|valfardsomrade|wellbeing services county/u, 'region'],
  [/kuntayhtyma|samkommun|joint (municipal )?authority/u, 'joint_authority'],
  [/(^|[^\p{L}])(kunta|kaupunki|kommun|stad|municipality|city|town)([^\p{L}]|$)/u, 'municipality'],
  [/saatio|stiftelse|foundation/u, 'ngo'],
  [
    /yhdistys|(^|[^\p{L}])(ry|rf|r\.y\.?|liitto|jarjesto|forening|forbund|association|non-?profit|ngo|charity)([^\p{L}]|$)/u,
    'ngo',
  ],
  [
    /osakeyhtio|(^|[^\p{L}])(oy|oyj|ab|ltd|limited|company|inc|gmbh|osuuskunta|tmi|toiminimi)([^\p{L}]|$)/u,
    'company',
  ],
];

/** Our kind for a free-text legal status (or, when there is none, the organization's name). */
export function kindOfLegalStatus(text: string): OrganizationKind | undefined {
  const folded = fold(text);
  if ((KINDS as readonly string[]).includes(folded)) return folded as OrganizationKind;
  return KIND_KEYWORDS.find(([pattern]) => pattern.test(folded))?.[1];
}

/** The channel a virtual location stands for, from its words; eservice when they say nothing. */
function channelOfVirtual(row: Row): Channel {
  const words = fold(`${str(row, 'name') ?? ''} ${str(row, 'description') ?? ''} ${str(row, 'url') ?? ''}`);
  if (/chat|chatti|keskustelu/.test(words)) return 'chat';
  if (/video|teams|zoom|etavastaanotto|etatapaaminen/.test(words)) return 'video';
  if (/puhelin|phone|telefon/.test(words)) return 'phone';
  return 'eservice';
}

// ---------------------------------------------------------------- adapting

export interface ForeignTaxonomy {
  id: string;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  uri: string | null;
  version: string | null;
}
export interface ForeignTerm {
  id: string;
  taxonomyId: string;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  parentId: string | null;
}

export interface ForeignOptions {
  crosswalk?: { file: string; rows: CrosswalkRow[] };
  translations?: TranslationConvention;
}

export interface Adapted {
  /** in our conventions, for hsdsFilesToRecords */
  input: HsdsInput;
  taxonomies: ForeignTaxonomy[];
  terms: ForeignTerm[];
  /** added to the services' records after our rules have read them */
  serviceTerms: Map<string, Set<string>>;
  serviceChannels: Map<string, Set<Channel>>;
  /** organizations: the legal status as given; all their phones, with descriptions */
  legalStatusText: Map<string, string>;
  organizationPhones: Map<string, { id: string; number: string; description: LocalizedText | null }[]>;
  report: FileReport[];
}

const REFERENCE_TAXONOMIES = ['service_type', 'topic', 'channel', TEXT_TAXONOMY];

/**
 * Brings a flattened foreign catalogue into our conventions, recording the fate of every object.
 * Our own rules (hsds-records.ts) still apply to what passes; what they refuse stops the import.
 */
export function adaptForeignHsds(flat: FlatHsds, ref: HsdsReference, options: ForeignOptions = {}): Adapted {
  const rows = (name: HsdsFileName) => (flat.input[name] ?? []) as Row[];
  const fates = new Map<HsdsFileName, { fate: Fate; reason?: string; pass: boolean }[]>();
  const fateOf = (name: HsdsFileName, i: number) => fates.get(name)?.[i];
  const mark = (name: HsdsFileName, i: number, fate: Fate, reason?: string, pass = fate !== 'dropped') => {
    const all = fates.get(name) ?? [];
    all[i] = { fate, reason, pass };
    fates.set(name, all);
  };
  const dropped = (name: HsdsFileName, i: number) => fateOf(name, i)?.pass === false;
  const extraReasons = new Map<string, { fate: Fate; reason: string; count: number }[]>();
  const note = (file: string, fate: Fate, reason: string) => {
    const list = extraReasons.get(file) ?? [];
    const same = list.find((r) => r.fate === fate && r.reason === reason);
    if (same) same.count++;
    else list.push({ fate, reason, count: 1 });
    extraReasons.set(file, list);
  };

  const referenceIds = new Set(REFERENCE_TAXONOMIES.map(taxonomyId));
  const byIdOf = (name: HsdsFileName) => new Map(rows(name).map((r, i) => [r.id, i]));
  const services = byIdOf('services');
  const locations = byIdOf('locations');
  const organizations = byIdOf('organizations');

  // ---- taxonomies: ours are reference data; a translation convention; the rest are foreign
  const convention = options.translations?.attributeTaxonomy;
  const conventionName = convention ? fold(convention) : undefined;
  const isConventionTaxonomy = (t: Row) =>
    conventionName !== undefined &&
    [str(t, 'name'), t.id, str(t, 'uri')].some((v) => v !== undefined && fold(v) === conventionName);
  const textTaxonomyIds = new Set([taxonomyId(TEXT_TAXONOMY)]);
  const foreignTaxonomies = new Map<string, ForeignTaxonomy>();
  const usedCodes = new Set([...ref.taxonomies.values()].map((t) => t.code));
  const codeFor = (id: string, name: string) => {
    const existing = ref.taxonomies.get(id);
    if (existing) return existing.code;
    let code = slug(name);
    for (let n = 2; usedCodes.has(code); n++) code = `${slug(name)}-${n}`;
    usedCodes.add(code);
    return code;
  };
  rows('taxonomies').forEach((t, i) => {
    const name = str(t, 'name') ?? '';
    if (referenceIds.has(t.id)) {
      mark('taxonomies', i, 'mapped', 'our own taxonomy: reference data, not changed by an import');
    } else if (isConventionTaxonomy(t) || fold(name) === TEXT_TAXONOMY) {
      textTaxonomyIds.add(t.id);
      mark('taxonomies', i, 'mapped', 'the languages of translations (--translations)', false);
    } else {
      foreignTaxonomies.set(t.id, {
        id: t.id,
        code: codeFor(t.id, name),
        name: { fi: name },
        description: { fi: str(t, 'description') ?? name },
        uri: str(t, 'uri') ?? null,
        version: str(t, 'version') ?? null,
      });
      mark('taxonomies', i, 'kept', 'a taxonomy of its own', false);
    }
  });
  // A term may name its taxonomy only by name (the `taxonomy` field).
  const taxonomyByName = new Map<string, string>();
  for (const t of foreignTaxonomies.values()) {
    taxonomyByName.set(fold(t.name.fi), t.id);
    taxonomyByName.set(fold(t.code), t.id);
  }

  // ---- terms
  const textLangOf = new Map<string, Lang>(
    (['fi', 'sv', 'en'] as Lang[]).map((l) => [termId(TEXT_TAXONOMY, l), l]),
  );
  const foreignTerms = new Map<string, ForeignTerm & { at: number }>();
  const ourTermByCode = new Map<string, string>();
  for (const term of ref.terms.values()) {
    const tax = ref.taxonomies.get(term.taxonomyId);
    if (tax) ourTermByCode.set(`${tax.id}/${term.code}`, term.id);
  }
  const termRedirect = new Map<string, string>();
  rows('taxonomy_terms').forEach((t, i) => {
    const name = str(t, 'name') ?? '';
    let taxId = str(t, 'taxonomy_id');
    const taxName = str(t, 'taxonomy');
    if (ref.terms.has(t.id) && referenceIds.has(ref.terms.get(t.id)?.taxonomyId ?? '')) {
      mark('taxonomy_terms', i, 'mapped', 'our own term: reference data, not changed by an import');
      return;
    }
    if (taxId === undefined && taxName !== undefined) {
      const folded = fold(taxName);
      if (folded === TEXT_TAXONOMY || folded === conventionName) taxId = taxonomyId(TEXT_TAXONOMY);
      else if (REFERENCE_TAXONOMIES.includes(folded)) taxId = taxonomyId(folded);
      else taxId = taxonomyByName.get(folded);
      if (taxId === undefined) {
        // a taxonomy known only by the name its terms give
        taxId = stableUuid('taxonomy', `import:${folded}`);
        foreignTaxonomies.set(taxId, {
          id: taxId,
          code: codeFor(taxId, taxName),
          name: { fi: taxName },
          description: { fi: taxName },
          uri: null,
          version: null,
        });
        taxonomyByName.set(folded, taxId);
        note('taxonomies', 'kept', `"${taxName}": named only by its terms, kept as a taxonomy of its own`);
      }
    }
    if (taxId !== undefined && textTaxonomyIds.has(taxId)) {
      const lang = languageOf(str(t, 'code'), name);
      if (!lang) {
        mark('taxonomy_terms', i, 'dropped', `"${name}": names no language we keep (fi, sv, en)`);
        return;
      }
      textLangOf.set(t.id, lang);
      mark('taxonomy_terms', i, 'mapped', `the language ${lang} of translations`, false);
      return;
    }
    if (taxId !== undefined && referenceIds.has(taxId)) {
      const ours = ourTermByCode.get(`${taxId}/${str(t, 'code') ?? ''}`);
      if (ours) {
        termRedirect.set(t.id, ours);
        mark('taxonomy_terms', i, 'mapped', 'our own term by its code', false);
      } else
        mark(
          'taxonomy_terms',
          i,
          'dropped',
          'a new term in one of our taxonomies: they are reference data, a file cannot add to them',
        );
      return;
    }
    if (taxId === undefined || !foreignTaxonomies.has(taxId)) {
      mark('taxonomy_terms', i, 'dropped', 'its taxonomy is not in the files');
      return;
    }
    foreignTerms.set(t.id, {
      id: t.id,
      taxonomyId: taxId,
      code: str(t, 'code') ?? name,
      name: { fi: name },
      description: { fi: str(t, 'description') ?? name },
      parentId: str(t, 'parent_id') ?? null,
      at: i,
    });
    mark('taxonomy_terms', i, 'kept', 'a term of a taxonomy of its own', false);
  });
  // codes unique in their taxonomy; parents in the files
  const codesIn = new Map<string, Set<string>>();
  for (const term of foreignTerms.values()) {
    const codes = codesIn.get(term.taxonomyId) ?? new Set<string>();
    if (codes.has(term.code)) term.code = `${term.code}-${term.id.slice(0, 8)}`;
    codes.add(term.code);
    codesIn.set(term.taxonomyId, codes);
    if (term.parentId && !foreignTerms.has(term.parentId)) {
      note('taxonomy_terms', 'kept', 'a parent term that is not in the files: kept without its parent');
      term.parentId = null;
    }
  }

  // ---- crosswalk: their term → our terms
  const mappedTo = new Map<string, string[]>();
  if (options.crosswalk) {
    const { file, rows: crosswalk } = options.crosswalk;
    for (const row of crosswalk) {
      const wantTaxonomy = fold(row.taxonomy);
      const wantTerm = fold(row.term);
      const matches = [...foreignTerms.values()].filter((term) => {
        const tax = foreignTaxonomies.get(term.taxonomyId);
        if (!tax) return false;
        const taxOk = [tax.name.fi, tax.code, tax.id, tax.uri ?? ''].some((v) => fold(v) === wantTaxonomy);
        return taxOk && (fold(term.code) === wantTerm || fold(term.name.fi) === wantTerm);
      });
      if (matches.length === 0) {
        note(file, 'dropped', `line ${row.line}: no term "${row.term}" of "${row.taxonomy}" in the files`);
        continue;
      }
      for (const term of matches) {
        const ours = termId(row.kind, row.code);
        mappedTo.set(term.id, [...new Set([...(mappedTo.get(term.id) ?? []), ours])]);
      }
      note(file, 'mapped', 'a line that maps a term of theirs to ours');
    }
  }

  // ---- organizations: legal status; identifiers
  const legalStatusText = new Map<string, string>();
  rows('organizations').forEach((o, i) => {
    const given = str(o, 'legal_status');
    if (given !== undefined && (KINDS as readonly string[]).includes(given)) {
      mark('organizations', i, 'mapped');
      return;
    }
    const kind = given !== undefined ? kindOfLegalStatus(given) : kindOfLegalStatus(str(o, 'name') ?? '');
    o.legal_status = kind ?? 'ngo';
    if (given !== undefined) legalStatusText.set(o.id, given);
    if (kind && given !== undefined)
      mark('organizations', i, 'mapped', `legal_status "${given}" → ${kind} (the text is kept)`);
    else if (kind) mark('organizations', i, 'mapped', `no legal_status: ${kind} by its name`);
    else
      mark(
        'organizations',
        i,
        'kept',
        given !== undefined
          ? `legal_status "${given}" has no keyword we know: kind ngo (the text is kept)`
          : 'no legal_status and no keyword in its name: kind ngo',
      );
  });
  rows('organization_identifiers').forEach((x, i) => {
    if (x.identifier_type !== 'fi_municipality_code')
      mark(
        'organization_identifiers',
        i,
        'dropped',
        `identifier_type "${str(x, 'identifier_type') ?? ''}": only fi_municipality_code is stored`,
      );
  });

  // ---- locations: virtual ones are channels; a location without an organization gets its service's
  const salsOfLocation = new Map<string, number[]>();
  rows('service_at_locations').forEach((x, i) => {
    const id = str(x, 'location_id');
    if (id) salsOfLocation.set(id, [...(salsOfLocation.get(id) ?? []), i]);
  });
  const serviceChannels = new Map<string, Set<Channel>>();
  const addressesOf = new Map<string, number[]>();
  rows('addresses').forEach((a, i) => {
    const id = str(a, 'location_id');
    if (id) addressesOf.set(id, [...(addressesOf.get(id) ?? []), i]);
  });
  const physicalAddress = (a: Row) => (str(a, 'address_type') ?? 'physical') === 'physical';
  rows('locations').forEach((l, i) => {
    const type = str(l, 'location_type');
    const physical = (addressesOf.get(l.id) ?? []).some((ai) =>
      physicalAddress(rows('addresses')[ai] as Row),
    );
    if (type === 'virtual' || (!physical && type !== 'physical' && str(l, 'url'))) {
      const channel = channelOfVirtual(l);
      for (const si of salsOfLocation.get(l.id) ?? []) {
        const sal = rows('service_at_locations')[si] as Row;
        const serviceId = str(sal, 'service_id') ?? '';
        serviceChannels.set(serviceId, new Set([...(serviceChannels.get(serviceId) ?? []), channel]));
        mark(
          'service_at_locations',
          si,
          'mapped',
          `a virtual location: the service's ${channel} channel`,
          false,
        );
      }
      mark('locations', i, 'mapped', `a virtual location: the ${channel} channel of its services`, false);
      for (const ai of addressesOf.get(l.id) ?? [])
        mark('addresses', ai, 'dropped', 'an address of a virtual location');
      return;
    }
    if (!physical) {
      mark(
        'locations',
        i,
        'dropped',
        `a ${type ?? ''} location without a physical address`.replace('  ', ' '),
      );
      return;
    }
    if (type === 'postal') {
      mark('locations', i, 'dropped', 'a postal location (only places to visit are stored)');
      return;
    }
    if (l.location_type !== 'physical') l.location_type = 'physical';
    if (str(l, 'organization_id') === undefined) {
      const orgs = [
        ...new Set(
          (salsOfLocation.get(l.id) ?? [])
            .map((si) => str(rows('service_at_locations')[si] as Row, 'service_id'))
            .map((sid) =>
              sid && services.has(sid)
                ? str(rows('services')[services.get(sid) ?? 0] as Row, 'organization_id')
                : undefined,
            )
            .filter((x): x is string => x !== undefined),
        ),
      ];
      if (orgs.length === 0) {
        mark('locations', i, 'dropped', 'no organization, and no service at it to take one from');
        return;
      }
      l.organization_id = orgs[0];
      mark(
        'locations',
        i,
        'mapped',
        orgs.length === 1
          ? "no organization: given its service's organization"
          : "no organization: given its first service's organization (its services have several)",
      );
    }
  });

  // ---- addresses: physical, in Finland, the municipality by name in region (or city)
  const municipalityByName = new Map<string, string>();
  for (const m of ref.municipalities.values())
    for (const name of Object.values(m.name)) if (name) municipalityByName.set(fold(name), m.code);
  const regionWords = new Set<string>();
  for (const r of ref.regions.values()) {
    regionWords.add(fold(r.code));
    for (const name of Object.values(r.name)) {
      if (!name) continue;
      regionWords.add(fold(name));
      const short = fold(name).replace(/ (hyvinvointialue|valfardsomrade|wellbeing services county)$/, '');
      regionWords.add(short);
      if (short.endsWith('n')) regionWords.add(short.slice(0, -1)); // Pirkanmaan → pirkanmaa
    }
  }
  rows('addresses').forEach((a, i) => {
    if (dropped('addresses', i)) return;
    const locationIndex = locations.get(str(a, 'location_id') ?? '');
    if (locationIndex !== undefined && dropped('locations', locationIndex)) {
      mark('addresses', i, 'dropped', 'its location was not stored');
      return;
    }
    if (!physicalAddress(a)) {
      mark(
        'addresses',
        i,
        'dropped',
        `a ${str(a, 'address_type')} address (only the physical one is stored)`,
      );
      return;
    }
    const reasons: string[] = [];
    const country = fold(str(a, 'country') ?? '');
    if (['fi', 'fin', 'finland', 'suomi', 'finland (suomi)'].includes(country) && a.country !== 'FI') {
      a.country = 'FI';
      reasons.push('country as FI');
    }
    const region = str(a, 'region');
    const city = str(a, 'city');
    const byRegion = region !== undefined ? municipalityByName.get(fold(region)) : undefined;
    const byCity = city !== undefined ? municipalityByName.get(fold(city)) : undefined;
    const regionIsNoMunicipality =
      region === undefined ||
      regionWords.has(fold(region)) ||
      fold(region) === fold(str(a, 'state_province') ?? '');
    const exact = new Set(
      [...ref.municipalities.values()].flatMap((m) =>
        Object.values(m.name).map((n) => n?.trim().toLowerCase()),
      ),
    );
    if (byRegion && region !== undefined && !exact.has(region.trim().toLowerCase())) {
      a.region = ref.municipalities.get(byRegion)?.name.fi;
      reasons.push('the municipality by its name, whatever its case and accents');
    } else if (!byRegion && byCity && regionIsNoMunicipality) {
      a.region = ref.municipalities.get(byCity)?.name.fi;
      reasons.push('the municipality by its city');
    }
    if (reasons.length > 0) mark('addresses', i, 'mapped', reasons.join('; '));
  });

  // ---- phones: of a service, or of an organization (all kept, with descriptions)
  const organizationPhones = new Map<
    string,
    { id: string; number: string; description: LocalizedText | null; at: number }[]
  >();
  rows('phones').forEach((p, i) => {
    const serviceId = str(p, 'service_id');
    const orgId = str(p, 'organization_id');
    if (serviceId && orgId) {
      delete p.organization_id;
      mark('phones', i, 'mapped', "a phone of a service and its organization: the service's");
      return;
    }
    if (serviceId) return;
    if (orgId) {
      const all = organizationPhones.get(orgId) ?? [];
      const description = str(p, 'description');
      all.push({
        id: p.id,
        number: str(p, 'number') ?? '',
        description: description ? { fi: description } : null,
        at: i,
      });
      organizationPhones.set(orgId, all);
      return;
    }
    const where = p.location_id
      ? 'a phone of a location'
      : p.service_at_location_id
        ? 'a phone of a service at a location'
        : p.contact_id
          ? 'a phone of a contact'
          : 'a phone of nothing we store';
    mark('phones', i, 'dropped', `${where} (phones of services and organizations are stored)`);
  });
  const keptOrgPhones = new Map<
    string,
    { id: string; number: string; description: LocalizedText | null }[]
  >();
  for (const [orgId, phones] of organizationPhones) {
    if (phones.length === 1 && phones[0]?.description === null) continue; // our own convention
    keptOrgPhones.set(
      orgId,
      phones.map(({ at: _, ...p }) => p),
    );
    phones.forEach((p, n) => {
      const row = rows('phones')[p.at] as Row;
      if (n === 0) {
        delete row.description;
        mark(
          'phones',
          p.at,
          'mapped',
          p.description
            ? "the organization's phone, its description kept with it"
            : "the organization's phone",
        );
      } else
        mark(
          'phones',
          p.at,
          'kept',
          "another phone of the organization: kept with its description (the organization's page shows the first)",
          false,
        );
    });
  }

  // ---- schedules: weekly, HH:MM
  const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?$/;
  rows('schedules').forEach((x, i) => {
    if (!str(x, 'service_id')) {
      mark('schedules', i, 'dropped', 'opening hours of a location (those of services are stored)');
      return;
    }
    if (x.freq !== undefined && x.freq !== 'WEEKLY') {
      mark('schedules', i, 'dropped', `freq ${String(x.freq)} (only WEEKLY hours are stored)`);
      return;
    }
    const opens = str(x, 'opens_at');
    const closes = str(x, 'closes_at');
    if (!str(x, 'byday') || !opens || !closes || !TIME.test(opens) || !TIME.test(closes)) {
      mark('schedules', i, 'dropped', 'no weekly days and opening times (byday, opens_at, closes_at)');
      return;
    }
    if (opens.length > 5 || closes.length > 5) {
      x.opens_at = opens.slice(0, 5);
      x.closes_at = closes.slice(0, 5);
      mark('schedules', i, 'mapped', 'times as HH:MM');
    }
    if (typeof x.byday === 'string' && x.byday !== x.byday.toUpperCase().replace(/\s/g, ''))
      x.byday = x.byday.toUpperCase().replace(/\s/g, '');
  });

  // ---- languages of services
  rows('languages').forEach((x, i) => {
    if (!str(x, 'service_id')) {
      mark('languages', i, 'dropped', 'a language of a location or a phone (those of services are stored)');
      return;
    }
    const code = str(x, 'code');
    if (code !== undefined && (SERVICE_LANGUAGES as readonly string[]).includes(code)) return;
    // a code we do not know stays for our rules to name; no code: the name may say it
    const lang = code !== undefined ? languageOf(code) : languageOf(str(x, 'name'));
    if (lang) {
      x.code = lang;
      mark('languages', i, 'mapped', `the language ${lang} by its name or three-letter code`);
    }
  });

  // ---- service areas: our extents, else a municipality or region by name or code
  const regionByWord = new Map<string, string>();
  for (const r of ref.regions.values()) {
    regionByWord.set(fold(r.code), r.code);
    for (const name of Object.values(r.name)) if (name) regionByWord.set(fold(name), r.code);
  }
  rows('service_areas').forEach((a, i) => {
    const extent = str(a, 'extent') ?? '';
    const type = str(a, 'extent_type');
    if (type === MUNICIPALITY_EXTENT && ref.municipalities.has(extent)) return;
    if (type === REGION_EXTENT && regionByWord.get(fold(extent)) === extent) return;
    const name = str(a, 'name') ?? '';
    const code = [extent, name].find((v) => /^\d{3}$/.test(v.trim()) && ref.municipalities.has(v.trim()));
    const municipality =
      code?.trim() ?? municipalityByName.get(fold(name)) ?? municipalityByName.get(fold(extent));
    if (municipality) {
      a.extent = municipality;
      a.extent_type = MUNICIPALITY_EXTENT;
      mark('service_areas', i, 'mapped', code ? 'a municipality by its code' : 'a municipality by its name');
      return;
    }
    const region = regionByWord.get(fold(name)) ?? regionByWord.get(fold(extent));
    if (region) {
      a.extent = region;
      a.extent_type = REGION_EXTENT;
      mark('service_areas', i, 'mapped', 'a wellbeing services county by its name');
      return;
    }
    mark(
      'service_areas',
      i,
      'dropped',
      `unknown area "${name || extent}" (no municipality or county of that name or code)`,
    );
  });

  // ---- service at locations whose location was not stored
  rows('service_at_locations').forEach((x, i) => {
    if (fateOf('service_at_locations', i)) return;
    const li = locations.get(str(x, 'location_id') ?? '');
    if (li !== undefined && dropped('locations', li))
      mark('service_at_locations', i, 'dropped', 'its location was not stored');
  });

  // ---- attributes: translations, our terms, their terms
  const foreignTextOf = new Map<string, Partial<Record<Lang, string>>>();
  const serviceTerms = new Map<string, Set<string>>();
  const phoneOwner = new Map<string, string>();
  for (const [orgId, phones] of keptOrgPhones) for (const p of phones) phoneOwner.set(p.id, orgId);
  const entityIndex: Partial<Record<string, [HsdsFileName, Map<string, number>]>> = {
    service: ['services', services],
    organization: ['organizations', organizations],
    location: ['locations', locations],
    address: ['addresses', byIdOf('addresses')],
    accessibility: ['accessibility', byIdOf('accessibility')],
    phone: ['phones', byIdOf('phones')],
    schedule: ['schedules', byIdOf('schedules')],
  };
  rows('attributes').forEach((a, i) => {
    const termIdValue = str(a, 'taxonomy_term_id') ?? '';
    const target = termRedirect.get(termIdValue) ?? termIdValue;
    if (target !== termIdValue) a.taxonomy_term_id = target;
    const entity = str(a, 'link_entity') ?? '';
    const linkId = str(a, 'link_id') ?? '';
    const linkType = str(a, 'link_type') ?? '';
    const owner = entityIndex[entity];
    const ownerAt = owner?.[1].get(linkId);
    if (owner && ownerAt !== undefined && dropped(owner[0], ownerAt) && !phoneOwner.has(linkId)) {
      mark('attributes', i, 'dropped', `its ${entity} was not stored`);
      return;
    }
    const lang = textLangOf.get(termIdValue);
    if (lang !== undefined) {
      const value = str(a, 'value');
      if (entity === 'taxonomy' || entity === 'taxonomy_term') {
        if (referenceIds.has(linkId) || ref.terms.has(linkId)) return; // ours: checked, not changed
        const key = `${linkId}/${linkType}`;
        if (value && (foreignTaxonomies.has(linkId) || foreignTerms.has(linkId))) {
          foreignTextOf.set(key, { ...foreignTextOf.get(key), [lang]: value });
          mark('attributes', i, 'mapped', `the ${lang} ${linkType} of a taxonomy or term of its own`, false);
        } else mark('attributes', i, 'dropped', `a translation of a ${entity} that is not stored`);
        return;
      }
      if (entity === 'phone' && phoneOwner.has(linkId)) {
        const phone = keptOrgPhones.get(phoneOwner.get(linkId) ?? '')?.find((p) => p.id === linkId);
        if (phone && value && linkType === 'description') {
          phone.description = { ...(phone.description ?? { fi: value }), [lang]: value };
          mark('attributes', i, 'mapped', `the ${lang} description of an organization's phone`, false);
        } else
          mark('attributes', i, 'dropped', "a text of an organization's phone that is not its description");
        return;
      }
      const fields = (TEXT_FIELDS as Record<string, readonly string[]>)[entity];
      if (!fields?.includes(linkType)) {
        mark('attributes', i, 'dropped', `a translation of ${entity}/${linkType}, a text we do not store`);
        return;
      }
      if (lang === 'fi' && !ATTRIBUTE_ONLY.has(`${entity}/${linkType}`)) {
        mark('attributes', i, 'dropped', 'a Finnish text: Finnish is read from the field itself');
        return;
      }
      if (termIdValue !== termId(TEXT_TAXONOMY, lang)) {
        a.taxonomy_term_id = termId(TEXT_TAXONOMY, lang);
        mark('attributes', i, 'mapped', `a translation into ${lang} (--translations)`);
      }
      return;
    }
    const foreign = foreignTerms.get(termIdValue);
    if (!foreign && ref.terms.has(target)) return; // ours, read by our rules
    if (!foreign) {
      mark('attributes', i, 'dropped', 'its taxonomy term is not in the files');
      return;
    }
    if (entity !== 'service' || !services.has(linkId)) {
      mark('attributes', i, 'dropped', `a term on a ${entity || 'nothing'}: only services are classified`);
      return;
    }
    const set = serviceTerms.get(linkId) ?? new Set<string>();
    set.add(foreign.id);
    const ours = mappedTo.get(foreign.id) ?? [];
    for (const id of ours) set.add(id);
    serviceTerms.set(linkId, set);
    if (ours.length > 0)
      mark(
        'attributes',
        i,
        'mapped',
        'a term of their own, mapped to ours by the crosswalk (both kept)',
        false,
      );
    else
      mark(
        'attributes',
        i,
        'kept',
        `a term of their own with no crosswalk mapping: "${foreign.name.fi}"`,
        false,
      );
  });
  for (const t of foreignTaxonomies.values()) {
    t.name = { ...t.name, ...foreignTextOf.get(`${t.id}/name`) };
    t.description = { ...t.description, ...foreignTextOf.get(`${t.id}/description`) };
  }
  for (const t of foreignTerms.values()) {
    t.name = { ...t.name, ...foreignTextOf.get(`${t.id}/name`) };
    t.description = { ...t.description, ...foreignTextOf.get(`${t.id}/description`) };
  }
  // Their terms: mapped by the crosswalk, or kept (those that services use named in the report).
  const used = new Set<string>();
  for (const set of serviceTerms.values()) for (const id of set) used.add(id);
  const unmappedBySource = new Map<string, string[]>();
  for (const term of foreignTerms.values()) {
    if (mappedTo.has(term.id)) {
      mark(
        'taxonomy_terms',
        term.at,
        'mapped',
        'a term of their own, mapped to ours by the crosswalk (kept too)',
        false,
      );
    } else if (used.has(term.id)) {
      const source = flat.sources.taxonomy_terms?.[term.at] ?? 'taxonomy_terms.json';
      unmappedBySource.set(source, [
        ...(unmappedBySource.get(source) ?? []),
        `"${term.name.fi}" (${term.code})`,
      ]);
      mark(
        'taxonomy_terms',
        term.at,
        'kept',
        'a term of their own that services use, not in the crosswalk',
        false,
      );
    } else mark('taxonomy_terms', term.at, 'kept', 'a term of their own that no service uses', false);
  }

  // ---- the input in our conventions, and the report
  const input: HsdsInput = {};
  for (const name of HSDS_FILE_NAMES) {
    const all = flat.input[name];
    if (all === undefined) continue;
    input[name] = (all as Row[]).filter((_, i) => fateOf(name, i)?.pass !== false);
  }
  const report = new Map<string, FileReport>();
  const entry = (file: string) => {
    let r = report.get(file);
    if (!r) {
      r = { file, mapped: 0, kept: 0, dropped: 0, reasons: [], repeated: 0, fieldsNotStored: [] };
      report.set(file, r);
    }
    return r;
  };
  const count = (r: FileReport, fate: Fate, reason: string | undefined) => {
    r[fate]++;
    if (!reason) return;
    const same = r.reasons.find((x) => x.fate === fate && x.reason === reason);
    if (same) same.count++;
    else r.reasons.push({ fate, reason, count: 1 });
  };
  for (const name of HSDS_FILE_NAMES) {
    const all = flat.input[name] ?? [];
    all.forEach((row, i) => {
      const f = fateOf(name, i);
      const e = entry(flat.sources[name]?.[i] ?? `${name}.json`);
      count(e, f?.fate ?? 'mapped', f?.reason);
      if (f?.pass === false) return;
      for (const [field, value] of Object.entries(row as Row)) {
        if (value === undefined || READ_FIELDS[name].includes(field)) continue;
        const known = e.fieldsNotStored.find((x) => x.field === field);
        if (known) known.count++;
        else e.fieldsNotStored.push({ field, count: 1 });
      }
    });
  }
  for (const [source, r] of flat.repeats) {
    const e = entry(source);
    e.repeated += r.same;
    if (r.different)
      e.reasons.push({
        fate: 'dropped',
        reason: 'the same id again in the nested form but different: the first is read',
        count: r.different,
      });
  }
  for (const [source, names] of unmappedBySource) {
    const shown = names.sort().slice(0, 20).join(', ');
    entry(source).unmapped = `${shown}${names.length > 20 ? ` … and ${names.length - 20} more` : ''}`;
  }
  for (const [file, reasons] of extraReasons) {
    const e = entry(file);
    e.reasons.push(...reasons);
    if (file === options.crosswalk?.file) for (const r of reasons) e[r.fate] += r.count;
  }

  return {
    input,
    taxonomies: [...foreignTaxonomies.values()].map((t) => compact(t)),
    terms: [...foreignTerms.values()].map(({ at: _, ...t }) => t),
    serviceTerms,
    serviceChannels,
    legalStatusText,
    organizationPhones: keptOrgPhones,
    report: [...report.values()],
  };
}
