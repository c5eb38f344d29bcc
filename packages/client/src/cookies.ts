/**
 * Cookies are passed hop to hop explicitly (no jar), as the reference does:
 * each hop forwards exactly the Set-Cookie cookies of the previous hop.
 */

export type Cookies = Record<string, string>;

/** Parse `Set-Cookie` header values into name → value (attributes dropped). */
export function parseSetCookie(headers: string | string[] | undefined): Cookies {
  const out: Cookies = {};
  if (!headers) return out;
  for (const line of Array.isArray(headers) ? headers : [headers]) {
    const first = line.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    out[first.slice(0, eq).trim()] = first.slice(eq + 1).trim();
  }
  return out;
}

/** Serialise cookies into a `Cookie` request header value. */
export function cookieHeader(cookies: Cookies | undefined): string | undefined {
  if (!cookies) return undefined;
  const parts = Object.entries(cookies).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** Parse a `Cookie` request header into name → value. */
export function parseCookieHeader(header: string | undefined): Cookies {
  const out: Cookies = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
