-- The shared metrics' summary tables (capability 13, docs/metrics.md "How the figures stay
-- fresh"). The metrics page reads only these small tables (and a few small live counts), so
-- a year of a million contacts answers in milliseconds. A refresh (every five minutes, after
-- a manager's "update now", or `npm run cli -- metrics refresh`) recomputes the months whose
-- contacts or handoffs changed since the last one. The rows hold counts only: no contact, no
-- person, no free text.

-- Working days as a running count: working_index(d) = working days from 1.1.2000 up to and
-- including d (Monday–Friday without Finnish public holidays and the two eves off, as the
-- contact clock counts them: src/platform/working-days.ts). The working days after a day up
-- to another are the difference of their indexes. Filled by the refresh for the years it needs.
CREATE TABLE work_calendar (
  day date PRIMARY KEY,
  working boolean NOT NULL,
  working_index integer NOT NULL
);

-- When each region's figures were last brought up to date; the next refresh looks at changes
-- after `watermark` (a few minutes before the last refresh began, so that a transaction that
-- committed late is not missed).
CREATE TABLE metric_refresh (
  region_id uuid PRIMARY KEY REFERENCES region(id),
  refreshed_at timestamptz NOT NULL,
  watermark timestamptz NOT NULL
);

-- Finding what changed since the last refresh; the handoffs of a month.
CREATE INDEX contact_region_updated_idx ON contact(region_id, updated_at);
CREATE INDEX handoff_region_updated_idx ON handoff(region_id, updated_at);
CREATE INDEX handoff_region_created_idx ON handoff(region_id, created_at);

-- Contacts by the month received (Europe/Helsinki). municipality_code '' = not told.
-- The time to the first response as a sparse histogram: response_counts[i] contacts were
-- first answered response_days[i] working days after the day of arrival (the day of arrival
-- is day 0); response_none: not answered yet.
CREATE TABLE metric_contact_month (
  region_id uuid NOT NULL REFERENCES region(id),
  month date NOT NULL,
  municipality_code text NOT NULL,
  channel text NOT NULL,
  contacter text NOT NULL,
  language text NOT NULL,
  contacts integer NOT NULL,
  -- answered, or past the promised day without an answer: the denominator of the promise
  promise_due integer NOT NULL,
  promise_met integer NOT NULL,
  response_days integer[] NOT NULL,
  response_counts integer[] NOT NULL,
  response_none integer NOT NULL,
  PRIMARY KEY (region_id, month, municipality_code, channel, contacter, language)
);

-- The many-valued breakdowns of contacts by the month received: facet 'topic' (a topic's
-- code) and 'age' (0–6, 7–12, 13–17; '' when no child's age was told).
CREATE TABLE metric_contact_facet_month (
  region_id uuid NOT NULL REFERENCES region(id),
  month date NOT NULL,
  municipality_code text NOT NULL,
  facet text NOT NULL CHECK (facet IN ('topic', 'age')),
  value text NOT NULL,
  contacts integer NOT NULL,
  PRIMARY KEY (region_id, month, municipality_code, facet, value)
);

-- Contacts by the month closed: closed, and closed as resolved without a handoff.
CREATE TABLE metric_closed_month (
  region_id uuid NOT NULL REFERENCES region(id),
  month date NOT NULL,
  municipality_code text NOT NULL,
  closed integer NOT NULL,
  one_contact integer NOT NULL,
  PRIMARY KEY (region_id, month, municipality_code)
);

-- Handoffs by the month started, the family's municipality, the receiving service, whether
-- the receiving unit is in another municipality, and the decline reason ('' none).
-- Working days from the start to the acceptance and to the first visit held, as sparse
-- histograms (…_days[i] working days: …_counts[i] handoffs).
CREATE TABLE metric_handoff_month (
  region_id uuid NOT NULL REFERENCES region(id),
  month date NOT NULL,
  municipality_code text NOT NULL,
  service_id uuid NOT NULL,
  cross_border boolean NOT NULL,
  decline_reason text NOT NULL,
  started integer NOT NULL,
  accepted integer NOT NULL,
  declined integer NOT NULL,
  expired integer NOT NULL,
  final_outcome integer NOT NULL,
  accept_days integer[] NOT NULL,
  accept_counts integer[] NOT NULL,
  visit_days integer[] NOT NULL,
  visit_counts integer[] NOT NULL,
  PRIMARY KEY (region_id, month, municipality_code, service_id, cross_border, decline_reason)
);

-- Handoffs to a unit in another municipality, by the methods its professionals are trained
-- in ('' when none is recorded): a handoff counts once under each of its unit's methods.
CREATE TABLE metric_cross_border_method_month (
  region_id uuid NOT NULL REFERENCES region(id),
  month date NOT NULL,
  municipality_code text NOT NULL,
  method_code text NOT NULL,
  handoffs integer NOT NULL,
  PRIMARY KEY (region_id, month, municipality_code, method_code)
);

-- Unique families contacting, per year and municipality, grouped by the months they
-- contacted in (a 12-bit mask, January = bit 0): the families of any run of months of the
-- year are the sum over the masks that meet it, exactly, without keeping who they were.
-- A family: the signed-in client; else the reply e-mail or phone; else the contact itself.
CREATE TABLE metric_family_year (
  region_id uuid NOT NULL REFERENCES region(id),
  year integer NOT NULL,
  municipality_code text NOT NULL,
  months integer NOT NULL CHECK (months BETWEEN 1 AND 4095),
  families integer NOT NULL,
  PRIMARY KEY (region_id, year, municipality_code, months)
);

-- What was past its promise at the refresh, by the family's municipality: open contacts not
-- answered by their promised day, and handoffs not answered by theirs. Counted by the refresh
-- (not on each page view: the open contacts of a large region are many pages of the table).
CREATE TABLE metric_past_promise (
  region_id uuid NOT NULL REFERENCES region(id),
  municipality_code text NOT NULL,
  contacts integer NOT NULL,
  handoffs integer NOT NULL,
  PRIMARY KEY (region_id, municipality_code)
);
