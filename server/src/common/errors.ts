import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AuthFailureReason, ErrorCode } from '@keyhold/shared';
import { isDatabaseUnavailable } from '../database/unavailable';
import type { Logger } from './logger';
import { redactSecrets } from './redact';
import { requestIdOf } from './request-context';

export { AuthFailureReason, ErrorCode };

/** A domain error: its code and extensions reach the client unchanged. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export function badUserInput(field: string, problem: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `Invalid ${field}: ${problem}`, { field });
}

export function notFound(what: string, id: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `${what} ${JSON.stringify(id)} does not exist`);
}

const UNAUTHENTICATED_MESSAGES: Record<AuthFailureReason, string> = {
  [AuthFailureReason.MISSING_CREDENTIALS]:
    'Authentication required: send an API key and secret, or sign in as an admin',
  [AuthFailureReason.INVALID_CREDENTIALS]: 'Invalid API key or secret',
  [AuthFailureReason.KEY_DISABLED]: 'This API key is disabled',
  [AuthFailureReason.KEY_EXPIRED]: 'This API key has expired',
  [AuthFailureReason.IP_NOT_ALLOWED]: 'This API key may not be used from this address',
};

export function unauthenticated(
  reason: AuthFailureReason,
  message = UNAUTHENTICATED_MESSAGES[reason],
): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message, { reason });
}

export function forbidden(requiredScope: string): AppError {
  return new AppError(ErrorCode.FORBIDDEN, `This operation requires the scope "${requiredScope}"`, {
    requiredScope,
  });
}

/** Operations that only a signed-in admin may perform; an API key is refused whatever its scopes. */
export function adminOnly(): AppError {
  return new AppError(ErrorCode.FORBIDDEN, 'This operation is for admins only');
}

/** Why a request was refused with TOO_MANY_REQUESTS (`extensions.reason`). */
export type TooManyRequestsReason = 'TOO_MANY_FAILURES' | 'RATE_LIMITED';

export function tooManyRequests(
  retryAfterSeconds: number,
  reason: TooManyRequestsReason = 'TOO_MANY_FAILURES',
): AppError {
  return new AppError(
    ErrorCode.TOO_MANY_REQUESTS,
    reason === 'RATE_LIMITED'
      ? `This API key's rate limit is reached; retry in ${retryAfterSeconds} s`
      : `Too many failed authentications; retry in ${retryAfterSeconds} s`,
    { reason, retryAfter: retryAfterSeconds },
  );
}

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** The deepest failing property of a class-validator error tree, as `field` and message. */
function firstValidationFailure(
  errors: ValidationErrorLike[],
  parent?: string,
): { field: string; message: string } | null {
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const message = error.constraints && Object.values(error.constraints)[0];
    if (message) return { field, message };
    const nested = firstValidationFailure(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

// Codes that graphql-js and Apollo give to malformed requests; their messages are safe to show.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

// graphql-js's parser stops at `maxTokens` (Apollo's parseOptions) with this message.
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;
/** The contract's token limit; app.ts passes it to the parser. */
export const QUERY_TOKEN_LIMIT = 2000;

// Apollo answers these persisted-query problems with a bare GraphQLError (no code); they are
// the client's mistake (HTTP 400), not the server's.
const PERSISTED_QUERY_MESSAGES = new Set([
  'provided sha does not match query',
  'Unsupported persisted query version',
]);

/**
 * The one place errors are shaped for clients: domain errors keep their code, validation
 * failures name the field, and everything unexpected is masked (the full error is logged).
 */
export function createFormatError(logger: Logger) {
  const shape = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    // Apollo wraps what validation rules report (the query limits) in its own ValidationError.
    const original =
      unwrapped instanceof GraphQLError && unwrapped.originalError instanceof AppError
        ? unwrapped.originalError
        : unwrapped;
    const base = {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
    };
    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: { ...original.extensions } };
    }
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.test(formatted.message)) {
      return {
        ...base,
        message: `Query token limit of ${QUERY_TOKEN_LIMIT} exceeded`,
        extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'tokens' },
      };
    }
    if (
      original instanceof GraphQLError &&
      PERSISTED_QUERY_MESSAGES.has(original.message) &&
      !original.extensions.code
    ) {
      return { ...base, extensions: { code: 'BAD_REQUEST' } };
    }
    if (original instanceof GraphQLError && code === ErrorCode.BAD_USER_INPUT) {
      const validationErrors = original.extensions.validationErrors as
        ValidationErrorLike[] | undefined;
      const failure = validationErrors ? firstValidationFailure(validationErrors) : null;
      if (failure) {
        return {
          ...base,
          message: `Invalid ${failure.field}: ${failure.message}`,
          extensions: { code, field: failure.field },
        };
      }
      const variable = /Variable "\$(\w+)"/.exec(formatted.message)?.[1];
      return { ...base, extensions: { code, ...(variable ? { field: variable } : {}) } };
    }
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { ...base, extensions: { code } };
    }
    // Apollo's own request errors without a code (a persisted-query hash that does not match,
    // an unsupported persisted-query version) carry their 4xx status: the client's mistake.
    const httpStatus = (original as { extensions?: { http?: { status?: number } } } | null)
      ?.extensions?.http?.status;
    if (original instanceof GraphQLError && httpStatus && httpStatus >= 400 && httpStatus < 500) {
      return { ...base, extensions: { code: ErrorCode.BAD_REQUEST } };
    }
    const requestId = requestIdOf(error) ?? requestIdOf(unwrapped);
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, requestId }, 'database unavailable');
      return {
        ...base,
        message: 'Service unavailable: the database does not answer; retry shortly',
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, ...(requestId ? { requestId } : {}) },
      };
    }
    logger.error({ err: original, requestId }, 'unexpected error while handling a GraphQL request');
    return {
      ...base,
      message: `Internal server error${requestId ? ` (request id ${requestId})` : ''}`,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
    };
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const shaped = shape(formatted, error);
    return {
      ...shaped,
      // A secret sent in the wrong place (a mistyped variable, swapped arguments) must not come
      // back in a message that the client may log.
      message: redactSecrets(shaped.message),
    };
  };
}
