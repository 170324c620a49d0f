import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseGroups } from '../../src/core/groups/parse-groups.ts';
import { createServeWorld, type ServeWorld, storeActivities } from './support/serve-world.ts';

// Boards of a group, the groups on record and the community page's top groups, through the real
// HTTP app (app.request, no socket) over a real SQLite file.

let world: ServeWorld;

const GROUPS = `groups:
  - id: sig-docs
    name: Docs <b>& "site"</b>
    kind: sig
    repos: [acme/docs, acme/website/content]
  - id: blog
    name: Blog
    kind: subproject
    parent: sig-docs
    repos: [acme/website/content/blog]
  - { id: sig-core, name: SIG Core, kind: sig, repos: [acme/core] }
  - { id: steering, name: Steering, kind: committee }
`;

async function importGroups(text: string): Promise<void> {
  const parsed = parseGroups(text, 'groups.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  await world.store.replaceGroups(parsed.value.groups);
}

async function getJson<T>(path: string, status = 200): Promise<T> {
  const response = await world.app.request(path);
  expect(response.status, `${path} answered ${response.status}`).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as T;
}

interface BoardJson {
  repo: string | null;
  group: { id: string; name: string; repos: string[] } | null;
  totalPeople: number;
  rows: { login: string; points: number }[];
}

beforeAll(async () => {
  world = await createServeWorld({ now: '2026-03-15T12:00:00Z' });
  // Talks are 100 points and meetings 15 under the balanced preset.
  await storeActivities(world, [
    { kind: 'talk_given', login: 'ada', date: '2026-03-02', repo: 'acme/core', title: 'Core' },
    { kind: 'talk_given', login: 'ada', date: '2026-03-03', repo: 'acme/core', title: 'Core again' },
    { kind: 'talk_given', login: 'bob', date: '2026-03-04', repo: 'acme/docs', title: 'Docs' },
    { kind: 'meeting_attended', login: 'carol', date: '2026-03-05', repo: 'acme/website' },
    { kind: 'talk_given', login: 'dave', date: '2026-03-06', repo: 'octo/other', title: 'Elsewhere' },
  ]);
  await importGroups(GROUPS);
});

afterAll(async () => {
  await world?.close();
});

test("GET /api/leaderboard?group= ranks the acts in the group's repositories only", async () => {
  const board = await getJson<BoardJson>('/api/leaderboard?window=all&group=sig-docs');
  expect(board.group).toEqual({
    id: 'sig-docs',
    name: 'Docs <b>& "site"</b>',
    repos: ['acme/docs', 'acme/website'],
  });
  expect(board.repo).toBeNull();
  expect(board.rows.map((row) => [row.login, row.points])).toEqual([
    ['bob', 100],
    ['carol', 15],
  ]);
  // Any case names the same group; a subproject is a group of its own.
  const upper = await getJson<BoardJson>('/api/leaderboard?window=all&group=SIG-Core');
  expect(upper.rows.map((row) => [row.login, row.points])).toEqual([['ada', 200]]);
  const blog = await getJson<BoardJson>('/api/leaderboard?window=all&group=blog');
  expect(blog.rows.map((row) => row.login)).toEqual(['carol']);
  // A group without repositories ranks nobody.
  expect((await getJson<BoardJson>('/api/leaderboard?window=all&group=steering')).totalPeople).toBe(0);
});

test('an unknown group answers 404 group_not_found; a malformed one, or repo with group, 400', async () => {
  const missing = await getJson<{ error: { code: string; message: string; parameter: string } }>(
    '/api/leaderboard?group=sig-nothing',
    404,
  );
  expect(missing.error).toMatchObject({ code: 'group_not_found', parameter: 'group' });
  expect(missing.error.message).toContain('no group "sig-nothing" is on record; groups: sig-docs, blog');
  expect(await getJson('/api/leaderboard?group=sig%20docs', 400)).toMatchObject({
    error: { code: 'invalid_parameter', parameter: 'group' },
  });
  expect(await getJson('/api/leaderboard?group=sig-docs&repo=acme/docs', 400)).toEqual({
    error: { code: 'invalid_parameter', message: 'give repo or group, not both', parameter: 'group' },
  });
  const page = await world.app.request('/?group=sig-nothing');
  expect(page.status).toBe(404);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
});

test('GET /api/groups lists the groups with their repositories and directories', async () => {
  const { groups } = await getJson<{
    groups: { id: string; parent: string | null; directories: string[] }[];
  }>('/api/groups');
  expect(groups.map((group) => [group.id, group.parent])).toEqual([
    ['sig-docs', null],
    ['blog', 'sig-docs'],
    ['sig-core', null],
    ['steering', null],
  ]);
  expect(groups[1]!.directories).toEqual(['acme/website/content/blog']);
});

test('GET /api/community carries the top groups beside the top repositories', async () => {
  const stats = await getJson<{
    topRepos: { repo: string }[];
    topGroups: { id: string; kind: string; repos: number; contributors: number; points: number }[];
  }>('/api/community');
  expect(stats.topRepos.map((repo) => repo.repo)).toContain('acme/docs');
  expect(
    stats.topGroups.map((group) => [group.id, group.kind, group.repos, group.contributors, group.points]),
  ).toEqual([
    ['sig-core', 'sig', 1, 1, 200],
    ['sig-docs', 'sig', 2, 2, 115],
    ['blog', 'subproject', 1, 1, 15],
  ]);
});

test('the community page lists the top groups, escaped, each linking to its board', async () => {
  const response = await world.app.request('/community');
  expect(response.status).toBe(200);
  const page = await response.text();
  expect(page).toContain('Top groups since');
  expect(page).toContain('Docs &lt;b&gt;&amp; &quot;site&quot;&lt;/b&gt;');
  expect(page).not.toContain('<b>& "site"</b>');
  expect(page).toContain('href="/?group=sig-docs"');
  const board = await (await world.app.request('/?group=sig-docs&window=all')).text();
  expect(board).toContain(
    'in the <strong>Docs &lt;b&gt;&amp; &quot;site&quot;&lt;/b&gt;</strong> group (2 repositories)',
  );
  expect(board).toContain('name="group" value="sig-docs"');
});

test('a new import of the groups changes what a group board ranks', async () => {
  await importGroups(`groups:
  - { id: sig-docs, name: Docs, kind: sig, repos: [acme/docs, octo/other] }
`);
  const board = await getJson<BoardJson>('/api/leaderboard?window=all&group=sig-docs');
  expect(board.rows.map((row) => row.login)).toEqual(['bob', 'dave']);
  await getJson('/api/leaderboard?group=blog', 404);
  await importGroups(GROUPS);
});

test('the OpenAPI document describes the group parameter, /api/groups and group_not_found', async () => {
  const document = await getJson<{ paths: Record<string, { get: { parameters?: { name: string }[] } }> }>(
    '/api/openapi.json',
  );
  expect(document.paths['/api/leaderboard']!.get.parameters!.map((parameter) => parameter.name)).toContain(
    'group',
  );
  expect(Object.keys(document.paths)).toContain('/api/groups');
  expect(JSON.stringify(document)).toContain('group_not_found');
});
