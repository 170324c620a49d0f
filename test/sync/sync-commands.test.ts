import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type ExitCode, worseExitCode } from '../../src/adapters/cli/exit-code.ts';
import { registerSyncCommands } from '../../src/adapters/cli/sync-commands.ts';
import { UsageError } from '../../src/adapters/cli/usage-error.ts';
import { InputError } from '../../src/app/input-error.ts';
import { openSyncServices, readGitHubSyncConfig } from '../../src/compose/sync-services.ts';
import { FakeGitHub } from './fake-github-server.ts';

let github: FakeGitHub;
let folder: string;

beforeEach(async () => {
  github = new FakeGitHub({ token: 'secret-token', rateLimit: 5000 });
  await github.start();
  github.addRepo('acme/widgets');
  github.addRepo('acme/attic', { archived: true });
  github.addIssue('acme/widgets', {
    user: { id: 1, login: 'alice' },
    createdAt: '2024-03-01T10:00:00Z',
    labels: ['bug'],
  });
  github.addIssue('acme/widgets', {
    user: { id: 2, login: 'bob' },
    createdAt: '2024-03-01T11:00:00Z',
    state: 'closed',
    closedAt: '2024-03-02T09:00:00Z',
    updatedAt: '2024-03-02T09:00:00Z',
    pull: { mergedAt: '2024-03-02T09:00:00Z' },
  });
  folder = mkdtempSync(join(tmpdir(), 'rungs-sync-cli-'));
});

afterEach(async () => {
  await github.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs `rungs <args>` with the sync commands, as the CLI wires them, against the fake server. */
async function rungs(args: readonly string[], env: NodeJS.ProcessEnv = { GITHUB_TOKEN: 'secret-token' }) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: ExitCode = 0;
  const program = new Command('rungs')
    .option('--db <path>')
    .exitOverride()
    .configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  registerSyncCommands(program, {
    openSyncServices: (globals) =>
      openSyncServices(
        { storage: { kind: 'sqlite', path: globals.db ?? join(folder, 'rungs.db') } },
        readGitHubSyncConfig(env),
        { client: { msPerSecond: 5 } },
      ),
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    setExitCode: (code) => {
      exitCode = worseExitCode(exitCode, code);
    },
    showProgress: false,
  });
  await program.parseAsync(['node', 'rungs', ...args]);
  return { out: out.join('\n'), err: err.join('\n'), exitCode };
}

describe('rungs sync', () => {
  test('sync github --org reports what it stored, and sync status shows each resource complete', async () => {
    const run = await rungs(['sync', 'github', '--org', 'acme', '--api-url', github.url]);
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain(`org acme → SQLite ${join(folder, 'rungs.db')}`);
    expect(run.out).toContain('1 repositories synced, 1 archived skipped, 0 failed');
    expect(run.out).toMatch(/\d+ API entries in \d+ requests/);
    expect(run.out).toContain('3 new activities');
    expect(run.out).not.toContain('secret-token');

    const status = await rungs(['sync', 'status']);
    const lines = status.out.split('\n');
    expect(lines[0]).toMatch(/^repository\s+resource\s+state\s+up to\s+read\s+detail$/);
    expect(lines[1]).toMatch(/^acme\/attic\s+issues\s+never\s+-\s+0$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^acme\/widgets\s+issues\s+complete\s+2024-03-02T09:00:00Z\s+2$/),
    );
    expect(status.out).toContain('acme/attic: archived, not synced (--include-archived syncs it)');
    expect(status.out).toMatch(/acme\/widgets: last finished \d{4}-\d{2}-\d{2}T/);

    const json = JSON.parse(
      (await rungs(['sync', 'status', '--repo', 'ACME/Widgets', '--format', 'json'])).out,
    );
    expect(json).toHaveLength(1);
    expect(json[0].resources.map((r: { resource: string }) => r.resource)).toEqual([
      'issues',
      'reviews',
      'issue_comments',
      'review_comments',
      'events',
      'open_issues',
    ]);
  });

  test('a run cut short by the server says where it stopped and how to continue, and exits 1', async () => {
    github.faults.push({
      match: (path) => path.endsWith('/issues/comments'),
      fault: 'server_error',
      status: 503,
      times: 100,
    });
    const run = await rungs(['sync', 'github', '--repo', 'acme/widgets', '--api-url', github.url]);
    expect(run.exitCode).toBe(1);
    expect(run.out).toContain(
      'stopped: acme/widgets issue_comments: GET /repos/acme/widgets/issues/comments?since=&page=1: 503 Server Error after 4 attempts',
    );
    expect(run.out).toContain('run the same command again to continue');
    const status = await rungs(['sync', 'status', '--repo', 'acme/widgets']);
    expect(status.out).toContain('acme/widgets: last run stopped: acme/widgets issue_comments');
  });

  test('a refused token stops the run with the reason, never showing the token', async () => {
    const run = await rungs(['sync', 'github', '--org', 'acme', '--api-url', github.url], {
      GITHUB_TOKEN: 'wrong-token',
    });
    expect(run.exitCode).toBe(1);
    expect(run.out).toContain(
      'stopped: GET /orgs/acme/repos: the credentials were refused (401 Bad credentials',
    );
    expect(run.out).not.toContain('wrong-token');
  });

  test('says what is wrong with a command line that cannot be run', async () => {
    await expect(rungs(['sync', 'github'])).rejects.toThrow(UsageError);
    await expect(rungs(['sync', 'github', '--org', 'acme', '--repo', 'acme/widgets'])).rejects.toThrow(
      'give --org or --repo, not both',
    );
    await expect(rungs(['sync', 'github', '--org', 'acme', '--since', 'last week'])).rejects.toThrow(
      '--since "last week": expected a date',
    );
    await expect(rungs(['sync', 'github', '--repo', 'not-a-repo'])).rejects.toBeInstanceOf(CommanderError);
    await expect(rungs(['sync', 'github', '--org', 'acme', '--api-url', 'ghe.example.com'])).rejects.toThrow(
      'the API URL must start with http:// or https://',
    );
  });

  test('reads GitHub App settings from the environment and names what is missing', () => {
    expect(
      readGitHubSyncConfig({ GITHUB_TOKEN: 't', GITHUB_API_URL: 'https://ghe.example.com/api/v3' }),
    ).toEqual({
      apiUrl: 'https://ghe.example.com/api/v3',
      auth: { kind: 'token', token: 't' },
    });
    expect(readGitHubSyncConfig({})).toEqual({ apiUrl: null, auth: { kind: 'none' } });
    expect(
      readGitHubSyncConfig({
        GITHUB_APP_ID: '12',
        GITHUB_APP_INSTALLATION_ID: '34',
        GITHUB_APP_PRIVATE_KEY: 'a\\nb',
        GITHUB_TOKEN: 't',
      }),
    ).toEqual({ apiUrl: null, auth: { kind: 'app', appId: '12', installationId: '34', privateKey: 'a\nb' } });
    expect(() => readGitHubSyncConfig({ GITHUB_APP_ID: '12' })).toThrow(
      new InputError(
        'GitHub App settings are incomplete: set GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_PATH',
      ),
    );
  });
});
