import { afterEach, beforeEach, expect, test } from 'vitest';
import { runRungs } from '../support/run-rungs.ts';
import {
  describeOnEachDialect,
  type StorageTarget,
  type TargetDatabase,
} from '../support/storage-targets.ts';
import {
  countRecords,
  createServeWorld,
  deliveryRequest,
  examplePayload,
  type ServeWorld,
} from './support/serve-world.ts';

// A delivery GitHub sent but rungs cannot store is answered 400 with the reason (GitHub shows it
// in the delivery log), kept raw once per delivery id, and stored by a rebuild once it can be.

const SECRET = 'test-secret';

/** GitHub's own `issues.opened` example, with its issue's creation time replaced. */
function openedAt(createdAt: string, title?: string): Record<string, unknown> {
  const payload = examplePayload('issues', 'opened') as Record<string, unknown>;
  const issue = payload.issue as Record<string, unknown>;
  issue.created_at = createdAt;
  issue.updated_at = createdAt;
  if (title !== undefined) issue.title = title;
  return payload;
}

async function rejectedRows(world: ServeWorld) {
  return world.database.db.selectFrom('rejected_deliveries').selectAll().execute();
}

function rejectionContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let world: ServeWorld;

  beforeEach(async () => {
    handle = await target.create();
    world = await createServeWorld({ secret: SECRET, database: handle.database });
  });
  afterEach(async () => {
    await world.close();
    await handle.destroy();
  });

  test('an impossible date is answered 400 with its JSON path, kept once however often it is redelivered', async () => {
    const request = () =>
      deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-feb30',
        payload: openedAt('2026-02-30T09:00:00Z'),
      });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await world.app.request('/webhooks/github', await request());
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('rejected_payload');
      expect(body.error.message).toContain('delivery d-feb30 cannot be stored: payload.issue.created_at: ');
      expect(body.error.message).toContain('2026-02 has no day 30');
    }
    expect(await countRecords(world)).toBe(0);
    const rows = await rejectedRows(world);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ delivery_id: 'd-feb30', event: 'issues', received: 3 });
    expect(world.errors).toEqual([]);
  });

  test('a NUL character is answered 400 naming the field, and the raw payload is kept as it came', async () => {
    const payload = openedAt('2026-03-10T09:00:00Z', 'broken\u0000title');
    const response = await world.app.request(
      '/webhooks/github',
      await deliveryRequest({ secret: SECRET, event: 'issues', id: 'd-nul', payload }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'payload.issue.title: contains a NUL character, which cannot be stored',
    );
    const kept = await world.store.readRejectedDeliveries();
    expect(kept).toEqual([expect.objectContaining({ id: 'd-nul', event: 'issues', payload })]);
  });

  test('a time later than tomorrow is refused from GitHub, and a good delivery beside it is stored', async () => {
    const future = await world.app.request(
      '/webhooks/github',
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-2099',
        payload: openedAt('2099-01-01T00:00:00Z'),
      }),
    );
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: { message: string } }).error.message).toContain(
      'is more than a day after now (2026-03-15T12:00:00Z)',
    );
    const good = await world.app.request(
      '/webhooks/github',
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-good',
        payload: openedAt('2026-03-10T09:00:00Z'),
      }),
    );
    expect(good.status).toBe(202);
    expect(await countRecords(world)).toBe(1);
  });
}

await describeOnEachDialect('webhook deliveries that cannot be stored', rejectionContract);

test('rungs rebuild stores a delivery refused for a clock that was behind, and forgets it', async () => {
  const world = await createServeWorld({ secret: SECRET, now: '2026-03-15T12:00:00Z' });
  try {
    // Sent when the server's clock was days behind GitHub's: more than a day "in the future".
    const response = await world.app.request(
      '/webhooks/github',
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-ahead',
        payload: openedAt('2026-03-20T09:00:00Z'),
      }),
    );
    expect(response.status).toBe(400);
    expect(await rejectedRows(world)).toHaveLength(1);

    // The rebuild judges against today's clock, long after March 2026.
    const run = await runRungs(`${world.directory}/rungs.db`, '2026-04-01T00:00:00Z', ['rebuild']);
    expect(run.failed).toBeNull();
    expect(await countRecords(world)).toBe(1);
    expect(await rejectedRows(world)).toEqual([]);
    const again = await runRungs(`${world.directory}/rungs.db`, '2026-04-01T00:00:00Z', ['rebuild']);
    expect(again.failed).toBeNull();
    expect(await countRecords(world)).toBe(1);
  } finally {
    await world.close();
  }
});
