import { LoadError } from '../../../components/LoadError';
import '../../../app/form-styles';
import { useQuery } from '@apollo/client/react';
import { Anchor, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { ApiKeyDocument } from '../../../gql/graphql';
import ConfirmDeleteModal from '../components/ConfirmDeleteModal';
import { EditApiKeyForm } from '../components/EditApiKeyForm';
import { KeyAuditEvents } from '../components/KeyAuditEvents';
import { KeyDetailsCard } from '../components/KeyDetailsCard';
import { RotateSecretCard } from '../components/RotateSecretCard';
import { SecretRevealModal, type RevealedSecret } from '../components/SecretRevealModal';
import { StatusBadge } from '../components/StatusBadge';
import { UsageSection } from '../components/UsageSection';
import { useApiKeyMutations } from '../hooks/useApiKeyMutations';

export function EditApiKeyPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, error, loading, refetch } = useQuery(ApiKeyDocument, {
    variables: { id },
    fetchPolicy: 'cache-and-network',
  });
  const { setActive, remove, busy } = useApiKeyMutations();
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [deleting, setDeleting] = useState(false);
  const apiKey = data?.apiKey;

  const back = (
    <Anchor component={Link} to="/admin/api-keys" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} /> API Keys
      </Group>
    </Anchor>
  );

  if (!data) {
    if (error) {
      return (
        <LoadError
          title="The key could not be loaded"
          message={describeError(error)}
          onRetry={() => void refetch()}
        />
      );
    }
    return loading ? <Skeleton height={320} aria-label="Loading API key" /> : null;
  }
  if (!apiKey) {
    return (
      <Stack>
        {back}
        <Title order={1} size="h2">
          API key not found
        </Title>
        <Text c="dimmed">It may have been deleted.</Text>
      </Stack>
    );
  }

  return (
    <Stack>
      {back}
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h2" style={{ wordBreak: 'break-word' }}>
            {apiKey.name ?? apiKey.key}
          </Title>
          <StatusBadge status={apiKey.status} />
        </Group>
        <Button
          variant="default"
          loading={busy}
          onClick={() => void setActive(apiKey, !apiKey.active)}
        >
          {apiKey.active ? 'Disable' : 'Enable'}
        </Button>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <EditApiKeyForm key={apiKey.updatedAt} apiKey={apiKey} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <KeyDetailsCard apiKey={apiKey} />
            <RotateSecretCard apiKeyId={apiKey.id} onRotated={setRevealed} />
            <Paper withBorder p="lg" style={{ borderColor: 'var(--mantine-color-red-6)' }}>
              <Title order={2} size="h4" mb={4}>
                Delete this key
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Integrations using it are refused at once. This cannot be undone.
              </Text>
              <Button color="red" variant="light" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <UsageSection apiKeyId={apiKey.id} />
      <KeyAuditEvents apiKeyId={apiKey.id} />
      <SecretRevealModal revealed={revealed} onDone={() => setRevealed(null)} />
      <ConfirmDeleteModal
        apiKey={deleting ? apiKey : null}
        requireTyping
        loading={busy}
        onCancel={() => setDeleting(false)}
        onConfirm={(k) =>
          void remove(k).then((ok) => {
            if (ok) void navigate('/admin/api-keys', { replace: true });
          })
        }
      />
    </Stack>
  );
}
