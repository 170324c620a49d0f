import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { InputError } from '../src/app/input-error.ts';
import { type RungsRun, runRungs } from './support/run-rungs.ts';

// `rungs groups`, `leaderboard --group` and a ladder naming groups, end to end in process: real
// files, a real SQLite database, the real composition.

const NOW = '2026-06-30T12:00:00Z';
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

const SIGS_YAML = `sigs:
- dir: sig-node
  name: Node
  mission_statement: Covers the kubelet.
  leadership:
    chairs:
    - { github: alice, name: Alice, company: Example }
  subprojects:
  - name: kubelet
    owners:
    - https://raw.githubusercontent.com/acme/kube/master/pkg/kubelet/OWNERS
  - name: node-problem-detector
    owners:
    - https://raw.githubusercontent.com/acme/npd/master/OWNERS
- dir: sig-docs
  name: Docs
  subprojects:
  - name: website
    owners:
    - https://raw.githubusercontent.com/acme/website/main/OWNERS
workinggroups:
- dir: wg-batch
  name: Batch
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rungs-groups-cli-'));
  db = join(dir, 'rungs.db');
  const activities = await file(
    'activities.csv',
    [
      'id,kind,login,date,repo,title',
      't1,talk_given,alice,2026-03-01,acme/kube,Kubelet deep dive',
      't2,talk_given,alice,2026-03-02,acme/npd,Node problems',
      't3,talk_given,bob,2026-03-03,acme/website,Docs sprint',
      't4,talk_given,carol,2026-03-04,acme/other,Elsewhere',
    ].join('\n'),
  );
  const imported = await rungs('import', 'activities', activities);
  if (imported.failed !== null) throw imported.failed;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('groups import reads a sigs.yaml, says what it stored, and list shows the groups', async () => {
  const sigs = await file('sigs.yaml', SIGS_YAML);
  const imported = await rungs('groups', 'import', sigs);
  expect(imported.failed).toBeNull();
  expect(imported.out).toContain(
    'Kubernetes sigs.yaml format: 6 groups (2 sig, 3 subproject, 1 wg), 3 repositories, 1 directory',
  );
  const list = await rungs('groups', 'list');
  expect(list.out.split('\n')[0]).toMatch(/^id\s+kind\s+parent\s+name\s+repos\s+dirs\s+repositories$/);
  expect(list.out).toMatch(/kubelet\s+subproject\s+sig-node\s+kubelet\s+1\s+1\s+acme\/kube/);
  const json = JSON.parse((await rungs('groups', 'list', '--format', 'json')).out) as { id: string }[];
  expect(json.map((group) => group.id)).toEqual([
    'sig-node',
    'kubelet',
    'node-problem-detector',
    'sig-docs',
    'website',
    'wg-batch',
  ]);
});

test('a groups file with problems prints each one located, fails and stores nothing', async () => {
  await rungs('groups', 'import', await file('sigs.yaml', SIGS_YAML));
  const bad = await file(
    'groups.yaml',
    `groups:
  - id: sig-docs
    name: Docs
    kind: sig
    repo: [acme/website]
  - { id: blog, name: Blog, kind: subproject, parent: sig-doc, repos: [acme] }
`,
  );
  const run = await rungs('groups', 'import', bad);
  expect(run.failed).toBeInstanceOf(InputError);
  expect((run.failed as Error).message).toBe(
    `${bad} has 3 problems; nothing was stored:
${bad}:5:5 groups[0].repo: unknown key "repo"; did you mean "repos"?
${bad}:6:55 groups[1].parent: no group "sig-doc" is declared
${bad}:6:72 groups[1].repos[0]: expected a repository (owner/name) or a directory in one (owner/name/path), got "acme"`,
  );
  expect((await rungs('groups', 'list')).out).toContain('node-problem-detector');
  const missing = await rungs('groups', 'import', join(dir, 'nothing.yaml'));
  expect((missing.failed as Error).message).toMatch(/nothing\.yaml: no such file or directory$/);
  expect(missing.exitCode).toBe(1);
});

test("leaderboard --group ranks the group's repositories only; an unknown group is a clear failure", async () => {
  await rungs('groups', 'import', await file('sigs.yaml', SIGS_YAML));
  const board = await rungs('leaderboard', '--window', 'all', '--group', 'sig-node', '--format', 'json');
  const rows = (JSON.parse(board.out) as { rows: { login: string; points: number }[] }).rows;
  expect(rows.map((row) => row.login)).toEqual(['alice']);
  const docs = await rungs('leaderboard', '--window', 'all', '--group', 'website', '--format', 'json');
  expect((JSON.parse(docs.out) as { rows: { login: string }[] }).rows.map((row) => row.login)).toEqual([
    'bob',
  ]);
  const unknown = await rungs('leaderboard', '--group', 'sig-nothing');
  expect(unknown.failed).toBeInstanceOf(InputError);
  expect((unknown.failed as Error).message).toContain(
    'no group "sig-nothing" is on record; groups: sig-node',
  );
  const both = await rungs('leaderboard', '--group', 'sig-node', '--repo', 'acme/kube');
  expect(both.failed).not.toBeNull();
  expect(both.err).toContain("option '--group <id>' cannot be used with option '--repo <owner/name>'");
});

test('a ladder whose count names a group not on record fails with the line of the name', async () => {
  await rungs('groups', 'import', await file('sigs.yaml', SIGS_YAML));
  const policy = await file(
    'ladder.yaml',
    `name: groups
title: Groups
levels:
  - id: node-contributor
    title: Node contributor
    summary: Talks about the node.
    requires:
      - count: { min: 2, kinds: [talk_given], window: all, groups: [sig-node] }
  - id: docs-contributor
    title: Docs contributor
    summary: Talks about docs.
    after: null
    requires:
      - count: { min: 1, kinds: [talk_given], window: all, groups: [sig-docs, sig-gone] }
`,
  );
  const run = await rungs('status', 'alice', '--policy', policy);
  expect(run.failed).toBeInstanceOf(InputError);
  expect((run.failed as Error).message).toContain(
    `${policy}:14:79 levels[1].requires[0].count.groups[1]: no group "sig-gone" is on record (rungs groups list shows the 6 there are)`,
  );
  // `ladder check` finds it too, against the groups in the database, before anything runs.
  const check = await rungs('ladder', 'check', policy);
  expect(check.failed).toBeInstanceOf(InputError);
  expect((check.failed as Error).message).toContain(
    `${policy}:14:79 levels[1].requires[0].count.groups[1]: no group "sig-gone" is on record`,
  );
  const fixed = await file('fixed.yaml', (await readFile(policy, 'utf8')).replace(', sig-gone', ''));
  expect((await rungs('ladder', 'check', fixed)).out).toBe(
    `${fixed}: ok (Groups: 2 levels)\nthe 2 groups it names are among the 6 on record in SQLite ${db}\n`,
  );
  // With no database yet, the file is checked alone, and says so; none is created.
  const nowhere = join(dir, 'no-such.db');
  const alone = await runRungs(nowhere, NOW, ['ladder', 'check', policy]);
  expect(alone.failed).toBeNull();
  expect(alone.out).toContain(`the 3 groups it names were not checked: no database at SQLite ${nowhere}`);
  expect(existsSync(nowhere)).toBe(false);
  const status = await rungs('status', 'alice', '--policy', fixed, '--format', 'json');
  expect(status.failed).toBeNull();
  const evaluation = JSON.parse(status.out) as { next: { level: string; eligibility: string }[] };
  expect(evaluation.next.map((next) => [next.level, next.eligibility])).toEqual([
    ['node-contributor', 'eligible'],
    ['docs-contributor', 'not_eligible'],
  ]);
});

test('the example groups file shipped in presets imports as it is', async () => {
  const example = new URL('../presets/groups/example-groups.yaml', import.meta.url).pathname;
  const run = await rungs('groups', 'import', example);
  expect(run.failed).toBeNull();
  expect(run.out).toContain('rungs groups format: 5 groups (2 sig, 1 subproject, 1 wg, 1 committee)');
});
