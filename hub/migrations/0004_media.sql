-- Media metadata; the bytes live on disk, content-addressed by SHA-256 (design.md picture).
CREATE TABLE media (
  sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  mime        TEXT NOT NULL CHECK (mime IN ('audio/mpeg', 'audio/wav', 'image/png', 'image/jpeg')),
  bytes       INTEGER NOT NULL CHECK (bytes > 0),
  duration_ms INTEGER,
  width       INTEGER,
  height      INTEGER,
  origin      TEXT NOT NULL DEFAULT 'upload' CHECK (origin IN ('upload', 'tts', 'system')),
  created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
