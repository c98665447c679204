import { Code, Text } from '@mantine/core';
import { CopyableValue, SecretOnceModal } from '../../../components/SecretOnceModal';

export interface RevealedWebhookSecret {
  url: string;
  secret: string;
}

/** The only place a webhook's signing secret is ever shown (see SecretOnceModal). */
export default function WebhookSecretModal({
  revealed,
  onDone,
}: {
  revealed: RevealedWebhookSecret | null;
  onDone: () => void;
}) {
  return (
    <SecretOnceModal
      revealed={revealed}
      onDone={onDone}
      title="Webhook created"
      warningTitle="Copy the signing secret now"
      warning="This secret will not be shown again. Your receiver needs it to check that each delivery comes from Keyhold; if it is lost, delete the webhook and create a new one."
    >
      {(r) => (
        <>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            Deliveries to <strong>{r.url}</strong> carry the header{' '}
            <Code>Keyhold-Signature: t=…,v1=…</Code>, where <Code>v1</Code> is the hex HMAC-SHA256
            of <Code>t.body</Code> under this secret.
          </Text>
          <CopyableValue label="Signing secret" value={r.secret} copyLabel="Copy" secret />
        </>
      )}
    </SecretOnceModal>
  );
}
