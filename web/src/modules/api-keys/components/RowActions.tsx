import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconEdit, IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ApiKeyListItemFragment } from '../../../gql/graphql';

interface Props {
  apiKey: ApiKeyListItemFragment;
  onToggleActive: (key: ApiKeyListItemFragment) => void;
  onDelete: (key: ApiKeyListItemFragment) => void;
}

export function RowActions({ apiKey, onToggleActive, onDelete }: Props) {
  const label = apiKey.name ?? apiKey.key;
  const toggle = apiKey.active ? 'Disable' : 'Enable';
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label="Edit">
        <ActionIcon
          component={Link}
          to={`/admin/api-keys/${apiKey.id}/edit`}
          variant="subtle"
          color="gray"
          aria-label={`Edit ${label}`}
        >
          <IconEdit size={18} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={toggle}>
        <ActionIcon
          variant="subtle"
          color={apiKey.active ? 'orange' : 'teal'}
          aria-label={`${toggle} ${label}`}
          onClick={() => onToggleActive(apiKey)}
        >
          {apiKey.active ? <IconPlayerPause size={18} /> : <IconPlayerPlay size={18} />}
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Delete">
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Delete ${label}`}
          onClick={() => onDelete(apiKey)}
        >
          <IconTrash size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
