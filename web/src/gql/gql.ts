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
    "query ApiKey($id: ID!) {\n  apiKey(id: $id) {\n    ...ApiKeyDetails\n  }\n}": typeof types.ApiKeyDocument,
    "fragment ApiKeyDetails on ApiKey {\n  ...ApiKeyListItem\n  secretHint\n  lastUsedIp\n  secretRotatedAt\n  previousSecretExpiresAt\n  updatedAt\n  rateLimit {\n    limit\n    windowSeconds\n  }\n}": typeof types.ApiKeyDetailsFragmentDoc,
    "query ApiKeyInsight($id: ID!) {\n  apiKey(id: $id) {\n    id\n    addresses(days: 30) {\n      ip\n      lastSeenAt\n      successCount\n      failureCount\n    }\n    suggestedAllowedIps\n    scopeUsage(days: 30) {\n      scope\n      useCount\n      lastUsedAt\n    }\n    unusedScopes(days: 30)\n  }\n}": typeof types.ApiKeyInsightDocument,
    "fragment ApiKeyListItem on ApiKey {\n  id\n  name\n  key\n  active\n  status\n  allowedIps\n  scopes\n  expiresAt\n  lastUsedAt\n  createdAt\n}": typeof types.ApiKeyListItemFragmentDoc,
    "query ApiKeyUsage($id: ID!, $days: Int!) {\n  apiKey(id: $id) {\n    id\n    usage(days: $days) {\n      date\n      successCount\n      failureCount\n    }\n  }\n}": typeof types.ApiKeyUsageDocument,
    "query ApiKeys($first: Int, $after: String, $last: Int, $before: String, $search: String, $status: ApiKeyStatus, $orderBy: ApiKeyOrder) {\n  apiKeys(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    search: $search\n    status: $status\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    nodes {\n      ...ApiKeyListItem\n    }\n  }\n}": typeof types.ApiKeysDocument,
    "mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}": typeof types.CreateApiKeyDocument,
    "mutation DeleteApiKey($id: ID!) {\n  deleteApiKey(id: $id) {\n    deletedId\n  }\n}": typeof types.DeleteApiKeyDocument,
    "mutation RotateApiKeySecret($id: ID!, $gracePeriodSeconds: Int!) {\n  rotateApiKeySecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}": typeof types.RotateApiKeySecretDocument,
    "query Scopes {\n  scopes {\n    name\n    description\n  }\n}": typeof types.ScopesDocument,
    "mutation SetApiKeyActive($id: ID!, $active: Boolean!) {\n  setApiKeyActive(id: $id, active: $active) {\n    id\n    active\n    status\n    updatedAt\n  }\n}": typeof types.SetApiKeyActiveDocument,
    "mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n  updateApiKey(id: $id, input: $input) {\n    ...ApiKeyDetails\n  }\n}": typeof types.UpdateApiKeyDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    kind\n    email\n    scopes\n  }\n}": typeof types.LoginDocument,
    "mutation Logout {\n  logout\n}": typeof types.LogoutDocument,
    "query Viewer {\n  viewer {\n    kind\n    email\n    scopes\n  }\n}": typeof types.ViewerDocument,
    "query KeyPolicy {\n  keyPolicy {\n    ...KeyPolicyFields\n  }\n}": typeof types.KeyPolicyDocument,
    "fragment KeyPolicyFields on KeyPolicy {\n  maxLifetimeDays\n  requireExpiry\n  requireAllowedIps\n  disableUnusedAfterDays\n  expiryReminderDays\n}": typeof types.KeyPolicyFieldsFragmentDoc,
    "mutation UpdateKeyPolicy($input: KeyPolicyInput!) {\n  updateKeyPolicy(input: $input) {\n    ...KeyPolicyFields\n  }\n}": typeof types.UpdateKeyPolicyDocument,
};
const documents: Documents = {
    "query ApiKey($id: ID!) {\n  apiKey(id: $id) {\n    ...ApiKeyDetails\n  }\n}": types.ApiKeyDocument,
    "fragment ApiKeyDetails on ApiKey {\n  ...ApiKeyListItem\n  secretHint\n  lastUsedIp\n  secretRotatedAt\n  previousSecretExpiresAt\n  updatedAt\n  rateLimit {\n    limit\n    windowSeconds\n  }\n}": types.ApiKeyDetailsFragmentDoc,
    "query ApiKeyInsight($id: ID!) {\n  apiKey(id: $id) {\n    id\n    addresses(days: 30) {\n      ip\n      lastSeenAt\n      successCount\n      failureCount\n    }\n    suggestedAllowedIps\n    scopeUsage(days: 30) {\n      scope\n      useCount\n      lastUsedAt\n    }\n    unusedScopes(days: 30)\n  }\n}": types.ApiKeyInsightDocument,
    "fragment ApiKeyListItem on ApiKey {\n  id\n  name\n  key\n  active\n  status\n  allowedIps\n  scopes\n  expiresAt\n  lastUsedAt\n  createdAt\n}": types.ApiKeyListItemFragmentDoc,
    "query ApiKeyUsage($id: ID!, $days: Int!) {\n  apiKey(id: $id) {\n    id\n    usage(days: $days) {\n      date\n      successCount\n      failureCount\n    }\n  }\n}": types.ApiKeyUsageDocument,
    "query ApiKeys($first: Int, $after: String, $last: Int, $before: String, $search: String, $status: ApiKeyStatus, $orderBy: ApiKeyOrder) {\n  apiKeys(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    search: $search\n    status: $status\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    nodes {\n      ...ApiKeyListItem\n    }\n  }\n}": types.ApiKeysDocument,
    "mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}": types.CreateApiKeyDocument,
    "mutation DeleteApiKey($id: ID!) {\n  deleteApiKey(id: $id) {\n    deletedId\n  }\n}": types.DeleteApiKeyDocument,
    "mutation RotateApiKeySecret($id: ID!, $gracePeriodSeconds: Int!) {\n  rotateApiKeySecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}": types.RotateApiKeySecretDocument,
    "query Scopes {\n  scopes {\n    name\n    description\n  }\n}": types.ScopesDocument,
    "mutation SetApiKeyActive($id: ID!, $active: Boolean!) {\n  setApiKeyActive(id: $id, active: $active) {\n    id\n    active\n    status\n    updatedAt\n  }\n}": types.SetApiKeyActiveDocument,
    "mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n  updateApiKey(id: $id, input: $input) {\n    ...ApiKeyDetails\n  }\n}": types.UpdateApiKeyDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    kind\n    email\n    scopes\n  }\n}": types.LoginDocument,
    "mutation Logout {\n  logout\n}": types.LogoutDocument,
    "query Viewer {\n  viewer {\n    kind\n    email\n    scopes\n  }\n}": types.ViewerDocument,
    "query KeyPolicy {\n  keyPolicy {\n    ...KeyPolicyFields\n  }\n}": types.KeyPolicyDocument,
    "fragment KeyPolicyFields on KeyPolicy {\n  maxLifetimeDays\n  requireExpiry\n  requireAllowedIps\n  disableUnusedAfterDays\n  expiryReminderDays\n}": types.KeyPolicyFieldsFragmentDoc,
    "mutation UpdateKeyPolicy($input: KeyPolicyInput!) {\n  updateKeyPolicy(input: $input) {\n    ...KeyPolicyFields\n  }\n}": types.UpdateKeyPolicyDocument,
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
export function graphql(source: "query ApiKey($id: ID!) {\n  apiKey(id: $id) {\n    ...ApiKeyDetails\n  }\n}"): (typeof documents)["query ApiKey($id: ID!) {\n  apiKey(id: $id) {\n    ...ApiKeyDetails\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApiKeyDetails on ApiKey {\n  ...ApiKeyListItem\n  secretHint\n  lastUsedIp\n  secretRotatedAt\n  previousSecretExpiresAt\n  updatedAt\n  rateLimit {\n    limit\n    windowSeconds\n  }\n}"): (typeof documents)["fragment ApiKeyDetails on ApiKey {\n  ...ApiKeyListItem\n  secretHint\n  lastUsedIp\n  secretRotatedAt\n  previousSecretExpiresAt\n  updatedAt\n  rateLimit {\n    limit\n    windowSeconds\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiKeyInsight($id: ID!) {\n  apiKey(id: $id) {\n    id\n    addresses(days: 30) {\n      ip\n      lastSeenAt\n      successCount\n      failureCount\n    }\n    suggestedAllowedIps\n    scopeUsage(days: 30) {\n      scope\n      useCount\n      lastUsedAt\n    }\n    unusedScopes(days: 30)\n  }\n}"): (typeof documents)["query ApiKeyInsight($id: ID!) {\n  apiKey(id: $id) {\n    id\n    addresses(days: 30) {\n      ip\n      lastSeenAt\n      successCount\n      failureCount\n    }\n    suggestedAllowedIps\n    scopeUsage(days: 30) {\n      scope\n      useCount\n      lastUsedAt\n    }\n    unusedScopes(days: 30)\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApiKeyListItem on ApiKey {\n  id\n  name\n  key\n  active\n  status\n  allowedIps\n  scopes\n  expiresAt\n  lastUsedAt\n  createdAt\n}"): (typeof documents)["fragment ApiKeyListItem on ApiKey {\n  id\n  name\n  key\n  active\n  status\n  allowedIps\n  scopes\n  expiresAt\n  lastUsedAt\n  createdAt\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiKeyUsage($id: ID!, $days: Int!) {\n  apiKey(id: $id) {\n    id\n    usage(days: $days) {\n      date\n      successCount\n      failureCount\n    }\n  }\n}"): (typeof documents)["query ApiKeyUsage($id: ID!, $days: Int!) {\n  apiKey(id: $id) {\n    id\n    usage(days: $days) {\n      date\n      successCount\n      failureCount\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiKeys($first: Int, $after: String, $last: Int, $before: String, $search: String, $status: ApiKeyStatus, $orderBy: ApiKeyOrder) {\n  apiKeys(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    search: $search\n    status: $status\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    nodes {\n      ...ApiKeyListItem\n    }\n  }\n}"): (typeof documents)["query ApiKeys($first: Int, $after: String, $last: Int, $before: String, $search: String, $status: ApiKeyStatus, $orderBy: ApiKeyOrder) {\n  apiKeys(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    search: $search\n    status: $status\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    nodes {\n      ...ApiKeyListItem\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}"): (typeof documents)["mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteApiKey($id: ID!) {\n  deleteApiKey(id: $id) {\n    deletedId\n  }\n}"): (typeof documents)["mutation DeleteApiKey($id: ID!) {\n  deleteApiKey(id: $id) {\n    deletedId\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RotateApiKeySecret($id: ID!, $gracePeriodSeconds: Int!) {\n  rotateApiKeySecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}"): (typeof documents)["mutation RotateApiKeySecret($id: ID!, $gracePeriodSeconds: Int!) {\n  rotateApiKeySecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n    secret\n    apiKey {\n      ...ApiKeyDetails\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Scopes {\n  scopes {\n    name\n    description\n  }\n}"): (typeof documents)["query Scopes {\n  scopes {\n    name\n    description\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetApiKeyActive($id: ID!, $active: Boolean!) {\n  setApiKeyActive(id: $id, active: $active) {\n    id\n    active\n    status\n    updatedAt\n  }\n}"): (typeof documents)["mutation SetApiKeyActive($id: ID!, $active: Boolean!) {\n  setApiKeyActive(id: $id, active: $active) {\n    id\n    active\n    status\n    updatedAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n  updateApiKey(id: $id, input: $input) {\n    ...ApiKeyDetails\n  }\n}"): (typeof documents)["mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n  updateApiKey(id: $id, input: $input) {\n    ...ApiKeyDetails\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    kind\n    email\n    scopes\n  }\n}"): (typeof documents)["mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    kind\n    email\n    scopes\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Logout {\n  logout\n}"): (typeof documents)["mutation Logout {\n  logout\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    kind\n    email\n    scopes\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    kind\n    email\n    scopes\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query KeyPolicy {\n  keyPolicy {\n    ...KeyPolicyFields\n  }\n}"): (typeof documents)["query KeyPolicy {\n  keyPolicy {\n    ...KeyPolicyFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment KeyPolicyFields on KeyPolicy {\n  maxLifetimeDays\n  requireExpiry\n  requireAllowedIps\n  disableUnusedAfterDays\n  expiryReminderDays\n}"): (typeof documents)["fragment KeyPolicyFields on KeyPolicy {\n  maxLifetimeDays\n  requireExpiry\n  requireAllowedIps\n  disableUnusedAfterDays\n  expiryReminderDays\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateKeyPolicy($input: KeyPolicyInput!) {\n  updateKeyPolicy(input: $input) {\n    ...KeyPolicyFields\n  }\n}"): (typeof documents)["mutation UpdateKeyPolicy($input: KeyPolicyInput!) {\n  updateKeyPolicy(input: $input) {\n    ...KeyPolicyFields\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;