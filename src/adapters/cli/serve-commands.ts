import type { AddressInfo } from 'node:net';
import type { serve } from '@hono/node-server';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../../app/input-error.ts';
import type { ServeLadder, ServeRules, ServeServices } from '../../compose/serve-services.ts';
import { createProgress } from './progress.ts';

/** What the serve commands need; the composition root passes the configuration inside `openServeServices`. */
export interface ServeCommandContext {
  /**
   * Opens the server's services for the global options (`--db`), the chosen scoring rules (none:
   * the ladder's own) and the ladder (null: none).
   */
  readonly openServeServices: (
    globals: { readonly db?: string },
    choice: { readonly rules?: ServeRules; readonly ladder: ServeLadder },
  ) => Promise<ServeServices>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The current time, ISO UTC. */
  readonly now: () => string;
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  readonly untilStopped?: () => Promise<void>;
}

/** The port `rungs serve` and `rungs start` listen on unless told otherwise. */
export const DEFAULT_PORT = 3000;

/** The ladder shown unless told otherwise. */
export const DEFAULT_SERVE_LADDER = 'kubestellar';

interface ChoiceFlags {
  preset?: string;
  rules?: string;
  /** A preset name, or false for `--no-ladder`. */
  ladder?: string | false;
  ladderPolicy?: string;
}

interface ServeFlags extends ChoiceFlags {
  port: number;
  host: string;
}

/**
 * Adds `rungs serve` (the dashboard, the JSON API and the webhook receiver), `rungs start` (the
 * same, loading the demo community into an empty database first: what `npm start` runs) and
 * `rungs export site <dir>` (the pages as a static site).
 */
export function registerServeCommands(program: Command, context: ServeCommandContext): void {
  addChoiceOptions(
    addListenOptions(
      program
        .command('serve')
        .description(
          'serve the dashboard, the JSON API (/api) and the GitHub webhook receiver (/webhooks/github)',
        ),
    ),
  ).action(async (flags: ServeFlags, command: Command) => {
    await runServer(command, flags, context, false);
  });

  addChoiceOptions(
    addListenOptions(
      program
        .command('start')
        .description(
          'serve the dashboard, loading a generated demo community first when the database is empty',
        ),
    ),
  ).action(async (flags: ServeFlags, command: Command) => {
    await runServer(command, flags, context, true);
  });

  const exports =
    program.commands.find((existing) => existing.name() === 'export') ??
    program.command('export').description('write what rungs knows to files');
  addChoiceOptions(
    exports
      .command('site')
      .description(
        'write the dashboard as a static site (relative links, JSON beside each page), e.g. for GitHub Pages',
      )
      .argument('<dir>', 'the folder to write into (created when missing)'),
  ).action(async (directory: string, flags: ChoiceFlags, command: Command) => {
    const services = await context.openServeServices(
      command.optsWithGlobals<{ db?: string }>(),
      toChoice(flags),
    );
    try {
      const summary = await services.exportSite(directory);
      context.stdout(
        `wrote ${summary.files} files (${summary.people} people) from ${services.storageLabel} to ${summary.directory}`,
      );
    } finally {
      await services.close();
    }
  });
}

function addListenOptions(command: Command): Command {
  return command
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1');
}

function addChoiceOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--preset <name>',
        "scoring preset of the boards (default: the ladder's, else balanced)",
      ).conflicts('rules'),
    )
    .option('--rules <file>', 'a scoring rules YAML file instead of a preset')
    .addOption(
      new Option('--ladder <preset>', `the ladder shown (default ${DEFAULT_SERVE_LADDER})`).conflicts(
        'ladderPolicy',
      ),
    )
    .option('--ladder-policy <file>', 'a ladder policy YAML file instead of a preset')
    .option('--no-ladder', 'show no ladder');
}

async function runServer(
  command: Command,
  flags: ServeFlags,
  context: ServeCommandContext,
  loadDemo: boolean,
): Promise<void> {
  const services = await context.openServeServices(
    command.optsWithGlobals<{ db?: string }>(),
    toChoice(flags),
  );
  try {
    if (loadDemo && (await services.isEmpty())) {
      context.stdout(
        `the database is empty: loading the generated demo community into ${services.storageLabel}`,
      );
      const progress = createProgress('demo');
      const demo = await services
        .loadDemo({ seed: 1, end: context.now().slice(0, 10) }, progress.update)
        .finally(progress.stop);
      context.stdout(
        `DEMO DATA: organization ${demo.org}, ${demo.people} people, ${demo.from} to ${demo.to}; nothing here is real.`,
      );
    }
    const server = await listen(services, flags);
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    context.stdout(
      `rungs dashboard: http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}/`,
    );
    context.stdout(`  data: ${services.storageLabel}; JSON API: /api (see /api/openapi.json)`);
    context.stdout(
      services.webhooksEnabled
        ? '  webhooks: POST /webhooks/github (signature checked with the configured secret)'
        : '  webhooks: off (set RUNGS_WEBHOOK_SECRET to receive GitHub webhooks)',
    );
    context.stdout('  stop with Ctrl+C');
    await (context.untilStopped ?? untilSignal)();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  } finally {
    await services.close();
  }
}

type NodeServer = ReturnType<typeof serve> & { closeAllConnections?: () => void };

async function listen(services: ServeServices, flags: ServeFlags): Promise<NodeServer> {
  // Loaded here, so the commands that serve nothing never load the server.
  const { serve } = await import('@hono/node-server');
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: services.app.fetch, port: flags.port, hostname: flags.host }) as NodeServer;
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new InputError(`port ${flags.port} on ${flags.host} is in use: choose another with --port`)
          : error,
      );
    });
  });
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function toChoice(flags: ChoiceFlags): { readonly rules?: ServeRules; readonly ladder: ServeLadder } {
  const rules: ServeRules | undefined =
    flags.rules !== undefined
      ? { file: flags.rules }
      : flags.preset !== undefined
        ? { preset: flags.preset }
        : undefined;
  const ladder: ServeLadder =
    flags.ladder === false
      ? null
      : flags.ladderPolicy !== undefined
        ? { file: flags.ladderPolicy }
        : { preset: flags.ladder ?? DEFAULT_SERVE_LADDER };
  return rules === undefined ? { ladder } : { rules, ladder };
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) {
    throw new InvalidArgumentError(`expected a port number from 0 to 65535, got "${value}"`);
  }
  return Number(value);
}
