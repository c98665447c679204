import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, buildSchemaSync, type ValidatorFn } from 'type-graphql';
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

/**
 * What TypeGraphQL's `validate` option does (validate-arg.js): every object argument checked by
 * class-validator with these options, failures thrown as ArgumentValidationError. Its own
 * version calls `require('class-validator')` for every argument of every request (a module
 * resolution each time, ~5 % of a verifyApiKey call); this one holds the import.
 */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  forbidUnknownValues: false,
  stopAtFirstError: true,
  skipMissingProperties: true,
};
const isValidated = (value: unknown): value is object =>
  value !== null && typeof value === 'object';
const validateArgument: ValidatorFn = async (value) => {
  if (!isValidated(value)) return;
  try {
    if (Array.isArray(value)) {
      await Promise.all(
        value.filter(isValidated).map((item) => validateOrReject(item, VALIDATOR_OPTIONS)),
      );
    } else {
      await validateOrReject(value, VALIDATOR_OPTIONS);
    }
  } catch (err) {
    throw new ArgumentValidationError(err as ValidationError[]);
  }
};

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
    validateFn: validateArgument,
  });
  return schema;
}

/** The SDL committed as server/schema.graphql (the web's codegen input). */
export function printKeyholdSchema(): string {
  return printSchema(lexicographicSortSchema(getSchema())) + '\n';
}
