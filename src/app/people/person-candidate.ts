import type { PersonSummary } from '../../core/scoring-fact.ts';

/**
 * How a name given on the command line matched a person: their id, current GitHub login, an
 * email, a former login, or the handle of a person without a GitHub account (an email's local part).
 */
export type NameMatch = 'id' | 'login' | 'email' | 'former_login' | 'handle';

/** A person a name could mean, and how it matched. */
export interface PersonCandidate {
  readonly person: PersonSummary;
  readonly matchedBy: NameMatch;
}
