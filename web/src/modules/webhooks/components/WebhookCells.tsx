import { Anchor, Badge, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { WebhookFieldsFragment } from '../../../gql/webhooks/graphql';

export function ActiveBadge({ active }: { active: boolean }) {
  return (
    <Badge color={active ? 'green' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
      {active ? 'Active' : 'Inactive'}
    </Badge>
  );
}

/** The end of the signing secret, enough to tell which one a receiver holds. */
export function SecretHint({ hint }: { hint: string }) {
  return (
    <Text
      span
      size="sm"
      ff="monospace"
      className="kh-list-nowrap"
      aria-label={`Secret ending ${hint}`}
    >
      {hint.startsWith('whsec_') ? hint : `whsec_…${hint}`}
    </Text>
  );
}

/** The URL, linking to the webhook's deliveries; long ones wrap instead of widening the page. */
export function WebhookUrl({ webhook }: { webhook: WebhookFieldsFragment }) {
  return (
    <Anchor
      component={Link}
      to={`/admin/webhooks/${webhook.id}`}
      size="sm"
      fw={500}
      ff="monospace"
      style={{ overflowWrap: 'anywhere' }}
    >
      {webhook.url}
    </Anchor>
  );
}
