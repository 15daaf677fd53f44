-- Scheduled jobs across processes (issue 15, docs/jobs.md, decision 0018): one row per job.
-- A process claims a due job with one conditional UPDATE (next_due_at <= now() and no live
-- lease) that sets locked_by and lease_until; it renews the lease while the job runs and, when
-- done, clears it and sets the next due time. A process that dies leaves its lease to run out.
-- last_error holds the error's name and code only (never its message: it may carry personal
-- data); failures counts the failed runs since the last good one (the retry's backoff).
CREATE TABLE scheduled_job (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
  next_due_at timestamptz NOT NULL,
  locked_by text,
  lease_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text CHECK (last_error IS NULL OR length(last_error) <= 200),
  failures integer NOT NULL DEFAULT 0,
  run_count integer NOT NULL DEFAULT 0,
  CHECK ((locked_by IS NULL) = (lease_until IS NULL))
);
