// Composition root of the hub process. Until the hub core (issue 3) lands this is a placeholder that says so: it
// starts no broker, database or API, and exits non-zero so that nobody mistakes it for a running hub.
import { TOPIC_ROOT } from '@tinnguon/protocol';

console.error(
  [
    'TinNguon hub: chưa sẵn sàng / not available yet.',
    `The protocol contract (${TOPIC_ROOT}) is in place; the hub core (HTTP API, MQTT broker, SQLite) is being built.`,
    'Nothing was started. Run `npm test` to check the parts that exist.',
  ].join('\n'),
);
process.exitCode = 2;
