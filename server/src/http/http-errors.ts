import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import accepts from 'accepts';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import typeIs from 'type-is';
import { ErrorCode } from '@keyhold/shared';
import type { Logger } from '../common/logger';
import { responseRequestId } from '../common/request-context';
import { isDatabaseUnavailable } from '../database/unavailable';

/** Ends a plain node response with a JSON body (what Express's `res.send` would add, minus ETag). */
export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(res.req?.method === 'HEAD' ? undefined : body);
}

/** Every answer that is not GraphQL's own has GraphQL's error shape, so clients parse one thing. */
export function sendHttpError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  sendJson(
    res,
    status,
    JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }),
  );
}

/** 405 with `Allow` for a route that exists but not for this method. */
export function methodNotAllowed(allowed: string[]): RequestHandler {
  return (req, res) => sendMethodNotAllowed(req, res, allowed);
}

export function sendMethodNotAllowed(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: string[],
): void {
  res.setHeader('Allow', allowed.join(', '));
  sendHttpError(
    res,
    405,
    ErrorCode.METHOD_NOT_ALLOWED,
    `Method ${/^[A-Z-]{1,20}$/.test(req.method ?? '') ? req.method : ''} not allowed here; use ${allowed.join(' or ')}`,
  );
}

export function notFoundHandler(_req: IncomingMessage, res: ServerResponse): void {
  sendHttpError(res, 404, ErrorCode.NOT_FOUND, 'Not found');
}

const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

/**
 * A POST to /graphql must have a body and say it sends JSON; anything else is 415, not a parse
 * error. GET must accept a JSON answer (or no preference); otherwise 406. Answers and returns
 * false when the request is refused.
 */
export function checkGraphQLRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const { headers } = req;
  const accept = headers.accept;
  if (req.method === 'POST') {
    const length = headers['content-length'];
    if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
      sendHttpError(
        res,
        400,
        ErrorCode.BAD_REQUEST,
        'Request body is missing: send a JSON object with "query"',
      );
      return false;
    }
    if (!typeIs.hasBody(req) || !sendsJson(headers['content-type'])) {
      res.setHeader('Accept-Post', 'application/json');
      sendHttpError(
        res,
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        headers['content-type']
          ? 'Unsupported Content-Type: send application/json'
          : 'Missing Content-Type: send application/json',
      );
      return false;
    }
  }
  if (accept && !acceptsJson(accept)) {
    sendHttpError(
      res,
      406,
      ErrorCode.NOT_ACCEPTABLE,
      'Not acceptable: this endpoint answers application/json or application/graphql-response+json',
    );
    return false;
  }
  return true;
}

// Clients send the same few Content-Type and Accept values on every request: each value is
// judged once by type-is / accepts, in small bounded maps (the values are the client's).
const MAX_MEMO = 64;
function memo(judge: (value: string) => boolean): (value: string) => boolean {
  const known = new Map<string, boolean>();
  return (value) => {
    let verdict = known.get(value);
    if (verdict === undefined) {
      verdict = judge(value);
      if (known.size >= MAX_MEMO) known.clear();
      known.set(value, verdict);
    }
    return verdict;
  };
}
const jsonContentType = memo((type) => typeIs.is(type, ['application/json']) !== false);
const sendsJson = (type: string | undefined) => type !== undefined && jsonContentType(type);
const acceptsJson = memo((accept) => !!accepts({ headers: { accept } } as never).type(JSON_TYPES));

export type HttpLikeError = Error & { status?: number; statusCode?: number; type?: string };

// body-parser's error types, and what each means to the client.
const BODY_ERRORS: Record<string, [number, ErrorCode, string]> = {
  'entity.parse.failed': [400, ErrorCode.BAD_REQUEST, 'Malformed request body: not valid JSON'],
  'entity.too.large': [413, ErrorCode.PAYLOAD_TOO_LARGE, 'Request body is too large'],
  'charset.unsupported': [
    415,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    'Unsupported charset: send UTF-8 JSON',
  ],
  'encoding.unsupported': [
    415,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    'Unsupported Content-Encoding: send identity, gzip, deflate or br',
  ],
  'request.aborted': [400, ErrorCode.BAD_REQUEST, 'Request body was cut short'],
  'request.size.invalid': [
    400,
    ErrorCode.BAD_REQUEST,
    'Request body length does not match Content-Length',
  ],
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  406: ErrorCode.NOT_ACCEPTABLE,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
};

/**
 * Answers a request that failed outside GraphQL: says what was wrong with the request (bad
 * JSON, too large, not found …), 503 when the database does not answer, and masks everything
 * else as a 500 whose details go only to the log.
 */
export function sendRequestError(
  logger: Logger,
  bodyLimit: string,
  err: HttpLikeError,
  res: ServerResponse,
  requestId: string | undefined,
): void {
  const known = err.type ? BODY_ERRORS[err.type] : undefined;
  if (known) {
    const [status, code, message] = known;
    return sendHttpError(
      res,
      status,
      code,
      code === ErrorCode.PAYLOAD_TOO_LARGE ? `${message} (limit ${bodyLimit})` : message,
    );
  }
  const status = err.status ?? err.statusCode;
  if (status && status >= 400 && status < 500) {
    return sendHttpError(
      res,
      status,
      CODE_BY_STATUS[status] ?? ErrorCode.BAD_REQUEST,
      STATUS_CODES[status] ?? 'Bad request',
    );
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn({ err, requestId }, 'database unavailable');
    res.setHeader('Retry-After', '5');
    return sendHttpError(
      res,
      503,
      ErrorCode.SERVICE_UNAVAILABLE,
      'Service unavailable: the database does not answer; retry shortly',
      requestId ? { requestId } : {},
    );
  }
  logger.error({ err, requestId }, 'unhandled error');
  sendHttpError(
    res,
    500,
    ErrorCode.INTERNAL_SERVER_ERROR,
    `Internal server error (request id ${requestId})`,
    requestId ? { requestId } : {},
  );
}

/** The Express error handler (see sendRequestError). */
export function errorHandler(logger: Logger, bodyLimit: string) {
  return (err: HttpLikeError, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    sendRequestError(logger, bodyLimit, err, res, responseRequestId(res));
  };
}
