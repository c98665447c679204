/** The `extensions.code` of every GraphQL error Keyhold returns. Server and web switch on it. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** The document is over one of the query limits; `extensions.limit` names it. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** `extensions.reason` of an UNAUTHENTICATED error. */
export enum AuthFailureReason {
  MISSING_CREDENTIALS = 'MISSING_CREDENTIALS',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  KEY_DISABLED = 'KEY_DISABLED',
  KEY_EXPIRED = 'KEY_EXPIRED',
  IP_NOT_ALLOWED = 'IP_NOT_ALLOWED',
}

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 200,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};
