import { useApolloClient, useMutation } from '@apollo/client/react';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { LogoutDocument } from '../../../gql/graphql';

export function useSignOut() {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [logout, { loading }] = useMutation(LogoutDocument);

  const signOut = async () => {
    try {
      await logout();
    } catch (error) {
      notifications.show({ color: 'red', title: 'Sign out failed', message: describeError(error) });
      return;
    }
    // Nothing cached from the session may outlive it.
    await client.clearStore();
    notifications.show({ color: 'green', message: 'Signed out' });
    await navigate('/admin/login', { replace: true });
  };

  return { signOut, loading };
}
