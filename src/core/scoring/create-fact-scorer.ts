import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
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
  | { readonly kind: 'unmerged' };

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
  /** The name of the issue kind these labels select, or null for an issue of no kind ("other"). */
  issueKindOf(labels: readonly string[]): string | null;
}

const BOT: ExclusionReason = Object.freeze({ kind: 'bot' });
const DELETED: ExclusionReason = Object.freeze({ kind: 'deleted' });
const UNMERGED: ExclusionReason = Object.freeze({ kind: 'unmerged' });
const NO_KIND = -1;

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
      if (rules.exclude.deletedItems && item.state === 'deleted') return DELETED;
      if (excludedLabels.size > 0) {
        const labels = item.labels;
        for (let i = 0; i < labels.length; i++) {
          if (isExcludedLabel(labels[i]!)) return { kind: 'label', label: labels[i]! };
        }
      }
      if (
        fact.kind === 'issue_opened' &&
        item.stateReason !== null &&
        excludedStateReasons.size > 0 &&
        excludedStateReasons.has(item.stateReason)
      ) {
        return { kind: 'state_reason', stateReason: item.stateReason };
      }
      if (
        rules.exclude.unmergedPrs &&
        fact.kind === 'pr_opened' &&
        item.type === 'pr' &&
        item.state === 'closed' &&
        item.mergedAt === null
      ) {
        return UNMERGED;
      }
      return null;
    },
    factPoints(fact) {
      switch (fact.kind) {
        case 'issue_opened': {
          if (fact.item === null || issueKinds.length === 0) return points.issue_opened;
          const index = issueKindIndex(fact.item.labels);
          return index === NO_KIND ? points.issue_opened : issueKinds[index]!.points;
        }
        case 'bonus': {
          if (!rules.bonusFromDetails) return points.bonus;
          const granted = fact.details.points;
          return typeof granted === 'number' && Number.isFinite(granted) ? granted : 0;
        }
        default:
          return points[fact.kind];
      }
    },
    issueKindOf(labels) {
      const index = issueKindIndex(labels);
      return index === NO_KIND ? null : issueKinds[index]!.name;
    },
  };
}
