import { screenshot } from './harness/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './harness/server';
import { browserSuite } from './harness/suite';

const keyhold = browserSuite();

describe('signing in and out', () => {
  it('smoke: /admin/ sends a visitor to sign in, then shows the navigation', async () => {
    const { page } = await keyhold.open();
    await page.goto('/admin/');
    await page.waitForURL('**/admin/login?next=*');
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    await screenshot(page, '01-login');

    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN_EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const item of ['API Keys', 'Audit log', 'Explorer']) {
      await nav.getByRole('link', { name: item }).waitFor();
    }
    await page.waitForURL('**/admin/api-keys');
    await page.getByText('No API keys yet').waitFor();
    await screenshot(page, '02-api-keys-empty');
  });

  it('a wrong password is refused with a clear message', async () => {
    const { page } = await keyhold.open({ expectedStatuses: [401] });
    await page.goto('/admin/login');
    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN_EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await screenshot(page, '03-login-wrong-password');
  });

  it('returns to the page asked for after signing in, and Sign out ends the session', async () => {
    const { page } = await keyhold.open();
    await page.goto('/admin/audit-log');
    await page.waitForURL('**/admin/login?next=%2Fadmin%2Faudit-log');
    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN_EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/admin/audit-log');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/admin/login');
    await page.goto('/admin/api-keys');
    await page.waitForURL('**/admin/login?next=*');
  });
});
