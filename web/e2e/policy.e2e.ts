import type { Page } from 'playwright-core';
import { screenshot } from './harness/browser';
import { adminCookie, createKey, gql } from './harness/graphql';
import { browserSuite } from './harness/suite';

const keyhold = browserSuite();
let page: Page;
let cookie: string;

beforeAll(async () => {
  const c = await adminCookie(keyhold.baseUrl);
  cookie = `${c.name}=${c.value}`;
});

beforeEach(async () => {
  ({ page } = await keyhold.open({ signedIn: true }));
});

const ALL_SCOPES = ['api_keys:read', 'api_keys:write', 'api_keys:verify'];

function basic(key: string, secret: string) {
  return { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

async function keyState(id: string) {
  const { body } = await gql<{ apiKey: { allowedIps: string[]; scopes: string[] } }>(
    keyhold.baseUrl,
    'query($id: ID!) { apiKey(id: $id) { allowedIps scopes } }',
    { id },
    { cookie },
  );
  return body.data!.apiKey;
}

describe('usage insight and key policy', () => {
  it('applies the suggested allow-list and removes unused scopes on the edit page', async () => {
    const key = await createKey(keyhold.baseUrl, cookie, { name: 'Insight', scopes: ALL_SCOPES });
    // Used from this machine only, and only for reading.
    const used = await gql(
      keyhold.baseUrl,
      '{ apiKeys(first: 1) { nodes { id } } }',
      {},
      basic(key.key, key.secret),
    );
    expect(used.body.errors).toBeUndefined();

    await page.goto(`/admin/api-keys/${key.id}/edit`);
    const addresses = page.getByRole('table', { name: 'Addresses' });
    await addresses.getByRole('cell', { name: '127.0.0.1' }).waitFor();
    await expect(page.getByText('has been used from one network only').isVisible()).resolves.toBe(
      true,
    );
    await screenshot(page, '20-key-insight');

    await page.getByRole('button', { name: 'Apply suggested allow-list' }).click();
    await page.getByRole('button', { name: 'Remove unused scopes' }).click();
    // The form changed; nothing is saved until the admin saves.
    expect(await keyState(key.id)).toEqual({ allowedIps: [], scopes: ALL_SCOPES });
    await screenshot(page, '21-key-insight-applied');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved').waitFor();
    expect(await keyState(key.id)).toEqual({
      allowedIps: ['127.0.0.1'],
      scopes: ['api_keys:read'],
    });
  });

  it('saves a key policy on /admin/settings, and the list marks keys about to expire', async () => {
    const expiring = await createKey(keyhold.baseUrl, cookie, {
      name: 'Expiring soon',
      expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    await page.goto('/admin/api-keys');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/admin/settings');
    await page.getByLabel('Maximum lifetime (days)').fill('365');
    await page.getByLabel('Require an expiry date').check();
    await page.getByLabel('Require allowed IPs').check();
    await page.getByLabel('Disable keys unused for (days)').fill('90');
    await page.getByLabel('Expiry reminders (days before)').fill('30, 7, 3');
    await screenshot(page, '22-settings');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Policy saved').waitFor();
    const { body } = await gql<{ keyPolicy: Record<string, unknown> }>(
      keyhold.baseUrl,
      '{ keyPolicy { maxLifetimeDays requireExpiry requireAllowedIps disableUnusedAfterDays expiryReminderDays } }',
      {},
      { cookie },
    );
    expect(body.data!.keyPolicy).toEqual({
      maxLifetimeDays: 365,
      requireExpiry: true,
      requireAllowedIps: true,
      disableUnusedAfterDays: 90,
      expiryReminderDays: [30, 7, 3],
    });

    // A bad entry is refused in the form, with the field named.
    await page.getByLabel('Expiry reminders (days before)').fill('30, soon');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Enter up to 10 whole days').waitFor();

    await page.getByRole('link', { name: 'API Keys' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Expiring soon' });
    await row.getByText('Expires soon').waitFor();
    await screenshot(page, '23-list-policy-badges');
    expect(expiring.id).toBeTruthy();

    // Leave the policy open for any later test.
    await gql(
      keyhold.baseUrl,
      'mutation { updateKeyPolicy(input: { maxLifetimeDays: null, requireExpiry: false, requireAllowedIps: false, disableUnusedAfterDays: null, expiryReminderDays: [] }) { requireExpiry } }',
      {},
      { cookie },
    );
  });
});
