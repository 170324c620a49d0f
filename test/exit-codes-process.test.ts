import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';

// The exit codes and the stderr/stdout split as a shell or a cron job sees them: `node bin/rungs.js`
// run as a process, so src/main.ts's mapping of errors to codes is what is tested.

const BIN = fileURLToPath(new URL('../bin/rungs.js', import.meta.url));
let folder: string;

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function rungs(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, '--db', join(folder, 'rungs.db'), ...args],
      { env: { ...process.env, RUNGS_DB: '', DATABASE_URL: '' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const event = (id: number) =>
  JSON.stringify({
    id: String(id),
    type: 'IssuesEvent',
    actor: { id: 101, login: 'alice' },
    repo: { id: 1, name: 'acme/widgets' },
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
        html_url: `https://github.com/acme/widgets/issues/${id}`,
      },
    },
  });

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rungs-exit-process-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

test('a clean import exits 0 with its summary on stdout and nothing on stderr', async () => {
  const hour = join(folder, 'clean.json.gz');
  writeFileSync(hour, gzipSync(`${[1, 2, 3].map(event).join('\n')}\n`));
  const ran = await rungs('import', 'gharchive', hour, '--org', 'acme');
  expect(ran).toMatchObject({ code: 0, stderr: '' });
  expect(ran.stdout).toContain('3 records read, 3 new');
});

test('a truncated gzip exits 3: the lines before the cut stored, the truncation one line on stderr', async () => {
  const whole = gzipSync(`${Array.from({ length: 300 }, (_, i) => event(100 + i)).join('\n')}\n`);
  const hour = join(folder, 'cut.json.gz');
  writeFileSync(hour, whole.subarray(0, Math.floor(whole.length * 0.7)));
  const ran = await rungs('import', 'gharchive', hour, '--org', 'acme');
  expect(ran.code).toBe(3);
  expect(ran.stdout).toMatch(/(\d+) records read, \1 new/);
  expect(ran.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(
      new RegExp(`^${hour.replaceAll('.', '\\.')}:\\d+: truncated gzip file: the data ends inside line \\d+`),
    ),
  ]);
});

test('garbage named .json.gz and a missing file exit 1 with one located line, never a stack trace', async () => {
  const garbage = join(folder, 'garbage.json.gz');
  writeFileSync(garbage, 'this is not gzip\n');
  for (const [path, reason] of [
    [garbage, 'not gzip data'],
    [join(folder, 'missing.json.gz'), 'no such file or directory'],
  ] as const) {
    const ran = await rungs('import', 'gharchive', path, '--org', 'acme');
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    const lines = ran.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`error: ${path}: ${reason}`)).toBe(true);
  }
});

test('an unfiltered GH Archive import is a usage error: exit 2, asking for --org, --repo or --all', async () => {
  const ran = await rungs('import', 'gharchive', join(folder, 'clean.json.gz'));
  expect(ran.code).toBe(2);
  expect(ran.stdout).toBe('');
  expect(ran.stderr).toMatch(/^error: say which events to keep: --org <org> or --repo <owner\/name>.*--all/);
});
