import { mapActivityRow } from '../adapters/activities-file/map-activity-row.ts';
import { readActivityIngestItems } from '../adapters/activities-file/read-activity-ingest-items.ts';
import type { CliServices, RulesChoice } from '../adapters/cli/cli-services.ts';
import type { PolicyChoice } from '../adapters/cli/ladder-cli-services.ts';
import { checkInputPath } from '../adapters/files/check-input-path.ts';
import { readBoundedTextFile } from '../adapters/files/read-bounded-text-file.ts';
import { createGhArchiveHourCache, GHARCHIVE_BASE_URL } from '../adapters/gharchive/gharchive-hour-cache.ts';
import { mapGitRecord } from '../adapters/git/map-git-commit.ts';
import { readGitIngestItems } from '../adapters/git/read-git-ingest-items.ts';
import { mapGithubApiRecord } from '../adapters/github-api/map-github-api-record.ts';
import { loadBotList } from '../adapters/presets/load-bot-list.ts';
import { loadScoringPreset } from '../adapters/presets/load-scoring-preset.ts';
import { openDatabase } from '../adapters/storage/create-database.ts';
import { KyselyRoleStore } from '../adapters/storage/kysely-role-store.ts';
import { createKyselyStore } from '../adapters/storage/kysely-store.ts';
import { mapWebhookPayload } from '../adapters/webhook-files/map-webhook-payload.ts';
import { readWebhookFiles } from '../adapters/webhook-files/read-webhook-files.ts';
import { toWebhookIngestItem } from '../adapters/webhook-files/to-webhook-source-record.ts';
import { createBonusGrantorCheck } from '../app/check-bonus-grantor.ts';
import { findGroup } from '../app/find-group.ts';
import { type GhArchiveFileImporter, importGhArchiveRange } from '../app/import-gharchive-range.ts';
import { importGroups } from '../app/import-groups.ts';
import { ingest } from '../app/ingest.ts';
import { InputError } from '../app/input-error.ts';
import { mergePeopleByName } from '../app/people/merge-people-by-name.ts';
import { resolvePersonName } from '../app/people/resolve-person-name.ts';
import { splitPersonByName } from '../app/people/split-person-by-name.ts';
import type { RecordMappers } from '../app/ports.ts';
import { readLeaderboard, readPersonBreakdown } from '../app/read-leaderboard.ts';
import { rebuild } from '../app/rebuild.ts';
import { formatDiagnostic } from '../core/diagnostics.ts';
import type { LadderPolicy } from '../core/ladder/ladder-policy.ts';
import { type Config, describeStorage } from './config.ts';
import { createGhArchiveImportPool } from './create-gharchive-import-pool.ts';
import { mapGhArchiveRecord } from './gharchive-ingest-items.ts';
import { FILE_IMPORT_BATCH_SIZE, importGhArchiveFile } from './import-gharchive-file.ts';
import { loadLadderPolicy } from './ladder-services.ts';
import { loadScoringChoice } from './load-scoring-choice.ts';
import { toDeliveryRecord } from './to-delivery-record.ts';

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
  const store = createKyselyStore(database, { bots: await loadBotList(config.botsFile ?? null) });
  // Only the ladder's `scoring` is read, so its group names are not checked against the database.
  const readPolicy = (choice: PolicyChoice): Promise<LadderPolicy> => loadLadderPolicy(choice);
  const reposOfGroup = async (group: string | null | undefined): Promise<readonly string[] | null> =>
    group == null ? null : (await findGroup(store, group)).repos;

  return {
    storageLabel: describeStorage(config.storage),

    async importWebhooks(paths, onProgress) {
      for (const path of paths) await checkInputPath(path, 'file or directory');
      return ingest(mapEntries(readWebhookFiles(paths), toWebhookIngestItem), store, { onProgress });
    },

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
      await checkInputPath(path, 'directory');
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

    async importActivities(path, onProgress) {
      await checkInputPath(path, 'file');
      const checkGrantor = createBonusGrantorCheck(await new KyselyRoleStore(database).readRoleAssignments());
      return ingest(readActivityIngestItems(path, { checkGrantor }), store, { onProgress });
    },

    async leaderboard(request) {
      const { rules, label } = await loadScoringChoice(request.rules, readPolicy);
      const board = await readLeaderboard(store, {
        rules,
        window: request.window,
        repo: request.repo,
        repos: await reposOfGroup(request.group),
        limit: request.limit,
      });
      return { ...board, scoring: label };
    },

    async person(login, request) {
      const { rules, label } = await loadScoringChoice(request.rules, readPolicy);
      const breakdown = await readPersonBreakdown(store, login, {
        rules,
        window: request.window,
        repo: request.repo,
        repos: await reposOfGroup(request.group),
      });
      return { ...breakdown, scoring: label };
    },

    mergePeople: (keptName, mergedName, decision) => mergePeopleByName(store, keptName, mergedName, decision),

    splitPerson: (name, decision) => splitPersonByName(store, name, decision),

    listMerges: () => store.listMerges(),

    async setBot(name, isBot) {
      const resolution = resolvePersonName(name, await store.findPeopleNamed(name));
      if (resolution.kind !== 'found') return resolution;
      await store.setBot(resolution.person.id, isBot);
      return { kind: 'set', person: { ...resolution.person, isBot } };
    },

    rebuild: (onProgress) =>
      rebuild(store, RECORD_MAPPERS, { onProgress }, { rejections: store, toRecord: toDeliveryRecord }),

    async importGroups(path) {
      const imported = await importGroups(store, await readBoundedTextFile(path, 'a groups file'), path);
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

async function* mapEntries<Entry, Item>(
  entries: AsyncIterable<Entry>,
  map: (entry: Entry) => Item,
): AsyncIterable<Item> {
  for await (const entry of entries) yield map(entry);
}
