import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf, type GraphQLContext } from '../../common/context';
import { adminOnly } from '../../common/errors';
import { KeyPolicy, KeyPolicyInput } from './key-policy.type';

@Resolver(() => KeyPolicy)
export class KeyPolicyResolver {
  @Authorized()
  @Query(() => KeyPolicy, { description: 'The rules every key must meet' })
  keyPolicy(@Ctx() context: GraphQLContext): Promise<KeyPolicy> {
    return context.services.policies.get();
  }

  @Authorized()
  @Mutation(() => KeyPolicy, { description: 'Admins only' })
  updateKeyPolicy(
    @Arg('input', () => KeyPolicyInput) input: KeyPolicyInput,
    @Ctx() context: GraphQLContext,
  ): Promise<KeyPolicy> {
    if (context.principal.kind !== 'ADMIN') throw adminOnly();
    return context.services.policies.update(actorOf(context), input);
  }
}
