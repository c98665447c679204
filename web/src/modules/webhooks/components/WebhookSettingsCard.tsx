import '../../../app/form-styles';
import { Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconEdit, IconSend, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { WebhookFieldsFragment } from '../../../gql/webhooks/graphql';
import { When } from './DeliveryCells';
import { ActiveBadge, SecretHint } from './WebhookCells';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Box fz="sm">{children}</Box>
    </div>
  );
}

export function WebhookSettingsCard({
  webhook,
  sending,
  onSendTest,
  onEdit,
  onDelete,
}: {
  webhook: WebhookFieldsFragment;
  sending: boolean;
  onSendTest: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={2} size="h4">
            Settings
          </Title>
          <Group gap="xs">
            <Button
              leftSection={<IconSend size={16} aria-hidden />}
              loading={sending}
              onClick={onSendTest}
            >
              Send test event
            </Button>
            <Button
              variant="default"
              leftSection={<IconEdit size={16} aria-hidden />}
              onClick={onEdit}
            >
              Edit
            </Button>
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={onDelete}
            >
              Delete
            </Button>
          </Group>
        </Group>
        <Item label="URL">
          <Text span size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {webhook.url}
          </Text>
        </Item>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Item label="Status">
            <ActiveBadge active={webhook.active} />
          </Item>
          <Item label="Signing secret">
            <SecretHint hint={webhook.secretHint} />
          </Item>
          <Item label="Created">
            <When iso={webhook.createdAt} />
          </Item>
          <Item label="Updated">
            <When iso={webhook.updatedAt} />
          </Item>
        </SimpleGrid>
        <Item label="Events">
          <Group gap={6} mt={4}>
            {webhook.events.map((e) => (
              <Badge key={e} variant="outline" color="gray" tt="none" ff="monospace" fw={500}>
                {e}
              </Badge>
            ))}
          </Group>
        </Item>
      </Stack>
    </Paper>
  );
}
