import express, { Router, type Request, type Response } from 'express';
import { ErrorCode, isApiSecretFormat } from '@keyhold/shared';
import { sha256Hex } from '../../common/crypto';
import type { Logger } from '../../common/logger';
import { responseRequestId } from '../../common/request-context';
import { methodNotAllowed, sendHttpError } from '../../http/http-errors';
import type { GithubPublicKeys } from './github-public-keys';

export const SECRET_SCANNING_PATH = '/secret-scanning/github';
export const SECRET_SCANNING_ACTOR = 'secret-scanning:github';
const TOKEN_TYPE = 'keyhold_api_secret';
const MAX_REPORTS = 1000;

/** What the router needs of the API keys module. */
export interface LeakedSecretSink {
  reportLeaked(
    secretDigest: string,
    actor: string,
    details: { url: string | null; source: string | null },
  ): Promise<boolean>;
}

interface Report {
  token: string;
  type: string;
  url: string | null;
  source: string | null;
}

const bounded = (value: unknown, max: number): string | null =>
  typeof value === 'string' ? value.slice(0, max) : null;

/**
 * GitHub's secret scanning partner endpoint: a signed JSON array of found tokens; each that is a
 * live Keyhold secret disables its key. Answers GitHub's format: one label per token, by hash.
 */
export function secretScanningRouter(
  keys: GithubPublicKeys,
  apiKeys: LeakedSecretSink,
  logger: Logger,
): Router {
  const router = Router();
  router.post(
    SECRET_SCANNING_PATH,
    express.raw({ type: () => true, limit: '1mb' }),
    async (req: Request, res: Response) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const keyId = req.get('github-public-key-identifier') ?? '';
      const signature = req.get('github-public-key-signature') ?? '';
      if (!keyId || !signature || !keys.verify(keyId, signature, body)) {
        logger.warn(
          { requestId: responseRequestId(res) },
          'secret scanning report with a bad or missing signature',
        );
        return sendHttpError(
          res,
          401,
          ErrorCode.UNAUTHENTICATED,
          'Missing or invalid Github-Public-Key-Signature',
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return sendHttpError(res, 400, ErrorCode.BAD_REQUEST, 'The body must be a JSON array');
      }
      if (!Array.isArray(parsed) || parsed.length > MAX_REPORTS) {
        return sendHttpError(
          res,
          400,
          ErrorCode.BAD_REQUEST,
          `The body must be a JSON array of at most ${MAX_REPORTS} reports`,
        );
      }
      const reports: Report[] = parsed.map((item: unknown) => {
        const r = (item ?? {}) as Record<string, unknown>;
        return {
          token: typeof r.token === 'string' ? r.token : '',
          type: bounded(r.type, 100) ?? TOKEN_TYPE,
          url: bounded(r.url, 2048),
          source: bounded(r.source, 64),
        };
      });
      const answer = [];
      let leaked = 0;
      for (const report of reports) {
        const live =
          isApiSecretFormat(report.token) &&
          (await apiKeys.reportLeaked(sha256Hex(report.token), SECRET_SCANNING_ACTOR, {
            url: report.url,
            source: report.source,
          }));
        if (live) leaked++;
        answer.push({
          token_hash: sha256Hex(report.token),
          token_type: report.type,
          label: live ? 'true_positive' : 'false_positive',
        });
      }
      logger.info(
        { requestId: responseRequestId(res), reports: reports.length, leaked },
        'secret scanning report handled',
      );
      res.json(answer);
    },
  );
  router.all(SECRET_SCANNING_PATH, methodNotAllowed(['POST']));
  return router;
}
