-- The first-line table of a region (issue 14, part 2; docs/routing.md): for every topic × age
-- band, the service types that are the first help, the second line and the urgent route, and
-- the law or guidance each row rests on. Shipped as data/seed/reference/first-line.csv; a
-- region's rows are filled from it at first use (and a topic added later gets its shipped rows
-- then), after which the region's administrators edit them on /{lang}/staff/admin/first-line.
-- Codes only: no client data.

CREATE TABLE first_line (
  region_id uuid NOT NULL REFERENCES region(id) ON DELETE CASCADE,
  topic_code text NOT NULL,
  band text NOT NULL CHECK (band IN ('0-6', '7-12', '13-17', 'parent')),
  -- service-type codes (data/seed/reference/service-types.csv), in order
  first_help text[] NOT NULL CHECK (cardinality(first_help) > 0),
  second_line text[] NOT NULL DEFAULT '{}',
  urgent_route text[] NOT NULL DEFAULT '{}',
  source text NOT NULL CHECK (source <> ''),
  -- child protection is only ever an urgent route (lastensuojelulaki 417/2007 §§ 25–27)
  CHECK (NOT ('LASTENSUOJELU' = ANY(first_help)) AND NOT ('LASTENSUOJELU' = ANY(second_line))),
  -- optimistic locking of the administrator's form; 1 = as shipped
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- who changed it last (null: as shipped)
  updated_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  PRIMARY KEY (region_id, topic_code, band)
);
