import { ALL_SCOPES, basic, TestApp, type GqlResponse } from '../support/harness';

/**
 * Two admins acting on one key at the same instant: every pair is sent at once over HTTP, and
 * the stored key (and its audit trail) must equal what one of the two serial orders gives.
 */

const FIELDS = 'id name active scopes allowedIps secretHint previousSecretExpiresAt';
const UPDATE = `mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { ${FIELDS} } }`;
const SET_ACTIVE = `mutation($id: ID!, $active: Boolean!) { setApiKeyActive(id: $id, active: $active) { ${FIELDS} } }`;
const ROTATE = `mutation($id: ID!, $grace: Int) { rotateApiKeySecret(id: $id, gracePeriodSeconds: $grace) { secret apiKey { ${FIELDS} } } }`;
const GET = `query($id: ID!) { apiKey(id: $id) { ${FIELDS} } }`;
const EVENTS = `query($id: ID!) { auditEvents(first: 100, apiKeyId: $id) { nodes { action details } } }`;

interface Key {
  id: string;
  name: string | null;
  active: boolean;
  scopes: string[];
  allowedIps: string[];
  secretHint: string;
  previousSecretExpiresAt: string | null;
}

const PAIRS = 6;

describe('concurrent changes to one key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '1000000' });
    await t.admin('{ viewer { kind } }');
  });
  afterAll(() => t.stop());

  const ok = <T>(res: GqlResponse<T>): T => {
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    return res.body.data!;
  };
  const stored = async (id: string) => ok(await t.admin<{ apiKey: Key }>(GET, { id })).apiKey;
  /** Audit actions about the key, oldest first. */
  const actions = async (id: string) =>
    ok(await t.admin<{ auditEvents: { nodes: { action: string }[] } }>(EVENTS, { id }))
      .auditEvents.nodes.map((n) => n.action)
      .reverse();
  const status = async (key: string, secret: string) =>
    (await t.request('{ viewer { kind } }', {}, { headers: basic(key, secret) })).status;

  it('two rotations with a grace period: the later one is current, the earlier one is its previous secret, the original is gone', async () => {
    for (let pair = 0; pair < PAIRS; pair++) {
      const created = await t.createKey({ scopes: ['api_keys:read'] });
      const [a, b] = await Promise.all(
        [0, 1].map(
          async () =>
            ok(
              await t.admin<{ rotateApiKeySecret: { secret: string; apiKey: Key } }>(ROTATE, {
                id: created.id,
                grace: 3600,
              }),
            ).rotateApiKeySecret,
        ),
      );
      const key = await stored(created.id);
      const [first, last] = key.secretHint === b!.secret.slice(-4) ? [a!, b!] : [b!, a!];
      expect(key.secretHint).toBe(last.secret.slice(-4));
      expect(key.previousSecretExpiresAt).not.toBeNull();
      // The later rotation saw the earlier one's result: its answer names the earlier secret's
      // successor, and both secrets handed out work (one as current, one within its grace).
      expect(await status(created.key, last.secret)).toBe(200);
      expect(await status(created.key, first.secret)).toBe(200);
      expect(await status(created.key, created.secret)).toBe(401);
      expect(await actions(created.id)).toEqual([
        'api_key.created',
        'api_key.secret_rotated',
        'api_key.secret_rotated',
      ]);
    }
  });

  it('a rename racing a disable keeps both: renamed and disabled', async () => {
    for (let pair = 0; pair < PAIRS; pair++) {
      const created = await t.createKey({ name: 'before' });
      await Promise.all([
        t.admin(UPDATE, { id: created.id, input: { name: `renamed ${pair}` } }).then(ok),
        t.admin(SET_ACTIVE, { id: created.id, active: false }).then(ok),
      ]);
      expect(await stored(created.id)).toMatchObject({ name: `renamed ${pair}`, active: false });
      expect((await actions(created.id)).sort()).toEqual(
        ['api_key.created', 'api_key.deactivated', 'api_key.updated'].sort(),
      );
      expect(await status(created.key, created.secret)).toBe(401);
    }
  });

  it('updates of different fields racing each other both land', async () => {
    for (let pair = 0; pair < PAIRS; pair++) {
      const created = await t.createKey({ scopes: ['api_keys:read'] });
      await Promise.all([
        t.admin(UPDATE, { id: created.id, input: { scopes: ALL_SCOPES } }).then(ok),
        t.admin(UPDATE, { id: created.id, input: { allowedIps: ['10.0.0.0/8'] } }).then(ok),
        t.admin(ROTATE, { id: created.id, grace: 0 }).then(ok),
      ]);
      expect(await stored(created.id)).toMatchObject({
        scopes: ALL_SCOPES,
        allowedIps: ['10.0.0.0/8'],
      });
    }
  });

  it('disable racing enable ends as one of the two serial orders, audit trail included', async () => {
    for (let pair = 0; pair < PAIRS; pair++) {
      const created = await t.createKey();
      await Promise.all([
        t.admin(SET_ACTIVE, { id: created.id, active: false }).then(ok),
        t.admin(SET_ACTIVE, { id: created.id, active: true }).then(ok),
      ]);
      const key = await stored(created.id);
      const trail = (await actions(created.id)).sort();
      // Enable first (nothing to do), then disable: one event, disabled. Disable first, then
      // enable: two events, active. Anything else is no serial order.
      if (key.active) {
        expect(trail).toEqual(['api_key.activated', 'api_key.created', 'api_key.deactivated']);
      } else {
        expect(trail).toEqual(['api_key.created', 'api_key.deactivated']);
      }
      expect(await status(created.key, created.secret)).toBe(key.active ? 200 : 401);
    }
  });

  it('an update racing a delete either lands first or answers NOT_FOUND; the key is gone either way', async () => {
    for (let pair = 0; pair < PAIRS; pair++) {
      const created = await t.createKey({ name: 'doomed' });
      const [updated, deleted] = await Promise.all([
        t.admin<{ updateApiKey: Key | null }>(UPDATE, {
          id: created.id,
          input: { name: 'renamed' },
        }),
        t.admin<{ deleteApiKey: { deletedId: string } }>(
          'mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }',
          { id: created.id },
        ),
      ]);
      expect(ok(deleted).deleteApiKey.deletedId).toBe(created.id);
      // Sorted: two events in the same millisecond have no order.
      const trail = (await actions(created.id)).sort();
      if (updated.body.errors) {
        expect(updated.body.errors[0]!.extensions?.code).toBe('NOT_FOUND');
        expect(trail).toEqual(['api_key.created', 'api_key.deleted']);
      } else {
        expect(updated.body.data!.updateApiKey!.name).toBe('renamed');
        expect(trail).toEqual(['api_key.created', 'api_key.deleted', 'api_key.updated']);
      }
      expect(
        (await t.admin<{ apiKey: Key | null }>(GET, { id: created.id })).body.data!.apiKey,
      ).toBeNull();
      expect(await status(created.key, created.secret)).toBe(401);
    }
  });
});
