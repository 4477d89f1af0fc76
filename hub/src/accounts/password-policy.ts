// Password rules for officials' accounts. Length beats composition rules (NIST SP 800-63B §5.1.1.2): at least 12
// characters, not the username, not a password everyone tries first. Vietnamese diacritics count as characters: an
// official may use a sentence in their own language. Pure; the problems come back in Vietnamese and English.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The first guesses of every spraying attack, plus the defaults seen on hijacked Vietnamese boards and PA systems
 * (domain.md incidents: default passwords). Compared without case, spaces or diacritics.
 */
const COMMON = [
  '123456789012', '1234567890123', 'password1234', 'passw0rd1234', 'password123!', 'qwertyuiop12', 'qwerty123456',
  '1q2w3e4r5t6y', 'abc123456789', 'admin1234567', 'administrator', 'admin@123456', 'iloveyou1234', '111111111111',
  '000000000000', '123123123123', 'abcdefghijkl', 'letmein12345', 'welcome12345', 'changeme1234', 'matkhau12345',
  'matkhau123456', 'matkhaumoi123', 'vietnam12345', 'vietnam123456', 'hanoi1234567', 'saigon123456', 'tinnguon1234',
  'tinnguon2024', 'tinnguon2025', 'tinnguon2026', 'loatruyenthanh', 'truyenthanh123', 'ubndxa123456', 'quantri12345',
  'quantrivien1', 'bantin123456', 'default12345', 'raspberrypi1', 'raspberry123',
];

export interface PasswordProblem {
  readonly vi: string;
  readonly en: string;
}

/** Lower case, no diacritics (đ → d), no spaces: how the common list and the username are compared. */
export function foldForComparison(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/giu, 'd')
    .toLowerCase()
    .replace(/\s+/g, '');
}

const COMMON_FOLDED = new Set(COMMON.map(foldForComparison));

/** Everything wrong with `password` for `username`; empty when it may be used. Length counts code points. */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) {
    problems.push({ vi: `mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự`, en: `at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  if (length > MAX_PASSWORD_LENGTH) {
    problems.push({ vi: `mật khẩu dài quá ${MAX_PASSWORD_LENGTH} ký tự`, en: `at most ${MAX_PASSWORD_LENGTH} characters` });
  }
  const folded = foldForComparison(password);
  const user = foldForComparison(username);
  if (user.length > 0 && (folded === user || (folded.includes(user) && folded.length - user.length < 6))) {
    problems.push({ vi: 'mật khẩu không được là (hoặc gần giống) tên đăng nhập', en: 'must not be (nearly) the username' });
  }
  if (COMMON_FOLDED.has(folded) || new Set(folded).size <= 2) {
    problems.push({ vi: 'mật khẩu quá phổ biến, dễ đoán', en: 'too common, easily guessed' });
  }
  return problems;
}
