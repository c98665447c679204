import { Badge } from '@mantine/core';
import type { ApiKeyStatus } from '../../../gql/graphql';

const LOOK: Record<ApiKeyStatus, { color: string; label: string }> = {
  ACTIVE: { color: 'green', label: 'Active' },
  DISABLED: { color: 'gray', label: 'Disabled' },
  EXPIRED: { color: 'red', label: 'Expired' },
};

export function StatusBadge({ status }: { status: ApiKeyStatus }) {
  const { color, label } = LOOK[status];
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
}
