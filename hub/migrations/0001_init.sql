-- Areas (địa bàn): one tree per hub. Levels are data, not columns: Vietnam went from three local levels to two in
-- 2025, so an area's level is simply its depth in the parent chain. Timestamps are UTC ISO 8601 text.
CREATE TABLE areas (
  code        TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  -- Deferred so a whole tree can be imported in one transaction in any row order.
  parent_code TEXT REFERENCES areas (code) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED
              CHECK (parent_code IS NULL OR parent_code <> code),
  time_zone   TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX areas_parent_code ON areas (parent_code);

-- Operating windows (Điều 10, QĐ 993/2024), stored only where an area overrides what it inherits; the effective
-- windows are computed up the chain. A JSON array of {"start":"HH:MM","end":"HH:MM"} so that an explicit empty list
-- (nothing but emergencies) stays distinct from "inherit" (no row).
CREATE TABLE area_windows (
  area_code   TEXT NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  device_kind TEXT NOT NULL CHECK (device_kind IN ('loudspeaker', 'led')),
  windows     TEXT NOT NULL CHECK (json_valid(windows) AND json_type(windows) = 'array'),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (area_code, device_kind)
) STRICT, WITHOUT ROWID;
