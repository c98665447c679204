import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { AuthFailureReason, ErrorCode, HTTP_STATUS_BY_CODE } from '@keyhold/shared';
import type { GraphQLContext } from '../common/context';
import { unauthenticated } from '../common/errors';
import { redactSecrets } from '../common/redact';

// When several errors carry statuses, the one that says most about the request wins.
const PRECEDENCE: string[] = [
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.TOO_MANY_REQUESTS,
  ErrorCode.FORBIDDEN,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.INTERNAL_SERVER_ERROR,
];

/** HTTP status (and Retry-After) from the error codes, as the contract's error table says. */
export const httpStatusPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const codes = (response.body.singleResult.errors ?? []).map((e) =>
          String(e.extensions?.code),
        );
        const code = PRECEDENCE.find((c) => codes.includes(c));
        if (!code) return;
        response.http.status = HTTP_STATUS_BY_CODE[code as ErrorCode];
        if (code === ErrorCode.TOO_MANY_REQUESTS) {
          const error = response.body.singleResult.errors!.find((e) => e.extensions?.code === code);
          response.http.headers.set('retry-after', String(error?.extensions?.retryAfter ?? 60));
        }
        if (code === ErrorCode.SERVICE_UNAVAILABLE) response.http.headers.set('retry-after', '5');
      },
    };
  },
};

/** The schema has no subscriptions: asking for one is the client's mistake (400), not a crash. */
export const operationTypePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are not supported', {
            extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
          });
        }
      },
    };
  },
};

/** Metrics label each request with its operation name. */
export const operationNamePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName }) {
        // Logged and used as a metric label: a secret pasted as the name must not get there.
        contextValue.res.locals.operationName = operationName
          ? redactSecrets(operationName)
          : 'anonymous';
      },
    };
  },
};

function isIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD]: (node) => {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

/** Admins and API keys may introspect (the explorer and typed clients need it); anonymous callers not in production. */
export function introspectionGuardPlugin(production: boolean): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (
            production &&
            contextValue.principal.kind === 'ANONYMOUS' &&
            isIntrospection(document)
          ) {
            throw unauthenticated(
              AuthFailureReason.MISSING_CREDENTIALS,
              'Introspection requires an admin session or an API key',
            );
          }
        },
      };
    },
  };
}
