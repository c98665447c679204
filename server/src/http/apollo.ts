import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLContext } from '../common/context';
import { createFormatError } from '../common/errors';
import type { Logger } from '../common/logger';
import type { Config } from '../config/config';
import { getSchema } from '../schema';
import type { AnswerCache } from './answer-cache';
import { keyholdRequestPlugin } from './apollo-plugins';
import { createLeanGraphQL, type LeanGraphQL } from './lean-graphql';
import { QUERY_LIMITS, queryLimitRules } from './query-limits';

/**
 * Apollo Server over the TypeGraphQL schema, with the contract's limits, errors and plugins,
 * and the lean path that answers the documents Apollo has prepared (same `formatError`).
 */
export async function startApollo(
  config: Config,
  logger: Logger,
  httpServer: Server,
  answers?: AnswerCache,
): Promise<{ apollo: ApolloServer<GraphQLContext>; lean: LeanGraphQL }> {
  const schema = getSchema();
  const formatError = createFormatError(logger);
  const lean = createLeanGraphQL(schema, formatError, config.production, answers);
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
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No resolver gives cache hints and every answer is per caller: the default cache-control
      // plugin would only visit every resolved field to come to `no-store`, which the GraphQL
      // route sets on every answer itself.
      ApolloServerPluginCacheControlDisabled(),
      keyholdRequestPlugin(schema, config.production, lean.prepared, lean.stop),
    ],
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();
  return { apollo, lean };
}
