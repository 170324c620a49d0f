import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { registerServeCommands } from '../../src/adapters/cli/serve-commands.ts';
import { openServeServices } from '../../src/compose/serve-services.ts';

// The commands as a person runs them, in-process: `rungs start`, `rungs serve`, `rungs export site`.

let directory: string;
let output: string[];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rungs-serve-cli-'));
  output = [];
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs one command line; `whileServing` runs once the server prints its URL, then the server stops. */
async function run(
  args: readonly string[],
  whileServing?: (url: string) => Promise<void>,
  secret: string | null = null,
): Promise<void> {
  let announce: (url: string) => void = () => {};
  const announced = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const program = new Command('rungs').exitOverride().option('--db <path>');
  registerServeCommands(program, {
    openServeServices: (globals, choice) =>
      openServeServices(
        {
          storage: { kind: 'sqlite', path: globals.db ?? join(directory, 'rungs.db') },
          webhookSecret: secret,
        },
        {
          ...choice,
          now: () => '2026-03-15T12:00:00Z',
          reportError: (error) => output.push(`error: ${error}`),
        },
      ),
    stdout: (text) => {
      output.push(text);
      const url = /^rungs dashboard: (http:\/\/\S+)\/$/.exec(text)?.[1];
      if (url !== undefined) announce(url);
    },
    stderr: (text) => output.push(`stderr: ${text}`),
    now: () => '2026-03-15T12:00:00Z',
    untilStopped: async () => {
      await whileServing?.(await announced);
    },
  });
  await program.parseAsync(['node', 'rungs', ...args]);
}

test('start loads the demo community into an empty database, serves the dashboard and prints its URL', async () => {
  await run(['start', '--port', '0'], async (url) => {
    const page = await (await fetch(`${url}/`)).text();
    expect(page).toContain('<h1>Leaderboard</h1>');
    expect(page).toContain('Demo data: a generated community');
    expect(page).toContain('<span class="level">Maintainer</span>');
    // The KubeStellar ladder is shown, so its boards use its scoring preset, and say so.
    expect(page).toContain('ranked by points of the <strong>kubestellar</strong> scoring');
    const api = (await (await fetch(`${url}/api/leaderboard?limit=1`)).json()) as {
      scoring: { name: string };
    };
    expect(api.scoring.name).toBe('kubestellar');
    const ladder = await fetch(`${url}/ladder`);
    expect(ladder.status).toBe(200);
    const ladderPage = await ladder.text();
    // Requirements are named by their titles, never by their place in the policy.
    expect(ladderPage).toContain('eligible once confirmed');
    expect(ladderPage).not.toMatch(/levels\[\d+\]/);
    // The demo roster records no Contributor, though many meet its requirements.
    expect(ladderPage).toContain('Contributor <span class="muted">· no holder recorded</span>');
    expect(ladderPage).toContain('Who holds Contributor is not recorded yet');
    const webhook = await fetch(`${url}/webhooks/github`, { method: 'POST', body: '{}' });
    expect(webhook.status).toBe(503);
  });
  expect(
    output.some((line) => line.startsWith('the database is empty: loading the generated demo community')),
  ).toBe(true);
  expect(output.some((line) => line.startsWith('DEMO DATA: organization demo-rungs'))).toBe(true);
  expect(output).toContain('  webhooks: off (set RUNGS_WEBHOOK_SECRET to receive GitHub webhooks)');
}, 120_000);

test('serve on a database that has data loads nothing and turns the receiver on with a secret', async () => {
  await run(['start', '--port', '0', '--no-ladder'], async () => {});
  output = [];
  await run(
    ['serve', '--port', '0', '--no-ladder'],
    async (url) => {
      const board = (await (await fetch(`${url}/api/leaderboard?limit=1`)).json()) as {
        totalPeople: number;
        scoring: { name: string };
      };
      expect(board.totalPeople).toBeGreaterThan(10);
      // Without a ladder, boards use balanced.
      expect(board.scoring.name).toBe('balanced');
      expect((await fetch(`${url}/ladder`)).status).toBe(404);
      const webhook = await fetch(`${url}/webhooks/github`, { method: 'POST', body: '{}' });
      expect(webhook.status).toBe(401);
    },
    'a-secret',
  );
  expect(output.some((line) => line.includes('loading'))).toBe(false);
  expect(output).toContain(
    '  webhooks: POST /webhooks/github (signature checked with the configured secret)',
  );
}, 120_000);

test('export site writes the pages, their JSON and the badges into a folder', async () => {
  await run(['start', '--port', '0'], async () => {});
  const site = join(directory, 'site');
  await run(['export', 'site', site]);
  expect(output.at(-1)).toMatch(/^wrote \d+ files \(\d+ people\) from SQLite .* to .*site$/);
  for (const file of [
    'index.html',
    'community.html',
    'community.json',
    'ladder.html',
    'ladder.json',
    'leaderboard/all.json',
    '.nojekyll',
  ]) {
    expect(existsSync(join(site, file)), file).toBe(true);
  }
  const index = await readFile(join(site, 'index.html'), 'utf8');
  expect(index).toContain('href="leaderboard/all/points/1.html"');
  expect(index).not.toMatch(/href="\/[^/]/);
  expect(index).toContain('ranked by points of the <strong>kubestellar</strong> scoring');
  const board = JSON.parse(await readFile(join(site, 'leaderboard/ytd.json'), 'utf8')) as {
    rows: { login: string; profile: string }[];
    scoring: { name: string };
    window: { name: string };
  };
  expect([board.scoring.name, board.window.name]).toEqual(['kubestellar', 'ytd']);
  const first = board.rows[0]!;
  expect(existsSync(join(site, first.profile))).toBe(true);
  expect(existsSync(join(site, first.profile.replace(/\.html$/, '.json')))).toBe(true);
  expect(existsSync(join(site, first.profile.replace(/^people\/(\d+)\.html$/, 'badge/$1.svg')))).toBe(true);
  expect(await readFile(join(site, first.profile), 'utf8')).toContain('Points of the kubestellar scoring');
  const profile = JSON.parse(
    await readFile(join(site, first.profile.replace(/\.html$/, '.json')), 'utf8'),
  ) as { scoring: { name: string }; window: { name: string } };
  expect([profile.scoring.name, profile.window.name]).toEqual(['kubestellar', 'ytd']);
}, 180_000);

test('a ladder policy file that does not exist is refused before serving', async () => {
  await expect(
    run(['serve', '--port', '0', '--ladder-policy', join(directory, 'missing.yaml')]),
  ).rejects.toThrow(/missing\.yaml/);
});
