import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { createClientAddressResolver, createTrustedPeerCheck } from './common/client-address';
import type { GraphQLContext } from './common/context';
import type { Clock } from './common/clock';
import { createLogger, type Logger } from './common/logger';
import { INSTALL_ROOT, type Config } from './config/config';
import { createDataSource, runMigrations } from './database/data-source';
import { QueryLogger } from './database/query-logger';
import { AnswerCache } from './http/answer-cache';
import { startApollo } from './http/apollo';
import { createAuthenticator } from './http/authenticate';
import { createExpressApp } from './http/express-app';
import { createGraphQLRoute } from './http/graphql-route';
import { createMetrics, createRequestObserver } from './http/observability';
import { createHttpServer } from './http/server';
import { createWebApp } from './http/web-app';
import { GithubPublicKeys } from './modules/secret-scanning';
import { assertSecretKeyMatches } from './modules/webhooks';
import { createServices, type Services } from './services';

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

/** What runs beside the requests, started with the app and stopped (in this order) on close. */
interface BackgroundService {
  start(): unknown;
  stop(): unknown;
}

function backgroundServices(services: Services): BackgroundService[] {
  return [
    services.changes,
    services.housekeeping,
    services.policySweep,
    services.webhookDispatcher,
    services.usage,
  ];
}

/** The database, migrated; the query logger counts statements for /metrics. */
async function openDatabase(config: Config, logger: Logger) {
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
  return { dataSource, queryLogger };
}

/**
 * The HTTP side: the node:http server, the GraphQL route on it (no Express), Apollo behind
 * that route, and the Express app for everything else.
 */
async function createHttp(
  config: Config,
  logger: Logger,
  dataSource: DataSource,
  services: Services,
  queryLogger: QueryLogger,
) {
  const metrics = createMetrics(
    () => queryLogger.queries,
    () => services.redis?.fallbacks ?? 0,
  );
  const http = createHttpServer(createRequestObserver(logger, metrics));
  const web = createWebApp(config.staticDir ?? join(INSTALL_ROOT, 'web', 'dist'));
  // Integrators' reads of stored key attributes are answered from memory until a key changes.
  const answers = new AnswerCache(services.clock);
  services.changes.onChange(() => answers.clear());
  const { apollo, lean } = await startApollo(config, logger, http.server, answers);
  http.route(
    '/graphql',
    createGraphQLRoute({
      apollo,
      lean,
      services,
      logger,
      authenticate: createAuthenticator(services, metrics),
      resolveClientAddress: createClientAddressResolver(config.trustProxy),
      isTrustedPeer: createTrustedPeerCheck(config.trustProxy),
      sendExplorer: web.sendIndex,
    }),
  );
  // Unconfigured, the secret scanning endpoint does not exist (404 like any unknown path).
  const githubKeys = config.secretScanningPublicKeys
    ? new GithubPublicKeys(config.secretScanningPublicKeys)
    : null;
  http.fallback(
    createExpressApp({ config, logger, dataSource, services, metrics, web, githubKeys }),
  );
  return { server: http.server, apollo };
}

/** The composition root: database, services, HTTP, background work, and their lifecycle. */
export async function createApp(
  config: Config,
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const { dataSource, queryLogger } = await openDatabase(config, logger);
  let services: Services;
  try {
    services = createServices(config, dataSource, logger, options.clock);
    // Signing secrets stored under another SECRET_ENCRYPTION_KEY would be unreadable: refuse.
    await assertSecretKeyMatches(dataSource, services.secretBox);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  const initialAdmin = await services.admins.ensureInitialAdmin(
    config.adminEmail,
    config.adminPassword,
  );
  if (initialAdmin) logger.info({ email: initialAdmin.email }, 'created the first admin');
  const { server, apollo } = await createHttp(config, logger, dataSource, services, queryLogger);
  const background = backgroundServices(services);
  for (const service of background) await service.start();

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
      for (const service of background) await service.stop();
      services.redis?.close();
      await dataSource.destroy();
    },
  };
}
