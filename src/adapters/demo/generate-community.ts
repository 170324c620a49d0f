import type { MenteeProfile } from './create-demo-people.ts';
import { DAY, toIsoDate } from './demo-simulation.ts';
import { generateOffGitHubRows } from './generate-off-github-rows.ts';
import type { GhArchiveEvent } from './gh-archive-event.ts';
import type { OffGitHubRow } from './off-github-row.ts';
import { type CommunityOptions, type CommunityPlan, planCommunity } from './plan-community.ts';
import { simulateCommunityEvents } from './simulate-community-events.ts';

export type { CommunityOptions } from './plan-community.ts';

/** A mentee of the demo cohort, for the demo to point at. */
export interface MenteeSummary {
  readonly login: string;
  readonly name: string;
  readonly mentor: string;
  /**
   * `strong`: well over the count thresholds of a 12-week term (20 merged pull requests, 8 in the
   * first 6 weeks, 6 "help wanted" issues) and around 40,000 leaderboard points; `steady`: about
   * 15 merged pull requests, mostly short of them; `dropped`: stops after five weeks.
   */
  readonly profile: MenteeProfile;
}

/** What a demo community contains. */
export interface CommunitySummary {
  readonly org: string;
  readonly seed: number;
  readonly years: number;
  /** First and last day, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** `owner/name` of every repository. */
  readonly repos: readonly string[];
  /** Humans in the community (bots not counted). */
  readonly people: number;
  readonly maintainers: readonly string[];
  /** A maintainer who went quiet ten months before the end (an emeritus candidate), if any. */
  readonly quietMaintainers: readonly string[];
  readonly bots: readonly string[];
  readonly cohort: {
    /** First and last day of the 12-week term, `YYYY-MM-DD`. */
    readonly termStart: string;
    readonly termEnd: string;
    readonly mentees: readonly MenteeSummary[];
  };
  readonly events: number;
  readonly eventsByType: Readonly<Record<string, number>>;
  /** Counts by `Type.action` (push events count as `PushEvent`). */
  readonly eventsByAction: Readonly<Record<string, number>>;
  /** Distinct logins that acted in at least one event. */
  readonly actors: number;
  readonly firstEventAt: string | null;
  readonly lastEventAt: string | null;
  readonly offGitHubRows: number;
  readonly offGitHubRowsByKind: Readonly<Record<string, number>>;
}

/** A generated community: lazy, repeatable streams and what they contain. */
export interface DemoCommunity {
  /** GH Archive events in time order; every iteration regenerates the same events. */
  readonly events: Iterable<GhArchiveEvent>;
  /** Activities-file rows in date order; every iteration regenerates the same rows. */
  readonly offGitHubRows: Iterable<OffGitHubRow>;
  /** Counts and names; computed on first read by walking both streams once (about a second). */
  readonly summary: CommunitySummary;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function summarize(plan: CommunityPlan, community: DemoCommunity): CommunitySummary {
  const eventsByType: Record<string, number> = {};
  const eventsByAction: Record<string, number> = {};
  const actors = new Set<string>();
  let events = 0;
  let firstEventAt: string | null = null;
  let lastEventAt: string | null = null;
  for (const event of community.events) {
    events++;
    firstEventAt ??= event.created_at;
    lastEventAt = event.created_at;
    increment(eventsByType, event.type);
    const action = event.payload.action;
    increment(eventsByAction, typeof action === 'string' ? `${event.type}.${action}` : event.type);
    actors.add(event.actor.login);
  }
  const offGitHubRowsByKind: Record<string, number> = {};
  let offGitHubRows = 0;
  for (const row of community.offGitHubRows) {
    offGitHubRows++;
    increment(offGitHubRowsByKind, row.kind);
  }
  const maintainers = plan.people.filter((p) => p.role === 'maintainer');
  return {
    org: plan.org.login,
    seed: plan.seed,
    years: plan.years,
    from: toIsoDate(plan.startSec),
    to: toIsoDate(plan.startSec + (plan.days - 1) * DAY),
    repos: plan.repos.map((r) => r.repo.fullName),
    people: plan.people.length,
    maintainers: maintainers.map((p) => p.account.login),
    quietMaintainers: maintainers.filter((p) => p.lastDay < plan.days - 1).map((p) => p.account.login),
    bots: [plan.dependabot.login, plan.actionsBot.login],
    cohort: {
      termStart: toIsoDate(plan.startSec + plan.termStart * DAY),
      termEnd: toIsoDate(plan.startSec + plan.termEnd * DAY),
      mentees: plan.people
        .filter((p) => p.role === 'mentee')
        .map((p) => ({
          login: p.account.login,
          name: p.account.name,
          mentor: p.mentor as string,
          profile: p.menteeProfile as MenteeProfile,
        })),
    },
    events,
    eventsByType,
    eventsByAction,
    actors: actors.size,
    firstEventAt,
    lastEventAt,
    offGitHubRows,
    offGitHubRowsByKind,
  };
}

/**
 * Generates a deterministic, clearly invented demo community (organization `demo-rungs` by
 * default) as the data real sources would give: GH Archive events for its GitHub activity and
 * activities-file rows for what happens off GitHub. The same options always give byte-identical
 * streams. About 300 people and two years make a few tens of thousands of events. Throws a
 * RangeError on impossible options (a malformed `end`, `years` < 1, `people` < 20).
 */
export function generateCommunity(options: CommunityOptions): DemoCommunity {
  const plan = planCommunity(options);
  let summary: CommunitySummary | undefined;
  const community: DemoCommunity = {
    events: { [Symbol.iterator]: () => simulateCommunityEvents(plan) },
    offGitHubRows: { [Symbol.iterator]: () => generateOffGitHubRows(plan) },
    get summary() {
      summary ??= summarize(plan, community);
      return summary;
    },
  };
  return community;
}
