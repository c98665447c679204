import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { AuthFailureReason, ErrorCode, HTTP_STATUS_BY_CODE } from '@keyhold/shared';
import type { GraphQLContext } from '../common/context';
import { unauthenticated } from '../common/errors';

// When several errors carry statuses, the one that says most about the request wins.
const PRECEDENCE: string[] = [
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.TOO_MANY_REQUESTS,
  ErrorCode.FORBIDDEN,
  ErrorCode.QUERY_TOO_COMPLEX,
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

/**
 * Metrics label each request with what it runs. The operation name is the caller's free text
 * (an unbounded label, and once even a secret), so the label is the root field that the
 * operation selects, a name from the schema: `apiKeys`, `createApiKey`, `introspection`, or
 * `multiple` / `other`.
 */
export const operationNamePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, schema }) {
        if (!operation) return;
        const root =
          operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
        const names = new Set<string>();
        for (const selection of operation.selectionSet.selections) {
          if (selection.kind !== Kind.FIELD)
            return void (contextValue.observed.operation = 'other');
          const name = selection.name.value;
          if (name.startsWith('__')) names.add('introspection');
          else if (root?.getFields()[name]) names.add(name);
          else names.add('other');
        }
        contextValue.observed.operation =
          names.size === 1 ? [...names][0]! : names.size > 1 ? 'multiple' : 'other';
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

const SUGGESTION = / ?Did you mean .+?\?$/;

/**
 * Field suggestions ("Did you mean …") would hand the schema to anyone who guesses; in
 * production anonymous callers get the errors without them.
 */
export function suggestionsGuardPlugin(production: boolean): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      if (!production) return {};
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          if (contextValue.principal?.kind !== 'ANONYMOUS') return;
          const result = response.body.singleResult;
          if (!result.errors) return;
          result.errors = result.errors.map((e) =>
            SUGGESTION.test(e.message) ? { ...e, message: e.message.replace(SUGGESTION, '') } : e,
          );
        },
      };
    },
  };
}

/**
 * A scope is exercised when an operation that needs it succeeds with the key: the auth checker
 * notes each scope it granted with the field's path, and here those whose field (or anything
 * under it) did not fail are counted with the buffered usage.
 */
export const scopeUsePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        const { principal, exercisedScopes } = contextValue;
        if (principal.kind !== 'API_KEY' || !exercisedScopes.length) return;
        const failed =
          response.body.kind === 'single'
            ? (response.body.singleResult.errors ?? []).map((e) => e.path?.join('.') ?? '')
            : [];
        if (failed.includes('')) return;
        const scopes = new Set<string>();
        for (const { scope, path } of exercisedScopes) {
          if (!failed.some((f) => f === path || f.startsWith(`${path}.`))) scopes.add(scope);
        }
        if (scopes.size) contextValue.services.usage.recordScopes(principal.key.id, scopes);
      },
    };
  },
};
