-- The LED board's "now showing" picture (issue 5): the latest one per device, replaced on each upload. A few KB of
-- PNG at board resolution, so it lives in the row rather than in the content-addressed media store, which would
-- keep every superseded frame.
CREATE TABLE device_snapshots (
  device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
  png BLOB NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  taken_at INTEGER NOT NULL
) STRICT;
