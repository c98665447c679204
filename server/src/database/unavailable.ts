// Errors that mean "the database cannot serve this now" rather than "this request is wrong" or
// "Keyhold has a bug": the server is down or unreachable (MySQL), or the file cannot be written
// (SQLite: read-only, disk full, I/O error, locked too long). They answer 503, not 500.
const MYSQL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'POOL_CLOSED',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_READ_ONLY_MODE',
  'DATABASE_TIMEOUT',
]);
const SQLITE_CODE = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOLFS)/;

const MESSAGES = [
  /Connection lost/i,
  /connect ECONNREFUSED/,
  /Pool is closed/i,
  /Can't add new command when connection is in closed state/,
  /Connection is not established/i,
  /attempt to write a readonly database/,
  /database or disk is full/,
];

export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message, name } = current as {
      code?: unknown;
      message?: unknown;
      name?: unknown;
    };
    if (typeof code === 'string' && (MYSQL_CODES.has(code) || SQLITE_CODE.test(code))) return true;
    if (name === 'ConnectionIsNotSetError' || name === 'CannotExecuteNotConnectedError')
      return true;
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    const next = current as { driverError?: unknown; cause?: unknown; originalError?: unknown };
    current = next.driverError ?? next.cause ?? next.originalError;
  }
  return false;
}

/** Rejects with a DATABASE_TIMEOUT error (unavailable) when `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`database did not answer within ${ms} ms`), {
            code: 'DATABASE_TIMEOUT',
          }),
        ),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
