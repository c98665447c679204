import type {
  ApolloServerPlugin,
  HeaderMap,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
} from '@apollo/server';
import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { AuthFailureReason, ErrorCode, HTTP_STATUS_BY_CODE } from '@keyhold/shared';
import type { GraphQLContext } from '../common/context';
import { unauthenticated } from '../common/errors';
import { tagErrors } from '../common/request-context';
import type { PreparedDocuments } from './lean-graphql';
import { createCostCheck } from './query-limits';

// When several errors carry statuses, the one that says most about the request wins.
const PRECEDENCE: string[] = [
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.TOO_MANY_REQUESTS,
  ErrorCode.FORBIDDEN,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.INTERNAL_SERVER_ERROR,
];

/** What the answer-shaping steps read and change: Apollo's response and the context. */
interface RequestContext {
  response: Pick<GraphQLRequestContextWillSendResponse<GraphQLContext>['response'], 'http'> & {
    body: SingleResponse['body'] | { kind: 'incremental' };
  };
  contextValue: GraphQLContext;
}

/** A single-result response, as Apollo holds it before serialising. */
export interface SingleResponse {
  http: { status: number | undefined; headers: HeaderMap };
  body: { kind: 'single'; singleResult: FormattedExecutionResult };
}
type ResolvedContext = GraphQLRequestContextDidResolveOperation<GraphQLContext>;

/** HTTP status (and Retry-After) from the error codes, as the contract's error table says. */
function setHttpStatus({ response }: RequestContext): void {
  if (response.body.kind !== 'single') return;
  const errors = response.body.singleResult.errors;
  if (!errors?.length) return;
  const codes = errors.map((e) => String(e.extensions?.code));
  const code = PRECEDENCE.find((c) => codes.includes(c));
  if (!code) return;
  response.http.status = HTTP_STATUS_BY_CODE[code as ErrorCode];
  if (code === ErrorCode.TOO_MANY_REQUESTS) {
    const error = errors.find((e) => e.extensions?.code === code);
    response.http.headers.set('retry-after', String(error?.extensions?.retryAfter ?? 60));
  }
  if (code === ErrorCode.SERVICE_UNAVAILABLE) response.http.headers.set('retry-after', '5');
}

/** The schema has no subscriptions: asking for one is the client's mistake (400), not a crash. */
function refuseSubscriptions({ operation }: ResolvedContext): void {
  if (operation?.operation === 'subscription') {
    throw new GraphQLError('Subscriptions are not supported', {
      extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
    });
  }
}

/**
 * Metrics label each request with what it runs. The operation name is the caller's free text
 * (an unbounded label, and once even a secret), so the label is the root field that the
 * operation selects, a name from the schema: `apiKeys`, `createApiKey`, `introspection`, or
 * `multiple` / `other`. Kept per operation node (the same for the same cached document).
 */
const labels = new WeakMap<OperationDefinitionNode, string>();

function operationLabel(operation: OperationDefinitionNode, schema: GraphQLSchema): string {
  const root =
    operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const names = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return 'other';
    const name = selection.name.value;
    if (name.startsWith('__')) names.add('introspection');
    else if (root?.getFields()[name]) names.add(name);
    else names.add('other');
  }
  return names.size === 1 ? [...names][0]! : names.size > 1 ? 'multiple' : 'other';
}

function labelOperation({ contextValue, operation, schema }: ResolvedContext): string | null {
  if (!operation) return null;
  let label = labels.get(operation);
  if (label === undefined) labels.set(operation, (label = operationLabel(operation, schema)));
  contextValue.observed.operation = label;
  return label;
}

const introspecting = new WeakMap<DocumentNode, boolean>();

function isIntrospection(document: DocumentNode): boolean {
  const known = introspecting.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    [Kind.FIELD]: (node) => {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  introspecting.set(document, found);
  return found;
}

/** Admins and API keys may introspect (the explorer and typed clients need it); anonymous callers not in production. */
function guardIntrospection({ contextValue, document }: ResolvedContext): void {
  if (contextValue.principal.kind === 'ANONYMOUS' && isIntrospection(document)) {
    throw unauthenticated(
      AuthFailureReason.MISSING_CREDENTIALS,
      'Introspection requires an admin session or an API key',
    );
  }
}

const SUGGESTION = / ?Did you mean .+?\?$/;

/**
 * Field suggestions ("Did you mean …") would hand the schema to anyone who guesses; in
 * production anonymous callers get the errors without them.
 */
function withoutSuggestions({ contextValue, response }: RequestContext): void {
  if (response.body.kind !== 'single') return;
  if (contextValue.principal?.kind !== 'ANONYMOUS') return;
  const result = response.body.singleResult;
  if (!result.errors) return;
  result.errors = result.errors.map((e) =>
    SUGGESTION.test(e.message) ? { ...e, message: e.message.replace(SUGGESTION, '') } : e,
  );
}

/**
 * A scope is exercised when an operation that needs it succeeds with the key: the auth checker
 * notes each scope it granted with the field's path, and here those whose field (or anything
 * under it) did not fail are counted with the buffered usage.
 */
function recordScopeUse({ response, contextValue }: RequestContext): void {
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
}

/**
 * The steps before an answer leaves, for Apollo's answers and the lean path's alike: its HTTP
 * status, suggestions (production, anonymous) and the scopes exercised.
 */
export function finishResponse(
  response: RequestContext['response'],
  contextValue: GraphQLContext,
  production: boolean,
): void {
  const context = { response, contextValue };
  setHttpStatus(context);
  if (production) withoutSuggestions(context);
  recordScopeUse(context);
}

/**
 * Keyhold's request plugin: every check above, as one listener with one hook per stage
 * (Apollo awaits each listener's hook per stage, so one listener is the cheap form). Once the
 * operation is known: its metrics label, then subscriptions, introspection (production) and
 * the cost limit, the first failing check answering. Before the answer leaves: its HTTP
 * status, suggestions (production, anonymous) and the scopes exercised.
 *
 * A document that passed every check here (not a subscription, not introspection) is handed
 * to the lean path's prepared documents, which answer it from then on (lean-graphql.ts).
 */
export function keyholdRequestPlugin(
  schema: GraphQLSchema,
  production: boolean,
  prepared?: PreparedDocuments,
  onStop?: () => void,
): ApolloServerPlugin<GraphQLContext> {
  const checkCost = createCostCheck(schema);
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async didResolveOperation(context) {
      const label = labelOperation(context);
      refuseSubscriptions(context);
      if (production) guardIntrospection(context);
      checkCost(context.document, context.request.operationName, context.request.variables);
      const { operation, source, document } = context;
      if (prepared && label !== null && operation && !isIntrospection(document)) {
        prepared.add(source, context.request.operationName ?? undefined, {
          document,
          operation,
          label,
        });
      }
    },
    // Before formatError shapes them: an unexpected error's message and log line name the request.
    async didEncounterErrors({ errors, contextValue }) {
      tagErrors(errors, contextValue.requestId);
    },
    async willSendResponse(context) {
      finishResponse(context.response, context.contextValue, production);
    },
  };
  return {
    requestDidStart: () => Promise.resolve(listener),
    serverWillStart: () =>
      Promise.resolve({
        serverWillStop: () => {
          onStop?.();
          return Promise.resolve();
        },
      }),
  };
}
