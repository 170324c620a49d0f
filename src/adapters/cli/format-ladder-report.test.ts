import { describe, expect, test } from 'vitest';
import type { CommunityEvaluation } from '../../core/ladder/evaluate-community.ts';
import { loadLadderPreset } from '../presets/load-ladder-preset.ts';
import { formatLadderReport } from './format-ladder-report.ts';

const policy = loadLadderPreset('kubernetes');

function evaluationWithVoters(voters: readonly string[]): CommunityEvaluation {
  return {
    asOf: '2026-06-30T23:59:59Z',
    people: voters.length,
    holders: {},
    eligible: [],
    standing: [],
    inactivity: [],
    reinstatable: [],
    statuses: { voter: voters },
    evaluations: null,
  };
}

describe('formatLadderReport', () => {
  test('lists at most the limit of a status and says how many more hold it', () => {
    const text = formatLadderReport(evaluationWithVoters(['ana', 'bo', 'cy', 'di']), policy, 'table', 2);
    expect(text).toMatch(/\(4\): ana, bo, and 2 more$/m);
  });

  test('cuts a table at the limit and says how many more there are', () => {
    const inactivity = ['ana', 'bo', 'cy'].map((login, index) => ({
      personId: index + 1,
      login,
      levels: ['member'],
      inactivity: {
        kind: 'notice_due' as const,
        lastContributionAt: '2025-01-10T12:00:00Z',
        noticeDueAt: '2026-01-10T12:00:00Z',
        graceEndsAt: '2026-02-09T12:00:00Z',
      },
    }));
    const text = formatLadderReport({ ...evaluationWithVoters([]), inactivity }, policy, 'table', 2);
    expect(text).toContain('Inactivity notices (3)');
    expect(text).toMatch(/^\s+ana\s/m);
    expect(text).toMatch(/^\s+bo\s/m);
    expect(text).not.toMatch(/^\s+cy\s/m);
    expect(text).toContain('... and 1 more (--limit 0 lists everyone)');
  });

  test('lists everyone without a limit, and in JSON whatever the limit', () => {
    const voters = ['ana', 'bo', 'cy', 'di'];
    expect(formatLadderReport(evaluationWithVoters(voters), policy, 'table', null)).toMatch(
      /\(4\): ana, bo, cy, di$/m,
    );
    const json = JSON.parse(formatLadderReport(evaluationWithVoters(voters), policy, 'json', 1));
    expect(json.statuses.voter).toEqual(voters);
  });
});
