import { TestApp } from '../support/harness';

/**
 * The change feed re-reads about ten seconds of history on every poll (late commits, clocks
 * behind). Each change must still reach the listeners once: a key dropped from the cache on
 * every poll costs a database lookup per poll and fails requests during a database outage.
 */
describe('key change feed', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  it('passes each change row on once, however often it is re-read', async () => {
    const changes = app.app.services.changes;
    changes.stop(); // this test polls by hand
    await changes.poll(); // history before the test
    const heard: string[] = [];
    changes.onChange((key) => heard.push(key));

    const created = await app.createKey({ name: 'feed' });
    heard.length = 0; // this replica is told at once on commit; the polls are what is tested
    await changes.poll();
    await changes.poll();
    await changes.poll();
    expect(heard).toEqual([created.key]);

    const update = await app.admin(
      `mutation($id: ID!) { updateApiKey(id: $id, input: { name: "feed 2" }) { id } }`,
      { id: created.id },
    );
    expect(update.body.errors).toBeUndefined();
    heard.length = 0;
    await changes.poll();
    await changes.poll();
    expect(heard).toEqual([created.key]);
  });
});
