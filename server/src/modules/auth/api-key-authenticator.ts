import {
  addressBucket,
  AuthFailureReason,
  isApiKeyFormat,
  isApiSecretFormat,
} from '@keyhold/shared';
import { epochMs, systemClock, type Clock } from '../../common/clock';
import { digestsEqual, sha256 } from '../../common/crypto';
import type { UsageService } from '../usage';
import { limiterSubject, type FailureLimiter, type LimiterSubject } from './failure-limiter';
import type { KeyRateLimiter, RateDecision } from './key-rate-limiter';
import type { KeyRecord } from '../../common/principal';
import type { VerificationCache } from './verification-cache';

export type KeyCheck =
  | { ok: true; record: KeyRecord }
  | { ok: false; reason: AuthFailureReason; record: KeyRecord | null };

export type AuthOutcome =
  | { ok: true; record: KeyRecord; rate?: RateDecision }
  | { ok: false; reason: AuthFailureReason; retryAfterSeconds?: undefined }
  /** Too many failed authentications (address or key under attack). */
  | { ok: false; reason: 'TOO_MANY_FAILURES'; retryAfterSeconds: number }
  /** The key's own rate limit is reached. */
  | { ok: false; reason: 'RATE_LIMITED'; retryAfterSeconds: number; rate: RateDecision };

export interface FailureLimiters {
  /** Attempts per client address (IPv6: per /64), counted before evaluation. */
  byAddress: FailureLimiter;
  /** Failures per key, from anywhere. */
  byKey: FailureLimiter;
  /** Failures per key and address: which addresses have failed on a key. */
  byKeyAndAddress: FailureLimiter;
}

// Limiter subjects (SHA-256 digests) that need no digest per request: a key's own subject,
// kept beside its cached record (the key id is public and the record is that key's), and the
// subject of an address bucket that is an IP address or a /64 (digits, dots, hex, colons:
// nothing a client could hide a secret in), in a bounded map by client address.
const keySubjects = new WeakMap<KeyRecord, LimiterSubject>();
const addressSubjects = new Map<string, { bucket: string; subject: LimiterSubject }>();
const MAX_ADDRESS_SUBJECTS = 4096;
const ADDRESS_BUCKET = /^(?:[0-9.]{7,15}|[0-9a-f:]{2,39}\/64)$/;

function keySubjectOf(key: string, record: KeyRecord | null): LimiterSubject {
  if (!record || record.key !== key) return limiterSubject(`key:${key}`);
  let subject = keySubjects.get(record);
  if (subject === undefined) keySubjects.set(record, (subject = limiterSubject(`key:${key}`)));
  return subject;
}

/** The client address's failure-limit bucket and its limiter subject. */
function addressOf(ip: string): { bucket: string; subject: LimiterSubject } {
  let address = addressSubjects.get(ip);
  if (address !== undefined) return address;
  const bucket = addressBucket(ip);
  address = { bucket, subject: limiterSubject(`ip:${bucket}`) };
  if (ADDRESS_BUCKET.test(bucket)) {
    if (addressSubjects.size >= MAX_ADDRESS_SUBJECTS) addressSubjects.clear();
    addressSubjects.set(ip, address);
  }
  return address;
}

/**
 * Decides whether key + secret may act, in the contract's order: format, key exists and secret
 * matches (constant time; the previous secret too during its grace period), active, not
 * expired, address allowed. Scopes are checked per operation afterwards.
 */
export class ApiKeyAuthenticator {
  constructor(
    private readonly cache: VerificationCache,
    private readonly usage: UsageService,
    private readonly limiters: FailureLimiters,
    private readonly rateLimiter: KeyRateLimiter | null = null,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Counts one request against the key's rate limit: one atomic store operation, and only for
   * keys that have a limit (null for the others).
   */
  async countRequest(record: KeyRecord): Promise<RateDecision | null> {
    return record.rateLimit && this.rateLimiter
      ? this.rateLimiter.consume(record.id, record.rateLimit)
      : null;
  }

  /** A verified request: counted against the key's limit when it has one, and its use recorded. */
  private admit(record: KeyRecord, ip: string): AuthOutcome | Promise<AuthOutcome> {
    if (!record.rateLimit || !this.rateLimiter) {
      // No limit: nothing to await, no store to touch.
      this.usage.record(record.id, true, ip);
      return { ok: true, record };
    }
    return this.rateLimiter.consume(record.id, record.rateLimit).then((rate): AuthOutcome => {
      this.usage.record(record.id, rate.allowed, ip);
      return rate.allowed
        ? { ok: true, record, rate }
        : { ok: false, reason: 'RATE_LIMITED', retryAfterSeconds: rate.resetSeconds, rate };
    });
  }

  /** The checks alone: no rate limiting, no usage. `ip` null skips the address check. */
  async check(
    key: string,
    secret: string,
    ip: string | null,
    now = epochMs(this.clock),
  ): Promise<KeyCheck> {
    if (!isApiKeyFormat(key) || !isApiSecretFormat(secret)) {
      return {
        ok: false,
        reason: AuthFailureReason.INVALID_CREDENTIALS,
        record: this.cache.peek(key),
      };
    }
    const digest = sha256(secret);
    const first = await this.cache.get(key);
    let result = this.evaluate(first.record, digest, ip, now);
    if (!result.ok && result.reason === AuthFailureReason.INVALID_CREDENTIALS && !first.loaded) {
      // Every "unknown key or wrong secret" answer costs exactly one lookup, whether the key was
      // in memory or not: its timing tells nothing about which keys exist. The fresh row also
      // catches a rotation or creation that this replica has not heard of yet.
      result = this.evaluate(await this.cache.reload(key), digest, ip, now);
    }
    return result;
  }

  private evaluate(
    record: KeyRecord | null,
    digest: Buffer,
    ip: string | null,
    now: number,
  ): KeyCheck {
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

  /**
   * The verdict from memory when the secret matches the cached record of its key; otherwise
   * null. No format checks: a cached record is a stored key's, and a secret that matches its
   * digest is a well-formed secret (anything else takes the counted path, which checks them).
   */
  private fromMemory(
    record: KeyRecord,
    secret: string,
    ip: string,
  ): (KeyCheck & { record: KeyRecord }) | null {
    const result = this.evaluate(record, sha256(secret), ip, epochMs(this.clock));
    if (!result.ok && result.reason === AuthFailureReason.INVALID_CREDENTIALS) return null;
    return result as KeyCheck & { record: KeyRecord };
  }

  /**
   * A request's authentication. The attempt is counted against its address first, in one
   * atomic step, so concurrent requests cannot outrun the limit; then it is evaluated. Success
   * gives the point back; failure keeps it and is also counted (shared by replicas on MySQL)
   * against the address, the key, and the key from this address. A key over its limit refuses
   * unheard only the addresses that have failed on it: someone without the secret cannot lock
   * out its owner.
   */
  async authenticate(key: string, secret: string, ip: string): Promise<AuthOutcome> {
    const { byAddress, byKey, byKeyAndAddress } = this.limiters;
    const { bucket, subject: address } = addressOf(ip);
    const cached = this.cache.peek(key);
    const keySubject = keySubjectOf(key, cached);
    const pair = () => limiterSubject(`key:${key}|ip:${bucket}`);

    const known = byAddress.check(address);
    if (known.blocked) return limited(known.retryAfterSeconds);

    // A secret that matches what this replica already verified is no guess: it is answered from
    // memory with no counter to touch (no query on MySQL, none needed while the database is
    // away). Anything else is counted before it is evaluated.
    // A key under attack (over its failure limit) takes the counted path, which tells the
    // addresses that failed on it from its owner's.
    const remembered =
      byKey.check(keySubject).blocked || !cached ? null : this.fromMemory(cached, secret, ip);
    if (remembered) {
      if (remembered.ok) return this.admit(remembered.record, ip);
      this.usage.record(remembered.record.id, false, ip);
      return { ok: false, reason: remembered.reason };
    }

    const attempt = await byAddress.attempt(address);
    if (attempt.blocked) return limited(attempt.retryAfterSeconds);
    const keyBlock = byKey.check(keySubject);
    if (keyBlock.blocked && (await byKeyAndAddress.count(pair())) > 0) {
      return limited(keyBlock.retryAfterSeconds);
    }

    const result = await this.check(key, secret, ip);
    if (result.ok) {
      await byAddress.succeeded(address);
      return this.admit(result.record, ip);
    }
    if (result.record) this.usage.record(result.record.id, false, ip);
    const decisions = await Promise.all([
      byAddress.failed(address),
      byKey.fail(keySubject),
      byKeyAndAddress.fail(pair()),
    ]);
    const over = decisions.find((d) => d.blocked);
    if (over) return limited(over.retryAfterSeconds);
    return { ok: false, reason: result.reason };
  }
}

function limited(retryAfterSeconds: number): AuthOutcome {
  return { ok: false, reason: 'TOO_MANY_FAILURES', retryAfterSeconds };
}
