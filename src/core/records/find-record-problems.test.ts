import { describe, expect, test } from 'vitest';
import type { SourceRecord } from '../source-record.ts';
import { findRecordProblems } from './find-record-problems.ts';

function withPayload(payload: unknown): SourceRecord {
  return { source: 'webhook', key: 'd-1', occurredAt: '2024-05-01T12:00:00Z', payload, observations: [] };
}

describe('findRecordProblems', () => {
  test('finds nothing wrong with a plain record', () => {
    expect(findRecordProblems(withPayload({ issue: { title: 'fine', labels: ['a'] } }))).toEqual([]);
  });

  test('locates a NUL character in a payload key by its JSON path', () => {
    expect(findRecordProblems(withPayload({ issue: { 'odd\u0000key': 1 } }))).toEqual([
      { path: 'payload.issue["odd\\u0000key"]', message: 'contains a NUL character, which cannot be stored' },
    ]);
  });

  test('walks a payload nested deeper than the call stack without failing', () => {
    let deep: unknown = 'end\u0000';
    for (let depth = 0; depth < 100_000; depth += 1) deep = [deep];
    const problems = findRecordProblems(withPayload(deep));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toMatch(/^payload(\[0\]){100000}$/);
  });

  test('says why a record time is refused, and refuses times not in the stored form', () => {
    const record = { ...withPayload({}), occurredAt: '2024-05-01T14:00:00+02:00' };
    expect(findRecordProblems(record)).toEqual([
      {
        path: 'occurredAt',
        message:
          'expected a time like 2024-05-01T12:00:00Z, got "2024-05-01T14:00:00+02:00": not in the stored UTC form',
      },
    ]);
    expect(findRecordProblems({ ...record, occurredAt: '2024-13-01T00:00:00Z' })[0]!.message).toContain(
      'there is no month 13',
    );
  });
});
