import {
  Anchor,
  Badge,
  Group,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import { Link } from 'react-router';
import { formatDate, formatDateTimeFull } from '../../../app/format';
import type {
  ApiKeyListItemFragment,
  ApiKeyOrderField,
  OrderDirection,
} from '../../../gql/graphql';
import { CopyValueButton } from './CopyValueButton';
import { RelativeTime } from './RelativeTime';
import { RowActions } from './RowActions';
import { ScrollRegion } from './ScrollRegion';
import { PolicyBadge } from './PolicyBadge';
import { StatusBadge } from './StatusBadge';

interface Props {
  keys: ApiKeyListItemFragment[];
  sort: ApiKeyOrderField;
  direction: OrderDirection;
  onSort: (field: ApiKeyOrderField) => void;
  onToggleActive: (key: ApiKeyListItemFragment) => void;
  onDelete: (key: ApiKeyListItemFragment) => void;
}

function SortableTh({
  field,
  label,
  ...p
}: { field: ApiKeyOrderField; label: string } & Pick<Props, 'sort' | 'direction' | 'onSort'>) {
  const active = p.sort === field;
  const Icon = !active ? IconSelector : p.direction === 'ASC' ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th aria-sort={active ? (p.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => p.onSort(field)} aria-label={`Sort by ${label}`}>
        <Group gap={4} wrap="nowrap">
          <Text fw={700} size="sm">
            {label}
          </Text>
          <Icon size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function ListPreview({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  const shown = items.slice(0, 2);
  return (
    <Group gap={4}>
      {shown.map((item) => (
        <Badge key={item} variant="outline" color="gray" tt="none">
          {item}
        </Badge>
      ))}
      {items.length > shown.length && (
        <Tooltip label={items.slice(2).join(', ')}>
          <Badge variant="light" color="gray" tabIndex={0}>
            +{items.length - shown.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

export function ApiKeysTable({ keys, onToggleActive, onDelete, ...sorting }: Props) {
  return (
    <ScrollRegion label="API keys" minWidth={960}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <SortableTh field="NAME" label="Name" {...sorting} />
            <Table.Th>Key</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Allowed IPs</Table.Th>
            <Table.Th>Scopes</Table.Th>
            <SortableTh field="LAST_USED_AT" label="Last used" {...sorting} />
            <SortableTh field="CREATED_AT" label="Created" {...sorting} />
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>
                <Anchor component={Link} to={`/admin/api-keys/${k.id}/edit`} fw={500}>
                  {k.name ?? (
                    <Text span fs="italic" c="dimmed">
                      Unnamed
                    </Text>
                  )}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Text ff="monospace" size="sm">
                    {k.key}
                  </Text>
                  <CopyValueButton value={k.key} label="Copy key" />
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <StatusBadge status={k.status} />
                  <PolicyBadge apiKey={k} />
                </Group>
              </Table.Td>
              <Table.Td>
                <ListPreview items={k.allowedIps} empty="Any address" />
              </Table.Td>
              <Table.Td>
                <ListPreview items={k.scopes} empty="None" />
              </Table.Td>
              <Table.Td>
                <RelativeTime iso={k.lastUsedAt} />
              </Table.Td>
              <Table.Td>
                <Tooltip label={formatDateTimeFull(k.createdAt)}>
                  <Text span size="sm">
                    {formatDate(k.createdAt)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                <RowActions apiKey={k} onToggleActive={onToggleActive} onDelete={onDelete} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
