-- Budgets and rate limits counted for every gateway sharing the database (used when no Redis is configured).
-- One spend counter per account (key:<id>, team:<id>, user:<id>, end_user:<id>) and budget period (-1: no period).
CREATE TABLE ig_limit_spend (
  account     TEXT NOT NULL,
  period      BIGINT NOT NULL,
  spent_nanos BIGINT NOT NULL,
  PRIMARY KEY (account, period)
);

-- Calls in flight: what each reserved, until it is settled or expires (a crashed gateway's).
CREATE TABLE ig_limit_hold (
  account      TEXT NOT NULL,
  reservation  TEXT NOT NULL,
  amount_nanos BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (account, reservation)
);

-- rpm_limit's sliding log: admission times of the last 60 s.
CREATE TABLE ig_limit_rate (
  account     TEXT NOT NULL,
  reservation TEXT NOT NULL,
  admitted_at BIGINT NOT NULL,
  PRIMARY KEY (account, reservation)
);
