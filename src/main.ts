import { CommanderError } from 'commander';
import { createProgram } from './adapters/cli/create-program.ts';
import { type ExitCode, toErrorExitCode, worseExitCode } from './adapters/cli/exit-code.ts';
import { UsageError } from './adapters/cli/usage-error.ts';
import { LADDER_PRESETS } from './adapters/presets/ladder-preset-names.ts';
import { InputError } from './app/input-error.ts';
import { readConfig } from './compose/config.ts';
import { readPackageVersion } from './compose/read-package-version.ts';

/**
 * The composition root of the command line: reads the configuration once, wires the services and
 * runs one command. Returns the exit code: 0 done, 1 failed, 2 usage error, 3 done with some input
 * rejected (the good records stored). Prints one clear line for a failure, never a stack trace
 * unless `--debug`.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const stdout = (text: string): void => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  const stderr = (text: string): void => {
    process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  let ranTo: ExitCode = 0;
  // Each command loads only the services it uses, when it runs: `rungs --help` or `rungs ladder
  // check` never load the storage (Kysely, better-sqlite3, pg), the server (Hono) or GitHub (Octokit).
  const program = createProgram({
    openServeServices: async (globals, choice) => {
      const { openServeServices } = await import('./compose/serve-services.ts');
      return openServeServices(readConfig(globals, process.env), {
        ...choice,
        now,
        reportError: (error) => stderr(`error: ${error instanceof Error ? error.message : String(error)}`),
      });
    },
    openServices: async (globals) => {
      const { openServices } = await import('./compose/open-services.ts');
      return openServices(readConfig(globals, process.env));
    },
    ladder: {
      openServices: async (globals) => {
        const { openLadderServices } = await import('./compose/ladder-services.ts');
        return openLadderServices(readConfig(globals, process.env));
      },
      checkPolicy: async (choice, globals) => {
        const { checkLadderPolicyOnRecord } = await import('./compose/ladder-services.ts');
        return checkLadderPolicyOnRecord(readConfig(globals, process.env), choice);
      },
      presets: LADDER_PRESETS,
    },
    openSyncServices: async (globals) => {
      const { openSyncServices, readGitHubSyncConfig } = await import('./compose/sync-services.ts');
      return openSyncServices(readConfig(globals, process.env), readGitHubSyncConfig(process.env));
    },
    stdout,
    stderr,
    setExitCode: (code) => {
      ranTo = worseExitCode(ranTo, code);
    },
    now,
  });
  program.version(readPackageVersion(), '-V, --version', 'print the version of rungs');
  try {
    await program.parseAsync([...argv]);
    return ranTo;
  } catch (error) {
    // Commander has already printed its message (and help after an error).
    if (error instanceof CommanderError) return toErrorExitCode(error);
    if (error instanceof UsageError || error instanceof InputError) {
      stderr(`error: ${error.message}`);
      return toErrorExitCode(error);
    }
    const debug = argv.includes('--debug');
    const message = error instanceof Error ? error.message : String(error);
    stderr(`error: ${message}${debug ? '' : ' (run again with --debug for details)'}`);
    if (debug && error instanceof Error && error.stack) stderr(error.stack);
    return 1;
  }
}
