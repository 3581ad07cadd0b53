-- One row per image call. Never image bytes; the prompt only when store_prompts_in_spend_logs is on.
CREATE TABLE ig_spend_log (
  request_id    TEXT PRIMARY KEY,
  start_time    BIGINT NOT NULL,
  end_time      BIGINT NOT NULL,
  key_id        TEXT,
  api_key       TEXT,
  key_alias     TEXT,
  user_id       TEXT,
  team_id       TEXT,
  end_user      TEXT,
  model_group   TEXT,
  deployment_id TEXT,
  provider      TEXT,
  n             INTEGER,
  size          TEXT,
  quality       TEXT,
  cost_nanos    BIGINT,
  input_tokens  BIGINT,
  output_tokens BIGINT,
  total_tokens  BIGINT,
  latency_ms    BIGINT NOT NULL,
  status        TEXT NOT NULL,
  error_type    TEXT,
  retries       INTEGER NOT NULL DEFAULT 0,
  fallbacks     INTEGER NOT NULL DEFAULT 0,
  prompt        TEXT,
  guardrails    TEXT
);

CREATE INDEX ig_spend_time ON ig_spend_log (start_time);
CREATE INDEX ig_spend_key ON ig_spend_log (key_id, start_time);
CREATE INDEX ig_spend_api_key ON ig_spend_log (api_key, start_time);
CREATE INDEX ig_spend_user ON ig_spend_log (user_id, start_time);
CREATE INDEX ig_spend_team ON ig_spend_log (team_id, start_time);
CREATE INDEX ig_spend_end_user ON ig_spend_log (end_user, start_time);
CREATE INDEX ig_spend_model ON ig_spend_log (model_group);
