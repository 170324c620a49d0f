import { CommanderError } from 'commander';
import type { IngestSummary } from '../../app/ingest.ts';
import { UsageError } from './usage-error.ts';

/**
 * The exit codes of every rungs command, so a cron job can tell a partial import from a clean one
 * (as rsync does): 0 done, nothing rejected; 1 failed; 2 usage error; 3 done, the good records
 * stored, some input rejected.
 */
export type ExitCode = 0 | 1 | 2 | 3;

/** The exit codes by name. */
export const EXIT_CODE = { done: 0, failed: 1, usage: 2, partial: 3 } as const satisfies Readonly<
  Record<string, ExitCode>
>;

/** Lets a command that ran to its end say it did not fully succeed (exit 3 or 1). */
export type SetExitCode = (code: ExitCode) => void;

// A failure outranks a partial success, which outranks a clean one (a usage error never runs).
const SEVERITY: Readonly<Record<ExitCode, number>> = { 0: 0, 3: 1, 1: 2, 2: 3 };

/** The more severe of two exit codes: what a run that saw both ends with. */
export function worseExitCode(a: ExitCode, b: ExitCode): ExitCode {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * The exit code of an import that ran to its end: 3 when its summary counts any rejected input
 * (a malformed line, a bad row, a record that failed validation), else 0.
 */
export function toImportExitCode(summary: Pick<IngestSummary, 'problemCount'>): ExitCode {
  return summary.problemCount > 0 ? EXIT_CODE.partial : EXIT_CODE.done;
}

/**
 * The exit code of an error thrown out of a command: 2 for a command line that cannot be run
 * (commander's own errors, `UsageError`), 0 for commander's `--help`/`--version` exits, 1 for
 * everything else (an `InputError` or an unexpected failure).
 */
export function toErrorExitCode(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODE.done : EXIT_CODE.usage;
  if (error instanceof UsageError) return EXIT_CODE.usage;
  return EXIT_CODE.failed;
}
