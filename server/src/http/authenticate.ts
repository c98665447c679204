import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthFailureReason } from '@keyhold/shared';
import { ALL_SCOPES, ANONYMOUS, type Principal } from '../common/context';
import { tooManyRequests, unauthenticated, type AppError } from '../common/errors';
import type { Services } from '../services';
import { clearSessionCookie, readSessionCookie } from '../modules/auth';
import { readCredentials } from './credentials';
import { sendJson } from './http-errors';
import type { Metrics } from './observability';

function sendError(res: ServerResponse, status: number, error: AppError): void {
  // Same bytes for every INVALID_CREDENTIALS answer: nothing tells an unknown key from a wrong secret.
  sendJson(
    res,
    status,
    JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] }),
  );
}

/**
 * Decides the request's principal before GraphQL runs: an API key (key + secret headers) or an
 * admin session cookie; neither is anonymous. Bad credentials end the request with 401, too
 * many failures with 429 and Retry-After: then the answer is sent and the result is null.
 * Throws what the stores throw (a database that does not answer).
 */
export function createAuthenticator(services: Services, metrics: Metrics) {
  const authentications = new Map<string, { inc(): void }>();
  const count = (result: string) => {
    let counter = authentications.get(result);
    if (!counter) {
      counter = metrics.authentications.labels({ result });
      authentications.set(result, counter);
    }
    counter.inc();
  };
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    ip: string,
  ): Promise<Principal | null> => {
    const credentials = readCredentials(req.headers);
    if (credentials.kind === 'malformed') {
      count('MALFORMED');
      res.setHeader('WWW-Authenticate', 'Basic realm="keyhold"');
      sendError(res, 401, unauthenticated(AuthFailureReason.INVALID_CREDENTIALS));
      return null;
    }
    if (credentials.kind === 'api-key') {
      const outcome = await services.authenticator.authenticate(
        credentials.key,
        credentials.secret,
        ip,
      );
      count(outcome.ok ? 'OK' : outcome.reason);
      const rate = outcome.ok ? outcome.rate : outcome.reason === 'RATE_LIMITED' && outcome.rate;
      if (rate) {
        // Every answer to a key that has a limit says where it stands (IETF RateLimit fields).
        res.setHeader('RateLimit-Limit', String(rate.limit));
        res.setHeader('RateLimit-Remaining', String(rate.remaining));
        res.setHeader('RateLimit-Reset', String(rate.resetSeconds));
      }
      if (!outcome.ok) {
        if (outcome.reason === 'RATE_LIMITED' || outcome.reason === 'TOO_MANY_FAILURES') {
          res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
          sendError(res, 429, tooManyRequests(outcome.retryAfterSeconds, outcome.reason));
          return null;
        }
        res.setHeader('WWW-Authenticate', 'Basic realm="keyhold"');
        sendError(res, 401, unauthenticated(outcome.reason));
        return null;
      }
      return { kind: 'API_KEY', scopes: outcome.record.scopes, key: outcome.record };
    }
    const token = readSessionCookie(req);
    const session = token ? await services.admins.resolveSession(token) : null;
    if (session) return { kind: 'ADMIN', scopes: ALL_SCOPES, session };
    if (req.headers.cookie?.includes('keyhold_session=')) clearSessionCookie(res);
    return ANONYMOUS;
  };
}

export type Authenticate = ReturnType<typeof createAuthenticator>;
