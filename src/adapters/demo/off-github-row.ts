/**
 * One row of an activities file (CSV or JSON lines) recording something done off GitHub: a meeting
 * attended, a talk, an onboarding, published content, bonus points, or a ladder record (an
 * attestation such as a mentor's recommendation, a sponsorship). `granted_by` names who gave a
 * bonus, an attestation or a sponsorship; `login` whom it is about. Absent keys are empty cells in
 * CSV and missing keys in JSON lines.
 */
export interface OffGitHubRow {
  /** Unique within the file; the activity's natural key is `{kind}:{id}`. */
  readonly id: string;
  readonly kind: OffGitHubRowKind;
  readonly login?: string;
  readonly email?: string;
  /** `YYYY-MM-DD` or an ISO UTC time. */
  readonly date: string;
  readonly title?: string;
  /** A recurring meeting's name, e.g. `community-call`. */
  readonly series?: string;
  readonly url?: string;
  /** Lower-cased `owner/name` when the act belongs to a repository. */
  readonly repo?: string;
  /** For `bonus`: points granted. */
  readonly points?: number;
  /** For `bonus`, `attestation` and `sponsorship`: the login of who gave it. */
  readonly granted_by?: string;
  /** For `bonus`: why. */
  readonly reason?: string;
  /** For `newcomer_onboarded`: the login of the newcomer. */
  readonly newcomer?: string;
  /** For `attestation`: what is attested, e.g. `mentor_recommendation`. */
  readonly attestation?: string;
  /** For `attestation` and `sponsorship`: the ladder level it is for. */
  readonly level?: string;
  /** For `sponsorship`: the sponsor's employer. */
  readonly affiliation?: string;
}

/** The off-GitHub kinds an activities file carries. */
export type OffGitHubRowKind =
  | 'meeting_attended'
  | 'talk_given'
  | 'newcomer_onboarded'
  | 'content_published'
  | 'bonus'
  | 'attestation'
  | 'sponsorship';

/** Column order for writing rows as CSV. */
export const OFF_GITHUB_ROW_COLUMNS = [
  'id',
  'kind',
  'login',
  'email',
  'date',
  'title',
  'series',
  'url',
  'repo',
  'points',
  'granted_by',
  'reason',
  'newcomer',
  'attestation',
  'level',
  'affiliation',
] as const;
