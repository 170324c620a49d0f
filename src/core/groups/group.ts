/**
 * A part of a community that owns repositories or directories: a SIG, a working group, a
 * committee, a user group, a subproject, or whatever a community calls its teams. Plain data
 * (JSON-safe), made by `parseGroups` and stored as it is.
 */
export interface Group {
  /** Lower-case id without `/` (so a scope names a group or a repository, never both): `sig-node`. */
  readonly id: string;
  readonly name: string;
  /** `sig`, `wg`, `committee`, `ug`, `subproject`, or a community's own word. */
  readonly kind: string;
  /** The group this one belongs to (a subproject's SIG), or null. */
  readonly parent: string | null;
  /**
   * Lower-cased `owner/name` of every repository the group works in, sorted, each once. A
   * directory's repository is listed too: acts carry no file paths, so they match by repository.
   */
  readonly repos: readonly string[];
  /** Directories the group owns as `owner/name/path` (repository lower-cased, path as written), sorted. */
  readonly directories: readonly string[];
}

/** The shape of a group id: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export const GROUP_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** The groups by id with their repositories, as the ladder and the boards look them up. */
export function toGroupRepos(groups: readonly Group[]): ReadonlyMap<string, readonly string[]> {
  return new Map(groups.map((group) => [group.id, group.repos] as const));
}
