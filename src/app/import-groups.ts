import type { ParseResult } from '../core/diagnostics.ts';
import type { GroupsFormat } from '../core/groups/parse-groups.ts';
import { parseGroups } from '../core/groups/parse-groups.ts';
import type { GroupStore } from './ports.ts';

/** What an import of groups stored. */
export interface GroupsImportSummary {
  readonly format: GroupsFormat;
  readonly groups: number;
  /** Groups per kind, in the order kinds first appear. */
  readonly kinds: Readonly<Record<string, number>>;
  /** Distinct repositories over every group. */
  readonly repos: number;
  /** Distinct directories over every group. */
  readonly directories: number;
}

/**
 * Reads a groups file (rungs' groups.yaml or Kubernetes' sigs.yaml) and, only when it has no
 * problem, replaces the stored groups with it. A file with problems stores nothing and returns
 * every diagnostic; importing the same file twice leaves the same groups.
 */
export async function importGroups(
  store: GroupStore,
  text: string,
  fileName: string,
): Promise<ParseResult<GroupsImportSummary>> {
  const parsed = parseGroups(text, fileName);
  if (!parsed.ok) return parsed;
  const { format, groups } = parsed.value;
  await store.replaceGroups(groups);
  const kinds: Record<string, number> = {};
  for (const group of groups) kinds[group.kind] = (kinds[group.kind] ?? 0) + 1;
  return {
    ok: true,
    value: {
      format,
      groups: groups.length,
      kinds,
      repos: new Set(groups.flatMap((group) => group.repos)).size,
      directories: new Set(groups.flatMap((group) => group.directories)).size,
    },
  };
}
