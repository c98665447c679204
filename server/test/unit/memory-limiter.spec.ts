import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryLimiter } from '../../src/modules/auth/memory-limiter';
import { TestClock } from '../support/clock';

describe('memoryLimiter', () => {
  it('counts a window on the clock it is given: it ends when the clock passes it', async () => {
    const clock = new TestClock();
    const limiter = memoryLimiter({ points: 2, duration: 60 }, clock);
    expect((await limiter.consume('k')).remainingPoints).toBe(1);
    clock.advance(20_000);
    const second = await limiter.consume('k');
    expect(second.remainingPoints).toBe(0);
    expect(second.msBeforeNext).toBe(40_000);
    const refused = await limiter.consume('k').catch((r: unknown) => r);
    expect(refused).toBeInstanceOf(RateLimiterRes);
    expect((refused as RateLimiterRes).msBeforeNext).toBe(40_000);
    await limiter.reward('k', 1);
    expect((await limiter.get('k'))?.consumedPoints).toBe(2);
    clock.advance(40_000);
    const fresh = await limiter.consume('k');
    expect(fresh.remainingPoints).toBe(1);
    expect(fresh.msBeforeNext).toBe(60_000);
    expect(await limiter.delete('k')).toBe(true);
    expect(await limiter.get('k')).toBeNull();
  });

  it('keeps a window while the clock stands still', async () => {
    const clock = new TestClock();
    const limiter = memoryLimiter({ points: 1, duration: 1 }, clock);
    await limiter.consume('k');
    await new Promise((r) => setTimeout(r, 20));
    await expect(limiter.consume('k')).rejects.toBeInstanceOf(RateLimiterRes);
  });
});
