import type { Leaderboard } from '../core/scoring/build-leaderboard.ts';
import type { PersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import { buildPersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import { SCORING_DETAIL_KINDS } from '../core/scoring/create-column-scorer.ts';
import { createLeaderboardBuilder } from '../core/scoring/create-leaderboard-builder.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../core/scoring-fact.ts';
import type { ResolvedWindow } from '../core/window/resolve-window.ts';
import type { ActivityColumnReader } from './activity-column-reader.ts';
import { InputError } from './input-error.ts';
import type { ActivityFilter, ActivityReader } from './ports.ts';

/** What a board or a breakdown is computed over. */
export interface ScoreQuery {
  readonly rules: ScoringRules;
  readonly window: ResolvedWindow;
  /** Lower-cased `owner/name` to score one repository only. */
  readonly repo?: string | null;
  /** Lower-cased `owner/name` of the repositories to score (a group's); an empty list scores nothing. */
  readonly repos?: readonly string[] | null;
}

/**
 * Computes the leaderboard from stored activities; every number is recomputed, nothing cached. The
 * acts are read in column batches (no object per act), then the people they name.
 */
export async function readLeaderboard(
  reader: ActivityReader & ActivityColumnReader,
  query: ScoreQuery & { readonly limit?: number },
): Promise<Leaderboard> {
  const builder = createLeaderboardBuilder({ rules: query.rules, window: query.window });
  const filter: ActivityFilter = {
    from: query.window.from,
    to: query.window.to,
    repo: query.repo,
    repos: query.repos,
  };
  for await (const batch of reader.readActivityColumns(filter, { detailKinds: SCORING_DETAIL_KINDS }))
    builder.addColumns(batch);
  const people = new Map(
    (await reader.readPeople(builder.personIds())).map((person) => [person.id, person] as const),
  );
  return builder.finish({ people, limit: query.limit });
}

/** One person's points explained act by act; an unknown login is an {@link InputError}. */
export async function readPersonBreakdown(
  reader: ActivityReader,
  login: string,
  query: ScoreQuery,
): Promise<PersonBreakdown> {
  const person = await findPerson(reader, login);
  const facts = await readFacts(reader, {
    from: query.window.from,
    to: query.window.to,
    repo: query.repo,
    repos: query.repos,
    personId: person.id,
  });
  return buildPersonBreakdown({ facts, person, rules: query.rules, window: query.window });
}

/** The stored person a login (current or former, any case) belongs to; unknown is an {@link InputError}. */
export async function findPerson(reader: ActivityReader, login: string): Promise<PersonSummary> {
  const person = await reader.findPersonByLogin(login);
  if (person === null) throw new InputError(`no person with the login "${login}" is on record`);
  return person;
}

async function readFacts(reader: ActivityReader, filter: ActivityFilter): Promise<ScoringFact[]> {
  const facts: ScoringFact[] = [];
  for await (const chunk of reader.readScoringFacts(filter, 10_000)) {
    for (const fact of chunk) facts.push(fact);
  }
  return facts;
}
