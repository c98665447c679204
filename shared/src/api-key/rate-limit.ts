/** A key's own rate limit: requests per window. The server's input rules and the web form read these. */
export const RATE_LIMIT_BOUNDS = {
  limit: { min: 1, max: 1_000_000 },
  windowSeconds: { min: 1, max: 86_400 },
} as const;

export const MAX_RATE_LIMIT = RATE_LIMIT_BOUNDS.limit.max;

/** The windows the admin form offers (contract: per second, minute, hour, day); all within the bounds. */
export const RATE_LIMIT_WINDOW_CHOICES = [
  { seconds: 1, label: 'per second' },
  { seconds: 60, label: 'per minute' },
  { seconds: 3600, label: 'per hour' },
  { seconds: 86_400, label: 'per day' },
] as const;

/** True for a whole number in min..max (both included). */
export function isWholeNumberIn(value: number, bounds: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= bounds.min && value <= bounds.max;
}
