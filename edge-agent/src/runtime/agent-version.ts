// The agent's version as installed (heartbeats, status, enrolment). Read on first use, never at import.
import { createRequire } from 'node:module';

let cached: string | undefined;

export function agentVersion(): string {
  if (cached === undefined) {
    try {
      // src/runtime and dist/runtime are both two levels below the package root.
      const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };
      cached = typeof pkg.version === 'string' ? pkg.version.slice(0, 32) : '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}
