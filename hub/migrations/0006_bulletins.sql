-- Bulletins (bản tin) and their life cycle (design.md: draft → submitted → approved → published → expired | recalled).
-- 'expired' is never stored: a published bulletin whose valid_until has passed reads as expired (computed on read, so
-- no sweeper has to run and no row can claim to be live after its time). Times are epoch milliseconds, UTC.
CREATE TABLE bulletins (
  id                   TEXT PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 64),
  revision             INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  title                TEXT NOT NULL CHECK (length(trim(title)) > 0),
  summary              TEXT,
  author               TEXT,
  source               TEXT,
  priority             TEXT NOT NULL CHECK (priority IN ('emergency', 'priority', 'normal')),
  mode                 TEXT NOT NULL CHECK (mode IN ('live', 'test')),
  origin_area          TEXT NOT NULL REFERENCES areas (code) ON DELETE RESTRICT,
  -- Điều 8.2 orders priority bulletins province → district → commune: the level is the origin's depth in the tree.
  origin_depth         INTEGER NOT NULL CHECK (origin_depth BETWEEN 0 AND 7),
  target_areas         TEXT NOT NULL CHECK (json_valid(target_areas) AND json_type(target_areas) = 'array'),
  -- The content as authored (media by SHA-256, TTS as text); what devices receive is resolved_content.
  content              TEXT NOT NULL CHECK (json_valid(content)),
  resolved_content     TEXT CHECK (resolved_content IS NULL OR json_valid(resolved_content)),
  schedule             TEXT NOT NULL CHECK (json_valid(schedule)),
  repeat_count         INTEGER NOT NULL DEFAULT 1 CHECK (repeat_count BETWEEN 1 AND 50),
  valid_from           INTEGER NOT NULL,
  valid_until          INTEGER NOT NULL CHECK (valid_until > valid_from),
  state                TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'published', 'recalled')),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  published_at         INTEGER,
  recalled_at          INTEGER,
  recall_reason        TEXT,
  -- An emergency relayed from the central system (Điều 8.1, 11.5): the signed envelope it arrived in.
  upstream_envelope_id TEXT UNIQUE,
  -- Nothing leaves the draft stage without content a device can play.
  CHECK (state = 'draft' OR resolved_content IS NOT NULL)
) STRICT;

CREATE INDEX bulletins_state ON bulletins (state, valid_until);
CREATE INDEX bulletins_updated ON bulletins (updated_at);

-- Every transition, in order: the seed of the tamper-evident audit log that comes with accounts.
CREATE TABLE bulletin_transitions (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  bulletin_id TEXT NOT NULL REFERENCES bulletins (id) ON DELETE RESTRICT,
  action      TEXT NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL CHECK (length(actor) > 0),
  reason      TEXT
) STRICT;

CREATE INDEX bulletin_transitions_bulletin ON bulletin_transitions (bulletin_id, seq);

-- Commune choices (Điều 8.2: order of priority bulletins; Điều 8.3: which normal bulletins play, and when).
CREATE TABLE programme_selections (
  area_code   TEXT NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  bulletin_id TEXT NOT NULL REFERENCES bulletins (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  sort_order  INTEGER,
  schedule    TEXT CHECK (schedule IS NULL OR json_valid(schedule)),
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (area_code, bulletin_id)
) STRICT, WITHOUT ROWID;

-- STOP orders (scope all) sent by an official: who silenced which areas, when and why.
CREATE TABLE stop_orders (
  id     TEXT PRIMARY KEY,
  areas  TEXT NOT NULL CHECK (json_valid(areas) AND json_type(areas) = 'array'),
  mode   TEXT NOT NULL CHECK (mode IN ('live', 'test')),
  reason TEXT,
  actor  TEXT NOT NULL,
  at     INTEGER NOT NULL
) STRICT;
