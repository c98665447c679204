import '../../../app/form-styles';
import '../../../app/overlay-styles';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { WebhookFieldsFragment } from '../../../gql/webhooks/graphql';
import {
  emptyWebhookValues,
  mapWebhookServerErrors,
  PING_EVENT,
  validateWebhookChanges,
  validateWebhookForm,
  valuesFromWebhook,
  WEBHOOK_EVENT_GROUPS,
  type WebhookFormErrors,
  type WebhookFormField,
  type WebhookFormValues,
  type WebhookInput,
} from '../lib/webhook-form';

export interface WebhookFormProps {
  /** The webhook to edit; absent to create one. */
  webhook?: WebhookFieldsFragment;
  /** Sends the input (all of it to create, the changes to edit); rejects with the API error. */
  onSubmit: (input: Partial<WebhookInput>) => Promise<void>;
  onCancel: () => void;
}

export function WebhookForm({ webhook, onSubmit, onCancel }: WebhookFormProps) {
  const [initial] = useState<WebhookFormValues>(() =>
    webhook ? valuesFromWebhook(webhook) : emptyWebhookValues(),
  );
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<WebhookFormErrors>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Bumped on each refused submit: focus then moves to the first field in error.
  const [failedSubmits, setFailedSubmits] = useState(0);
  const urlRef = useRef<HTMLInputElement>(null);
  const eventsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failedSubmits === 0) return;
    if (errors.url) urlRef.current?.focus();
    else if (errors.events)
      eventsRef.current?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
    // Only a new refusal moves focus, not each keystroke that clears an error.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [failedSubmits]);

  const set = <F extends WebhookFormField>(field: F, value: WebhookFormValues[F]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const refuse = (fieldErrors: WebhookFormErrors) => {
    setErrors(fieldErrors);
    setFailedSubmits((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneralError(null);
    const result = webhook ? validateWebhookChanges(initial, values) : validateWebhookForm(values);
    if (!result.ok) return refuse(result.errors);
    setErrors({});
    const input = 'changes' in result ? result.changes : result.input;
    if (webhook && Object.keys(input).length === 0) return onCancel();
    setSaving(true);
    try {
      await onSubmit(input);
    } catch (error) {
      const { fields, general } = mapWebhookServerErrors(error);
      setGeneralError(general);
      refuse(fields);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        {generalError && (
          <Alert color="red" role="alert" title="The webhook was not saved">
            {generalError}
          </Alert>
        )}
        <TextInput
          ref={urlRef}
          label="URL"
          description="Keyhold sends each event here as an HTTPS POST with a signature."
          placeholder="https://example.com/keyhold-events"
          type="url"
          inputMode="url"
          autoComplete="off"
          value={values.url}
          onChange={(e) => set('url', e.currentTarget.value)}
          error={errors.url}
          data-autofocus
        />
        <Checkbox.Group
          ref={eventsRef}
          label="Events"
          description={`What to send. "Send test event" delivers ${PING_EVENT} whatever is chosen here.`}
          value={values.events}
          onChange={(events) => set('events', events)}
          error={errors.events}
        >
          <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="md" verticalSpacing="md">
            {WEBHOOK_EVENT_GROUPS.map((group) => (
              <Stack key={group.label} gap={6} role="group" aria-label={group.label}>
                <Text size="sm" fw={600} aria-hidden>
                  {group.label}
                </Text>
                {group.events.map((e) => (
                  <Checkbox
                    key={e.name}
                    value={e.name}
                    label={
                      <Text span size="sm" ff="monospace">
                        {e.name}
                      </Text>
                    }
                    description={e.description}
                    aria-invalid={errors.events ? true : undefined}
                  />
                ))}
              </Stack>
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Switch
          label="Active"
          checked={values.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
          aria-describedby="webhook-active-hint"
        />
        <Text id="webhook-active-hint" size="xs" c="dimmed" mt={-8}>
          An inactive webhook records no new deliveries.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {webhook ? 'Save changes' : 'Create'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The create and edit dialog; the form inside is fresh on each opening. */
export default function WebhookFormModal({
  opened,
  ...props
}: WebhookFormProps & { opened: boolean }) {
  return (
    <Modal
      opened={opened}
      onClose={props.onCancel}
      title={props.webhook ? 'Edit webhook' : 'New webhook'}
      size="lg"
      centered
    >
      {opened && <WebhookForm {...props} />}
    </Modal>
  );
}
