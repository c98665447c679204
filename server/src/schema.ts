import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { authChecker } from './common/auth-checker';
import { DateTimeScalar } from './common/scalars';
import { ApiKeyResolver } from './modules/api-keys';
import { AuditResolver } from './modules/audit';
import { WebhookResolver } from './modules/webhooks';
import {
  ApiKeyVerificationFieldsResolver,
  AuthResolver,
  ViewerFieldsResolver,
} from './modules/auth';
import { KeyPolicyResolver } from './modules/policy';
import { UsageInsightResolver } from './modules/usage';

let schema: GraphQLSchema | undefined;

/** Built once per process: TypeGraphQL's metadata is global anyway. */
export function getSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: [
      ApiKeyResolver,
      AuditResolver,
      AuthResolver,
      ViewerFieldsResolver,
      ApiKeyVerificationFieldsResolver,
      UsageInsightResolver,
      KeyPolicyResolver,
      WebhookResolver,
    ],
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false, stopAtFirstError: true },
  });
  return schema;
}

/** The SDL committed as server/schema.graphql (the web's codegen input). */
export function printKeyholdSchema(): string {
  return printSchema(lexicographicSortSchema(getSchema())) + '\n';
}
