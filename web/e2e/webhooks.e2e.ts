import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { auditSchemes } from './harness/a11y';
import type { TestPage } from './harness/browser';
import { adminCookie, createKey, gql } from './harness/graphql';
import { browserSuite } from './harness/suite';

// Webhooks end to end: a receiver on 127.0.0.1 (allowed for this server only), a webhook made
// in the browser, its secret read once, a test event delivered and checked for its signature.
// Each axe run takes seconds on a busy machine: the tests get more than the default minute.
jest.setTimeout(180_000);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const keyhold = browserSuite({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
let t: TestPage;
let cookie: string;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      // /failing answers like a receiver that is down.
      res.writeHead(req.url?.startsWith('/failing') ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const c = await adminCookie(keyhold.baseUrl);
  cookie = `${c.name}=${c.value}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
});

/** Waits until the receiver has a request matching `match`. */
async function receivedMatching(match: (r: Received) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = received.filter(match);
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no matching delivery; received: ${JSON.stringify(received)}`);
}

/** Keyhold-Signature `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` checks out. */
function signatureValid(r: Received, secret: string): boolean {
  const header = String(r.headers['keyhold-signature'] ?? '');
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const ts = parts.get('t');
  const v1 = parts.get('v1');
  if (!ts || !v1 || !/^\d+$/.test(ts) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${ts}.${r.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

async function isFocused(page: Page, name: string) {
  return page
    .getByRole('button', { name, exact: true })
    .evaluate((el) => el === document.activeElement);
}

describe('webhooks', () => {
  let webhookId: string;
  let secret: string;

  it('creates a webhook in the browser, shows its secret once and delivers a signed ping', async () => {
    t = await keyhold.open({ signedIn: true, width: 1440, height: 900 });
    const { page } = t;
    await page.goto('/admin/api-keys');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL('**/admin/webhooks');
    await page.getByRole('heading', { name: 'No webhooks yet' }).waitFor();
    expect(await auditSchemes(page, 'webhooks-empty')).toEqual([]);

    // Every error at once, focus on the first.
    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByRole('dialog', { name: 'New webhook' });
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByText('Enter the URL that receives the events').waitFor();
    await form.getByText('Choose at least one event').waitFor();
    await expect(
      form.getByRole('textbox', { name: 'URL' }).evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
    expect(await auditSchemes(page, 'webhook-form-errors')).toEqual([]);

    await form.getByRole('textbox', { name: 'URL' }).fill(`${receiverUrl}/hooks`);
    const events = form.getByRole('group', { name: 'Events' });
    await events.getByRole('checkbox', { name: 'api_key.created' }).check();
    await events.getByRole('checkbox', { name: 'api_key.deleted' }).check();
    await form.getByRole('button', { name: 'Create' }).click();

    const reveal = page.getByRole('dialog', { name: 'Webhook created' });
    await reveal.waitFor();
    await reveal.getByText('This secret will not be shown again').waitFor();
    expect(await auditSchemes(page, 'webhook-secret-dialog')).toEqual([]);
    await reveal.getByRole('button', { name: 'Copy', exact: true }).click();
    secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toMatch(/^whsec_[0-9A-Za-z]{40}$/);
    await expect(reveal.textContent()).resolves.toContain(secret);
    await reveal.getByRole('checkbox', { name: 'I have saved the secret' }).check();
    await reveal.getByRole('button', { name: 'Close' }).click();
    await reveal.waitFor({ state: 'detached' });
    await expect(isFocused(page, 'New webhook')).resolves.toBe(true);
    // Shown once: nowhere on the page any more, only its last four characters.
    const row = page.getByRole('row').filter({ hasText: `${receiverUrl}/hooks` });
    await row.getByText(`whsec_…${secret.slice(-4)}`).waitFor();
    await expect(page.content()).resolves.not.toContain(secret);
    expect(await auditSchemes(page, 'webhooks')).toEqual([]);

    await row.getByRole('link', { name: `${receiverUrl}/hooks` }).click();
    await page.waitForURL('**/admin/webhooks/*');
    webhookId = page.url().split('/').pop()!;
    await page.getByText('Nothing has been delivered yet').waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    const ping = deliveries.getByRole('row').filter({ hasText: 'webhook.ping' });
    // The page polls while the delivery is pending.
    await ping.getByText('Succeeded').waitFor({ timeout: 20_000 });
    await ping.getByText('204').waitFor();

    const [delivered] = await receivedMatching(
      (r) => r.headers['keyhold-event-type'] === 'webhook.ping',
    );
    expect(delivered.path).toBe('/hooks');
    expect(signatureValid(delivered, secret)).toBe(true);
    expect(signatureValid(delivered, `whsec_${'x'.repeat(40)}`)).toBe(false);
    const body = JSON.parse(delivered.body) as { id: string; type: string };
    expect(body.type).toBe('webhook.ping');
    expect(delivered.headers['keyhold-event-id']).toBe(body.id);
    expect(delivered.body).not.toContain('whsec_');

    // A real event: a key created over the API reaches the receiver, signed, without its secret.
    const key = await createKey(keyhold.baseUrl, cookie, { name: 'Webhook subject' });
    const [created] = await receivedMatching(
      (r) => r.headers['keyhold-event-type'] === 'api_key.created',
    );
    expect(signatureValid(created, secret)).toBe(true);
    expect(created.body).not.toContain(key.secret);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await deliveries
      .getByRole('row')
      .filter({ hasText: 'api_key.created' })
      .getByText('Succeeded')
      .waitFor();
    expect(await auditSchemes(page, 'webhook-details')).toEqual([]);

    // Redeliver sends the same event (same id) again.
    await ping.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByText('webhook.ping queued again').waitFor();
    const pings = await receivedMatching(
      (r) =>
        r.headers['keyhold-event-id'] === body.id &&
        received.indexOf(r) > received.indexOf(delivered),
    );
    expect(signatureValid(pings[0], secret)).toBe(true);
    // The table shows the new delivery once its refetch lands: wait for it, then count.
    const pingRows = deliveries.getByRole('row').filter({ hasText: 'webhook.ping' });
    await pingRows.nth(1).waitFor();
    await expect(pingRows.count()).resolves.toBe(2);
  });

  it('edits and deletes a webhook, focus returning to each opener', async () => {
    t = await keyhold.open({ signedIn: true, width: 1440, height: 900 });
    const { page } = t;
    await page.goto(`/admin/webhooks/${webhookId}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByRole('dialog', { name: 'Edit webhook' });
    await form.getByRole('checkbox', { name: 'api_key.leaked' }).check();
    await form.getByRole('switch', { name: 'Active' }).uncheck();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('Changes saved').waitFor();
    await expect(isFocused(page, 'Edit')).resolves.toBe(true);
    await page.getByText('Inactive').waitFor();
    const { body } = await gql<{ webhooks: { id: string; events: string[]; active: boolean }[] }>(
      keyhold.baseUrl,
      '{ webhooks { id events active } }',
      {},
      { cookie },
    );
    expect(body.data!.webhooks.find((w) => w.id === webhookId)).toEqual({
      id: webhookId,
      events: ['api_key.created', 'api_key.deleted', 'api_key.leaked'],
      active: false,
    });

    // A bad URL is refused on the field, and Cancel leaves the webhook as it was.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await form.getByRole('textbox', { name: 'URL' }).fill('http://[::1');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText('Enter a full URL', { exact: false }).waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    await expect(isFocused(page, 'Edit')).resolves.toBe(true);

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete webhook' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect(isFocused(page, 'Delete')).resolves.toBe(true);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.getByRole('button', { name: 'Delete webhook' }).click();
    await page.waitForURL('**/admin/webhooks');
    await page.getByRole('heading', { name: 'No webhooks yet' }).waitFor();
  });

  it('lays both pages out as cards on a phone, with failing deliveries', async () => {
    const { body } = await gql<{ createWebhook: { webhook: { id: string } } }>(
      keyhold.baseUrl,
      'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }',
      {
        input: {
          url: `${receiverUrl}/failing/with/a/rather/long/path/that/must/wrap/on/a/phone`,
          events: ['api_key.created', 'api_key.updated', 'api_key.deleted', 'api_key.leaked'],
        },
      },
      { cookie },
    );
    const id = body.data!.createWebhook.webhook.id;
    await gql(
      keyhold.baseUrl,
      'mutation($id: ID!) { sendTestWebhook(id: $id) { id } }',
      { id },
      { cookie },
    );
    await receivedMatching((r) => r.path.startsWith('/failing'));

    t = await keyhold.open({ signedIn: true, width: 375, height: 812 });
    const { page } = t;
    await page.goto('/admin/webhooks');
    await page.getByTestId('webhook-card').first().waitFor();
    expect(await auditSchemes(page, 'webhooks')).toEqual([]);
    await page.getByRole('button', { name: 'New webhook' }).click();
    await page.getByRole('dialog', { name: 'New webhook' }).waitFor();
    expect(await auditSchemes(page, 'webhook-form')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'New webhook' }).waitFor({ state: 'detached' });
    await expect(isFocused(page, 'New webhook')).resolves.toBe(true);

    await page.goto(`/admin/webhooks/${id}`);
    const card = page.getByTestId('delivery-card').first();
    await card.getByText('503', { exact: true }).waitFor({ timeout: 20_000 });
    await card.getByText('Pending').waitFor();
    // Nothing is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(375);
    expect(await auditSchemes(page, 'webhook-details')).toEqual([]);
  });
});
