import { z } from 'zod';

/** Who wrote or committed a commit, as git recorded it (no mailmap applied). */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
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
}

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'expected a full hexadecimal commit sha');
const isoWithOffset = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 time');
const identity = z.object({ name: z.string(), email: z.string() });
const signature = identity.extend({ date: isoWithOffset });

/** The shape of a {@link GitCommit}, for checking a stored payload before mapping it again. */
export const gitCommitSchema = z.object({
  sha,
  parents: z.array(sha),
  author: signature,
  committer: signature,
  subject: z.string(),
  secondParentAuthor: identity.nullable(),
});
