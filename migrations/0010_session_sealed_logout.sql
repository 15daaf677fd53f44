-- Issue 10, finding 4: a session kept the identity provider's ID token in clear, and an ID
-- token may carry the personal identity code, the name and the e-mail address. A session now
-- keeps only what logout needs: the ID token (the id_token_hint of RP-initiated logout)
-- sealed with PERSONAL_DATA_KEY (AES-256-GCM), or nothing without that key.
-- A token kept in clear cannot be sealed here (the key is not in the database), so the
-- sessions that hold one end now: those users sign in again once.
DELETE FROM session WHERE id_token IS NOT NULL;
ALTER TABLE session DROP COLUMN id_token;
ALTER TABLE session ADD COLUMN id_token_sealed text;

-- The purge job (purgeEndedSessions) finds ended sessions by these (oidc_login has its own).
CREATE INDEX session_last_seen_idx ON session (last_seen_at);
CREATE INDEX session_created_idx ON session (created_at);
