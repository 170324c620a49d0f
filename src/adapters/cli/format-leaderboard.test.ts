import { describe, expect, test } from 'vitest';
import { ACTIVITY_KINDS } from '../../core/activity.ts';
import type { Leaderboard } from '../../core/scoring/build-leaderboard.ts';
import type { KindCounts } from '../../core/scoring/kind-counts.ts';
import type { ScoringLabel } from '../../core/scoring/scoring-label.ts';
import { formatLeaderboard } from './format-leaderboard.ts';

const counts = Object.fromEntries(ACTIVITY_KINDS.map((kind) => [kind, 0])) as unknown as KindCounts;
const board: Leaderboard & { readonly scoring: ScoringLabel } = {
  scoring: { name: 'balanced', description: null },
  window: { label: 'all time', from: null, to: '2026-01-01T00:00:00Z' },
  totalPeople: 2,
  unknownPersonFacts: 0,
  rows: [
    {
      rank: 1,
      personId: 1,
      login: 'ana',
      name: 'Ana',
      points: 10,
      counts,
      lastActiveAt: '2025-12-01T00:00:00Z',
    },
    {
      rank: 2,
      personId: 7,
      login: 'person:7',
      name: 'Finn',
      points: 5,
      counts,
      lastActiveAt: '2025-12-02T00:00:00Z',
    },
  ],
};

describe('formatLeaderboard', () => {
  test('gives an unlinked person no login in JSON, but their handle, name and the unlinked mark', () => {
    const rows = (JSON.parse(formatLeaderboard(board, 'json')) as { rows: object[] }).rows;
    expect(rows[0]).toMatchObject({ login: 'ana', handle: 'ana', unlinked: false, name: 'Ana' });
    expect(rows[1]).toMatchObject({ login: null, handle: 'person:7', unlinked: true, name: 'Finn' });
  });

  test('leaves the login column of an unlinked person empty in CSV and names them in the table', () => {
    const csv = formatLeaderboard(board, 'csv').split('\n');
    expect(csv[0]!.split(',').at(-1)).toBe('handle');
    expect(csv[2]!.startsWith('2,,Finn,5,')).toBe(true);
    expect(csv[2]!.endsWith(',person:7')).toBe(true);
    const table = formatLeaderboard(board, 'table');
    expect(table).toContain('Finn (unlinked: person:7)');
  });
});
