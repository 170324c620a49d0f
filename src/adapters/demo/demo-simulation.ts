import type { DemoAccount, DemoAct, DemoIssue, DemoRepo } from './build-gh-archive-event.ts';
import type { SeededRandom } from './seeded-random.ts';
import { createTimeOrderedQueue, type TimeOrderedQueue } from './time-ordered-queue.ts';

/**
 * The running state of one pass over a demo community. Each item's life is planned when the item
 * is created, as closures scheduled at future seconds; a closure runs when its time comes, applies
 * its effect to the item (a close, a label) and returns the act to publish, or null for an effect
 * nobody sees (a push to a fork). Closures never schedule further acts, so the queue drains in time
 * order.
 */
export interface DemoSimulation {
  readonly random: SeededRandom;
  /** Epoch seconds of the community's first day, 00:00 UTC. */
  readonly startSec: number;
  readonly repos: readonly DemoRepo[];
  readonly queue: TimeOrderedQueue<ScheduledAct>;
  /** Schedules `make` at epoch second `at`, published as `actor` on `repo`. */
  schedule(at: number, actor: DemoAccount, repo: DemoRepo, make: (at: string) => DemoAct | null): void;
  /** Next issue-or-pull-request number of a repository (they share one sequence on GitHub). */
  nextNumber(repoIndex: number): number;
  /** Fresh ids, increasing with time like GitHub's. */
  nextId(kind: IdKind): number;
  /** The head sha of each repository's default branch. */
  readonly heads: string[];
  /** Forks already created (`login/name`). */
  readonly forks: Set<string>;
  /** Forks by full name, so every event shows the same fork object. */
  readonly forkRepos: Map<string, DemoRepo>;
  /** Logins with at least one merged pull request so far. */
  readonly mergedAuthors: Set<string>;
  /** Recently opened issues, newest last, for drive-by comments. */
  readonly recentIssues: DemoIssue[];
}

/** The id sequences of a simulation. */
export type IdKind = 'issue' | 'pull' | 'comment' | 'review' | 'reviewComment' | 'push';

/** One scheduled act. */
export interface ScheduledAct {
  readonly actor: DemoAccount;
  readonly repo: DemoRepo;
  readonly make: (at: string) => DemoAct | null;
}

/** Seconds in a day. */
export const DAY = 86_400;

const ID_START: Readonly<Record<IdKind, number>> = {
  issue: 2_100_000_000,
  pull: 1_800_000_000,
  comment: 2_300_000_000,
  review: 2_000_000_000,
  reviewComment: 1_700_000_000,
  push: 19_000_000_000,
};

/** Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`. */
export function toIsoSeconds(sec: number): string {
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}Z`;
}

/** Formats epoch seconds as `YYYY-MM-DD`. */
export function toIsoDate(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 10);
}

/** Creates the state for one pass; `random` must be a fresh stream for the pass to be repeatable. */
export function createDemoSimulation(
  random: SeededRandom,
  startSec: number,
  repos: readonly DemoRepo[],
): DemoSimulation {
  const queue = createTimeOrderedQueue<ScheduledAct>();
  const numbers = repos.map(() => 1);
  const ids = { ...ID_START };
  return {
    random,
    startSec,
    repos,
    queue,
    schedule: (at, actor, repo, make) => queue.push(at, { actor, repo, make }),
    nextNumber: (repoIndex) => {
      const n = numbers[repoIndex] as number;
      numbers[repoIndex] = n + 1;
      return n;
    },
    nextId: (kind) => {
      ids[kind] += random.int(1, kind === 'push' ? 4000 : 900);
      return ids[kind];
    },
    heads: repos.map(() => random.hex(40)),
    forks: new Set(),
    forkRepos: new Map(),
    mergedAuthors: new Set(),
    recentIssues: [],
  };
}

/** A local working hour distribution: mornings and evenings, little at night. */
const HOUR_WEIGHTS = [
  1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2, 3, 3.5, 3.5, 3, 3.2, 3.5, 3.5, 3.2, 3, 2.5, 2.2, 2.2, 2, 1.6, 1.2,
];

/** A second on `day` when someone `utcOffset` hours from UTC would plausibly be working. */
export function timeOnDay(sim: DemoSimulation, day: number, utcOffset: number): number {
  const localHour = sim.random.weightedIndex(HOUR_WEIGHTS);
  const utcHour = (((localHour - utcOffset) % 24) + 24) % 24;
  return sim.startSec + day * DAY + utcHour * 3600 + sim.random.int(0, 3599);
}

/** A time after `from`: an exponential wait of `meanHours` mean, at least `minSeconds`. */
export function later(sim: DemoSimulation, from: number, meanHours: number, minSeconds = 60): number {
  return from + Math.max(minSeconds, Math.round(sim.random.exponential(meanHours) * 3600));
}

/** The fork of `repo` owned by `owner`, the same object on every call. */
export function forkOf(sim: DemoSimulation, owner: DemoAccount, repo: DemoRepo): DemoRepo {
  const fullName = `${owner.login}/${repo.name}`;
  const known = sim.forkRepos.get(fullName);
  if (known !== undefined) return known;
  let h = 0x811c9dc5;
  for (let i = 0; i < fullName.length; i++) h = Math.imul(h ^ fullName.charCodeAt(i), 0x01000193) >>> 0;
  const fork: DemoRepo = {
    id: 950_000_000 + (h % 49_000_000),
    owner,
    fullName,
    name: repo.name,
    description: repo.description,
    language: repo.language,
    createdAt: repo.createdAt,
    defaultBranch: repo.defaultBranch,
    fork: true,
    topics: [],
  };
  sim.forkRepos.set(fullName, fork);
  return fork;
}
