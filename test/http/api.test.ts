import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HTTP_ERROR_CODES } from '../../src/adapters/http/http-error.ts';
import {
  createServeWorld,
  deliveryRequest,
  issueOpenedPayload,
  type ServeWorld,
  storeActivities,
} from './support/serve-world.ts';

let world: ServeWorld;

interface BoardJson {
  window: { name: string; label: string; from: string | null; to: string };
  totalPeople: number;
  matching: number;
  offset: number;
  limit: number;
  weekStarts: string[];
  rows: {
    rank: number;
    login: string | null;
    handle: string;
    unlinked: boolean;
    name: string | null;
    points: number;
    weekly: number[];
    recentActivity: number;
  }[];
}

async function getJson<T>(path: string, status = 200): Promise<T> {
  const response = await world.app.request(path);
  expect(response.status, `${path} answered ${response.status}`).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as T;
}

beforeAll(async () => {
  world = await createServeWorld({ now: '2026-03-15T12:00:00Z' });
  // Talks (100 points each) and meetings (15) give clear, different totals; the email must never show.
  await storeActivities(world, [
    { kind: 'talk_given', login: 'ada', date: '2026-03-02', title: 'Rungs at FOSDEM' },
    { kind: 'talk_given', login: 'ada', date: '2025-06-01', title: 'An older talk' },
    { kind: 'meeting_attended', login: 'bob', date: '2026-03-09' },
    { kind: 'meeting_attended', login: 'bob', date: '2026-02-02' },
    { kind: 'meeting_attended', email: 'carol.private@example.org', date: '2026-01-05' },
    { kind: 'talk_given', login: 'dave', date: '2024-01-10', title: 'Long ago' },
  ]);
  await world.app.request(
    '/webhooks/github',
    await deliveryRequest({
      secret: 'test-secret',
      event: 'issues',
      id: 'api-1',
      payload: issueOpenedPayload({
        login: 'erin',
        githubId: 77,
        number: 5,
        at: '2026-03-11T08:00:00Z',
        repo: 'octo-org/tools',
      }),
    }),
  );
});
afterAll(async () => {
  await world.close();
});

describe('GET /api/leaderboard', () => {
  test("ranks this year by points with each person's 12-week sparkline", async () => {
    const board = await getJson<BoardJson>('/api/leaderboard');
    expect(board.window).toMatchObject({
      name: 'ytd',
      label: '2026 year to date',
      from: '2026-01-01T00:00:00Z',
    });
    expect(board.rows.map((row) => [row.rank, row.login, row.points])).toEqual([
      [1, 'ada', 100],
      [2, 'erin', 35],
      [3, 'bob', 30],
      [4, null, 15],
    ]);
    // Known by an email only: no login (an email's local part would pass for one), a handle instead.
    expect(board.rows[3]).toMatchObject({ handle: expect.stringMatching(/^person:\d+$/), unlinked: true });
    expect(board.rows[0]).toMatchObject({ handle: 'ada', unlinked: false });
    expect(board.weekStarts).toHaveLength(12);
    expect(board.weekStarts[11]).toBe('2026-03-09');
    expect(board.rows[0]!.weekly).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0]);
  });

  test('takes the window, and all time includes every year', async () => {
    const board = await getJson<BoardJson>('/api/leaderboard?window=all');
    expect(board.rows.map((row) => [row.login, row.points])).toEqual([
      ['ada', 200],
      ['dave', 100],
      ['erin', 35],
      ['bob', 30],
      [null, 15],
    ]);
    const month = await getJson<BoardJson>('/api/leaderboard?window=2026-02');
    expect(month.rows.map((row) => row.login)).toEqual(['bob']);
  });

  test('pages with offset and limit, keeping ranks', async () => {
    const board = await getJson<BoardJson>('/api/leaderboard?window=all&offset=1&limit=2');
    expect(board).toMatchObject({ offset: 1, limit: 2, totalPeople: 5, matching: 5 });
    expect(board.rows.map((row) => [row.rank, row.login])).toEqual([
      [2, 'dave'],
      [3, 'erin'],
    ]);
  });

  test('searches by login without changing ranks', async () => {
    const board = await getJson<BoardJson>('/api/leaderboard?window=all&q=ER');
    expect(board.matching).toBe(1);
    expect(board.rows.map((row) => [row.rank, row.login])).toEqual([[3, 'erin']]);
  });

  test('orders by recent activity on request', async () => {
    const board = await getJson<BoardJson>('/api/leaderboard?sort=recent');
    // erin and bob acted this week or last; ada's talk was two weeks ago and weighs less.
    expect(board.rows.map((row) => row.login).slice(0, 2)).toEqual(['ada', 'erin']);
    const recent = board.rows.map((row) => row.recentActivity);
    expect([...recent].sort((a, b) => b - a)).toEqual(recent);
  });

  test('ranks one repository', async () => {
    const board = await getJson<BoardJson>('/api/leaderboard?repo=Octo-Org/Tools');
    expect(board.rows.map((row) => row.login)).toEqual(['erin']);
  });

  test.each([
    ['window=forever', 'window'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['offset=-1', 'offset'],
    ['sort=name', 'sort'],
    ['repo=not-a-repo', 'repo'],
  ])('refuses %s with 400 invalid_parameter naming the parameter', async (query, parameter) => {
    const body = await getJson<{ error: { code: string; parameter: string; message: string } }>(
      `/api/leaderboard?${query}`,
      400,
    );
    expect(body.error).toMatchObject({ code: 'invalid_parameter', parameter });
    expect(body.error.message.length).toBeGreaterThan(5);
  });
});

describe('GET /api/people/:login', () => {
  test('explains a person: standings, points by kind, acts and weekly activity', async () => {
    const person = await getJson<{
      login: string;
      standings: { window: string; points: number; rank: number | null; of: number }[];
      points: number;
      counts: Record<string, number>;
      evidenceTotal: number;
      evidence: { kind: string; occurredAt: string; points: number }[];
      activity: { weekStarts: string[]; points: number[] };
    }>('/api/people/ADA');
    expect(person.login).toBe('ada');
    expect(person.standings.find((standing) => standing.window === 'all')).toMatchObject({
      points: 200,
      rank: 1,
      of: 5,
    });
    expect(person.standings.find((standing) => standing.window === 'ytd')).toMatchObject({
      points: 100,
      rank: 1,
    });
    expect(person.points).toBe(100);
    expect(person.counts.talk_given).toBe(1);
    expect(person.evidence).toEqual([
      expect.objectContaining({ kind: 'talk_given', occurredAt: '2026-03-02T00:00:00Z', points: 100 }),
    ]);
    expect(person.activity.weekStarts).toHaveLength(52);
    expect(person.activity.points.reduce((sum, value) => sum + value, 0)).toBe(200);
  });

  test('lists the newest acts first, as many as asked', async () => {
    const person = await getJson<{ evidenceTotal: number; evidence: { occurredAt: string }[] }>(
      '/api/people/ada?window=all&evidence=1',
    );
    expect(person.evidenceTotal).toBe(2);
    expect(person.evidence.map((act) => act.occurredAt)).toEqual(['2026-03-02T00:00:00Z']);
  });

  test('answers 404 person_not_found for a login nobody has', async () => {
    const body = await getJson<{ error: { code: string } }>('/api/people/nobody-here', 404);
    expect(body.error.code).toBe('person_not_found');
  });
});

test('GET /api/community counts people and acts month by month', async () => {
  const stats = await getJson<{
    months: { month: string; contributors: number; contributions: number; newContributors: number }[];
    topRepos: { repo: string }[];
    totals: { contributors: number };
  }>('/api/community');
  const march = stats.months.find((month) => month.month === '2026-03')!;
  expect(march).toMatchObject({ contributors: 3, contributions: 3, newContributors: 1 });
  expect(stats.months.at(-1)!.month).toBe('2026-03');
  expect(stats.months.find((month) => month.month === '2024-01')).toBeUndefined();
  expect(stats.totals.contributors).toBe(5);
  expect(stats.topRepos.map((repo) => repo.repo)).toEqual(['octo-org/tools']);
});

test('GET /api/openapi.json describes every route and the error codes', async () => {
  const document = await getJson<{
    openapi: string;
    paths: Record<string, unknown>;
    components: { schemas: { Error: unknown } };
  }>('/api/openapi.json');
  expect(document.openapi).toBe('3.1.0');
  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining([
      '/api/leaderboard',
      '/api/people/{login}',
      '/api/community',
      '/api/ladder',
      '/api/ladder/eligible',
      '/api/ladder/at-risk',
      '/webhooks/github',
      '/badge/{login}.svg',
    ]),
  );
  expect(JSON.stringify(document.components.schemas.Error)).toContain(
    Object.keys(HTTP_ERROR_CODES).join('","'),
  );
});

test('GET /api/health says ok', async () => {
  expect(await getJson('/api/health')).toEqual({ status: 'ok' });
});

test('an unknown API path answers the one error shape with not_found', async () => {
  expect(await getJson('/api/nothing', 404)).toEqual({
    error: { code: 'not_found', message: 'nothing is at /api/nothing' },
  });
});

test('no public answer carries an email address or an internal id', async () => {
  const board = await getJson<BoardJson>('/api/leaderboard?window=all');
  const carol = board.rows.find((row) => row.unlinked)!.handle;
  const paths = [
    '/api/leaderboard?window=all',
    `/api/people/${carol}?window=all`,
    '/api/community',
    '/',
    `/people/${carol}`,
    '/community',
    `/badge/${carol}.svg`,
  ];
  for (const path of paths) {
    const response = await world.app.request(path);
    expect(response.status, path).toBe(200);
    const text = await response.text();
    expect(text, path).not.toContain('@example.org');
    expect(text, path).not.toMatch(/"(personId|person_id|githubId)"/);
  }
});

test('every answer carries strict security headers, errors included', async () => {
  for (const path of ['/api/leaderboard', '/', '/api/missing', '/missing', '/badge/ada.svg']) {
    const response = await world.app.request(path);
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy, path).toContain("default-src 'none'");
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(policy, path).not.toContain('unsafe-inline');
  }
  const page = await world.app.request('/');
  expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'/);
  expect((await world.app.request('/badge/ada.svg')).headers.get('cross-origin-resource-policy')).toBe(
    'cross-origin',
  );
  expect((await world.app.request('/api/leaderboard')).headers.get('access-control-allow-origin')).toBe('*');
});
