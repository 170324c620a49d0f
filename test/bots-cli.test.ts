import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { InputError } from '../src/app/input-error.ts';
import { type RungsRun, runRungs } from './support/run-rungs.ts';

// Bots end to end in process: the shipped list of automation accounts (presets/bots.yaml), a
// community's own list (--bots), and a person's decision, through `rungs status` and the board.

const NOW = '2026-03-31T12:00:00Z';
let dir: string;
let db: string;

function rungs(...args: string[]): Promise<RungsRun> {
  return runRungs(db, NOW, args);
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function boardLogins(...globals: string[]): Promise<string[]> {
  const run = await rungs(...globals, 'leaderboard', '--window', 'all', '--format', 'json');
  expect(run.failed).toBeNull();
  return (JSON.parse(run.out) as { rows: { login: string }[] }).rows.map((row) => row.login);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rungs-bots-'));
  db = join(dir, 'rungs.db');
  const meetings = await file(
    'meetings.csv',
    [
      'id,kind,login,date,series',
      'm1,meeting_attended,k8s-triage-robot,2026-03-04,community-call',
      'm2,meeting_attended,alice,2026-03-04,community-call',
    ].join('\n'),
  );
  expect((await rungs('import', 'activities', meetings)).failed).toBeNull();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('an account on the shipped bot list is off the board, and its status says it holds no place', async () => {
  expect(await boardLogins()).toEqual(['alice']);
  const bot = await rungs('status', 'k8s-triage-robot', '--preset', 'kubestellar');
  expect(bot.failed).toBeNull();
  expect(bot.out).toContain('A bot: automation accounts hold no place on the ladder and score nothing.');
  expect(bot.out).not.toContain('Next:');
  const person = await rungs('status', 'alice', '--preset', 'kubestellar');
  expect(person.out).toContain('Next:');
});

test("a community's own list replaces the shipped one, or extends it with exceptions", async () => {
  const own = await file('our-bots.yaml', 'bots: [release-robot]\n');
  expect(await boardLogins('--bots', own)).toEqual(['alice', 'k8s-triage-robot']);
  const status = await rungs('--bots', own, 'status', 'k8s-triage-robot', '--preset', 'kubestellar');
  expect(status.out).toContain('Next:');

  const extended = await file(
    'more-bots.yaml',
    'extends: rungs\nbots: [alice]\nexcept: [K8S-TRIAGE-ROBOT]\n',
  );
  expect(await boardLogins('--bots', extended)).toEqual(['k8s-triage-robot']);
  const extends_ = await file('extends-only.yaml', 'extends: rungs\nbots: [alice]\n');
  expect(await boardLogins('--bots', extends_)).toEqual([]);
});

test("a person's decision wins over the list", async () => {
  expect((await rungs('people', 'bot', 'k8s-triage-robot', '--not')).out).toContain(
    'k8s-triage-robot is not a bot',
  );
  expect(await boardLogins()).toEqual(['alice', 'k8s-triage-robot']);
  expect((await rungs('status', 'k8s-triage-robot', '--preset', 'kubestellar')).out).toContain('Next:');
});

test('a bot list with problems is refused with every problem located', async () => {
  const bad = await file('bad-bots.yaml', 'bots:\n  - ok-robot\n  - "not a login"\nexcept: [x]\n');
  const run = await rungs('--bots', bad, 'leaderboard');
  expect(run.failed).toBeInstanceOf(InputError);
  const message = (run.failed as Error).message;
  expect(message).toContain(`${bad}:3:5 bots[1]: expected a GitHub login`);
  expect(message).toContain(`${bad}:4:9 except: except only removes accounts of the shipped list`);
});
