-- "Yhdessä aika" (capability 8, issue 12): one meeting where the family and the professionals of
-- several organisations sit down together, agree who does what, and meet again to follow up.
-- A meeting belongs to a contact (it is client data, kept in the contact's registry); its state
-- lives in one column:
--   requested (the family asked from its status page; no organiser yet)
--   → proposed (an organiser proposes 3–6 times and polls the participants)
--   → time_locked (the organiser chose a time) → invited (calendar invitations sent)
--   → held (the agenda and agreements recorded) → followed_up; and cancelled from any open state.
-- Every instant is stored in UTC (timestamptz) and shown in Europe/Helsinki.

-- The region's video service: a remote meeting's link must be an address of it (never a link
-- that carries client data). Null: the region offers no video service, meetings are in a place.
ALTER TABLE region ADD COLUMN video_service_url text
  CHECK (video_service_url IS NULL OR video_service_url ~ '^https://[^/?#@]+/');

CREATE TABLE meeting (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  contact_id uuid NOT NULL REFERENCES contact(id),
  -- the registry the meeting and its notes are kept in (the contact's)
  registry_organization_id uuid NOT NULL REFERENCES organization(id),
  state text NOT NULL CHECK (state IN
    ('requested', 'proposed', 'time_locked', 'invited', 'held', 'followed_up', 'cancelled')),
  requested_by text NOT NULL CHECK (requested_by IN ('family', 'staff')),
  -- the family's own words when they asked (what they wish to talk about)
  request_text text CHECK (request_text IS NULL OR length(request_text) <= 4000),
  -- the counsellor who organises it; null while a family's request waits for one
  organizer_id uuid REFERENCES staff_user(id),
  duration_minutes integer NOT NULL DEFAULT 90 CHECK (duration_minutes BETWEEN 15 AND 480),
  place_kind text CHECK (place_kind IN ('address', 'remote')),
  place_address text CHECK (place_address IS NULL OR length(place_address) <= 300),
  remote_url text CHECK (remote_url IS NULL OR remote_url ~ '^https://'),
  -- the time chosen from the proposed ones (slot), and its instants as the invitations carry them
  locked_slot_id uuid,
  starts_at timestamptz,
  ends_at timestamptz,
  -- the iCalendar identity: one UID for the meeting's life, SEQUENCE +1 on every change sent
  ical_uid text NOT NULL UNIQUE,
  ical_sequence integer NOT NULL DEFAULT 0 CHECK (ical_sequence >= 0),
  follow_up_on date,
  follow_up_reminded_at timestamptz,
  cancel_reason text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 1000),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (place_kind IS DISTINCT FROM 'address' OR place_address IS NOT NULL),
  CHECK (place_kind IS DISTINCT FROM 'remote' OR remote_url IS NOT NULL),
  CHECK (state IN ('requested', 'proposed', 'cancelled') OR (locked_slot_id IS NOT NULL AND starts_at IS NOT NULL)),
  CHECK (state IN ('requested', 'proposed', 'cancelled') OR place_kind IS NOT NULL),
  CHECK (state = 'requested' OR state = 'cancelled' OR organizer_id IS NOT NULL),
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX meeting_contact_idx ON meeting(contact_id, created_at);
CREATE INDEX meeting_region_state_idx ON meeting(region_id, state);
CREATE INDEX meeting_organizer_idx ON meeting(organizer_id) WHERE organizer_id IS NOT NULL;
-- the reminder job's look-up: held meetings whose follow-up is near and not yet reminded
CREATE INDEX meeting_follow_up_idx ON meeting(follow_up_on)
  WHERE state = 'held' AND follow_up_reminded_at IS NULL;
CREATE TRIGGER meeting_no_delete BEFORE DELETE ON meeting
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();

-- The times the organiser proposes (3–6 per meeting, checked by the feature).
CREATE TABLE meeting_slot (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meeting(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at),
  UNIQUE (meeting_id, starts_at)
);
ALTER TABLE meeting ADD CONSTRAINT meeting_locked_slot_fk
  FOREIGN KEY (locked_slot_id) REFERENCES meeting_slot(id);

-- Who is asked: the family (one, answering through its own private link or status page), staff
-- users and professionals of the network registry, and people of outside organisations by
-- e-mail (no account). Each has a private poll link; only the SHA-256 of its token is kept.
CREATE TABLE meeting_participant (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meeting(id),
  kind text NOT NULL CHECK (kind IN ('family', 'staff', 'external')),
  staff_user_id uuid REFERENCES staff_user(id),
  professional_id uuid REFERENCES professional(id),
  organization_id uuid REFERENCES organization(id),
  -- as the organiser sees them: "Maija Mallikas" and "Kuopion kaupunki, Jynkän koulu"
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  organization_name text CHECK (organization_name IS NULL OR length(organization_name) <= 200),
  -- where invitations go; null: no e-mail (the family follows it on its status page)
  email text CHECK (email IS NULL OR length(email) <= 254),
  language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en')),
  poll_token_hash text NOT NULL UNIQUE,
  -- the answer to the invitation (iCalendar PARTSTAT), from a mailed REPLY or the poll page
  partstat text NOT NULL DEFAULT 'NEEDS-ACTION'
    CHECK (partstat IN ('NEEDS-ACTION', 'ACCEPTED', 'TENTATIVE', 'DECLINED')),
  partstat_at timestamptz,
  -- the SEQUENCE of the last invitation sent to this participant (null: never invited)
  invited_sequence integer,
  added_at timestamptz NOT NULL,
  removed_at timestamptz,
  CHECK (kind <> 'staff' OR staff_user_id IS NOT NULL OR professional_id IS NOT NULL),
  CHECK (kind <> 'external' OR email IS NOT NULL)
);
CREATE INDEX meeting_participant_meeting_idx ON meeting_participant(meeting_id);
CREATE UNIQUE INDEX meeting_one_family_idx ON meeting_participant(meeting_id)
  WHERE kind = 'family' AND removed_at IS NULL;
CREATE INDEX meeting_participant_staff_idx ON meeting_participant(staff_user_id)
  WHERE staff_user_id IS NOT NULL AND removed_at IS NULL;

-- The poll: each participant's answer to each proposed time.
CREATE TABLE meeting_vote (
  participant_id uuid NOT NULL REFERENCES meeting_participant(id),
  slot_id uuid NOT NULL REFERENCES meeting_slot(id),
  answer text NOT NULL CHECK (answer IN ('yes', 'if_need_be', 'no')),
  answered_at timestamptz NOT NULL,
  PRIMARY KEY (participant_id, slot_id)
);
CREATE INDEX meeting_vote_slot_idx ON meeting_vote(slot_id);

-- What happened, append-only: requested, organised, proposed, participant_added,
-- participant_removed, voted, locked, invited, updated, replied, held, notes_recorded,
-- reminded, followed_up, cancelled.
CREATE TABLE meeting_event (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meeting(id),
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{2,40}$'),
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'family', 'participant', 'system')),
  staff_user_id uuid REFERENCES staff_user(id),
  participant_id uuid REFERENCES meeting_participant(id),
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX meeting_event_meeting_idx ON meeting_event(meeting_id, at);
CREATE TRIGGER meeting_event_append_only BEFORE UPDATE OR DELETE ON meeting_event
  FOR EACH ROW EXECUTE FUNCTION record_refuse_change();

-- The agenda, agreements (who does what by when) and follow-up date are record entries of the
-- contact (uniform recording): type 'meeting', content {meetingId, agenda, agreements, followUpOn}.
ALTER TABLE record_entry DROP CONSTRAINT record_entry_type_check;
ALTER TABLE record_entry ADD CONSTRAINT record_entry_type_check
  CHECK (type IN ('contact', 'mapping', 'advice', 'message', 'outcome', 'handoff', 'meeting'));
