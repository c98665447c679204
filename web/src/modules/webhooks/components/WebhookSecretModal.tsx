import '../../../app/overlay-styles';
import { Alert, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyableValue } from '../../api-keys/components/SecretRevealModal';

export interface RevealedWebhookSecret {
  url: string;
  secret: string;
}

/**
 * The only place a signing secret is ever shown. Like the API key secret dialog it cannot be
 * dismissed by Escape, a click outside or a close button: only by confirming it was saved.
 */
export default function WebhookSecretModal({
  revealed,
  onDone,
}: {
  revealed: RevealedWebhookSecret | null;
  onDone: () => void;
}) {
  const [saved, setSaved] = useState(false);
  const done = () => {
    setSaved(false);
    onDone();
  };
  return (
    <Modal
      opened={revealed !== null}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title="Webhook created"
      size="lg"
      centered
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-xl)' } }}
    >
      {revealed && (
        <Stack>
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title="Copy the signing secret now"
          >
            This secret will not be shown again. Your receiver needs it to check that each delivery
            comes from Keyhold; if it is lost, delete the webhook and create a new one.
          </Alert>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            Deliveries to <strong>{revealed.url}</strong> carry the header{' '}
            <Code>Keyhold-Signature: t=…,v1=…</Code>, where <Code>v1</Code> is the hex HMAC-SHA256
            of <Code>t.body</Code> under this secret.
          </Text>
          <CopyableValue label="Signing secret" value={revealed.secret} copyLabel="Copy" secret />
          <Checkbox
            label="I have saved the secret"
            checked={saved}
            onChange={(e) => setSaved(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button onClick={done} disabled={!saved}>
              Close
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
