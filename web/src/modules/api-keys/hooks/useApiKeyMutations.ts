import { useMutation } from '@apollo/client/react';
import { notifications } from '@mantine/notifications';
import { describeError } from '../../../app/graphql-errors';
import { DeleteApiKeyDocument, SetApiKeyActiveDocument } from '../../../gql/graphql';

export interface KeyRef {
  id: string;
  name: string | null;
  key: string;
}

export const keyLabel = (k: KeyRef) => k.name ?? k.key;

/** Enable/disable and delete, with the notifications both the list and the edit page show. */
export function useApiKeyMutations() {
  const [setActiveMutation, setActiveState] = useMutation(SetApiKeyActiveDocument);
  const [deleteMutation, deleteState] = useMutation(DeleteApiKeyDocument, {
    refetchQueries: ['ApiKeys', 'AuditEvents'],
  });

  const setActive = async (key: KeyRef, active: boolean): Promise<boolean> => {
    try {
      await setActiveMutation({ variables: { id: key.id, active } });
      notifications.show({
        color: 'green',
        message: `${keyLabel(key)} ${active ? 'enabled' : 'disabled'}`,
      });
      return true;
    } catch (error) {
      notifications.show({
        color: 'red',
        title: `Could not ${active ? 'enable' : 'disable'} the key`,
        message: describeError(error),
      });
      return false;
    }
  };

  const remove = async (key: KeyRef): Promise<boolean> => {
    try {
      await deleteMutation({
        variables: { id: key.id },
        update: (cache) => {
          cache.evict({ id: cache.identify({ __typename: 'ApiKey', id: key.id }) });
          cache.gc();
        },
      });
      notifications.show({ color: 'green', message: `${keyLabel(key)} deleted` });
      return true;
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Could not delete the key',
        message: describeError(error),
      });
      return false;
    }
  };

  return { setActive, remove, busy: setActiveState.loading || deleteState.loading };
}
