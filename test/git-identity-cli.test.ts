import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webhookExamples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRungs } from './support/run-rungs.ts';

// A git history with every shape that used to split one person over several board rows or show an
// email as a login (issue 12): noreply emails of both forms, merges from `login/branch`, a .mailmap,
// Co-authored-by trailers, an email nobody links, a login whose case changed and an account renamed
// (the same GitHub id under two logins), and an email that only a webhook push links to its login.
// Imported through the CLI; the board is checked against a recount made from the history itself.

const NOW = '2026-06-30T12:00:00Z';
const REPO = 'acme/widgets';

interface Who {
  readonly name: string;
  readonly email: string;
}

const ANA = { name: 'Ana', email: '1001+ana@users.noreply.github.com' };
const BEN = { name: 'Ben', email: 'ben@users.noreply.github.com' };
/** Ana's corporate address, which the .mailmap maps to her noreply one. */
const ANA_CORP = { name: 'ana', email: 'ana@corp.example' };
const CLEO = { name: 'Cleo', email: 'cleo@corp.example' };
/** Dev never uses a noreply address: only the merges from `dev/...` link it to the login. */
const DEV = { name: 'Dev Eloper', email: 'dev@home.example' };
const HANA_OLD = { name: 'Hana', email: '3003+hana-old@users.noreply.github.com' };
const HANA = { name: 'Hana', email: '3003+hana@users.noreply.github.com' };
const GUS = { name: 'Gus', email: 'gus@laptop.example' };
/** Nobody links these: one shares a real login's local part. */
const FINN = { name: 'Finn Unlinked', email: 'finn@elsewhere.example' };
const BEN_OTHER = { name: 'Ben Other', email: 'ben@other.example' };
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };
/** Only a webhook push, which lists a commit's author with the login GitHub matched, links Ivy. */
const IVY = { name: 'Ivy', email: 'ivy@work.example' };

let root: string;
let repoPath: string;
let db: string;
let minute = 0;

/** The next commit time: one minute after the last, so the history has one order. */
function next(): string {
  minute += 1;
  return new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString().replace('.000Z', 'Z');
}

function git(args: readonly string[], author: Who = GITHUB, committer: Who = author): string {
  const date = next();
  return execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd: repoPath,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: root,
      GIT_CONFIG_NOSYSTEM: '1',
      LC_ALL: 'C',
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: date,
    },
  }).trim();
}

function commit(subject: string, author: Who, body?: string): void {
  git(
    ['commit', '--quiet', '--allow-empty', '-m', subject, ...(body === undefined ? [] : ['-m', body])],
    author,
  );
}

/** A pull request from `branchOwner`'s fork (or the repository's own branch), merged by GitHub. */
function mergePullRequest(
  number: number,
  branchOwner: string,
  authors: readonly (Who & { readonly subject?: string })[],
): void {
  const branch = `pr-${number}`;
  git(['checkout', '--quiet', '-b', branch, 'main']);
  for (const author of authors) commit(author.subject ?? `Work for #${number}`, author);
  git(['checkout', '--quiet', 'main']);
  git([
    'merge',
    '--quiet',
    '--no-ff',
    '-m',
    `Merge pull request #${number} from ${branchOwner}/${branch}`,
    branch,
  ]);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rungs-git-identity-'));
  repoPath = join(root, 'widgets');
  db = join(root, 'rungs.db');
  execFileSync('git', ['-c', 'init.defaultBranch=main', 'init', '--quiet', repoPath]);
  writeFileSync(
    join(repoPath, '.mailmap'),
    [
      'Ana <1001+ana@users.noreply.github.com> <ana@corp.example>',
      'Cleo C <2002+cleo@users.noreply.github.com> <cleo@corp.example>',
      '',
    ].join('\n'),
  );
  git(['add', '.mailmap'], ANA);
  commit('Add the mailmap', ANA);
  commit('Old-style noreply work', BEN);
  commit('Corporate work', ANA_CORP);
  commit(
    'Pair on the parser',
    ANA,
    'Co-authored-by: Eve <eve@users.noreply.github.com>\nCo-authored-by: Ana <ana@corp.example>',
  );
  commit('Cleo works on main', CLEO);
  commit('Dev pushes to main directly', DEV);
  commit('Finn works alone', FINN);
  commit('Another Ben works too', BEN_OTHER);
  commit('Hana before the rename', HANA_OLD);
  commit('Ivy works on main', IVY);
  commit('Ivy again', IVY);

  mergePullRequest(1, 'ana', [ANA]);
  mergePullRequest(2, 'dev', [DEV]);
  mergePullRequest(3, 'dev', [DEV, DEV]);
  // A branch commit whose subject names an issue the way a squash names its PR: not a merge.
  mergePullRequest(11, 'ben', [{ ...BEN, subject: 'Follow-up to (#99)' }]);
  mergePullRequest(4, 'Gus', [GUS]);
  mergePullRequest(5, 'hana-old', [HANA_OLD]);
  mergePullRequest(6, 'acme', [CLEO]); // the repository's own branch: credited to its author
  mergePullRequest(7, 'ben', [BEN]);
  commit('Hana after the rename', HANA);
  mergePullRequest(8, 'hana', [HANA]);
  mergePullRequest(9, 'gus', [GUS]);
  mergePullRequest(10, 'Ana', [ANA_CORP]);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** GitHub's example push delivery, made to push Ivy's last commit as her account `ivy-gh`. */
function ivyPush(): string {
  const examples = webhookExamples as readonly {
    name: string;
    examples: readonly Record<string, unknown>[];
  }[];
  const push = structuredClone(
    examples
      .find((definition) => definition.name === 'push')!
      .examples.find((payload) => Array.isArray(payload.commits) && payload.commits.length > 0)!,
  ) as Record<string, unknown> & { commits: Record<string, unknown>[]; repository: Record<string, unknown> };
  const sha = git(['log', '-1', '--format=%H', '--author=ivy@work.example']);
  const ivy = { login: 'ivy-gh', id: 4004, type: 'User' };
  Object.assign(push.repository, { full_name: REPO, name: 'widgets' });
  push.sender = { ...(push.sender as object), ...ivy };
  push.pusher = { name: 'ivy-gh', email: IVY.email };
  push.after = sha;
  push.commits = [{ ...push.commits[0]!, id: sha, distinct: true, author: { ...IVY, username: 'ivy-gh' } }];
  const file = join(root, 'push.json');
  writeFileSync(file, JSON.stringify({ event: 'push', payload: push }));
  return file;
}

interface BoardRow {
  readonly login: string | null;
  readonly handle: string;
  readonly unlinked: boolean;
  readonly name: string | null;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Merged pull requests per login, recounted from the merge commits: a fork's owner from the
 * subject, an own branch's author through the mailmap (`%aE`); the one rename is known here.
 */
function recountMerges(): Map<string, number> {
  const renamed: Record<string, string> = { 'hana-old': 'hana' };
  const counts = new Map<string, number>();
  const merges = git(['log', '--merges', '--format=%s%x00%P']).split('\n');
  for (const line of merges) {
    const [subject, parents] = line.split('\0') as [string, string];
    const owner = /^Merge pull request #\d+ from ([^/]+)\//.exec(subject)?.[1]?.toLowerCase();
    if (owner === undefined) continue;
    let login = owner;
    if (owner === 'acme') {
      const email = git(['log', '-1', '--format=%aE', parents.split(' ')[1]!]);
      login = /^\d+\+([^@]+)@users\.noreply\.github\.com$/.exec(email)![1]!;
    }
    login = renamed[login] ?? login;
    counts.set(login, (counts.get(login) ?? 0) + 1);
  }
  return counts;
}

describe('rungs import git, then the leaderboard', () => {
  let rows: readonly BoardRow[];
  let boardText: string;

  beforeAll(async () => {
    const imported = await runRungs(db, NOW, ['import', 'git', repoPath, '--repo', REPO]);
    expect(imported.failed).toBeNull();
    // After the history: the push links an email the git import could only store as unlinked.
    const pushed = await runRungs(db, NOW, ['import', 'webhooks', ivyPush()]);
    expect(pushed.failed).toBeNull();
    const board = await runRungs(db, NOW, ['leaderboard', '--window', 'all', '--format', 'json']);
    expect(board.failed).toBeNull();
    boardText = board.out;
    rows = (JSON.parse(board.out) as { rows: BoardRow[] }).rows;
  });

  test('shows every login on one row only, whatever its case', () => {
    const logins = rows.flatMap((row) => (row.login === null ? [] : [row.login.toLowerCase()]));
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.filter((login, index) => logins.indexOf(login) !== index)).toEqual([]);
    expect([...logins].sort()).toEqual(['ana', 'ben', 'cleo', 'dev', 'eve', 'gus', 'hana', 'ivy-gh']);
  });

  test('counts merged pull requests per login as the merge commits say', () => {
    const recount = recountMerges();
    expect([...recount.values()].reduce((sum, count) => sum + count, 0)).toBe(11);
    const counted = new Map(
      rows.flatMap((row) =>
        row.login === null ? [] : [[row.login.toLowerCase(), row.counts.pr_merged ?? 0] as const],
      ),
    );
    for (const [login, merges] of recount)
      expect({ login, merges: counted.get(login) }).toEqual({ login, merges });
    expect(rows.filter((row) => row.login === null).map((row) => row.counts.pr_merged)).toEqual([0, 0]);
  });

  test('credits commits through noreply emails, the mailmap, merge subjects, co-author trailers and a push', () => {
    const commits = (login: string) => rows.find((row) => row.login?.toLowerCase() === login)?.counts.commit;
    // Ana: the mailmap commit, her noreply and corporate (mailmapped) commits, PR 1 and PR 10; the
    // trailer naming her own corporate address does not credit her twice.
    expect(commits('ana')).toBe(5);
    expect(commits('eve')).toBe(1);
    // Dev: three commits on fork branches and one on main, all from an address only the merges link.
    expect(commits('dev')).toBe(4);
    expect(commits('cleo')).toBe(2);
    expect(commits('hana')).toBe(4);
    // Ivy: both git commits, the one the push also lists counted once.
    expect(commits('ivy-gh')).toBe(2);
  });

  test('shows a login in the case seen last and a renamed account under its new login', () => {
    expect(rows.map((row) => row.login)).toEqual(expect.arrayContaining(['gus', 'hana', 'Ana']));
  });

  test('shows authors nobody links by name, marked unlinked, with a handle and no email', () => {
    const unlinked = rows.filter((row) => row.unlinked);
    expect(unlinked.map((row) => [row.login, row.name]).sort()).toEqual([
      [null, 'Ben Other'],
      [null, 'Finn Unlinked'],
    ]);
    for (const row of unlinked) expect(row.handle).toMatch(/^person:\d+$/);
    expect(rows.find((row) => row.login === 'ben')?.name).toBe('Ben');
    expect(boardText).not.toMatch(/@[a-z.]*example|noreply/);
  });

  test('names an unlinked author by their handle in the table and on the command line', async () => {
    const finn = rows.find((row) => row.name === 'Finn Unlinked')!;
    const table = await runRungs(db, NOW, ['leaderboard', '--window', 'all']);
    expect(table.out).toContain(`Finn Unlinked (unlinked: ${finn.handle})`);
    expect(table.out).not.toMatch(/\bfinn\b/);
    const person = await runRungs(db, NOW, ['person', finn.handle, '--window', 'all']);
    expect(person.failed).toBeNull();
    expect(person.out.split('\n')[0]).toMatch(/^Finn Unlinked \(unlinked: person:\d+\): /);
  });
});
