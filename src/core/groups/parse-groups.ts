import * as z from 'zod';
import type { Diagnostic, ParseResult } from '../diagnostics.ts';
import { parseYamlDocument } from '../parse-yaml-document.ts';
import { GROUP_ID_PATTERN, type Group } from './group.ts';
import { parseOwnersUrl, parseRepositoryPath, type RepositoryPath } from './repository-path.ts';

/** The two files groups are read from: rungs' own `groups.yaml`, and Kubernetes' `sigs.yaml`. */
export type GroupsFormat = 'rungs' | 'sigs.yaml';

/** A groups file read: which format it was, and its groups (parents before their children). */
export interface GroupsFile {
  readonly format: GroupsFormat;
  readonly groups: readonly Group[];
}

/** The top-level lists of a sigs.yaml, with the kind their groups get. */
export const SIGS_YAML_LISTS = [
  { key: 'sigs', kind: 'sig' },
  { key: 'workinggroups', kind: 'wg' },
  { key: 'committees', kind: 'committee' },
  { key: 'usergroups', kind: 'ug' },
] as const;

const ID_MESSAGE = 'expected an id of lower-case letters, digits, ., _ and - (e.g. sig-docs)';
const REPO_MESSAGE = 'expected a repository (owner/name) or a directory in one (owner/name/path)';
const text = z.string().trim().min(1);
const groupId = z.string().regex(GROUP_ID_PATTERN, { error: ID_MESSAGE });

/**
 * rungs' own groups file. Every key is checked (unknown keys are errors), ids are unique, a
 * `parent` names another group and parents never loop.
 *
 * ```yaml
 * groups:
 *   - { id: sig-docs, name: SIG Docs, kind: sig, repos: [acme/website] }
 *   - { id: reference-docs, name: Reference docs, kind: subproject, parent: sig-docs, repos: [acme/website/content/reference] }
 * ```
 */
export const WRITTEN_GROUPS_SCHEMA = z.strictObject({
  groups: z.array(
    z.strictObject({
      id: groupId,
      name: text,
      kind: text.meta({ description: 'sig, wg, committee, subproject, or your own word' }),
      parent: groupId.optional().meta({ description: 'The id of the group this one belongs to' }),
      repos: z
        .array(
          z.string({ error: REPO_MESSAGE }).refine((value) => parseRepositoryPath(value) !== null, {
            error: (issue) => `${REPO_MESSAGE}, got ${JSON.stringify(issue.input)}`,
          }),
        )
        .optional()
        .meta({ description: 'Repositories (owner/name) and directories (owner/name/path)' }),
    }),
  ),
});

// sigs.yaml is another project's format: only the keys rungs reads are checked, the rest
// (leadership, meetings, contact, ...) are passed over.
const subprojectSchema = z.object({
  name: text,
  owners: z.array(z.string({ error: 'expected the URL of an OWNERS file' })).nullish(),
});
const sigsGroupSchema = z.object({
  dir: z.string({ error: 'expected the group’s directory name, e.g. sig-node' }),
  name: text,
  subprojects: z.array(subprojectSchema).nullish(),
});
const SIGS_YAML_SCHEMA = z.object({
  sigs: z.array(sigsGroupSchema).nullish(),
  workinggroups: z.array(sigsGroupSchema).nullish(),
  committees: z.array(sigsGroupSchema).nullish(),
  usergroups: z.array(sigsGroupSchema).nullish(),
});

type WrittenGroups = z.output<typeof WRITTEN_GROUPS_SCHEMA>;
type WrittenSigsYaml = z.output<typeof SIGS_YAML_SCHEMA>;
type Context = z.core.$RefinementCtx<unknown>;

/**
 * Parses a groups file, telling the two formats apart by their top-level keys: `groups` is rungs'
 * format (strict: unknown keys are errors), `sigs`, `workinggroups`, `committees` or `usergroups`
 * is a Kubernetes sigs.yaml (tolerant: keys rungs does not read are passed over). In a sigs.yaml
 * each group's id is its `dir`; each subproject becomes a group of kind `subproject` whose parent
 * is its group and whose repositories and directories come from its OWNERS URLs; a group works in
 * all of its subprojects' repositories. A subproject's id is its name made into an id; when that
 * id is taken it is prefixed with its parent's (`sig-node-kubelet`). Returns every problem at
 * once, located at file:line:column and key path. Never throws on bad input.
 */
export function parseGroups(text: string, fileName: string): ParseResult<GroupsFile> {
  const read = parseYamlDocument(text, fileName, z.unknown());
  if (!read.ok) return read;
  const top = read.value;
  const keys = isRecord(top) ? Object.keys(top) : [];
  if (keys.includes('groups')) {
    const schema = WRITTEN_GROUPS_SCHEMA.superRefine((value, context) => checkRungsGroups(value, context), {
      when: () => true,
    });
    const parsed = parseYamlDocument(text, fileName, schema);
    return parsed.ok ? { ok: true, value: { format: 'rungs', groups: toRungsGroups(parsed.value) } } : parsed;
  }
  if (SIGS_YAML_LISTS.some((list) => keys.includes(list.key))) {
    const schema = SIGS_YAML_SCHEMA.superRefine((value, context) => checkSigsYaml(value, context), {
      when: () => true,
    });
    const parsed = parseYamlDocument(text, fileName, schema);
    return parsed.ok
      ? { ok: true, value: { format: 'sigs.yaml', groups: toSigsYamlGroups(parsed.value) } }
      : parsed;
  }
  const diagnostic: Diagnostic = {
    file: fileName,
    line: 1,
    column: 1,
    path: '',
    message: `expected a rungs groups file (groups: [...]) or a Kubernetes sigs.yaml (${SIGS_YAML_LISTS.map((list) => list.key).join(', ')})${keys.length === 0 ? '' : `; found ${keys.map((key) => JSON.stringify(key)).join(', ')}`}`,
  };
  return { ok: false, diagnostics: [diagnostic] };
}

/** Ids are unique and parents exist without loops. Defensive: runs on a malformed value too, so every problem shows at once. */
function checkRungsGroups(value: unknown, context: Context): void {
  const written = isRecord(value) && Array.isArray(value.groups) ? (value.groups as unknown[]) : [];
  const groups = written.map((group) => ({
    id: isRecord(group) && typeof group.id === 'string' ? group.id : null,
    parent: isRecord(group) && typeof group.parent === 'string' ? group.parent : null,
  }));
  const first = new Map<string, number>();
  groups.forEach((group, index) => {
    if (group.id === null) return;
    const seen = first.get(group.id);
    if (seen === undefined) first.set(group.id, index);
    else
      context.addIssue({
        code: 'custom',
        path: ['groups', index, 'id'],
        message: `group "${group.id}" is declared twice (first as groups[${seen}])`,
      });
  });
  const parentOf = new Map<string, string | null>();
  for (const group of groups)
    if (group.id !== null && !parentOf.has(group.id)) parentOf.set(group.id, group.parent);
  groups.forEach((group, index) => {
    if (group.parent === null || group.id === null) return;
    const path = ['groups', index, 'parent'];
    if (!first.has(group.parent)) {
      context.addIssue({ code: 'custom', path, message: `no group "${group.parent}" is declared` });
      return;
    }
    // A parent chain that comes back to the group never ends.
    const chain = [group.id];
    for (let parent: string | null = group.parent; parent !== null; parent = parentOf.get(parent) ?? null) {
      if (parent === group.id) {
        context.addIssue({
          code: 'custom',
          path,
          message: `parents go round in a circle: ${[...chain, parent].join(' → ')}`,
        });
        return;
      }
      if (chain.includes(parent)) return;
      chain.push(parent);
    }
  });
}

function toRungsGroups(value: WrittenGroups): Group[] {
  return value.groups.map((group) => {
    const places = (group.repos ?? []).map((repo) => parseRepositoryPath(repo)!);
    return {
      id: group.id,
      name: group.name,
      kind: group.kind,
      parent: group.parent ?? null,
      ...toReposAndDirectories(places),
    };
  });
}

/** Dirs are ids and unique; owners are OWNERS URLs. Defensive: runs on a malformed value too. */
function checkSigsYaml(value: unknown, context: Context): void {
  if (!isRecord(value)) return;
  const first = new Map<string, string>();
  for (const { key } of SIGS_YAML_LISTS) {
    const list = value[key];
    if (!Array.isArray(list)) continue;
    list.forEach((group: unknown, index) => {
      if (!isRecord(group)) return;
      const dir = group.dir;
      if (typeof dir === 'string') {
        if (!GROUP_ID_PATTERN.test(dir)) {
          context.addIssue({ code: 'custom', path: [key, index, 'dir'], message: ID_MESSAGE });
        } else if (first.has(dir)) {
          context.addIssue({
            code: 'custom',
            path: [key, index, 'dir'],
            message: `dir "${dir}" is used twice (first by ${first.get(dir)})`,
          });
        } else {
          first.set(dir, `${key}[${index}]`);
        }
      }
      const subprojects = Array.isArray(group.subprojects) ? (group.subprojects as unknown[]) : [];
      subprojects.forEach((subproject, subIndex) => {
        const owners = isRecord(subproject) && Array.isArray(subproject.owners) ? subproject.owners : [];
        owners.forEach((url: unknown, urlIndex) => {
          if (typeof url !== 'string' || parseOwnersUrl(url) !== null) return;
          context.addIssue({
            code: 'custom',
            path: [key, index, 'subprojects', subIndex, 'owners', urlIndex],
            message: `expected the URL of an OWNERS file on GitHub (https://raw.githubusercontent.com/<owner>/<name>/<branch>/<path>/OWNERS), got ${JSON.stringify(url)}`,
          });
        });
      });
    });
  }
}

function toSigsYamlGroups(value: WrittenSigsYaml): Group[] {
  const taken = new Set<string>();
  for (const { key } of SIGS_YAML_LISTS) for (const group of value[key] ?? []) taken.add(group.dir);
  const groups: Group[] = [];
  for (const { key, kind } of SIGS_YAML_LISTS) {
    for (const written of value[key] ?? []) {
      const subprojects: Group[] = (written.subprojects ?? []).map((subproject, index) => {
        const id = uniqueId(subprojectIdOf(subproject.name, written.dir, index), written.dir, taken);
        const places = (subproject.owners ?? []).map((url) => parseOwnersUrl(url)!);
        return {
          id,
          name: subproject.name,
          kind: 'subproject',
          parent: written.dir,
          ...toReposAndDirectories(places),
        };
      });
      const places = subprojects.flatMap((subproject) => [
        ...subproject.repos.map((repo) => ({ repo, path: '' })),
        ...subproject.directories.map((directory) => parseRepositoryPath(directory)!),
      ]);
      groups.push({
        id: written.dir,
        name: written.name,
        kind,
        parent: null,
        ...toReposAndDirectories(places),
      });
      groups.push(...subprojects);
    }
  }
  return groups;
}

/** A subproject's name made into an id: `Cluster API` → `cluster-api`. */
function subprojectIdOf(name: string, parent: string, index: number): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  return slug === '' ? `${parent}-subproject-${index + 1}` : slug;
}

/** `id`, else `parent-id`, else `parent-id-2`, ...: the first not yet taken, which it then takes. */
function uniqueId(id: string, parent: string, taken: Set<string>): string {
  let candidate = taken.has(id) ? `${parent}-${id}` : id;
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${parent}-${id}-${suffix}`;
  taken.add(candidate);
  return candidate;
}

function toReposAndDirectories(places: readonly RepositoryPath[]): {
  repos: string[];
  directories: string[];
} {
  const repos = new Set<string>();
  const directories = new Set<string>();
  for (const place of places) {
    repos.add(place.repo);
    if (place.path !== '') directories.add(`${place.repo}/${place.path}`);
  }
  return { repos: [...repos].sort(), directories: [...directories].sort() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
