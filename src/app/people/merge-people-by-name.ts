import type { PeopleMergeStore } from './people-merge-store.ts';
import type { PeopleDecision, PersonMerge } from './person-merge.ts';
import { type NameResolution, resolvePersonName } from './resolve-person-name.ts';

/** What `rungs people merge` did, or which name it could not place. */
export type MergeByNameResult =
  | { readonly kind: 'merged'; readonly merge: PersonMerge }
  | { readonly kind: 'not_found'; readonly resolution: Exclude<NameResolution, { kind: 'found' }> }
  | { readonly kind: 'same_person'; readonly login: string };

/**
 * Merges the person `mergedName` names into the one `keptName` names (each a login, an email or
 * a person id) and records the decision. An unknown or ambiguous name, or two names of one
 * person, change nothing and come back as values.
 */
export async function mergePeopleByName(
  store: PeopleMergeStore,
  keptName: string,
  mergedName: string,
  decision: PeopleDecision,
): Promise<MergeByNameResult> {
  const kept = resolvePersonName(keptName, await store.findPeopleNamed(keptName));
  if (kept.kind !== 'found') return { kind: 'not_found', resolution: kept };
  const merged = resolvePersonName(mergedName, await store.findPeopleNamed(mergedName));
  if (merged.kind !== 'found') return { kind: 'not_found', resolution: merged };
  if (kept.person.id === merged.person.id) return { kind: 'same_person', login: kept.person.login };
  return { kind: 'merged', merge: await store.mergePeople(kept.person.id, merged.person.id, decision) };
}
