import '../../../app/overlay-styles';
import { Button, Group, Modal, Text } from '@mantine/core';
import type { WebhookFieldsFragment } from '../../../gql/webhooks/graphql';

export default function ConfirmDeleteWebhookModal({
  webhook,
  loading,
  onCancel,
  onConfirm,
}: {
  webhook: WebhookFieldsFragment | null;
  loading?: boolean;
  onCancel: () => void;
  onConfirm: (webhook: WebhookFieldsFragment) => void;
}) {
  return (
    <Modal opened={webhook !== null} onClose={onCancel} title="Delete webhook" centered>
      {webhook && (
        <>
          <Text size="sm" mb="md" style={{ overflowWrap: 'anywhere' }}>
            <strong>{webhook.url}</strong> will receive no more events, and its delivery history is
            deleted with it. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={loading} onClick={() => onConfirm(webhook)}>
              Delete webhook
            </Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
