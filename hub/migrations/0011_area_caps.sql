-- Broadcast caps per area and device kind (issue 6: "caps per area, e.g. Hà Nội"): at most N sessions (buổi phát) a
-- day, at most M minutes a session. Stored only where an area sets its own, like area_windows; the caps in force are
-- the nearest ones up the chain. A JSON object so that {} (explicitly no caps, stopping inheritance) stays distinct
-- from "inherit" (no row). Bounds mirror the protocol's BroadcastCaps schema.
CREATE TABLE area_caps (
  area_code   TEXT NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  device_kind TEXT NOT NULL CHECK (device_kind IN ('loudspeaker', 'led')),
  caps        TEXT NOT NULL CHECK (
                json_valid(caps) AND json_type(caps) = 'object'
                AND (json_type(caps, '$.sessionsPerDay') IS NULL
                     OR (json_type(caps, '$.sessionsPerDay') = 'integer' AND json_extract(caps, '$.sessionsPerDay') BETWEEN 1 AND 12))
                AND (json_type(caps, '$.minutesPerSession') IS NULL
                     OR (json_type(caps, '$.minutesPerSession') = 'integer' AND json_extract(caps, '$.minutesPerSession') BETWEEN 1 AND 600))
              ),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (area_code, device_kind)
) STRICT, WITHOUT ROWID;
