-- Rate-limit counters shared by every process on the database (issue 15, docs/operations.md
-- "Rate limits across processes"): one row per limit (the route) and client, its window
-- starting at the client's first request (as the in-memory counters did), counted up or
-- started anew by an atomic INSERT … ON CONFLICT DO UPDATE on each limited request. The client
-- is a keyed hash of its address, never the address; rows whose window has ended are removed
-- by the periodic purge of ended sessions (every 5 minutes). UNLOGGED: a counter is worth a
-- minute, so it is not written to the WAL (an upsert cost 3.8 ms on PostgreSQL with the commit's
-- WAL flush, 1.2 ms without); after a crash or on a promoted standby the counters start empty.
CREATE UNLOGGED TABLE rate_limit_counter (
  name text NOT NULL,
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (name, key)
);
CREATE INDEX rate_limit_counter_window_end ON rate_limit_counter (window_end);
