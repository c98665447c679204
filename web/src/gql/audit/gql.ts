/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AuditEvents($first: Int, $after: String, $apiKeyId: ID, $action: String, $since: DateTime, $until: DateTime) {\n  auditEvents(\n    first: $first\n    after: $after\n    apiKeyId: $apiKeyId\n    action: $action\n    since: $since\n    until: $until\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      at\n      action\n      actor\n      apiKeyId\n      ip\n      details\n    }\n  }\n}": typeof types.AuditEventsDocument,
    "query AuditKey($id: ID!) {\n  apiKey(id: $id) {\n    id\n    name\n    key\n  }\n}": typeof types.AuditKeyDocument,
};
const documents: Documents = {
    "query AuditEvents($first: Int, $after: String, $apiKeyId: ID, $action: String, $since: DateTime, $until: DateTime) {\n  auditEvents(\n    first: $first\n    after: $after\n    apiKeyId: $apiKeyId\n    action: $action\n    since: $since\n    until: $until\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      at\n      action\n      actor\n      apiKeyId\n      ip\n      details\n    }\n  }\n}": types.AuditEventsDocument,
    "query AuditKey($id: ID!) {\n  apiKey(id: $id) {\n    id\n    name\n    key\n  }\n}": types.AuditKeyDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditEvents($first: Int, $after: String, $apiKeyId: ID, $action: String, $since: DateTime, $until: DateTime) {\n  auditEvents(\n    first: $first\n    after: $after\n    apiKeyId: $apiKeyId\n    action: $action\n    since: $since\n    until: $until\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      at\n      action\n      actor\n      apiKeyId\n      ip\n      details\n    }\n  }\n}"): (typeof documents)["query AuditEvents($first: Int, $after: String, $apiKeyId: ID, $action: String, $since: DateTime, $until: DateTime) {\n  auditEvents(\n    first: $first\n    after: $after\n    apiKeyId: $apiKeyId\n    action: $action\n    since: $since\n    until: $until\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      at\n      action\n      actor\n      apiKeyId\n      ip\n      details\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditKey($id: ID!) {\n  apiKey(id: $id) {\n    id\n    name\n    key\n  }\n}"): (typeof documents)["query AuditKey($id: ID!) {\n  apiKey(id: $id) {\n    id\n    name\n    key\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;