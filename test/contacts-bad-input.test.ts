/**
 * Bad input against the public ways in (property-based, fast-check): the contact API
 * (POST /api/contacts), the status link's messages (POST /api/contacts/status/:token/messages,
 * and GET of forged links) and the public form (POST /fi/pyyda-neuvoa). Every generated request
 * carries at least one defect that makes it certainly invalid: wrong types, missing fields,
 * huge texts (up to 1 MB and past the body limit), control characters, lone surrogates, arrays
 * where strings are expected, nested objects, unknown keys, forged tokens, wrong or reused
 * idempotency keys, wrong content types, broken JSON, cross-site origins, missing CSRF tokens.
 *
 * Every answer must be a 4xx with a translated, coded error (JSON `{error:{code,message}}`,
 * or for the form its page with the problems listed) — never a 5xx — and nothing may be
 * written: the row counts of every table a contact touches stay as they were.
 *
 * The seed is fixed and printed (FC_SEED replays another). PGlite gets the 1,000+ runs;
 * PostgreSQL a smaller share of the same generators, to keep the file's runtime modest.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { CONTACTERS, REACH_TIMES, REPLY_CHANNELS, SAFETY } from '../src/features/contacts/schema.ts';
import { en } from '../src/i18n/en.ts';
import { fi } from '../src/i18n/fi.ts';
import { sv } from '../src/i18n/sv.ts';
import type { Engine } from '../src/platform/db/index.ts';
import { DEFAULT_RATE_LIMITS } from '../src/platform/http/server.ts';
import { startTestApp, type TestApp, testAppConfig } from './app.ts';
import { type Counts, countRows, KUOPIO, SAME_ORIGIN, tokenOf, validContact } from './contact-fixtures.ts';
import { ENGINES } from './databases.ts';

const SEED = Number(process.env.FC_SEED ?? 20_261_126);
console.log(`contacts-bad-input: fast-check seed ${SEED} (FC_SEED=<n> to replay another)`);

/** How many generated bad inputs each engine gets, per way in. */
const RUNS: Record<Engine, { api: number; status: number; form: number }> = {
  pglite: { api: 550, status: 250, form: 200 },
  postgres: { api: 100, status: 50, form: 40 },
};
const totalOf = (engine: Engine) => RUNS[engine].api + RUNS[engine].status + RUNS[engine].form;
const generated: Record<string, number> = {};

const ERROR_CODES = new Set(Object.keys(fi.errors));
const MIB = 1024 * 1024;

// ---------------------------------------------------------------- the oracle

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** A 4xx with a JSON error whose code is one of ours and whose message is there. */
function expectCodedError(res: Answer, label: string) {
  expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, label).toBeLessThan(500);
  expect(String(res.headers['content-type']), label).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as {
    error?: { code?: unknown; message?: unknown; fields?: { code: string; message: string }[] };
  };
  expect(typeof body.error?.code, label).toBe('string');
  expect(ERROR_CODES.has(String(body.error?.code)), `${label}: code ${String(body.error?.code)}`).toBe(true);
  expect(typeof body.error?.message, label).toBe('string');
  expect(String(body.error?.message).trim(), label).not.toBe('');
  for (const field of body.error?.fields ?? []) {
    expect(ERROR_CODES.has(field.code), `${label}: field code ${field.code}`).toBe(true);
    expect(field.message.trim(), label).not.toBe('');
  }
}

/** The messages of our error codes without parameters, as React writes them into a page. */
const PAGE_MESSAGES = [fi, sv, en].flatMap((t) =>
  Object.values(t.errors)
    .filter((m) => !m.includes('{'))
    .map((m) =>
      m
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#x27;'),
    ),
);

/**
 * The form answers with its page again, the problems listed at the top (a 400 or 409), or — for
 * what the platform refuses before the form sees it (CSRF, body limit, content type) — with the
 * error page of a coded error. Either way a 4xx with a message a person can read.
 */
function expectFormProblem(res: Answer, label: string) {
  if (String(res.headers['content-type']).startsWith('application/json')) return expectCodedError(res, label);
  expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, label).toBeLessThan(500);
  expect(String(res.headers['content-type']), label).toMatch(/^text\/html/);
  const summary = /data-qa="(?:error-summary|form-problem)"[^>]*>([\s\S]*?)<\/div>/.exec(res.body);
  if (summary) {
    const text = (summary[1] ?? '').replace(/<[^>]+>/g, '').trim();
    expect(text, label).not.toBe('');
  } else {
    expect(
      PAGE_MESSAGES.some((m) => res.body.includes(m)),
      `${label}: an error page with a known message (${res.statusCode})`,
    ).toBe(true);
  }
}

// ---------------------------------------------------------------- generators: shared pieces

const CONTROL_CHARS = [
  ...Array.from({ length: 9 }, (_, i) => String.fromCharCode(i)),
  '\u000B',
  '\u000C',
  ...Array.from({ length: 18 }, (_, i) => String.fromCharCode(0x0e + i)),
  '\u007F',
  // C1 control characters (issue 10: one input rule refuses them everywhere)
  '\u0080',
  '\u0085',
  '\u009B',
  '\u009F',
];
const controlChar = fc.constantFrom(...CONTROL_CHARS);
/** A high surrogate with no low one after it, or a low one with no high one before it. */
const loneSurrogate = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdbff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xdc00, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);
/** Any string, as raw code units (lone surrogates and control characters included). */
const anyString = fc.string({ unit: 'binary', maxLength: 80 });
/** A string that is in none of the enums. */
const notIn = (values: readonly string[]) =>
  fc
    .oneof(anyString, fc.constantFrom('PARENT', 'Parent ', ' fi', 'FI', 'se', 'null', 'undefined', '0'))
    .filter((s) => !values.includes(s) && s !== '');
/** A value of the wrong JSON type for a string field (null is fine for the optional ones). */
const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 10 }), { minLength: 0, maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), {
    maxKeys: 3,
  }),
  fc.constant({ toString: 'x', valueOf: 1 }),
);
const notAnArray = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
);
const notAUuid = fc
  .oneof(
    anyString,
    fc.constantFrom(
      '',
      'null',
      '{{uuid}}',
      '12345678-1234-1234-1234-1234567890123',
      '12345678-1234-1234-1234-12345678901',
      'g2345678-1234-4234-9234-123456789012',
      '12345678123412341234123456789012',
      '../../etc/passwd',
      "' OR 1=1 --",
    ),
  )
  .filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
const badPhone = fc.oneof(
  fc.constantFrom(
    'abc',
    '12',
    '+358',
    '040',
    '0401234567890123456789',
    '040 12x 4567',
    '++358401234567',
    '((((((',
  ),
  fc.stringMatching(/^[a-zåäö]{1,12}$/),
);
const badEmail = fc.oneof(
  fc.constantFrom(
    'not-an-email',
    'a@b',
    '@example.fi',
    'aino@',
    'a b@c.fi',
    'aino@@example.fi',
    'aino@example',
  ),
  fc.stringMatching(/^[a-z]{1,12}$/),
);
/** A 3-digit code that is no municipality, or something that is no code at all. */
const badMunicipality = (known: () => Set<string>) =>
  fc
    .oneof(
      fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
      anyString,
      fc.constantFrom('2970', '29', ' 297', '297 ', 'KUO', '０９１'),
    )
    .filter((s) => !known().has(s) && !/^\s*$/.test(s));

/** Inserts `piece`, wrapped in x's (so that two inserts never pair up), into a text. */
const insert = (text: string, at: number, piece: string) => {
  const i = at % (text.length + 1);
  return `${text.slice(0, i)}x${piece}x${text.slice(i)}`;
};

const nested = (depth: number): unknown => {
  let value: unknown = 'pohja';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Percent-encodes the UTF-8 bytes of a string (a lone surrogate becomes U+FFFD's bytes). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b === 0x2d ||
      b === 0x5f
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

// ---------------------------------------------------------------- the contact API: defects

type Json = Record<string, unknown>;
const TEXT_FIELDS = ['message', 'name', 'phone', 'email'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** One thing wrong with a contact; applied to a valid one, it is no longer valid. */
type ApiDefect =
  | { kind: 'missing'; field: 'idempotencyKey' | 'contacter' | 'message' | 'replyChannel' | 'language' }
  | { kind: 'notAString'; field: string; value: unknown }
  | { kind: 'nullRequired'; field: string }
  | { kind: 'badEnum'; field: string; value: string }
  | { kind: 'control'; field: TextField; char: string; at: number }
  | { kind: 'surrogate'; field: TextField; char: string; at: number }
  | { kind: 'huge'; field: TextField; length: number }
  | { kind: 'blankMessage'; value: string }
  | { kind: 'unknownKey'; key: string; value: unknown }
  | { kind: 'badKey'; value: string }
  | { kind: 'reusedKey'; message: string }
  | { kind: 'ages'; value: unknown }
  | { kind: 'topics'; value: unknown }
  | { kind: 'municipality'; value: string }
  | { kind: 'replyNeeds'; channel: 'phone' | 'email'; blank: string | null }
  | { kind: 'badPhone'; value: string }
  | { kind: 'badEmail'; value: string }
  | { kind: 'deep'; field: 'message' | 'name'; depth: number };

/** The keys of a contact (contactInputSchema): any other key is refused. */
const CONTACT_KEYS = [
  'idempotencyKey',
  'contacter',
  'municipality',
  'childAges',
  'topics',
  'message',
  'name',
  'replyChannel',
  'phone',
  'email',
  'reachTime',
  'language',
  'safety',
];

const LIMIT_OF: Record<TextField, number> = { message: 4000, name: 200, phone: 30, email: 254 };

function apiDefect(knownMunicipalities: () => Set<string>): fc.Arbitrary<ApiDefect> {
  const textField = fc.constantFrom(...TEXT_FIELDS);
  const enumField = fc.constantFrom(
    ['contacter', CONTACTERS],
    ['replyChannel', REPLY_CHANNELS],
    ['reachTime', REACH_TIMES],
    ['safety', SAFETY],
    ['language', ['fi', 'sv', 'en']],
  ) as fc.Arbitrary<[string, readonly string[]]>;
  const validAge = fc.integer({ min: 0, max: 17 });
  const badAge = fc.oneof(
    fc.integer({ min: 18, max: 10_000 }),
    fc.integer({ min: -10_000, max: -1 }),
    fc.double({ min: 0.01, max: 16.99, noNaN: true }).filter((x) => !Number.isInteger(x)),
    fc.constantFrom('4', 'neljä', null, true, [4], { age: 4 }),
  );
  return fc.oneof(
    fc.record({
      kind: fc.constant('missing' as const),
      field: fc.constantFrom(
        'idempotencyKey',
        'contacter',
        'message',
        'replyChannel',
        'language',
      ) as fc.Arbitrary<'idempotencyKey' | 'contacter' | 'message' | 'replyChannel' | 'language'>,
    }),
    fc.record({
      kind: fc.constant('notAString' as const),
      field: fc.constantFrom(
        'idempotencyKey',
        'contacter',
        'municipality',
        'message',
        'name',
        'replyChannel',
        'phone',
        'email',
        'reachTime',
        'language',
        'safety',
      ),
      value: notAString,
    }),
    fc.record({
      kind: fc.constant('nullRequired' as const),
      field: fc.constantFrom(
        'idempotencyKey',
        'contacter',
        'message',
        'replyChannel',
        'language',
        'reachTime',
        'safety',
        'childAges',
        'topics',
      ),
    }),
    enumField.chain(([field, values]) =>
      fc.record({ kind: fc.constant('badEnum' as const), field: fc.constant(field), value: notIn(values) }),
    ),
    fc.record({ kind: fc.constant('control' as const), field: textField, char: controlChar, at: fc.nat() }),
    fc.record({
      kind: fc.constant('surrogate' as const),
      field: textField,
      char: loneSurrogate,
      at: fc.nat(),
    }),
    textField.chain((field) =>
      fc.record({
        kind: fc.constant('huge' as const),
        field: fc.constant(field),
        // past the field's limit, up to 1 MB (and past the body limit of 1 MiB now and then)
        length: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: LIMIT_OF[field] + 1, max: LIMIT_OF[field] + 5000 }) },
          { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 1_000_000 }) },
          { weight: 1, arbitrary: fc.integer({ min: MIB, max: MIB + 100_000 }) },
        ),
      }),
    ),
    fc.record({
      kind: fc.constant('blankMessage' as const),
      value: fc
        .array(fc.constantFrom(' ', '\n', '\t', '\r\n', '\r'), { maxLength: 20 })
        .map((a) => a.join('')),
    }),
    fc.record({
      kind: fc.constant('unknownKey' as const),
      key: fc
        .oneof(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.constantFrom(
            '__proto__',
            'constructor',
            'prototype',
            'id',
            'state',
            'client_id',
            'channel',
            'urgency',
          ),
        )
        .filter((k) => !CONTACT_KEYS.includes(k)),
      value: fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.integer(),
        fc.constant(null),
        fc.constant({ polluted: true }),
      ),
    }),
    fc.record({ kind: fc.constant('badKey' as const), value: notAUuid }),
    fc.record({
      kind: fc.constant('reusedKey' as const),
      message: fc.string({ minLength: 1, maxLength: 40 }).map((s) => `Toinen: ${s}`),
    }),
    fc.record({
      kind: fc.constant('ages' as const),
      value: fc.oneof(
        fc
          .tuple(fc.array(validAge, { maxLength: 3 }), badAge, fc.array(validAge, { maxLength: 3 }))
          .map(([a, b, c]) => [...a, b, ...c]),
        fc.array(validAge, { minLength: 11, maxLength: 40 }),
        notAnArray,
      ),
    }),
    fc.record({
      kind: fc.constant('topics' as const),
      value: fc.oneof(
        fc
          .tuple(fc.constantFrom('UNI', 'SYOMINEN'), fc.oneof(anyString, fc.stringMatching(/^[A-Z_]{1,20}$/)))
          .map(([ok, bad]) => [ok, `ZZ${bad}`]),
        fc.array(fc.constantFrom('UNI', 'SYOMINEN', 'VUOROVAIKUTUS'), { minLength: 13, maxLength: 30 }),
        fc
          .tuple(
            fc.oneof(fc.integer(), fc.constant(null), fc.constant({ code: 'UNI' }), fc.constant(['UNI'])),
          )
          .map((x) => x),
        fc.string({ minLength: 61, maxLength: 200 }).map((s) => [s]),
        notAnArray,
      ),
    }),
    fc.record({ kind: fc.constant('municipality' as const), value: badMunicipality(knownMunicipalities) }),
    fc.record({
      kind: fc.constant('replyNeeds' as const),
      channel: fc.constantFrom('phone', 'email') as fc.Arbitrary<'phone' | 'email'>,
      blank: fc.constantFrom(null, '', '   ', '\n'),
    }),
    fc.record({ kind: fc.constant('badPhone' as const), value: badPhone }),
    fc.record({ kind: fc.constant('badEmail' as const), value: badEmail }),
    fc.record({
      kind: fc.constant('deep' as const),
      field: fc.constantFrom('message', 'name') as fc.Arbitrary<'message' | 'name'>,
      depth: fc.integer({ min: 1, max: 400 }),
    }),
  );
}

function applyApiDefect(body: Json, d: ApiDefect, reusedKey: string): void {
  switch (d.kind) {
    case 'missing':
      delete body[d.field];
      return;
    case 'notAString':
      body[d.field] = d.value;
      return;
    case 'nullRequired':
      body[d.field] = null;
      return;
    case 'badEnum':
      body[d.field] = d.value;
      return;
    case 'control':
    case 'surrogate': {
      const current = body[d.field];
      const base = typeof current === 'string' && current !== '' ? current : 'teksti';
      body[d.field] = insert(base, d.at, d.char);
      return;
    }
    case 'huge':
      body[d.field] = 'a'.repeat(d.length);
      return;
    case 'blankMessage':
      body.message = d.value;
      return;
    case 'unknownKey':
      Object.defineProperty(body, d.key, {
        value: d.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return;
    case 'badKey':
      body.idempotencyKey = d.value;
      return;
    case 'reusedKey':
      body.idempotencyKey = reusedKey;
      body.message = d.message;
      return;
    case 'ages':
      body.childAges = d.value;
      return;
    case 'topics':
      body.topics = d.value;
      return;
    case 'municipality':
      body.municipality = d.value;
      return;
    case 'replyNeeds':
      body.replyChannel = d.channel;
      body[d.channel] = d.blank;
      return;
    case 'badPhone':
      body.phone = d.value;
      return;
    case 'badEmail':
      body.email = d.value;
      return;
    case 'deep':
      body[d.field] = nested(d.depth);
      return;
  }
}

/** How the request travels: mostly as it should, sometimes not. */
type Transport =
  | { kind: 'json' }
  | { kind: 'contentType'; type: string }
  | { kind: 'brokenJson'; cut: number; tail: string }
  | { kind: 'notAnObject'; value: unknown }
  | { kind: 'crossSite'; origin: string }
  | { kind: 'invalidUtf8'; at: number };

const transport: fc.Arbitrary<Transport> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'json' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('contentType' as const),
      type: fc.constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        'text/html',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('brokenJson' as const),
      cut: fc.nat(),
      tail: fc.constantFrom('', '}', ',', '{"a":', 'garbage', ']]', '\u0000'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('notAnObject' as const),
      value: fc.oneof(
        fc.constant(null),
        fc.integer(),
        fc.string({ maxLength: 10 }),
        fc.array(fc.integer(), { maxLength: 3 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('crossSite' as const),
      origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost:81', 'https://localhost'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('invalidUtf8' as const), at: fc.nat() }) },
);

function encodeJson(
  body: unknown,
  how: Transport,
): { headers: Record<string, string>; payload: string | Buffer } {
  const headers: Record<string, string> = { ...SAME_ORIGIN, 'content-type': 'application/json' };
  const json = JSON.stringify(body);
  switch (how.kind) {
    case 'json':
      return { headers, payload: json };
    case 'contentType':
      return { headers: { ...headers, 'content-type': how.type }, payload: json };
    case 'brokenJson':
      return { headers, payload: json.slice(0, how.cut % json.length) + how.tail };
    case 'notAnObject':
      return { headers, payload: JSON.stringify(how.value) };
    case 'crossSite':
      return { headers: { ...headers, origin: how.origin }, payload: json };
    case 'invalidUtf8': {
      // bytes that are no UTF-8 at all, spliced into the JSON text
      const bytes = Buffer.from(json, 'utf8');
      const at = how.at % bytes.length;
      return {
        headers,
        payload: Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          bytes.subarray(at),
        ]),
      };
    }
  }
}

// ---------------------------------------------------------------- the status link: defects

type TokenChoice =
  | { kind: 'real' }
  | { kind: 'forged'; token: string }
  | { kind: 'garbage'; token: string }
  | { kind: 'tooLong'; length: number }
  | { kind: 'oneCharOff'; at: number; char: string }
  /** put into the path as it is: broken %-escapes the router cannot decode */
  | { kind: 'rawPath'; path: string };

type MessageDefect =
  | { kind: 'missing'; field: 'messageId' | 'text' }
  | { kind: 'badId'; value: unknown }
  | { kind: 'text'; value: unknown }
  | { kind: 'control'; char: string; at: number }
  | { kind: 'surrogate'; char: string; at: number }
  | { kind: 'huge'; length: number }
  | { kind: 'unknownKey'; key: string };

const badTokens: fc.Arbitrary<TokenChoice> = fc.oneof(
  fc.record({ kind: fc.constant('forged' as const), token: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }),
  fc.record({
    kind: fc.constant('garbage' as const),
    token: fc.oneof(anyString, fc.constantFrom('', '.', '..', 'null', '%00', '../queue')),
  }),
  fc.record({ kind: fc.constant('tooLong' as const), length: fc.integer({ min: 44, max: 400 }) }),
  fc.record({
    kind: fc.constant('oneCharOff' as const),
    at: fc.integer({ min: 0, max: 42 }),
    char: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
  }),
  fc.record({
    kind: fc.constant('rawPath' as const),
    path: fc.oneof(
      fc.constantFrom('%', '%E0%A4%A', '%zz', '%C0%AF', '%ED%A0%80', '%FF%FE', 'abc%'),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/).map((s) => `${s}%E0%A4%A`),
    ),
  }),
);

const messageDefect: fc.Arbitrary<MessageDefect> = fc.oneof(
  fc.record({
    kind: fc.constant('missing' as const),
    field: fc.constantFrom('messageId', 'text') as fc.Arbitrary<'messageId' | 'text'>,
  }),
  fc.record({
    kind: fc.constant('badId' as const),
    value: fc.oneof(notAUuid, notAString, fc.constant(null)),
  }),
  fc.record({
    kind: fc.constant('text' as const),
    value: fc.oneof(
      notAString,
      fc.constant(null),
      fc.constantFrom('', '   ', '\n\t\r\n'),
      fc.integer({ min: 1, max: 300 }).map(nested),
    ),
  }),
  fc.record({ kind: fc.constant('control' as const), char: controlChar, at: fc.nat() }),
  fc.record({ kind: fc.constant('surrogate' as const), char: loneSurrogate, at: fc.nat() }),
  fc.record({
    kind: fc.constant('huge' as const),
    length: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 4001, max: 9000 }) },
      fc.integer({ min: 10_000, max: MIB + 50_000 }),
    ),
  }),
  fc.record({
    kind: fc.constant('unknownKey' as const),
    key: fc
      .oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'contactId', 'from'))
      .filter((k) => k !== 'messageId' && k !== 'text'),
  }),
);

/** A real token, forged, or broken; with a real one at least one defect in the body. */
const statusCase = fc
  .oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'real' } as TokenChoice) },
    { weight: 3, arbitrary: badTokens },
  )
  .chain((token) =>
    fc.record({
      token: fc.constant(token),
      method:
        token.kind === 'real'
          ? fc.constant('POST' as const)
          : fc.constantFrom('POST' as const, 'GET' as const),
      defects: fc.array(messageDefect, { minLength: token.kind === 'real' ? 1 : 0, maxLength: 3 }),
      transport: fc.oneof({ weight: 8, arbitrary: fc.constant({ kind: 'json' } as Transport) }, transport),
    }),
  );

function tokenFor(choice: TokenChoice, real: string): string {
  switch (choice.kind) {
    case 'real':
      return real;
    case 'forged':
      return choice.token === real ? `${choice.token.slice(0, 42)}_` : choice.token;
    case 'garbage':
      return choice.token;
    case 'tooLong':
      return `${real}${'A'.repeat(choice.length - 43)}`;
    case 'rawPath':
      return choice.path;
    case 'oneCharOff': {
      const char = real[choice.at] === choice.char ? (choice.char === 'A' ? 'B' : 'A') : choice.char;
      return `${real.slice(0, choice.at)}${char}${real.slice(choice.at + 1)}`;
    }
  }
}

function messageBody(defects: MessageDefect[]): Json {
  const body: Json = { messageId: randomUUID(), text: 'Hei, tässä vielä lisätietoa.' };
  for (const d of defects) {
    switch (d.kind) {
      case 'missing':
        delete body[d.field];
        break;
      case 'badId':
        body.messageId = d.value;
        break;
      case 'text':
        body.text = d.value;
        break;
      case 'control':
      case 'surrogate':
        body.text = insert(typeof body.text === 'string' && body.text ? body.text : 'viesti', d.at, d.char);
        break;
      case 'huge':
        body.text = 'b'.repeat(d.length);
        break;
      case 'unknownKey':
        Object.defineProperty(body, d.key, {
          value: 'x',
          enumerable: true,
          configurable: true,
          writable: true,
        });
        break;
    }
  }
  return body;
}

// ---------------------------------------------------------------- the public form: defects

type Form = Record<string, string | string[]>;

type FormDefect =
  | { kind: 'missing'; field: 'idempotencyKey' | 'contacter' | 'message' | 'replyChannel' }
  | {
      kind: 'badEnum';
      field: 'contacter' | 'replyChannel' | 'reachTime' | 'safety' | 'language';
      value: string;
    }
  | { kind: 'control'; field: TextField; char: string; at: number }
  | { kind: 'huge'; field: TextField; length: number }
  | { kind: 'blankMessage'; value: string }
  | { kind: 'badKey'; value: string }
  | { kind: 'reusedKey'; message: string }
  | { kind: 'ages'; value: string }
  | { kind: 'topics'; value: string[] }
  | { kind: 'municipality'; value: string }
  | { kind: 'replyNeeds'; channel: 'phone' | 'email' }
  | { kind: 'badPhone'; value: string }
  | { kind: 'badEmail'; value: string };

/** What the form tolerates by itself, so only ever added to a real defect. */
type FormNoise =
  | { kind: 'unknownKey'; key: string; value: string }
  | { kind: 'repeated'; field: string; value: string }
  | { kind: 'surrogate'; field: TextField; at: number };

type FormCsrf = 'valid' | 'missing' | 'forged' | 'noCookie';
type FormTransport = 'urlencoded' | 'text/plain' | 'application/xml' | 'multipart/form-data; boundary=x';

function formDefect(knownMunicipalities: () => Set<string>): fc.Arbitrary<FormDefect> {
  const textField = fc.constantFrom(...TEXT_FIELDS);
  return fc.oneof(
    fc.record({
      kind: fc.constant('missing' as const),
      field: fc.constantFrom('idempotencyKey', 'contacter', 'message', 'replyChannel') as fc.Arbitrary<
        'idempotencyKey' | 'contacter' | 'message' | 'replyChannel'
      >,
    }),
    fc
      .constantFrom(
        ['contacter', CONTACTERS],
        ['replyChannel', REPLY_CHANNELS],
        ['reachTime', REACH_TIMES],
        ['safety', SAFETY],
        ['language', ['fi', 'sv', 'en']],
      )
      .chain(([field, values]) =>
        fc.record({
          kind: fc.constant('badEnum' as const),
          field: fc.constant(field as 'contacter'),
          // the form reads the first of repeated values and trims nothing
          value: notIn(values as readonly string[]).filter(
            (s) => Buffer.from(s, 'utf8').toString('utf8') === s,
          ),
        }),
      ),
    fc.record({ kind: fc.constant('control' as const), field: textField, char: controlChar, at: fc.nat() }),
    textField.chain((field) =>
      fc.record({
        kind: fc.constant('huge' as const),
        field: fc.constant(field),
        length: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: LIMIT_OF[field] + 1, max: LIMIT_OF[field] + 5000 }) },
          { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 300_000 }) },
          { weight: 1, arbitrary: fc.integer({ min: MIB, max: MIB + 100_000 }) },
        ),
      }),
    ),
    fc.record({
      kind: fc.constant('blankMessage' as const),
      value: fc.array(fc.constantFrom(' ', '\n', '\t', '\r\n'), { maxLength: 10 }).map((a) => a.join('')),
    }),
    fc.record({ kind: fc.constant('badKey' as const), value: notAUuid.filter((s) => s !== '') }),
    fc.record({
      kind: fc.constant('reusedKey' as const),
      message: fc.stringMatching(/^[a-zåäö ]{1,30}$/).map((s) => `Toinen ${s}`),
    }),
    fc.record({
      kind: fc.constant('ages' as const),
      value: fc.oneof(
        fc.constantFrom(
          'kolme',
          '18',
          '99',
          '4.5',
          '4,5,x',
          '-1',
          '4 ja puoli',
          'x',
          '1 2 3 4 5 6 7 8 9 10 11',
          '123',
        ),
        fc.integer({ min: 18, max: 99 }).map(String),
        fc
          .stringMatching(/^[a-zåäö]{2,12}$/)
          .filter((w) => !['ja', 'och', 'and', 'sekä', 'vuotta', 'years'].includes(w)),
      ),
    }),
    fc.record({
      kind: fc.constant('topics' as const),
      value: fc.oneof(
        fc.stringMatching(/^[A-Z_]{1,20}$/).map((s) => ['UNI', `ZZ${s}`]),
        fc.array(fc.constantFrom('UNI', 'SYOMINEN'), { minLength: 13, maxLength: 30 }),
        fc.string({ minLength: 61, maxLength: 100 }).map((s) => [s]),
      ),
    }),
    fc.record({
      kind: fc.constant('municipality' as const),
      value: badMunicipality(knownMunicipalities).filter(
        (s) => Buffer.from(s, 'utf8').toString('utf8') === s,
      ),
    }),
    fc.record({
      kind: fc.constant('replyNeeds' as const),
      channel: fc.constantFrom('phone', 'email') as fc.Arbitrary<'phone' | 'email'>,
    }),
    fc.record({ kind: fc.constant('badPhone' as const), value: badPhone }),
    fc.record({ kind: fc.constant('badEmail' as const), value: badEmail }),
  );
}

const formNoise: fc.Arbitrary<FormNoise> = fc.oneof(
  fc.record({
    kind: fc.constant('unknownKey' as const),
    key: fc
      .stringMatching(/^[a-zA-Z_]{1,12}$/)
      .filter((k) => !['_csrf', 'topics'].includes(k) && !(k in validForm('', ''))),
    value: fc.string({ maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant('repeated' as const),
    field: fc.constantFrom('contacter', 'message', 'replyChannel', 'language', 'name'),
    value: fc.string({ maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant('surrogate' as const),
    field: fc.constantFrom(...TEXT_FIELDS),
    at: fc.nat(),
  }),
);

const formCase = (knownMunicipalities: () => Set<string>) =>
  fc.record({
    defects: fc.array(formDefect(knownMunicipalities), { minLength: 1, maxLength: 3 }),
    noise: fc.array(formNoise, { maxLength: 2 }),
    csrf: fc.oneof(
      { weight: 10, arbitrary: fc.constant('valid' as FormCsrf) },
      fc.constantFrom('missing', 'forged', 'noCookie') as fc.Arbitrary<FormCsrf>,
    ),
    transport: fc.oneof(
      { weight: 12, arbitrary: fc.constant('urlencoded' as FormTransport) },
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
      ) as fc.Arbitrary<FormTransport>,
    ),
  });

function validForm(key: string, csrf: string): Form {
  return {
    _csrf: csrf,
    idempotencyKey: key,
    contacter: 'parent',
    safety: 'none',
    message: 'Nelivuotias ei nukahda iltaisin.',
    topics: ['UNI'],
    childAges: '4 ja 9',
    municipality: KUOPIO,
    name: '',
    replyChannel: 'status_page',
    phone: '',
    email: '',
    reachTime: 'any',
    language: 'fi',
  };
}

function applyFormDefect(form: Form, d: FormDefect, reusedKey: string): void {
  switch (d.kind) {
    case 'missing':
      delete form[d.field];
      return;
    case 'badEnum':
      form[d.field] = d.value;
      return;
    case 'control': {
      const current = form[d.field];
      form[d.field] = insert(typeof current === 'string' && current ? current : 'teksti', d.at, d.char);
      return;
    }
    case 'huge':
      form[d.field] = 'a'.repeat(d.length);
      return;
    case 'blankMessage':
      form.message = d.value;
      return;
    case 'badKey':
      form.idempotencyKey = d.value;
      return;
    case 'reusedKey':
      form.idempotencyKey = reusedKey;
      form.message = d.message;
      return;
    case 'ages':
      form.childAges = d.value;
      return;
    case 'topics':
      form.topics = d.value;
      return;
    case 'municipality':
      form.municipality = d.value;
      return;
    case 'replyNeeds':
      form.replyChannel = d.channel;
      form[d.channel] = '';
      return;
    case 'badPhone':
      form.phone = d.value;
      return;
    case 'badEmail':
      form.email = d.value;
      return;
  }
}

/** The form's fields, urlencoded as a browser sends them (noise added as raw pairs). */
function encodeForm(form: Form, noise: FormNoise[]): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(form))
    for (const v of [value].flat()) pairs.push(`${pct(key)}=${pct(v)}`);
  for (const n of noise) {
    if (n.kind === 'unknownKey') pairs.push(`${pct(n.key)}=${pct(n.value)}`);
    // a later repeat of a field that is there: the form reads the first one
    else if (n.field in form) {
      if (n.kind === 'repeated') pairs.push(`${pct(n.field)}=${pct(n.value)}`);
      // CESU-8 bytes of a lone surrogate: not UTF-8, decoded as replacement characters
      if (n.kind === 'surrogate') pairs.push(`${n.field}=%ED%A0%80`);
    }
  }
  return pairs.join('&');
}

// ---------------------------------------------------------------- the tests

describe.each(ENGINES)('bad input on %s', (engine) => {
  let t: TestApp;
  let before: Counts;
  let known = new Set<string>();
  /** a contact already sent: its key is reused by 'reusedKey', its token opens 'real' */
  const existing = { key: '', token: '', formKey: '' };
  const form = { cookie: '', token: '' };

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    known = new Set(
      (await t.database.db.selectFrom('municipality').select('code').execute()).map((m) => m.code),
    );
    const contact = validContact();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: SAME_ORIGIN,
      payload: contact,
    });
    expect(res.statusCode, res.body).toBe(201);
    existing.key = String(contact.idempotencyKey);
    existing.token = tokenOf((res.json() as { statusUrl: string }).statusUrl);

    // the form: its page hands out the CSRF cookie and token
    const page = await t.app.inject({ url: '/fi/pyyda-neuvoa', headers: { accept: 'text/html' } });
    expect(page.statusCode, 'GET /fi/pyyda-neuvoa').toBe(200);
    const setCookie = [page.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('_csrf='));
    form.cookie = setCookie?.split(';')[0] ?? '';
    form.token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(form.cookie).not.toBe('');
    expect(form.token).not.toBe('');
    // a contact sent with the form, whose key a reused-key defect sends again with other content
    existing.formKey = randomUUID();
    const sent = await t.app.inject({
      method: 'POST',
      url: '/fi/pyyda-neuvoa',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: form.cookie,
        accept: 'text/html',
      },
      payload: encodeForm(validForm(existing.formKey, form.token), []),
    });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    before = await countRows(t.database.db);
  });
  afterAll(async () => t?.close());

  async function expectNothingWritten(label: string) {
    expect(await countRows(t.database.db), `${label}: no rows written`).toEqual(before);
  }

  const count = (what: string) => {
    const key = `${engine}/${what}`;
    generated[key] = (generated[key] ?? 0) + 1;
  };

  it(`POST /api/contacts: ${RUNS[engine].api} bad contacts`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          apiDefect(() => known),
          { minLength: 1, maxLength: 3 },
        ),
        transport,
        async (defects, how) => {
          count('api');
          const body = validContact();
          for (const d of defects) applyApiDefect(body, d, existing.key);
          const { headers, payload } = encodeJson(body, how);
          const res = await t.app.inject({ method: 'POST', url: '/api/contacts', headers, payload });
          const label = `${defects.map((d) => d.kind).join('+')} via ${how.kind} → ${res.statusCode}`;
          expectCodedError(res, label);
          await expectNothingWritten(label);
        },
      ),
      { seed: SEED, numRuns: RUNS[engine].api, endOnFailure: true },
    );
  });

  it(`POST /api/contacts/status/:token/messages (and GET of forged links): ${RUNS[engine].status} bad requests`, async () => {
    await fc.assert(
      fc.asyncProperty(statusCase, async ({ token, method, defects, transport: how }) => {
        count('status');
        const path = tokenFor(token, existing.token);
        const url = `/api/contacts/status/${token.kind === 'rawPath' ? path : pct(path)}`;
        const res =
          method === 'GET'
            ? await t.app.inject({ method: 'GET', url })
            : await t.app.inject({
                method: 'POST',
                url: `${url}/messages`,
                ...encodeJson(messageBody(defects), how),
              });
        const label = `${method} token ${token.kind}, ${defects.map((d) => d.kind).join('+') || 'no body defect'} via ${how.kind} → ${res.statusCode}`;
        expectCodedError(res, label);
        await expectNothingWritten(label);
      }),
      { seed: SEED + 1, numRuns: RUNS[engine].status, endOnFailure: true },
    );
  });

  it(`POST /fi/pyyda-neuvoa (the form, urlencoded): ${RUNS[engine].form} bad forms`, async () => {
    await fc.assert(
      fc.asyncProperty(
        formCase(() => known),
        async ({ defects, noise, csrf, transport: how }) => {
          count('form');
          const fields = validForm(randomUUID(), csrf === 'forged' ? 'forged-token' : form.token);
          if (csrf === 'missing') delete fields._csrf;
          for (const d of defects) applyFormDefect(fields, d, existing.formKey);
          const headers: Record<string, string> = {
            accept: 'text/html',
            'content-type': how === 'urlencoded' ? 'application/x-www-form-urlencoded' : how,
          };
          if (csrf !== 'noCookie') headers.cookie = form.cookie;
          const res = await t.app.inject({
            method: 'POST',
            url: '/fi/pyyda-neuvoa',
            headers,
            payload: encodeForm(fields, noise),
          });
          const label = `${defects.map((d) => d.kind).join('+')} (+${noise.map((n) => n.kind).join('+')}) csrf ${csrf} via ${how} → ${res.statusCode}`;
          expectFormProblem(res, label);
          await expectNothingWritten(label);
        },
      ),
      { seed: SEED + 2, numRuns: RUNS[engine].form, endOnFailure: true },
    );
  });

  it('a body past the limit (1 MiB) is a coded 413, on the API and on the form', async () => {
    const big = validContact({ message: 'a'.repeat(MIB + 10) });
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: SAME_ORIGIN,
      payload: big,
    });
    expect(api.statusCode).toBe(413);
    expectCodedError(api, 'API 413');
    const page = await t.app.inject({
      method: 'POST',
      url: '/fi/pyyda-neuvoa',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: form.cookie,
        accept: 'text/html',
      },
      payload: encodeForm({ ...validForm(randomUUID(), form.token), message: 'a'.repeat(MIB + 10) }, []),
    });
    expect(page.statusCode).toBe(413);
    expectFormProblem(page, 'form 413');
    // just under the limit: a 400 that names the field
    const under = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: SAME_ORIGIN,
      payload: validContact({ message: 'a'.repeat(1_000_000) }),
    });
    expect(under.statusCode).toBe(400);
    expect(under.json()).toMatchObject({
      error: { code: 'request.invalid', fields: [{ field: 'message', code: 'request.too_long' }] },
    });
    await expectNothingWritten('413');
  });

  it(`generated ${totalOf(engine)} bad inputs on ${engine}`, () => {
    expect(generated[`${engine}/api`]).toBe(RUNS[engine].api);
    expect(generated[`${engine}/status`]).toBe(RUNS[engine].status);
    expect(generated[`${engine}/form`]).toBe(RUNS[engine].form);
  });

  describe('rate limits with the defaults', () => {
    let limited: TestApp['app'];
    beforeAll(async () => {
      limited = await buildApp(
        { ...testAppConfig, rateLimits: undefined },
        t.database,
        pino({ level: 'silent' }),
      );
    });
    afterAll(async () => limited?.close());

    const post = (remoteAddress: string, payload: unknown) =>
      limited.inject({
        method: 'POST',
        url: '/api/contacts',
        headers: SAME_ORIGIN,
        payload: payload as Json,
        remoteAddress,
      });

    it('a family that makes two mistakes and then sends is not blocked, on the API and on the form', async () => {
      const family = '10.0.0.1';
      expect((await post(family, validContact({ message: '' }))).statusCode).toBe(400);
      expect((await post(family, validContact({ replyChannel: 'phone' }))).statusCode).toBe(400);
      const sent = await post(family, validContact());
      expect(sent.statusCode, sent.body).toBe(201);

      const page = await limited.inject({
        url: '/fi/pyyda-neuvoa',
        headers: { accept: 'text/html' },
        remoteAddress: family,
      });
      const cookie = String(
        [page.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('_csrf=')),
      ).split(';')[0];
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const key = randomUUID();
      const send = (fields: Form) =>
        limited.inject({
          method: 'POST',
          url: '/fi/pyyda-neuvoa',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: cookie ?? '',
            accept: 'text/html',
          },
          payload: encodeForm(fields, []),
          remoteAddress: family,
        });
      expect((await send({ ...validForm(key, token), message: '' })).statusCode).toBe(400);
      expect((await send({ ...validForm(key, token), replyChannel: 'email' })).statusCode).toBe(400);
      const done = await send(validForm(key, token));
      expect(done.statusCode, done.body.slice(0, 300)).toBe(303);
    });

    it('a flood from one address gets a coded 429 (and writes nothing); another address is served', async () => {
      const flood = '10.0.0.2';
      const limit = DEFAULT_RATE_LIMITS.publicPost;
      for (let i = 0; i < limit; i++) {
        const res = await post(flood, validContact({ message: '' }));
        expect(res.statusCode, `request ${i + 1}`).toBe(400);
      }
      const counts = await countRows(t.database.db);
      const over = await post(flood, validContact());
      expect(over.statusCode).toBe(429);
      expectCodedError(over, '429');
      expect((over.json() as { error: { code: string } }).error.code).toBe('http.rate_limited');
      expect(await countRows(t.database.db)).toEqual(counts);
      const neighbour = await post('10.0.0.3', validContact());
      expect(neighbour.statusCode).toBe(201);
    });
  });
});

describe('the generated bad inputs in total', () => {
  it('are at least 1,000', () => {
    const total = Object.values(generated).reduce((a, b) => a + b, 0);
    console.log(`contacts-bad-input: ${total} generated bad inputs (${JSON.stringify(generated)})`);
    expect(total).toBe(ENGINES.reduce((sum, e) => sum + totalOf(e), 0));
    expect(total).toBeGreaterThanOrEqual(1000);
  });
});
