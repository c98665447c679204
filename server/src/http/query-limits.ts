import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
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

/**
 * The cost limit, checked once the operation and its variables are known. A document without
 * variables costs the same every time: Apollo hands back the same parsed document for the same
 * query text, so its cost is kept beside it (per operation name) and not walked again.
 */
export function createCostCheck(schema: GraphQLSchema) {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return (
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): void => {
    const constant = !variables || Object.keys(variables).length === 0;
    let costs = constant ? known.get(document) : undefined;
    let cost = costs?.get(operationName ?? '');
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
      if (constant) {
        if (!costs) known.set(document, (costs = new Map()));
        costs.set(operationName ?? '', cost);
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
