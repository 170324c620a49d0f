import type { ActivityKind, ActivityRecord, ActorRef } from '../../src/core/activity.ts';
import type { ItemSnapshot } from '../../src/core/item.ts';
import type { Observation, SourceName, SourceRecord } from '../../src/core/source-record.ts';

/** A GitHub account as GH Archive shows it. */
export function githubActor(githubId: number, login: string): ActorRef {
  return { githubId, login };
}

/** A raw record with its observations; the payload echoes the key so it can be told apart. */
export function sourceRecord(
  key: string,
  occurredAt: string,
  observations: readonly Observation[],
  source: SourceName = 'gharchive',
): SourceRecord {
  return { source, key, occurredAt, payload: { id: key, at: occurredAt }, observations };
}

/** An activity observation; repo, item, url and details default to none. */
export function activityObservation(
  activity: Pick<ActivityRecord, 'key' | 'actor' | 'occurredAt'> &
    Partial<ActivityRecord> & { kind?: ActivityKind },
): Observation {
  return {
    kind: 'activity',
    activity: {
      kind: 'issue_comment',
      repo: null,
      itemNumber: null,
      url: null,
      details: {},
      ...activity,
    },
  };
}

/** An item snapshot observation. */
export function itemObservation(item: ItemSnapshot): Observation {
  return { kind: 'item', item };
}

/** An actor observation (an actor seen without an act, e.g. a webhook sender). */
export function actorObservation(actor: ActorRef): Observation {
  return { kind: 'actor', actor };
}

/** A record holding one activity, keyed after it. */
export function activityRecord(
  activity: Pick<ActivityRecord, 'key' | 'actor' | 'occurredAt'> & Partial<ActivityRecord>,
  source: SourceName = 'gharchive',
): SourceRecord {
  return sourceRecord(`event:${activity.key}`, activity.occurredAt, [activityObservation(activity)], source);
}

/** 2024-03-01 at `minute` past 10:00 UTC: the contract tests' clock. */
export function minutePast(minute: number): string {
  return `2024-03-01T10:${String(minute).padStart(2, '0')}:00Z`;
}

/**
 * Two GitHub accounts of one human, as the merge tests need them: `first` commented on an issue
 * at minute 1; `second` opened and merged PR `repo#9` at minute 2 (author, merger and the act).
 */
export function twoAccountsOfOnePerson(
  first: ActorRef,
  second: ActorRef,
  repo: string,
): readonly SourceRecord[] {
  return [
    activityRecord({ key: 'issue_comment:1', actor: first, occurredAt: minutePast(1) }),
    sourceRecord('e2', minutePast(2), [
      itemObservation({
        repo,
        number: 9,
        type: 'pr',
        observedAt: minutePast(2),
        author: second,
        mergedBy: second,
        mergedAt: minutePast(2),
        state: 'closed',
      }),
      activityObservation({
        key: `pr_merged:${repo}#9`,
        kind: 'pr_merged',
        actor: second,
        occurredAt: minutePast(2),
        repo,
        itemNumber: 9,
      }),
    ]),
  ];
}
