import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorCode } from '@keyhold/shared';

export interface ApiError {
  message: string;
  code?: string;
  field?: string;
  reason?: string;
}

interface RawError {
  message?: unknown;
  extensions?: Record<string, unknown>;
}

function fromRaw(raw: RawError): ApiError {
  const ext = raw.extensions ?? {};
  return {
    message: typeof raw.message === 'string' ? raw.message : 'Unknown error',
    code: typeof ext.code === 'string' ? ext.code : undefined,
    field: typeof ext.field === 'string' ? ext.field : undefined,
    reason: typeof ext.reason === 'string' ? ext.reason : undefined,
  };
}

/**
 * The GraphQL errors behind an Apollo error. A non-2xx answer served as plain
 * `application/json` reaches us as a ServerError whose body still holds them.
 */
export function apiErrorsOf(error: unknown): ApiError[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((e) => fromRaw(e));
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: RawError[] };
      if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors.map(fromRaw);
    } catch {
      // Not JSON (a proxy's error page, say): fall through to the status line.
    }
    return [
      { message: `The server answered ${error.statusCode}`, code: codeForStatus(error.statusCode) },
    ];
  }
  if (error instanceof Error) return [{ message: error.message }];
  return [{ message: 'Unknown error' }];
}

function codeForStatus(status: number): string | undefined {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 429) return ErrorCode.TOO_MANY_REQUESTS;
  return undefined;
}

export function hasErrorCode(error: unknown, code: ErrorCode): boolean {
  return apiErrorsOf(error).some((e) => e.code === code);
}

/** fetch() rejecting: offline, DNS, connection refused or reset. Browsers word it differently. */
export function isNetworkError(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /failed to fetch|networkerror|load failed|network request failed/i.test(error.message)
  );
}

/** One human sentence for a notification or an alert. */
export function describeError(error: unknown): string {
  if (isNetworkError(error)) {
    return 'Keyhold could not be reached. Check your connection, then try again.';
  }
  if (ServerError.is(error) && error.statusCode >= 502 && error.statusCode <= 504) {
    return `Keyhold is not answering right now (HTTP ${error.statusCode}). Try again in a moment.`;
  }
  const errors = apiErrorsOf(error);
  const first = errors[0];
  if (!first) return 'Something went wrong';
  switch (first.code) {
    case ErrorCode.TOO_MANY_REQUESTS:
      return 'Too many attempts. Wait a minute and try again.';
    case ErrorCode.FORBIDDEN:
      return 'You are not allowed to do this.';
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 'The server hit an unexpected error. Try again.';
    default:
      return first.message;
  }
}
