import { CommanderError } from 'commander';
import { createProgram } from './adapters/cli/create-program.ts';
import { type ExitCode, toErrorExitCode, worseExitCode } from './adapters/cli/exit-code.ts';
import { UsageError } from './adapters/cli/usage-error.ts';
import { InputError } from './app/input-error.ts';
import { readConfig } from './compose/config.ts';
import {
  checkLadderPolicyOnRecord,
  LADDER_PRESET_NAMES,
  openLadderServices,
} from './compose/ladder-services.ts';
import { openServices } from './compose/open-services.ts';
import { openServeServices } from './compose/serve-services.ts';
import { openSyncServices, readGitHubSyncConfig } from './compose/sync-services.ts';

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
  const program = createProgram({
    openServeServices: (globals, choice) =>
      openServeServices(readConfig(globals, process.env), {
        ...choice,
        now,
        reportError: (error) => stderr(`error: ${error instanceof Error ? error.message : String(error)}`),
      }),
    openServices: (globals) => openServices(readConfig(globals, process.env)),
    ladder: {
      openServices: (globals) => openLadderServices(readConfig(globals, process.env)),
      checkPolicy: (choice, globals) => checkLadderPolicyOnRecord(readConfig(globals, process.env), choice),
      presets: LADDER_PRESET_NAMES,
    },
    openSyncServices: (globals) =>
      openSyncServices(readConfig(globals, process.env), readGitHubSyncConfig(process.env)),
    stdout,
    stderr,
    setExitCode: (code) => {
      ranTo = worseExitCode(ranTo, code);
    },
    now,
  });
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
