-- Officials' accounts, console sessions, personal API tokens and the approval workflow's state (issue 4).
-- Times are epoch milliseconds, UTC. Secrets are stored only as SHA-256 digests or scrypt hashes.

-- One row per official (Điều 9, 13–17: accounts per agency and level, each acting only within its area).
CREATE TABLE accounts (
  id                   TEXT PRIMARY KEY,
  username             TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 32),
  display_name         TEXT NOT NULL CHECK (length(trim(display_name)) > 0),
  agency               TEXT NOT NULL DEFAULT '',
  area_code            TEXT NOT NULL REFERENCES areas (code) ON DELETE RESTRICT,
  -- The roles of hub/src/authz/roles.ts.
  role                 TEXT NOT NULL CHECK (role IN ('province_admin', 'editor', 'approver', 'district_officer',
                                                     'commune_officer', 'technician', 'viewer')),
  -- scrypt$logN$r$p$salt$key (hub/src/accounts/password-hash.ts).
  password_hash        TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  -- RFC 6238 secret, base32; the pending one waits for its first code before it replaces the active one.
  totp_secret          TEXT,
  totp_pending_secret  TEXT,
  -- The last time step accepted: a code is never accepted twice.
  totp_last_step       INTEGER,
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  -- Raised on every change of role or area: sessions issued before it are rotated.
  authz_version        INTEGER NOT NULL DEFAULT 1,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  password_changed_at  INTEGER
) STRICT;

CREATE INDEX accounts_area ON accounts (area_code);

-- Console sessions behind the __Host-tn_session cookie. The id itself is never stored.
CREATE TABLE sessions (
  id_digest     TEXT PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- The synchronizer CSRF token; useless without the HttpOnly cookie, so it may be read back by the console.
  csrf_token    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  authz_version INTEGER NOT NULL,
  -- Whether a TOTP code was given for this session.
  mfa           INTEGER NOT NULL CHECK (mfa IN (0, 1)),
  ip            TEXT,
  user_agent    TEXT
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_account ON sessions (account_id);

-- Personal API tokens for scripts: scoped to a subset of the owner's permissions, revocable, shown once.
CREATE TABLE api_tokens (
  id            TEXT PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
  secret_digest TEXT NOT NULL,
  permissions   TEXT NOT NULL CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER,
  last_used_at  INTEGER,
  revoked_at    INTEGER
) STRICT;

CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Per-area approval policy, stored only where an area overrides what it inherits (like operating windows).
CREATE TABLE approval_policies (
  area_code  TEXT PRIMARY KEY REFERENCES areas (code) ON DELETE CASCADE,
  policy     TEXT NOT NULL CHECK (json_valid(policy)),
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Approvals given so far for one submission of a bulletin (a rejection and a new submission start again).
CREATE TABLE approval_votes (
  bulletin_id TEXT NOT NULL REFERENCES bulletins (id) ON DELETE CASCADE,
  submission  INTEGER NOT NULL CHECK (submission >= 1),
  actor       TEXT NOT NULL,
  role        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (bulletin_id, submission, actor)
) STRICT, WITHOUT ROWID;

-- Sensitive bulletins go to the review body before publishing (Điều 14.5).
CREATE TABLE bulletin_sensitivity (
  bulletin_id TEXT PRIMARY KEY REFERENCES bulletins (id) ON DELETE CASCADE,
  sensitive   INTEGER NOT NULL CHECK (sensitive IN (0, 1)),
  marked_by   TEXT NOT NULL,
  at          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
