import type { ActivityKind } from '../activity.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import type { ResolvedWindow } from '../window/resolve-window.ts';

/** The GitHub event types CNCF DevStats counts as "contributions". */
export const DEVSTATS_EVENT_TYPES = [
  'PushEvent',
  'PullRequestEvent',
  'IssuesEvent',
  'PullRequestReviewEvent',
  'CommitCommentEvent',
  'IssueCommentEvent',
  'PullRequestReviewCommentEvent',
] as const;

/** One of {@link DEVSTATS_EVENT_TYPES}. */
export type DevStatsEventType = (typeof DEVSTATS_EVENT_TYPES)[number];

/**
 * Which recorded activity stands for which GitHub event. Kinds not listed (`pr_merged`, `commit`,
 * off-GitHub kinds) have no event of their own in DevStats' count.
 */
export const DEVSTATS_EVENT_OF_KIND: Readonly<Partial<Record<ActivityKind, DevStatsEventType>>> = {
  push: 'PushEvent',
  pr_opened: 'PullRequestEvent',
  pr_closed: 'PullRequestEvent',
  pr_reopened: 'PullRequestEvent',
  issue_opened: 'IssuesEvent',
  issue_closed: 'IssuesEvent',
  issue_reopened: 'IssuesEvent',
  pr_reviewed: 'PullRequestReviewEvent',
  commit_comment: 'CommitCommentEvent',
  issue_comment: 'IssueCommentEvent',
  review_comment: 'PullRequestReviewCommentEvent',
};

/** One person's DevStats-style contribution count. */
export interface DevStatsContribution {
  readonly personId: number;
  readonly login: string;
  readonly contributions: number;
  /** The same count split by event type; every type present. */
  readonly byEventType: Readonly<Record<DevStatsEventType, number>>;
}

/**
 * Reproduces the CNCF DevStats "contributions" number (events of the types in
 * {@link DEVSTATS_EVENT_TYPES}) per person, bots excluded (flagged, or a login ending in `[bot]`),
 * sorted by count descending then login. Restricted to `window` when given; people with no
 * contribution and facts of people missing from `people` are left out. Scoring rules play no part.
 *
 * Known approximations: a merge is one PullRequestEvent by whoever merged; it is counted through the
 * `pr_closed` act that carries that actor (`pr_merged`, credited to the author, is not counted).
 * Other PullRequestEvent and IssuesEvent actions (labeled, assigned, edited, synchronize, ...) are not
 * recorded by rungs, so they are missing from the count. DevStats counts per lower-cased login, so a
 * renamed account is two people there and one here. Only what was ingested is counted: a push seen
 * only through git history (`commit`) is not a PushEvent.
 */
export function countDevStatsContributions(
  facts: Iterable<ScoringFact>,
  people: ReadonlyMap<number, PersonSummary>,
  options: { readonly window?: ResolvedWindow } = {},
): DevStatsContribution[] {
  const from = options.window?.from ?? null;
  const to = options.window?.to ?? null;
  const tallies = new Map<number, Record<DevStatsEventType, number> | null>();
  for (const fact of facts) {
    const eventType = DEVSTATS_EVENT_OF_KIND[fact.kind];
    if (eventType === undefined) continue;
    if ((to !== null && fact.occurredAt >= to) || (from !== null && fact.occurredAt < from)) continue;
    let tally = tallies.get(fact.personId);
    if (tally === undefined) {
      const person = people.get(fact.personId);
      tally = person === undefined || isBot(person) ? null : zeroPerEventType();
      tallies.set(fact.personId, tally);
    }
    if (tally !== null) tally[eventType] += 1;
  }
  const result: DevStatsContribution[] = [];
  for (const [personId, tally] of tallies) {
    if (tally === null) continue;
    let contributions = 0;
    for (const type of DEVSTATS_EVENT_TYPES) contributions += tally[type];
    result.push({ personId, login: people.get(personId)!.login, contributions, byEventType: tally });
  }
  return result.sort(
    (a, b) =>
      b.contributions - a.contributions ||
      compareText(a.login.toLowerCase(), b.login.toLowerCase()) ||
      a.personId - b.personId,
  );
}

function isBot(person: PersonSummary): boolean {
  return person.isBot || person.login.toLowerCase().endsWith('[bot]');
}

function zeroPerEventType(): Record<DevStatsEventType, number> {
  const record = {} as Record<DevStatsEventType, number>;
  for (const type of DEVSTATS_EVENT_TYPES) record[type] = 0;
  return record;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
