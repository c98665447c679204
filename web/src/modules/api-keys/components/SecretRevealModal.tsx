import { Text } from '@mantine/core';
import { formatDateTimeFull } from '../../../app/format';
import { CopyableValue, SecretOnceModal } from '../../../components/SecretOnceModal';

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

/** The only place an API key's secret is ever shown (see SecretOnceModal). */
export function SecretRevealModal({ revealed, onDone }: Props) {
  return (
    <SecretOnceModal
      revealed={revealed}
      onDone={onDone}
      title={revealed?.reason === 'rotated' ? 'New secret generated' : 'API key created'}
      warningTitle="Copy the secret now"
      warning="This secret will not be shown again. Keyhold keeps only a fingerprint of it; if it is lost, rotate the secret to get a new one."
    >
      {(r) => (
        <>
          {r.reason === 'rotated' && (
            <Text size="sm" data-testid="grace-note">
              {r.previousSecretExpiresAt
                ? `The old secret keeps working until ${formatDateTimeFull(r.previousSecretExpiresAt)}.`
                : 'The old secret stopped working now.'}
            </Text>
          )}
          <CopyableValue label="API key" value={r.key} copyLabel="Copy key" />
          <CopyableValue label="API secret" value={r.secret} copyLabel="Copy secret" secret />
          <CopyableValue
            label="Try it with curl"
            value={curlExample(r.key, r.secret, window.location.origin)}
            copyLabel="Copy curl command"
          />
        </>
      )}
    </SecretOnceModal>
  );
}
