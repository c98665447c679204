import { hash, verify, type Algorithm } from '@node-rs/argon2';

// OWASP password storage cheat sheet: argon2id, m = 19 MiB, t = 2, p = 1. @node-rs/argon2 ships
// its binary inside a registry package (nothing to compile on install) and writes the same PHC
// strings as node-argon2, so hashes stored by earlier versions keep verifying.
// `Algorithm` is an ambient const enum, which isolated modules cannot read: its value is 2.
const ARGON2ID = 2 as Algorithm.Argon2id;

const OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies; with no hash (unknown email) it still spends the same work, then fails. */
export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  if (hashed === null) {
    dummyHash ??= hashPassword('keyhold-timing-equaliser');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(hashed, password).catch(() => false);
}
