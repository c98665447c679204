import '../app/overlay-styles';
import { Alert, Box, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { CopyValueButton } from './CopyValueButton';

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
 * The dialog that shows a secret (an API key's, a webhook's signing secret) the one time it
 * is ever shown. It cannot be dismissed by Escape, a click outside or a close button: only by
 * confirming it was saved. `children` renders what is revealed, between the warning and the
 * confirmation.
 */
export function SecretOnceModal<T>({
  revealed,
  onDone,
  title,
  warningTitle,
  warning,
  children,
}: {
  revealed: T | null;
  /** Called once the admin has confirmed saving the secret. */
  onDone: () => void;
  title: string;
  warningTitle: string;
  warning: ReactNode;
  children: (revealed: T) => ReactNode;
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
      title={title}
      size="lg"
      centered
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-xl)' } }}
    >
      {revealed !== null && (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={warningTitle}>
            {warning}
          </Alert>
          {children(revealed)}
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
