import { useMutation } from '@apollo/client/react';
import { notifications } from '@mantine/notifications';
import { lazy, Suspense, useRef, useState } from 'react';
import { describeError } from '../../../app/graphql-errors';
import {
  CreateWebhookDocument,
  DeleteWebhookDocument,
  UpdateWebhookDocument,
  type WebhookFieldsFragment,
} from '../../../gql/webhooks/graphql';
import type { RevealedWebhookSecret } from '../components/WebhookSecretModal';
import type { WebhookInput } from '../lib/webhook-form';

// Dialogs are not needed to show a page; they load on first use.
const WebhookFormModal = lazy(() => import('../components/WebhookFormModal'));
const WebhookSecretModal = lazy(() => import('../components/WebhookSecretModal'));
const ConfirmDeleteWebhookModal = lazy(() => import('../components/ConfirmDeleteWebhookModal'));

type Editing = { mode: 'create' } | { mode: 'edit'; webhook: WebhookFieldsFragment };

/**
 * Create, edit and delete dialogs with the secret shown once after creation. Focus goes back
 * to the control that opened them (the dialogs unmount before Mantine could return it).
 */
export function useWebhookDialogs({ onDeleted }: { onDeleted?: () => void } = {}) {
  const opener = useRef<HTMLElement | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [revealed, setRevealed] = useState<RevealedWebhookSecret | null>(null);
  const [deleting, setDeleting] = useState<WebhookFieldsFragment | null>(null);
  const [create] = useMutation(CreateWebhookDocument, { refetchQueries: ['Webhooks'] });
  const [update] = useMutation(UpdateWebhookDocument);
  const [remove, { loading: removing }] = useMutation(DeleteWebhookDocument, {
    refetchQueries: ['Webhooks'],
  });

  const remember = () => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  };
  const restoreFocus = () =>
    requestAnimationFrame(() => {
      const target = opener.current?.isConnected ? opener.current : document.getElementById('main');
      target?.focus();
    });

  const submit = async (input: Partial<WebhookInput>) => {
    if (editing?.mode === 'edit') {
      await update({ variables: { id: editing.webhook.id, input } });
      notifications.show({ color: 'green', message: 'Changes saved' });
      setEditing(null);
      restoreFocus();
      return;
    }
    const { data } = await create({ variables: { input: input as WebhookInput } });
    if (!data) return;
    const { webhook, secret } = data.createWebhook;
    notifications.show({ color: 'green', message: 'Webhook created' });
    setEditing(null);
    setRevealed({ url: webhook.url, secret });
  };

  const confirmDelete = async (webhook: WebhookFieldsFragment) => {
    try {
      await remove({ variables: { id: webhook.id } });
      notifications.show({ color: 'green', message: 'Webhook deleted' });
      setDeleting(null);
      restoreFocus();
      onDeleted?.();
    } catch (error) {
      notifications.show({
        color: 'red',
        message: `The webhook was not deleted: ${describeError(error)}`,
      });
    }
  };

  const dialogs = (
    <Suspense fallback={null}>
      {editing && (
        <WebhookFormModal
          opened
          webhook={editing.mode === 'edit' ? editing.webhook : undefined}
          onSubmit={submit}
          onCancel={() => {
            setEditing(null);
            restoreFocus();
          }}
        />
      )}
      {revealed && (
        <WebhookSecretModal
          revealed={revealed}
          onDone={() => {
            setRevealed(null);
            restoreFocus();
          }}
        />
      )}
      {deleting && (
        <ConfirmDeleteWebhookModal
          webhook={deleting}
          loading={removing}
          onCancel={() => {
            setDeleting(null);
            restoreFocus();
          }}
          onConfirm={(w) => void confirmDelete(w)}
        />
      )}
    </Suspense>
  );

  return {
    openCreate: () => {
      remember();
      setEditing({ mode: 'create' });
    },
    openEdit: (webhook: WebhookFieldsFragment) => {
      remember();
      setEditing({ mode: 'edit', webhook });
    },
    openDelete: (webhook: WebhookFieldsFragment) => {
      remember();
      setDeleting(webhook);
    },
    dialogs,
  };
}
