import { randomBytes } from 'node:crypto';
import { addressBucket } from '@keyhold/shared';
import type { DataSource } from 'typeorm';
import { newId, randomToken, sha256Hex } from '../../common/crypto';
import {
  badUserInput,
  tooManyRequests,
  unauthenticated,
  AuthFailureReason,
} from '../../common/errors';
import { systemClock, type Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { transaction } from '../../database/transaction';
import type { AdminSessionInfo } from '../../common/principal';
import type { AuditService } from '../audit';
import { AdminSessionEntity } from './admin-session.entity';
import { AdminEntity } from './admin.entity';
import { limiterSubject, type FailureLimiter } from './failure-limiter';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password';

export interface SessionPolicy {
  idleSeconds: number;
  maxSeconds: number;
}

export type { AdminSessionInfo };

// Writing last_seen on every request would turn reads into writes; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Emails are compared exactly after this one normalisation (Unicode NFKC, then lower case), on
 * every database: the columns are binary, so `ádmin@` and `ＡＤＭＩＮ@` are not `admin@`.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

export interface LoginLimiters {
  /** Attempts per client address (IPv6: per /64), counted before the password is checked. */
  byAddress: FailureLimiter;
  /** Failures per email, from anywhere. */
  byEmail: FailureLimiter;
  /** Failures per email and address: which addresses have failed on an email. */
  byEmailAndAddress: FailureLimiter;
}

export class AdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly limiters: LoginLimiters,
    private readonly policy: SessionPolicy,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async count(): Promise<number> {
    return this.dataSource.manager.count(AdminEntity);
  }

  async create(email: string, password: string): Promise<AdminEntity> {
    const address = normalizeEmail(email);
    if (!/^[^\s@]+@[^\s@]+$/.test(address) || address.length > 254) {
      throw badUserInput('email', 'must be an email address');
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw badUserInput('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    if (await this.dataSource.manager.findOneBy(AdminEntity, { email: address })) {
      throw badUserInput('email', `an admin with email ${address} already exists`);
    }
    const now = this.clock.now();
    const admin = Object.assign(new AdminEntity(), {
      id: newId(),
      email: address,
      passwordHash: await hashPassword(password),
      createdAt: now,
      updatedAt: now,
    });
    await this.dataSource.manager.insert(AdminEntity, admin);
    return admin;
  }

  /** Sets a new password and ends every session of that admin. */
  async resetPassword(email: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw badUserInput('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const admin = await this.dataSource.manager.findOneBy(AdminEntity, {
      email: normalizeEmail(email),
    });
    if (!admin) throw badUserInput('email', `no admin with email ${normalizeEmail(email)}`);
    await transaction(this.dataSource, async (manager) => {
      await manager.update(
        AdminEntity,
        { id: admin.id },
        { passwordHash: await hashPassword(password), updatedAt: this.clock.now() },
      );
      await manager.delete(AdminSessionEntity, { adminId: admin.id });
    });
  }

  /**
   * The first start's admin: from ADMIN_EMAIL/ADMIN_PASSWORD, or admin@localhost with a random
   * password that is printed once (to stdout, not the log).
   */
  async ensureInitialAdmin(
    email?: string,
    password?: string,
  ): Promise<{ email: string; generatedPassword?: string } | null> {
    if ((await this.count()) > 0) return null;
    const generated = email && password ? undefined : randomBytes(18).toString('base64url');
    const address = generated ? 'admin@localhost' : normalizeEmail(email!);
    try {
      await this.create(address, generated ?? password!);
    } catch (err) {
      // Replicas starting together race to create the first admin; one wins, the rest carry on.
      if ((await this.count()) > 0) return null;
      throw err;
    }
    return generated ? { email: address, generatedPassword: generated } : { email: address };
  }

  async login(
    emailInput: string,
    password: string,
    ip: string,
  ): Promise<{ token: string; session: AdminSessionInfo }> {
    const email = normalizeEmail(emailInput).slice(0, 254);
    const { byAddress, byEmail, byEmailAndAddress } = this.limiters;
    const bucket = addressBucket(ip);
    const address = limiterSubject(`ip:${bucket}`);
    const emailSubject = limiterSubject(`email:${email}`);
    const pair = limiterSubject(`email:${email}|ip:${bucket}`);
    // Count the attempt before checking it, so concurrent attempts cannot outrun the limit.
    const known = byAddress.check(address);
    if (known.blocked) throw tooManyRequests(known.retryAfterSeconds);
    const attempt = await byAddress.attempt(address);
    if (attempt.blocked) throw tooManyRequests(attempt.retryAfterSeconds);
    // An email over its limit refuses unheard only the addresses that have failed on it.
    const emailBlock = byEmail.check(emailSubject);
    if (emailBlock.blocked && (await byEmailAndAddress.count(pair)) > 0) {
      throw tooManyRequests(emailBlock.retryAfterSeconds);
    }

    const admin = await this.dataSource.manager.findOneBy(AdminEntity, { email });
    const valid = await verifyPassword(admin?.passwordHash ?? null, password);
    if (!admin || admin.email !== email || !valid) {
      // What was typed for an unknown account may be anything (even a secret): only its digest
      // is kept.
      const actor = admin ? `admin:${admin.email}` : 'admin:unknown';
      const details = admin ? undefined : { emailSha256: sha256Hex(email).slice(0, 16) };
      await transaction(this.dataSource, (manager) =>
        this.audit.record(manager, { action: 'admin.login_failed', actor, ip, details }),
      );
      const decisions = await Promise.all([
        byAddress.failed(address),
        byEmail.fail(emailSubject),
        byEmailAndAddress.fail(pair),
      ]);
      const over = decisions.find((d) => d.blocked);
      if (over) throw tooManyRequests(over.retryAfterSeconds);
      throw unauthenticated(AuthFailureReason.INVALID_CREDENTIALS, 'Invalid email or password');
    }
    await byAddress.succeeded(address);
    await byEmail
      .reset(emailSubject)
      .catch((err: unknown) =>
        this.logger.warn({ err }, 'could not reset the login failure counter'),
      );
    const token = randomToken();
    const now = this.clock.now();
    const session = Object.assign(new AdminSessionEntity(), {
      id: newId(),
      tokenDigest: sha256Hex(token),
      adminId: admin.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.policy.maxSeconds * 1000),
    });
    await transaction(this.dataSource, async (manager) => {
      await manager.insert(AdminSessionEntity, session);
      await this.audit.record(
        manager,
        { action: 'admin.login', actor: `admin:${admin.email}`, ip },
        now,
      );
    });
    return { token, session: { sessionId: session.id, adminId: admin.id, email: admin.email } };
  }

  async logout(session: AdminSessionInfo, ip: string): Promise<void> {
    await transaction(this.dataSource, async (manager) => {
      await manager.delete(AdminSessionEntity, { id: session.sessionId });
      await this.audit.record(manager, {
        action: 'admin.logout',
        actor: `admin:${session.email}`,
        ip,
      });
    });
  }

  /**
   * Deletes sessions past their end or idle too long. Without it a session whose cookie never
   * comes back (closed browser, cleared cookies) would stay in the table for good.
   */
  async purgeExpiredSessions(now = this.clock.now()): Promise<number> {
    const result = await this.dataSource.manager
      .createQueryBuilder()
      .delete()
      .from(AdminSessionEntity)
      .where('expires_at <= :now OR last_seen_at <= :idleSince', {
        now,
        idleSince: new Date(now.getTime() - this.policy.idleSeconds * 1000),
      })
      .execute();
    return result.affected ?? 0;
  }

  /** The admin behind a session cookie, or null when unknown, idle too long or past its end. */
  async resolveSession(token: string, now = this.clock.now()): Promise<AdminSessionInfo | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(AdminSessionEntity, 's')
      .innerJoin(AdminEntity, 'a', 'a.id = s.admin_id')
      .select([
        's.id AS id',
        's.admin_id AS adminId',
        's.last_seen_at AS lastSeenAt',
        's.expires_at AS expiresAt',
        'a.email AS email',
      ])
      .where('s.token_digest = :digest', { digest: sha256Hex(token) })
      .getRawOne<{
        id: string;
        adminId: string;
        lastSeenAt: Date | string;
        expiresAt: Date | string;
        email: string;
      }>();
    if (!row) return null;
    const lastSeen = toDate(row.lastSeenAt).getTime();
    const idleEnd = lastSeen + this.policy.idleSeconds * 1000;
    if (toDate(row.expiresAt).getTime() <= now.getTime() || idleEnd <= now.getTime()) {
      await this.dataSource.manager.delete(AdminSessionEntity, { id: row.id });
      return null;
    }
    if (now.getTime() - lastSeen > TOUCH_INTERVAL_MS) {
      // Best effort: a database that cannot write just now (read-only, full) must not turn every
      // admin read into an error; the next request touches the session again.
      await this.dataSource.manager
        .update(AdminSessionEntity, { id: row.id }, { lastSeenAt: now })
        .catch((err: unknown) => this.logger.warn({ err }, 'could not touch the admin session'));
    }
    return { sessionId: row.id, adminId: row.adminId, email: row.email };
  }
}

/** Raw rows carry dates as Date (mysql2) or as UTC text (SQLite). */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
