import type { ParseResult } from '../diagnostics.ts';
import { parseYamlDocument } from '../parse-yaml-document.ts';
import type { LadderPolicy } from './ladder-policy.ts';
import { toLadderPolicy } from './to-ladder-policy.ts';
import { WRITTEN_LADDER_POLICY_SCHEMA } from './written-ladder-policy.ts';

/** Options of {@link parseLadderPolicy}. */
export interface ParseLadderPolicyOptions {
  /** The scoring presets `scoring` may name; unchecked when omitted. */
  readonly scoringPresets?: readonly string[];
  /** The ids of the groups on record, which count `groups` filters may name; unchecked when omitted. */
  readonly groups?: readonly string[];
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
  const groups = options.groups;
  const schema =
    presets === undefined && groups === undefined
      ? WRITTEN_LADDER_POLICY_SCHEMA
      : WRITTEN_LADDER_POLICY_SCHEMA.superRefine(
          (value, context) => {
            const scoring = (value as { scoring?: unknown } | null)?.scoring;
            if (presets !== undefined && typeof scoring === 'string' && !presets.includes(scoring)) {
              context.addIssue({
                code: 'custom',
                path: ['scoring'],
                message: `unknown scoring preset "${scoring}"; known presets: ${presets.join(', ')}`,
              });
            }
            if (groups === undefined) return;
            const known = new Set(groups);
            for (const { path, group } of namedGroups(value)) {
              if (known.has(group.toLowerCase())) continue;
              context.addIssue({
                code: 'custom',
                path,
                message:
                  groups.length === 0
                    ? `no group "${group}" is on record: no groups are imported yet (rungs groups import <file>)`
                    : `no group "${group}" is on record (rungs groups list shows the ${groups.length} there are)`,
              });
            }
          },
          { when: () => true },
        );
  const written = parseYamlDocument(text, fileName, schema);
  return written.ok ? { ok: true, value: toLadderPolicy(written.value) } : written;
}

type KeyPath = (string | number)[];

/** Every group a count's `groups` filter names, with its key path. Defensive: the value may be malformed. */
function namedGroups(value: unknown): { readonly path: KeyPath; readonly group: string }[] {
  const found: { path: KeyPath; group: string }[] = [];
  const walkList = (path: KeyPath, list: unknown): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      walk([...path, index], item);
    });
  };
  const walk = (path: KeyPath, requirement: unknown): void => {
    if (!isRecord(requirement)) return;
    const count = requirement.count;
    if (isRecord(count) && Array.isArray(count.groups)) {
      count.groups.forEach((group: unknown, index) => {
        if (typeof group === 'string') found.push({ path: [...path, 'count', 'groups', index], group });
      });
    }
    walkList([...path, 'all_of'], requirement.all_of);
    walkList([...path, 'any_of'], requirement.any_of);
    if (isRecord(requirement.at_least)) walkList([...path, 'at_least', 'of'], requirement.at_least.of);
  };
  if (!isRecord(value)) return found;
  const containers: [string, unknown][] = [
    ['levels', value.levels],
    ['statuses', value.statuses],
  ];
  for (const [key, list] of containers) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, index) => {
      if (!isRecord(entry)) return;
      walkList([key, index, 'requires'], entry.requires);
      walkList([key, index, 'stay'], entry.stay);
    });
  }
  if (isRecord(value.reinstatement)) walkList(['reinstatement', 'requires'], value.reinstatement.requires);
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
