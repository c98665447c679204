import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum ViewerKind {
  ANONYMOUS = 'ANONYMOUS',
  ADMIN = 'ADMIN',
  API_KEY = 'API_KEY',
}
registerEnumType(ViewerKind, { name: 'ViewerKind' });

export enum VerificationCode {
  VALID = 'VALID',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  DISABLED = 'DISABLED',
  EXPIRED = 'EXPIRED',
  IP_NOT_ALLOWED = 'IP_NOT_ALLOWED',
  MISSING_SCOPE = 'MISSING_SCOPE',
  RATE_LIMITED = 'RATE_LIMITED',
}
registerEnumType(VerificationCode, { name: 'VerificationCode' });

@ObjectType('Viewer')
export class Viewer {
  @Field(() => ViewerKind)
  kind: ViewerKind;

  @Field(() => String, { nullable: true })
  email: string | null;

  /** The key behind an API_KEY viewer; `apiKey` is loaded only when a query selects it. */
  apiKeyId: string | null;

  @Field(() => [String])
  scopes: string[];
}

@ObjectType('ScopeDefinition')
export class ScopeDefinition {
  @Field(() => String)
  name: string;

  @Field(() => String)
  description: string;
}

@ObjectType('ApiKeyVerification')
export class ApiKeyVerification {
  @Field(() => Boolean)
  valid: boolean;

  @Field(() => VerificationCode)
  code: VerificationCode;

  /** Set only when the secret matched; `apiKey` is loaded only when a query selects it. */
  apiKeyId: string | null;

  @Field(() => [String])
  scopes: string[];
}
