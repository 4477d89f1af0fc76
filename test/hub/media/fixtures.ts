// Reads the committed media fixtures (made by test/fixtures/media/make-fixtures.sh).
import { readFileSync } from 'node:fs';

const dir = new URL('../../fixtures/media/', import.meta.url);

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, dir)));
}

interface FixtureFacts {
  readonly soxSeconds: Readonly<Record<string, number>>;
}

/** What sox measured when the fixtures were made. */
export const facts = JSON.parse(readFileSync(new URL('fixtures.json', dir), 'utf8')) as FixtureFacts;

export function soxMs(name: string): number {
  const seconds = facts.soxSeconds[name];
  if (seconds === undefined) throw new Error(`no sox measurement for ${name}`);
  return seconds * 1000;
}
