import { Anchor, Group, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import { Link } from 'react-router';
import type {
  ApiKeyListItemFragment,
  ApiKeyOrderField,
  OrderDirection,
} from '../../../gql/graphql';
import { CountSummary, CreatedCell, ExpiresCell, KeyCell } from './ListCells';
import { RelativeTime } from './RelativeTime';
import { RowActions } from './RowActions';
import { ScrollRegion } from './ScrollRegion';
import { PolicyBadge } from './PolicyBadge';
import { StatusBadge } from './StatusBadge';

export interface ApiKeysListProps {
  keys: ApiKeyListItemFragment[];
  sort: ApiKeyOrderField;
  direction: OrderDirection;
  onSort: (field: ApiKeyOrderField) => void;
  onToggleActive: (key: ApiKeyListItemFragment) => void;
  onDelete: (key: ApiKeyListItemFragment) => void;
  busy?: boolean;
}

// Fixed widths: columns keep their place from page to page and badges never shrink.
const WIDTHS = {
  key: 150,
  status: 124,
  ips: 92,
  scopes: 104,
  expires: 150,
  lastUsed: 120,
  created: 116,
  actions: 112,
};

function SortableTh({
  field,
  label,
  width,
  ...p
}: { field: ApiKeyOrderField; label: string; width?: number } & Pick<
  ApiKeysListProps,
  'sort' | 'direction' | 'onSort'
>) {
  const active = p.sort === field;
  const Icon = !active ? IconSelector : p.direction === 'ASC' ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th
      w={width}
      aria-sort={active ? (p.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}
    >
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

export function KeyName({ apiKey }: { apiKey: ApiKeyListItemFragment }) {
  return (
    <Anchor
      component={Link}
      to={`/admin/api-keys/${apiKey.id}/edit`}
      fw={500}
      size="sm"
      className="kh-list-name"
    >
      {apiKey.name ?? (
        <Text span fs="italic" inherit>
          Unnamed
        </Text>
      )}
    </Anchor>
  );
}

export function ApiKeysTable({
  keys,
  onToggleActive,
  onDelete,
  busy,
  ...sorting
}: ApiKeysListProps) {
  return (
    <ScrollRegion label="API keys" minWidth={1080}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="xs"
        className="kh-list-table"
        aria-busy={busy}
      >
        <Table.Thead>
          <Table.Tr>
            <SortableTh field="NAME" label="Name" {...sorting} />
            <Table.Th w={WIDTHS.key}>Key</Table.Th>
            <Table.Th w={WIDTHS.status}>Status</Table.Th>
            <Table.Th w={WIDTHS.ips}>Allowed IPs</Table.Th>
            <Table.Th w={WIDTHS.scopes}>Scopes</Table.Th>
            <Table.Th w={WIDTHS.expires}>Expires</Table.Th>
            <SortableTh
              field="LAST_USED_AT"
              label="Last used"
              width={WIDTHS.lastUsed}
              {...sorting}
            />
            <SortableTh field="CREATED_AT" label="Created" width={WIDTHS.created} {...sorting} />
            <Table.Th w={WIDTHS.actions}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>
                <KeyName apiKey={k} />
              </Table.Td>
              <Table.Td>
                <KeyCell value={k.key} />
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <StatusBadge status={k.status} />
                  <PolicyBadge apiKey={k} />
                </Group>
              </Table.Td>
              <Table.Td>
                <CountSummary items={k.allowedIps} one="IP" many="IPs" empty="Any address" />
              </Table.Td>
              <Table.Td>
                <CountSummary items={k.scopes} one="scope" many="scopes" empty="None" />
              </Table.Td>
              <Table.Td>
                <ExpiresCell iso={k.expiresAt} />
              </Table.Td>
              <Table.Td className="kh-list-nowrap">
                <RelativeTime iso={k.lastUsedAt} />
              </Table.Td>
              <Table.Td>
                <CreatedCell iso={k.createdAt} />
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
