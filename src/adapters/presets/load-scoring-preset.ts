import { readFileSync } from 'node:fs';
import { InputError } from '../../app/input-error.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';
import { parseScoringRules } from '../../core/scoring/parse-scoring-rules.ts';
import type { ScoringRules } from '../../core/scoring/scoring-rules.ts';

/** The scoring presets shipped in `presets/scoring/`, the default first. */
export const SCORING_PRESETS = ['balanced', 'kubestellar'] as const;

/** One of {@link SCORING_PRESETS}. */
export type ScoringPresetName = (typeof SCORING_PRESETS)[number];

/** The preset used when none is chosen. */
export const DEFAULT_SCORING_PRESET: ScoringPresetName = 'balanced';

const PRESET_DIRECTORY = new URL('../../../presets/scoring/', import.meta.url);

/** True when `name` names a shipped scoring preset. */
export function isScoringPresetName(name: string): name is ScoringPresetName {
  return (SCORING_PRESETS as readonly string[]).includes(name);
}

/**
 * Reads and parses `presets/scoring/<name>.yaml` from the package. Throws an {@link InputError}
 * naming the known presets for an unknown name, and a plain Error (a packaging bug) when a shipped
 * preset does not parse.
 */
export function loadScoringPreset(name: string): ScoringRules {
  if (!isScoringPresetName(name)) {
    throw new InputError(`unknown scoring preset "${name}"; known presets: ${SCORING_PRESETS.join(', ')}`);
  }
  const fileName = `presets/scoring/${name}.yaml`;
  const text = readFileSync(new URL(`${name}.yaml`, PRESET_DIRECTORY), 'utf8');
  const parsed = parseScoringRules(text, fileName);
  if (!parsed.ok) {
    throw new Error(
      `shipped scoring preset is invalid:\n${parsed.diagnostics.map(formatDiagnostic).join('\n')}`,
    );
  }
  return parsed.value;
}
