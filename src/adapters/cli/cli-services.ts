import type {
  GhArchiveRangeRequest,
  GhArchiveRangeSummary,
  RangeProgress,
} from '../../app/import-gharchive-range.ts';
import type { GroupsImportSummary } from '../../app/import-groups.ts';
import type { IngestProgress, IngestSummary } from '../../app/ingest.ts';
import type { Group } from '../../core/groups/group.ts';
import type { Leaderboard } from '../../core/scoring/build-leaderboard.ts';
import type { PersonBreakdown } from '../../core/scoring/build-person-breakdown.ts';
import type { ScoringLabel } from '../../core/scoring/scoring-label.ts';
import type { PersonSummary } from '../../core/scoring-fact.ts';
import type { ResolvedWindow } from '../../core/window/resolve-window.ts';
import type { PolicyChoice } from './ladder-cli-services.ts';
import type { PeopleCommandServices } from './people-commands.ts';

/**
 * Which scoring rules to use: a shipped preset by name, a rules file, or the scoring preset of a
 * ladder (the default: the ladder in use decides how its boards are scored).
 */
export type RulesChoice =
  | { readonly preset: string }
  | { readonly file: string }
  | { readonly ladder: PolicyChoice };

/** A board with the scoring rules it was computed with. */
export type LabelledLeaderboard = Leaderboard & { readonly scoring: ScoringLabel };

/** A person's points with the scoring rules they were computed with. */
export type LabelledPersonBreakdown = PersonBreakdown & { readonly scoring: ScoringLabel };

/** A scored question the CLI asks. */
export interface ScoreRequest {
  readonly rules: RulesChoice;
  readonly window: ResolvedWindow;
  readonly repo?: string | null;
  /** A group id: score the group's repositories only (an unknown id is an InputError). */
  readonly group?: string | null;
}

/** The outcome of importing one GH Archive file, with how its lines were read. */
export interface GhArchiveImportSummary extends IngestSummary {
  readonly lines: number;
  readonly outsideFilter: number;
  /** Why the file's gzip data ends early (truncated or corrupt; the lines before it were read), or null. */
  readonly brokenGzip: string | null;
}

/** A range of GH Archive hours to fetch (into a cache folder) and import, as the CLI asks for it. */
export interface GhArchiveRangeImport extends GhArchiveRangeRequest {
  /** The folder hour files are kept in. */
  readonly cacheFolder: string;
  /** The base URL given by `--base-url`; null for the configured one (else gharchive.org). */
  readonly baseUrl: string | null;
}

/**
 * Everything the CLI can ask of rungs, wired at the composition root. The CLI parses words and
 * prints results; it never touches storage or sources itself.
 */
export interface CliServices extends PeopleCommandServices {
  /** Where the records are, for messages (never with credentials). */
  readonly storageLabel: string;
  importWebhooks(paths: readonly string[], onProgress: IngestProgress): Promise<IngestSummary>;
  importGhArchive(
    path: string,
    filter: { readonly orgs: readonly string[]; readonly repos: readonly string[] },
    onProgress: IngestProgress,
  ): Promise<GhArchiveImportSummary>;
  /** Fetches the hours the cache lacks and imports those not yet imported, `jobs` at a time. */
  importGhArchiveRange(
    request: GhArchiveRangeImport,
    onProgress: (progress: RangeProgress) => void,
  ): Promise<GhArchiveRangeSummary>;
  importGit(
    path: string,
    repo: string,
    onProgress: IngestProgress,
    onWarning: (message: string) => void,
  ): Promise<IngestSummary & { readonly head: string | null }>;
  importActivities(path: string, onProgress: IngestProgress): Promise<IngestSummary>;
  leaderboard(request: ScoreRequest & { readonly limit?: number }): Promise<LabelledLeaderboard>;
  person(login: string, request: ScoreRequest): Promise<LabelledPersonBreakdown>;
  rebuild(onProgress: IngestProgress): Promise<IngestSummary>;
  /** Replaces the stored groups with a groups file's; a file with problems is an InputError listing them all, and stores nothing. */
  importGroups(path: string): Promise<GroupsImportSummary>;
  /** Every stored group, parents before their subprojects. */
  listGroups(): Promise<readonly Group[]>;
  close(): Promise<void>;
}
