import '../../../app/overlay-styles';
import { Alert, Box, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyValueButton } from './CopyValueButton';

export interface RevealedSecret {
  key: string;
  secret: string;
  /** "created" or "rotated": only changes the title. */
  reason: 'created' | 'rotated';
}

interface Props {
  revealed: RevealedSecret | null;
  /** Called once the admin has confirmed saving the secret. */
  onDone: () => void;
}

export function curlExample(key: string, secret: string, origin: string): string {
  return `curl -u "${key}:${secret}" -H 'content-type: application/json' --data '{"query":"{ viewer { kind } }"}' ${origin}/graphql`;
}

function CopyableValue({ label, value }: { label: string; value: string }) {
  return (
    <Box role="group" aria-label={label}>
      <Text size="sm" fw={600} mb={4}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <CopyValueButton value={value} />
      </Group>
    </Box>
  );
}

/**
 * The only place a secret is ever shown. It cannot be dismissed by Escape, a click outside
 * or a close button: only by confirming it was saved.
 */
export function SecretRevealModal({ revealed, onDone }: Props) {
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
      title={revealed?.reason === 'rotated' ? 'New secret generated' : 'API key created'}
      size="lg"
      centered
    >
      {revealed && (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy the secret now">
            This secret will not be shown again. Keyhold keeps only a fingerprint of it; if it is
            lost, rotate the secret to get a new one.
          </Alert>
          <CopyableValue label="API key" value={revealed.key} />
          <CopyableValue label="API secret" value={revealed.secret} />
          <CopyableValue
            label="Try it with curl"
            value={curlExample(revealed.key, revealed.secret, window.location.origin)}
          />
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
