import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KyselyRoleStore } from '../../src/adapters/storage/kysely-role-store.ts';
import { importRoster } from '../../src/app/ladder/manage-roles.ts';
import { createServeWorld, deliver, issuePayload, type ServeWorld } from './support/serve-world.ts';

// The KubeStellar ladder over a small community: alice has 600 points (two bug reports) and may
// become a Contributor; bob has 300; dave is a Contributor and carol a Maintainer by roster.

let world: ServeWorld;

async function getJson<T>(path: string, status = 200): Promise<T> {
  const response = await world.app.request(path);
  expect(response.status, path).toBe(status);
  return (await response.json()) as T;
}

beforeAll(async () => {
  world = await createServeWorld({
    now: '2026-03-15T12:00:00Z',
    preset: 'kubestellar',
    ladder: 'kubestellar',
  });
  const alice = { login: 'alice', githubId: 31 };
  const bob = { login: 'bob', githubId: 32 };
  const carol = { login: 'carol', githubId: 33 };
  const dave = { login: 'dave', githubId: 34 };
  await deliver(
    world,
    'issues',
    'l1',
    issuePayload('opened', { ...alice, number: 1, at: '2026-02-02T10:00:00Z', labels: ['bug'] }),
  );
  await deliver(
    world,
    'issues',
    'l2',
    issuePayload('opened', { ...alice, number: 2, at: '2026-03-02T10:00:00Z', labels: ['bug'] }),
  );
  await deliver(
    world,
    'issues',
    'l3',
    issuePayload('opened', { ...bob, number: 3, at: '2026-03-03T10:00:00Z', labels: ['bug'] }),
  );
  await deliver(
    world,
    'issues',
    'l4',
    issuePayload('opened', { ...carol, number: 4, at: '2026-01-10T10:00:00Z', labels: ['bug'] }),
  );
  await deliver(
    world,
    'issues',
    'l5',
    issuePayload('opened', { ...dave, number: 5, at: '2026-01-12T10:00:00Z', labels: ['bug'] }),
  );
  await deliver(
    world,
    'issues',
    'l6',
    issuePayload('opened', { ...dave, number: 6, at: '2026-01-13T10:00:00Z', labels: ['bug'] }),
  );
  const roles = new KyselyRoleStore(world.database);
  await importRoster(roles, [
    {
      login: 'carol',
      level: 'maintainer',
      scope: null,
      since: '2025-06-01T00:00:00Z',
      until: null,
      decision: 'https://example.org/decisions/1',
      previousLevel: null,
    },
    {
      login: 'dave',
      level: 'contributor',
      scope: null,
      since: '2025-01-01T00:00:00Z',
      until: null,
      decision: null,
      previousLevel: null,
    },
  ]);
});
afterAll(async () => {
  await world.close();
});

describe('the ladder API', () => {
  test('gives the policy as data, each level with its requirements in words and its holders', async () => {
    const ladder = await getJson<{
      policy: {
        name: string;
        levels: {
          id: string;
          holders: number;
          eligible: number;
          requires: { of: { text: string; title: string | null }[] };
        }[];
      };
    }>('/api/ladder');
    expect(ladder.policy.name).toBe('kubestellar');
    const contributor = ladder.policy.levels.find((level) => level.id === 'contributor')!;
    expect(contributor).toMatchObject({ holders: 1, eligible: 1 });
    expect(contributor.requires.of[0]!.title).toBe('at least 500 leaderboard points in the last year');
    expect(contributor.requires.of[0]!.text).toMatch(/500 points/);
    expect(ladder.policy.levels.find((level) => level.id === 'maintainer')!.holders).toBe(1);
  });

  test('lists who is eligible for a next rung, with the trace and no internal ids', async () => {
    const body = await getJson<{
      eligible: { login: string; level: string; eligibility: string; trace: { status: string } }[];
    }>('/api/ladder/eligible');
    const alice = body.eligible.find((entry) => entry.login === 'alice');
    expect(alice).toMatchObject({ level: 'contributor', eligibility: 'eligible', trace: { status: 'met' } });
    expect(body.eligible.some((entry) => entry.login === 'bob' && entry.level === 'contributor')).toBe(false);
    expect(JSON.stringify(body)).not.toMatch(/"personId"/);
  });

  test('lists who is not in good standing', async () => {
    const body = await getJson<{ standing: { login: string; level: string; standing: { kind: string } }[] }>(
      '/api/ladder/at-risk',
    );
    const carol = body.standing.find((entry) => entry.login === 'carol');
    expect(carol?.level).toBe('maintainer');
    expect(['at_risk', 'emeritus_offer']).toContain(carol?.standing.kind);
  });

  test("puts each person's level on the leaderboard", async () => {
    const board = await getJson<{ rows: { login: string; level: string | null }[] }>('/api/leaderboard');
    const levels = Object.fromEntries(board.rows.map((row) => [row.login, row.level]));
    expect(levels).toEqual({ alice: null, dave: 'Contributor', bob: null, carol: 'Maintainer' });
  });

  test("explains a person's next rung in their profile", async () => {
    const person = await getJson<{
      ladder: {
        person: Record<string, unknown>;
        next: {
          level: string;
          eligibility: string;
          trace: { children: { observed: number; required: number }[] };
        }[];
      };
    }>('/api/people/bob');
    expect(person.ladder.person).toEqual({ login: 'bob', handle: 'bob', unlinked: false, name: null });
    const contributor = person.ladder.next.find((candidate) => candidate.level === 'contributor')!;
    expect(contributor.eligibility).toBe('not_eligible');
    expect(contributor.trace.children[0]).toMatchObject({ observed: 300, required: 500 });
  });
});

describe('the ladder pages', () => {
  test('the ladder page shows each level, its holders, and who is eligible', async () => {
    const response = await world.app.request('/ladder');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<h1>KubeStellar contributor ladder</h1>');
    expect(page).toMatch(/Contributor <span class="muted">· 1 holder recorded<\/span>/);
    expect(page).toContain('href="#eligible-contributor">1 person is eligible now →</a>');
    expect(page).toMatch(/id="eligible-contributor"[\s\S]*href="\/people\/alice"/);
    expect(page).toContain('at least 500 leaderboard points in the last year');
    expect(page).toMatch(/Not in good standing[\s\S]*href="\/people\/carol"/);
  });

  test('a profile shows each requirement of the next level as a progress bar with what is left', async () => {
    const page = await (await world.app.request('/people/bob')).text();
    expect(page).toContain('<h2 id="ladder-heading">On the ladder</h2>');
    expect(page).toContain('No level held yet.');
    expect(page).toContain('Next: Contributor — <span class="unmet">not yet</span>');
    expect(page).toMatch(/<progress max="500" value="300"/);
    expect(page).toContain('200 more points');
    expect(page).toContain('href="https://github.com/octo-org/hello-world/issues/3"');
  });

  test("a holder's profile shows the level and the standing", async () => {
    const page = await (await world.app.request('/people/carol')).text();
    expect(page).toContain('<span class="level">Maintainer</span> since 2025-06-01');
    expect(page).toMatch(/class="unmet"><strong>(At risk|Missed)/);
  });

  test('the leaderboard shows a level column', async () => {
    const page = await (await world.app.request('/')).text();
    expect(page).toContain('<th scope="col" data-col="level" class="wide">Level</th>');
    expect(page).toContain('<span class="level">Contributor</span>');
    expect(page).toContain('href="/ladder"');
  });
});

test('a server without a ladder answers its routes with 404 not_found', async () => {
  const plain = await createServeWorld();
  try {
    for (const path of ['/api/ladder', '/api/ladder/eligible', '/api/ladder/at-risk']) {
      const response = await plain.app.request(path);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await plain.app.request('/ladder')).status).toBe(404);
    expect(await (await plain.app.request('/')).text()).not.toContain('href="/ladder"');
  } finally {
    await plain.close();
  }
});
