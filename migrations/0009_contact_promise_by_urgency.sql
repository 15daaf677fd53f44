-- The first-response promise by urgency and the duty alert (issue 10, finding 1).

-- The region's promise rules for urgent and emergency contacts, validated by
-- promiseRulesSchema (src/features/contacts/promise.ts): office hours, the same-day limit of
-- urgent contacts and which urgencies alert the counsellor on duty. Missing keys take the
-- defaults, so '{}' is a complete and sensible rule set. The normal promise stays in
-- first_response_working_days.
ALTER TABLE region ADD COLUMN contact_promise jsonb NOT NULL DEFAULT '{}'::jsonb
  CHECK (jsonb_typeof(contact_promise) = 'object');

-- The work mobile a counsellor on duty is alerted at by SMS (staff data, from the staff
-- directory; the e-mail address is staff_user.email).
ALTER TABLE staff_user ADD COLUMN work_phone text;
