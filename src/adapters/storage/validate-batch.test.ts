import { describe, expect, test } from 'vitest';
import type { SourceRecord } from '../../core/source-record.ts';
import { findBatchProblems, InvalidBatchError, isIsoSecondTime } from './validate-batch.ts';

describe('isIsoSecondTime', () => {
  test('accepts UTC times to the second that name a real instant', () => {
    expect(isIsoSecondTime('2024-02-29T23:59:59Z')).toBe(true);
    expect(isIsoSecondTime('2000-02-29T00:00:00Z')).toBe(true);
  });

  test('rejects other forms, which would sort wrongly as text, and impossible dates', () => {
    for (const value of [
      '2024-02-29T23:59:59.000Z',
      '2024-02-29T23:59:59+00:00',
      '2024-02-29',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      1_700_000_000,
      null,
    ]) {
      expect(isIsoSecondTime(value), String(value)).toBe(false);
    }
  });
});

describe('findBatchProblems', () => {
  const time = '2024-05-01T12:00:00Z';

  test('finds nothing wrong with a well-formed record', () => {
    const record: SourceRecord = {
      source: 'webhook',
      key: 'delivery-1',
      occurredAt: time,
      payload: {},
      observations: [
        { kind: 'actor', actor: { login: 'mona' } },
        {
          kind: 'item',
          item: {
            repo: 'o/r',
            number: 1,
            type: 'pr',
            observedAt: time,
            closedAt: null,
            author: null,
            labels: [],
          },
        },
        {
          kind: 'activity',
          activity: {
            key: 'pr_opened:o/r#1',
            kind: 'pr_opened',
            actor: { githubId: 1 },
            occurredAt: time,
            repo: 'o/r',
            itemNumber: 1,
            url: null,
            details: {},
          },
        },
      ],
    };
    expect(findBatchProblems([record])).toEqual([]);
  });

  test('locates every problem by record and path', () => {
    const record = {
      source: 'gharchive',
      key: '123',
      occurredAt: time,
      payload: {},
      observations: [
        {
          kind: 'item',
          item: {
            repo: 'O/R',
            number: 0,
            type: 'discussion',
            observedAt: time,
            state: 'merged',
            labels: [1],
          },
        },
        {
          kind: 'activity',
          activity: {
            key: 'x',
            kind: 'starred',
            actor: { githubId: -1 },
            occurredAt: time,
            repo: null,
            itemNumber: 1.5,
            url: null,
            details: [],
          },
        },
        { kind: 'vote' },
      ],
    } as unknown as SourceRecord;
    expect(
      findBatchProblems([record]).map((problem) => `${problem.record} ${problem.path}: ${problem.message}`),
    ).toEqual([
      'gharchive:123 observations[0].item.repo: expected a lower-cased owner/name, got "O/R"',
      'gharchive:123 observations[0].item.number: expected a positive whole number, got 0',
      'gharchive:123 observations[0].item.type: expected issue or pr, got "discussion"',
      'gharchive:123 observations[0].item.labels: expected a list of label names',
      'gharchive:123 observations[0].item.state: unknown state "merged"',
      'gharchive:123 observations[1].activity.kind: unknown activity kind "starred"',
      'gharchive:123 observations[1].activity.actor.githubId: expected a positive whole number, got -1',
      'gharchive:123 observations[1].activity.itemNumber: expected a positive whole number, got 1.5',
      'gharchive:123 observations[1].activity.details: expected an object',
      'gharchive:123 observations[2].kind: unknown observation kind "vote"',
    ]);
  });

  test('an invalid batch error names the first problem and counts the rest', () => {
    const error = new InvalidBatchError([
      { record: 'git:abc', path: 'occurredAt', message: 'bad' },
      { record: 'git:def', path: 'key', message: 'worse' },
    ]);
    expect(error.message).toBe('invalid record git:abc at occurredAt: bad (and 1 more problems)');
  });
});
