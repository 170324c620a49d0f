import type { ActorRef } from '../../core/activity.ts';
import type { ItemSnapshot } from '../../core/item.ts';
import type { SourceRecord } from '../../core/source-record.ts';
import { type ActorIdentity, toActorIdentity } from './actor-identity.ts';
import type { ActorSighting } from './kysely-identity-resolver.ts';
import { InvalidBatchError, type RecordProblem } from './validate-batch.ts';

/** A raw record ready to insert (all but the time it is stored at). */
export interface PreparedRecord {
  readonly source: string;
  readonly key: string;
  readonly occurred_at: string;
  readonly payload: string;
}

/** An activity ready to insert once its actor is resolved. */
export interface PreparedActivity {
  readonly key: string;
  readonly kind: string;
  readonly actor: string;
  readonly occurred_at: string;
  readonly repo: string | null;
  readonly item_number: number | null;
  readonly url: string | null;
  readonly details: string;
}

/** An item snapshot with its JSON serialized and its people named by actor signature. */
export interface PreparedItem {
  readonly snapshot: ItemSnapshot;
  /** JSON text of the labels, when the snapshot has them. */
  readonly labels: string | undefined;
  /** Actor signature; null for "nobody", undefined when the snapshot does not say. */
  readonly author: string | null | undefined;
  readonly mergedBy: string | null | undefined;
}

/** A validated batch turned into rows: JSON serialized, actors collected once each. */
export interface PreparedBatch {
  readonly records: readonly PreparedRecord[];
  /** Distinct actors by signature, in order of first appearance, with the latest time seen. */
  readonly sightings: ReadonlyMap<string, ActorSighting>;
  readonly activities: readonly PreparedActivity[];
  readonly items: readonly PreparedItem[];
}

/**
 * Serializes a validated batch (see `findBatchProblems`). Throws `InvalidBatchError` naming every
 * record whose payload or details cannot be written as JSON (a BigInt, a cycle).
 */
export function prepareBatch(records: readonly SourceRecord[]): PreparedBatch {
  const problems: RecordProblem[] = [];
  const sightings = new Map<string, ActorSighting>();
  // Sources often hand the same actor object to several observations: normalize it once.
  const normalized = new Map<ActorRef, ActorIdentity>();
  const see = (actor: ActorRef, at: string): string => {
    let identity = normalized.get(actor);
    if (identity === undefined) {
      identity = toActorIdentity(actor)!;
      normalized.set(actor, identity);
    }
    const seen = sightings.get(identity.signature);
    if (seen === undefined) sightings.set(identity.signature, { actor: identity, at });
    else if (at > seen.at) sightings.set(identity.signature, { actor: seen.actor, at });
    return identity.signature;
  };
  const prepared: PreparedRecord[] = [];
  const activities: PreparedActivity[] = [];
  const items: PreparedItem[] = [];

  for (const record of records) {
    const name = `${record.source}:${record.key}`;
    const payload = toJson(record.payload ?? null, name, 'payload', problems);
    if (payload !== undefined) {
      prepared.push({ source: record.source, key: record.key, occurred_at: record.occurredAt, payload });
    }
    record.observations.forEach((observation, index) => {
      switch (observation.kind) {
        case 'actor':
          see(observation.actor, record.occurredAt);
          break;
        case 'activity': {
          const activity = observation.activity;
          const details = toJson(activity.details, name, `observations[${index}].activity.details`, problems);
          if (details === undefined) return;
          activities.push({
            key: activity.key,
            kind: activity.kind,
            actor: see(activity.actor, activity.occurredAt),
            occurred_at: activity.occurredAt,
            repo: activity.repo,
            item_number: activity.itemNumber,
            url: activity.url,
            details,
          });
          break;
        }
        case 'item': {
          const item = observation.item;
          const at = item.observedAt;
          items.push({
            snapshot: item,
            labels: item.labels === undefined ? undefined : JSON.stringify(item.labels),
            author: item.author === undefined || item.author === null ? item.author : see(item.author, at),
            mergedBy:
              item.mergedBy === undefined || item.mergedBy === null ? item.mergedBy : see(item.mergedBy, at),
          });
          break;
        }
      }
    });
  }
  if (problems.length > 0) throw new InvalidBatchError(problems);
  return { records: prepared, sightings, activities, items };
}

function toJson(value: unknown, record: string, path: string, problems: RecordProblem[]): string | undefined {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
    problems.push({ record, path, message: 'cannot be written as JSON' });
  } catch (error) {
    problems.push({ record, path, message: `cannot be written as JSON: ${(error as Error).message}` });
  }
  return undefined;
}
