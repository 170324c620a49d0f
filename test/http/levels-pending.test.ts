import { afterAll, beforeAll, expect, test } from 'vitest';
import { createServeWorld, deliver, issuePayload, type ServeWorld } from './support/serve-world.ts';

// After a start the ladder's first evaluation of everyone runs in a worker and, on a large
// community, takes seconds: a board does not wait for it past `levelsWaitMs`, and says so.

let world: ServeWorld;

beforeAll(async () => {
  world = await createServeWorld({
    now: '2026-03-15T12:00:00Z',
    preset: 'kubestellar',
    ladder: 'kubestellar',
    ladderInWorker: true,
    levelsWaitMs: 0,
  });
  await deliver(
    world,
    'issues',
    'p1',
    issuePayload('opened', {
      login: 'alice',
      githubId: 31,
      number: 1,
      at: '2026-02-02T10:00:00Z',
      labels: ['bug'],
    }),
  );
});

afterAll(async () => {
  await world.wiring.stop();
  await world.close();
});

interface Board {
  readonly levelsPending?: boolean;
  readonly rows: readonly { readonly login: string; readonly level?: string | null }[];
}

async function board(): Promise<Board> {
  const response = await world.app.request('/api/leaderboard');
  expect(response.status).toBe(200);
  return (await response.json()) as Board;
}

test('serves the board without levels while the ladder is evaluated, then with them', async () => {
  const first = await board();
  expect(first.levelsPending).toBe(true);
  expect(first.rows.map((row) => row.login)).toEqual(['alice']);
  expect(first.rows[0]).not.toHaveProperty('level');

  const page = await (await world.app.request('/')).text();
  expect(page).toContain('Ladder levels are still being worked out');

  let later = first;
  for (let attempt = 0; attempt < 300 && later.levelsPending === true; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    later = await board();
  }
  expect(later.levelsPending).toBeUndefined();
  expect(later.rows[0]).toMatchObject({ login: 'alice', level: null });
  expect(await (await world.app.request('/')).text()).not.toContain(
    'Ladder levels are still being worked out',
  );
});
