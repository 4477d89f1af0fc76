-- The tamper-evident audit log (issue 4): every state change by a person or a device command, who, what, when, from
-- where, before and after. Each row's hash covers its own fields and the previous row's hash, so altering or removing
-- a row breaks every link after it (hub/src/audit/verify-audit.ts). AUTOINCREMENT keeps sqlite_sequence at the highest
-- seq ever issued, which also exposes a removed tail.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL CHECK (length(actor) > 0),
  actor_ip  TEXT,
  action    TEXT NOT NULL CHECK (length(action) > 0),
  target    TEXT,
  area      TEXT,
  before    TEXT CHECK (before IS NULL OR json_valid(before)),
  after     TEXT CHECK (after IS NULL OR json_valid(after)),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX audit_log_area_at ON audit_log (area, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- Append-only for the hub itself. Someone with the sqlite3 shell can drop these; the hash chain then shows it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
