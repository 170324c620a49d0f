import type { ActivityKind } from '../activity.ts';
import type { RollingUnit } from '../window/parse-window-spec.ts';

/**
 * A ladder policy as the program uses it: levels in order with their requirements, standing and
 * inactivity rules, all normalized (durations parsed, defaults filled, references checked). Made from
 * the written YAML by `toLadderPolicy` in one step. Plain data (JSON-safe).
 */

/** A length of time: `12w`, `3mo`, `30d`, `1y`. Months and years are calendar months. */
export interface Duration {
  readonly amount: number;
  readonly unit: RollingUnit;
}

/**
 * The stretch of time a requirement looks at, relative to the moment it is checked:
 * - `all`, `ytd`, `rolling` (the last 30 days, 12 weeks, ...);
 * - `cycle`: in `stay`, the cycle being checked; in `requires`, the last completed cycle of the
 *   target level (for "5,000 points per calendar month");
 * - `term`, `term_part`: the term of a level with a term (the held level for `requires`, the level
 *   itself for `stay`), whole or its first or last part ("the first 6 weeks of the 12-week term").
 */
export type RequirementWindow =
  | { readonly kind: 'all' }
  | { readonly kind: 'ytd' }
  | { readonly kind: 'rolling'; readonly length: Duration }
  | { readonly kind: 'cycle' }
  | { readonly kind: 'term' }
  | { readonly kind: 'term_part'; readonly part: 'first' | 'last'; readonly length: Duration };

/** The review states a count may filter `pr_reviewed` acts by. */
export const REVIEW_STATES = ['approved', 'changes_requested', 'commented', 'dismissed'] as const;

/** One of {@link REVIEW_STATES}. */
export type ReviewState = (typeof REVIEW_STATES)[number];

/** How many: a number, or a share of the people holding the attesting levels (a vote). */
export type AttestationQuorum =
  | { readonly kind: 'number'; readonly min: number }
  | { readonly kind: 'majority' }
  | { readonly kind: 'two_thirds' };

/** How many meetings of a series were held in a window: as recorded (any attendance that day), or by cadence. */
export type MeetingsHeld =
  | { readonly kind: 'recorded' }
  | { readonly kind: 'every'; readonly length: Duration };

/** Fields every requirement has. */
interface RequirementBase {
  /** Where it was written, e.g. `levels[2].requires[0]`: stable, used to name it in traces. */
  readonly path: string;
  /** The user's own title for it, if any ("open >= 6 help wanted issues"). */
  readonly title: string | null;
}

/** At least `min` points (under the policy's scoring rules) in a window. */
export interface PointsRequirement extends RequirementBase {
  readonly kind: 'points';
  readonly min: number;
  readonly window: RequirementWindow;
}

/** At least `min` acts of some kinds in a window, optionally filtered. */
export interface CountRequirement extends RequirementBase {
  readonly kind: 'count';
  readonly min: number;
  readonly kinds: readonly ActivityKind[];
  readonly window: RequirementWindow;
  /** The act's item carries at least one of these labels (lower-cased); null for any. */
  readonly labels: readonly string[] | null;
  /** The act is in one of these repositories (lower-cased `owner/name`); null for any. */
  readonly repos: readonly string[] | null;
  /**
   * The act is in a repository of one of these groups (ids, see `Group`); null for any. With
   * `repos` too, an act in either counts. The groups' repositories are looked up when evaluating.
   */
  readonly groups: readonly string[] | null;
  /** The act is in the repository of the scope the level is evaluated in (a group's repositories for a group scope). */
  readonly inScope: boolean;
  /** For `pr_reviewed` acts: the review's state is one of these; null for any. */
  readonly reviewStates: readonly ReviewState[] | null;
  /** The act's item is of this type; null for acts on any item or none. */
  readonly itemType: 'issue' | 'pr' | null;
  /** For meeting acts: the meeting series; null for any. */
  readonly series: string | null;
  /** Count distinct issues or PRs instead of acts (acts on no item are not counted then). */
  readonly distinctItems: boolean;
}

/** Has held a level for at least `min` (a `min` of zero days means "holds it now"). */
export interface TenureRequirement extends RequirementBase {
  readonly kind: 'tenure';
  readonly level: string;
  readonly min: Duration;
}

/**
 * At least `min` sponsors who held one of `levels` on the day they sponsored, not the candidate,
 * optionally from distinct affiliations, in the scope the rule names.
 */
export interface SponsorsRequirement extends RequirementBase {
  readonly kind: 'sponsors';
  readonly min: number;
  readonly levels: readonly string[];
  readonly distinctAffiliations: boolean;
  /**
   * The sponsor's level is held in the scope the candidate level is judged in, or in one containing
   * it (`owner/name` contains `owner/name/path`), or for the whole community ("an approver of the
   * subproject").
   */
  readonly inScope: boolean;
  /** Lower-cased scopes a level held in (or inside) does not qualify a sponsor ("the contributor playground does not count"). */
  readonly exceptScopes: readonly string[];
  readonly window: RequirementWindow;
}

/** Attestations of a named kind (a recommendation, an approval, a vote) given by holders of `from`. */
export interface AttestationRequirement extends RequirementBase {
  readonly kind: 'attestation';
  readonly attestation: string;
  readonly from: readonly string[];
  readonly quorum: AttestationQuorum;
  readonly window: RequirementWindow;
}

/** Attended at least `minRatio` of a meeting series' meetings in a window. */
export interface AttendanceRequirement extends RequirementBase {
  readonly kind: 'attendance';
  readonly series: string;
  readonly minRatio: number;
  readonly window: RequirementWindow;
  readonly held: MeetingsHeld;
}

/**
 * A criterion in words that a holder of `confirmedBy` confirms; recorded as an attestation whose
 * kind is the criterion's `id`.
 */
export interface CriterionRequirement extends RequirementBase {
  readonly kind: 'criterion';
  readonly id: string;
  readonly text: string;
  readonly confirmedBy: readonly string[];
}

/** Every one of `of`. */
export interface AllOfRequirement extends RequirementBase {
  readonly kind: 'all_of';
  readonly of: readonly Requirement[];
}

/** Any one of `of`. */
export interface AnyOfRequirement extends RequirementBase {
  readonly kind: 'any_of';
  readonly of: readonly Requirement[];
}

/** At least `n` of `of`. */
export interface AtLeastRequirement extends RequirementBase {
  readonly kind: 'at_least';
  readonly n: number;
  readonly of: readonly Requirement[];
}

/** Every requirement kind: a closed union, handled exhaustively by evaluators and renderers. */
export type Requirement =
  | PointsRequirement
  | CountRequirement
  | TenureRequirement
  | SponsorsRequirement
  | AttestationRequirement
  | AttendanceRequirement
  | CriterionRequirement
  | AllOfRequirement
  | AnyOfRequirement
  | AtLeastRequirement;

/** One of the requirement kinds. */
export type RequirementKind = Requirement['kind'];

/** Where stay cycles start: calendar-aligned, from a date, or from the day the person got the level. */
export type CycleAnchor =
  | { readonly kind: 'calendar' }
  | { readonly kind: 'date'; readonly at: string }
  | { readonly kind: 'held_since' };

/** How often stay requirements are checked. */
export interface CyclePolicy {
  readonly every: Duration;
  readonly anchor: CycleAnchor;
}

/** One rung of the ladder. */
export interface LevelPolicy {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Position in the ladder, 0 for the first level. Higher is more senior. */
  readonly rank: number;
  /** The level a person holds to be a candidate for this one; null for an entry level. */
  readonly after: string | null;
  /** A level of a term (a 12-week mentee term), or null. */
  readonly term: Duration | null;
  /** Assignments to this level carry a scope (a repository, directory or group). */
  readonly scoped: boolean;
  /** What it takes to enter, as one `all_of`. */
  readonly requires: AllOfRequirement;
  /** What it takes to stay, checked at the end of every cycle; null when nothing is asked. */
  readonly stay: AllOfRequirement | null;
  readonly cycle: CyclePolicy;
  /** Consecutive missed cycles after which emeritus is offered; null for never. */
  readonly emeritusOfferAfter: number | null;
  readonly benefits: readonly string[];
}

/** "No contributions for `after` brings a notice, a grace period, then emeritus." */
export interface InactivityPolicy {
  readonly after: Duration;
  readonly grace: Duration;
  /** The acts that count as contributions. */
  readonly kinds: readonly ActivityKind[];
}

/** A reportable status that is not a level (e.g. eligible to vote in an election). */
export interface StatusPolicy {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly requires: AllOfRequirement;
}

/** A whole ladder. */
export interface LadderPolicy {
  readonly name: string;
  readonly title: string;
  readonly description: string | null;
  /** Where the community publishes the ladder this policy encodes. */
  readonly source: string | null;
  /** The scoring preset points requirements use; null when the policy has none (counts use neutral rules). */
  readonly scoring: string | null;
  readonly levels: readonly LevelPolicy[];
  readonly statuses: readonly StatusPolicy[];
  readonly inactivity: InactivityPolicy | null;
  /** What returns an emeritus person to the level held before; null when the policy says nothing. */
  readonly reinstatement: AllOfRequirement | null;
}

/** The reserved level of people who stepped back; never declared by a policy. */
export const EMERITUS_LEVEL = 'emeritus';

/** The level with this id, or undefined. */
export function findLevel(policy: LadderPolicy, id: string): LevelPolicy | undefined {
  return policy.levels.find((level) => level.id === id);
}

/** Calls `visit` with every count requirement of the policy: levels (to enter, to stay), statuses, reinstatement. */
export function forEachCountRequirement(
  policy: LadderPolicy,
  visit: (requirement: CountRequirement) => void,
): void {
  const walk = (requirement: Requirement): void => {
    if (requirement.kind === 'count') visit(requirement);
    if (requirement.kind === 'all_of' || requirement.kind === 'any_of' || requirement.kind === 'at_least') {
      for (const child of requirement.of) walk(child);
    }
  };
  for (const level of policy.levels) {
    walk(level.requires);
    if (level.stay !== null) walk(level.stay);
  }
  for (const status of policy.statuses) walk(status.requires);
  if (policy.reinstatement !== null) walk(policy.reinstatement);
}

/** The group ids the policy's counts name, lower-cased, each once, in the order they appear. */
export function groupsNamedBy(policy: LadderPolicy): string[] {
  const named = new Set<string>();
  forEachCountRequirement(policy, (requirement) => {
    for (const group of requirement.groups ?? []) named.add(group.toLowerCase());
  });
  return [...named];
}
