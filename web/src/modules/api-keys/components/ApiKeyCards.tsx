import './ApiKeyCards.css';
import { Paper, Stack, Text } from '@mantine/core';
import type { ApiKeysListProps } from './ApiKeysTable';
import { KeyName } from './ApiKeysTable';
import { CountSummary, ExpiresCell, KeyCell } from './ListCells';
import { RelativeTime } from './RelativeTime';
import { RowActions } from './RowActions';
import { StatusBadge } from './StatusBadge';

/** The list on a phone: one card per key with name, status, key, last use and actions. */
export function ApiKeyCards({ keys, onToggleActive, onDelete, busy }: ApiKeysListProps) {
  return (
    <Stack
      gap="xs"
      component="ul"
      aria-label="API keys"
      aria-busy={busy}
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {keys.map((k) => (
        <Paper
          key={k.id}
          withBorder
          p="sm"
          component="li"
          className="kh-list-card"
          data-testid="key-card"
        >
          <KeyName apiKey={k} />
          <StatusBadge status={k.status} />
          <KeyCell value={k.key} />
          <RowActions apiKey={k} onToggleActive={onToggleActive} onDelete={onDelete} />
          <div className="kh-list-card-meta">
            <Text span size="sm">
              Last used <RelativeTime iso={k.lastUsedAt} />
            </Text>
            <ExpiresCell iso={k.expiresAt} verbose />
            <CountSummary items={k.allowedIps} one="IP" many="IPs" empty="Any address" />
            <CountSummary items={k.scopes} one="scope" many="scopes" empty="No scopes" />
          </div>
        </Paper>
      ))}
    </Stack>
  );
}
