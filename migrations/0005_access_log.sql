-- The access log (capability 11; 703/2023 §11: a client may know who has read their data).
-- One row for every access to client data, written by platform/access in the same
-- transaction as the access. Append-only: the database refuses UPDATE, DELETE and TRUNCATE,
-- except the retention job's DELETE through remove_expired_access_log(). Hash-chained: each
-- row's hash is sha256(prev_hash || canonical content), computed by platform/access/log.ts.
-- The chain is striped into 8 independent chains (shards), each with its own head: a writer
-- locks one head until it commits, so eight writers can commit at once (one head would
-- serialise every client-data transaction, fsync included). A connection always writes to
-- the shard of its backend pid, so a transaction never waits for a second head.
-- No foreign keys: the log outlives the users, clients and organisations it names.

CREATE SEQUENCE access_log_id_seq;
CREATE TABLE access_log (
  -- the order of writing (across shards); taken while the shard's head is locked
  id bigint PRIMARY KEY,
  shard smallint NOT NULL,
  -- gapless within the shard: the writer takes the next one under the head's row lock
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'client', 'system')),
  staff_user_id uuid,
  actor_client_id uuid,
  -- names as they were at the time of the access
  actor_name text NOT NULL,
  organization_id uuid,
  organization_name text,
  role text,
  -- the region whose data-protection officer sees the row
  region_id uuid,
  -- whose data (null for rows about the log itself)
  client_id uuid,
  action text NOT NULL CHECK (action IN ('read', 'create', 'update', 'delete', 'export', 'denied', 'retention')),
  resource_type text NOT NULL,
  resource_id text,
  reason text,
  break_glass boolean NOT NULL DEFAULT false,
  -- the organisation (registry controller) whose record was accessed
  registry_organization_id uuid,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (shard, seq)
);
CREATE INDEX access_log_client_idx ON access_log(client_id, id);
CREATE INDEX access_log_region_idx ON access_log(region_id, id);
CREATE INDEX access_log_at_idx ON access_log(at);

-- The head of each shard's chain: its row lock serialises that shard's writers, so the chain
-- cannot fork. anchor_*: where verification starts after retention removed the oldest rows.
CREATE TABLE access_log_chain (
  shard smallint PRIMARY KEY CHECK (shard BETWEEN 0 AND 7),
  last_seq bigint NOT NULL,
  last_hash text NOT NULL,
  anchor_seq bigint NOT NULL,
  anchor_prev_hash text NOT NULL
);
INSERT INTO access_log_chain (shard, last_seq, last_hash, anchor_seq, anchor_prev_hash)
SELECT s, 0, repeat('0', 64), 1, repeat('0', 64) FROM generate_series(0, 7) AS s;

CREATE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('perheverkko.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();

-- The only way rows leave the log: the retention job (platform/access/retention.ts), which
-- has already appended a 'retention' row naming what it removes, in the same transaction.
-- Removes the prefix of one shard's chain up to and including up_to_seq, and moves its anchor.
-- In production the application role gets EXECUTE on this function and no DELETE on the table
-- (the function then runs as SECURITY DEFINER of the owner); see docs/security.md.
CREATE FUNCTION remove_expired_access_log(in_shard smallint, up_to_seq bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  removed bigint;
  last_removed_hash text;
BEGIN
  SELECT hash INTO last_removed_hash FROM access_log WHERE shard = in_shard AND seq = up_to_seq;
  IF last_removed_hash IS NULL THEN
    RAISE EXCEPTION 'access_log row %/% does not exist', in_shard, up_to_seq;
  END IF;
  PERFORM set_config('perheverkko.retention', 'on', true);
  DELETE FROM access_log WHERE shard = in_shard AND seq <= up_to_seq;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('perheverkko.retention', 'off', true);
  UPDATE access_log_chain SET anchor_seq = up_to_seq + 1, anchor_prev_hash = last_removed_hash
  WHERE shard = in_shard;
  RETURN removed;
END;
$$;
