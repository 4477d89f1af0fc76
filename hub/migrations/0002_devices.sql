-- Devices (cụm loa, bảng tin điện tử). Credentials are stored only as scrypt hashes; an enrolment code is one-time.
CREATE TABLE devices (
  id               TEXT PRIMARY KEY CHECK (length(id) BETWEEN 3 AND 64),
  kind             TEXT NOT NULL CHECK (kind IN ('loudspeaker', 'led')),
  area_code        TEXT NOT NULL REFERENCES areas (code) ON DELETE RESTRICT,
  name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
  latitude         REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
  longitude        REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
  location         TEXT,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'revoked')),
  enrol_code_hash  TEXT,
  enrol_expires_at INTEGER,
  secret_hash      TEXT,
  online           INTEGER NOT NULL DEFAULT 0,
  last_seen_at     INTEGER,
  last_heartbeat   TEXT CHECK (last_heartbeat IS NULL OR json_valid(last_heartbeat)),
  manifest_version INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX devices_area ON devices (area_code);

-- Presence history from the Last Will and heartbeats (design.md §7).
CREATE TABLE device_status_history (
  device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  at        INTEGER NOT NULL,
  state     TEXT NOT NULL CHECK (state IN ('online', 'offline')),
  reason    TEXT
) STRICT;

CREATE INDEX device_status_history_device_at ON device_status_history (device_id, at);
