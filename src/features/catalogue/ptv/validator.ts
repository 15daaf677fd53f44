import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { STANDARDS_DIR } from './mapping.ts';

/**
 * The PTV Open API v11 models (standards/ptv/v11/ptv-v11.schema.json, derived from PTV's
 * published swagger, see standards/ptv/README.md) in ajv. Validates one object against one model.
 */
export type PtvModel =
  | 'V11VmOpenApiService'
  | 'V11VmOpenApiServiceLocationChannel'
  | 'V11VmOpenApiPhoneChannel'
  | 'V11VmOpenApiElectronicChannel'
  | 'V11VmOpenApiWebPageChannel'
  | 'V10VmOpenApiOrganization';

export const CHANNEL_MODEL: Record<string, PtvModel> = {
  ServiceLocation: 'V11VmOpenApiServiceLocationChannel',
  Phone: 'V11VmOpenApiPhoneChannel',
  EChannel: 'V11VmOpenApiElectronicChannel',
  WebPage: 'V11VmOpenApiWebPageChannel',
};

const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const SCHEMA_ID = 'https://api.palvelutietovaranto.suomi.fi/swagger/v11/derived-models.json';
let ajv: InstanceType<typeof Ajv> | undefined;
const compiled = new Map<PtvModel, ValidateFunction>();

function validator(model: PtvModel): ValidateFunction {
  let fn = compiled.get(model);
  if (fn) return fn;
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addFormat('tel', true);
    ajv.addSchema(JSON.parse(readFileSync(join(STANDARDS_DIR, 'v11/ptv-v11.schema.json'), 'utf8')));
  }
  fn = ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${model}` });
  compiled.set(model, fn);
  return fn;
}

/** Problems of one object against a PTV model: [] when valid. */
export function validatePtv(model: PtvModel, value: unknown): { path: string; message: string }[] {
  const fn = validator(model);
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'is not valid' }));
}
