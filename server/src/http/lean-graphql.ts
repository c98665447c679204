import { HeaderMap } from '@apollo/server';
import {
  execute,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import accepts from 'accepts';
import type { GraphQLContext } from '../common/context';
import { tagErrors } from '../common/request-context';
import { looksSecret } from '../common/redact';
import { ANSWER_TTL_MS, readsStoredKeysOnly, type AnswerCache } from './answer-cache';
import { finishResponse, type SingleResponse } from './apollo-plugins';
import { createCostCheck } from './query-limits';

/** A document that Apollo parsed, validated (query limits included) and checked once. */
export interface PreparedDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The metrics label of the operation (its root field). */
  label: string;
}

// Bounded by count and by the total length of the query texts kept (each at most 100 kB).
const MAX_DOCUMENTS = 500;
const MAX_CHARS = 4 * 1024 * 1024;

/**
 * The documents answered on the lean path, keyed by the exact query text and operation name:
 * an LRU, filled by Keyhold's Apollo request listener once a document has passed every check
 * that does not depend on the variables. Subscriptions and introspection are never kept.
 */
export class PreparedDocuments {
  private readonly byQuery = new Map<string, Map<string | undefined, PreparedDocument>>();
  private chars = 0;

  get(query: string, operationName: string | undefined): PreparedDocument | undefined {
    const byName = this.byQuery.get(query);
    if (!byName) return undefined;
    // Most recently used last: the first entry is the one evicted.
    this.byQuery.delete(query);
    this.byQuery.set(query, byName);
    return byName.get(operationName);
  }

  add(query: string, operationName: string | undefined, prepared: PreparedDocument): void {
    let byName = this.byQuery.get(query);
    if (!byName) {
      if (query.length > MAX_CHARS) return;
      this.byQuery.set(query, (byName = new Map()));
      this.chars += query.length;
      for (const oldest of this.byQuery.keys()) {
        if (this.byQuery.size <= MAX_DOCUMENTS && this.chars <= MAX_CHARS) break;
        this.byQuery.delete(oldest);
        this.chars -= oldest.length;
      }
    }
    byName.set(operationName, prepared);
  }

  get size(): number {
    return this.byQuery.size;
  }
}

/** What the route sends: Apollo's own `HTTPGraphQLResponse` shape, complete bodies only. */
export interface LeanResponse {
  status: number | undefined;
  headers: HeaderMap;
  body: string;
}

// Apollo Server's media types for single results (`chooseContentTypeForSingleResultResponse`).
const SINGLE_RESULT_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];
const MAX_ACCEPT_VALUES = 64;

type Record_ = Record<string, unknown>;

function isStringRecord(o: unknown): o is Record_ {
  return !!o && typeof o === 'object' && !Buffer.isBuffer(o) && !Array.isArray(o);
}

/** A partial HTTP head in an error's `extensions.http`, as Apollo recognises it. */
function isHttpHead(x: unknown): x is { status?: number; headers?: Map<string, string> } {
  return (
    !!x &&
    typeof x === 'object' &&
    (!('status' in x) || typeof x.status === 'number') &&
    (!('headers' in x) || x.headers instanceof Map)
  );
}

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * The lean path for documents Apollo has already prepared: a POST JSON request with a known
 * query text and operation name, no persisted-query extension, is executed with graphql-js's
 * `execute` (what Apollo Server itself calls) and answered exactly as Apollo answers it: the
 * same cost check, the same error normalisation and `formatError`, the same status rules,
 * suggestion stripping and scope recording (Keyhold's request listener), the same content
 * negotiation and serialisation. Anything else returns null and goes through Apollo: first
 * sight of a document, GET, persisted queries, bad request shapes, variables that do not
 * coerce, a cost over the limit, an `Accept` header that allows no JSON, a stopping server.
 */
export function createLeanGraphQL(
  schema: GraphQLSchema,
  formatError: FormatError,
  production: boolean,
  answers?: AnswerCache,
) {
  const prepared = new PreparedDocuments();
  // Per parsed document: does it read stored key attributes only (answers may be kept)?
  const keepable = new WeakMap<DocumentNode, boolean>();
  const isKeepable = (document: DocumentNode) => {
    let known = keepable.get(document);
    if (known === undefined)
      keepable.set(document, (known = readsStoredKeysOnly(schema, document)));
    return known;
  };
  // Documents by identity in answer ids, not by their (long) text.
  const documentIds = new WeakMap<DocumentNode, number>();
  let documents = 0;
  const documentId = (document: DocumentNode) => {
    let id = documentIds.get(document);
    if (id === undefined) documentIds.set(document, (id = ++documents));
    return id;
  };

  /**
   * Where an API key's read of stored key attributes is kept: per key, document, operation,
   * media type and variables. Null when it is not kept: another caller, a mutation, a live
   * field, or variables that might hold a secret (never kept in memory).
   */
  function answerIdOf(
    context: GraphQLContext,
    entry: PreparedDocument,
    name: string | undefined,
    contentType: string,
    variables: Record_ | undefined,
  ): string | null {
    const { principal } = context;
    if (!answers || principal.kind !== 'API_KEY' || entry.operation.operation !== 'query')
      return null;
    if (!isKeepable(entry.document)) return null;
    const values = variables === undefined ? '' : JSON.stringify(variables);
    if (values.length > 4096 || looksSecret(values)) return null;
    return `${principal.key.id}\u0000${documentId(entry.document)}\u0000${name ?? ''}\u0000${contentType}\u0000${values}`;
  }
  const checkCost = createCostCheck(schema);
  const contentTypes = new Map<string, string | null>();
  let stopped = false;

  function contentTypeFor(accept: string | undefined): string | null {
    if (!accept) return SINGLE_RESULT_TYPES[0]!;
    let type = contentTypes.get(accept);
    if (type === undefined) {
      // accepts() asks the same negotiator package as Apollo does.
      const chosen: unknown = accepts({ headers: { accept } } as never).type(SINGLE_RESULT_TYPES);
      type = typeof chosen === 'string' ? chosen : null;
      if (contentTypes.size >= MAX_ACCEPT_VALUES) contentTypes.clear();
      contentTypes.set(accept, type);
    }
    return type;
  }

  /** Apollo's `normalizeAndFormatErrors` (errorNormalize.ts), stack traces never included. */
  function formatErrors(errors: readonly GraphQLError[], http: SingleResponse['http']) {
    return errors.map((error) => {
      try {
        const extensions: Record_ = {
          ...error.extensions,
          code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR',
        };
        if (isHttpHead(extensions.http)) {
          if (extensions.http.status) http.status = extensions.http.status;
          for (const [name, value] of extensions.http.headers ?? []) http.headers.set(name, value);
          delete extensions.http;
        }
        return formatError({ ...error.toJSON(), extensions }, error);
      } catch {
        return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
    });
  }

  async function run(
    body: unknown,
    accept: string | undefined,
    context: GraphQLContext,
  ): Promise<LeanResponse | null> {
    if (stopped || !isStringRecord(body)) return null;
    const { query, operationName, variables, extensions } = body;
    if (typeof query !== 'string' || query === '') return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
      return null;
    if (variables !== undefined && variables !== null && !isStringRecord(variables)) return null;
    if (
      extensions !== undefined &&
      extensions !== null &&
      (!isStringRecord(extensions) || 'persistedQuery' in extensions)
    ) {
      return null;
    }
    const name = operationName ?? undefined;
    const entry = prepared.get(query, name);
    if (!entry) return null;
    const contentType = contentTypeFor(accept);
    if (contentType === null) return null;
    const variableValues = variables ?? undefined;
    try {
      checkCost(entry.document, name, variableValues);
    } catch {
      return null;
    }
    context.observed.operation = entry.label;
    const answerId = answerIdOf(context, entry, name, contentType, variableValues);
    if (answerId !== null) {
      const kept = answers!.get(answerId);
      if (kept) {
        if (kept.scopes.length && context.principal.kind === 'API_KEY') {
          context.services.usage.recordScopes(context.principal.key.id, kept.scopes);
        }
        const headers = new HeaderMap();
        headers.set('content-type', kept.contentType);
        return { status: undefined, headers, body: kept.body };
      }
    }
    const generation = answers?.generation ?? 0;
    const result: ExecutionResult = await execute({
      schema,
      document: entry.document,
      contextValue: context,
      variableValues,
      operationName: name,
    });
    // No data: the variables did not coerce, nothing ran; Apollo answers that (400, BAD_USER_INPUT).
    if (result.data === undefined) return null;
    const response: SingleResponse = {
      http: { status: undefined, headers: new HeaderMap() },
      body: { kind: 'single', singleResult: { ...result, errors: undefined } },
    };
    if (result.errors) {
      tagErrors(result.errors, context.requestId);
      response.body.singleResult.errors = formatErrors(result.errors, response.http);
    }
    finishResponse(response, context, production);
    if (!response.http.headers.get('content-type')) {
      response.http.headers.set('content-type', contentType);
    }
    const { errors, data, extensions: resultExtensions } = response.body.singleResult;
    const answer: LeanResponse = {
      status: response.http.status,
      headers: response.http.headers,
      body: `${JSON.stringify({ errors, data, extensions: resultExtensions })}\n`,
    };
    if (answerId !== null && !errors && (answer.status ?? 200) === 200) {
      answers!.set(
        answerId,
        {
          body: answer.body,
          contentType: answer.headers.get('content-type') ?? contentType,
          scopes: [...new Set(context.exercisedScopes.map((s) => s.scope))],
          until: Math.min(answers!.now() + ANSWER_TTL_MS, context.answerValidUntil ?? Infinity),
        },
        generation,
      );
    }
    return answer;
  }

  return {
    prepared,
    run,
    /** Apollo is stopping: from now on every request goes through it (and its refusals). */
    stop() {
      stopped = true;
    },
  };
}

export type LeanGraphQL = ReturnType<typeof createLeanGraphQL>;
