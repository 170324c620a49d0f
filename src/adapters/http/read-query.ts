import { GROUP_ID_PATTERN } from '../../core/groups/group.ts';
import { parseWindowSpec } from '../../core/window/parse-window-spec.ts';
import { HttpError } from './http-error.ts';

/** A window parameter (`ytd` when absent), checked as the CLI checks `--window`. */
export function readWindowParam(value: string | undefined): string {
  if (value === undefined || value === '') return 'ytd';
  const parsed = parseWindowSpec(value);
  if (!parsed.ok) throw new HttpError('invalid_parameter', parsed.error, 'window');
  return value;
}

/** A repository parameter, `owner/name`, lower-cased; null when absent. */
export function readRepoParam(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!/^[\w.-]+\/[\w.-]+$/.test(value))
    throw new HttpError('invalid_parameter', `expected owner/name, got "${value}"`, 'repo');
  return value.toLowerCase();
}

/** A whole-number parameter within bounds; `fallback` when absent. */
export function readIntegerParam(
  name: string,
  value: string | undefined,
  bounds: { readonly min: number; readonly max: number; readonly fallback: number },
): number {
  if (value === undefined || value === '') return bounds.fallback;
  if (!/^\d+$/.test(value))
    throw new HttpError('invalid_parameter', `${name} must be a whole number, got "${value}"`, name);
  const number = Number(value);
  if (number < bounds.min || number > bounds.max) {
    throw new HttpError(
      'invalid_parameter',
      `${name} must be from ${bounds.min} to ${bounds.max}, got ${value}`,
      name,
    );
  }
  return number;
}

/** A sort parameter: `points` (default) or `recent`. */
export function readSortParam(value: string | undefined): 'points' | 'recent' {
  if (value === undefined || value === '' || value === 'points') return 'points';
  if (value === 'recent') return 'recent';
  throw new HttpError('invalid_parameter', `sort must be "points" or "recent", got "${value}"`, 'sort');
}

/** A search parameter: trimmed, at most 100 characters; null when blank. */
export function readSearchParam(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > 100) throw new HttpError('invalid_parameter', 'q must be at most 100 characters', 'q');
  return trimmed;
}

/** A group parameter: a group id (any case), lower-cased; null when absent. Whether it exists is checked later. */
export function readGroupParam(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const id = value.trim().toLowerCase();
  if (!GROUP_ID_PATTERN.test(id) || id.length > 200)
    throw new HttpError('invalid_parameter', `expected a group id (e.g. sig-docs), got "${value}"`, 'group');
  return id;
}

/** The repository and group parameters of a board: one or the other, not both. */
export function readBoardScope(
  repo: string | undefined,
  group: string | undefined,
): { readonly repo: string | null; readonly group: string | null } {
  const scope = { repo: readRepoParam(repo), group: readGroupParam(group) };
  if (scope.repo !== null && scope.group !== null)
    throw new HttpError('invalid_parameter', 'give repo or group, not both', 'group');
  return scope;
}
