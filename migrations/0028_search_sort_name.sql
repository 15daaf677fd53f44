-- The catalogue search ranks its candidates from service_search alone (docs/search.md, "The
-- query"): each row carries its service's region (every public page searches one region's
-- services) and its name in the row's language for the order of equal scores, and only
-- active services have rows. Before, every search with many candidates joined
-- the service table for the name and the status: a third of its time on a 10,000-service
-- catalogue. refreshServiceSearch writes the rows of active services only; every change of a
-- service's status goes through it (admin.ts retireService, restoreService, the imports).
ALTER TABLE service_search ADD COLUMN sort_name text NOT NULL DEFAULT '';
ALTER TABLE service_search ADD COLUMN region_id uuid REFERENCES region(id);
UPDATE service_search ss SET sort_name = coalesce(s.name->>ss.lang, s.name->>'fi', ''), region_id = s.region_id
  FROM service s WHERE s.id = ss.service_id;
ALTER TABLE service_search ALTER COLUMN sort_name DROP DEFAULT;
ALTER TABLE service_search ALTER COLUMN region_id SET NOT NULL;
DELETE FROM service_search ss USING service s WHERE s.id = ss.service_id AND s.status <> 'active';
