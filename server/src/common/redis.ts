import { Redis } from 'ioredis';
import type { Logger } from './logger';

const CHANGES_CHANNEL = 'keyhold:api-key-changes';

/**
 * The optional Redis connection (REDIS_URL): shared counters and key-change notifications.
 * Redis is never a single point of failure: commands are not queued while it is away (each
 * caller falls back at once: counters to this replica's memory, notifications to polling), and
 * the client keeps reconnecting in the background, so Redis is used again as soon as it answers.
 */
export class RedisHub {
  readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly listeners: ((key: string) => void)[] = [];
  /** Operations that had to fall back because Redis was not available (for the metric). */
  fallbacks = 0;
  private wasUp = false;

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    const options = {
      // Fail fast instead of queueing: a caller falls back rather than waiting for Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 500,
      // Keep trying for ever, quickly: Redis coming back is used again without a restart.
      retryStrategy: (times: number) => Math.min(100 * times, 1000),
      lazyConnect: false,
    };
    this.client = new Redis(url, options);
    this.subscriber = new Redis(url, {
      ...options,
      commandTimeout: undefined,
      autoResubscribe: false,
    });
    for (const connection of [this.client, this.subscriber]) {
      // ioredis emits 'error' on every failed reconnection; they are expected during an outage.
      connection.on('error', () => undefined);
    }
    this.client.on('ready', () => {
      if (!this.wasUp) this.logger.info('redis is available');
      this.wasUp = true;
    });
    this.client.on('close', () => {
      if (this.wasUp)
        this.logger.warn('redis went away; falling back to local counters and polling');
      this.wasUp = false;
    });
    this.subscriber.on('message', (_channel: string, key: string) => {
      for (const listener of this.listeners) listener(key);
    });
    // Subscribed on every (re)connection: with no offline queue, a subscribe sent before the
    // connection is ready would be dropped.
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(CHANGES_CHANNEL).catch(() => undefined);
    });
  }

  get up(): boolean {
    return this.client.status === 'ready';
  }

  /** Counts one operation that ran without Redis. */
  fellBack(): void {
    this.fallbacks++;
  }

  /** Tells every replica (this one included) that a key changed; false when Redis is away. */
  async publishChange(key: string): Promise<boolean> {
    if (!this.up) {
      this.fellBack();
      return false;
    }
    try {
      await this.client.publish(CHANGES_CHANNEL, key);
      return true;
    } catch {
      this.fellBack();
      return false;
    }
  }

  onChange(listener: (key: string) => void): void {
    this.listeners.push(listener);
  }

  /** PING within the readiness probe's patience. */
  async ping(timeoutMs = 500): Promise<boolean> {
    if (!this.up) return false;
    try {
      const answer = await Promise.race([
        this.client.ping(),
        new Promise<string>((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), timeoutMs).unref(),
        ),
      ]);
      return answer === 'PONG';
    } catch {
      return false;
    }
  }

  close(): void {
    this.client.disconnect();
    this.subscriber.disconnect();
  }
}
