// Fixed Ed25519 keys for tests and golden fixtures ONLY. They are public by being in this repository; never trust
// them anywhere else. Ed25519 signatures are deterministic, so fixtures signed with them are byte-stable.
import { createPrivateKey } from 'node:crypto';
import { signerFromPrivateKey, type Signer } from '@tinnguon/protocol';

function fromSeed(seedHex: string): Signer {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]);
  return signerFromPrivateKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

export const TEST_HUB_KEY = fromSeed('01'.repeat(32));
export const TEST_ROTATED_KEY = fromSeed('02'.repeat(32));
export const TEST_ATTACKER_KEY = fromSeed('66'.repeat(32));
