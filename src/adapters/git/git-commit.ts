import { z } from 'zod';

/** A name and an email as git shows them. */
export interface GitName {
  readonly name: string;
  readonly email: string;
}

/** Who wrote or committed a commit, as git recorded it, with what the repository's `.mailmap` makes of it. */
export interface GitIdentity extends GitName {
  /** The identity the `.mailmap` maps this one to, when it maps it to another; absent otherwise. */
  readonly mailmap?: GitName;
}

/** An identity with the time git recorded for it: strict ISO 8601 with the original offset. */
export interface GitSignature extends GitIdentity {
  readonly date: string;
}

/** One commit as read from `git log`, with what mapping needs that the commit alone does not say. */
export interface GitCommit {
  readonly sha: string;
  /** Parent shas in order; a merge has two or more. */
  readonly parents: readonly string[];
  readonly author: GitSignature;
  readonly committer: GitSignature;
  /** The first paragraph of the message, joined into one line (git's `%s`). */
  readonly subject: string;
  /** The author of `parents[1]` for a merge; null for other commits or when git no longer has it. */
  readonly secondParentAuthor: GitIdentity | null;
  /** The people named by `Co-authored-by:` trailers, in order; absent in records read before trailers were. */
  readonly coAuthors?: readonly GitIdentity[];
  /**
   * False for a commit off HEAD's first-parent line (work on a branch that a merge brought in),
   * which cannot be a squash merge whatever its subject says; absent when on the line or unknown.
   */
  readonly onMainLine?: false;
}

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'expected a full hexadecimal commit sha');
const isoWithOffset = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 time');
const name = z.object({ name: z.string(), email: z.string() });
const identity = name.extend({ mailmap: name.optional() });
const signature = identity.extend({ date: isoWithOffset });

/** The shape of a {@link GitCommit}, for checking a stored payload before mapping it again. */
export const gitCommitSchema = z.object({
  sha,
  parents: z.array(sha),
  author: signature,
  committer: signature,
  subject: z.string(),
  secondParentAuthor: identity.nullable(),
  coAuthors: z.array(identity).optional(),
  onMainLine: z.literal(false).optional(),
});
