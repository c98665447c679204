import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic, errorOf, TestApp, usingMysql } from '../support/harness';
import { WebhookReceiver } from '../support/webhook-receiver';

// Replicas share a database only on MySQL/MariaDB, so this file runs in the MariaDB pass.
(usingMysql ? describe : describe.skip)('webhooks on two replicas of one MariaDB database', () => {
  let a: TestApp;
  let b: TestApp;
  let receiver: WebhookReceiver;
  const github = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  beforeAll(async () => {
    const keysFile = join(mkdtempSync(join(tmpdir(), 'keyhold-ghkeys-')), 'keys.json');
    writeFileSync(
      keysFile,
      JSON.stringify({
        public_keys: [
          {
            key_identifier: 'k1',
            key: github.publicKey.export({ type: 'spki', format: 'pem' }),
            is_current: true,
          },
        ],
      }),
    );
    a = await TestApp.start({
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      SECRET_SCANNING_PUBLIC_KEYS: keysFile,
    });
    b = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }, { databaseUrl: a.databaseUrl });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await b.stop();
    await a.stop();
  });

  it('makes each delivery once, by one replica, in order per key', async () => {
    const created = await a.admin<{ createWebhook: { webhook: { id: string } } }>(
      'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }',
      { i: { url: receiver.url, events: ['api_key.created', 'api_key.updated'] } },
    );
    const webhookId = created.body.data!.createWebhook.webhook.id;
    await b.admin('{ viewer { kind } }'); // signed in before the concurrent calls
    const N = 40;
    const keys = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const replica = i % 2 ? a : b;
        const key = await replica.createKey({ name: `n${i}` });
        await (i % 2 ? b : a).admin(
          'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "renamed" }) { id } }',
          { id: key.id },
        );
        return key;
      }),
    );
    await receiver.waitFor(2 * N, 30_000);
    // Anything extra would have been posted once both replicas' dispatchers are idle: a drain
    // claims whatever is due and waits for the deliveries in flight and their outcomes.
    await Promise.all([
      a.app.services.webhookDispatcher.drain(),
      b.app.services.webhookDispatcher.drain(),
    ]);
    expect(receiver.received).toHaveLength(2 * N);
    const deliveryIds = receiver.received.map((r) => r.headers['keyhold-delivery-id']);
    expect(new Set(deliveryIds).size).toBe(2 * N);
    expect(new Set(receiver.received.map((r) => r.json.id)).size).toBe(2 * N);
    for (const key of keys) {
      const types = receiver.received
        .filter((r) => (r.json.data.apiKey as { id: string }).id === key.id)
        .map((r) => r.json.type);
      expect(types).toEqual(['api_key.created', 'api_key.updated']);
    }
    const res = await b.admin<{
      webhookDeliveries: { totalCount: number; nodes: { status: string; attempts: number }[] };
    }>(
      'query($id: ID!) { webhookDeliveries(webhookId: $id, first: 100) { totalCount nodes { status attempts } } }',
      { id: webhookId },
    );
    const page = res.body.data!.webhookDeliveries;
    expect(page.totalCount).toBe(2 * N);
    expect(page.nodes.every((d) => d.status === 'SUCCEEDED' && d.attempts === 1)).toBe(true);
  });

  it('a leaked secret reported to one replica is refused by the other within 2 s', async () => {
    const key = await a.createKey({ scopes: ['api_keys:read'] });
    const viewer = () =>
      b.request('{ viewer { kind } }', {}, { headers: basic(key.key, key.secret) });
    expect((await viewer()).status).toBe(200); // cached as valid on b
    const body = JSON.stringify([
      {
        token: key.secret,
        type: 'keyhold_api_secret',
        url: 'https://example.com',
        source: 'content',
      },
    ]);
    const res = await fetch(`${a.url}/secret-scanning/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'github-public-key-identifier': 'k1',
        'github-public-key-signature': sign(
          'sha256',
          Buffer.from(body),
          github.privateKey,
        ).toString('base64'),
      },
      body,
    });
    expect(res.status).toBe(200);
    const since = Date.now();
    for (;;) {
      const answer = await viewer();
      if (answer.status === 401) {
        expect(errorOf(answer)).toMatchObject({ reason: 'KEY_DISABLED' });
        break;
      }
      if (Date.now() - since > 2000) throw new Error('replica b still accepts the leaked secret');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
