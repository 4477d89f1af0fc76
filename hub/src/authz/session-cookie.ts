// The console's session cookie. `__Host-` (RFC 6265bis §4.1.3.2) makes the browser refuse it unless it is Secure,
// has Path=/ and no Domain, so no sibling sub-domain can plant or read it. Secure means HTTPS — or localhost, which
// Chromium and Firefox treat as a secure context — so production consoles are served over HTTPS (README).
export const SESSION_COOKIE = '__Host-tn_session';

/** Cookie header → name/value pairs; the first occurrence of a name wins, as browsers send the most specific first. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** Set-Cookie for a session: HttpOnly (scripts cannot read it), SameSite=Strict, lasting until its absolute expiry. */
export function sessionCookie(id: string, expiresAt: number, now: number): string {
  const maxAge = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  return `${SESSION_COOKIE}=${id}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`;
}
