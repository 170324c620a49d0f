import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IngestItem } from '../../app/ingest.ts';
import { InputError } from '../../app/input-error.ts';
import type { ActivityRecord } from '../../core/activity.ts';
import type { GitCommit } from './git-commit.ts';
import { mapGitRecord } from './map-git-commit.ts';
import { type GitHistoryEntry, readGitHistory } from './read-git-history.ts';
import { readGitIngestItems } from './read-git-ingest-items.ts';

interface Signature {
  readonly name: string;
  readonly email: string;
  readonly date: string;
}

const ALICE = { name: 'Alice Liddell', email: 'alice@example.com' };
const BOB = { name: 'Bob', email: '12345+bob@users.noreply.github.com' };
const CAROL = { name: 'Carol', email: 'carol@example.org' };
const DAVE = { name: 'Dave Maintainer', email: 'dave@owner.dev' };
const ERIN = { name: 'Erin', email: 'erin@users.noreply.github.com' };
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };

let root: string;

/** Runs git in `cwd` with no system or user configuration, as a person at a time. */
function git(cwd: string, args: readonly string[], author?: Signature, committer?: Signature): string {
  const who = author ?? { ...DAVE, date: '2024-01-01T00:00:00Z' };
  const by = committer ?? who;
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: root,
        GIT_CONFIG_NOSYSTEM: '1',
        LC_ALL: 'C',
        GIT_AUTHOR_NAME: who.name,
        GIT_AUTHOR_EMAIL: who.email,
        GIT_AUTHOR_DATE: who.date,
        GIT_COMMITTER_NAME: by.name,
        GIT_COMMITTER_EMAIL: by.email,
        GIT_COMMITTER_DATE: by.date,
      },
    },
  ).trim();
}

function commit(cwd: string, subject: string, author: Signature, committer?: Signature): string {
  git(cwd, ['commit', '--quiet', '--allow-empty', '-m', subject], author, committer);
  return git(cwd, ['rev-parse', 'HEAD']);
}

function at<T extends object>(who: T, date: string): T & { date: string } {
  return { ...who, date };
}

async function collect(path: string, since?: string): Promise<GitHistoryEntry[]> {
  const entries: GitHistoryEntry[] = [];
  for await (const entry of readGitHistory(path, { since })) entries.push(entry);
  return entries;
}

function commitsOf(entries: readonly GitHistoryEntry[]): GitCommit[] {
  return entries.flatMap((entry) => (entry.kind === 'commit' ? [entry.commit] : []));
}

function activitiesOf(items: readonly IngestItem[]): ActivityRecord[] {
  return items.flatMap((item) =>
    item.kind === 'record'
      ? item.record.observations.flatMap((observation) =>
          observation.kind === 'activity' ? [observation.activity] : [],
        )
      : [],
  );
}

async function ingestItems(path: string, repo: string, since?: string): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  for await (const item of readGitIngestItems(path, { repo, since })) items.push(item);
  return items;
}

/** A repository shaped like a GitHub project's history: fork merges, own-branch merges, squashes. */
interface Project {
  readonly path: string;
  readonly initial: string;
  readonly feature: string;
  readonly squash: string;
  readonly forkMerge: string;
  readonly docs: string;
  readonly ownMerge: string;
  readonly plainMerge: string;
}
let project: Project;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rungs-git-'));
  const path = join(root, 'project');
  git(root, ['init', '--quiet', path]);
  const initial = commit(path, 'Initial commit', at(ALICE, '2024-01-01T10:00:00+02:00'));

  git(path, ['checkout', '--quiet', '-b', 'feature']);
  const feature = commit(path, 'Add feature', at(BOB, '2024-01-02T09:00:00-05:00'));

  git(path, ['checkout', '--quiet', 'main']);
  const squash = commit(
    path,
    'Fix bug (#34)',
    at(CAROL, '2024-01-02T08:00:00Z'),
    at(GITHUB, '2024-01-03T12:00:00Z'),
  );
  git(
    path,
    ['merge', '--quiet', '--no-ff', '-m', 'Merge pull request #12 from bob/feature', 'feature'],
    at(DAVE, '2024-01-04T15:00:00+01:00'),
    at(GITHUB, '2024-01-04T15:00:00+01:00'),
  );
  const forkMerge = git(path, ['rev-parse', 'HEAD']);

  git(path, ['checkout', '--quiet', '-b', 'docs']);
  const docs = commit(path, 'Improve docs', at(ERIN, '2024-01-05T10:00:00Z'));
  git(path, ['checkout', '--quiet', 'main']);
  commit(path, 'Tidy', at(ALICE, '2024-01-05T11:00:00Z'));
  git(
    path,
    ['merge', '--quiet', '--no-ff', '-m', 'Merge pull request #7 from owner/docs', 'docs'],
    at(DAVE, '2024-01-06T10:00:00Z'),
    at(GITHUB, '2024-01-06T10:30:00Z'),
  );
  const ownMerge = git(path, ['rev-parse', 'HEAD']);

  git(path, ['checkout', '--quiet', '-b', 'side']);
  commit(path, 'Side work', at(CAROL, '2024-01-07T10:00:00Z'));
  git(path, ['checkout', '--quiet', 'main']);
  commit(path, 'Main work', at(ALICE, '2024-01-07T11:00:00Z'));
  git(
    path,
    ['merge', '--quiet', '--no-ff', '-m', "Merge branch 'side'", 'side'],
    at(DAVE, '2024-01-08T10:00:00Z'),
  );
  const plainMerge = git(path, ['rev-parse', 'HEAD']);

  project = { path, initial, feature, squash, forkMerge, docs, ownMerge, plainMerge };
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('readGitHistory', () => {
  test('streams every commit reachable from HEAD, parents before children, pinned to HEAD', async () => {
    const entries = await collect(project.path);
    expect(entries[0]).toEqual({ kind: 'head', sha: project.plainMerge });
    const commits = commitsOf(entries);
    expect(commits).toHaveLength(10);
    const position = new Map(commits.map((c, index) => [c.sha, index]));
    for (const c of commits) {
      for (const parent of c.parents) expect(position.get(parent)).toBeLessThan(position.get(c.sha)!);
    }
    expect(commits.at(-1)?.sha).toBe(project.plainMerge);
  });

  test('reads authors, committers, dates with their offsets and subjects as git recorded them', async () => {
    const commits = commitsOf(await collect(project.path));
    const squash = commits.find((c) => c.sha === project.squash);
    expect(squash).toEqual({
      sha: project.squash,
      parents: [project.initial],
      author: { ...CAROL, date: '2024-01-02T08:00:00+00:00' },
      committer: { ...GITHUB, date: '2024-01-03T12:00:00+00:00' },
      subject: 'Fix bug (#34)',
      secondParentAuthor: null,
    });
    const initial = commits.find((c) => c.sha === project.initial);
    expect(initial?.parents).toEqual([]);
    expect(initial?.author.date).toBe('2024-01-01T10:00:00+02:00');
  });

  test("marks the commits off HEAD's first-parent line, which a merge brought in", async () => {
    const commits = commitsOf(await collect(project.path));
    const offMainLine = commits.filter((c) => c.onMainLine === false).map((c) => c.sha);
    expect(offMainLine).toContain(project.feature);
    expect(offMainLine).toContain(project.docs);
    expect(offMainLine).toHaveLength(3);
    for (const sha of [project.initial, project.squash, project.forkMerge, project.plainMerge])
      expect(commits.find((c) => c.sha === sha)).not.toHaveProperty('onMainLine');
  });

  test("gives each merge its second parent's author", async () => {
    const commits = commitsOf(await collect(project.path));
    expect(commits.find((c) => c.sha === project.forkMerge)?.secondParentAuthor).toEqual(BOB);
    expect(commits.find((c) => c.sha === project.ownMerge)?.secondParentAuthor).toEqual(ERIN);
    expect(commits.find((c) => c.sha === project.ownMerge)?.parents[1]).toBe(project.docs);
  });

  test("asks git for a second parent's author when the parent is older than the range read", async () => {
    const commits = commitsOf(await collect(project.path, project.feature));
    expect(commits.map((c) => c.sha)).not.toContain(project.feature);
    const merge = commits.find((c) => c.sha === project.forkMerge);
    expect(merge?.parents[1]).toBe(project.feature);
    expect(merge?.secondParentAuthor).toEqual(BOB);
  });

  test('reads a bare clone the same as its working repository', async () => {
    const bare = join(root, 'project-bare.git');
    git(root, ['clone', '--quiet', '--bare', project.path, bare]);
    expect(commitsOf(await collect(bare))).toEqual(commitsOf(await collect(project.path)));
  });

  test('reads a repository without commits as an empty history', async () => {
    const empty = join(root, 'empty');
    git(root, ['init', '--quiet', empty]);
    expect(await collect(empty)).toEqual([{ kind: 'head', sha: null }]);
  });

  test('rejects a folder that is not a git repository with a clear input error', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'rungs-not-git-'));
    try {
      const reading = collect(plain);
      await expect(reading).rejects.toBeInstanceOf(InputError);
      await expect(collect(plain)).rejects.toThrow(`not a git repository: ${plain}`);
      await expect(collect(join(plain, 'missing'))).rejects.toThrow(
        `not a git repository: ${join(plain, 'missing')}`,
      );
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe('mailmap and co-author trailers', () => {
  test('.mailmap maps authors, branch authors and co-authors as git does; trailers name the co-authors', async () => {
    const path = join(root, 'mailmapped');
    git(root, ['init', '--quiet', path]);
    writeFileSync(
      join(path, '.mailmap'),
      [
        'Alice Liddell <7+alice@users.noreply.github.com> <alice@example.com>',
        'Carol C <carol@example.org>',
        '',
      ].join('\n'),
    );
    git(path, ['add', '.mailmap'], at(DAVE, '2024-01-01T00:00:00Z'));
    commit(path, 'Add a mailmap', at(DAVE, '2024-01-01T00:00:00Z'));
    git(
      path,
      [
        'commit',
        '--quiet',
        '--allow-empty',
        '-m',
        'Pair on the parser',
        '-m',
        'Co-authored-by: Carol <carol@example.org>\nco-authored-by: Bob <12345+bob@users.noreply.github.com>',
      ],
      at(ALICE, '2024-01-02T00:00:00Z'),
    );
    git(path, ['checkout', '--quiet', '-b', 'topic']);
    commit(path, 'Topic work', at(ALICE, '2024-01-03T00:00:00Z'));
    git(path, ['checkout', '--quiet', 'main']);
    git(
      path,
      ['merge', '--quiet', '--no-ff', '-m', 'Merge pull request #3 from alice/topic', 'topic'],
      at(DAVE, '2024-01-04T00:00:00Z'),
      at(GITHUB, '2024-01-04T00:00:00Z'),
    );
    const commits = commitsOf(await collect(path));
    const aliceMapped = { name: 'Alice Liddell', email: '7+alice@users.noreply.github.com' };
    expect(commits[0]?.author).toEqual({ ...DAVE, date: '2024-01-01T00:00:00+00:00' });
    expect(commits[1]).toMatchObject({
      author: { ...ALICE, mailmap: aliceMapped },
      coAuthors: [
        {
          name: 'Carol',
          email: 'carol@example.org',
          mailmap: { name: 'Carol C', email: 'carol@example.org' },
        },
        { name: 'Bob', email: '12345+bob@users.noreply.github.com' },
      ],
    });
    expect(commits[1]?.coAuthors?.[1]).not.toHaveProperty('mailmap');
    expect(commits[0]).not.toHaveProperty('coAuthors');
    expect(commits[3]?.secondParentAuthor).toEqual({ ...ALICE, mailmap: aliceMapped });
  });
});

describe('incremental git imports', () => {
  test('reads only the commits made since the last imported HEAD', async () => {
    const path = join(root, 'incremental');
    git(root, ['clone', '--quiet', project.path, path]);
    const first = await collect(path);
    const head = first[0]?.kind === 'head' ? first[0].sha : null;
    expect(head).toBe(project.plainMerge);

    const newer = commit(path, 'Newer work', at(ALICE, '2024-02-01T10:00:00Z'));
    const newest = commit(path, 'Newest work (#40)', at(CAROL, '2024-02-02T10:00:00Z'));
    const second = await collect(path, head ?? undefined);
    expect(second[0]).toEqual({ kind: 'head', sha: newest });
    expect(second.some((entry) => entry.kind === 'warning')).toBe(false);
    expect(commitsOf(second).map((c) => c.sha)).toEqual([newer, newest]);

    expect(commitsOf(await collect(path, newest))).toEqual([]);
  });

  test('reads the whole history again, with a warning, when the last HEAD was force-pushed away', async () => {
    const path = join(root, 'rewritten');
    git(root, ['clone', '--quiet', project.path, path]);
    const dropped = commit(path, 'Soon rewritten', at(ALICE, '2024-02-01T10:00:00Z'));
    git(path, ['reset', '--quiet', '--hard', 'HEAD~1']);
    const replacement = commit(path, 'Rewritten', at(ALICE, '2024-02-01T11:00:00Z'));

    const entries = await collect(path, dropped);
    const warning = entries.find((entry) => entry.kind === 'warning');
    expect(warning?.kind === 'warning' && warning.message).toContain(`commit ${dropped}`);
    const shas = commitsOf(entries).map((c) => c.sha);
    expect(shas).toHaveLength(11);
    expect(shas).toContain(project.initial);
    expect(shas.at(-1)).toBe(replacement);

    const unknown = await collect(path, 'f'.repeat(40));
    expect(unknown.some((entry) => entry.kind === 'warning')).toBe(true);
    expect(commitsOf(unknown)).toHaveLength(11);
  });
});

describe('readGitIngestItems', () => {
  test('maps a real history to commits and merged pull requests credited to the right people', async () => {
    const items = await ingestItems(project.path, 'Owner/Project');
    const byKey = new Map(activitiesOf(items).map((activity) => [activity.key, activity]));

    expect(byKey.get(`commit:owner/project@${project.initial}`)).toMatchObject({
      kind: 'commit',
      actor: { email: ALICE.email, name: ALICE.name },
      occurredAt: '2024-01-01T08:00:00Z',
      repo: 'owner/project',
    });
    expect(byKey.get(`commit:owner/project@${project.feature}`)).toMatchObject({
      actor: { githubId: 12345, login: 'bob', email: BOB.email, name: 'Bob' },
      occurredAt: '2024-01-02T14:00:00Z',
    });
    expect(byKey.get(`commit:owner/project@${project.squash}`)?.occurredAt).toBe('2024-01-02T08:00:00Z');
    expect(byKey.get('pr_merged:owner/project#34')).toMatchObject({
      actor: { email: CAROL.email },
      occurredAt: '2024-01-03T12:00:00Z',
      itemNumber: 34,
    });
    expect(byKey.get('pr_merged:owner/project#12')).toMatchObject({
      actor: { login: 'bob' },
      occurredAt: '2024-01-04T14:00:00Z',
      itemNumber: 12,
    });
    expect(byKey.get('pr_merged:owner/project#7')).toMatchObject({
      actor: { login: 'erin', email: ERIN.email, name: 'Erin' },
      occurredAt: '2024-01-06T10:30:00Z',
    });
    expect([...byKey.keys()].filter((key) => key.startsWith('commit:'))).toHaveLength(7);
    expect([...byKey.keys()].filter((key) => key.startsWith('pr_merged:'))).toHaveLength(3);

    expect(items.find((item) => item.kind === 'ignored')).toEqual({
      kind: 'ignored',
      location: `owner/project@${project.plainMerge}`,
      reason: 'a merge commit that does not merge a pull request',
    });
  });

  test('stores records that map again to the same observations without the repository', async () => {
    const items = await ingestItems(project.path, 'owner/project');
    const records = items.flatMap((item) => (item.kind === 'record' ? [item.record] : []));
    expect(records).toHaveLength(9);
    for (const record of records) {
      expect(record.source).toBe('git');
      expect(record.key).toMatch(/^owner\/project@[0-9a-f]{40}$/);
      const stored: unknown = JSON.parse(JSON.stringify(record.payload));
      expect(mapGitRecord(stored)).toEqual({ kind: 'mapped', observations: record.observations });
    }
  });

  test('reports the HEAD the import is pinned to, for the next cursor', async () => {
    const heads: (string | null)[] = [];
    for await (const _ of readGitIngestItems(project.path, {
      repo: 'owner/project',
      onHead: (sha) => heads.push(sha),
    })) {
      // drain
    }
    expect(heads).toEqual([project.plainMerge]);
  });
});
