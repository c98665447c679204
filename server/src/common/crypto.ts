import { createHash, hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The raw SHA-256 digest: the authentication hot path compares bytes, not hex. */
export function sha256(value: string): Buffer {
  // crypto.hash (Node ≥ 20.12): one call, no Hash object per request.
  return hash('sha256', value, 'buffer');
}

/** Constant-time comparison of two digests of equal length (SHA-256 here). */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** 256 bits from the CSPRNG, base64url: session tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Opaque, non-sequential identifiers. */
export function newId(): string {
  return randomUUID();
}
