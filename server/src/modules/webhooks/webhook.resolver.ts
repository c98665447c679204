import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { SCOPES } from '@keyhold/shared';
import { toConnection } from '../../common/connection';
import { actorOf, type GraphQLContext } from '../../common/context';
import {
  CreateWebhookInput,
  CreateWebhookPayload,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryConnection,
} from './dto/webhook.type';
import { WebhookDeliveriesArgs } from './dto/webhook-deliveries.args';

@Resolver()
export class WebhookResolver {
  @Authorized(SCOPES.WEBHOOKS_MANAGE)
  @Query(() => [Webhook], { description: 'Oldest first' })
  async webhooks(@Ctx() context: GraphQLContext): Promise<Webhook[]> {
    return (await context.services.webhooks.list()).map((w) => Webhook.from(w));
  }

  @Authorized(SCOPES.WEBHOOKS_MANAGE)
  @Query(() => WebhookDeliveryConnection, { description: 'Newest first' })
  async webhookDeliveries(
    @Ctx() context: GraphQLContext,
    @Args() { webhookId, first, after }: WebhookDeliveriesArgs,
  ): Promise<WebhookDeliveryConnection> {
    const page = await context.services.webhooks.deliveries(webhookId, first, after);
    return toConnection(
      WebhookDeliveryConnection,
      page,
      page.rows.map((d) => WebhookDelivery.from(d)),
    );
  }

  @Authorized(SCOPES.WEBHOOKS_MANAGE)
  @Mutation(() => CreateWebhookPayload, {
    description: 'The signing secret is in this answer only',
  })
  async createWebhook(
    @Arg('input', () => CreateWebhookInput) input: CreateWebhookInput,
    @Ctx() context: GraphQLContext,
  ): Promise<CreateWebhookPayload> {
    const { entity, secret } = await context.services.webhooks.create(actorOf(context), input);
    return { webhook: Webhook.from(entity), secret };
  }

  @Authorized(SCOPES.WEBHOOKS_MANAGE)
  @Mutation(() => Webhook)
  async updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() context: GraphQLContext,
  ): Promise<Webhook> {
    return Webhook.from(await context.services.webhooks.update(actorOf(context), id, input));
  }

  @Authorized(SCOPES.WEBHOOKS_MANAGE)
  @Mutation(() => ID, { description: 'Its deliveries go with it; answers the deleted id' })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<string> {
    return context.services.webhooks.delete(actorOf(context), id);
  }

  @Authorized(SCOPES.WEBHOOKS_MANAGE)
  @Mutation(() => WebhookDelivery, { description: 'Sends the event webhook.ping' })
  async sendTestWebhook(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookDelivery> {
    return WebhookDelivery.from(await context.services.webhooks.sendTest(actorOf(context), id));
  }

  @Authorized(SCOPES.WEBHOOKS_MANAGE)
  @Mutation(() => WebhookDelivery, { description: 'Sends the same event again, as a new delivery' })
  async redeliverWebhook(
    @Arg('deliveryId', () => ID) deliveryId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookDelivery> {
    return WebhookDelivery.from(
      await context.services.webhooks.redeliver(actorOf(context), deliveryId),
    );
  }
}
