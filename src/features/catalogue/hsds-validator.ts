import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The HSDS 3.0 standard as published (standards/hsds-3.0, CC BY-SA 4.0, Open Referral). */
export const HSDS_SCHEMA_DIR = new URL('../../../standards/hsds-3.0/schema/', import.meta.url).pathname;

/**
 * The schema files have no $id and refer to each other by file name ("$ref": "phone.json"),
 * so each gets an $id under one base and the relative references resolve against it.
 */
const BASE = 'https://openreferral.org/hsds/3.0/schema/';

/** The HSDS objects we read and write, by their schema file. */
export type HsdsSchemaName =
  | 'service'
  | 'organization'
  | 'location'
  | 'service_at_location'
  | 'taxonomy'
  | 'taxonomy_term'
  | 'attribute'
  | 'phone'
  | 'schedule'
  | 'language'
  | 'service_area'
  | 'address'
  | 'accessibility'
  | 'organization_identifier'
  | 'compiled/service_list'
  | 'compiled/organization_list'
  | 'compiled/service_at_location_list'
  | 'page';

export interface SchemaProblem {
  /** JSON pointer inside the validated value ("" is the value itself) */
  path: string;
  message: string;
}

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let instance: Ajv2020 | undefined;

function ajv(): Ajv2020 {
  if (instance) return instance;
  // strict off: the files carry documentation keywords of the standard (name, core, constraints, example…)
  const created = new Ajv2020({ strict: false, allErrors: true });
  addFormats(created);
  for (const file of readdirSync(HSDS_SCHEMA_DIR).filter(
    (f) => f.endsWith('.json') && f !== 'openapi.json',
  )) {
    const schema = JSON.parse(readFileSync(join(HSDS_SCHEMA_DIR, file), 'utf8'));
    created.addSchema({ ...schema, $id: BASE + file });
  }
  // The list items of the API are self-contained compiled schemas.
  for (const name of ['service_list', 'organization_list', 'service_at_location_list']) {
    const schema = JSON.parse(readFileSync(join(HSDS_SCHEMA_DIR, 'compiled', `${name}.json`), 'utf8'));
    created.addSchema({ ...schema, $id: `${BASE}compiled/${name}.json` });
  }
  // The Page object of the API (total_items, page_number…), from the OpenAPI description.
  const openapi = JSON.parse(readFileSync(join(HSDS_SCHEMA_DIR, 'openapi.json'), 'utf8'));
  created.addSchema({
    ...openapi.components.schemas.Page,
    required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty'],
    $id: `${BASE}page.json`,
  });
  instance = created;
  return created;
}

const compiled = new Map<HsdsSchemaName, ValidateFunction>();

function validator(name: HsdsSchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const found = ajv().getSchema(`${BASE}${name}.json`);
    if (!found) throw new Error(`No HSDS schema ${name}.json in ${HSDS_SCHEMA_DIR}`);
    validate = found;
    compiled.set(name, validate);
  }
  return validate;
}

/** Checks a value against an HSDS 3.0 schema; no problems means valid. */
export function validateHsds(name: HsdsSchemaName, value: unknown): SchemaProblem[] {
  const validate = validator(name);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(toProblem);
}

function toProblem(error: ErrorObject): SchemaProblem {
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum') {
    message += `: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { path: error.instancePath, message };
}
