import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of equal length (SHA-256 here). */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** 256 bits from the CSPRNG, base64url: session tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Opaque, non-sequential identifiers. */
export function newId(): string {
  return randomUUID();
}
