-- A sign-in in progress at an OpenID Connect provider: the state, nonce and PKCE verifier
-- stay on the server (never in the browser), bound to the browser by the hash of a random
-- cookie token, used once, and valid for ten minutes (platform/auth/oidc.ts).
CREATE TABLE oidc_login (
  state text PRIMARY KEY,
  browser_hash text NOT NULL,
  provider text NOT NULL CHECK (provider IN ('staff', 'client')),
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  lang text NOT NULL,
  -- a local path to return to after sign-in (the page that asked for it)
  return_to text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oidc_login_created_idx ON oidc_login(created_at);
