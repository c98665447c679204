import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../../config/config';

/**
 * GitHub's secret scanning public keys, from a file in the format of its public keys endpoint
 * (`{ "public_keys": [ { "key_identifier", "key": "<PEM>", "is_current" } ] }`). Read at start
 * (a bad file stops the server with one line naming the variable) and again when it changes, so
 * a key rotated in by the operator is used without a restart.
 */
export class GithubPublicKeys {
  private keys = new Map<string, KeyObject>();
  private loadedMtime = 0;

  constructor(private readonly path: string) {
    this.keys = this.read();
  }

  private read(): Map<string, KeyObject> {
    let parsed: unknown;
    try {
      this.loadedMtime = statSync(this.path).mtimeMs;
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      throw new ConfigError(
        `Invalid SECRET_SCANNING_PUBLIC_KEYS: cannot read ${this.path} as JSON (${(err as Error).message.split('\n')[0]})`,
      );
    }
    const list = (parsed as { public_keys?: unknown }).public_keys;
    if (!Array.isArray(list) || !list.length) {
      throw new ConfigError(
        `Invalid SECRET_SCANNING_PUBLIC_KEYS: ${this.path} has no "public_keys" array`,
      );
    }
    const keys = new Map<string, KeyObject>();
    for (const entry of list as { key_identifier?: unknown; key?: unknown }[]) {
      if (typeof entry.key_identifier !== 'string' || typeof entry.key !== 'string') {
        throw new ConfigError(
          `Invalid SECRET_SCANNING_PUBLIC_KEYS: each public key needs "key_identifier" and "key"`,
        );
      }
      try {
        keys.set(entry.key_identifier, createPublicKey(entry.key));
      } catch {
        throw new ConfigError(
          `Invalid SECRET_SCANNING_PUBLIC_KEYS: the key "${entry.key_identifier.slice(0, 100)}" is not a PEM public key`,
        );
      }
    }
    return keys;
  }

  private refresh(): void {
    try {
      if (statSync(this.path).mtimeMs !== this.loadedMtime) this.keys = this.read();
    } catch {
      // Keep the keys we have while the file is being replaced.
    }
  }

  /** True when `signature` (base64, DER ECDSA P-256/SHA-256) signs `body` under that key. */
  verify(keyIdentifier: string, signature: string, body: Buffer): boolean {
    this.refresh();
    const key = this.keys.get(keyIdentifier);
    if (!key || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    try {
      return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}
