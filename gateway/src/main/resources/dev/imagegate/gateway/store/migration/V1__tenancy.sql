-- Portable SQL: the same file runs on SQLite and PostgreSQL. Money is BIGINT nano-USD (1e-9 USD), exact on both;
-- times are BIGINT epoch milliseconds; booleans are INTEGER 0/1; lists and objects are JSON text.

CREATE TABLE ig_team (
  team_id             TEXT PRIMARY KEY,
  team_alias          TEXT,
  models              TEXT NOT NULL,
  max_budget_nanos    BIGINT,
  budget_duration     TEXT,
  budget_period_start BIGINT,
  budget_reset_at     BIGINT,
  rpm_limit           INTEGER,
  metadata            TEXT NOT NULL,
  blocked             INTEGER NOT NULL DEFAULT 0,
  spend_nanos         BIGINT NOT NULL DEFAULT 0,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL
);

CREATE TABLE ig_user (
  user_id             TEXT PRIMARY KEY,
  user_alias          TEXT,
  user_email          TEXT,
  user_role           TEXT,
  models              TEXT NOT NULL,
  max_budget_nanos    BIGINT,
  budget_duration     TEXT,
  budget_period_start BIGINT,
  budget_reset_at     BIGINT,
  metadata            TEXT NOT NULL,
  spend_nanos         BIGINT NOT NULL DEFAULT 0,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL
);

CREATE TABLE ig_end_user (
  user_id             TEXT PRIMARY KEY,
  alias               TEXT,
  max_budget_nanos    BIGINT,
  budget_duration     TEXT,
  budget_period_start BIGINT,
  budget_reset_at     BIGINT,
  blocked             INTEGER NOT NULL DEFAULT 0,
  spend_nanos         BIGINT NOT NULL DEFAULT 0,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL
);

CREATE TABLE ig_key (
  key_id                TEXT PRIMARY KEY,
  token                 TEXT NOT NULL UNIQUE,
  key_name              TEXT NOT NULL,
  key_alias             TEXT UNIQUE,
  models                TEXT NOT NULL,
  expires_at            BIGINT,
  max_budget_nanos      BIGINT,
  budget_duration       TEXT,
  budget_period_start   BIGINT,
  budget_reset_at       BIGINT,
  rpm_limit             INTEGER,
  max_parallel_requests INTEGER,
  user_id               TEXT,
  team_id               TEXT,
  metadata              TEXT NOT NULL,
  tags                  TEXT NOT NULL,
  guardrails            TEXT NOT NULL,
  blocked               INTEGER NOT NULL DEFAULT 0,
  spend_nanos           BIGINT NOT NULL DEFAULT 0,
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL
);

CREATE INDEX ig_key_user ON ig_key (user_id);
CREATE INDEX ig_key_team ON ig_key (team_id);
