import type { RulesChoice } from '../adapters/cli/cli-services.ts';
import type { PolicyChoice } from '../adapters/cli/ladder-cli-services.ts';
import { readBoundedTextFile } from '../adapters/files/read-bounded-text-file.ts';
import { DEFAULT_SCORING_PRESET, loadScoringPreset } from '../adapters/presets/load-scoring-preset.ts';
import { InputError } from '../app/input-error.ts';
import { formatDiagnostic } from '../core/diagnostics.ts';
import type { LadderPolicy } from '../core/ladder/ladder-policy.ts';
import { parseScoringRules } from '../core/scoring/parse-scoring-rules.ts';
import { type ScoringLabel, toScoringLabel } from '../core/scoring/scoring-label.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';

/** Scoring rules with the name every board and profile shows them by. */
export interface LabelledScoringRules {
  readonly rules: ScoringRules;
  readonly label: ScoringLabel;
}

/**
 * The scoring preset a ladder's boards use unless told otherwise: the one its policy names
 * (`scoring: kubestellar`), else `balanced`. The one place this default is decided, so the CLI,
 * the API, the pages and the static site agree.
 */
export function defaultScoringPreset(policy: LadderPolicy | null): string {
  return policy?.scoring ?? DEFAULT_SCORING_PRESET;
}

/** Loads a preset's rules with their label; an unknown name is an InputError naming the known ones. */
export function loadLabelledPreset(name: string): LabelledScoringRules {
  const rules = loadScoringPreset(name);
  return { rules, label: toScoringLabel(name, rules) };
}

/**
 * Loads the chosen rules. A rules file that cannot be read or has problems is an InputError listing
 * every diagnostic; `readPolicy` reads the ladder of a `{ ladder }` choice.
 */
export async function loadScoringChoice(
  choice: RulesChoice,
  readPolicy: (choice: PolicyChoice) => Promise<LadderPolicy>,
): Promise<LabelledScoringRules> {
  if ('preset' in choice) return loadLabelledPreset(choice.preset);
  if ('ladder' in choice) return loadLabelledPreset(defaultScoringPreset(await readPolicy(choice.ladder)));
  const text = await readBoundedTextFile(choice.file, 'scoring rules');
  const parsed = parseScoringRules(text, choice.file);
  if (!parsed.ok)
    throw new InputError(`invalid rules:\n${parsed.diagnostics.map(formatDiagnostic).join('\n')}`);
  return { rules: parsed.value, label: toScoringLabel(choice.file, parsed.value) };
}
