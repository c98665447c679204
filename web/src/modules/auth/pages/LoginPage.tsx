import '@mantine/core/styles/PasswordInput.css';
import { useApolloClient, useMutation } from '@apollo/client/react';
import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
  Text,
} from '@mantine/core';
import { AuthFailureReason, ErrorCode } from '@keyhold/shared';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { apiErrorsOf, describeError } from '../../../app/graphql-errors';
import { LoginDocument, ViewerDocument } from '../../../gql/graphql';
import { safeNext } from '../hooks/safe-next';

function loginFailureMessage(error: unknown): string {
  const first = apiErrorsOf(error)[0];
  if (
    first?.code === ErrorCode.UNAUTHENTICATED ||
    first?.reason === AuthFailureReason.INVALID_CREDENTIALS
  ) {
    return 'Wrong email or password.';
  }
  return describeError(error);
}

export function LoginPage() {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [login, { loading }] = useMutation(LoginDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      const { data } = await login({ variables: { email: email.trim(), password } });
      if (!data) return;
      client.writeQuery({ query: ViewerDocument, data: { viewer: data.login } });
      await navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      setFailure(loginFailureMessage(error));
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                Keyhold
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to manage API keys
              </Text>
            </div>
            {failure && (
              <Alert color="red" role="alert" title="Sign in failed">
                {failure}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-autofocus
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              // Mantine's default toggle label contains "password", which makes the field's
              // accessible name ambiguous for people and tests looking for "Password".
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide what is typed' }}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={loading} disabled={!email.trim() || !password}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
