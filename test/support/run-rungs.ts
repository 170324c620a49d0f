import { createProgram } from '../../src/adapters/cli/create-program.ts';
import { readConfig } from '../../src/compose/config.ts';
import {
  checkLadderPolicyOnRecord,
  LADDER_PRESET_NAMES,
  openLadderServices,
} from '../../src/compose/ladder-services.ts';
import { openServices } from '../../src/compose/open-services.ts';
import { openServeServices } from '../../src/compose/serve-services.ts';

/** What one in-process run of the command line printed, and what it threw (null when it succeeded). */
export interface RungsRun {
  readonly out: string;
  readonly err: string;
  readonly failed: unknown;
  /** The exit code the command set for a run that went on despite some input (null: none set). */
  readonly exitCode: number | null;
}

/**
 * Runs `rungs --db <database> ...args` in process through the real composition (as `src/main.ts`
 * wires it, minus the GitHub sync, which needs a token), with the clock fixed at `now`. An error
 * is returned, not thrown, so a test can look at what was printed before it.
 */
export async function runRungs(database: string, now: string, args: readonly string[]): Promise<RungsRun> {
  let out = '';
  let err = '';
  let exitCode: number | null = null;
  const program = createProgram({
    openServices: (globals) => openServices(readConfig(globals, {})),
    openServeServices: (globals, choice) =>
      openServeServices(readConfig(globals, {}), { ...choice, now: () => now, reportError: () => {} }),
    ladder: {
      openServices: (globals) => openLadderServices(readConfig(globals, {})),
      checkPolicy: (choice, globals) => checkLadderPolicyOnRecord(readConfig(globals, {}), choice),
      presets: LADDER_PRESET_NAMES,
    },
    openSyncServices: () => Promise.reject(new Error('sync is tested in test/sync')),
    stdout: (text) => {
      out += `${text}\n`;
    },
    stderr: (text) => {
      err += `${text}\n`;
    },
    now: () => now,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync(['node', 'rungs', '--db', database, ...args]);
    return { out, err, failed: null, exitCode };
  } catch (error) {
    return { out, err, failed: error, exitCode };
  }
}
