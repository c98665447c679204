import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import type { WebhookFieldsFragment } from '../../../gql/webhooks/graphql';

export interface WebhookActionsProps {
  onEdit: (webhook: WebhookFieldsFragment) => void;
  onDelete: (webhook: WebhookFieldsFragment) => void;
}

export function WebhookRowActions({
  webhook,
  onEdit,
  onDelete,
}: WebhookActionsProps & { webhook: WebhookFieldsFragment }) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label="Edit">
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Edit ${webhook.url}`}
          onClick={() => onEdit(webhook)}
        >
          <IconEdit size={18} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Delete">
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Delete ${webhook.url}`}
          onClick={() => onDelete(webhook)}
        >
          <IconTrash size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
