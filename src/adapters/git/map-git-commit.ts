import { z } from 'zod';
import type { IngestItem } from '../../app/ingest.ts';
import type { ActivityRecord, ActorRef } from '../../core/activity.ts';
import type { ItemSnapshot } from '../../core/item.ts';
import type { MapResult, Observation } from '../../core/source-record.ts';
import { parseUtcTime } from '../../core/time/parse-utc-time.ts';
import { type GitCommit, type GitIdentity, gitCommitSchema } from './git-commit.ts';

/** What a stored git record keeps, so it can be mapped again without the repository. */
export interface GitRecordPayload {
  /** Lower-cased `owner/name`. */
  readonly repo: string;
  readonly commit: GitCommit;
}

/** GitHub's default merge commit subject; OWNER is the login or organisation the branch lives in. */
const MERGE_PULL_REQUEST = /^Merge pull request #(\d+) from ([^/\s]+)\//;
/** GitHub's squash merge subject (and its "pull request title" merge subject): `Title (#N)`. */
const PULL_REQUEST_SUFFIX = /\(#(\d+)\)\s*$/;
/** `12345+login@users.noreply.github.com` (since 2017) or `login@users.noreply.github.com`. */
const NOREPLY_EMAIL = /^(?:(\d+)\+)?([^@\s]+)@users\.noreply\.github\.com$/i;
const GITHUB_LOGIN = /^[a-z0-9][a-z0-9-]*(\[bot\])?$/i;
/** The committer GitHub uses for merges and squashes made on github.com (`web-flow`). */
const GITHUB_COMMITTER_EMAIL = 'noreply@github.com';
const REPO = /^[^/\s]+\/[^/\s]+$/;

const payloadSchema = z.object({ repo: z.string().regex(REPO), commit: gitCommitSchema });

/**
 * Maps one commit of `repo` (`owner/name`) to activities. A non-merge commit is a `commit` of its
 * author at the author date; if its subject ends in `(#N)` and it is on HEAD's first-parent line
 * (a squash merge) it is also the `pr_merged` of PR N by the same author at the committer date. A merge whose subject is
 * `Merge pull request #N from OWNER/BRANCH` is the `pr_merged` of PR N at the committer date,
 * credited to OWNER when OWNER is not the repository's owner, else to the second parent's author;
 * a merge made by GitHub with a `Title (#N)` subject is credited to the second parent's author
 * too. Other merges map to nothing. Identities are taken as the repository's `.mailmap` maps
 * them; each `Co-authored-by:` trailer credits its co-author with the commit too. Pure; keys match the GitHub sources so each act counts once.
 */
export function mapGitCommit(commit: GitCommit, repo: string): MapResult {
  const repoName = repo.toLowerCase();
  const isMerge = commit.parents.length >= 2;
  return isMerge ? mapMerge(commit, repoName) : mapNonMerge(commit, repoName);
}

/** Maps a stored {@link GitRecordPayload} again (for a rebuild); throws when it does not have that shape. */
export function mapGitRecord(payload: unknown): MapResult {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `not a git commit record: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad shape'}`,
    );
  }
  return mapGitCommit(parsed.data.commit, parsed.data.repo);
}

/**
 * Turns one commit into what ingestion stores: a `git` source record keyed `{repo}@{sha}` whose
 * payload is a {@link GitRecordPayload}, or the reason the commit maps to nothing.
 */
export function toGitIngestItem(commit: GitCommit, repo: string): IngestItem {
  const repoName = repo.toLowerCase();
  const key = `${repoName}@${commit.sha}`;
  const result = mapGitCommit(commit, repoName);
  if (result.kind === 'ignored') return { kind: 'ignored', location: key, reason: result.reason };
  const firstActivity = result.observations.find((observation) => observation.kind === 'activity');
  const payload: GitRecordPayload = { repo: repoName, commit };
  return {
    kind: 'record',
    record: {
      source: 'git',
      key,
      occurredAt: firstActivity?.activity.occurredAt ?? toUtc(commit.committer.date) ?? '',
      payload,
      observations: result.observations,
    },
  };
}

/**
 * Who a git identity is: the email and name (as the repository's `.mailmap` maps them, when it
 * does), plus the GitHub id and login a noreply address carries. Null when git recorded neither a
 * name nor an email.
 */
export function toGitActor(identity: GitIdentity): ActorRef | null {
  const shown = identity.mailmap ?? identity;
  const email = shown.email.trim();
  const name = shown.name.trim();
  if (email === '' && name === '') return null;
  const noreply = NOREPLY_EMAIL.exec(email);
  const login = noreply?.[2];
  const githubLogin = login !== undefined && GITHUB_LOGIN.test(login) ? login : undefined;
  return {
    ...(noreply?.[1] && githubLogin ? { githubId: Number(noreply[1]) } : {}),
    ...(githubLogin ? { login: githubLogin } : {}),
    ...(githubLogin?.endsWith('[bot]') ? { isBot: true } : {}),
    ...(email !== '' ? { email } : {}),
    ...(name !== '' ? { name } : {}),
  };
}

/**
 * The opener of a pull request merged from `login/branch` of a fork, with the email and name of
 * the branch's last author: that author is the opener but in rare cases (a maintainer pushing to a
 * contributor's branch), so their email is linked to the login, unless it names another account
 * (a noreply address of another login) or is GitHub's own. The store never lets such a link join
 * two accounts: only an email nobody's account holds yet follows it.
 */
function toForkOwner(login: string, branchAuthor: GitIdentity | null): ActorRef {
  const author = branchAuthor === null ? null : toGitActor(branchAuthor);
  if (
    author === null ||
    author.email === undefined ||
    author.email.toLowerCase() === GITHUB_COMMITTER_EMAIL ||
    (author.login !== undefined && author.login.toLowerCase() !== login.toLowerCase())
  ) {
    return { login };
  }
  return {
    ...(author.githubId !== undefined ? { githubId: author.githubId } : {}),
    login,
    email: author.email,
    ...(author.name !== undefined ? { name: author.name } : {}),
  };
}

/**
 * One `commit` act per distinct co-author a `Co-authored-by:` trailer names, other than the author:
 * each is credited with the commit, at the author date, keyed by the commit and the co-author's
 * place among the trailers (no email in a key, which is public).
 */
function toCoAuthorCommits(
  commit: GitCommit,
  repo: string,
  author: ActorRef,
  authoredAt: string,
): Observation[] {
  const seen = new Set<string>([(author.email ?? '').toLowerCase()]);
  const observations: Observation[] = [];
  (commit.coAuthors ?? []).forEach((coAuthor, index) => {
    const actor = toGitActor(coAuthor);
    const email = actor?.email?.toLowerCase();
    if (actor === null || email === undefined || seen.has(email)) return;
    seen.add(email);
    observations.push({
      kind: 'activity',
      activity: {
        key: `commit:${repo}@${commit.sha}#co-author-${index + 1}`,
        kind: 'commit',
        actor,
        occurredAt: authoredAt,
        repo,
        itemNumber: null,
        url: `https://github.com/${repo}/commit/${commit.sha}`,
        details: { coAuthored: true },
      },
    });
  });
  return observations;
}

function mapNonMerge(commit: GitCommit, repo: string): MapResult {
  const actor = toGitActor(commit.author);
  if (!actor) return { kind: 'ignored', reason: 'a commit without an author name or email' };
  const authoredAt = toUtc(commit.author.date);
  if (!authoredAt) return { kind: 'ignored', reason: 'a commit whose author date cannot be read' };

  const observations: Observation[] = [
    { kind: 'actor', actor },
    {
      kind: 'activity',
      activity: {
        key: `commit:${repo}@${commit.sha}`,
        kind: 'commit',
        actor,
        occurredAt: authoredAt,
        repo,
        itemNumber: null,
        url: `https://github.com/${repo}/commit/${commit.sha}`,
        details: {},
      },
    },
    ...toCoAuthorCommits(commit, repo, actor, authoredAt),
  ];

  // A branch's commit that a merge brought in is not a squash merge, whatever `(#N)` it names.
  const number =
    commit.onMainLine === false ? null : toPullNumber(PULL_REQUEST_SUFFIX.exec(commit.subject)?.[1]);
  const mergedAt = toUtc(commit.committer.date);
  if (number !== null && mergedAt) {
    observations.push({
      kind: 'activity',
      activity: toPullMerged(repo, number, actor, mergedAt, commit.sha),
    });
    // `(#N)` in a hand-written subject may name an issue; only GitHub's own squash proves N is a PR.
    if (isMadeByGitHub(commit)) {
      observations.push({ kind: 'item', item: toMergedSnapshot(repo, number, mergedAt) });
    }
  }
  return { kind: 'mapped', observations };
}

function mapMerge(commit: GitCommit, repo: string): MapResult {
  const pull = MERGE_PULL_REQUEST.exec(commit.subject);
  const titled = isMadeByGitHub(commit) ? PULL_REQUEST_SUFFIX.exec(commit.subject) : null;
  const number = toPullNumber(pull?.[1] ?? titled?.[1]);
  if (number === null) {
    return { kind: 'ignored', reason: 'a merge commit that does not merge a pull request' };
  }
  const mergedAt = toUtc(commit.committer.date);
  if (!mergedAt) {
    return { kind: 'ignored', reason: 'a pull request merge whose committer date cannot be read' };
  }

  const branchOwner = pull?.[2];
  const repoOwner = repo.slice(0, repo.indexOf('/'));
  let actor: ActorRef | null;
  if (
    branchOwner !== undefined &&
    branchOwner.toLowerCase() !== repoOwner &&
    GITHUB_LOGIN.test(branchOwner)
  ) {
    // A branch in someone's fork: the fork's owner opened the pull request.
    actor = toForkOwner(branchOwner, commit.secondParentAuthor);
  } else {
    // A branch in the repository itself: whoever wrote its last commit is the best guess.
    actor = commit.secondParentAuthor ? toGitActor(commit.secondParentAuthor) : null;
  }
  if (!actor) {
    return {
      kind: 'ignored',
      reason:
        'a pull request merge whose branch author is unknown (the second parent is not in the repository)',
    };
  }
  return {
    kind: 'mapped',
    observations: [
      { kind: 'actor', actor },
      { kind: 'activity', activity: toPullMerged(repo, number, actor, mergedAt, commit.sha) },
      { kind: 'item', item: toMergedSnapshot(repo, number, mergedAt) },
    ],
  };
}

function toPullMerged(
  repo: string,
  number: number,
  actor: ActorRef,
  mergedAt: string,
  sha: string,
): ActivityRecord {
  return {
    key: `pr_merged:${repo}#${number}`,
    kind: 'pr_merged',
    actor,
    occurredAt: mergedAt,
    repo,
    itemNumber: number,
    url: `https://github.com/${repo}/pull/${number}`,
    details: { mergeCommit: sha },
  };
}

/**
 * What a merge proves about the PR at the moment it was merged: merged and closed then (GitHub
 * cannot reopen a merged PR, so no later snapshot can contradict it). Observed at the merge, so a
 * newer snapshot from another source wins; author, title and labels are not known here.
 */
function toMergedSnapshot(repo: string, number: number, mergedAt: string): ItemSnapshot {
  return {
    repo,
    number,
    type: 'pr',
    observedAt: mergedAt,
    state: 'closed',
    closedAt: mergedAt,
    mergedAt,
    url: `https://github.com/${repo}/pull/${number}`,
  };
}

function isMadeByGitHub(commit: GitCommit): boolean {
  return commit.committer.email.toLowerCase() === GITHUB_COMMITTER_EMAIL;
}

function toPullNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const number = Number(text);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

/** `2024-05-01T12:00:00+02:00` -> `2024-05-01T10:00:00Z`; null when the time is unreadable or out of range. */
function toUtc(time: string): string | null {
  const parsed = parseUtcTime(time);
  return parsed.kind === 'time' ? parsed.second : null;
}
