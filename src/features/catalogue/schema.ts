import { z } from 'zod';
import { type CatalogueFilters, CHANNELS, SERVICE_LANGUAGES } from './catalogue.ts';
import { MAX_QUERY_LENGTH } from './search.ts';

/** Forms send "" for "any": treat it as not given. */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
    z.array(item).max(20).optional(),
  );
const code = z.string().trim().max(60);

/** The filters of the public catalogue page (/:lang/services) and of the HSDS API. */
export const filterFields = {
  q: z.preprocess(blankToUndefined, z.string().trim().max(MAX_QUERY_LENGTH).optional()),
  municipality: z.preprocess(blankToUndefined, code.optional()),
  age: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(25).optional()),
  topic: list(code),
  type: list(code),
  channel: list(z.enum(CHANNELS)),
  language: z.preprocess(blankToUndefined, z.enum(SERVICE_LANGUAGES).optional()),
};

export const cataloguePageQuery = z.object({
  ...filterFields,
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10000).default(1)),
});
export type CataloguePageQuery = z.infer<typeof cataloguePageQuery>;

export function toFilters(q: {
  q?: string;
  municipality?: string;
  age?: number;
  topic?: string[];
  type?: string[];
  channel?: (typeof CHANNELS)[number][];
  language?: (typeof SERVICE_LANGUAGES)[number];
}): CatalogueFilters {
  return {
    text: q.q || undefined,
    municipality: q.municipality,
    age: q.age,
    topics: q.topic,
    serviceTypes: q.type,
    channels: q.channel,
    language: q.language,
  };
}

export const idParam = z.object({ id: z.string().uuid() });
