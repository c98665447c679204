import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Lines about a request carry its id (`requestId`), passed explicitly by the caller. Credentials never reach the logger:
 * request headers are not logged, and these paths are redacted as a second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'secret',
          '*.secret',
          'password',
          '*.password',
          'headers.authorization',
          'headers.cookie',
          'headers["x-api-secret"]',
          'variables',
          // Database errors carry the statement's values (mysql2 inlines them into `sql`).
          'err.parameters',
          'err.sql',
          'err.driverError.parameters',
          'err.driverError.sql',
          'err.query',
        ],
        censor: '[redacted]',
      },
    },
    // Synchronous: the last lines before an exit (shutdown, a failed start) must not be lost.
    pino.destination({ dest: 1, sync: true }),
  );
}
