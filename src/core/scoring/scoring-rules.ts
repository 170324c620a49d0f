import * as z from 'zod';
import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import type { StateReason } from '../item.ts';
import { MAX_POINTS } from './max-points.ts';

/** The `state_reason` values GitHub gives closed issues, any of which rules may exclude. */
export const ISSUE_STATE_REASONS = ['completed', 'not_planned', 'duplicate', 'reopened'] as const;

/** One of {@link ISSUE_STATE_REASONS}. */
export type IssueStateReason = Exclude<StateReason, null>;

// A weight is a whole number of points within MAX_POINTS either way (0: the kind scores nothing;
// negative: it costs points).
const pointsValue = z.number().int().min(-MAX_POINTS).max(MAX_POINTS);
const nonEmptyText = z.string().trim().min(1);

type PointsShape = {
  [K in ActivityKind]: z.ZodOptional<K extends 'bonus' ? z.ZodType<number | 'details'> : z.ZodNumber>;
};

function pointsShape(): PointsShape {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const kind of ACTIVITY_KINDS) {
    shape[kind] =
      kind === 'bonus'
        ? z.union([pointsValue, z.literal('details')], { error: 'expected a number or "details"' }).optional()
        : pointsValue.optional();
  }
  return shape as PointsShape;
}

const issueKindSchema = z.strictObject({ labels: z.array(nonEmptyText).min(1), points: pointsValue });

/**
 * Scoring rules as the user writes them in YAML. Every key is checked: unknown keys (an unknown
 * activity kind under `points`, say) are errors.
 *
 * ```yaml
 * points: { pr_opened: 200, pr_merged: 500, bonus: details }   # kinds left out score 0
 * issue_kinds:                  # first kind (in written order) whose labels match wins
 *   bug: { labels: [bug, kind/bug], points: 300 }
 *   other: { points: 50 }       # an issue matching no kind; same as points.issue_opened
 * exclude: { bots: true, issue_state_reasons: [not_planned], labels: [spam], unmerged_prs: true, deleted_items: true }
 * deny_logins: [web-flow]
 * ```
 */
export const WRITTEN_SCORING_RULES_SCHEMA = z
  .strictObject({
    description: z.string().optional(),
    points: z.strictObject(pointsShape()),
    issue_kinds: z
      .strictObject({ other: z.strictObject({ points: pointsValue }).optional() })
      .catchall(issueKindSchema)
      .optional(),
    exclude: z
      .strictObject({
        bots: z.boolean().optional(),
        issue_state_reasons: z.array(z.enum(ISSUE_STATE_REASONS)).optional(),
        labels: z.array(nonEmptyText).optional(),
        unmerged_prs: z.boolean().optional(),
        deleted_items: z.boolean().optional(),
      })
      .optional(),
    deny_logins: z.array(nonEmptyText).optional(),
  })
  .refine((rules) => !(hasKey(rules.issue_kinds, 'other') && hasKey(rules.points, 'issue_opened')), {
    path: ['points', 'issue_opened'],
    message: 'an issue matching no kind is worth issue_kinds.other.points; give it there or here, not both',
    // Checked even when other keys are wrong, so every problem is reported at once; hence the
    // defensive reads.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });

function hasKey(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[key] !== undefined;
}

/** Scoring rules as written, after validation. */
export type WrittenScoringRules = z.output<typeof WRITTEN_SCORING_RULES_SCHEMA>;

/** An issue kind: an issue carrying any of `labels` (lower-cased) is worth `points` when opened. */
export interface IssueKindRule {
  readonly name: string;
  readonly labels: readonly string[];
  readonly points: number;
}

/** Which acts score nothing. Label and login lists are lower-cased; matching is case-insensitive. */
export interface ExclusionRules {
  /** Exclude every act of a bot person. */
  readonly bots: boolean;
  /** Exclude every act of these people, by current login. */
  readonly logins: readonly string[];
  /** An issue closed with one of these reasons: its opening scores nothing (other acts on it still do). */
  readonly issueStateReasons: readonly IssueStateReason[];
  /** Every act on an issue or PR carrying one of these labels scores nothing. */
  readonly labels: readonly string[];
  /** A PR closed without being merged: its opening scores nothing. */
  readonly unmergedPrs: boolean;
  /** Every act on a deleted issue or PR scores nothing. */
  readonly deletedItems: boolean;
}

/** Normalized scoring rules: every kind has points, defaults are filled, lists lower-cased. Plain data (JSON-safe). */
export interface ScoringRules {
  readonly description: string | null;
  /**
   * Points per act. `issue_opened` is the worth of an issue matching no {@link issueKinds};
   * `pr_merged` is the merge bonus, credited on top of `pr_opened`; `bonus` is unused when
   * {@link bonusFromDetails} is true.
   */
  readonly points: Readonly<Record<ActivityKind, number>>;
  /** A bonus act is worth its own `details.points` (0 when that is not a finite number). */
  readonly bonusFromDetails: boolean;
  /** Checked in order; the first whose labels the issue carries gives its points. */
  readonly issueKinds: readonly IssueKindRule[];
  readonly exclude: ExclusionRules;
}

/**
 * Normalizes validated written rules in one step: kinds left out score 0, `issue_kinds.other`
 * becomes `points.issue_opened`, `bonus: details` becomes {@link ScoringRules.bonusFromDetails},
 * bots are excluded unless `exclude.bots: false`, other exclusions default to off.
 */
export function toScoringRules(written: WrittenScoringRules): ScoringRules {
  const points = {} as Record<ActivityKind, number>;
  let bonusFromDetails = false;
  for (const kind of ACTIVITY_KINDS) {
    const value = written.points[kind];
    if (value === 'details') {
      bonusFromDetails = true;
      points[kind] = 0;
    } else {
      points[kind] = value ?? 0;
    }
  }
  const issueKinds: IssueKindRule[] = [];
  for (const [name, rule] of Object.entries(written.issue_kinds ?? {})) {
    if (name === 'other' || rule === undefined) continue;
    const kindRule = rule as z.output<typeof issueKindSchema>;
    issueKinds.push({ name, labels: lowerCasedUnique(kindRule.labels), points: kindRule.points });
  }
  const other = written.issue_kinds?.other;
  if (other !== undefined) points.issue_opened = other.points;
  const exclude = written.exclude ?? {};
  return {
    description: written.description ?? null,
    points,
    bonusFromDetails,
    issueKinds,
    exclude: {
      bots: exclude.bots ?? true,
      logins: lowerCasedUnique(written.deny_logins ?? []),
      issueStateReasons: [...new Set(exclude.issue_state_reasons ?? [])],
      labels: lowerCasedUnique(exclude.labels ?? []),
      unmergedPrs: exclude.unmerged_prs ?? false,
      deletedItems: exclude.deleted_items ?? false,
    },
  };
}

function lowerCasedUnique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim().toLowerCase()))];
}
