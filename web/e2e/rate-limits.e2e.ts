import type { Page } from 'playwright-core';
import { screenshot } from './harness/browser';
import { adminCookie, gql } from './harness/graphql';
import { browserSuite } from './harness/suite';

const keyhold = browserSuite();
let page: Page;

beforeEach(async () => {
  ({ page } = await keyhold.open({ signedIn: true }));
});

describe('per-key rate limits in the SPA', () => {
  it('creates a key with a rate limit that the API enforces, shows it, and changes its window', async () => {
    await page.goto('/admin/api-keys/create');
    await page.getByLabel('Name', { exact: true }).fill('Rate limited script');
    // The contract's accessible names: "Rate limit" (a number) and "Rate limit window".
    await page.getByRole('textbox', { name: 'Rate limit', exact: true }).fill('2');
    const window = page.getByRole('combobox', { name: 'Rate limit window', exact: true });
    await window.click();
    for (const label of ['per second', 'per minute', 'per hour', 'per day'])
      await page.getByRole('option', { name: label, exact: true }).waitFor();
    await page.getByRole('option', { name: 'per minute', exact: true }).click();
    await screenshot(page, '20-create-rate-limit');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'API key created' });
    await dialog.waitFor();
    const secret =
      (await dialog.getByRole('group', { name: 'API secret' }).locator('pre').textContent()) ?? '';
    const key =
      (await dialog.getByRole('group', { name: 'API key' }).locator('pre').textContent()) ?? '';
    expect(key).toMatch(/^kh_[0-9A-Za-z]{24}$/);
    await dialog.getByRole('checkbox', { name: 'I have saved the secret' }).check();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Enforced over HTTP: two requests with RateLimit-* headers, then 429 RATE_LIMITED.
    const asKey = { 'x-api-key': key, 'x-api-secret': secret };
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await gql(keyhold.baseUrl, '{ viewer { kind } }', {}, asKey));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers.map((a) => a.headers.get('ratelimit-limit'))).toEqual(['2', '2', '2']);
    expect(answers.map((a) => a.headers.get('ratelimit-remaining'))).toEqual(['1', '0', '0']);
    expect(answers[2]!.body.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      reason: 'RATE_LIMITED',
    });

    const { name, value } = await adminCookie(keyhold.baseUrl);
    const cookie = `${name}=${value}`;
    const found = await gql<{ apiKeys: { nodes: { id: string; key: string }[] } }>(
      keyhold.baseUrl,
      'query($q: String) { apiKeys(search: $q, first: 5) { nodes { id key } } }',
      { q: key },
      { cookie },
    );
    const id = found.body.data!.apiKeys.nodes.find((n) => n.key === key)!.id;

    await page.goto(`/admin/api-keys/${id}/edit`);
    await page.getByRole('heading', { name: 'Rate limited script' }).waitFor();
    await page.getByText('2 per minute', { exact: true }).waitFor();
    await expect(
      page.getByRole('textbox', { name: 'Rate limit', exact: true }).inputValue(),
    ).resolves.toBe('2');
    const editWindow = page.getByRole('combobox', { name: 'Rate limit window', exact: true });
    await expect(editWindow.inputValue()).resolves.toBe('per minute');
    await editWindow.click();
    await page.getByRole('option', { name: 'per hour', exact: true }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved').waitFor();
    await page.getByText('2 per hour', { exact: true }).waitFor();
    await screenshot(page, '21-edit-rate-limit');

    const read = await gql<{ apiKey: { rateLimit: unknown } }>(
      keyhold.baseUrl,
      'query($id: ID!) { apiKey(id: $id) { rateLimit { limit windowSeconds } } }',
      { id },
      { cookie },
    );
    expect(read.body.data!.apiKey.rateLimit).toEqual({ limit: 2, windowSeconds: 3600 });
  });
});
