-- The data-protection officer's search of the access log for one worker (the user filter, by
-- staff_user_id) had no index of its own: its count read every row of the log, its time growing
-- with the whole log (docs/scale.md, "Measured growth curves": 0.2 s at a region-year, 4.8 s at
-- 100). With this index both statements of the search read the index alone (the region and the
-- client are in it: the count's LEFT JOIN to client still asks for client_id), so the time
-- follows that worker's own rows. Rows without a staff actor (the public form, clients, the
-- system) are left out.
CREATE INDEX access_log_staff_user_idx ON access_log(staff_user_id, region_id, id) INCLUDE (client_id)
  WHERE staff_user_id IS NOT NULL;
