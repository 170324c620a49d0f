import { readFile } from 'node:fs/promises';
import { mapActivityRow } from '../adapters/activities-file/map-activity-row.ts';
import { readActivityIngestItems } from '../adapters/activities-file/read-activity-ingest-items.ts';
import type { CliServices, RulesChoice } from '../adapters/cli/cli-services.ts';
import { createGhArchiveHourCache, GHARCHIVE_BASE_URL } from '../adapters/gharchive/gharchive-hour-cache.ts';
import { mapGitRecord } from '../adapters/git/map-git-commit.ts';
import { readGitIngestItems } from '../adapters/git/read-git-ingest-items.ts';
import { mapGithubApiRecord } from '../adapters/github-api/map-github-api-record.ts';
import { loadScoringPreset } from '../adapters/presets/load-scoring-preset.ts';
import { openDatabase } from '../adapters/storage/create-database.ts';
import { createKyselyStore } from '../adapters/storage/kysely-store.ts';
import { mapWebhookPayload } from '../adapters/webhook-files/map-webhook-payload.ts';
import { readWebhookFiles } from '../adapters/webhook-files/read-webhook-files.ts';
import { toWebhookIngestItem } from '../adapters/webhook-files/to-webhook-source-record.ts';
import { findGroup } from '../app/find-group.ts';
import { type GhArchiveFileImporter, importGhArchiveRange } from '../app/import-gharchive-range.ts';
import { importGroups } from '../app/import-groups.ts';
import { ingest } from '../app/ingest.ts';
import { InputError } from '../app/input-error.ts';
import type { RecordMappers } from '../app/ports.ts';
import { findPerson, readLeaderboard, readPersonBreakdown } from '../app/read-leaderboard.ts';
import { rebuild } from '../app/rebuild.ts';
import { formatDiagnostic } from '../core/diagnostics.ts';
import { parseScoringRules } from '../core/scoring/parse-scoring-rules.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import { type Config, describeStorage } from './config.ts';
import { createGhArchiveImportPool } from './create-gharchive-import-pool.ts';
import { mapGhArchiveRecord } from './gharchive-ingest-items.ts';
import { FILE_IMPORT_BATCH_SIZE, importGhArchiveFile } from './import-gharchive-file.ts';

/** How every source's kept raw records are mapped again by `rungs rebuild`. */
export const RECORD_MAPPERS: RecordMappers = {
  webhook: mapWebhookPayload,
  gharchive: mapGhArchiveRecord,
  git: mapGitRecord,
  activities: mapActivityRow,
  github_api: mapGithubApiRecord,
};

/**
 * Opens the configured storage and wires every use case the CLI offers. The caller closes the
 * services when its command is done.
 */
export async function openServices(config: Config): Promise<CliServices> {
  const database = await openDatabase(
    config.storage.kind === 'sqlite'
      ? { kind: 'sqlite', path: config.storage.path }
      : { kind: 'postgres', url: config.storage.url },
  );
  const store = createKyselyStore(database);
  const reposOfGroup = async (group: string | null | undefined): Promise<readonly string[] | null> =>
    group == null ? null : (await findGroup(store, group)).repos;

  return {
    storageLabel: describeStorage(config.storage),

    importWebhooks: (paths, onProgress) =>
      ingest(mapEntries(readWebhookFiles(paths), toWebhookIngestItem), store, { onProgress }),

    importGhArchive: (path, filter, onProgress) => importGhArchiveFile(store, path, filter, onProgress),

    async importGhArchiveRange(request, onProgress) {
      const source = createGhArchiveHourCache({
        folder: request.cacheFolder,
        baseUrl: request.baseUrl ?? config.gharchiveBaseUrl ?? GHARCHIVE_BASE_URL,
      });
      // One job reads in this thread through this connection; more start that many workers, each
      // with its own connection, so files are decompressed and parsed side by side.
      const pool = request.jobs > 1 ? createGhArchiveImportPool(config.storage, request.jobs) : null;
      const importer: GhArchiveFileImporter = pool ?? {
        importFile: (path, filter, onFileProgress) =>
          importGhArchiveFile(store, path, filter, onFileProgress),
      };
      try {
        return await importGhArchiveRange(request, { source, importer, cursors: store }, onProgress);
      } finally {
        await pool?.close();
      }
    },

    async importGit(path, repo, onProgress, onWarning) {
      const cursorName = `git:${repo}`;
      const since = await store.readCursor(cursorName);
      let head: string | null = null;
      const summary = await ingest(
        readGitIngestItems(path, {
          repo,
          since,
          onHead: (sha) => {
            head = sha;
          },
          onWarning,
        }),
        store,
        { onProgress, batchSize: FILE_IMPORT_BATCH_SIZE },
      );
      // The cursor moves only after every commit up to it is stored, so an interrupted import re-reads.
      if (head !== null) await store.writeCursor(cursorName, head);
      return { ...summary, head };
    },

    importActivities: (path, onProgress) => ingest(readActivityIngestItems(path), store, { onProgress }),

    async leaderboard(request) {
      const rules = await loadRules(request.rules);
      return readLeaderboard(store, {
        rules,
        window: request.window,
        repo: request.repo,
        repos: await reposOfGroup(request.group),
        limit: request.limit,
      });
    },

    async person(login, request) {
      const rules = await loadRules(request.rules);
      return readPersonBreakdown(store, login, {
        rules,
        window: request.window,
        repo: request.repo,
        repos: await reposOfGroup(request.group),
      });
    },

    async mergePeople(keptLogin, mergedLogin) {
      const kept = await findPerson(store, keptLogin);
      const merged = await findPerson(store, mergedLogin);
      if (kept.id === merged.id)
        throw new InputError(`${keptLogin} and ${mergedLogin} are already one person`);
      await store.mergePeople(kept.id, merged.id);
      return { kept, merged };
    },

    async setBot(login, isBot) {
      const person = await findPerson(store, login);
      await store.setBot(person.id, isBot);
      return { ...person, isBot };
    },

    rebuild: (onProgress) => rebuild(store, RECORD_MAPPERS, { onProgress }),

    async importGroups(path) {
      const imported = await importGroups(store, await readText(path), path);
      if (imported.ok) return imported.value;
      const count = imported.diagnostics.length;
      throw new InputError(
        `${path} has ${count} problem${count === 1 ? '' : 's'}; nothing was stored:\n${imported.diagnostics.map(formatDiagnostic).join('\n')}`,
      );
    },

    listGroups: () => store.readGroups(),

    close: () => database.close(),
  };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

async function loadRules(choice: RulesChoice): Promise<ScoringRules> {
  if ('preset' in choice) return loadScoringPreset(choice.preset);
  let text: string;
  try {
    text = await readFile(choice.file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read the rules file ${choice.file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  const parsed = parseScoringRules(text, choice.file);
  if (!parsed.ok)
    throw new InputError(`invalid rules:\n${parsed.diagnostics.map(formatDiagnostic).join('\n')}`);
  return parsed.value;
}

async function* mapEntries<Entry, Item>(
  entries: AsyncIterable<Entry>,
  map: (entry: Entry) => Item,
): AsyncIterable<Item> {
  for await (const entry of entries) yield map(entry);
}
