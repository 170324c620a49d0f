import type { ActivityKind } from '../activity.ts';
import type { Requirement } from './ladder-policy.ts';

/**
 * What evaluating one requirement found: the verdict with the numbers and evidence behind it. Every
 * renderer (CLI, API, pages) shows these; no sentence is assembled where rules are evaluated.
 */

/** A verdict. `needs_confirmation` means only a person can settle it (a recommendation, a criterion). */
export type RequirementStatus = 'met' | 'unmet' | 'needs_confirmation';

/** The stretch of time a requirement was judged over. Instants are ISO UTC; `to` is exclusive. */
export interface TraceWindow {
  /** `the last 12 weeks`, `the first 6 weeks of the 12-week term`, `the cycle 2026-03-01 to 2026-04-30`. */
  readonly label: string;
  readonly from: string | null;
  /** Where counting stopped: the moment of the check, or the window's end when that came first. */
  readonly to: string;
  /** Where the window itself ends; later than `to` while it is still open. */
  readonly end: string;
  /** The window has ended: nothing more can count in it. */
  readonly complete: boolean;
}

/** One act behind a number, with a link a person can follow. */
export interface Evidence {
  readonly key: string;
  readonly kind: ActivityKind;
  readonly occurredAt: string;
  readonly url: string | null;
  readonly repo: string | null;
  readonly itemNumber: number | null;
  /** The points it earned, for points requirements; null elsewhere. */
  readonly points: number | null;
}

/** What is still missing and until when it can be done. */
export interface Remaining {
  /** In the requirement's unit: points, acts, days, sponsors, meetings. */
  readonly amount: number;
  /** The end of the window (exclusive) or the day tenure is reached; null for rolling windows. */
  readonly by: string | null;
  /** Whole days from the check to `by`, rounded up; null without `by`. */
  readonly daysLeft: number | null;
}

/** Facts about a verdict that a renderer may explain. */
export type TraceNote =
  | {
      readonly kind: 'held_since';
      readonly level: string;
      readonly scope: string | null;
      readonly since: string;
    }
  | { readonly kind: 'not_held'; readonly level: string; readonly scope: string | null }
  | { readonly kind: 'no_term' }
  | { readonly kind: 'no_cycle' }
  | { readonly kind: 'window_not_started'; readonly starts: string }
  | { readonly kind: 'meetings'; readonly series: string; readonly attended: number; readonly held: number }
  | { readonly kind: 'no_meetings_recorded'; readonly series: string }
  | { readonly kind: 'electorate'; readonly levels: readonly string[]; readonly holders: number }
  | {
      readonly kind: 'given_by';
      readonly login: string;
      readonly at: string;
      readonly affiliation: string | null;
    }
  | { readonly kind: 'giver_unknown'; readonly login: string }
  | {
      readonly kind: 'giver_not_eligible';
      readonly login: string;
      readonly levels: readonly string[];
      readonly at: string;
      /** The scope the level had to be held in (or in one containing it); null for any. */
      readonly scope: string | null;
      /** Scopes in which holding the level did not count. */
      readonly exceptScopes: readonly string[];
    }
  | { readonly kind: 'self_given'; readonly at: string }
  | { readonly kind: 'same_affiliation'; readonly login: string; readonly affiliation: string }
  | { readonly kind: 'affiliation_unknown'; readonly login: string }
  | { readonly kind: 'scope_not_a_repository'; readonly scope: string }
  /** The scope is a group: acts in its repositories counted. */
  | { readonly kind: 'scope_group'; readonly group: string; readonly repos: number }
  /** A `groups` filter names a group not on record: nothing in it counts. */
  | { readonly kind: 'group_unknown'; readonly group: string };

/** One requirement judged, with its parts when it is a composite. */
export interface RequirementTrace {
  readonly requirement: Requirement;
  readonly status: RequirementStatus;
  /** Unmet, and its window has closed: it can no longer be met where it was judged (a missed cycle). */
  readonly final: boolean;
  /** What was found: points, acts, days held, sponsors, attestations, an attendance ratio, requirements met. */
  readonly observed: number | null;
  /** What is asked, in the same unit. */
  readonly required: number | null;
  readonly window: TraceWindow | null;
  readonly remaining: Remaining | null;
  /** The most recent acts behind `observed` (at most a few; all of them are counted in `evidenceCount`). */
  readonly evidence: readonly Evidence[];
  readonly evidenceCount: number;
  readonly notes: readonly TraceNote[];
  /** For all_of, any_of and at_least: each part. */
  readonly children: readonly RequirementTrace[];
}

/** The verdicts found anywhere in a trace tree whose status is `status`, leaves first in order. */
export function collectLeafTraces(
  trace: RequirementTrace,
  status: RequirementStatus,
  found: RequirementTrace[] = [],
): RequirementTrace[] {
  if (trace.children.length === 0) {
    if (trace.status === status) found.push(trace);
  } else {
    for (const child of trace.children) collectLeafTraces(child, status, found);
  }
  return found;
}
