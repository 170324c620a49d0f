import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UsageError } from '../src/adapters/cli/usage-error.ts';
import { InputError } from '../src/app/input-error.ts';
import { type RungsRun, runRungs } from './support/run-rungs.ts';

// The exit-code policy of every command that takes input, in process through the real composition:
// 0 done, nothing rejected; 1 failed; 2 usage; 3 done, the good records stored, some input rejected.

const NOW = '2026-06-30T12:00:00Z';
let folder: string;

function file(name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

/** A fresh database per test, so each one's exit code depends on its own input only. */
let serial = 0;
function rungs(...args: string[]): Promise<RungsRun> {
  serial += 1;
  return runRungs(join(folder, `rungs-${serial}.db`), NOW, args);
}

function rungsOn(database: string, ...args: string[]): Promise<RungsRun> {
  return runRungs(join(folder, database), NOW, args);
}

const issueEvent = (id: number, repo: string) =>
  JSON.stringify({
    id: String(id),
    type: 'IssuesEvent',
    actor: { id: 101, login: 'alice' },
    repo: { id: 1, name: repo },
    public: true,
    created_at: '2026-03-01T10:00:00Z',
    payload: {
      action: 'opened',
      issue: {
        number: id,
        title: 'It breaks',
        user: { id: 101, login: 'alice', type: 'User' },
        labels: [],
        state: 'open',
        created_at: '2026-03-01T10:00:00Z',
        html_url: `https://github.com/${repo}/issues/${id}`,
      },
    },
  });

const HOUR = `${[issueEvent(1, 'acme/widgets'), issueEvent(2, 'acme/widgets'), issueEvent(3, 'other/x')].join('\n')}\n`;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rungs-exit-codes-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('rungs import gharchive', () => {
  test('exits 0 when every line of the hour was read', async () => {
    const run = await rungs('import', 'gharchive', file('clean.json.gz', gzipSync(HOUR)), '--org', 'acme');
    expect(run.failed).toBeNull();
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain('2 records read, 2 new');
  });

  test('refuses to run without --org or --repo, asking for one or --all (exit 2)', async () => {
    const run = await rungs('import', 'gharchive', file('unfiltered.json.gz', gzipSync(HOUR)));
    expect(run.failed).toBeInstanceOf(UsageError);
    expect((run.failed as Error).message).toContain('--org <org> or --repo <owner/name>');
    expect((run.failed as Error).message).toContain('--all');
    expect(run.exitCode).toBe(2);
    expect(run.out).toBe('');
  });

  test('imports every event with --all, which cannot be combined with a filter', async () => {
    const hour = file('all.json.gz', gzipSync(HOUR));
    const run = await rungs('import', 'gharchive', hour, '--all');
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain('3 records read, 3 new');
    const both = await rungs('import', 'gharchive', hour, '--all', '--org', 'acme');
    expect(both.exitCode).toBe(2);
  });

  test('stores the lines before the cut of a truncated gzip file, reports the truncation and exits 3', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => issueEvent(i + 1, 'acme/widgets'));
    const whole = gzipSync(`${lines.join('\n')}\n`);
    const path = file('cut.json.gz', whole.subarray(0, Math.floor(whole.length * 0.7)));
    const run = await rungs('import', 'gharchive', path, '--org', 'acme');
    expect(run.failed).toBeNull();
    expect(run.exitCode).toBe(3);
    const stored = Number(/(\d+) records read, \1 new/.exec(run.out)?.[1]);
    expect(stored).toBeGreaterThan(50);
    expect(run.err).toMatch(
      new RegExp(
        `^${escapeRegExp(path)}:${stored + 1}: truncated gzip file: the data ends inside line ${stored + 1}`,
        'm',
      ),
    );
  });

  test('fails with the path and the reason for garbage named .json.gz, a missing file, a directory and a symlink loop (exit 1)', async () => {
    const loop = join(folder, 'loop.json.gz');
    symlinkSync(loop, loop);
    const directory = join(folder, 'a-folder.json.gz');
    mkdirSync(directory);
    const cases: readonly (readonly [string, string])[] = [
      [file('garbage.json.gz', Buffer.from('not gzip at all\n')), 'not gzip data'],
      [join(folder, 'missing.json.gz'), 'no such file or directory'],
      [directory, 'is a directory, expected a file'],
      [loop, 'too many levels of symbolic links (a symlink loop)'],
    ];
    for (const [path, reason] of cases) {
      const run = await rungs('import', 'gharchive', path, '--org', 'acme');
      expect(run.failed).toBeInstanceOf(InputError);
      expect((run.failed as Error).message).toMatch(
        new RegExp(`^${escapeRegExp(path)}: ${escapeRegExp(reason)}`),
      );
      expect((run.failed as Error).message).not.toContain('\n');
      expect(run.exitCode).toBe(1);
    }
  });

  test('imports the readable hours of several, reports the unreadable one and exits 1', async () => {
    const good = file('good.json.gz', gzipSync(HOUR));
    const missing = join(folder, 'gone.json.gz');
    const run = await rungs('import', 'gharchive', missing, good, '--org', 'acme');
    expect(run.failed).toBeNull();
    expect(run.err).toContain(`error: ${missing}: no such file or directory`);
    expect(run.out).toContain('2 records read, 2 new');
    expect(run.exitCode).toBe(1);
  });
});

describe('the other imports', () => {
  test('import activities exits 0 when every row is stored and 3 when a row is rejected', async () => {
    const clean = file('clean.csv', 'id,kind,login,date\nm1,meeting_attended,bob,2026-03-04\n');
    expect((await rungs('import', 'activities', clean)).exitCode).toBe(0);
    const partial = file(
      'partial.csv',
      'id,kind,login,date\nm1,meeting_attended,bob,2026-03-04\nm2,meeting_attended,bob,someday\n',
    );
    const run = await rungs('import', 'activities', partial);
    expect(run.failed).toBeNull();
    expect(run.out).toContain('1 records read, 1 new');
    expect(run.exitCode).toBe(3);
  });

  test('import activities fails on a directory and on a missing file (exit 1)', async () => {
    const directory = join(folder, 'rows.csv');
    mkdirSync(directory);
    const onDirectory = await rungs('import', 'activities', directory);
    expect((onDirectory.failed as Error).message).toBe(`${directory}: is a directory, expected a file`);
    expect(onDirectory.exitCode).toBe(1);
    const missing = await rungs('import', 'activities', join(folder, 'none.csv'));
    expect((missing.failed as Error).message).toBe(`${join(folder, 'none.csv')}: no such file or directory`);
    expect(missing.exitCode).toBe(1);
  });

  test('import webhooks exits 0 for a good delivery, 3 with a broken one beside it, 1 for a missing path', async () => {
    const deliveries = join(folder, 'deliveries');
    mkdirSync(deliveries);
    const payload = {
      action: 'opened',
      issue: JSON.parse(issueEvent(7, 'acme/widgets')).payload.issue,
      repository: { id: 1, full_name: 'acme/widgets', name: 'widgets', owner: { login: 'acme' } },
      sender: { id: 101, login: 'alice', type: 'User' },
    };
    writeFileSync(join(deliveries, 'one.json'), JSON.stringify({ event: 'issues', payload }));
    expect((await rungsOn('webhooks.db', 'import', 'webhooks', deliveries)).exitCode).toBe(0);
    writeFileSync(join(deliveries, 'two.json'), '{"event": "issues", "payload": ');
    const partial = await rungsOn('webhooks.db', 'import', 'webhooks', deliveries);
    expect(partial.exitCode).toBe(3);
    const missing = await rungs('import', 'webhooks', join(folder, 'no-deliveries'));
    expect((missing.failed as Error).message).toBe(
      `${join(folder, 'no-deliveries')}: no such file or directory`,
    );
    expect(missing.exitCode).toBe(1);
  });

  test('import git exits 0 for a repository and 1 for a file given as one', async () => {
    const repo = join(folder, 'project');
    mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Alice',
          GIT_AUTHOR_EMAIL: 'alice@example.org',
          GIT_COMMITTER_NAME: 'Alice',
          GIT_COMMITTER_EMAIL: 'alice@example.org',
          GIT_AUTHOR_DATE: '2026-03-01T10:00:00Z',
          GIT_COMMITTER_DATE: '2026-03-01T10:00:00Z',
        },
      });
    git('init', '-q');
    writeFileSync(join(repo, 'README'), 'hello\n');
    git('add', 'README');
    git('commit', '-q', '-m', 'First commit');
    const run = await rungs('import', 'git', repo, '--repo', 'acme/project');
    expect(run.failed).toBeNull();
    expect(run.exitCode).toBe(0);
    const notRepo = await rungs('import', 'git', join(repo, 'README'), '--repo', 'acme/project');
    expect((notRepo.failed as Error).message).toBe(
      `${join(repo, 'README')}: is a file, expected a directory`,
    );
    expect(notRepo.exitCode).toBe(1);
  });

  test('rebuild exits 0 when every kept record maps again', async () => {
    const hour = file('rebuild.json.gz', gzipSync(HOUR));
    await rungsOn('rebuild.db', 'import', 'gharchive', hour, '--org', 'acme');
    const run = await rungsOn('rebuild.db', 'rebuild');
    expect(run.failed).toBeNull();
    expect(run.exitCode).toBe(0);
  });

  test('groups import and roles import store nothing from a file with problems and exit 1', async () => {
    const groups = await rungs('groups', 'import', file('groups.yaml', 'groups:\n  - { id: Bad/Id }\n'));
    expect(groups.failed).toBeInstanceOf(InputError);
    expect(groups.exitCode).toBe(1);
    const roster = await rungs(
      'roles',
      'import',
      file('roster.yaml', 'roles:\n  - { login: alice, level: no-such-level, since: 2025-01-01 }\n'),
      '--preset',
      'kubestellar',
    );
    expect(roster.failed).toBeInstanceOf(InputError);
    expect(roster.exitCode).toBe(1);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
