import type { Logger } from './common/logger';
import type { AuditService } from './modules/audit';
import type { AdminService } from './modules/auth';
import type { UsageInsightService } from './modules/usage';
import { systemClock, type Clock } from './common/clock';

export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 86_400_000;

/**
 * Deletes what has outlived its use: admin sessions past their end or idle timeout, audit
 * events and finished webhook deliveries older than AUDIT_RETENTION_DAYS, and per-address and per-scope usage older than 90 days. Runs shortly after start and then every hour on every
 * replica; the deletes are idempotent, so replicas running it together do no harm.
 */
export class Housekeeping {
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly admins: AdminService,
    private readonly audit: AuditService,
    private readonly insight: UsageInsightService,
    private readonly auditRetentionDays: number,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    /** Webhook deliveries that succeeded or failed are kept as long as audit events. */
    private readonly deliveries?: { purgeFinishedBefore(before: Date): Promise<number> },
  ) {}

  start(intervalMs = HOUSEKEEPING_INTERVAL_MS): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
    // Not during start itself: a replica that restarts often should not purge on every start.
    this.first = setTimeout(() => void this.run(), Math.min(intervalMs, 60_000));
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.first.unref();
    this.timer.unref();
  }

  /** Stops the schedule and waits for a sweep under way, so the database can close after it. */
  async stop(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep; overlapping calls share it. Failures are logged and retried next time. */
  run(now = this.clock.now()): Promise<void> {
    this.running ??= this.sweep(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweep(now: Date): Promise<void> {
    try {
      const sessions = await this.admins.purgeExpiredSessions(now);
      const retainedSince = new Date(now.getTime() - this.auditRetentionDays * DAY_MS);
      const events = await this.audit.purgeBefore(retainedSince);
      const insightRows = await this.insight.purge(now);
      const deliveries = (await this.deliveries?.purgeFinishedBefore(retainedSince)) ?? 0;
      if (sessions || events || insightRows || deliveries) {
        this.logger.info(
          { sessions, auditEvents: events, insightRows, webhookDeliveries: deliveries },
          'housekeeping deleted expired rows',
        );
      }
    } catch (err) {
      this.logger.warn({ err }, 'housekeeping failed; will retry');
    }
  }
}
