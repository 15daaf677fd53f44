// Derives standards/ptv/v11/ptv-v11.schema.json from the PHP client that the City of Tampere generated
// with openapi-generator from PTV's published Open API description
// (https://api.palvelutietovaranto.suomi.fi/swagger/v11/swagger.json), github.com/Tampere/ptv-php-client-v11.
// Usage: node standards/ptv/derive-v11-schema.mjs <checkout of ptv-php-client-v11> > standards/ptv/v11/ptv-v11.schema.json
// Every model class gives one definition: property names and types ($openAPITypes), formats ($openAPIFormats),
// nullability ($openAPINullables), required properties, lengths and patterns (listInvalidProperties), and the
// descriptions of docs/Model/<Model>.md. Nothing is added by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: derive-v11-schema.mjs <ptv-php-client-v11 checkout>');
const modelDir = join(root, 'src/PtvModel');
const docDir = join(root, 'docs/Model');

function block(src, name) {
  const start = src.indexOf(`$${name} = [`);
  if (start < 0) return {};
  const end = src.indexOf('];', start);
  const out = {};
  for (const m of src.slice(start, end).matchAll(/'([A-Za-z0-9_]+)' => ([^,\n]+)/g)) {
    out[m[1]] = m[2].trim();
  }
  return out;
}

function typeOf(phpType) {
  const t = phpType.replace(/^'|'$/g, '');
  if (t.endsWith('[]')) return { type: 'array', items: typeOf(t.slice(0, -2)) };
  if (t.startsWith('array<string,')) return { type: 'object', additionalProperties: typeOf(t.slice(13, -1)) };
  const plain = {
    string: { type: 'string' },
    int: { type: 'integer' },
    float: { type: 'number' },
    bool: { type: 'boolean' },
    object: { type: 'object' },
    mixed: {},
    '\\DateTime': { type: 'string', format: 'date-time' },
    '\\SplFileObject': { type: 'string' },
  };
  if (plain[t]) return { ...plain[t] };
  const model = t.split('\\').pop();
  return { $ref: `#/definitions/${model}` };
}

function descriptions(model) {
  let md;
  try {
    md = readFileSync(join(docDir, `${model}.md`), 'utf8');
  } catch {
    return {};
  }
  const out = {};
  for (const m of md.matchAll(/^\*\*([A-Za-z0-9_]+)\*\* \| [^|]+ \| (.*?) \| (\[optional\])?/gm)) {
    out[m[1]] = m[2]
      .replace(/\\&quot;/g, '"')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .trim();
  }
  return out;
}

const definitions = {};
for (const file of readdirSync(modelDir).sort()) {
  if (!file.endsWith('.php') || file === 'ModelInterface.php') continue;
  const model = file.slice(0, -4);
  const src = readFileSync(join(modelDir, file), 'utf8');
  const enumValues = src.match(/getAllowableEnumValues\(\)\s*\{\s*return \[([^\]]*)\]/);
  if (enumValues && !src.includes('$openAPITypes')) {
    const values = [...src.matchAll(/public const [A-Z0-9_]+ = ([^;]+);/g)].map((m) =>
      JSON.parse(m[1].replace(/'/g, '"')),
    );
    definitions[model] = { enum: values };
    continue;
  }
  const types = block(src, 'openAPITypes');
  const formats = block(src, 'openAPIFormats');
  const nullables = block(src, 'openAPINullables');
  const docs = descriptions(model);
  const validation = src.slice(
    src.indexOf('function listInvalidProperties'),
    src.indexOf('function valid()'),
  );
  const required = [...validation.matchAll(/'([A-Za-z0-9_]+)' can't be null/g)].map((m) => m[1]);
  const properties = {};
  for (const [name, phpType] of Object.entries(types)) {
    let schema = typeOf(phpType);
    const format = formats[name]?.replace(/'/g, '');
    if (format && format !== 'null' && schema.type === 'string' && !schema.format) schema.format = format;
    const min = validation.match(
      new RegExp(`invalid value for '${name}', the character length must be bigger than or equal to (\\d+)`),
    );
    const max = validation.match(
      new RegExp(`invalid value for '${name}', the character length must be smaller than or equal to (\\d+)`),
    );
    const pattern = validation.match(
      new RegExp(`!preg_match\\("/(.*?)/[a-z]*", \\$this->container\\['${name}'\\]\\)`),
    );
    if (min) schema.minLength = Number(min[1]);
    if (max) schema.maxLength = Number(max[1]);
    if (pattern) schema.pattern = pattern[1].replace(/\\\\/g, '\\');
    if (nullables[name] === 'true') {
      schema = schema.$ref
        ? { anyOf: [schema, { type: 'null' }] }
        : { ...schema, type: [schema.type, 'null'] };
      if (!schema.type?.[0]) delete schema.type;
    }
    if (docs[name]) schema.description = docs[name];
    properties[name] = schema;
  }
  definitions[model] = { type: 'object', properties, ...(required.length ? { required } : {}) };
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://api.palvelutietovaranto.suomi.fi/swagger/v11/derived-models.json',
  title: 'PTV Open API v11 models (derived)',
  description:
    'The schemas of the PTV (Suomi.fi Palvelutietovaranto) Open API v11, derived mechanically from the openapi-generator PHP client github.com/Tampere/ptv-php-client-v11 (generated from https://api.palvelutietovaranto.suomi.fi/swagger/v11/swagger.json). See README.md.',
  definitions,
};
process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
