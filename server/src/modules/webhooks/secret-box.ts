import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ConfigError, type Config } from '../../config/config';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Beside the SQLite file, created once (mode 0600) when SECRET_ENCRYPTION_KEY is not set. */
export const GENERATED_KEY_FILE = 'keyhold.secret-encryption-key';

/**
 * AES-256-GCM for secrets the server must read back (webhook signing secrets). Each value is
 * bound to what it belongs to (`context`, e.g. the webhook id) as associated data, so a
 * ciphertext copied onto another row does not decrypt there.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secret encryption key must be 32 bytes');
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws when the value was not encrypted under this key for this context. */
  decrypt(value: string, context: string): string {
    const [version, encoded] = value.split('.');
    if (version !== VERSION || !encoded) throw new Error('unknown secret encoding');
    const raw = Buffer.from(encoded, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}

/**
 * The configured key, or on the embedded database one generated once beside the database file
 * (an in-memory database gets one for the life of the process). MySQL requires the variable
 * (config.ts refuses to start without it): replicas must share the key.
 */
export function loadSecretEncryptionKey(config: Config): Buffer {
  if (config.secretEncryptionKey) return config.secretEncryptionKey;
  if (config.database.kind !== 'sqlite') {
    throw new ConfigError('Invalid SECRET_ENCRYPTION_KEY: required with a MySQL database');
  }
  if (config.database.path === ':memory:') return randomBytes(32);
  const file = join(dirname(config.database.path), GENERATED_KEY_FILE);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`Invalid SECRET_ENCRYPTION_KEY: ${file} does not hold 32 bytes, base64`);
  }
  return key;
}

const CHECK_CONTEXT = 'keyhold:secret-key-check';

/**
 * Refuses to start with a key other than the one that encrypted the stored secrets: the first
 * start stores a value encrypted under its key, and every later start must be able to read it.
 */
export async function assertSecretKeyMatches(
  dataSource: DataSource,
  box: SecretBox,
): Promise<void> {
  const read = async () =>
    (
      (await dataSource.query('SELECT check_value FROM secret_key_checks WHERE id = 1')) as {
        check_value: string;
      }[]
    )[0]?.check_value;
  let stored = await read();
  if (stored === undefined) {
    try {
      await dataSource.query('INSERT INTO secret_key_checks (id, check_value) VALUES (1, ?)', [
        box.encrypt('keyhold', CHECK_CONTEXT),
      ]);
    } catch {
      // Another replica stored its check first: compare with that one.
    }
    stored = await read();
  }
  try {
    if (stored === undefined || box.decrypt(stored, CHECK_CONTEXT) !== 'keyhold') throw new Error();
  } catch {
    throw new ConfigError(
      'Invalid SECRET_ENCRYPTION_KEY: it is not the key that encrypted the stored webhook secrets',
    );
  }
}
