import { Badge, Text } from '@mantine/core';
import { formatDateTime, formatRelative } from '../../../app/format';
import { TimeText } from '../../../components/TimeText';
import type { WebhookDeliveryStatus } from '../../../gql/webhooks/graphql';

const LOOK: Record<WebhookDeliveryStatus, { color: string; label: string }> = {
  PENDING: { color: 'yellow', label: 'Pending' },
  SUCCEEDED: { color: 'green', label: 'Succeeded' },
  FAILED: { color: 'red', label: 'Failed' },
};

export function DeliveryStatusBadge({ status }: { status: WebhookDeliveryStatus }) {
  const { color, label } = LOOK[status];
  return (
    <Badge color={color} variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
      {label}
    </Badge>
  );
}

/** A moment as date and time (or "in 5 minutes" when `relative`), the full form on hover/focus. */
export function When({ iso, relative = false }: { iso: string | null; relative?: boolean }) {
  if (!iso) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <TimeText iso={iso} className="kh-list-nowrap">
      {relative ? formatRelative(iso) : formatDateTime(iso)}
    </TimeText>
  );
}

export function ResponseCode({ status }: { status: number | null }) {
  if (status === null) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const ok = status >= 200 && status < 300;
  return (
    <Text span size="sm" ff="monospace" c={ok ? undefined : 'red'} fw={ok ? undefined : 600}>
      {status}
    </Text>
  );
}
