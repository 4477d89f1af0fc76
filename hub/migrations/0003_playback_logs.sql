-- Playback logs (nhật ký phát), stored by (device, seq) so that a resent batch is harmless (design.md §8).
CREATE TABLE playback_logs (
  device_id   TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  event       TEXT NOT NULL,
  bulletin_id TEXT,
  revision    INTEGER,
  priority    TEXT,
  mode        TEXT,
  slot_at     INTEGER,
  started_at  INTEGER,
  ended_at    INTEGER,
  played_ms   INTEGER,
  reason      TEXT,
  detail      TEXT,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX playback_logs_bulletin ON playback_logs (bulletin_id, at);
CREATE INDEX playback_logs_at ON playback_logs (at);
