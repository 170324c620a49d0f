import { describe, expect, test } from 'vitest';
import type { Observation } from '../../core/source-record.ts';
import type { GitCommit } from './git-commit.ts';
import { mapGitCommit, mapGitRecord, toGitActor, toGitIngestItem } from './map-git-commit.ts';

const SHA = 'a'.repeat(40);
const PARENT = 'b'.repeat(40);
const BRANCH_TIP = 'c'.repeat(40);
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };

function aCommit(overrides: Partial<GitCommit> = {}): GitCommit {
  return {
    sha: SHA,
    parents: [PARENT],
    author: { name: 'Alice', email: 'alice@example.com', date: '2024-03-10T23:30:00-05:00' },
    committer: { name: 'Alice', email: 'alice@example.com', date: '2024-03-11T08:00:00+01:00' },
    subject: 'Improve parsing',
    secondParentAuthor: null,
    ...overrides,
  };
}

function aMerge(subject: string, overrides: Partial<GitCommit> = {}): GitCommit {
  return aCommit({
    parents: [PARENT, BRANCH_TIP],
    subject,
    author: { name: 'Dave', email: 'dave@example.com', date: '2024-04-01T10:00:00Z' },
    committer: { ...GITHUB, date: '2024-04-01T10:05:00Z' },
    secondParentAuthor: { name: 'Erin', email: 'erin@example.com' },
    ...overrides,
  });
}

function observationsOf(commit: GitCommit, repo = 'owner/project'): readonly Observation[] {
  const result = mapGitCommit(commit, repo);
  if (result.kind !== 'mapped') throw new Error(`expected a mapping, got: ${result.reason}`);
  return result.observations;
}

function kindsOf(observations: readonly Observation[]): string[] {
  return observations.map((o) => (o.kind === 'activity' ? `activity:${o.activity.kind}` : o.kind));
}

describe('toGitActor', () => {
  test('reads the GitHub id and login from a numbered noreply address', () => {
    expect(toGitActor({ name: 'Bob', email: '12345+bob-smith@users.noreply.github.com' })).toEqual({
      githubId: 12345,
      login: 'bob-smith',
      email: '12345+bob-smith@users.noreply.github.com',
      name: 'Bob',
    });
  });

  test('reads the login from an old-style noreply address', () => {
    expect(toGitActor({ name: 'Bob', email: 'bob@users.noreply.github.com' })).toEqual({
      login: 'bob',
      email: 'bob@users.noreply.github.com',
      name: 'Bob',
    });
  });

  test('marks a bot noreply address as a bot', () => {
    expect(
      toGitActor({ name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' }),
    ).toEqual({
      githubId: 49699333,
      login: 'dependabot[bot]',
      isBot: true,
      email: '49699333+dependabot[bot]@users.noreply.github.com',
      name: 'dependabot[bot]',
    });
  });

  test('keeps an ordinary address and name without inventing a login', () => {
    expect(toGitActor({ name: ' Alice ', email: 'alice@example.com' })).toEqual({
      email: 'alice@example.com',
      name: 'Alice',
    });
  });

  test("takes the identity the repository's .mailmap maps the recorded one to", () => {
    expect(
      toGitActor({
        name: 'bob',
        email: 'bob@corp.example',
        mailmap: { name: 'Bob Smith', email: '12345+bob-smith@users.noreply.github.com' },
      }),
    ).toEqual({
      githubId: 12345,
      login: 'bob-smith',
      email: '12345+bob-smith@users.noreply.github.com',
      name: 'Bob Smith',
    });
  });

  test('knows nobody when git recorded neither a name nor an email', () => {
    expect(toGitActor({ name: '', email: '' })).toBeNull();
  });
});

describe('mapGitCommit', () => {
  test('credits an ordinary commit to its author at the author date in UTC', () => {
    expect(observationsOf(aCommit(), 'Owner/Project')).toEqual([
      { kind: 'actor', actor: { email: 'alice@example.com', name: 'Alice' } },
      {
        kind: 'activity',
        activity: {
          key: `commit:owner/project@${SHA}`,
          kind: 'commit',
          actor: { email: 'alice@example.com', name: 'Alice' },
          occurredAt: '2024-03-11T04:30:00Z',
          repo: 'owner/project',
          itemNumber: null,
          url: `https://github.com/owner/project/commit/${SHA}`,
          details: {},
        },
      },
    ]);
  });

  test('counts a squash-merged commit as its commit and as the merge of its pull request', () => {
    const observations = observationsOf(
      aCommit({
        subject: 'Fix crash on empty input (#34)',
        committer: { ...GITHUB, date: '2024-03-12T09:00:00Z' },
      }),
    );
    expect(kindsOf(observations)).toEqual(['actor', 'activity:commit', 'activity:pr_merged', 'item']);
    expect(observations[2]).toEqual({
      kind: 'activity',
      activity: {
        key: 'pr_merged:owner/project#34',
        kind: 'pr_merged',
        actor: { email: 'alice@example.com', name: 'Alice' },
        occurredAt: '2024-03-12T09:00:00Z',
        repo: 'owner/project',
        itemNumber: 34,
        url: 'https://github.com/owner/project/pull/34',
        details: { mergeCommit: SHA },
      },
    });
    expect(observations[3]).toEqual({
      kind: 'item',
      item: {
        repo: 'owner/project',
        number: 34,
        type: 'pr',
        observedAt: '2024-03-12T09:00:00Z',
        state: 'closed',
        closedAt: '2024-03-12T09:00:00Z',
        mergedAt: '2024-03-12T09:00:00Z',
        url: 'https://github.com/owner/project/pull/34',
      },
    });
  });

  test("does not take a branch's commit that a merge brought in for a squash merge, whatever (#N) it names", () => {
    const observations = observationsOf(
      aCommit({
        subject: 'Follow-up to (#99)',
        committer: { ...GITHUB, date: '2024-03-12T09:00:00Z' },
        onMainLine: false,
      }),
    );
    expect(kindsOf(observations)).toEqual(['actor', 'activity:commit']);
  });

  test('does not claim a pull request item for a (#N) subject written by hand, which may name an issue', () => {
    const observations = observationsOf(aCommit({ subject: 'Handle the case from (#88)' }));
    expect(kindsOf(observations)).toEqual(['actor', 'activity:commit', 'activity:pr_merged']);
  });

  test("credits a merge from a fork's branch to the fork's owner at the merge's committer date", () => {
    const observations = observationsOf(aMerge('Merge pull request #12 from bob/feature-x'));
    expect(kindsOf(observations)).toEqual(['actor', 'activity:pr_merged', 'item']);
    expect(observations[1]).toMatchObject({
      activity: {
        key: 'pr_merged:owner/project#12',
        actor: { login: 'bob' },
        occurredAt: '2024-04-01T10:05:00Z',
      },
    });
    expect(observations[2]).toMatchObject({
      item: { number: 12, type: 'pr', mergedAt: '2024-04-01T10:05:00Z' },
    });
  });

  test("links the fork branch's last author to the fork's owner, unless the address names another account", () => {
    expect(observationsOf(aMerge('Merge pull request #12 from bob/x'))[1]).toMatchObject({
      activity: { actor: { login: 'bob', email: 'erin@example.com', name: 'Erin' } },
    });
    const noreplyOfOther = aMerge('Merge pull request #12 from bob/x', {
      secondParentAuthor: { name: 'Erin', email: '7+erin@users.noreply.github.com' },
    });
    expect(observationsOf(noreplyOfOther)[1]).toMatchObject({ activity: { actor: { login: 'bob' } } });
    expect((observationsOf(noreplyOfOther)[1] as { activity: { actor: object } }).activity.actor).toEqual({
      login: 'bob',
    });
    const ownNoreply = aMerge('Merge pull request #12 from Bob/x', {
      secondParentAuthor: { name: 'Bob', email: '9+bob@users.noreply.github.com' },
    });
    expect((observationsOf(ownNoreply)[1] as { activity: { actor: object } }).activity.actor).toEqual({
      githubId: 9,
      login: 'Bob',
      email: '9+bob@users.noreply.github.com',
      name: 'Bob',
    });
  });

  test("credits a merge of the repository's own branch to the second parent's author, whatever the owner's case", () => {
    const observations = observationsOf(aMerge('Merge pull request #7 from OWNER/docs'));
    expect(observations[1]).toMatchObject({
      activity: {
        key: 'pr_merged:owner/project#7',
        actor: { email: 'erin@example.com', name: 'Erin' },
        occurredAt: '2024-04-01T10:05:00Z',
      },
    });
  });

  test("credits a fork's owner even when the branch's commits are not in the repository", () => {
    const observations = observationsOf(
      aMerge('Merge pull request #12 from bob/x', { secondParentAuthor: null }),
    );
    expect(observations[1]).toMatchObject({ activity: { actor: { login: 'bob' } } });
  });

  test('ignores an own-branch merge whose branch author git no longer has, saying why', () => {
    expect(
      mapGitCommit(
        aMerge('Merge pull request #7 from owner/docs', { secondParentAuthor: null }),
        'owner/project',
      ),
    ).toEqual({
      kind: 'ignored',
      reason:
        'a pull request merge whose branch author is unknown (the second parent is not in the repository)',
    });
  });

  test("credits GitHub's titled merge commit `Title (#N)` to the second parent's author", () => {
    const observations = observationsOf(aMerge('Add retries to the sync (#51)'));
    expect(observations[1]).toMatchObject({
      activity: { key: 'pr_merged:owner/project#51', actor: { email: 'erin@example.com' } },
    });
  });

  test('ignores other merges, saying why', () => {
    const reason = 'a merge commit that does not merge a pull request';
    expect(mapGitCommit(aMerge("Merge branch 'main' into feature"), 'owner/project')).toEqual({
      kind: 'ignored',
      reason,
    });
    const localTitled = aMerge('Merge release work (#51)', {
      committer: { name: 'Dave', email: 'dave@example.com', date: '2024-04-01T10:05:00Z' },
    });
    expect(mapGitCommit(localTitled, 'owner/project')).toEqual({ kind: 'ignored', reason });
  });

  test('credits each co-author named by a trailer with the commit, once, and not the author again', () => {
    const observations = observationsOf(
      aCommit({
        coAuthors: [
          { name: 'Gus', email: 'gus@example.com' },
          { name: 'Alice again', email: 'ALICE@example.com' },
          { name: 'Gus twice', email: 'Gus@Example.com' },
          {
            name: 'Hal',
            email: 'hal@corp.example',
            mailmap: { name: 'Hal', email: '5+hal@users.noreply.github.com' },
          },
        ],
      }),
    );
    expect(kindsOf(observations)).toEqual(['actor', 'activity:commit', 'activity:commit', 'activity:commit']);
    expect(observations.slice(2)).toEqual([
      {
        kind: 'activity',
        activity: {
          key: `commit:owner/project@${SHA}#co-author-1`,
          kind: 'commit',
          actor: { email: 'gus@example.com', name: 'Gus' },
          occurredAt: '2024-03-11T04:30:00Z',
          repo: 'owner/project',
          itemNumber: null,
          url: `https://github.com/owner/project/commit/${SHA}`,
          details: { coAuthored: true },
        },
      },
      {
        kind: 'activity',
        activity: expect.objectContaining({
          key: `commit:owner/project@${SHA}#co-author-4`,
          actor: { githubId: 5, login: 'hal', email: '5+hal@users.noreply.github.com', name: 'Hal' },
        }),
      },
    ]);
  });

  test('ignores a commit with no author at all, saying why', () => {
    expect(
      mapGitCommit(aCommit({ author: { name: '', email: '', date: '2024-01-01T00:00:00Z' } }), 'o/p'),
    ).toEqual({
      kind: 'ignored',
      reason: 'a commit without an author name or email',
    });
  });
});

describe('toGitIngestItem and mapGitRecord', () => {
  test('keys the record by lower-cased repository and sha and dates it at its main activity', () => {
    const item = toGitIngestItem(aMerge('Merge pull request #12 from bob/x'), 'Owner/Project');
    expect(item).toMatchObject({
      kind: 'record',
      record: {
        source: 'git',
        key: `owner/project@${SHA}`,
        occurredAt: '2024-04-01T10:05:00Z',
        payload: { repo: 'owner/project' },
      },
    });
  });

  test('reports an unmapped commit as ignored at its key', () => {
    expect(toGitIngestItem(aMerge("Merge branch 'x'"), 'owner/project')).toEqual({
      kind: 'ignored',
      location: `owner/project@${SHA}`,
      reason: 'a merge commit that does not merge a pull request',
    });
  });

  test('maps a stored payload again to the same observations', () => {
    const item = toGitIngestItem(aCommit({ subject: 'Squashed (#3)' }), 'owner/project');
    if (item.kind !== 'record') throw new Error('expected a record');
    expect(mapGitRecord(JSON.parse(JSON.stringify(item.record.payload)))).toEqual({
      kind: 'mapped',
      observations: item.record.observations,
    });
  });

  test('refuses a stored payload that is not a git commit record', () => {
    expect(() => mapGitRecord({ repo: 'owner/project', commit: { sha: 'nope' } })).toThrow(
      /^not a git commit record: commit\.sha: /,
    );
  });
});
