import type { ActivityKind } from '../activity.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import { ACTIVITY_KIND_INDEX } from './kind-counts.ts';
import type { IssueStateReason, ScoringRules } from './scoring-rules.ts';

/**
 * Why an act scores nothing. Person reasons (`bot`, `deny_listed`) exclude everything a person
 * did; item reasons exclude acts on one issue or PR.
 */
export type ExclusionReason =
  | { readonly kind: 'bot' }
  | { readonly kind: 'deny_listed'; readonly login: string }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'state_reason'; readonly stateReason: IssueStateReason }
  | { readonly kind: 'unmerged' }
  /** The opening of an issue that moved to another repository: it counts there, as the issue it became. */
  | { readonly kind: 'transferred' };

/**
 * Rules prepared for scoring many facts: label and login lists become sets, and what a label means
 * is remembered, so the common path allocates nothing. Build one per scoring run.
 */
export interface FactScorer {
  readonly rules: ScoringRules;
  /** Why everything this person did is excluded, or null. */
  personExclusion(person: PersonSummary): ExclusionReason | null;
  /** Why this act is excluded because of its item's current state, or null. Ignores the person. */
  factExclusion(fact: ScoringFact): ExclusionReason | null;
  /** What the act is worth when not excluded. */
  factPoints(fact: ScoringFact): number;
  /**
   * The kinds (bit `i` for `ACTIVITY_KINDS[i]`) whose acts on `item` {@link factExclusion} excludes,
   * so acts read in columns are judged once per item instead of once per act.
   */
  excludedKindsOn(item: ScoringItem): number;
  /** What an act of `kind` on `item` (null for none) with `details` is worth: {@link factPoints} without a fact. */
  actPoints(kind: ActivityKind, item: ScoringItem | null, details: Readonly<Record<string, unknown>>): number;
  /** What an act's points depend on besides its kind: its item's labels (issues), its details (bonus), or nothing. */
  pointsDependOn(kind: ActivityKind): 'kind' | 'item' | 'details';
  /** The name of the issue kind these labels select, or null for an issue of no kind ("other"). */
  issueKindOf(labels: readonly string[]): string | null;
}

const BOT: ExclusionReason = Object.freeze({ kind: 'bot' });
const DELETED: ExclusionReason = Object.freeze({ kind: 'deleted' });
const UNMERGED: ExclusionReason = Object.freeze({ kind: 'unmerged' });
const TRANSFERRED: ExclusionReason = Object.freeze({ kind: 'transferred' });
const NO_KIND = -1;
const EVERY_KIND = -1;
const ISSUE_OPENED_BIT = 1 << ACTIVITY_KIND_INDEX.get('issue_opened')!;
const PR_OPENED_BIT = 1 << ACTIVITY_KIND_INDEX.get('pr_opened')!;

/**
 * Prepares `rules` for scoring. Matching of labels and logins is case-insensitive. A person counts
 * as a bot when flagged so or when the login ends in `[bot]`.
 */
export function createFactScorer(rules: ScoringRules): FactScorer {
  const excludedLabels = new Set(rules.exclude.labels);
  const excludedStateReasons = new Set<string>(rules.exclude.issueStateReasons);
  const deniedLogins = new Set(rules.exclude.logins);
  const { points, issueKinds } = rules;

  /** Raw label -> is it excluded; labels are few, so this stays small. */
  const labelExcluded = new Map<string, boolean>();
  /** Raw label -> index of the first issue kind listing it, or NO_KIND. */
  const labelIssueKind = new Map<string, number>();

  function isExcludedLabel(label: string): boolean {
    let excluded = labelExcluded.get(label);
    if (excluded === undefined) {
      excluded = excludedLabels.has(label.trim().toLowerCase());
      labelExcluded.set(label, excluded);
    }
    return excluded;
  }

  function issueKindIndex(labels: readonly string[]): number {
    let best = NO_KIND;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      let index = labelIssueKind.get(label);
      if (index === undefined) {
        const lower = label.trim().toLowerCase();
        index = issueKinds.findIndex((kind) => kind.labels.includes(lower));
        labelIssueKind.set(label, index);
      }
      if (index !== NO_KIND && (best === NO_KIND || index < best)) best = index;
    }
    return best;
  }

  /** Why every act on `item` is excluded, whatever its kind, or null. */
  function itemExclusion(item: ScoringItem): ExclusionReason | null {
    if (rules.exclude.deletedItems && item.state === 'deleted') return DELETED;
    if (excludedLabels.size > 0) {
      const labels = item.labels;
      for (let i = 0; i < labels.length; i++) {
        if (isExcludedLabel(labels[i]!)) return { kind: 'label', label: labels[i]! };
      }
    }
    return null;
  }

  /** Whether opening this issue is excluded for how it was closed. */
  function isExcludedStateReason(item: ScoringItem): boolean {
    return (
      item.stateReason !== null && excludedStateReasons.size > 0 && excludedStateReasons.has(item.stateReason)
    );
  }

  /** Whether opening this PR is excluded because it was closed unmerged. */
  function isUnmergedPr(item: ScoringItem): boolean {
    return (
      rules.exclude.unmergedPrs && item.type === 'pr' && item.state === 'closed' && item.mergedAt === null
    );
  }

  function actPoints(
    kind: ActivityKind,
    item: ScoringItem | null,
    details: Readonly<Record<string, unknown>>,
  ): number {
    switch (kind) {
      case 'issue_opened': {
        if (item === null || issueKinds.length === 0) return points.issue_opened;
        const index = issueKindIndex(item.labels);
        return index === NO_KIND ? points.issue_opened : issueKinds[index]!.points;
      }
      case 'bonus': {
        if (!rules.bonusFromDetails) return points.bonus;
        const granted = details.points;
        return typeof granted === 'number' && Number.isFinite(granted) ? granted : 0;
      }
      default:
        return points[kind];
    }
  }

  return {
    rules,
    personExclusion(person) {
      const login = person.login.toLowerCase();
      if (deniedLogins.has(login)) return { kind: 'deny_listed', login: person.login };
      if (rules.exclude.bots && (person.isBot || login.endsWith('[bot]'))) return BOT;
      return null;
    },
    factExclusion(fact) {
      const item = fact.item;
      if (item === null) return null;
      const reason = itemExclusion(item);
      if (reason !== null) return reason;
      if (fact.kind === 'issue_opened' && isExcludedStateReason(item)) {
        return { kind: 'state_reason', stateReason: item.stateReason! };
      }
      if (fact.kind === 'pr_opened' && isUnmergedPr(item)) return UNMERGED;
      if (fact.kind === 'issue_opened' && item.state === 'transferred') return TRANSFERRED;
      return null;
    },
    factPoints(fact) {
      return actPoints(fact.kind, fact.item, fact.details);
    },
    excludedKindsOn(item) {
      if (itemExclusion(item) !== null) return EVERY_KIND;
      const openingExcluded = isExcludedStateReason(item) || item.state === 'transferred';
      return (openingExcluded ? ISSUE_OPENED_BIT : 0) | (isUnmergedPr(item) ? PR_OPENED_BIT : 0);
    },
    actPoints,
    pointsDependOn(kind) {
      return kind === 'issue_opened' ? 'item' : kind === 'bonus' ? 'details' : 'kind';
    },
    issueKindOf(labels) {
      const index = issueKindIndex(labels);
      return index === NO_KIND ? null : issueKinds[index]!.name;
    },
  };
}
