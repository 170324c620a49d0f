import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase } from '../../src/adapters/storage/create-database.ts';
import { createServeWorld, deliver, issuePayload, type ServeWorld } from './support/serve-world.ts';

// The ladder worker keeps its index between evaluations and patches in the people each round of
// deliveries touched: after deliveries, and after an item is relabelled (which rescores everyone
// with an act on it), the ladder must say what a server started afresh on the same data says.

let world: ServeWorld;
const alice = { login: 'alice', githubId: 41 };
const bob = { login: 'bob', githubId: 42 };

interface Eligible {
  readonly eligible: readonly { readonly login: string; readonly level: string }[];
}

async function eligible(server: ServeWorld): Promise<string[]> {
  const response = await server.app.request('/api/ladder/eligible');
  expect(response.status).toBe(200);
  const body = (await response.json()) as Eligible;
  return body.eligible.map((entry) => `${entry.login}:${entry.level}`).sort();
}

/** What a server started now on the same database says. */
async function freshEligible(): Promise<string[]> {
  const database = await openDatabase({ kind: 'sqlite', path: join(world.directory, 'rungs.db') });
  try {
    const fresh = await createServeWorld({
      database,
      now: world.now,
      preset: 'kubestellar',
      ladder: 'kubestellar',
    });
    return await eligible(fresh);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  world = await createServeWorld({
    now: '2026-03-15T12:00:00Z',
    preset: 'kubestellar',
    ladder: 'kubestellar',
    ladderInWorker: true,
    ladderIntervalMs: 0,
  });
  for (const [index, at] of ['2026-02-02T10:00:00Z', '2026-03-02T10:00:00Z'].entries()) {
    await deliver(
      world,
      'issues',
      `a${index}`,
      issuePayload('opened', { ...alice, number: 1 + index, at, labels: ['bug'] }),
    );
  }
});

afterAll(async () => {
  await world.wiring.stop();
  await world.close();
});

/** Reads the eligible list until it equals `expected` (the worker evaluates in the background). */
async function eventually(expected: string[]): Promise<void> {
  await expect.poll(() => eligible(world), { timeout: 20_000, interval: 50 }).toEqual(expected);
}

test('the ladder follows deliveries and relabelling through the kept index', async () => {
  await eventually(await freshEligible());
  expect(await eligible(world)).toContain('alice:contributor');
  expect(await eligible(world)).not.toContain('bob:contributor');

  // Bob reports two bugs: 600 points, as alice has.
  for (const [index, at] of ['2026-03-03T10:00:00Z', '2026-03-04T10:00:00Z'].entries()) {
    await deliver(
      world,
      'issues',
      `b${index}`,
      issuePayload('opened', { ...bob, number: 10 + index, at, labels: ['bug'] }),
    );
  }
  const withBob = await freshEligible();
  expect(withBob).toContain('bob:contributor');
  await eventually(withBob);

  // Alice's first report turns out not to be a bug: it is worth 50 points, not 300, and she is no
  // longer eligible.
  await deliver(
    world,
    'issues',
    'a-relabel',
    issuePayload('labeled', {
      ...alice,
      number: 1,
      at: '2026-02-02T10:00:00Z',
      updatedAt: '2026-03-14T10:00:00Z',
      labels: ['documentation'],
    }),
  );
  const withoutAlice = await freshEligible();
  expect(withoutAlice).not.toContain('alice:contributor');
  await eventually(withoutAlice);
  expect(world.errors).toEqual([]);
});
