// The hub's Ed25519 signing keys (design.md §6). The private key lives in DATA_DIR with file mode 600; rotation adds
// a new active key while devices keep trusting the old one until it is retired (protocol: TrustedKey.notAfter).
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSigningKey, signerFromPrivateKey, type Signer, type TrustedKey } from '@tinnguon/protocol';

export interface Keyring {
  /** The key new content is signed with. */
  readonly active: Signer;
  /** Every public key devices should trust: the active one and any not yet retired. */
  readonly trusted: readonly TrustedKey[];
}

const KEY_FILE = /^signing-(\d{13})\.pem$/;

/** Loads the keys in `<dataDir>/keys`, creating the first one on first start. The newest file is the active key. */
export async function loadKeyring(dataDir: string, now: () => number = Date.now): Promise<Keyring> {
  const dir = join(dataDir, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let files = (await readdir(dir)).filter((f) => KEY_FILE.test(f)).sort();
  if (files.length === 0) {
    await rotateKey(dataDir, now);
    files = (await readdir(dir)).filter((f) => KEY_FILE.test(f)).sort();
  }
  const signers = await Promise.all(files.map(async (f) => signerFromPrivateKey(await readFile(join(dir, f), 'utf8'))));
  const active = signers[signers.length - 1]!;
  return { active, trusted: signers.map((s) => s.publicKey) };
}

/** Writes a new key; it becomes active at the next load. Old keys stay trusted until removed from the directory. */
export async function rotateKey(dataDir: string, now: () => number = Date.now): Promise<TrustedKey> {
  const dir = join(dataDir, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { signer, privateKeyPem } = generateSigningKey();
  const file = join(dir, `signing-${String(now()).padStart(13, '0')}.pem`);
  await writeFile(file, privateKeyPem, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return signer.publicKey;
}
