import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadBotList } from '../../src/adapters/presets/load-bot-list.ts';
import { createServeWorld, deliver, issuePayload, type ServeWorld } from './support/serve-world.ts';

// An automation account GitHub shows as a user (k8s-ci-robot, on the shipped bot list) beside a
// person, on the KubeStellar ladder: the bot's profile says it holds no place and offers no next
// level, in the API and on the page; the person's still does.

let world: ServeWorld;

beforeAll(async () => {
  world = await createServeWorld({
    now: '2026-03-15T12:00:00Z',
    preset: 'kubestellar',
    ladder: 'kubestellar',
    bots: await loadBotList(null),
  });
  const robot = { login: 'k8s-ci-robot', githubId: 20407524 };
  const alice = { login: 'alice', githubId: 31 };
  for (const [index, user] of [robot, robot, alice].entries()) {
    await deliver(
      world,
      'issues',
      `b${index}`,
      issuePayload('opened', {
        ...user,
        number: index + 1,
        at: `2026-03-0${index + 2}T10:00:00Z`,
        labels: ['bug'],
      }),
    );
  }
});

afterAll(async () => {
  await world.close();
});

test('the API says a listed bot holds no ladder position and has no next level', async () => {
  const response = await world.app.request('/api/people/k8s-ci-robot');
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    excluded: { kind: string } | null;
    ladder: { bot: boolean; level: unknown; next: unknown[] };
  };
  expect(body.excluded).toEqual({ kind: 'bot' });
  expect(body.ladder).toMatchObject({ bot: true, level: null, next: [] });
  const person = (await (await world.app.request('/api/people/alice')).json()) as {
    ladder: { bot: boolean; next: unknown[] };
  };
  expect(person.ladder.bot).toBe(false);
  expect(person.ladder.next.length).toBeGreaterThan(0);
});

test("a bot's profile page says it is a bot and never offers a next level", async () => {
  const page = await (await world.app.request('/people/k8s-ci-robot')).text();
  expect(page).toContain('<strong>A bot.</strong>');
  expect(page).not.toMatch(/Next/);
  const person = await (await world.app.request('/people/alice')).text();
  expect(person).toMatch(/Next/);
});
