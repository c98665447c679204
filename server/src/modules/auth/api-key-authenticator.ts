import { AuthFailureReason, isApiKeyFormat, isApiSecretFormat } from '@keyhold/shared';
import { digestsEqual, sha256 } from '../../common/crypto';
import type { UsageService } from '../usage/usage.service';
import type { FailureLimiter } from './failure-limiter';
import type { KeyRecord, VerificationCache } from './verification-cache';

export type KeyCheck =
  | { ok: true; record: KeyRecord }
  | { ok: false; reason: AuthFailureReason; record: KeyRecord | null };

export type AuthOutcome =
  | { ok: true; record: KeyRecord }
  | { ok: false; reason: AuthFailureReason; retryAfterSeconds?: undefined }
  | { ok: false; reason: 'RATE_LIMITED'; retryAfterSeconds: number };

/**
 * Decides whether key + secret may act, in the contract's order: format, key exists and secret
 * matches (constant time; the previous secret too during its grace period), active, not
 * expired, address allowed. Scopes are checked per operation afterwards.
 */
export class ApiKeyAuthenticator {
  constructor(
    private readonly cache: VerificationCache,
    private readonly usage: UsageService,
    private readonly byAddress: FailureLimiter,
    private readonly byKey: FailureLimiter,
  ) {}

  /** The checks alone: no rate limiting, no usage. `ip` null skips the address check. */
  async check(key: string, secret: string, ip: string | null, now = Date.now()): Promise<KeyCheck> {
    if (!isApiKeyFormat(key) || !isApiSecretFormat(secret)) {
      return {
        ok: false,
        reason: AuthFailureReason.INVALID_CREDENTIALS,
        record: this.cache.peek(key),
      };
    }
    const record = await this.cache.get(key);
    const digest = sha256(secret);
    if (!record) {
      // Compare anyway, so an unknown key costs what a wrong secret costs.
      digestsEqual(digest, digest);
      return { ok: false, reason: AuthFailureReason.INVALID_CREDENTIALS, record: null };
    }
    const current = digestsEqual(digest, record.secretDigest);
    const previous =
      record.previousSecretDigest !== null &&
      record.previousSecretExpiresAt !== null &&
      record.previousSecretExpiresAt > now &&
      digestsEqual(digest, record.previousSecretDigest);
    if (!current && !previous)
      return { ok: false, reason: AuthFailureReason.INVALID_CREDENTIALS, record };
    if (!record.active) return { ok: false, reason: AuthFailureReason.KEY_DISABLED, record };
    if (record.expiresAt !== null && record.expiresAt <= now) {
      return { ok: false, reason: AuthFailureReason.KEY_EXPIRED, record };
    }
    if (ip !== null && !record.ipAllowed(ip))
      return { ok: false, reason: AuthFailureReason.IP_NOT_ALLOWED, record };
    return { ok: true, record };
  }

  /** A request's authentication: rate limits, the checks, and the use counted. */
  async authenticate(key: string, secret: string, ip: string): Promise<AuthOutcome> {
    const subjects = [`ip:${ip}`, `key:${key.slice(0, 64)}`] as const;
    const blocked = [this.byAddress.check(subjects[0]), this.byKey.check(subjects[1])].find(
      (d) => d.blocked,
    );
    if (blocked)
      return { ok: false, reason: 'RATE_LIMITED', retryAfterSeconds: blocked.retryAfterSeconds };

    const result = await this.check(key, secret, ip);
    if (result.record) this.usage.record(result.record.id, result.ok, ip);
    if (result.ok) return result;

    const decisions = await Promise.all([
      this.byAddress.fail(subjects[0]),
      this.byKey.fail(subjects[1]),
    ]);
    const over = decisions.find((d) => d.blocked);
    if (over)
      return { ok: false, reason: 'RATE_LIMITED', retryAfterSeconds: over.retryAfterSeconds };
    return { ok: false, reason: result.reason };
  }
}
