import { screenshot, type TestPage } from './harness/browser';
import { adminCookie, createKey, gql, type SeededKey } from './harness/graphql';
import { browserSuite } from './harness/suite';

const keyhold = browserSuite();
let seeded: SeededKey;
let t: TestPage;

beforeAll(async () => {
  const { name, value } = await adminCookie(keyhold.baseUrl);
  const cookie = `${name}=${value}`;
  seeded = await createKey(keyhold.baseUrl, cookie, { name: 'Reader', scopes: ['api_keys:read'] });
  await createKey(keyhold.baseUrl, cookie, { name: 'Other' });
});

/**
 * Replaces the text of a Monaco editor by typing, as a person would; balanced brackets and
 * quotes come out right because Monaco types over the closers it inserted itself.
 */
async function typeInto(t: TestPage, editorSelector: string, text: string) {
  const { page } = t;
  const editor = page.locator(editorSelector).last();
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
}

async function runInGraphiql(t: TestPage, query: string) {
  await typeInto(t, '.graphiql-query-editor .monaco-editor', query);
  // GraphiQL re-derives the operation name from the text after a debounce; running at once
  // would send the default query's name ("WhoAmI") with the new text and be refused.
  await t.page.waitForTimeout(750);
  await t.page.getByRole('button', { name: /Execute query/ }).click();
}

describe('audit log', () => {
  it('lists events and filters them by key', async () => {
    t = await keyhold.open({ signedIn: true });
    const { page } = t;
    await page.goto('/admin/audit-log');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const events = page.getByRole('region', { name: 'Audit events' });
    await events.getByText('Key created').first().waitFor();
    await events.getByText('Signed in', { exact: true }).first().waitFor();
    await screenshot(page, '12-audit-log');

    await page.getByRole('combobox', { name: 'API key' }).click();
    await page.getByRole('combobox', { name: 'API key' }).fill('Read');
    await page.getByRole('option', { name: /^Reader/ }).click();
    await page.waitForURL(new RegExp(`key=${seeded.id}`));
    await events.getByText('Signed in', { exact: true }).first().waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Audit events' }).getByText('Key created').waitFor();
    await expect(
      page.getByRole('region', { name: 'Audit events' }).getByRole('row').count(),
    ).resolves.toBe(2);
  });
});

describe('audit log, readable', () => {
  it('shows changes as "from → to", key names, deleted keys and plain actors', async () => {
    const { name, value } = await adminCookie(keyhold.baseUrl);
    const cookie = `${name}=${value}`;
    const doomed = await createKey(keyhold.baseUrl, cookie, { name: 'Doomed importer' });
    await gql(
      keyhold.baseUrl,
      'mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }',
      { id: doomed.id, input: { name: 'Doomed importer v2' } },
      { cookie },
    );
    await gql(
      keyhold.baseUrl,
      'mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }',
      { id: doomed.id },
      { cookie },
    );
    t = await keyhold.open({ signedIn: true, width: 1440 });
    const { page } = t;
    await page.goto('/admin/audit-log');
    const events = page.getByRole('region', { name: 'Audit events' });
    await events.getByText('name: Doomed importer → Doomed importer v2').waitFor();
    const deleted = events.getByRole('row').filter({ hasText: 'Key deleted' }).first();
    await deleted.getByText('Doomed importer v2').waitFor();
    await deleted.getByText('Deleted', { exact: true }).waitFor();
    await expect(deleted.getByRole('link').count()).resolves.toBe(0);
    await events
      .getByRole('row')
      .filter({ hasText: 'Reader' })
      .getByRole('link', { name: 'Reader' })
      .first()
      .waitFor();
    await expect(events.getByText(/^admin:/).count()).resolves.toBe(0);
    await events.getByText('admin@example.com').first().waitFor();
    expect(await events.evaluate((el) => el.textContent)).not.toContain('{"');
  });

  it('filters by action and date range, kept in the URL', async () => {
    t = await keyhold.open({ signedIn: true, width: 1440 });
    const { page } = t;
    await page.goto('/admin/audit-log');
    const events = page.getByRole('region', { name: 'Audit events' });
    await events.getByText('Key created').first().waitFor();
    await page.getByRole('combobox', { name: 'Action' }).selectOption('api_key.updated');
    await page.waitForURL(/action=api_key.updated/);
    await events.getByText('Key created').first().waitFor({ state: 'detached' });
    const actions = await events.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['Key updated']));
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await page.waitForURL(/to=2020-01-31/);
    await page.getByText('No event matches these filters.').waitFor();
    await page.getByLabel('To', { exact: true }).fill(today);
    await events.getByText('Key updated').first().waitFor();
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Action' }).inputValue()).resolves.toBe(
      'api_key.updated',
    );
    await events.getByText('Key updated').first().waitFor();
  });

  it('shows card rows at 375 px', async () => {
    t = await keyhold.open({ signedIn: true, width: 375, height: 812 });
    const { page } = t;
    await page.goto('/admin/audit-log');
    await page.getByTestId('audit-card').filter({ hasText: 'Key created' }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
  });
});

describe('explorer', () => {
  it('runs a query with the admin session at /admin/explorer', async () => {
    t = await keyhold.open({ signedIn: true });
    const { page } = t;
    await page.goto('/admin/explorer');
    await runInGraphiql(t, '{ viewer { kind email } }');
    await page.locator('.graphiql-response').getByText('"ADMIN"').waitFor();
    await screenshot(page, '13-explorer-admin');
  });

  it('is the browser landing page of GET /graphql and works with an API key in its headers', async () => {
    // Anonymous introspection is refused in production until the headers are filled in.
    t = await keyhold.open({ expectedStatuses: [400, 401] });
    const { page } = t;
    const response = await page.goto('/graphql');
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByText('Keyhold API explorer').waitFor();
    await typeInto(
      t,
      '.graphiql-editor-tool .monaco-editor',
      JSON.stringify({ 'X-API-Key': seeded.key, 'X-API-Secret': seeded.secret }),
    );
    await runInGraphiql(t, '{ viewer { kind scopes } }');
    await page.locator('.graphiql-response').getByText('"API_KEY"').waitFor();
    await screenshot(page, '14-explorer-graphql-api-key');
  });
});
