import type { PersonSummary } from '../../core/scoring-fact.ts';
import type { NameMatch, PersonCandidate } from './person-candidate.ts';

/** Whom a name given by a user means. */
export type NameResolution =
  | { readonly kind: 'found'; readonly person: PersonSummary }
  | { readonly kind: 'unknown'; readonly name: string }
  | { readonly kind: 'ambiguous'; readonly name: string; readonly candidates: readonly PersonCandidate[] };

/** Matches by strength: a weaker tier counts only when no stronger one matched anybody. */
const TIERS: readonly ReadonlySet<NameMatch>[] = [
  new Set(['id', 'login', 'email']),
  new Set(['former_login']),
  new Set(['handle']),
];

/**
 * Picks the one person `candidates` (everything `name` matched) mean: an id, a current GitHub
 * login or an email first; then a former login; then a handle (an email's local part, which
 * several git authors may share), each only when nothing stronger matched. Two different people at the same
 * strength are ambiguous, never guessed.
 */
export function resolvePersonName(name: string, candidates: readonly PersonCandidate[]): NameResolution {
  for (const tier of TIERS) {
    const byPerson = new Map<number, PersonCandidate>();
    for (const candidate of candidates) {
      if (!tier.has(candidate.matchedBy)) continue;
      if (!byPerson.has(candidate.person.id)) byPerson.set(candidate.person.id, candidate);
    }
    if (byPerson.size === 1) return { kind: 'found', person: [...byPerson.values()][0]!.person };
    if (byPerson.size > 1) {
      const sorted = [...byPerson.values()].sort((a, b) => a.person.id - b.person.id);
      return { kind: 'ambiguous', name, candidates: sorted };
    }
  }
  return { kind: 'unknown', name };
}
