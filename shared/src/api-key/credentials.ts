import { encodeBase62, randomBase62 } from './base62';
import { crc32 } from './crc32';

export const KEY_PREFIX = 'kh_';
export const SECRET_PREFIX = 'khs_';
export const KEY_RANDOM_LENGTH = 24;
export const SECRET_RANDOM_LENGTH = 40;
export const SECRET_CHECKSUM_LENGTH = 6;
export const SECRET_HINT_LENGTH = 4;

const KEY_PATTERN = /^kh_[0-9A-Za-z]{24}$/;
const SECRET_PATTERN = /^khs_([0-9A-Za-z]{40})([0-9A-Za-z]{6})$/;

/** A new public key: `kh_` + 24 base62 characters. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBase62(KEY_RANDOM_LENGTH);
}

function checksumOf(random: string): string {
  return encodeBase62(crc32(random), SECRET_CHECKSUM_LENGTH);
}

/** A new secret: `khs_` + 40 random base62 characters + 6 base62 characters of their CRC32. */
export function generateApiSecret(): string {
  const random = randomBase62(SECRET_RANDOM_LENGTH);
  return SECRET_PREFIX + random + checksumOf(random);
}

export function isApiKeyFormat(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/**
 * True when the value looks like a secret and its checksum matches. Lets the server refuse
 * typos and random guesses before touching the database.
 */
export function isApiSecretFormat(value: string): boolean {
  const match = SECRET_PATTERN.exec(value);
  return match !== null && checksumOf(match[1]!) === match[2];
}

/** The last characters of a secret, stored so admins can tell secrets apart. */
export function secretHintOf(secret: string): string {
  return secret.slice(-SECRET_HINT_LENGTH);
}
