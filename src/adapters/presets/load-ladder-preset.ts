import { readFileSync } from 'node:fs';
import { InputError } from '../../app/input-error.ts';
import type { ParseResult } from '../../core/diagnostics.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';
import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';
import { parseLadderPolicy } from '../../core/ladder/parse-ladder-policy.ts';
import { LADDER_PRESETS, type LadderPresetName } from './ladder-preset-names.ts';
import { SCORING_PRESETS } from './load-scoring-preset.ts';

export { LADDER_PRESETS, type LadderPresetName };

/** The preset used when none is chosen. */
export const DEFAULT_LADDER_PRESET: LadderPresetName = 'kubestellar';

const PRESET_DIRECTORY = new URL('../../../presets/ladders/', import.meta.url);

/** True when `name` names a shipped ladder preset. */
export function isLadderPresetName(name: string): name is LadderPresetName {
  return (LADDER_PRESETS as readonly string[]).includes(name);
}

/** The text and the file name (as diagnostics show it) of a shipped preset; an unknown name is an {@link InputError}. */
export function readLadderPresetText(name: string): { readonly text: string; readonly fileName: string } {
  if (!isLadderPresetName(name)) {
    throw new InputError(`unknown ladder preset "${name}"; known presets: ${LADDER_PRESETS.join(', ')}`);
  }
  return {
    text: readFileSync(new URL(`${name}.yaml`, PRESET_DIRECTORY), 'utf8'),
    fileName: `presets/ladders/${name}.yaml`,
  };
}

/** Parses a shipped preset, returning its diagnostics instead of throwing (for `rungs ladder check`). */
export function checkLadderPreset(name: string): ParseResult<LadderPolicy> {
  const { text, fileName } = readLadderPresetText(name);
  return parseLadderPolicy(text, fileName, { scoringPresets: SCORING_PRESETS });
}

/**
 * Reads and parses `presets/ladders/<name>.yaml`. Throws an {@link InputError} for an unknown name
 * and for a preset that does not load, with every diagnostic: the `cncf` template refuses to load
 * until its TODO numbers are filled in, and says which.
 */
export function loadLadderPreset(name: string): LadderPolicy {
  const parsed = checkLadderPreset(name);
  if (parsed.ok) return parsed.value;
  const lines = parsed.diagnostics.map(formatDiagnostic).join('\n');
  const todos = parsed.diagnostics.filter((diagnostic) => diagnostic.message.includes('TODO'));
  if (todos.length === parsed.diagnostics.length) {
    throw new InputError(
      `the ${name} preset is a template: copy presets/ladders/${name}.yaml, fill in its ${todos.length} TODO values and use it with --policy:\n${lines}`,
    );
  }
  throw new InputError(`the ${name} ladder preset does not load:\n${lines}`);
}
