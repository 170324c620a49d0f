import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { UsageError } from '../src/adapters/cli/usage-error.ts';
import { type RungsRun, runRungs } from './support/run-rungs.ts';

// `rungs people merge|split|merges` end to end in process: a real activities file, a real SQLite
// database, the real composition.

const NOW = '2026-06-30T12:00:00Z';
let dir: string;
let db: string;

function rungs(...args: string[]): Promise<RungsRun> {
  return runRungs(db, NOW, args);
}

/** Meetings per person on the all-time board. */
async function meetings(): Promise<Record<string, number>> {
  const run = await rungs('leaderboard', '--window', 'all', '--format', 'json');
  expect(run.failed).toBeNull();
  const { rows } = JSON.parse(run.out) as { rows: { login: string; counts: Record<string, number> }[] };
  return Object.fromEntries(rows.map((row) => [row.login, row.counts.meeting_attended ?? 0]));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rungs-people-'));
  db = join(dir, 'rungs.db');
  const file = join(dir, 'meetings.csv');
  await writeFile(
    file,
    [
      'id,kind,login,email,date,series',
      'm1,meeting_attended,alice,,2026-03-04,community-call',
      'm2,meeting_attended,,alice@example.org,2026-03-11,community-call',
      'm3,meeting_attended,,alice@example.org,2026-03-18,community-call',
      'm4,meeting_attended,,sam@one.example,2026-03-18,community-call',
      'm5,meeting_attended,,sam@two.example,2026-03-25,community-call',
    ].join('\n'),
  );
  expect((await rungs('import', 'activities', file)).failed).toBeNull();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('people merge joins a login and an email, as the README shows, and records who and why', async () => {
  expect(await meetings()).toMatchObject({ alice: 1 });
  const merge = await rungs(
    'people',
    'merge',
    'alice',
    'alice@example.org',
    '--reason',
    'same human',
    '--by',
    'ops',
  );
  expect(merge.failed).toBeNull();
  expect(merge.out).toMatch(/^merged person:2 \(person 2\) into alice \(person 1\) \(merge 1, by ops\)/);
  expect(await meetings()).toMatchObject({ alice: 3 });

  const list = await rungs('people', 'merges');
  expect(list.out).toMatch(
    /1 {2}2026-06-30T12:00:00Z {2}ops {2}alice \(person 1\) {2}person:2 \(person 2\) {2}same human/,
  );
  expect(list.out).not.toContain('example.org');
});

test('people split undoes a merge, and a rebuild after either keeps it', async () => {
  await rungs('people', 'merge', 'alice', 'alice@example.org', '--by', 'ops');
  expect((await rungs('rebuild')).failed).toBeNull();
  expect(await meetings()).toMatchObject({ alice: 3 });

  const split = await rungs('people', 'split', 'alice@example.org', '--by', 'ops', '--reason', 'two people');
  expect(split.failed).toBeNull();
  expect(split.out).toContain('split person:2 (person 2) off alice (person 1) (merge 1)');
  const afterSplit = await rungs('leaderboard', '--window', 'all', '--format', 'json');
  const rows = (
    JSON.parse(afterSplit.out) as {
      rows: { login: string | null; handle: string; counts: Record<string, number> }[];
    }
  ).rows;
  expect(
    rows
      .filter((row) => row.login === 'alice' || row.handle === 'person:2')
      .map((row) => [row.handle, row.counts.meeting_attended])
      .sort(),
  ).toEqual([
    ['alice', 1],
    ['person:2', 2],
  ]);

  expect((await rungs('rebuild')).failed).toBeNull();
  expect((await rungs('leaderboard', '--window', 'all', '--format', 'json')).out).toBe(afterSplit.out);
  expect((await rungs('people', 'merges')).out).toMatch(/2026-06-30T12:00:00Z by ops: two people/);
});

test('an unknown name is a usage error that changes nothing', async () => {
  const run = await rungs('people', 'merge', 'alice', 'nobody@example.org');
  expect(run.failed).toBeInstanceOf(UsageError);
  expect((run.failed as Error).message).toContain('no person named "nobody@example.org" is on record');
  expect((await rungs('people', 'merges')).out).toContain('no merges on record');
});

test("an email's local part names nobody (git authors sam@one and sam@two are not 'sam'): a usage error, no email printed", async () => {
  const run = await rungs('people', 'merge', 'alice', 'sam');
  expect(run.failed).toBeInstanceOf(UsageError);
  const message = (run.failed as Error).message;
  expect(message).toContain('no person named "sam" is on record');
  expect(message).not.toContain('example');
  expect((await rungs('people', 'merge', 'alice', 'person:4')).failed).toBeNull();
  expect((await rungs('people', 'merge', 'alice', 'sam@one.example')).failed).toBeNull();
});

test('splitting a person who was never merged is a usage error', async () => {
  const run = await rungs('people', 'split', 'alice');
  expect(run.failed).toBeInstanceOf(UsageError);
  expect((run.failed as Error).message).toContain('no merge in force names "alice"');
});
