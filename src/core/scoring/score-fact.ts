import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import type { ExclusionReason, FactScorer } from './create-fact-scorer.ts';
import { createFactScorer } from './create-fact-scorer.ts';
import type { ScoringRules } from './scoring-rules.ts';

/** What one act is worth under some rules, and why it is worth nothing when excluded. */
export interface FactScore {
  readonly points: number;
  readonly excluded: ExclusionReason | null;
}

const scorers = new WeakMap<ScoringRules, FactScorer>();

/**
 * Scores one act by its item's current state: an excluded act is worth 0 with the reason (person
 * reasons first, then deleted item, excluded label, issue state reason, unmerged PR, transferred
 * issue). A transferred issue's opening never counts where it was opened: the transfer is seen as
 * the opening of the issue it became in the new repository, which counts instead, so every preset
 * counts a moved issue once.
 *
 * The subtle point is the PR opening. Under the `kubestellar` preset (`unmerged_prs: false`) a PR
 * opening is worth 200 whatever became of the PR, merged, open or closed unmerged; merging adds the
 * 500 of `pr_merged`. Under `balanced` (`unmerged_prs: true`) the opening of a PR closed without
 * merging scores nothing, while an open PR's opening still counts (it may yet be merged).
 *
 * For many facts use {@link createFactScorer} once instead; this caches one scorer per rules object.
 */
export function scoreFact(rules: ScoringRules, fact: ScoringFact, person: PersonSummary): FactScore {
  let scorer = scorers.get(rules);
  if (scorer === undefined) {
    scorer = createFactScorer(rules);
    scorers.set(rules, scorer);
  }
  const excluded = scorer.personExclusion(person) ?? scorer.factExclusion(fact);
  return excluded === null ? { points: scorer.factPoints(fact), excluded: null } : { points: 0, excluded };
}
