import { ArgsType, Field } from 'type-graphql';
import { IsIpAddress, IsKnownScopes } from '../../common/validators';

@ArgsType()
export class VerifyApiKeyArgs {
  @Field(() => String)
  key: string;

  @Field(() => String)
  secret: string;

  @IsIpAddress()
  @Field(() => String, { nullable: true })
  ip?: string | null;

  @IsKnownScopes()
  @Field(() => [String], { nullable: true })
  requiredScopes?: string[] | null;
}
