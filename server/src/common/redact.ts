import { SECRET_PREFIX } from '@keyhold/shared';

// Anything shaped like an API secret, wherever a caller put it (a mistyped variable, an
// operation name, a URL path, a request id): cut before it can reach a log line or an answer.
const SECRET_LIKE = new RegExp(`${SECRET_PREFIX}[0-9A-Za-z]*`, 'gi');

export function redactSecrets(text: string): string {
  return text.replace(SECRET_LIKE, `${SECRET_PREFIX}[redacted]`);
}

export function looksSecret(text: string): boolean {
  return text.toLowerCase().includes(SECRET_PREFIX);
}
