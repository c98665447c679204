import type { Page } from 'playwright-core';
import { screenshot } from './harness/browser';
import { adminCookie, createKey, gql } from './harness/graphql';
import { browserSuite } from './harness/suite';

const keyhold = browserSuite();
let page: Page;

beforeEach(async () => {
  ({ page } = await keyhold.open({ signedIn: true }));
});

const range = () => page.getByTestId('page-range');

async function confirmSecretSaved(title = 'API key created') {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByRole('checkbox', { name: 'I have saved the secret' }).check();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('API keys', () => {
  it('creates a key and shows its secret exactly once', async () => {
    await page.goto('/admin/api-keys');
    await page.getByRole('link', { name: 'New API Key' }).first().click();
    await page.waitForURL('**/admin/api-keys/create');
    // By label, as the contract names them: each label must point at exactly one field.
    await page.getByLabel('Name').fill('Billing service');
    await expect(page.getByLabel('Active').isChecked()).resolves.toBe(true);
    await page.getByLabel('Allowed IPs').fill('203.0.113.7');
    await page.getByLabel('Allowed IPs').press('Enter');
    await page.getByLabel('Scopes').click();
    await page.getByRole('option', { name: /api_keys:read/ }).click();
    await page.getByLabel('Scopes').press('Escape');
    await expect(page.getByLabel('Expires at').isVisible()).resolves.toBe(true);
    // The picker opens below its field and never covers the fields above it.
    await page.getByLabel('Expires at').click();
    const picker = page.locator('.mantine-Popover-dropdown').filter({ has: page.locator('table') });
    await picker.waitFor();
    const field = (await page.getByLabel('Expires at').boundingBox())!;
    expect((await picker.boundingBox())!.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '90 days' }).click();
    await screenshot(page, '04-create-filled');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'API key created' });
    await dialog.waitFor();
    const secret =
      (await dialog.getByRole('group', { name: 'API secret' }).locator('pre').textContent()) ?? '';
    expect(secret).toMatch(/^khs_[0-9A-Za-z]{46}$/);
    await expect(dialog.getByText(/will not be shown again/).isVisible()).resolves.toBe(true);
    await expect(dialog.getByText(`curl -u "kh_`).isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog.isVisible()).resolves.toBe(true);
    await expect(dialog.getByRole('button', { name: 'Close' }).isDisabled()).resolves.toBe(true);
    await dialog
      .getByRole('group', { name: 'API secret' })
      .getByRole('button', { name: 'Copy secret' })
      .click();
    await dialog.getByRole('button', { name: 'Copy key' }).waitFor();
    await dialog.getByRole('button', { name: 'Copy curl command' }).waitFor();
    await screenshot(page, '05-secret-dialog');
    await confirmSecretSaved();

    await page.waitForURL('**/admin/api-keys');
    const row = page.getByRole('row').filter({ hasText: 'Billing service' });
    await row.waitFor();
    await row.getByText('1 IP').hover();
    await page.getByRole('tooltip').filter({ hasText: '203.0.113.7' }).waitFor();
    await expect(page.getByText(secret).count()).resolves.toBe(0);
    await row.getByRole('link', { name: 'Billing service', exact: true }).click();
    await page.getByRole('heading', { name: 'Billing service' }).waitFor();
    await expect(page.getByText(secret).count()).resolves.toBe(0);
  });

  it('shows every field error at once, focuses the first, counts the name and links back', async () => {
    await page.goto('/admin/api-keys/create');
    await page.getByRole('link', { name: 'API Keys' }).first().waitFor();
    const name = page.getByRole('textbox', { name: 'Name' });
    await name.fill('x'.repeat(101));
    await page.getByTestId('name-counter').filter({ hasText: '101/100' }).waitFor();
    await page.getByRole('combobox', { name: 'Allowed IPs' }).fill('not-an-ip');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Name can be at most 100 characters').waitFor();
    await page.getByText('"not-an-ip" is not a valid IPv4/IPv6 address or CIDR range').waitFor();
    await expect(name.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await screenshot(page, '06b-create-errors');
    await page.getByRole('link', { name: 'API Keys' }).first().click();
    await page.waitForURL('**/admin/api-keys');
  });

  it('Create & create another returns to an empty form', async () => {
    await page.goto('/admin/api-keys/create');
    await page.getByRole('textbox', { name: 'Name' }).fill('Batch one');
    await page.getByRole('button', { name: 'Create & create another' }).click();
    await confirmSecretSaved();
    expect(new URL(page.url()).pathname).toBe('/admin/api-keys/create');
    await expect(page.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('');
    await page.getByRole('textbox', { name: 'Name' }).fill('Batch two');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await confirmSecretSaved();
    await page.waitForURL('**/admin/api-keys');
    await page.getByRole('row').filter({ hasText: 'Batch one' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Batch two' }).waitFor();
  });

  it('refuses an invalid IP inline', async () => {
    await page.goto('/admin/api-keys/create');
    const ips = page.getByRole('combobox', { name: 'Allowed IPs' });
    await ips.fill('10.0.0.256/33');
    await page.keyboard.press('Enter');
    await page
      .getByText('"10.0.0.256/33" is not a valid IPv4/IPv6 address or CIDR range')
      .waitFor();
    await screenshot(page, '06-create-invalid-ip');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL('**/admin/api-keys');
  });

  it('pages through 60 keys with search and per page kept in the URL', async () => {
    const { name, value } = await adminCookie(keyhold.baseUrl);
    const cookie = `${name}=${value}`;
    for (let i = 1; i <= 60; i++) {
      await createKey(keyhold.baseUrl, cookie, { name: `Seed ${String(i).padStart(2, '0')}` });
    }
    await page.goto('/admin/api-keys');
    await range()
      .filter({ hasText: /^1–25 of 6\d$/ })
      .waitFor();
    const total = Number((await range().textContent())?.split(' of ')[1]);
    await screenshot(page, '07-api-keys-list');

    await page.getByRole('button', { name: 'Next page' }).click();
    await range()
      .filter({ hasText: `26–50 of ${total}` })
      .waitFor();
    expect(page.url()).toContain('after=');
    await page.getByRole('button', { name: 'Next page' }).click();
    await range()
      .filter({ hasText: `51–${total} of ${total}` })
      .waitFor();
    await expect(
      page.getByRole('button', { name: 'Next page' }).getAttribute('aria-disabled'),
    ).resolves.toBe('true');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await range()
      .filter({ hasText: `26–50 of ${total}` })
      .waitFor();
    await page.goBack();
    await range()
      .filter({ hasText: `51–${total} of ${total}` })
      .waitFor();
    await page.getByRole('button', { name: 'First page' }).click();
    await range()
      .filter({ hasText: `1–25 of ${total}` })
      .waitFor();
    await page.getByRole('button', { name: 'Last page' }).click();
    await range()
      .filter({ hasText: `${total - 24}–${total} of ${total}` })
      .waitFor();
    expect(page.url()).toContain('page=last');
    await page.reload();
    await range()
      .filter({ hasText: `${total - 24}–${total} of ${total}` })
      .waitFor();

    await page.getByRole('combobox', { name: 'Per page' }).selectOption('50');
    await range()
      .filter({ hasText: `1–50 of ${total}` })
      .waitFor();
    expect(page.url()).toContain('per=50');

    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await range()
      .filter({ hasText: `1–50 of ${total}` })
      .waitFor();
    await page
      .getByRole('row')
      .nth(1)
      .filter({ hasText: /Batch one|Billing service/ })
      .waitFor();

    await page.getByRole('textbox', { name: 'Search' }).fill('Seed 4');
    await page.waitForURL(/q=Seed\+4/);
    await range().filter({ hasText: '1–10 of 10' }).waitFor();
    await screenshot(page, '08-api-keys-search');
    await page.goBack();
    await range()
      .filter({ hasText: `1–50 of ${total}` })
      .waitFor();
  });

  it('edits, disables, rotates with grace and deletes a key', async () => {
    const { name, value } = await adminCookie(keyhold.baseUrl);
    const seeded = await createKey(keyhold.baseUrl, `${name}=${value}`, { name: 'Deploy bot' });
    const res = await fetch(`${keyhold.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': seeded.key,
        'x-api-secret': seeded.secret,
      },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    expect(res.status).toBe(200);

    await page.goto(`/admin/api-keys/${seeded.id}/edit`);
    await page.getByRole('heading', { name: 'Deploy bot' }).waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Deploy bot v2');
    await page.getByRole('combobox', { name: 'Allowed IPs' }).fill('127.0.0.1');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Deploy bot v2' }).waitFor();
    await page.getByText('Changes saved').waitFor();

    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByRole('button', { name: 'Enable', exact: true }).waitFor();
    await page.getByText('Disabled', { exact: true }).first().waitFor();

    await page.getByRole('combobox', { name: 'Grace period' }).selectOption({ label: '1 hour' });
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the secret?' })
      .getByRole('button', { name: 'Rotate' })
      .click();
    const reveal = page.getByRole('dialog', { name: 'New secret generated' });
    await reveal.waitFor();
    const secret =
      (await reveal.getByRole('group', { name: 'API secret' }).locator('pre').textContent()) ?? '';
    expect(secret).not.toBe(seeded.secret);
    await reveal.getByText(/The old secret keeps working until/).waitFor();
    await confirmSecretSaved('New secret generated');
    await page.getByText(/previous secret valid until/).waitFor();
    await page.getByRole('region', { name: 'Audit events' }).getByText('Secret rotated').waitFor();
    // Used once above, before usage was flushed or after: either the chart or the sentence.
    await page.locator('.recharts-wrapper, [data-testid="usage-empty"]').first().waitFor();
    await screenshot(page, '09-edit');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete API key' });
    await expect(confirm.getByRole('button', { name: 'Delete key' }).isDisabled()).resolves.toBe(
      true,
    );
    await confirm.getByRole('textbox').fill('Deploy bot v2');
    await screenshot(page, '10-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await page.waitForURL('**/admin/api-keys');
    await page.getByText('Deploy bot v2 deleted').waitFor();
    // Notifications sit bottom-right, clear of the header's buttons.
    const box = await page.getByText('Deploy bot v2 deleted').boundingBox();
    expect(box!.y).toBeGreaterThan(450);
    expect(box!.x).toBeGreaterThan(640);
  });

  it('saves only what was changed on a stale page: a key another admin disabled stays disabled', async () => {
    const { name, value } = await adminCookie(keyhold.baseUrl);
    const cookie = `${name}=${value}`;
    const seeded = await createKey(keyhold.baseUrl, cookie, { name: 'Stale page' });
    await page.goto(`/admin/api-keys/${seeded.id}/edit`);
    await page.getByRole('heading', { name: 'Stale page' }).waitFor();
    // Another admin disables the key while this page still shows it active.
    await gql(
      keyhold.baseUrl,
      'mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { id } }',
      { id: seeded.id },
      { cookie },
    );
    await page.getByRole('textbox', { name: 'Name' }).fill('Stale page renamed');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved').waitFor();
    await page.getByRole('heading', { name: 'Stale page renamed' }).waitFor();
    const stored = await gql<{ apiKey: { name: string; active: boolean } }>(
      keyhold.baseUrl,
      'query($id: ID!) { apiKey(id: $id) { name active } }',
      { id: seeded.id },
      { cookie },
    );
    expect(stored.body.data?.apiKey).toEqual({ name: 'Stale page renamed', active: false });
    await page.getByRole('button', { name: 'Enable', exact: true }).waitFor();
  });

  it('disables from the list and works at 375 px', async () => {
    await page.context().close();
    ({ page } = await keyhold.open({ signedIn: true, width: 375 }));
    await page.goto('/admin/api-keys?q=Seed+01');
    // Phones get one card per key, with status and actions in view.
    const row = page.getByTestId('key-card').filter({ hasText: 'Seed 01' });
    await row.getByRole('button', { name: 'Disable Seed 01' }).click();
    await row.getByText('Disabled').waitFor();
    await row.getByRole('button', { name: 'Enable Seed 01' }).waitFor();
    await screenshot(page, '11-api-keys-mobile');
    // The page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.waitForURL('**/admin/audit-log');
  });
});
