import { assertNever } from '../assert-never.ts';
import { formatNumber } from './describe-requirement.ts';
import type { LadderPolicy } from './ladder-policy.ts';
import { findLevel } from './ladder-policy.ts';
import type { TraceNote } from './requirement-trace.ts';

/**
 * One note of a requirement's trace in words, or null for a note that needs none. The one wording
 * the CLI, the pages and the static site all show, so they never disagree about why.
 */
export function describeTraceNote(note: TraceNote, policy: LadderPolicy): string | null {
  switch (note.kind) {
    case 'held_since':
      return `${levelTitle(policy, note.level)}${scopeText(note.scope)} since ${dayOf(note.since)}`;
    case 'not_held':
      return `does not hold ${levelTitle(policy, note.level)}${scopeText(note.scope)}`;
    case 'no_term':
      return 'no term to judge this in (the level held before has no term, or none is held)';
    case 'no_cycle':
      return 'no cycle to judge this in';
    case 'window_not_started':
      return `the window starts ${dayOf(note.starts)}`;
    case 'meetings':
      return `${formatNumber(note.attended)} of ${formatNumber(note.held)} ${note.series} meetings`;
    case 'no_meetings_recorded':
      return null;
    case 'electorate':
      return `${formatNumber(note.holders)} ${note.holders === 1 ? 'person holds' : 'people hold'} ${note.levels.map((level) => levelTitle(policy, level)).join(' or ')}`;
    case 'given_by':
      return `by ${note.login} on ${dayOf(note.at)}${note.affiliation === null ? '' : ` (${note.affiliation})`}`;
    case 'giver_unknown':
      return note.login === ''
        ? 'a record names no giver'
        : `${note.login} is not on record: a person must confirm it`;
    case 'giver_not_eligible': {
      const where = note.scope === null ? '' : ` in ${note.scope}`;
      const except = note.exceptScopes.length === 0 ? '' : ` outside ${note.exceptScopes.join(', ')}`;
      return `${note.login} did not hold ${note.levels.map((level) => levelTitle(policy, level)).join(' or ')}${where}${except} on ${dayOf(note.at)}: not counted`;
    }
    case 'self_given':
      return `a record from the person themselves (${dayOf(note.at)}) does not count`;
    case 'same_affiliation':
      return `${note.login} is from ${note.affiliation} like another sponsor: not counted`;
    case 'affiliation_unknown':
      return `${note.login}'s affiliation is not on record: a person must confirm it`;
    case 'scope_not_a_repository':
      return `the scope ${note.scope} is neither a repository nor a group on record: counted everywhere`;
    case 'scope_group':
      return `counted in the ${formatNumber(note.repos)} ${note.repos === 1 ? 'repository' : 'repositories'} of the ${note.group} group`;
    case 'group_unknown':
      return `no group ${note.group} is on record (rungs groups import): nothing counts in it`;
    default:
      return assertNever(note, 'trace note');
  }
}

/** A level's title, or its id when the policy does not name it (`emeritus`). */
export function levelTitle(policy: LadderPolicy, id: string): string {
  return findLevel(policy, id)?.title ?? (id === 'emeritus' ? 'Emeritus' : id);
}

/** ` in owner/name` for a scoped role, nothing for an unscoped one. */
export function scopeText(scope: string | null): string {
  return scope === null ? '' : ` in ${scope}`;
}

function dayOf(instant: string): string {
  return instant.slice(0, 10);
}
