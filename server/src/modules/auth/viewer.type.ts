import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ApiKey } from '../api-keys/dto/api-key.type';

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
}
registerEnumType(VerificationCode, { name: 'VerificationCode' });

@ObjectType('Viewer')
export class Viewer {
  @Field(() => ViewerKind)
  kind: ViewerKind;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => ApiKey, { nullable: true })
  apiKey: ApiKey | null;

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

  @Field(() => ApiKey, { nullable: true, description: 'Only when the secret matched' })
  apiKey: ApiKey | null;

  @Field(() => [String])
  scopes: string[];
}
