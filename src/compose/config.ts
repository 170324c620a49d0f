/** Where the records live: an embedded SQLite file, or a PostgreSQL server. */
export type StorageConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** Everything rungs reads from its environment, read once here and passed down. */
export interface Config {
  readonly storage: StorageConfig;
  /** The secret GitHub signs webhook deliveries with (`RUNGS_WEBHOOK_SECRET`); never printed. */
  readonly webhookSecret?: string | null;
  /** The community's bot list file (`--bots`, then `RUNGS_BOTS`); null for the one shipped in `presets/bots.yaml`. */
  readonly botsFile?: string | null;
  /** Where GH Archive hour files are downloaded from (`RUNGS_GHARCHIVE_URL`); null for gharchive.org. */
  readonly gharchiveBaseUrl?: string | null;
}

/** The database file used when nothing else is configured, relative to the working directory. */
export const DEFAULT_SQLITE_PATH = '.rungs/rungs.db';

/**
 * Resolves the configuration from command-line flags and the environment. Precedence: `--db`,
 * then `RUNGS_DB` (a SQLite path, or a postgres:// URL), then `DATABASE_URL`, then the default file;
 * the bot list: `--bots`, then `RUNGS_BOTS`, else the shipped one.
 * `RUNGS_GHARCHIVE_URL` replaces GH Archive's base URL (a mirror, or a local server in tests).
 */
export function readConfig(
  flags: { readonly db?: string; readonly bots?: string },
  env: NodeJS.ProcessEnv,
): Config {
  const chosen = flags.db ?? env.RUNGS_DB ?? env.DATABASE_URL;
  const secret = env.RUNGS_WEBHOOK_SECRET;
  const bots = flags.bots ?? env.RUNGS_BOTS;
  const gharchive = env.RUNGS_GHARCHIVE_URL;
  return {
    storage: toStorageConfig(chosen ?? DEFAULT_SQLITE_PATH),
    webhookSecret: secret === undefined || secret === '' ? null : secret,
    botsFile: bots === undefined || bots === '' ? null : bots,
    gharchiveBaseUrl: gharchive === undefined || gharchive === '' ? null : gharchive,
  };
}

function toStorageConfig(value: string): StorageConfig {
  return /^postgres(ql)?:\/\//i.test(value)
    ? { kind: 'postgres', url: value }
    : { kind: 'sqlite', path: value };
}

/** Describes the storage for messages, without credentials. */
export function describeStorage(storage: StorageConfig): string {
  if (storage.kind === 'sqlite') return `SQLite ${storage.path}`;
  const url = new URL(storage.url);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}
