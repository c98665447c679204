import type { Page } from 'playwright-core';
import { auditSchemes } from './harness/a11y';
import type { TestPage } from './harness/browser';
import { adminCookie, createKey, gql } from './harness/graphql';
import { browserSuite } from './harness/suite';

// 125 keys as an admin would have them: most named, some unnamed, a few disabled, one about
// to expire, with several IPs and scopes each.
const keyhold = browserSuite();
let t: TestPage;
let page: Page;

const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  const { name, value } = await adminCookie(keyhold.baseUrl);
  const cookie = `${name}=${value}`;
  for (let i = 1; i <= 125; i++) {
    const seeded = await createKey(keyhold.baseUrl, cookie, {
      ...(i % 25 === 0 ? {} : { name: `Key ${String(i).padStart(3, '0')}` }),
      allowedIps: i % 2 ? ['198.51.100.17', '2001:db8:85a3::/48'] : [],
      scopes: ['api_keys:read', 'api_keys:write', 'api_keys:verify'].slice(0, (i % 3) + 1),
      ...(i === 7 ? { expiresAt: new Date(Date.now() + 3 * DAY + 3600_000).toISOString() } : {}),
    });
    if (i % 10 === 3) {
      await gql(
        keyhold.baseUrl,
        'mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { id } }',
        { id: seeded.id },
        { cookie },
      );
    }
  }
}, 120_000);

const range = () => page.getByTestId('page-range');

async function open(width = 1440, height = 900) {
  t = await keyhold.open({ signedIn: true, width, height });
  page = t.page;
}

describe('API key list', () => {
  it('pages back and forth without a burst of requests', async () => {
    await open();
    const sent: { last?: number; first?: number }[] = [];
    page.on('request', (r) => {
      if (!r.url().endsWith('/graphql') || r.method() !== 'POST') return;
      const body = JSON.parse(r.postData() ?? '{}') as {
        operationName?: string;
        variables: { last?: number; first?: number };
      };
      if (body.operationName === 'ApiKeys') sent.push(body.variables);
    });
    await page.goto('/admin/api-keys');
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
    // Pages of 100 out of 125 share keys: that overlap is what made them refetch each other.
    await page.getByRole('combobox', { name: 'Per page' }).selectOption('100');
    await range().filter({ hasText: '1–100 of 125' }).waitFor();
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await page.waitForURL(/sort=name/);
    await page.getByRole('button', { name: 'Last page' }).click();
    await range().filter({ hasText: '26–125 of 125' }).waitFor();
    await page.getByRole('button', { name: 'First page' }).click();
    await range().filter({ hasText: '1–100 of 125' }).waitFor();
    // A settled list asks nothing more: one request per step and none afterwards.
    await page.waitForTimeout(2000);
    expect(sent.map((v) => (v.last ? `last ${v.last}` : `first ${v.first}`))).toEqual([
      'first 25',
      'first 100',
      'first 100',
      'last 100',
      'first 100',
    ]);
  });

  it('keeps focus on the sort header and the paging button while the table reloads', async () => {
    await open();
    await page.goto('/admin/api-keys');
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
    await page.getByRole('button', { name: 'Sort by Name' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=name/);
    await page.locator('th[aria-sort="ascending"]').waitFor();
    await page.locator('table[aria-busy="false"]').waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await expect(focused()).resolves.toBe('Sort by Name');
    await page.getByRole('button', { name: 'Last page' }).focus();
    await page.keyboard.press('Enter');
    await range().filter({ hasText: '101–125 of 125' }).waitFor();
    await expect(focused()).resolves.toBe('Last page');
    await expect(
      page.getByRole('button', { name: 'Last page' }).getAttribute('aria-disabled'),
    ).resolves.toBe('true');
  });

  it('sorts unnamed keys after every name under A→Z', async () => {
    await open();
    await page.goto('/admin/api-keys?sort=name&dir=asc');
    await page.getByRole('row').nth(1).filter({ hasText: 'Key 001' }).waitFor();
    await page.getByRole('button', { name: 'Last page' }).click();
    await range().filter({ hasText: '101–125 of 125' }).waitFor();
    const names = await page.locator('tbody tr td:first-child').allTextContents();
    expect(names.slice(-5)).toEqual(Array(5).fill('Unnamed'));
    expect(names.slice(0, -5).every((n) => n.startsWith('Key '))).toBe(true);
  });

  it('returns focus to the row button that opened the delete dialog', async () => {
    await open();
    await page.goto('/admin/api-keys?q=Key+124');
    const opener = page.getByRole('button', { name: 'Delete Key 124' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete API key' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(opener.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  });

  it('filters by status with tabs kept in the URL', async () => {
    await open();
    await page.goto('/admin/api-keys');
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
    await page.getByRole('tab', { name: 'Disabled' }).click();
    await page.waitForURL(/status=disabled/);
    await range().filter({ hasText: '1–13 of 13' }).waitFor();
    const statuses = await page.getByRole('row').locator('td:nth-child(3)').allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['Disabled']));
    await page.reload();
    await range().filter({ hasText: '1–13 of 13' }).waitFor();
    await expect(
      page.getByRole('tab', { name: 'Disabled' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    // Arrow keys move between tabs and select, as in any tab list.
    await page.getByRole('tab', { name: 'Disabled' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/status=expired/);
    await page.getByText('No API key is expired.').waitFor();
    await page.keyboard.press('Home');
    await page.waitForURL((url) => !url.search.includes('status='));
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
  });

  it('shows fixed columns, whole badges, counts with their lists and the expiry', async () => {
    await open();
    await page.goto('/admin/api-keys?per=50');
    await range().filter({ hasText: '1–50 of 125' }).waitFor();
    // No badge or cell text is cut off with an ellipsis.
    const clipped = await page.evaluate(() =>
      [
        ...document.querySelectorAll(
          'td .mantine-Badge-label, td time, td span:not(.mantine-VisuallyHidden-root)',
        ),
      ]
        .filter(
          (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow === 'hidden',
        )
        .map((el) => el.textContent),
    );
    expect(clipped).toEqual([]);
    const widths = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('thead th')].map((th) =>
          Math.round(th.getBoundingClientRect().width),
        ),
      );
    const before = await widths();
    await page.getByRole('button', { name: 'Next page' }).click();
    await range().filter({ hasText: '51–100 of 125' }).waitFor();
    expect(await widths()).toEqual(before);

    await page.goto('/admin/api-keys?q=Key+007');
    const row = page.getByRole('row').filter({ hasText: 'Key 007' });
    await row.getByText('Expires in 3 days').waitFor();
    await row.getByText('2 IPs').focus();
    await page.getByRole('tooltip').filter({ hasText: '2001:db8:85a3::/48' }).waitFor();
    await row.getByText('2 scopes').hover();
    await page.getByRole('tooltip').filter({ hasText: 'api_keys:write' }).waitFor();
  });

  it('starts with a skip link, and loads without HydrateFallback warnings', async () => {
    await open();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('HydrateFallback')) warnings.push(m.text());
    });
    await page.goto('/admin/api-keys');
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    expect(warnings).toEqual([]);
  });

  it('passes axe in both schemes at 1440 px', async () => {
    await open();
    await page.goto('/admin/api-keys');
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
    expect(await auditSchemes(page, 'list')).toEqual([]);
  });

  it('shows card rows at 375 px and passes axe', async () => {
    await open(375, 812);
    await page.goto('/admin/api-keys');
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
    const card = page.getByTestId('key-card').filter({ hasText: 'Key 123' });
    await card.getByText('Disabled').waitFor();
    await card.getByRole('button', { name: 'Enable Key 123' }).waitFor();
    await card.getByRole('button', { name: 'Copy key' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    expect(await auditSchemes(page, 'list')).toEqual([]);
  });

  it('says what happened when Keyhold cannot be reached, and retries', async () => {
    await open();
    await page.route('**/graphql', (route) =>
      route.request().postData()?.includes('"ApiKeys"')
        ? route.abort('internetdisconnected')
        : route.fallback(),
    );
    await page.goto('/admin/api-keys');
    const alert = page.getByRole('alert').filter({ hasText: 'could not be reached' });
    await alert.waitFor();
    expect(await alert.textContent()).not.toContain('Failed to fetch');
    await page.unroute('**/graphql');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await range().filter({ hasText: '1–25 of 125' }).waitFor();
    // The browser logs the aborted request itself; that is the point of this test.
    t.errors.splice(
      0,
      t.errors.length,
      ...t.errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')),
    );
  });
});
