import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { MergeByNameResult } from '../../app/people/merge-people-by-name.ts';
import type { NameMatch, PersonCandidate } from '../../app/people/person-candidate.ts';
import type { PeopleDecision, PersonMerge } from '../../app/people/person-merge.ts';
import type { NameResolution } from '../../app/people/resolve-person-name.ts';
import type { SplitByNameResult } from '../../app/people/split-person-by-name.ts';
import { assertNever } from '../../core/assert-never.ts';
import type { PersonSummary } from '../../core/scoring-fact.ts';
import { formatTable } from './format-table.ts';
import { UsageError } from './usage-error.ts';

/** What the people commands ask of rungs. */
export interface PeopleCommandServices {
  mergePeople(keptName: string, mergedName: string, decision: PeopleDecision): Promise<MergeByNameResult>;
  splitPerson(name: string, decision: PeopleDecision): Promise<SplitByNameResult>;
  listMerges(): Promise<readonly PersonMerge[]>;
  /** Sets the bot flag of the person `name` names, or says why no one person was found. */
  setBot(
    name: string,
    isBot: boolean,
  ): Promise<
    | { readonly kind: 'set'; readonly person: PersonSummary }
    | Exclude<NameResolution, { readonly kind: 'found' }>
  >;
  close(): Promise<void>;
}

/** What the people commands need from the command line's context. */
export interface PeopleCommandContext {
  readonly openServices: (globals: { readonly db?: string }) => Promise<PeopleCommandServices>;
  readonly stdout: (text: string) => void;
  /** The current time, ISO UTC: when a merge or split is recorded as made. */
  readonly now: () => string;
}

/**
 * `rungs people merge|split|merges|bot`: decisions about people, recorded with who made them, when
 * and why. A name is a login, an email or a person id; an unknown or ambiguous one is a usage error
 * (exit 2) naming the candidates, and changes nothing.
 */
export function registerPeopleCommands(program: Command, context: PeopleCommandContext): void {
  const withServices = async <T>(
    command: Command,
    run: (services: PeopleCommandServices) => Promise<T>,
  ): Promise<T> => {
    const services = await context.openServices(command.optsWithGlobals<{ db?: string }>());
    try {
      return await run(services);
    } finally {
      await services.close();
    }
  };
  const decisionOf = (options: DecisionOptions): PeopleDecision => ({
    by: options.by ?? readOperatingSystemUser(),
    at: context.now(),
    reason: options.reason ?? null,
  });

  const people = program.command('people').description('identities: join duplicates, undo a join, flag bots');
  people
    .command('merge')
    .description('join two records of one person (e.g. an email-only git author and a GitHub login)')
    .argument('<kept>', 'login, email or person id of the person who stays')
    .argument(
      '<merged>',
      'login, email or person id of the person whose identities and activity move to <kept>',
    )
    .option('--reason <text>', 'why, kept with the merge')
    .option('--by <name>', 'who decided (default: the operating-system user)')
    .action(async (kept: string, merged: string, options: DecisionOptions, command: Command) => {
      await withServices(command, async (services) => {
        const result = await services.mergePeople(kept, merged, decisionOf(options));
        switch (result.kind) {
          case 'merged': {
            const { merge } = result;
            context.stdout(
              `merged ${describeRef(merge.merged)} into ${describeRef(merge.kept)} (merge ${merge.id}, by ${merge.decision.by}); undo with: rungs people split ${merge.merged.id}`,
            );
            return;
          }
          case 'not_found':
            throw new UsageError(describeNameProblem(result.resolution));
          case 'same_person':
            throw new UsageError(`${kept} and ${merged} are already one person (${result.login})`);
          default:
            return assertNever(result);
        }
      });
    });
  people
    .command('split')
    .description('undo a merge: the person merged away comes back with their identities and activity')
    .argument('<merged>', 'person id, login or email of the person who was merged away')
    .option('--reason <text>', 'why, kept with the split')
    .option('--by <name>', 'who decided (default: the operating-system user)')
    .action(async (merged: string, options: DecisionOptions, command: Command) => {
      await withServices(command, async (services) => {
        const result = await services.splitPerson(merged, decisionOf(options));
        switch (result.kind) {
          case 'split':
            context.stdout(
              `split ${describeRef(result.merge.merged)} off ${describeRef(result.merge.kept)} (merge ${result.merge.id}); acts stored since the merge follow on the next rungs rebuild`,
            );
            return;
          case 'unknown':
            throw new UsageError(
              `no merge in force names "${result.name}" (give the merged person's id, login or email; see rungs people merges)`,
            );
          case 'ambiguous':
            throw new UsageError(
              `"${result.name}" names ${result.merges.length} merges in force: ${result.merges.map((merge) => `${describeRef(merge.merged)} into ${describeRef(merge.kept)}`).join('; ')}; give the merged person's id`,
            );
          case 'kept_merged_away':
            throw new UsageError(
              `${describeRef(result.merge.kept)} was merged into someone else since; split that merge first (see rungs people merges)`,
            );
          default:
            return assertNever(result);
        }
      });
    });
  people
    .command('merges')
    .description('every recorded merge, with who made it, when and why, and whether it was split')
    .action(async (_options, command: Command) => {
      await withServices(command, async (services) => {
        const merges = await services.listMerges();
        if (merges.length === 0) {
          context.stdout('no merges on record');
          return;
        }
        context.stdout(
          formatTable(merges, [
            { header: 'merge', cell: (merge) => String(merge.id), align: 'right' },
            { header: 'at', cell: (merge) => merge.decision.at },
            { header: 'by', cell: (merge) => merge.decision.by },
            { header: 'kept', cell: (merge) => describeRef(merge.kept) },
            { header: 'merged', cell: (merge) => describeRef(merge.merged) },
            { header: 'reason', cell: (merge) => merge.decision.reason ?? '' },
            {
              header: 'split',
              cell: (merge) =>
                merge.split === null
                  ? ''
                  : `${merge.split.at} by ${merge.split.by}${merge.split.reason === null ? '' : `: ${merge.split.reason}`}`,
            },
          ]),
        );
      });
    });
  people
    .command('bot')
    .description(
      'flag an account as a bot (bots score nothing, hold no ladder position), or clear the flag with --not',
    )
    .argument('<account>', 'login, email or person id')
    .option('--not', 'the account is a person, not a bot')
    .action(async (name: string, options: { not?: boolean }, command: Command) => {
      await withServices(command, async (services) => {
        const result = await services.setBot(name, !options.not);
        if (result.kind !== 'set') throw new UsageError(describeNameProblem(result));
        context.stdout(`${result.person.login} is ${result.person.isBot ? 'a bot' : 'not a bot'}`);
      });
    });
}

interface DecisionOptions {
  readonly reason?: string;
  readonly by?: string;
}

const MATCH_WORDS: Readonly<Record<NameMatch, string>> = {
  id: 'person id',
  login: 'GitHub login',
  email: 'an email of theirs',
  former_login: 'a former login',
  handle: 'handle, no GitHub account',
};

/** Why a name found no one person, naming the candidates by id and login (never an email). */
function describeNameProblem(resolution: Exclude<NameResolution, { readonly kind: 'found' }>): string {
  switch (resolution.kind) {
    case 'unknown':
      return `no person named "${resolution.name}" is on record (give a login, an email or a person id)`;
    case 'ambiguous':
      return `"${resolution.name}" could be ${resolution.candidates.length} people: ${resolution.candidates.map(describeCandidate).join('; ')}; give the person id`;
    default:
      return assertNever(resolution);
  }
}

function describeCandidate(candidate: PersonCandidate): string {
  return `${candidate.person.id} (${candidate.person.login}, ${MATCH_WORDS[candidate.matchedBy]})`;
}

function describeRef(ref: { readonly id: number; readonly login: string }): string {
  return `${ref.login} (person ${ref.id})`;
}

function readOperatingSystemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
