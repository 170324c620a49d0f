import type { ScoringRules } from './scoring-rules.ts';

/** Which scoring rules a board or a profile was computed with, as every output names them. */
export interface ScoringLabel {
  /** The shipped preset's name (`kubestellar`), or the path of the rules file. */
  readonly name: string;
  /** What the rules say of themselves (their `description`), or null. */
  readonly description: string | null;
}

/** The label of rules known by `name` (a preset name or a file path). */
export function toScoringLabel(name: string, rules: ScoringRules): ScoringLabel {
  return { name, description: rules.description };
}

/** `the kubestellar scoring: KubeStellar leaderboard (issues and PRs only; ...)`, for a line people read. */
export function describeScoringLabel(label: ScoringLabel): string {
  return label.description === null
    ? `the ${label.name} scoring`
    : `the ${label.name} scoring: ${label.description}`;
}
