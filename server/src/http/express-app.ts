import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '@keyhold/shared';
import { digestsEqual, sha256 } from '../common/crypto';
import type { Logger } from '../common/logger';
import type { Config } from '../config/config';
import { secretScanningRouter, type GithubPublicKeys } from '../modules/secret-scanning';
import { withTimeout } from '../database/unavailable';
import type { Services } from '../services';
import { BODY_LIMIT } from './graphql-route';
import { errorHandler, methodNotAllowed, notFoundHandler, sendHttpError } from './http-errors';
import type { Metrics } from './observability';
import type { createWebApp } from './web-app';

// Readiness must answer within the probe's patience even when the database hangs.
const READY_TIMEOUT_MS = 2000;

export interface ExpressAppOptions {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  services: Services;
  metrics: Metrics;
  web: ReturnType<typeof createWebApp>;
  /** GitHub's secret scanning keys; null: the endpoint does not exist. */
  githubKeys: GithubPublicKeys | null;
}

/**
 * Everything but GraphQL, where Express earns its place: probes, metrics, the admin SPA and
 * its static files, the redirect from `/`, and the 404 / error answers. A route a module adds
 * (a webhook, say) goes here, before the SPA.
 */
export function createExpressApp({
  config,
  logger,
  dataSource,
  services,
  metrics,
  web,
  githubKeys,
}: ExpressAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.all('/healthz', methodNotAllowed(['GET', 'HEAD']));
  app.get('/readyz', async (_req, res) => {
    // Redis is optional: without it the replica works on (local counters, polling), so it is
    // reported but never makes the replica unready.
    const redis = services.redis ? { redis: (await services.redis.ping()) ? 'up' : 'down' } : {};
    try {
      await withTimeout(dataSource.query('SELECT 1'), READY_TIMEOUT_MS);
      res.json({ status: 'ready', ...redis });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'database unavailable', ...redis });
    }
  });
  const metricsTokenDigest = config.metricsToken ? sha256(config.metricsToken) : null;
  app.get('/metrics', async (req, res) => {
    if (metricsTokenDigest) {
      const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!digestsEqual(sha256(presented), metricsTokenDigest)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return sendHttpError(
          res,
          401,
          ErrorCode.UNAUTHENTICATED,
          'Metrics require the metrics token',
        );
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.all(['/readyz', '/metrics'], methodNotAllowed(['GET', 'HEAD']));

  app.get('/', (_req, res) => res.redirect(302, '/admin/api-keys'));
  const readOnly = methodNotAllowed(['GET', 'HEAD']);
  app.use('/admin', (req, res, next) =>
    req.method === 'GET' || req.method === 'HEAD' ? next() : readOnly(req, res, next),
  );
  app.use('/admin', web.router);
  app.all('/', readOnly);
  if (githubKeys) app.use(secretScanningRouter(githubKeys, services.apiKeys, logger));

  app.use(notFoundHandler);
  app.use(errorHandler(logger, BODY_LIMIT));
  return app;
}
