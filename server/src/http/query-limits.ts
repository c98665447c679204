import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '@keyhold/shared';
import { AppError, QUERY_TOKEN_LIMIT } from '../common/errors';

/** The contract's query limits ("Query limits"), checked before anything executes. */
export const QUERY_LIMITS = {
  depth: 12,
  /** The standard introspection query is 15 deep; nothing at all may reach 20. */
  introspectionDepth: 19,
  aliases: 30,
  /** Enforced by graphql-js's parser (`maxTokens`); common/errors.ts names the failure. */
  tokens: QUERY_TOKEN_LIMIT,
  directives: 50,
  /**
   * One `apiKeys(first: 100)` page with `usage(days: 30)` on every node costs about 11,000;
   * thirty of them about 330,000.
   */
  cost: 50_000,
  verifyApiKeyCalls: 1,
} as const;

export type QueryLimit = 'depth' | 'aliases' | 'cost' | 'tokens' | 'directives';

export function queryTooComplex(limit: QueryLimit, message: string): AppError {
  return new AppError(ErrorCode.QUERY_TOO_COMPLEX, message, { limit });
}

// graphql-armor's rules report through onReject; they speak in their own words, which are
// replaced by the contract's code and the limit's name.
function armored(
  limit: QueryLimit,
  build: (
    onReject: (context: ValidationContext | null, error: GraphQLError) => void,
  ) => ValidationRule,
): ValidationRule {
  return (context) =>
    build((_ctx, error) =>
      context.reportError(queryTooComplex(limit, error.message.replace(/^Syntax Error: /, ''))),
    )(context);
}

function verifyOncePerRequest(context: ValidationContext): ASTVisitor {
  let calls = 0;
  return {
    Field(node) {
      if (node.name.value !== 'verifyApiKey') return;
      if (context.getParentType() !== context.getSchema().getMutationType()) return;
      calls++;
      if (calls === QUERY_LIMITS.verifyApiKeyCalls + 1) {
        context.reportError(queryTooComplex('cost', 'verifyApiKey may be called once per request'));
      }
    },
  };
}

/** Validation rules for Apollo's `validationRules`: depth, aliases, directives, verifyApiKey. */
export const queryLimitRules: ValidationRule[] = [
  armored('depth', (onReject) =>
    maxDepthRule({
      n: QUERY_LIMITS.depth,
      ignoreIntrospection: true,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [onReject],
    }),
  ),
  armored('depth', (onReject) =>
    maxDepthRule({
      n: QUERY_LIMITS.introspectionDepth,
      ignoreIntrospection: false,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [onReject],
    }),
  ),
  armored('aliases', (onReject) =>
    maxAliasesRule({ n: QUERY_LIMITS.aliases, propagateOnRejection: false, onReject: [onReject] }),
  ),
  armored('directives', (onReject) =>
    maxDirectivesRule({
      n: QUERY_LIMITS.directives,
      propagateOnRejection: false,
      onReject: [onReject],
    }),
  ),
  verifyOncePerRequest,
];

/**
 * A field costs 1 plus what it selects, times how many items it can return: `first`/`last`
 * of a connection (default page size otherwise), `days` of usage.
 */
const estimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  let multiplier = 1;
  if (typeof args.first === 'number') multiplier = args.first;
  else if (typeof args.last === 'number') multiplier = args.last;
  else if (field.name === 'apiKeys' || field.name === 'auditEvents') multiplier = 25;
  if (field.name === 'usage') multiplier = typeof args.days === 'number' ? args.days : 30;
  return 1 + childComplexity * Math.max(1, multiplier);
};

/** Arguments whose values the estimator (or getComplexity's @include/@skip) reads. */
const COST_ARGUMENTS = new Set(['first', 'last', 'days']);

/** Names of the variables that a document's cost can depend on (sorted). */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      if (node.value.kind !== Kind.VARIABLE) return;
      const owner = ancestors[ancestors.length - 1];
      const directive =
        owner && 'kind' in owner && owner.kind === Kind.DIRECTIVE ? owner.name.value : null;
      if (
        (directive === null && COST_ARGUMENTS.has(node.name.value)) ||
        ((directive === 'include' || directive === 'skip') && node.name.value === 'if')
      ) {
        names.add(node.value.name.value);
      }
    },
  });
  return [...names].sort();
}

const MAX_COSTS_PER_DOCUMENT = 64;

/**
 * The cost limit, checked once the operation and its variables are known. Apollo hands back the
 * same parsed document for the same query text, so costs are kept beside it, by operation name
 * and the values of the variables the cost can depend on (`first`, `last`, `days`, `@include` /
 * `@skip` conditions: numbers and booleans only). Any other variable (a key, a secret, a search
 * term) is neither read for this nor kept; a document whose cost does not depend on its
 * variables is walked once.
 */
export function createCostCheck(schema: GraphQLSchema) {
  const known = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();
  return (
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): void => {
    let entry = known.get(document);
    if (!entry)
      known.set(document, (entry = { variables: costVariables(document), costs: new Map() }));
    let id: string | null = operationName ?? '';
    for (const name of entry.variables) {
      const value = variables?.[name];
      if (
        value !== undefined &&
        value !== null &&
        typeof value !== 'number' &&
        typeof value !== 'boolean'
      ) {
        id = null;
        break;
      }
      id += `\u0000${String(value)}`;
    }
    let cost = id === null ? undefined : entry.costs.get(id);
    if (cost === undefined) {
      try {
        cost = getComplexity({
          schema,
          query: document,
          operationName: operationName ?? undefined,
          variables: variables ?? {},
          estimators: [estimator],
        });
      } catch {
        // Bad variables are for execution to report, with the field they belong to.
        return;
      }
      if (id !== null) {
        if (entry.costs.size >= MAX_COSTS_PER_DOCUMENT) entry.costs.clear();
        entry.costs.set(id, cost);
      }
    }
    if (cost > QUERY_LIMITS.cost) {
      throw queryTooComplex(
        'cost',
        `Query cost limit of ${QUERY_LIMITS.cost} exceeded, found ${cost}`,
      );
    }
  };
}
