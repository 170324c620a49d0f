import {
  buildGhArchiveEvent,
  type DemoAccount,
  type DemoAct,
  type DemoIssue,
  type DemoPullRequest,
  type DemoRepo,
} from './build-gh-archive-event.ts';
import type { GhArchiveEvent, GhArchiveShape } from './gh-archive-event.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

/** Options of {@link generateBenchEvents}. */
export interface BenchEventOptions {
  readonly events: number;
  readonly seed: number;
  /** The organization whose events an org-filtered import keeps. */
  readonly org: string;
  /** Share of events in `org`; default 0.02. */
  readonly orgShare?: number;
  /** Share of events in the trimmed shape GitHub has sent since 2025-10-07; default 0.6. */
  readonly trimmedShare?: number;
  /** The hour the events are spread over, `YYYY-MM-DDTHH:00:00Z`; default 2025-06-01T12:00:00Z. */
  readonly hour?: string;
}

/** Event types and their share of a GH Archive hour, roughly as in 2024-2025 files. */
const TYPE_WEIGHTS = {
  PushEvent: 0.55,
  CreateEvent: 0.1,
  WatchEvent: 0.07,
  PullRequestEvent: 0.07,
  IssueCommentEvent: 0.06,
  DeleteEvent: 0.04,
  IssuesEvent: 0.04,
  PullRequestReviewEvent: 0.035,
  PullRequestReviewCommentEvent: 0.025,
  ForkEvent: 0.02,
} as const;
type BenchType = keyof typeof TYPE_WEIGHTS;
const TYPES = Object.keys(TYPE_WEIGHTS) as BenchType[];
const WEIGHTS = TYPES.map((t) => TYPE_WEIGHTS[t]);

const WORDS = [
  'alpha',
  'nova',
  'kube',
  'data',
  'flow',
  'mesh',
  'lens',
  'spark',
  'forge',
  'pilot',
  'orbit',
  'grid',
  'pulse',
  'vault',
  'stack',
  'relay',
  'prism',
  'atlas',
  'ember',
  'quill',
  'drift',
  'harbor',
  'ridge',
];
const LANGUAGES = ['Go', 'TypeScript', 'Python', 'Rust', 'Java', 'C++', 'JavaScript', 'Ruby'];
const LABELS = [
  'bug',
  'kind/bug',
  'enhancement',
  'kind/feature',
  'documentation',
  'help wanted',
  'good first issue',
];

interface BenchWorld {
  readonly people: readonly DemoAccount[];
  readonly repos: readonly DemoRepo[];
  readonly orgPeople: readonly DemoAccount[];
  readonly orgRepos: readonly DemoRepo[];
}

function account(r: SeededRandom, index: number, type: DemoAccount['type']): DemoAccount {
  const login = `${r.pick(WORDS)}${type === 'Organization' ? '-org' : ''}-${index.toString(36)}`;
  const id = 1_000_000 + index * 97 + r.int(0, 96);
  return {
    login,
    id,
    type,
    name: login,
    email: `${id}+${login}@users.noreply.github.com`,
    association: r.chance(0.5) ? 'CONTRIBUTOR' : 'NONE',
  };
}

function repoOf(r: SeededRandom, owner: DemoAccount, index: number): DemoRepo {
  const name = `${r.pick(WORDS)}-${r.pick(WORDS)}-${index.toString(36)}`;
  return {
    id: 100_000_000 + index * 13 + r.int(0, 12),
    owner,
    fullName: `${owner.login}/${name}`,
    name,
    description: `The ${name} project`,
    language: r.pick(LANGUAGES),
    createdAt: '2021-03-04T05:06:07Z',
    defaultBranch: 'main',
    fork: false,
    topics: [],
  };
}

function createWorld(r: SeededRandom, org: string): BenchWorld {
  const people = Array.from({ length: 20_000 }, (_, i) => account(r, i, 'User'));
  const owners = Array.from({ length: 2_000 }, (_, i) =>
    i % 5 < 2 ? account(r, 50_000 + i, 'Organization') : (people[i * 7] as DemoAccount),
  );
  const repos = Array.from({ length: 5_000 }, (_, i) =>
    repoOf(r, owners[i % owners.length] as DemoAccount, i),
  );
  const orgAccount: DemoAccount = {
    login: org,
    id: 999_000_001,
    type: 'Organization',
    name: org,
    email: `${org}@example.org`,
    association: 'NONE',
  };
  const orgRepos = Array.from({ length: 12 }, (_, i) => repoOf(r, orgAccount, 90_000 + i));
  const orgPeople = Array.from({ length: 400 }, (_, i) => ({
    ...(people[(i * 37) % people.length] as DemoAccount),
    association: (i < 10 ? 'MEMBER' : 'CONTRIBUTOR') as DemoAccount['association'],
  }));
  return { people, repos, orgPeople, orgRepos };
}

function isoAt(sec: number): string {
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}Z`;
}

function randomIssue(r: SeededRandom, repo: DemoRepo, author: DemoAccount, at: string): DemoIssue {
  const closed = r.chance(0.4);
  return {
    kind: 'issue',
    repo,
    number: r.int(1, 6000),
    id: r.int(1_000_000_000, 3_000_000_000),
    title: `${r.pick(WORDS)} ${r.pick(WORDS)} fails on startup`,
    body: `Steps to reproduce: run ${r.pick(WORDS)} with the default config.`,
    author,
    createdAt: at,
    labels: r.chance(0.6) ? [r.pick(LABELS)] : [],
    state: closed ? 'closed' : 'open',
    stateReason: closed ? r.pick(['completed', 'completed', 'not_planned', 'duplicate'] as const) : null,
    updatedAt: at,
    closedAt: closed ? at : null,
    comments: r.int(0, 12),
  };
}

function randomPullRequest(
  r: SeededRandom,
  repo: DemoRepo,
  author: DemoAccount,
  at: string,
  outcome: 'open' | 'merged' | 'closed',
  merger: DemoAccount,
): DemoPullRequest {
  const additions = r.int(1, 800);
  return {
    kind: 'pr',
    repo,
    number: r.int(1, 6000),
    id: r.int(1_000_000_000, 3_000_000_000),
    issueId: r.int(1_000_000_000, 3_000_000_000),
    title: `Fix ${r.pick(WORDS)} handling in ${r.pick(WORDS)}`,
    body: `This fixes the ${r.pick(WORDS)} path and adds tests.`,
    author,
    createdAt: at,
    headRepo: repo,
    headRef: `fix-${r.pick(WORDS)}`,
    labels: r.chance(0.3) ? [r.pick(LABELS)] : [],
    headSha: r.hex(40),
    baseSha: r.hex(40),
    state: outcome === 'open' ? 'open' : 'closed',
    updatedAt: at,
    closedAt: outcome === 'open' ? null : at,
    merged: outcome === 'merged',
    mergedAt: outcome === 'merged' ? at : null,
    mergedBy: outcome === 'merged' ? merger : null,
    mergeCommitSha: outcome === 'merged' ? r.hex(40) : null,
    comments: r.int(0, 8),
    reviewComments: r.int(0, 8),
    commits: r.int(1, 6),
    additions,
    deletions: r.int(0, additions),
    changedFiles: r.int(1, 20),
  };
}

function randomAct(
  r: SeededRandom,
  type: BenchType,
  repo: DemoRepo,
  actor: DemoAccount,
  other: DemoAccount,
  at: string,
): DemoAct {
  switch (type) {
    case 'PushEvent': {
      const size = Math.min(20, 1 + Math.floor(r.exponential(0.8)));
      const commits = Array.from({ length: size }, () => ({
        sha: r.hex(40),
        author: r.chance(0.85) ? actor : other,
        message: `${r.pick(['Fix', 'Add', 'Update', 'Remove'])} ${r.pick(WORDS)} ${r.pick(WORDS)}`,
      }));
      return {
        kind: 'push',
        push: {
          pushId: r.int(10_000_000_000, 30_000_000_000),
          ref: `refs/heads/${r.chance(0.6) ? 'main' : `feature-${r.pick(WORDS)}`}`,
          before: r.hex(40),
          head: commits[commits.length - 1]?.sha ?? r.hex(40),
          commits,
        },
      };
    }
    case 'CreateEvent':
      return { kind: 'branch_created', ref: `feature-${r.pick(WORDS)}-${r.int(1, 999)}` };
    case 'DeleteEvent':
      return { kind: 'branch_deleted', ref: `feature-${r.pick(WORDS)}-${r.int(1, 999)}` };
    case 'WatchEvent':
      return { kind: 'starred' };
    case 'ForkEvent':
      return {
        kind: 'forked',
        fork: {
          ...repo,
          id: r.int(200_000_000, 900_000_000),
          owner: actor,
          fullName: `${actor.login}/${repo.name}`,
          fork: true,
        },
      };
    case 'IssuesEvent': {
      const issue = randomIssue(r, repo, r.chance(0.7) ? actor : other, at);
      const roll = r.next();
      if (roll < 0.5)
        return {
          kind: 'issue_opened',
          issue: { ...issue, state: 'open', stateReason: null, closedAt: null },
        };
      if (roll < 0.85)
        return {
          kind: 'issue_closed',
          issue: { ...issue, state: 'closed', stateReason: issue.stateReason ?? 'completed', closedAt: at },
        };
      if (roll < 0.95) return { kind: 'issue_labeled', issue, label: r.pick(LABELS) };
      return {
        kind: 'issue_reopened',
        issue: { ...issue, state: 'open', stateReason: 'reopened', closedAt: null },
      };
    }
    case 'IssueCommentEvent': {
      const item = r.chance(0.4)
        ? randomPullRequest(r, repo, other, at, 'open', other)
        : randomIssue(r, repo, other, at);
      return {
        kind: 'issue_comment',
        item,
        comment: { id: r.int(1_000_000_000, 3_000_000_000), body: `Thanks, ${r.pick(WORDS)} works now.` },
      };
    }
    case 'PullRequestEvent': {
      const roll = r.next();
      if (roll < 0.45) return { kind: 'pr_opened', pr: randomPullRequest(r, repo, actor, at, 'open', other) };
      if (roll < 0.8)
        return { kind: 'pr_merged', pr: randomPullRequest(r, repo, other, at, 'merged', actor) };
      if (roll < 0.95)
        return { kind: 'pr_closed', pr: randomPullRequest(r, repo, other, at, 'closed', actor) };
      return { kind: 'pr_reopened', pr: randomPullRequest(r, repo, actor, at, 'open', other) };
    }
    case 'PullRequestReviewEvent': {
      const pr = randomPullRequest(r, repo, other, at, 'open', actor);
      const state = r.pick(['approved', 'approved', 'commented', 'changes_requested'] as const);
      return {
        kind: 'pr_reviewed',
        pr,
        review: { id: r.int(1_000_000_000, 3_000_000_000), state, body: '', commitId: pr.headSha },
      };
    }
    case 'PullRequestReviewCommentEvent': {
      const pr = randomPullRequest(r, repo, other, at, 'open', actor);
      return {
        kind: 'review_comment',
        pr,
        comment: {
          id: r.int(1_000_000_000, 3_000_000_000),
          reviewId: r.int(1_000_000_000, 3_000_000_000),
          body: 'Could this be simpler?',
          path: `src/${r.pick(WORDS)}.go`,
          line: r.int(1, 500),
          commitId: pr.headSha,
        },
      };
    }
  }
}

/**
 * Yields `events` GH Archive events spread evenly over one hour, as a benchmark input: many owners
 * and repositories, of which `orgShare` of the events belong to `org`, in a mix of the full and
 * trimmed payload shapes. Items are random and unrelated to each other; only the shapes, sizes and
 * type mix are meant to be realistic (about 2 KB per event on average). Deterministic for a seed.
 */
export function* generateBenchEvents(options: BenchEventOptions): Generator<GhArchiveEvent> {
  const r = createSeededRandom(options.seed);
  const world = createWorld(r, options.org);
  const orgShare = options.orgShare ?? 0.02;
  const trimmedShare = options.trimmedShare ?? 0.6;
  const hourStart = Date.parse(options.hour ?? '2025-06-01T12:00:00Z') / 1000;
  if (!Number.isFinite(hourStart)) throw new RangeError(`hour must be an ISO time, got "${options.hour}"`);
  for (let i = 0; i < options.events; i++) {
    const at = isoAt(hourStart + Math.floor((i * 3600) / options.events));
    const inOrg = r.chance(orgShare);
    const repo = r.pick(inOrg ? world.orgRepos : world.repos);
    const people = inOrg ? world.orgPeople : world.people;
    const actor = r.pick(people);
    const other = r.pick(people);
    const type = TYPES[r.weightedIndex(WEIGHTS)] as BenchType;
    const shape: GhArchiveShape = r.chance(trimmedShare) ? 'trimmed' : 'full';
    yield buildGhArchiveEvent(randomAct(r, type, repo, actor, other, at), {
      eventId: String(45_000_000_000 + i),
      at,
      actor,
      repo,
      shape,
    });
  }
}
