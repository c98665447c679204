import '../../../app/overlay-styles';
import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, NativeSelect, Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../../app/graphql-errors';
import { RotateApiKeySecretDocument } from '../../../gql/graphql';
import type { RevealedSecret } from './SecretRevealModal';

export const GRACE_OPTIONS = [
  { label: 'None (old secret stops now)', value: '0' },
  { label: '1 hour', value: String(3600) },
  { label: '24 hours', value: String(24 * 3600) },
  { label: '7 days', value: String(7 * 24 * 3600) },
];

export function RotateSecretCard({
  apiKeyId,
  onRotated,
}: {
  apiKeyId: string;
  onRotated: (s: RevealedSecret) => void;
}) {
  const [grace, setGrace] = useState('0');
  const [confirming, setConfirming] = useState(false);
  const [rotate, { loading }] = useMutation(RotateApiKeySecretDocument, {
    refetchQueries: ['AuditEvents'],
  });
  const graceLabel = GRACE_OPTIONS.find((o) => o.value === grace)?.label ?? '';

  const run = async () => {
    try {
      const { data } = await rotate({
        variables: { id: apiKeyId, gracePeriodSeconds: Number(grace) },
      });
      setConfirming(false);
      if (!data) return;
      const { apiKey, secret } = data.rotateApiKeySecret;
      notifications.show({ color: 'green', message: 'Secret rotated' });
      onRotated({
        key: apiKey.key,
        secret,
        reason: 'rotated',
        previousSecretExpiresAt: apiKey.previousSecretExpiresAt,
      });
    } catch (error) {
      setConfirming(false);
      notifications.show({
        color: 'red',
        title: 'Could not rotate the secret',
        message: describeError(error),
      });
    }
  };

  return (
    <Paper withBorder p="lg">
      <Title order={2} size="h4" mb={4}>
        Rotate secret
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Issue a new secret. A grace period lets integrations keep using the old one while they
        switch.
      </Text>
      <Group align="flex-end">
        <NativeSelect
          label="Grace period"
          data={GRACE_OPTIONS}
          value={grace}
          onChange={(e) => setGrace(e.currentTarget.value)}
        />
        <Button variant="light" onClick={() => setConfirming(true)}>
          Rotate secret
        </Button>
      </Group>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Rotate the secret?"
        centered
      >
        <Text size="sm" mb="md">
          {grace === '0'
            ? 'The current secret stops working immediately.'
            : `The current secret keeps working for ${graceLabel}, then stops.`}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button onClick={() => void run()} loading={loading} data-autofocus>
            Rotate
          </Button>
        </Group>
      </Modal>
    </Paper>
  );
}
