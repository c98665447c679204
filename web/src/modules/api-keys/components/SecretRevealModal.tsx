import '../../../app/overlay-styles';
import { Alert, Box, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { formatDateTimeFull } from '../../../app/format';
import { CopyValueButton } from './CopyValueButton';

export interface RevealedSecret {
  key: string;
  secret: string;
  /** "created" or "rotated": only changes the title. */
  reason: 'created' | 'rotated';
  /** After a rotation with a grace period: until when the old secret still works. */
  previousSecretExpiresAt?: string | null;
}

interface Props {
  revealed: RevealedSecret | null;
  /** Called once the admin has confirmed saving the secret. */
  onDone: () => void;
}

export function curlExample(key: string, secret: string, origin: string): string {
  return `curl -u "${key}:${secret}" -H 'content-type: application/json' --data '{"query":"{ viewer { kind } }"}' ${origin}/graphql`;
}

export function CopyableValue({
  label,
  value,
  copyLabel,
  secret = false,
}: {
  label: string;
  value: string;
  copyLabel: string;
  /** The secret stands out: bordered, tinted, larger, so it is never mistaken for the key. */
  secret?: boolean;
}) {
  return (
    <Box role="group" aria-label={label}>
      <Text size="sm" fw={600} mb={4}>
        {label}
        {secret && (
          <Text span size="xs" fw={700} c="red" ml="xs">
            shown once
          </Text>
        )}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code
          block
          fz={secret ? 'md' : undefined}
          fw={secret ? 700 : undefined}
          style={{
            flex: 1,
            wordBreak: 'break-all',
            whiteSpace: 'pre-wrap',
            ...(secret
              ? {
                  border: '2px solid var(--mantine-color-yellow-filled)',
                  background: 'var(--mantine-color-yellow-light)',
                }
              : {}),
          }}
        >
          {value}
        </Code>
        <CopyValueButton value={value} label={copyLabel} />
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
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-xl)' } }}
    >
      {revealed && (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy the secret now">
            This secret will not be shown again. Keyhold keeps only a fingerprint of it; if it is
            lost, rotate the secret to get a new one.
          </Alert>
          {revealed.reason === 'rotated' && (
            <Text size="sm" data-testid="grace-note">
              {revealed.previousSecretExpiresAt
                ? `The old secret keeps working until ${formatDateTimeFull(revealed.previousSecretExpiresAt)}.`
                : 'The old secret stopped working now.'}
            </Text>
          )}
          <CopyableValue label="API key" value={revealed.key} copyLabel="Copy key" />
          <CopyableValue
            label="API secret"
            value={revealed.secret}
            copyLabel="Copy secret"
            secret
          />
          <CopyableValue
            label="Try it with curl"
            value={curlExample(revealed.key, revealed.secret, window.location.origin)}
            copyLabel="Copy curl command"
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
