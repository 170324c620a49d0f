/**
 * Activities: one dated act by one person. Every source maps its input to these, keyed by a
 * source-independent natural key so that the same act seen twice (a webhook and GH Archive, say)
 * is stored once.
 */

/** Every activity kind rungs knows, GitHub-derived first, then off-GitHub records. */
export const ACTIVITY_KINDS = [
  'pr_opened',
  'pr_merged',
  'pr_closed',
  'pr_reopened',
  'pr_reviewed',
  'review_comment',
  'issue_opened',
  'issue_closed',
  'issue_reopened',
  'issue_comment',
  'commit_comment',
  'commit',
  'push',
  'meeting_attended',
  'talk_given',
  'newcomer_onboarded',
  'content_published',
  'bonus',
  'attestation',
  'sponsorship',
] as const;

/** One of {@link ACTIVITY_KINDS}. */
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * Activity kinds recorded outside GitHub (meetings, talks, ...), importable from CSV or JSON lines.
 * `attestation` (a recommendation, an approval, a vote, a confirmed criterion) and `sponsorship` are
 * credited to the person they are about; `details.grantedBy` names who gave them.
 */
export const OFF_GITHUB_KINDS = [
  'meeting_attended',
  'talk_given',
  'newcomer_onboarded',
  'content_published',
  'bonus',
  'attestation',
  'sponsorship',
] as const satisfies readonly ActivityKind[];

/** True when `value` names an activity kind. */
export function isActivityKind(value: string): value is ActivityKind {
  return (ACTIVITY_KINDS as readonly string[]).includes(value);
}

/**
 * Who did something, as a source saw them. Any subset may be known: GH Archive knows the numeric
 * id and login, git knows an email and a name. Logins are kept as written; matching is
 * case-insensitive.
 */
export interface ActorRef {
  readonly githubId?: number;
  readonly login?: string;
  readonly email?: string;
  readonly name?: string;
  /** GitHub's account type said Bot, or the login ends in `[bot]`. */
  readonly isBot?: boolean;
}

/** An activity as a source reports it, before the actor is resolved to a stored person. */
export interface ActivityRecord {
  /** Source-independent natural key, e.g. `pr_merged:owner/repo#12`. Re-imports are no-ops. */
  readonly key: string;
  readonly kind: ActivityKind;
  readonly actor: ActorRef;
  /** ISO 8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly occurredAt: string;
  /** Lower-cased `owner/name`, or null for off-GitHub acts. */
  readonly repo: string | null;
  /** The issue or PR number the act belongs to, when it belongs to one. */
  readonly itemNumber: number | null;
  /** A link a person can follow to see the act (a PR, a comment, a commit). */
  readonly url: string | null;
  /** Kind-specific facts: `{ reviewState: 'approved' }`, `{ points: 500, grantedBy, reason }`, ... */
  readonly details: Readonly<Record<string, unknown>>;
}
