import type { IncomingMessage, ServerResponse } from 'node:http';

export const SESSION_COOKIE = 'keyhold_session';

/** The session token from the Cookie header, without a cookie-parsing dependency. */
export function readSessionCookie(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

// Answers that travel over https (also when TLS ends at a trusted proxy): the HTTP layer marks
// them, and only their session cookies are Secure.
const overHttps = new WeakSet<ServerResponse>();

export function markSecure(res: ServerResponse): void {
  overHttps.add(res);
}

function attributes(res: ServerResponse): string {
  return `; HttpOnly${overHttps.has(res) ? '; Secure' : ''}; SameSite=Strict`;
}

/** Sets the session cookie (the token is [A-Za-z0-9_-], nothing to encode). */
export function setSessionCookie(res: ServerResponse, token: string, maxAgeSeconds: number): void {
  const expires = new Date(Date.now() + maxAgeSeconds * 1000).toUTCString();
  res.appendHeader(
    'Set-Cookie',
    `${SESSION_COOKIE}=${token}; Max-Age=${maxAgeSeconds}; Path=/; Expires=${expires}${attributes(res)}`,
  );
}

export function clearSessionCookie(res: ServerResponse): void {
  res.appendHeader(
    'Set-Cookie',
    `${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT${attributes(res)}`,
  );
}
