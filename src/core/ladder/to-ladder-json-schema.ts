import * as z from 'zod';
import { WRITTEN_LADDER_POLICY_SCHEMA } from './written-ladder-policy.ts';

/**
 * The JSON Schema of ladder policy files, generated from the zod schema that validates them, for
 * editors (`# yaml-language-server: $schema=...`). The committed `schema/ladder.schema.json` is this
 * value; a test keeps them equal. References between levels and where windows may be used are only
 * checked by rungs itself (`rungs ladder check`).
 */
export function toLadderJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(WRITTEN_LADDER_POLICY_SCHEMA, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'rungs ladder policy',
    description:
      'A contributor ladder as checked policy: levels in order, what it takes to enter and to stay, standing, inactivity and reinstatement. Check a file with `rungs ladder check <file>`.',
    ...rest,
  };
}

/** The schema as the committed file holds it: two-space JSON with a final newline. */
export function formatLadderJsonSchema(): string {
  return `${JSON.stringify(toLadderJsonSchema(), null, 2)}\n`;
}
