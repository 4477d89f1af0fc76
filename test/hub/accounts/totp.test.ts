// TOTP against the RFCs' own test vectors, then the rules the hub adds: ±1 step, never the same step twice.
import fc from 'fast-check';
import t from 'tap';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, totpStep, verifyTotp } from '../../../hub/src/accounts/totp.js';

// RFC 4226 Appendix D and RFC 6238 Appendix B use the ASCII secret "12345678901234567890" for HMAC-SHA-1.
const SECRET = Buffer.from('12345678901234567890', 'ascii');

t.test('RFC 4226 Appendix D: HOTP values for counters 0–9', async (t) => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  t.same(expected.map((_, counter) => hotp(SECRET, counter)), expected);
});

t.test('RFC 6238 Appendix B: SHA-1 TOTP values (8 digits, 30 s steps)', async (t) => {
  const vectors: [number, string][] = [
    [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'],
    [2000000000, '69279037'], [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) t.equal(totp(SECRET, seconds * 1000, 8), code, `T = ${seconds}`);
  t.equal(totpStep(59_000), 1);
  t.equal(totpStep(1111111109_000), 0x23523ec);
});

t.test('a code is accepted one step either side of now, not two', async (t) => {
  const now = 1_700_000_000_000;
  const step = totpStep(now);
  for (const [offset, ok] of [[-2, false], [-1, true], [0, true], [1, true], [2, false]] as const) {
    const code = hotp(SECRET, step + offset);
    t.equal(verifyTotp(SECRET, code, now, null).ok, ok, `step ${offset >= 0 ? '+' : ''}${offset}`);
  }
  t.same(verifyTotp(SECRET, hotp(SECRET, step - 1), now, null), { ok: true, step: step - 1 });
});

t.test('a code whose step was already used is refused, even within its own 30 seconds', async (t) => {
  const now = 1_700_000_000_000;
  const step = totpStep(now);
  const code = hotp(SECRET, step);
  const first = verifyTotp(SECRET, code, now, null);
  t.same(first, { ok: true, step });
  t.equal(verifyTotp(SECRET, code, now + 5000, step).ok, false, 'replayed');
  t.equal(verifyTotp(SECRET, hotp(SECRET, step - 1), now, step).ok, false, 'an older code after a newer one');
  t.equal(verifyTotp(SECRET, hotp(SECRET, step + 1), now + 30_000, step).ok, true, 'the next step works');
});

t.test('malformed codes are refused without comparing', async (t) => {
  for (const code of ['', '12345', '1234567', 'abcdef', '12 456', '１２３４５６']) t.equal(verifyTotp(SECRET, code, 0, null).ok, false, code);
});

t.test('base32: RFC 4648 §10 vectors, round trip, lenient input', async (t) => {
  const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
  for (const [plain, encoded] of vectors) {
    t.equal(base32Encode(Buffer.from(plain)), encoded);
    t.equal(base32Decode(encoded)?.toString(), plain);
  }
  t.equal(base32Decode('mzxw 6ytb oi======')?.toString(), 'foobar', 'spaces, lower case and padding as people type them');
  t.equal(base32Decode('MZXW1'), undefined, '1 is not base32');
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => Buffer.from(bytes).equals(base32Decode(base32Encode(bytes))!)));
});

t.test('the otpauth URI carries the secret and the parameters authenticator apps need', async (t) => {
  const uri = new URL(otpauthUri(SECRET, 'nguyen.van.an'));
  t.equal(uri.protocol, 'otpauth:');
  t.equal(uri.host, 'totp');
  t.equal(decodeURIComponent(uri.pathname), '/TinNguon:nguyen.van.an');
  t.equal(uri.searchParams.get('secret'), base32Encode(SECRET));
  t.match(Object.fromEntries(uri.searchParams), { issuer: 'TinNguon', algorithm: 'SHA1', digits: '6', period: '30' });
});
