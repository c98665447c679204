import type { NextFunction, Request, Response } from 'express';
import { AuthFailureReason } from '@keyhold/shared';
import { ALL_SCOPES, ANONYMOUS, type Principal } from '../common/context';
import { tooManyRequests, unauthenticated, type AppError } from '../common/errors';
import type { Services } from '../services';
import { clearSessionCookie, readSessionCookie } from '../modules/auth';
import { readCredentials } from './credentials';
import type { Metrics } from './observability';

function sendError(res: Response, status: number, error: AppError): void {
  // Same bytes for every INVALID_CREDENTIALS answer: nothing tells an unknown key from a wrong secret.
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] }));
}

/**
 * Decides the request's principal before GraphQL runs: an API key (key + secret headers) or an
 * admin session cookie; neither is anonymous. Bad credentials end the request with 401, too
 * many failures with 429 and Retry-After.
 */
export function authenticate(
  services: Services,
  metrics: Metrics,
  resolveClientAddress: (socket: string | undefined, xff: string | string[] | undefined) => string,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const ip = resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
    res.locals.ip = ip;
    const credentials = readCredentials(req.headers);
    let principal: Principal = ANONYMOUS;
    try {
      if (credentials.kind === 'malformed') {
        metrics.authentications.inc({ result: 'MALFORMED' });
        res.setHeader('WWW-Authenticate', 'Basic realm="keyhold"');
        return sendError(res, 401, unauthenticated(AuthFailureReason.INVALID_CREDENTIALS));
      }
      if (credentials.kind === 'api-key') {
        const outcome = await services.authenticator.authenticate(
          credentials.key,
          credentials.secret,
          ip,
        );
        metrics.authentications.inc({ result: outcome.ok ? 'OK' : outcome.reason });
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
            return sendError(res, 429, tooManyRequests(outcome.retryAfterSeconds, outcome.reason));
          }
          res.setHeader('WWW-Authenticate', 'Basic realm="keyhold"');
          return sendError(res, 401, unauthenticated(outcome.reason));
        }
        principal = { kind: 'API_KEY', scopes: outcome.record.scopes, key: outcome.record };
      } else {
        const token = readSessionCookie(req);
        const session = token ? await services.admins.resolveSession(token) : null;
        if (session) principal = { kind: 'ADMIN', scopes: ALL_SCOPES, session };
        else if (req.headers.cookie?.includes('keyhold_session=')) clearSessionCookie(res);
      }
    } catch (err) {
      return next(err);
    }
    res.locals.principal = principal;
    next();
  };
}
