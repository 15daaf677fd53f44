import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HsdsSchemaName } from '../src/features/catalogue/hsds-validator.ts';
import { validateHsds } from '../src/features/catalogue/hsds-validator.ts';
import { termId } from '../src/features/catalogue/seed.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

interface Page {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Record<string, unknown>[];
}
interface ApiError {
  error: { code: string; message: string; fields: { field: string; code: string }[] };
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe.each(ENGINES)('the HSDS API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
  });
  afterAll(async () => t?.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { accept: 'application/json' } });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).not.toBe(500);
    return res;
  };
  const ok = async <T = Page>(url: string): Promise<T> => {
    const res = await get(url);
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json() as T;
  };
  /** A page of the standard: the Page fields, and every item against the item schema. */
  const page = async (url: string, item: HsdsSchemaName): Promise<Page> => {
    const body = await ok(url);
    expect(validateHsds('page', body), url).toEqual([]);
    body.contents.forEach((x, i) => {
      expect(validateHsds(item, x), `${url} contents/${i}`).toEqual([]);
    });
    return body;
  };
  const fails = async (url: string, status: number, code: string) => {
    const res = await get(url);
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(status);
    expect((res.json() as ApiError).error.code, url).toBe(code);
    return res.json() as ApiError;
  };
  const firstId = async (list: string) => String((await ok(`/api/hsds/${list}?per_page=1`)).contents[0]?.id);

  describe('every response follows HSDS 3.0', () => {
    it('/services: one-to-one fields, fully nested with full=true, and minimal', async () => {
      const basic = await page('/api/hsds/services?per_page=100', 'compiled/service_list');
      expect(basic.total_items).toBeGreaterThan(100);
      expect(basic.contents[0]).toHaveProperty('organization');
      expect(basic.contents[0]).not.toHaveProperty('phones');
      const full = await page('/api/hsds/services?per_page=100&page=2&full=true', 'service');
      expect(full.contents[0]).toHaveProperty('service_areas');
      const minimal = await page('/api/hsds/services?per_page=100&minimal=true', 'service');
      expect(Object.keys(minimal.contents[0] ?? {}).sort()).toEqual([
        'id',
        'last_modified',
        'name',
        'status',
      ]);
    });

    it('/services/{id}: fully nested, with locations, areas, languages and linked terms', async () => {
      const services = await ok('/api/hsds/services?per_page=100&full=true');
      const withLocation = services.contents.find((s) => (s.service_at_locations as unknown[]).length > 0);
      const service = await ok<Record<string, unknown>>(`/api/hsds/services/${withLocation?.id}?lang=en`);
      expect(validateHsds('service', service)).toEqual([]);
      const sal = (service.service_at_locations as { location: { addresses: { country: string }[] } }[])[0];
      expect(sal?.location.addresses[0]?.country).toBe('FI');
      const attributes = service.attributes as { taxonomy_term?: { taxonomy: string } }[];
      expect(attributes.some((a) => a.taxonomy_term?.taxonomy === 'service_type')).toBe(true);
    });

    it('/organizations and /organizations/{id}', async () => {
      await page('/api/hsds/organizations?per_page=100', 'compiled/organization_list');
      const full = await page(
        '/api/hsds/organizations?per_page=5&full=true&full_service=true',
        'organization',
      );
      const organization = await ok<Record<string, unknown>>(
        `/api/hsds/organizations/${full.contents[0]?.id}`,
      );
      expect(validateHsds('organization', organization)).toEqual([]);
      const services = organization.services as unknown[];
      for (const s of services) expect(validateHsds('service', s)).toEqual([]);
    });

    it('/taxonomies, /taxonomy_terms and their details', async () => {
      const taxonomies = await page('/api/hsds/taxonomies', 'taxonomy');
      expect(taxonomies.total_items).toBe(4);
      const taxonomy = await ok(`/api/hsds/taxonomies/${taxonomies.contents[0]?.id}`);
      expect(validateHsds('taxonomy', taxonomy)).toEqual([]);
      const terms = await page('/api/hsds/taxonomy_terms?per_page=100', 'taxonomy_term');
      expect(terms.total_items).toBeGreaterThan(50);
      const term = await ok(`/api/hsds/taxonomy_terms/${terms.contents[0]?.id}?lang=sv`);
      expect(validateHsds('taxonomy_term', term)).toEqual([]);
    });

    it('/service_at_locations and /service_at_locations/{id}', async () => {
      await page('/api/hsds/service_at_locations?per_page=100', 'compiled/service_at_location_list');
      const full = await page('/api/hsds/service_at_locations?per_page=10&full=true', 'service_at_location');
      const one = await ok(`/api/hsds/service_at_locations/${full.contents[0]?.id}`);
      expect(validateHsds('service_at_location', one)).toEqual([]);
      expect(one).toHaveProperty('location.addresses');
      expect(one).toHaveProperty('service.name');
    });
  });

  describe('languages, search and filters', () => {
    it('gives the texts in the language asked for, Finnish where there is no translation', async () => {
      const fi = await ok('/api/hsds/services?search=neuvola&per_page=100');
      const sv = await ok('/api/hsds/services?search=neuvola&per_page=100&lang=sv');
      const names = (p: Page) => new Map(p.contents.map((s) => [s.id, s.name]));
      const svNames = names(sv);
      expect(
        [...names(fi)].some(([id, name]) => svNames.get(id) !== undefined && svNames.get(id) !== name),
      ).toBe(true);
    });

    it('orders a search by relevance', async () => {
      const result = await ok('/api/hsds/services?search=perheneuvola');
      expect(result.total_items).toBeGreaterThan(0);
      expect(String(result.contents[0]?.name).toLowerCase()).toContain('perheneuvola');
    });

    it('filters by municipality, age, topic, service type, channel, language and organization', async () => {
      const all = (await ok('/api/hsds/services?per_page=1')).total_items;
      for (const query of [
        'municipality=297',
        'age=15',
        'topic=UNI',
        'service_type=PERHENEUVOLA',
        'channel=chat',
        'language=sv',
      ]) {
        const filtered = await ok(`/api/hsds/services?per_page=1&${query}`);
        expect(filtered.total_items, query).toBeGreaterThan(0);
        expect(filtered.total_items, query).toBeLessThan(all);
      }
      const organizationId = await firstId('organizations');
      const ofOrganization = await ok(`/api/hsds/services?per_page=100&organization_id=${organizationId}`);
      expect(ofOrganization.contents.every((s) => s.organization_id === organizationId)).toBe(true);
    });

    it('filters by taxonomy term, taxonomy and modification time', async () => {
      const term = termId('service_type', 'PERHENEUVOLA');
      const byTerm = await ok(`/api/hsds/services?taxonomy_term_id=${term}`);
      expect(byTerm.total_items).toBeGreaterThan(0);
      const byType = await ok('/api/hsds/services?service_type=PERHENEUVOLA');
      expect(byTerm.total_items).toBe(byType.total_items);
      const taxonomies = await ok('/api/hsds/taxonomies');
      const topic = taxonomies.contents.find((x) => x.name === 'Aiheet');
      expect((await ok(`/api/hsds/services?taxonomy_id=${topic?.id}`)).total_items).toBeGreaterThan(0);
      const past = await ok('/api/hsds/services?modified_after=2000-01-01T00:00:00Z');
      expect(past.empty).toBe(false);
      const future = await ok('/api/hsds/services?modified_after=2999-01-01T00:00:00%2B02:00');
      expect(future).toMatchObject({ total_items: 0, empty: true, contents: [] });
      const terms = await ok(`/api/hsds/taxonomy_terms?taxonomy_id=${topic?.id}&per_page=100&top_only=true`);
      expect(terms.contents.every((x) => x.taxonomy_id === topic?.id)).toBe(true);
    });

    it('pages with the standard Page fields', async () => {
      const second = await ok('/api/hsds/organizations?per_page=5&page=2');
      expect(second).toMatchObject({ page_number: 2, size: 5, first_page: false, empty: false });
      const last = await ok(`/api/hsds/organizations?per_page=5&page=${second.total_pages}`);
      expect(last.last_page).toBe(true);
    });
  });

  describe('wrong input is answered with a status and a code, never 500', () => {
    it('an unknown filter value is 400 catalogue.unknown_filter_value', async () => {
      await fails('/api/hsds/services?municipality=999', 400, 'catalogue.unknown_filter_value');
      await fails('/api/hsds/services?topic=NOPE', 400, 'catalogue.unknown_filter_value');
      await fails(`/api/hsds/services?organization_id=${UNKNOWN_ID}`, 400, 'catalogue.unknown_filter_value');
      await fails(`/api/hsds/services?taxonomy_term_id=${UNKNOWN_ID}`, 400, 'catalogue.unknown_filter_value');
      await fails('/api/hsds/service_at_locations?service_type=NOPE', 400, 'catalogue.unknown_filter_value');
      await fails(
        `/api/hsds/taxonomy_terms?taxonomy_id=${UNKNOWN_ID}`,
        400,
        'catalogue.unknown_filter_value',
      );
    });

    it('a page past the end is 404 catalogue.page_out_of_range', async () => {
      for (const list of [
        'services',
        'organizations',
        'taxonomies',
        'taxonomy_terms',
        'service_at_locations',
      ]) {
        await fails(`/api/hsds/${list}?page=9999`, 404, 'catalogue.page_out_of_range');
      }
    });

    it('a 10,000-character search is 400 request.too_long', async () => {
      const body = await fails(`/api/hsds/services?search=${'a'.repeat(10_000)}`, 400, 'request.invalid');
      expect(body.error.fields).toEqual([
        expect.objectContaining({ field: 'search', code: 'request.too_long' }),
      ]);
    });

    it('a malformed value is 400 with the field and its code', async () => {
      const cases: [string, string, string][] = [
        ['/api/hsds/services?per_page=0', 'per_page', 'request.out_of_range'],
        ['/api/hsds/services?per_page=1000', 'per_page', 'request.out_of_range'],
        ['/api/hsds/services?page=abc', 'page', 'request.not_a_number'],
        ['/api/hsds/services?modified_after=yesterday', 'modified_after', 'request.invalid_date'],
        ['/api/hsds/services?organization_id=123', 'organization_id', 'request.invalid_id'],
        ['/api/hsds/services?taxonomy_term_id=123', 'taxonomy_term_id.0', 'request.invalid_id'],
        ['/api/hsds/services?lang=de', 'lang', 'request.invalid_value'],
        ['/api/hsds/services?full=maybe', 'full', 'request.invalid_value'],
        ['/api/hsds/services?age=-1', 'age', 'request.out_of_range'],
        ['/api/hsds/taxonomy_terms?parent_id=x', 'parent_id', 'request.invalid_id'],
      ];
      for (const [url, field, code] of cases) {
        const body = await fails(url, 400, 'request.invalid');
        expect(body.error.fields, url).toEqual([expect.objectContaining({ field, code })]);
      }
    });

    it('an unknown or malformed id is 404 with the kind of thing not found', async () => {
      for (const [path, code] of [
        ['services', 'catalogue.service_not_found'],
        ['organizations', 'catalogue.organization_not_found'],
        ['taxonomies', 'catalogue.taxonomy_not_found'],
        ['taxonomy_terms', 'catalogue.taxonomy_term_not_found'],
        ['service_at_locations', 'catalogue.service_at_location_not_found'],
      ]) {
        await fails(`/api/hsds/${path}/${UNKNOWN_ID}`, 404, code as string);
        await fails(`/api/hsds/${path}/not-a-uuid`, 404, code as string);
      }
    });
  });

  it('shows only active services', async () => {
    const service = (await ok('/api/hsds/service_at_locations?per_page=1')).contents[0] as {
      id: string;
      service_id: string;
    };
    const before = (await ok('/api/hsds/services?per_page=1')).total_items;
    await t.database.db
      .updateTable('service')
      .set({ status: 'inactive' })
      .where('id', '=', service.service_id)
      .execute();
    try {
      await fails(`/api/hsds/services/${service.service_id}`, 404, 'catalogue.service_not_found');
      await fails(
        `/api/hsds/service_at_locations/${service.id}`,
        404,
        'catalogue.service_at_location_not_found',
      );
      expect((await ok('/api/hsds/services?per_page=1')).total_items).toBe(before - 1);
    } finally {
      await t.database.db
        .updateTable('service')
        .set({ status: 'active' })
        .where('id', '=', service.service_id)
        .execute();
    }
  });

  it('lists every HSDS route in /api/openapi.json with a summary and its parameters', async () => {
    const doc = await ok<{
      paths: Record<string, { get: { summary?: string; tags?: string[]; parameters?: unknown[] } }>;
    }>('/api/openapi.json');
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/hsds'));
    expect(paths.sort()).toEqual(
      [
        '/api/hsds/',
        '/api/hsds/organizations',
        '/api/hsds/organizations/{id}',
        '/api/hsds/service_at_locations',
        '/api/hsds/service_at_locations/{id}',
        '/api/hsds/services',
        '/api/hsds/services/{id}',
        '/api/hsds/taxonomies',
        '/api/hsds/taxonomies/{id}',
        '/api/hsds/taxonomy_terms',
        '/api/hsds/taxonomy_terms/{id}',
      ].sort(),
    );
    for (const path of paths) {
      expect(doc.paths[path]?.get.summary, path).toBeTruthy();
      expect(doc.paths[path]?.get.tags, path).toEqual(['HSDS']);
    }
    expect(doc.paths['/api/hsds/services']?.get.parameters?.length).toBeGreaterThan(10);
  });
});
