export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Uniform random base62 string from the platform CSPRNG (Web Crypto, in Node and browsers). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    // getRandomValues fills at most 64 KiB per call.
    const bytes = new Uint8Array(Math.min(2 * (length - out.length) + 8, 4096));
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // 248 = 4 * 62: rejecting the top 8 values keeps every character equally likely.
      if (byte < 248 && out.length < length) out += BASE62_ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Fixed-width big-endian base62 encoding of a non-negative integer. */
export function encodeBase62(value: number, width: number): string {
  let rest = value;
  let out = '';
  for (let i = 0; i < width; i++) {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}
