-- Signed commands sent to devices and the results they reported (issue 3: "with their results").
CREATE TABLE device_commands (
  id            TEXT PRIMARY KEY,
  device_id     TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  command       TEXT NOT NULL CHECK (json_valid(command)),
  issued_at     INTEGER NOT NULL,
  result_ok     INTEGER,
  result_code   TEXT,
  result_detail TEXT,
  result_at     INTEGER
) STRICT;

CREATE INDEX device_commands_device ON device_commands (device_id, issued_at);
