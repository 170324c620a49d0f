import type { Group } from '../core/groups/group.ts';
import { createFactScorer } from '../core/scoring/create-fact-scorer.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import type { PersonSummary } from '../core/scoring-fact.ts';
import type { ActivityReader } from './ports.ts';

/** One calendar month (UTC) of the community. */
export interface CommunityMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** People with at least one counted act in the month. */
  readonly contributors: number;
  /** Counted acts in the month. */
  readonly contributions: number;
  /** People with at least one counted review in the month. */
  readonly reviewers: number;
  /** People whose first counted act ever falls in the month. */
  readonly newContributors: number;
  readonly points: number;
}

/** One repository's share of the community over the last twelve months. */
export interface RepoStat {
  readonly repo: string;
  readonly contributors: number;
  readonly contributions: number;
  readonly points: number;
}

/** One group's share of the community over the last twelve months (acts in any of its repositories). */
export interface GroupStat {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly parent: string | null;
  /** How many repositories the group works in. */
  readonly repos: number;
  readonly contributors: number;
  readonly contributions: number;
  readonly points: number;
}

/** The community by month, with its most active repositories and groups. */
export interface CommunityStats {
  /** Contiguous months, oldest first, ending with the month of `now`. */
  readonly months: readonly CommunityMonth[];
  /** Repositories by points over the twelve months ending with the month of `now`, most first. */
  readonly topRepos: readonly RepoStat[];
  /**
   * Groups (of every kind, subprojects too) by points over the same twelve months, most first;
   * only groups with counted acts. Empty when no groups are imported.
   */
  readonly topGroups: readonly GroupStat[];
  /** People with a counted act ever, and counted acts ever. */
  readonly totals: { readonly contributors: number; readonly contributions: number; readonly points: number };
  /** The month range `topRepos` and `topGroups` cover, `YYYY-MM`. */
  readonly reposFrom: string;
  readonly computedAt: string;
}

/** Options of {@link readCommunityStats}. */
export interface CommunityStatsOptions {
  readonly now: string;
  /** How many months to list, ending with the month of `now`; default 24. */
  readonly months?: number;
  /** How many repositories to list; default 10. */
  readonly topRepos?: number;
  /** The community's groups, tallied by their repositories; none when omitted. */
  readonly groups?: readonly Group[];
  /** How many groups to list; default 10. */
  readonly topGroups?: number;
}

interface MonthTally {
  contributors: Set<number>;
  reviewers: Set<number>;
  contributions: number;
  newContributors: number;
  points: number;
}

interface RepoTally {
  contributors: Set<number>;
  contributions: number;
  points: number;
}

/**
 * Counts the community month by month from every stored act, with the leaderboard's rules: acts
 * that are excluded (bots, the deny-list, spam or deleted items) count for nothing anywhere. A
 * "new contributor" is counted in the month of their first counted act over all time, so the
 * history before the listed months matters. Nothing after `now` is counted.
 */
export async function readCommunityStats(
  reader: ActivityReader,
  rules: ScoringRules,
  options: CommunityStatsOptions,
): Promise<CommunityStats> {
  const scorer = createFactScorer(rules);
  const monthCount = options.months ?? 24;
  const nowMonth = options.now.slice(0, 7);
  const listed = monthsEndingWith(nowMonth, monthCount);
  const reposFrom = monthsEndingWith(nowMonth, 12)[0]!;
  const people = new Map<number, PersonSummary>(
    (await reader.readPeople()).map((person) => [person.id, person]),
  );
  const included = new Map<number, boolean>();
  const seen = new Set<number>();
  const months = new Map<string, MonthTally>();
  const repos = new Map<string, RepoTally>();
  const groups = options.groups ?? [];
  const groupTallies = groups.map(
    (): RepoTally => ({ contributors: new Set(), contributions: 0, points: 0 }),
  );
  const groupsOfRepo = new Map<string, RepoTally[]>();
  groups.forEach((group, index) => {
    for (const repo of group.repos) {
      const list = groupsOfRepo.get(repo);
      if (list === undefined) groupsOfRepo.set(repo, [groupTallies[index]!]);
      else list.push(groupTallies[index]!);
    }
  });
  let contributions = 0;
  let points = 0;

  for await (const chunk of reader.readScoringFacts(
    { from: null, to: toExclusiveEnd(options.now) },
    10_000,
  )) {
    for (const fact of chunk) {
      let counts = included.get(fact.personId);
      if (counts === undefined) {
        const person = people.get(fact.personId);
        counts = person !== undefined && scorer.personExclusion(person) === null;
        included.set(fact.personId, counts);
      }
      if (!counts || scorer.factExclusion(fact) !== null) continue;
      const earned = scorer.factPoints(fact);
      const month = fact.occurredAt.slice(0, 7);
      let tally = months.get(month);
      if (tally === undefined) {
        tally = {
          contributors: new Set(),
          reviewers: new Set(),
          contributions: 0,
          newContributors: 0,
          points: 0,
        };
        months.set(month, tally);
      }
      tally.contributors.add(fact.personId);
      if (fact.kind === 'pr_reviewed') tally.reviewers.add(fact.personId);
      tally.contributions += 1;
      tally.points += earned;
      if (!seen.has(fact.personId)) {
        seen.add(fact.personId);
        tally.newContributors += 1;
      }
      contributions += 1;
      points += earned;
      if (fact.repo !== null && month >= reposFrom) {
        let repo = repos.get(fact.repo);
        if (repo === undefined) {
          repo = { contributors: new Set(), contributions: 0, points: 0 };
          repos.set(fact.repo, repo);
        }
        repo.contributors.add(fact.personId);
        repo.contributions += 1;
        repo.points += earned;
        for (const group of groupsOfRepo.get(fact.repo) ?? []) {
          group.contributors.add(fact.personId);
          group.contributions += 1;
          group.points += earned;
        }
      }
    }
  }

  const topRepos = [...repos.entries()]
    .map(([repo, tally]) => ({
      repo,
      contributors: tally.contributors.size,
      contributions: tally.contributions,
      points: tally.points,
    }))
    .sort((a, b) => b.points - a.points || b.contributions - a.contributions || (a.repo < b.repo ? -1 : 1))
    .slice(0, options.topRepos ?? 10);

  const topGroups = groups
    .map((group, index): GroupStat => {
      const tally = groupTallies[index]!;
      return {
        id: group.id,
        name: group.name,
        kind: group.kind,
        parent: group.parent,
        repos: group.repos.length,
        contributors: tally.contributors.size,
        contributions: tally.contributions,
        points: tally.points,
      };
    })
    .filter((group) => group.contributions > 0)
    .sort((a, b) => b.points - a.points || b.contributions - a.contributions || (a.id < b.id ? -1 : 1))
    .slice(0, options.topGroups ?? 10);

  return {
    months: listed.map((month) => {
      const tally = months.get(month);
      return {
        month,
        contributors: tally?.contributors.size ?? 0,
        contributions: tally?.contributions ?? 0,
        reviewers: tally?.reviewers.size ?? 0,
        newContributors: tally?.newContributors ?? 0,
        points: tally?.points ?? 0,
      };
    }),
    topRepos,
    topGroups,
    totals: { contributors: seen.size, contributions, points },
    reposFrom,
    computedAt: options.now,
  };
}

/** `count` months, `YYYY-MM`, oldest first, the last one `last`. */
function monthsEndingWith(last: string, count: number): string[] {
  const year = Number(last.slice(0, 4));
  const month = Number(last.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const date = new Date(Date.UTC(year, month - back, 1));
    months.push(date.toISOString().slice(0, 7));
  }
  return months;
}

/** The second after `now`, so acts stamped `now` are counted. */
function toExclusiveEnd(now: string): string {
  return `${new Date(Date.parse(now) + 1000).toISOString().slice(0, 19)}Z`;
}
