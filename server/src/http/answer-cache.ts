import {
  getNamedType,
  isObjectType,
  BREAK,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { epochMs, type Clock } from '../common/clock';

/**
 * The fields an integrator's read may select for its answer to be kept: the roots that read
 * keys, and the attributes that only a change to a key changes (a change the change feed
 * reports). Live fields (last use, usage, addresses, scope use) read counters that move with
 * every request, so a document that selects any of them is never kept. `status` moves with the
 * clock at a key's expiry: the answer is kept no later than the earliest expiry it depends on
 * (GraphQLContext.answerValidUntil).
 */
const STORED_FIELDS: Record<string, ReadonlySet<string>> = {
  Query: new Set(['apiKeys', 'apiKey']),
  ApiKeyConnection: new Set(['nodes', 'edges', 'pageInfo', 'totalCount']),
  ApiKeyEdge: new Set(['node', 'cursor']),
  PageInfo: new Set(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']),
  ApiKey: new Set([
    'id',
    'key',
    'name',
    'scopes',
    'status',
    'active',
    'allowedIps',
    'rateLimit',
    'secretHint',
    'secretRotatedAt',
    'previousSecretExpiresAt',
    'expiresAt',
    'createdAt',
    'updatedAt',
  ]),
  RateLimit: new Set(['limit', 'windowSeconds']),
};

/** True when every field the document selects is a stored attribute of keys (see above). */
export function readsStoredKeysOnly(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let stored = true;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation !== 'query') {
      return false;
    }
  }
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        const typeName = parent && isObjectType(getNamedType(parent)) ? parent.name : null;
        if (!typeName || !STORED_FIELDS[typeName]?.has(node.name.value)) {
          stored = false;
          return BREAK;
        }
      },
    }),
  );
  return stored;
}

export interface KeptAnswer {
  body: string;
  contentType: string;
  /** The scopes the request exercised: counted again for each request answered from here. */
  scopes: string[];
  /** Epoch ms after which the answer is not used. */
  until: number;
}

/** How long an answer is kept at most: a change made elsewhere, outside Keyhold, shows within. */
export const ANSWER_TTL_MS = 1000;
const MAX_ANSWERS = 2000;
const MAX_CHARS = 16 * 1024 * 1024;

/**
 * Answers to integrators' reads of stored key attributes (`apiKeys` pages, `apiKey`), per key
 * (the caller), document, operation, variables and media type. Every key change, made here or
 * reported by the change feed from another replica, empties it at once; entries also end after
 * ANSWER_TTL_MS on the injected clock and at the first expiry they depend on. Bounded by count
 * and size. Only answers without errors are kept.
 */
export class AnswerCache {
  private readonly answers = new Map<string, KeptAnswer>();
  private chars = 0;
  /** Moves at every clear: an answer computed across a change is not kept. */
  generation = 0;

  constructor(private readonly clock: Clock) {}

  now(): number {
    return epochMs(this.clock);
  }

  get(id: string): KeptAnswer | undefined {
    const answer = this.answers.get(id);
    if (!answer) return undefined;
    if (answer.until <= this.now()) {
      this.delete(id, answer);
      return undefined;
    }
    return answer;
  }

  /** Keeps `answer` unless a key changed since `generation` was read (before it was computed). */
  set(id: string, answer: KeptAnswer, generation: number): void {
    if (generation !== this.generation) return;
    if (answer.until <= this.now() || answer.body.length > MAX_CHARS / 16) return;
    const previous = this.answers.get(id);
    if (previous) this.delete(id, previous);
    this.answers.set(id, answer);
    this.chars += answer.body.length + id.length;
    for (const [oldest, kept] of this.answers) {
      if (this.answers.size <= MAX_ANSWERS && this.chars <= MAX_CHARS) break;
      this.delete(oldest, kept);
    }
  }

  /** A key changed (anywhere): nothing kept may show it as it was. */
  clear(): void {
    this.generation++;
    this.answers.clear();
    this.chars = 0;
  }

  get size(): number {
    return this.answers.size;
  }

  private delete(id: string, answer: KeptAnswer): void {
    this.answers.delete(id);
    this.chars -= answer.body.length + id.length;
  }
}
