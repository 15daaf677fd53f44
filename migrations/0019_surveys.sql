-- Surveys (capability 12, the second half of issue 13): a manager builds a survey for clients
-- or partner professionals, publishes it as a public link or sends it through the outbox, and
-- reads the results with the metrics' small-count protection.
--
-- Anonymity: a response has a random id, the language and the day it came (no finer time), and
-- nothing of who gave it. An invitation is a hashed token per e-mailed recipient with a used
-- flag; the recipient's address goes only into the outbox (cleared there after sending), and no
-- invitation names its response.

CREATE TABLE survey (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region(id),
  audience text NOT NULL CHECK (audience IN ('clients', 'professionals')),
  -- {fi, sv?, en?}: Finnish is required
  title jsonb NOT NULL CHECK (jsonb_typeof(title) = 'object' AND coalesce(title->>'fi', '') <> ''),
  intro jsonb NOT NULL DEFAULT '{"fi": ""}'::jsonb CHECK (jsonb_typeof(intro) = 'object'),
  -- days on Europe/Helsinki's calendar, both included
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'closed')),
  -- the public link's key, given when the survey is published
  public_token text UNIQUE,
  created_by uuid NOT NULL REFERENCES staff_user(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_on >= opens_on),
  CHECK (state = 'draft' OR public_token IS NOT NULL)
);
CREATE INDEX survey_region_idx ON survey(region_id, created_at DESC);

CREATE TABLE survey_question (
  id uuid PRIMARY KEY,
  survey_id uuid NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 1),
  kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'scale', 'text')),
  text jsonb NOT NULL CHECK (jsonb_typeof(text) = 'object' AND coalesce(text->>'fi', '') <> ''),
  -- [{fi, sv?, en?}]: 2–20 for a choice question, none for the others
  options jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (
    jsonb_typeof(options) = 'array' AND (
      (kind IN ('single', 'multiple') AND jsonb_array_length(options) BETWEEN 2 AND 20)
      OR (kind IN ('scale', 'text') AND jsonb_array_length(options) = 0))),
  required boolean NOT NULL DEFAULT false
);
CREATE INDEX survey_question_survey_idx ON survey_question(survey_id, position);

-- One answer to a survey: no respondent, no time finer than the day.
CREATE TABLE survey_response (
  id uuid PRIMARY KEY,
  survey_id uuid NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  answered_on date NOT NULL
);
CREATE INDEX survey_response_survey_idx ON survey_response(survey_id);

-- The answer to one question: the chosen option indexes (0-based), the scale value or the text.
CREATE TABLE survey_answer (
  response_id uuid NOT NULL REFERENCES survey_response(id) ON DELETE CASCADE,
  question_id uuid NOT NULL REFERENCES survey_question(id) ON DELETE CASCADE,
  choices integer[],
  scale integer CHECK (scale BETWEEN 1 AND 5),
  text text CHECK (char_length(text) <= 2000),
  PRIMARY KEY (response_id, question_id),
  CHECK (num_nonnulls(choices, scale, text) = 1)
);
CREATE INDEX survey_answer_question_idx ON survey_answer(question_id);

-- A personal link e-mailed to one recipient: answers once. Only the token's hash is kept.
CREATE TABLE survey_invitation (
  id uuid PRIMARY KEY,
  survey_id uuid NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  used boolean NOT NULL DEFAULT false
);
CREATE INDEX survey_invitation_survey_idx ON survey_invitation(survey_id);
