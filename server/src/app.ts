import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '@keyhold/shared';
import { createClientAddressResolver, createTrustedPeerCheck } from './common/client-address';
import type { GraphQLContext, Principal } from './common/context';
import type { Clock } from './common/clock';
import { createFormatError } from './common/errors';
import { createLogger, type Logger } from './common/logger';
import { digestsEqual, sha256 } from './common/crypto';
import { currentRequestId } from './common/request-context';
import { INSTALL_ROOT, type Config } from './config/config';
import { createDataSource, runMigrations } from './database/data-source';
import { withTimeout } from './database/unavailable';
import { QueryLogger } from './database/query-logger';
import {
  httpStatusPlugin,
  introspectionGuardPlugin,
  operationNamePlugin,
  suggestionsGuardPlugin,
  operationTypePlugin,
  scopeUsePlugin,
} from './http/apollo-plugins';
import { costLimitPlugin, QUERY_LIMITS, queryLimitRules } from './http/query-limits';
import { authenticate } from './http/authenticate.middleware';
import {
  errorHandler,
  methodNotAllowed,
  notFoundHandler,
  requireJson,
  sendHttpError,
} from './http/http-errors';
import { createMetrics, requestObservability } from './http/observability';
import { createWebApp } from './http/web-app';
import { GithubPublicKeys, secretScanningRouter } from './modules/secret-scanning';
import { assertSecretKeyMatches } from './modules/webhooks';
import { getSchema } from './schema';
import { createLoaders, createServices, type Services } from './services';

export interface App {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  services: Services;
  server: Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Initial admin created at this start, if any (the generated password is only here). */
  initialAdmin: { email: string; generatedPassword?: string } | null;
  listen(): Promise<string>;
  close(): Promise<void>;
}

const BODY_LIMIT = '100kb';

/**
 * For every answer (the SPA and the explorer above all): scripts only from our own origin, no
 * inline script or eval; inline styles are allowed because Mantine and GraphiQL's editor set
 * them at run time; the editor's workers are our own bundled files. No framing by anyone.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Readiness must answer within the probe's patience even when the database hangs.
const READY_TIMEOUT_MS = 2000;

export async function createApp(
  config: Config,
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const queryLogger = new QueryLogger(logger);
  const dataSource = createDataSource(config.database, queryLogger);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  let services: Services;
  try {
    services = createServices(config, dataSource, logger, options.clock);
    await assertSecretKeyMatches(dataSource, services.secretBox);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  const githubKeys = config.secretScanningPublicKeys
    ? new GithubPublicKeys(config.secretScanningPublicKeys)
    : null;
  const initialAdmin = await services.admins.ensureInitialAdmin(
    config.adminEmail,
    config.adminPassword,
  );
  if (initialAdmin) logger.info({ email: initialAdmin.email }, 'created the first admin');

  const metrics = createMetrics(
    () => queryLogger.queries,
    () => services.redis?.fallbacks ?? 0,
  );
  const expressApp = express();
  const server = createServer(expressApp);
  expressApp.disable('x-powered-by');
  expressApp.set('etag', false);
  expressApp.use(requestObservability(logger, metrics));
  expressApp.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  });

  expressApp.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  expressApp.all('/healthz', methodNotAllowed(['GET', 'HEAD']));
  expressApp.get('/readyz', async (_req, res) => {
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
  expressApp.get('/metrics', async (req, res) => {
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
  expressApp.all(['/readyz', '/metrics'], methodNotAllowed(['GET', 'HEAD']));

  const web = createWebApp(config.staticDir ?? join(INSTALL_ROOT, 'web', 'dist'));
  expressApp.get('/', (_req, res) => res.redirect(302, '/admin/api-keys'));
  const readOnly = methodNotAllowed(['GET', 'HEAD']);
  expressApp.use('/admin', (req, res, next) =>
    req.method === 'GET' || req.method === 'HEAD' ? next() : readOnly(req, res, next),
  );
  expressApp.use('/admin', web.router);
  expressApp.all('/', readOnly);

  const schema = getSchema();
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // The contract's query limits: tokens while parsing, the rest as validation rules and,
    // once variables are known, the cost.
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    validationRules: queryLimitRules,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns signals: it also flushes usage and closes the database.
    stopOnTerminationSignals: false,
    // Plain `GET /graphql?query=…` must work for integrators. Cross-site requests cannot ride an
    // admin session (the cookie is SameSite=Strict) and API keys travel in headers, so Apollo's
    // preflight-forcing CSRF check would only get in the way.
    csrfPrevention: false,
    formatError: createFormatError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      httpStatusPlugin,
      operationNamePlugin,
      operationTypePlugin,
      introspectionGuardPlugin(config.production),
      suggestionsGuardPlugin(config.production),
      costLimitPlugin(schema),
      scopeUsePlugin,
    ],
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();

  const resolveClientAddress = createClientAddressResolver(config.trustProxy);
  const isTrustedPeer = createTrustedPeerCheck(config.trustProxy);
  expressApp.get('/graphql', (req, res, next) => {
    // A browser navigating here gets the explorer; API clients get GraphQL over GET.
    if (
      req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) ===
      'text/html'
    ) {
      return web.sendIndex(req, res);
    }
    next();
  });
  expressApp.all('/graphql', (req, res, next) =>
    req.method === 'GET' || req.method === 'POST'
      ? next()
      : methodNotAllowed(['GET', 'POST'])(req, res, next),
  );
  expressApp.use(
    '/graphql',
    requireJson,
    express.json({ limit: BODY_LIMIT }),
    (req: Request, res: Response, next: NextFunction) => {
      // Secure cookies over https, also when TLS ends at a trusted proxy.
      res.locals.secure =
        'encrypted' in req.socket ||
        (isTrustedPeer(req.socket.remoteAddress) && req.headers['x-forwarded-proto'] === 'https');
      next();
    },
    authenticate(services, metrics, resolveClientAddress),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        requestId: currentRequestId() ?? '',
        ip: res.locals.ip as string,
        principal: res.locals.principal as Principal,
        services,
        loaders: createLoaders(services),
        exercisedScopes: [],
        req,
        res,
      }),
    }),
  );
  // Unconfigured, the endpoint does not exist (404 like any unknown path).
  if (githubKeys) expressApp.use(secretScanningRouter(githubKeys, services.apiKeys, logger));
  expressApp.use(notFoundHandler);
  expressApp.use(errorHandler(logger, BODY_LIMIT));

  services.usage.start();
  services.changes.start();
  services.housekeeping.start();
  services.policySweep.start();
  await services.webhookDispatcher.start();

  let closed = false;
  return {
    config,
    logger,
    dataSource,
    services,
    server,
    apollo,
    initialAdmin,
    listen: () =>
      new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { address, port } = server.address() as AddressInfo;
          resolveListen(`http://${address.includes(':') ? `[${address}]` : address}:${port}`);
        });
      }),
    async close() {
      if (closed) return;
      closed = true;
      // apollo.stop() runs the drain plugin: stop accepting, let in-flight requests finish.
      await apollo.stop();
      services.changes.stop();
      await services.housekeeping.stop();
      await services.policySweep.stop();
      await services.webhookDispatcher.stop();
      await services.usage.stop();
      services.redis?.close();
      await dataSource.destroy();
    },
  };
}
