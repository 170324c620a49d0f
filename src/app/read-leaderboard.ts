import type { Leaderboard } from '../core/scoring/build-leaderboard.ts';
import { buildLeaderboard } from '../core/scoring/build-leaderboard.ts';
import type { PersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import { buildPersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../core/scoring-fact.ts';
import type { ResolvedWindow } from '../core/window/resolve-window.ts';
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

/** Computes the leaderboard from stored activities; every number is recomputed, nothing cached. */
export async function readLeaderboard(
  reader: ActivityReader,
  query: ScoreQuery & { readonly limit?: number },
): Promise<Leaderboard> {
  const facts = await readFacts(reader, {
    from: query.window.from,
    to: query.window.to,
    repo: query.repo,
    repos: query.repos,
  });
  const ids = [...new Set(facts.map((fact) => fact.personId))];
  const people = new Map((await reader.readPeople(ids)).map((person) => [person.id, person] as const));
  return buildLeaderboard({ facts, people, rules: query.rules, window: query.window, limit: query.limit });
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
