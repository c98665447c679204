import { useMutation } from '@apollo/client/react';
import { Anchor, Button, Group, Paper, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { CreateApiKeyDocument } from '../../../gql/graphql';
import { SecretRevealModal, type RevealedSecret } from '../components/SecretRevealModal';
import { emptyValues } from '../form/api-key-form';
import { ApiKeyFormFields } from '../form/ApiKeyFormFields';
import { useApiKeyForm } from '../form/useApiKeyForm';

type Intent = 'create' | 'another';

export function CreateApiKeyPage() {
  const navigate = useNavigate();
  const form = useApiKeyForm(emptyValues);
  const [createApiKey, { loading }] = useMutation(CreateApiKeyDocument, {
    refetchQueries: ['ApiKeys'],
  });
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  // Which button submitted: decides where to go once the secret dialog closes.
  const [intent, setIntent] = useState<Intent>('create');
  const [formKey, setFormKey] = useState(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate();
    if (!input) return;
    try {
      const { data } = await createApiKey({ variables: { input } });
      if (!data) return;
      const { apiKey, secret } = data.createApiKey;
      notifications.show({
        color: 'green',
        message: `API key ${apiKey.name ?? apiKey.key} created`,
      });
      setRevealed({ key: apiKey.key, secret, reason: 'created' });
    } catch (error) {
      form.applyServerError(error);
    }
  };

  const afterReveal = () => {
    setRevealed(null);
    if (intent === 'another') {
      form.reset(emptyValues());
      // A fresh mount also clears the pickers' own internal state and refocuses Name.
      setFormKey((k) => k + 1);
    } else {
      void navigate('/admin/api-keys');
    }
  };

  return (
    <>
      <Anchor component={Link} to="/admin/api-keys" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          API Keys
        </Group>
      </Anchor>
      <Title order={1} size="h2" mb="md" mt={4}>
        New API Key
      </Title>
      <Paper withBorder p="lg" maw={720}>
        <form onSubmit={(e) => void submit(e)} noValidate key={formKey}>
          <ApiKeyFormFields form={form} autoFocus />
          <Group mt="xl" gap="sm">
            <Button
              type="submit"
              onClick={() => setIntent('create')}
              loading={loading && intent === 'create'}
            >
              Create
            </Button>
            <Button
              type="submit"
              variant="light"
              onClick={() => setIntent('another')}
              loading={loading && intent === 'another'}
            >
              Create & create another
            </Button>
            <Button component={Link} to="/admin/api-keys" variant="default">
              Cancel
            </Button>
          </Group>
        </form>
      </Paper>
      <SecretRevealModal revealed={revealed} onDone={afterReveal} />
    </>
  );
}
