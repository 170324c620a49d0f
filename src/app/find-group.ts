import type { Group } from '../core/groups/group.ts';
import { InputError } from './input-error.ts';
import type { GroupReader } from './ports.ts';

/** A group id that no stored group has. An {@link InputError}: the user named it. */
export class GroupNotFoundError extends InputError {
  readonly groupId: string;

  constructor(groupId: string, known: readonly Group[]) {
    const listed = known.slice(0, 12).map((group) => group.id);
    super(
      known.length === 0
        ? `no group "${groupId}" is on record: no groups are imported yet (rungs groups import <file>)`
        : `no group "${groupId}" is on record; groups: ${listed.join(', ')}${known.length > listed.length ? `, ... (${known.length} in all)` : ''}`,
    );
    this.groupId = groupId;
  }
}

/** The stored group with this id (any case); a {@link GroupNotFoundError} when there is none. */
export async function findGroup(groups: GroupReader, id: string): Promise<Group> {
  const key = id.trim().toLowerCase();
  const all = await groups.readGroups();
  const found = all.find((group) => group.id === key);
  if (found === undefined) throw new GroupNotFoundError(id.trim(), all);
  return found;
}
