import { useQuery } from '@apollo/client/react';
import { Alert, Button, Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { ViewerDocument } from '../../../gql/graphql';
import { loginPath } from '../hooks/safe-next';

/** Renders the admin pages only for a signed-in admin; anyone else goes to the login page. */
export function RequireAdmin() {
  const location = useLocation();
  const { data, error, loading, refetch } = useQuery(ViewerDocument);

  if (loading && !data) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error && !data) {
    return (
      <Center h="100vh" p="md">
        <Alert color="red" title="Keyhold cannot be reached" maw={480}>
          {describeError(error)}
          <Button mt="sm" variant="light" color="red" onClick={() => void refetch()}>
            Retry
          </Button>
        </Alert>
      </Center>
    );
  }
  if (data?.viewer.kind !== 'ADMIN') {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  return <Outlet context={data.viewer} />;
}
