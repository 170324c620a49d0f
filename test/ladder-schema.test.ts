import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { formatLadderJsonSchema } from '../src/core/ladder/to-ladder-json-schema.ts';

test('the committed schema/ladder.schema.json is the schema the zod policy schema generates', () => {
  const committed = readFileSync(new URL('../schema/ladder.schema.json', import.meta.url), 'utf8');
  // When this fails after changing the policy schema: rungs ladder schema > schema/ladder.schema.json
  expect(committed).toBe(formatLadderJsonSchema());
});

test('the schema knows every requirement kind and refuses unknown keys', () => {
  const schema = JSON.parse(formatLadderJsonSchema()) as {
    additionalProperties: boolean;
    $defs: { requirement: { properties: Record<string, unknown>; additionalProperties: boolean } };
  };
  expect(schema.additionalProperties).toBe(false);
  expect(schema.$defs.requirement.additionalProperties).toBe(false);
  expect(Object.keys(schema.$defs.requirement.properties).sort()).toEqual(
    [
      'all_of',
      'any_of',
      'at_least',
      'attendance',
      'attestation',
      'count',
      'criterion',
      'points',
      'sponsors',
      'tenure',
      'title',
    ].sort(),
  );
});
