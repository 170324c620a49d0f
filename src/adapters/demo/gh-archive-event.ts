/**
 * The GH Archive event envelope as the demo generator writes it: one line of an hourly
 * `YYYY-MM-DD-H.json.gz` file, exactly as GitHub's public Events API returned it. Payloads are
 * kept loosely typed here on purpose: the GH Archive mapper must treat them as untrusted input.
 */
export interface GhArchiveEvent {
  /** Unique, increasing with time; a decimal string as in the real files. */
  readonly id: string;
  readonly type: string;
  readonly actor: GhArchiveActor;
  readonly repo: { readonly id: number; readonly name: string; readonly url: string };
  readonly payload: Readonly<Record<string, unknown>>;
  readonly public: boolean;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly created_at: string;
  /** Present when the repository belongs to an organization. */
  readonly org?: GhArchiveOrg;
}

/** Who did it, as the Events API describes the actor. */
export interface GhArchiveActor {
  readonly id: number;
  readonly login: string;
  /** The login without a `[bot]` suffix. */
  readonly display_login: string;
  readonly gravatar_id: string;
  readonly url: string;
  readonly avatar_url: string;
}

/** The organization owning the repository. */
export interface GhArchiveOrg {
  readonly id: number;
  readonly login: string;
  readonly gravatar_id: string;
  readonly url: string;
  readonly avatar_url: string;
}

/**
 * Which payload shape an event has. GitHub trimmed Events API payloads on 2025-10-07: push events
 * lost `commits`, `size` and `distinct_size`; pull request events keep only a stub of the pull
 * request (`url`, `id`, `number`, `head`, `base`) and report a merge as its own `merged` action;
 * `author_association` disappeared everywhere. Issues and comments keep their objects.
 */
export type GhArchiveShape = 'full' | 'trimmed';

/** The first instant whose events carry the trimmed shape. */
export const TRIMMED_PAYLOADS_SINCE = '2025-10-07T00:00:00Z';

/** The payload shape GitHub used for an event at `createdAt` (an ISO UTC time). */
export function shapeAt(createdAt: string): GhArchiveShape {
  return createdAt >= TRIMMED_PAYLOADS_SINCE ? 'trimmed' : 'full';
}
