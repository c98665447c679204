import type { DataSource, QueryRunner } from 'typeorm';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { isMysql } from '../../database/dialect';
import type { ApiKeyService } from '../api-keys';
import type { UsageService } from '../usage';
import type { KeyPolicyService } from './key-policy.service';

const DAY_MS = 86_400_000;
const BATCH = 500;
const EXPIRED_LOOKBACK_DAYS = 7;
/** The MySQL named lock that lets one replica at a time sweep. */
export const POLICY_SWEEP_LOCK = 'keyhold_policy_sweep';

export interface SweepResult {
  /** False when another replica held the sweep. */
  ran: boolean;
  disabled: number;
  reminded: number;
}

/**
 * Applies the key policy over time: disables keys unused for `disableUnusedAfterDays` and
 * records expiry reminders. Runs every POLICY_SWEEP_SECONDS on exactly one replica at a time:
 * on MySQL the replica that takes a named lock (GET_LOCK, on a connection of its own, held for
 * the sweep) sweeps and the others skip that round; SQLite is one process. Each step checks
 * again under the key's row lock and reminders are remembered in the database, so a sweep
 * repeated or interrupted does no work twice.
 */
export class PolicySweep {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: KeyPolicyService,
    private readonly apiKeys: ApiKeyService,
    private readonly usage: UsageService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalSeconds: number,
  ) {}

  start(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.run(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep; overlapping calls on this replica share it. Failures are logged and retried. */
  run(): Promise<SweepResult> {
    this.running ??= this.exclusive().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async exclusive(): Promise<SweepResult> {
    const skipped = { ran: false, disabled: 0, reminded: 0 };
    let runner: QueryRunner | undefined;
    try {
      if (isMysql(this.dataSource)) {
        runner = this.dataSource.createQueryRunner();
        const [row] = (await runner.query('SELECT GET_LOCK(?, 0) AS locked', [
          POLICY_SWEEP_LOCK,
        ])) as { locked: unknown }[];
        if (Number(row?.locked) !== 1) return skipped;
      }
      try {
        return await this.sweep();
      } finally {
        await runner?.query('SELECT RELEASE_LOCK(?)', [POLICY_SWEEP_LOCK]);
      }
    } catch (err) {
      this.logger.warn({ err }, 'policy sweep failed; will retry');
      return skipped;
    } finally {
      await runner?.release();
    }
  }

  private async sweep(): Promise<SweepResult> {
    // This replica's uses count before any key is called unused.
    await this.usage.flush();
    const policy = await this.policies.get();
    const now = this.clock.now();
    let disabled = 0;
    let reminded = 0;
    if (policy.disableUnusedAfterDays !== null) {
      const days = policy.disableUnusedAfterDays;
      const cutoff = new Date(now.getTime() - days * DAY_MS);
      for (let after = ''; ;) {
        const keys = await this.apiKeys.findUnusedSince(cutoff, after, BATCH);
        for (const key of keys) {
          const pending = this.usage.pendingLastUse(key.id)?.at ?? null;
          const done = await this.apiKeys.autoDisable(key.id, cutoff, pending, {
            reason: `unused for ${days} days`,
            unusedForDays: days,
          });
          if (done) disabled++;
        }
        if (keys.length < BATCH) break;
        after = keys.at(-1)!.id;
      }
    }
    if (policy.expiryReminderDays.length) {
      const furthest = Math.max(...policy.expiryReminderDays);
      const until = new Date(now.getTime() + furthest * DAY_MS);
      for (let after = ''; ;) {
        const keys = await this.apiKeys.findExpiringBetween(now, until, after, BATCH);
        for (const key of keys) {
          const left = key.expiresAt!.getTime() - now.getTime();
          const reached = policy.expiryReminderDays.filter((d) => left <= d * DAY_MS);
          if (reached.length && (await this.apiKeys.remindExpiry(key, reached, now))) reminded++;
        }
        if (keys.length < BATCH) break;
        after = keys.at(-1)!.id;
      }
    }
    // Keys that passed their expiry since the last sweeps (a week back covers any downtime):
    // one `api_key.expired` event each.
    let expired = 0;
    for (let after = ''; ;) {
      const keys = await this.apiKeys.findExpiredBetween(
        new Date(now.getTime() - EXPIRED_LOOKBACK_DAYS * DAY_MS),
        now,
        after,
        BATCH,
      );
      for (const key of keys) if (await this.apiKeys.markExpired(key, now)) expired++;
      if (keys.length < BATCH) break;
      after = keys.at(-1)!.id;
    }
    if (disabled || reminded || expired) {
      this.logger.info({ disabled, reminded, expired }, 'policy sweep acted on keys');
    }
    return { ran: true, disabled, reminded };
  }
}
