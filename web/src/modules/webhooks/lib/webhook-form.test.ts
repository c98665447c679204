import { CombinedGraphQLErrors } from '@apollo/client/errors';
import {
  mapWebhookServerErrors,
  validateWebhookChanges,
  validateWebhookForm,
  WEBHOOK_EVENTS,
  type WebhookFormValues,
} from './webhook-form';

const valid: WebhookFormValues = {
  url: ' https://hooks.example.com/keyhold ',
  events: ['api_key.deleted', 'api_key.created'],
  active: true,
};

describe('webhook form', () => {
  it('offers every event of the contract except the ping, once each', () => {
    expect([...WEBHOOK_EVENTS].sort()).toEqual(
      [
        'api_key.activated',
        'api_key.created',
        'api_key.deactivated',
        'api_key.deleted',
        'api_key.expired',
        'api_key.expiring',
        'api_key.leaked',
        'api_key.secret_rotated',
        'api_key.updated',
      ].sort(),
    );
  });

  it('trims the URL and sends the events in catalogue order', () => {
    expect(validateWebhookForm(valid)).toEqual({
      ok: true,
      input: {
        url: 'https://hooks.example.com/keyhold',
        events: ['api_key.created', 'api_key.deleted'],
        active: true,
      },
    });
  });

  it('reports every problem at once', () => {
    expect(validateWebhookForm({ url: '', events: [], active: true })).toEqual({
      ok: false,
      errors: {
        url: 'Enter the URL that receives the events',
        events: 'Choose at least one event',
      },
    });
  });

  it.each([
    ['without a scheme', 'hooks.example.com/keyhold', 'Enter a full URL'],
    ['over FTP', 'ftp://hooks.example.com/', 'must start with https:// or http://'],
    ['of a script', 'javascript:alert(1)', 'must start with https:// or http://'],
    ['with credentials', 'https://user:pass@hooks.example.com/', 'Do not put credentials'],
    ['too long', `https://example.com/${'a'.repeat(2048)}`, 'at most 2048 characters'],
  ])('refuses a URL %s', (_label, url, message) => {
    const result = validateWebhookForm({ ...valid, url });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.url).toContain(message);
    expect(!result.ok && result.errors.events).toBeUndefined();
  });

  it('refuses an event name the contract does not list', () => {
    expect(validateWebhookForm({ ...valid, events: ['api_key.created', 'key.stolen'] })).toEqual({
      ok: false,
      errors: { events: 'Unknown event: key.stolen' },
    });
  });

  it('keeps a ping subscription made through the API, but it alone is not enough', () => {
    const initial = { ...valid, events: ['webhook.ping', 'api_key.created'] };
    expect(validateWebhookChanges(initial, { ...initial, active: false })).toEqual({
      ok: true,
      changes: { active: false },
    });
    expect(validateWebhookForm({ ...valid, events: ['webhook.ping'] })).toEqual({
      ok: false,
      errors: { events: 'Choose at least one event' },
    });
  });

  it('sends only the fields an edit changed', () => {
    const initial = { url: 'https://a.example/x', events: ['api_key.created'], active: true };
    expect(validateWebhookChanges(initial, { ...initial })).toEqual({ ok: true, changes: {} });
    expect(
      validateWebhookChanges(initial, {
        ...initial,
        events: ['api_key.leaked', 'api_key.created'],
        active: false,
      }),
    ).toEqual({
      ok: true,
      changes: { events: ['api_key.created', 'api_key.leaked'], active: false },
    });
    expect(validateWebhookChanges(initial, { ...initial, url: 'nope' })).toMatchObject({
      ok: false,
      errors: { url: expect.stringContaining('Enter a full URL') },
    });
  });

  it('puts BAD_USER_INPUT on the field extensions.field names, the rest on the form', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        {
          message: 'url resolves to a private address',
          extensions: { code: 'BAD_USER_INPUT', field: 'input.url' },
        },
        {
          message: 'unknown event "x"',
          extensions: { code: 'BAD_USER_INPUT', field: 'input.events.1' },
        },
      ],
    });
    expect(mapWebhookServerErrors(error)).toEqual({
      fields: { url: 'Url resolves to a private address', events: 'Unknown event "x"' },
      general: null,
    });
    const forbidden = new CombinedGraphQLErrors({
      errors: [
        { message: 'no', extensions: { code: 'FORBIDDEN', requiredScope: 'webhooks:manage' } },
      ],
    });
    expect(mapWebhookServerErrors(forbidden)).toEqual({
      fields: {},
      general: 'You are not allowed to do this.',
    });
  });
});
