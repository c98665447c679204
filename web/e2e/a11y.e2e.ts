import { auditSchemes } from './harness/a11y';
import type { TestPage } from './harness/browser';
import { adminCookie, createKey, gql, type SeededKey } from './harness/graphql';
import { browserSuite } from './harness/suite';

// Every page, light and dark, wide and phone: axe finds nothing critical or serious, and each
// state is saved as a screenshot (e2e/screenshots/<page>-<width>-<scheme>.png) for review.
const keyhold = browserSuite();
let t: TestPage;
let seeded: SeededKey;

beforeAll(async () => {
  const { name, value } = await adminCookie(keyhold.baseUrl);
  const cookie = `${name}=${value}`;
  seeded = await createKey(keyhold.baseUrl, cookie, {
    name: 'Billing service',
    allowedIps: ['203.0.113.7'],
    scopes: ['api_keys:read'],
    expiresAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
  });
  const gone = await createKey(keyhold.baseUrl, cookie, { name: 'Old importer' });
  await gql(
    keyhold.baseUrl,
    'mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }',
    { id: seeded.id, input: { name: 'Billing service v2' } },
    { cookie },
  );
  await gql(
    keyhold.baseUrl,
    'mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }',
    { id: gone.id },
    { cookie },
  );
}, 60_000);

const SIZES = [
  [1440, 900],
  [375, 812],
] as const;

describe.each(SIZES)('at %i px', (width, height) => {
  it('login', async () => {
    t = await keyhold.open({ width, height });
    await t.page.goto('/admin/login');
    await t.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await auditSchemes(t.page, 'login')).toEqual([]);
  });

  it('create, with the secret dialog', async () => {
    t = await keyhold.open({ signedIn: true, width, height });
    const { page } = t;
    await page.goto('/admin/api-keys/create');
    await page.getByRole('textbox', { name: 'Name' }).waitFor();
    expect(await auditSchemes(page, 'create')).toEqual([]);
    // With every field in error: error text must be readable too.
    await page.getByRole('textbox', { name: 'Name' }).fill('x'.repeat(101));
    await page.getByRole('combobox', { name: 'Allowed IPs' }).fill('not-an-ip');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Name can be at most 100 characters').waitFor();
    expect(await auditSchemes(page, 'create-errors')).toEqual([]);
    await page.getByRole('combobox', { name: 'Allowed IPs' }).fill('');
    await page.getByRole('textbox', { name: 'Name' }).fill(`Created at ${width}`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('dialog', { name: 'API key created' }).waitFor();
    expect(await auditSchemes(page, 'secret-dialog')).toEqual([]);
  });

  it('edit, with the delete dialog', async () => {
    t = await keyhold.open({ signedIn: true, width, height });
    const { page } = t;
    await page.goto(`/admin/api-keys/${seeded.id}/edit`);
    await page.getByRole('heading', { name: 'Billing service v2' }).waitFor();
    await page.getByText('Key updated').first().waitFor();
    expect(await auditSchemes(page, 'edit')).toEqual([]);
    const opener = page.getByRole('button', { name: 'Delete', exact: true });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Delete API key' });
    await dialog.waitFor();
    expect(await auditSchemes(page, 'delete-dialog')).toEqual([]);
    // Focus returns to what opened the dialog.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(opener.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  });

  it('audit log', async () => {
    t = await keyhold.open({ signedIn: true, width, height });
    await t.page.goto('/admin/audit-log');
    await t.page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await t.page.getByText('Old importer').first().waitFor();
    expect(await auditSchemes(t.page, 'audit-log')).toEqual([]);
  });

  it('explorer', async () => {
    t = await keyhold.open({ signedIn: true, width, height });
    await t.page.goto('/admin/explorer');
    await t.page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    expect(await auditSchemes(t.page, 'explorer')).toEqual([]);
    await t.page.getByRole('heading', { name: 'API explorer', level: 1 }).waitFor();
    if (width < 500) {
      // On a phone the editor and the result are stacked, each the full width.
      const editors = (await t.page.locator('.graphiql-editors').boundingBox())!;
      const response = (await t.page.locator('.graphiql-response').boundingBox())!;
      expect(response.y).toBeGreaterThanOrEqual(editors.y + editors.height - 1);
      expect(response.width).toBeGreaterThan(250);
    }
  });

  it('the explorer landing page of GET /graphql', async () => {
    // Anonymous introspection is refused in production, and the browser logs that.
    t = await keyhold.open({ width, height, expectedStatuses: [400, 401] });
    await t.page.goto('/graphql');
    await t.page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    expect(await auditSchemes(t.page, 'graphql-landing')).toEqual([]);
  });

  it('not found', async () => {
    t = await keyhold.open({ signedIn: true, width, height });
    await t.page.goto('/admin/nowhere');
    await t.page.getByRole('heading').first().waitFor();
    expect(await auditSchemes(t.page, 'not-found')).toEqual([]);
  });
});
