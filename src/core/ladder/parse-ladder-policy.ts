import type { ParseResult } from '../diagnostics.ts';
import { parseYamlDocument } from '../parse-yaml-document.ts';
import type { LadderPolicy } from './ladder-policy.ts';
import { toLadderPolicy } from './to-ladder-policy.ts';
import { WRITTEN_LADDER_POLICY_SCHEMA } from './written-ladder-policy.ts';

/** Options of {@link parseLadderPolicy}. */
export interface ParseLadderPolicyOptions {
  /** The scoring presets `scoring` may name; unchecked when omitted. */
  readonly scoringPresets?: readonly string[];
}

/**
 * Parses a ladder policy YAML file into a normalized policy, or returns every problem at once,
 * each located at its line, column and key path (`ladder.yaml:14:7 levels[2].requires[0].points.min:
 * expected a number, got "lots"`). `fileName` is only used in diagnostics. Never throws on bad input.
 */
export function parseLadderPolicy(
  text: string,
  fileName: string,
  options: ParseLadderPolicyOptions = {},
): ParseResult<LadderPolicy> {
  const presets = options.scoringPresets;
  const schema =
    presets === undefined
      ? WRITTEN_LADDER_POLICY_SCHEMA
      : WRITTEN_LADDER_POLICY_SCHEMA.superRefine(
          (value, context) => {
            const scoring = (value as { scoring?: unknown } | null)?.scoring;
            if (typeof scoring === 'string' && !presets.includes(scoring)) {
              context.addIssue({
                code: 'custom',
                path: ['scoring'],
                message: `unknown scoring preset "${scoring}"; known presets: ${presets.join(', ')}`,
              });
            }
          },
          { when: () => true },
        );
  const written = parseYamlDocument(text, fileName, schema);
  return written.ok ? { ok: true, value: toLadderPolicy(written.value) } : written;
}
