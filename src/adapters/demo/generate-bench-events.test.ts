import { describe, expect, test } from 'vitest';
import { generateBenchEvents } from './generate-bench-events.ts';
import type { GhArchiveEvent } from './gh-archive-event.ts';

const options = { events: 6000, seed: 11, org: 'bench-org', orgShare: 0.05, hour: '2025-06-01T12:00:00Z' };
const events: GhArchiveEvent[] = [...generateBenchEvents(options)];

describe('generateBenchEvents', () => {
  test('is deterministic for a seed and differs for another seed', () => {
    const again = [...generateBenchEvents(options)].slice(0, 300).map((e) => JSON.stringify(e));
    expect(again).toEqual(events.slice(0, 300).map((e) => JSON.stringify(e)));
    const other = [...generateBenchEvents({ ...options, seed: 12, events: 300 })].map((e) =>
      JSON.stringify(e),
    );
    expect(other).not.toEqual(again);
  });

  test('spreads events over the hour in order, with unique increasing ids', () => {
    expect(events).toHaveLength(6000);
    for (let i = 1; i < events.length; i++) {
      expect(Number(events[i]?.id)).toBeGreaterThan(Number(events[i - 1]?.id));
      expect((events[i] as GhArchiveEvent).created_at >= (events[i - 1] as GhArchiveEvent).created_at).toBe(
        true,
      );
    }
    expect(events[0]?.created_at).toBe('2025-06-01T12:00:00Z');
    expect(events.at(-1)?.created_at.startsWith('2025-06-01T12:59')).toBe(true);
  });

  test('puts about orgShare of the events in the organization and the rest in many others', () => {
    const inOrg = events.filter((e) => e.org?.login === 'bench-org');
    expect(inOrg.length / events.length).toBeGreaterThan(0.035);
    expect(inOrg.length / events.length).toBeLessThan(0.065);
    expect(inOrg.every((e) => e.repo.name.startsWith('bench-org/'))).toBe(true);
    const outside = events.filter((e) => e.org?.login !== 'bench-org');
    expect(outside.some((e) => e.repo.name.startsWith('bench-org/'))).toBe(false);
    expect(new Set(outside.map((e) => e.repo.name)).size).toBeGreaterThan(1000);
    expect(outside.some((e) => e.org === undefined)).toBe(true);
  });

  test('mixes event types and both payload shapes at about 2 KB per event', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'PushEvent',
      'PullRequestEvent',
      'PullRequestReviewEvent',
      'IssuesEvent',
      'IssueCommentEvent',
      'WatchEvent',
    ]) {
      expect(types).toContain(type);
    }
    const pushes = events.filter((e) => e.type === 'PushEvent');
    expect(pushes.some((e) => Array.isArray(e.payload.commits))).toBe(true);
    expect(pushes.some((e) => !('commits' in e.payload))).toBe(true);
    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0);
    expect(bytes / events.length).toBeGreaterThan(1500);
    expect(bytes / events.length).toBeLessThan(3000);
  });
});
