import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiSecret } from '@keyhold/shared';
import { basic, errorOf, TestApp, TestClock } from '../support/harness';
import { WebhookReceiver } from '../support/webhook-receiver';

const PATH = '/secret-scanning/github';

function keyPair() {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

const ours = keyPair();
const rotated = keyPair();
const stranger = keyPair();

function publicKeysFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-ghkeys-'));
  const file = join(dir, 'github-public-keys.json');
  writeFileSync(
    file,
    JSON.stringify({
      public_keys: [
        {
          key_identifier: 'ours-1',
          key: ours.publicKey.export({ type: 'spki', format: 'pem' }),
          is_current: true,
        },
        {
          key_identifier: 'ours-0',
          key: rotated.publicKey.export({ type: 'spki', format: 'pem' }),
          is_current: false,
        },
      ],
    }),
  );
  return file;
}

function signed(body: string, privateKey = ours.privateKey, keyId = 'ours-1') {
  return {
    'content-type': 'application/json',
    'github-public-key-identifier': keyId,
    'github-public-key-signature': sign('sha256', Buffer.from(body), privateKey).toString('base64'),
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function post(t: TestApp, body: string, headers: Record<string, string>) {
  const res = await fetch(`${t.url}${PATH}`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

const KEY_STATE = `query($id: ID!) { apiKey(id: $id) { active status } }`;

describe('GitHub secret scanning endpoint', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  const clock = new TestClock();

  beforeEach(async () => {
    t = await TestApp.start(
      { SECRET_SCANNING_PUBLIC_KEYS: publicKeysFile(), WEBHOOK_ALLOW_PRIVATE_URLS: 'true' },
      undefined,
      { clock },
    );
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
    await t.stop();
  });

  it('disables a reported live secret at once, audits it, emits api_key.leaked, answers GitHub', async () => {
    await t.admin('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }', {
      i: { url: receiver.url, events: ['api_key.leaked'] },
    });
    const leaked = await t.createKey({ name: 'leaky', scopes: ['api_keys:read'] });
    const bystander = await t.createKey({ name: 'fine', scopes: ['api_keys:read'] });
    expect(
      (await t.request('{ viewer { kind } }', {}, { headers: basic(leaked.key, leaked.secret) }))
        .status,
    ).toBe(200);
    const garbage = 'khs_not-a-secret';
    const unknown = generateApiSecret();
    const body = JSON.stringify([
      {
        token: leaked.secret,
        type: 'keyhold_api_secret',
        url: 'https://github.com/o/r/blob/x/.env',
        source: 'content',
      },
      {
        token: unknown,
        type: 'keyhold_api_secret',
        url: 'https://github.com/o/r',
        source: 'commit',
      },
      {
        token: garbage,
        type: 'keyhold_api_secret',
        url: 'https://github.com/o/r',
        source: 'content',
      },
    ]);
    const res = await post(t, body, signed(body));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual([
      {
        token_hash: sha256(leaked.secret),
        token_type: 'keyhold_api_secret',
        label: 'true_positive',
      },
      { token_hash: sha256(unknown), token_type: 'keyhold_api_secret', label: 'false_positive' },
      { token_hash: sha256(garbage), token_type: 'keyhold_api_secret', label: 'false_positive' },
    ]);
    expect(res.text).not.toContain(leaked.secret);
    // Refused at once by this replica (the verification cache was dropped).
    const refused = await t.request(
      '{ viewer { kind } }',
      {},
      { headers: basic(leaked.key, leaked.secret) },
    );
    expect(errorOf(refused)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'KEY_DISABLED' });
    expect((await t.admin(KEY_STATE, { id: leaked.id })).body.data).toEqual({
      apiKey: { active: false, status: 'DISABLED' },
    });
    expect((await t.admin(KEY_STATE, { id: bystander.id })).body.data).toEqual({
      apiKey: { active: true, status: 'ACTIVE' },
    });
    const audit = await t.admin<{
      auditEvents: { nodes: { action: string; actor: string; details: string }[] };
    }>(
      'query($id: ID) { auditEvents(first: 5, apiKeyId: $id) { nodes { action actor details } } }',
      { id: leaked.id },
    );
    const entry = audit.body.data!.auditEvents.nodes.find((n) => n.action === 'api_key.leaked');
    expect(entry).toMatchObject({ action: 'api_key.leaked', actor: 'secret-scanning:github' });
    expect(JSON.parse(entry!.details)).toMatchObject({
      url: 'https://github.com/o/r/blob/x/.env',
      source: 'content',
    });
    expect(audit.text).not.toContain(leaked.secret);
    const [event] = await receiver.waitFor(1);
    expect(event!.json).toMatchObject({
      type: 'api_key.leaked',
      data: {
        apiKey: { id: leaked.id, active: false },
        url: 'https://github.com/o/r/blob/x/.env',
        source: 'content',
      },
    });
    expect(event!.body).not.toContain(leaked.secret);
    expect(t.logs.join('')).not.toContain(leaked.secret);
  });

  it('disables a key whose previous secret, still in its grace period, is reported', async () => {
    const key = await t.createKey({ scopes: ['api_keys:read'] });
    const rotatedRes = await t.admin<{ rotateApiKeySecret: { secret: string } }>(
      'mutation($id: ID!) { rotateApiKeySecret(id: $id, gracePeriodSeconds: 3600) { secret } }',
      { id: key.id },
    );
    const fresh = rotatedRes.body.data!.rotateApiKeySecret.secret;
    const body = JSON.stringify([
      { token: key.secret, type: 'keyhold_api_secret', url: 'u', source: 'content' },
    ]);
    // Signed with the older key of the file: every listed key is accepted.
    const res = await post(t, body, signed(body, rotated.privateKey, 'ours-0'));
    expect(JSON.parse(res.text)[0].label).toBe('true_positive');
    const refused = await t.request('{ viewer { kind } }', {}, { headers: basic(key.key, fresh) });
    expect(errorOf(refused)).toMatchObject({ reason: 'KEY_DISABLED' });

    // A previous secret whose grace has ended is no longer live: a false positive.
    const other = await t.createKey({ scopes: ['api_keys:read'] });
    await t.admin(
      'mutation($id: ID!) { rotateApiKeySecret(id: $id, gracePeriodSeconds: 60) { secret } }',
      { id: other.id },
    );
    clock.advance(61_000);
    const late = JSON.stringify([
      { token: other.secret, type: 'keyhold_api_secret', url: 'u', source: 'content' },
    ]);
    const lateRes = await post(t, late, signed(late));
    expect(JSON.parse(lateRes.text)[0].label).toBe('false_positive');
    expect((await t.admin(KEY_STATE, { id: other.id })).body.data).toEqual({
      apiKey: { active: true, status: 'ACTIVE' },
    });
  });

  it('answers 401 and changes nothing for a bad, missing or foreign signature', async () => {
    const key = await t.createKey({ scopes: ['api_keys:read'] });
    const body = JSON.stringify([
      { token: key.secret, type: 'keyhold_api_secret', url: 'u', source: 'content' },
    ]);
    const good = signed(body);
    const cases: Record<string, string>[] = [
      { 'content-type': 'application/json' },
      { ...good, 'github-public-key-signature': '' },
      { ...good, 'github-public-key-identifier': 'unknown-id' },
      signed(body, stranger.privateKey),
      signed(`${body} `),
      { ...good, 'github-public-key-signature': 'not base64 !!' },
      { ...good, 'github-public-key-identifier': 'ours-0' },
    ];
    for (const headers of cases) {
      const res = await post(t, body, headers);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.admin(KEY_STATE, { id: key.id })).body.data).toEqual({
      apiKey: { active: true, status: 'ACTIVE' },
    });
    const audit = await t.admin<{ auditEvents: { nodes: { action: string }[] } }>(
      'query($id: ID) { auditEvents(first: 5, apiKeyId: $id) { nodes { action } } }',
      { id: key.id },
    );
    expect(audit.body.data!.auditEvents.nodes.map((n) => n.action)).toEqual(['api_key.created']);
    const notArray = '{"token":"x"}';
    expect((await post(t, notArray, signed(notArray))).status).toBe(400);
  });
});

describe('secret scanning without SECRET_SCANNING_PUBLIC_KEYS', () => {
  it('is not there: 404', async () => {
    const t = await TestApp.start();
    try {
      const body = '[]';
      const res = await post(t, body, signed(body));
      expect(res.status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
