import '../../../app/overlay-styles';
import { Button, Group, Modal, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { keyLabel, type KeyRef } from '../hooks/useApiKeyMutations';

interface Props {
  apiKey: KeyRef | null;
  /** Ask the admin to type the key's name (or the key when unnamed) before deleting. */
  requireTyping?: boolean;
  loading?: boolean;
  onCancel: () => void;
  onConfirm: (key: KeyRef) => void;
}

export default function ConfirmDeleteModal({
  apiKey,
  requireTyping = false,
  loading,
  onCancel,
  onConfirm,
}: Props) {
  const [typed, setTyped] = useState('');
  const label = apiKey ? keyLabel(apiKey) : '';
  const confirmed = !requireTyping || typed.trim() === label;

  const close = () => {
    setTyped('');
    onCancel();
  };

  return (
    <Modal opened={apiKey !== null} onClose={close} title="Delete API key" centered>
      {apiKey && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (confirmed) onConfirm(apiKey);
          }}
        >
          <Text size="sm" mb="md">
            <strong>{label}</strong> will stop working immediately and cannot be restored.
            Integrations using it will be refused.
          </Text>
          {requireTyping && (
            <TextInput
              label={`Type ${apiKey.name ? 'the name' : 'the key'} to confirm`}
              description={label}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
              mb="md"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!confirmed} loading={loading}>
              Delete key
            </Button>
          </Group>
        </form>
      )}
    </Modal>
  );
}
