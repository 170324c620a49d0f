import { type ChildProcess, spawn } from 'node:child_process';
import { InputError } from '../../app/input-error.ts';
import type { GitCommit, GitIdentity, GitName } from './git-commit.ts';

/**
 * What reading a history yields, in order: the HEAD commit the read is pinned to (null for a
 * repository without commits; write it as the cursor once everything after it is stored), then
 * any warnings, then the commits, parents before children.
 */
export type GitHistoryEntry =
  | { readonly kind: 'head'; readonly sha: string | null }
  | { readonly kind: 'warning'; readonly message: string }
  | { readonly kind: 'commit'; readonly commit: GitCommit };

/** Options of {@link readGitHistory}. */
export interface ReadGitHistoryOptions {
  /** A commit already imported: only commits after it are read. */
  readonly since?: string | null;
}

/**
 * The fields read per commit, NUL-separated; with `-z` each commit also ends with a NUL. `%aN`/`%aE`
 * are the author after the repository's `.mailmap`; the trailers are `Co-authored-by:` values
 * (any case), separated by U+0001.
 */
const LOG_FIELDS = [
  '%H',
  '%P',
  '%an',
  '%ae',
  '%aN',
  '%aE',
  '%aI',
  '%cn',
  '%ce',
  '%cI',
  '%s',
  '%(trailers:key=Co-authored-by,valueonly,separator=%x01)',
] as const;
/** A trailer's `Name <email>`. */
const TRAILER_IDENTITY = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/;
const STDERR_LIMIT = 8192;

/**
 * Streams the commits reachable from HEAD of the repository at `path` (a working tree or a bare
 * repository), oldest first and parents before children, without holding the whole log. Each
 * merge carries its second parent's author; each identity carries what the repository's `.mailmap`
 * maps it to (git's own resolution), and each commit its `Co-authored-by:` trailers and whether
 * it is on HEAD's first-parent line. With `since`, only commits not reachable from it are
 * read; when `since` is no longer in the history (a force-push), the whole history is read again
 * and a warning entry says so (re-importing is idempotent). Fails with an {@link InputError} when
 * `path` is not a git repository or git cannot be run.
 */
export async function* readGitHistory(
  path: string,
  options: ReadGitHistoryOptions = {},
): AsyncGenerator<GitHistoryEntry> {
  const head = await readHead(path);
  yield { kind: 'head', sha: head };
  if (head === null) return;

  let range = head;
  const since = options.since;
  if (since) {
    if (await isAncestor(path, since, head)) {
      range = `${since}..${head}`;
    } else {
      yield {
        kind: 'warning',
        message: `commit ${since} from the last import is no longer in the history of HEAD (force-pushed?); reading the whole history again, already imported commits change nothing`,
      };
    }
  }

  // Authors by sha, so a merge finds its second parent's author: with --reverse --topo-order the
  // parents come first. Identities are shared, so the map costs about one sha per commit.
  const authors = new Map<string, GitIdentity>();
  const identities = new Map<string, GitIdentity>();
  const intern = (name: string, email: string, mapped?: GitName): GitIdentity => {
    const mailmap = mapped && (mapped.name !== name || mapped.email !== email) ? mapped : undefined;
    const id = `${name}\0${email}\0${mailmap?.name ?? ''}\0${mailmap?.email ?? ''}`;
    let known = identities.get(id);
    if (!known) {
      known = mailmap ? { name, email, mailmap } : { name, email };
      identities.set(id, known);
    }
    return known;
  };
  // Co-authors as the mailmap resolves them (git applies it to authors only), asked once each.
  const mapped = new Map<string, GitName>();
  const resolveCoAuthors = async (trailers: string): Promise<GitIdentity[]> => {
    const names = trailers
      .split('\u0001')
      .map((value) => TRAILER_IDENTITY.exec(value))
      .flatMap((match) => (match ? [{ name: match[1]!, email: match[2]! }] : []));
    const unknown = names.filter((who) => !mapped.has(`${who.name} <${who.email}>`));
    if (unknown.length > 0) {
      const lines = await readMailmap(path, unknown);
      unknown.forEach((who, index) => {
        mapped.set(`${who.name} <${who.email}>`, lines[index] ?? who);
      });
    }
    return names.map((who) => intern(who.name, who.email, mapped.get(`${who.name} <${who.email}>`)));
  };

  const args = [
    'log',
    '--reverse',
    '--topo-order',
    '-z',
    '--no-color',
    `--format=${LOG_FIELDS.join('%x00')}`,
  ];
  // The first-parent line of HEAD: where squash merges land. About one sha per commit of the range;
  // read while git log starts streaming (a third of the log's time, on another core).
  const readingMainLine = readMainLine(path, range);
  readingMainLine.catch(() => {});
  let mainLine: Set<string> | undefined;
  for await (const fields of streamGitFields(path, [...args, range, '--'], LOG_FIELDS.length)) {
    const [
      sha,
      parentList,
      authorName,
      authorEmail,
      mappedName,
      mappedEmail,
      authorDate,
      committerName,
      committerEmail,
      committerDate,
      subject,
      trailers,
    ] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const parents = parentList === '' ? [] : parentList.split(' ');
    let secondParentAuthor: GitIdentity | null = null;
    const secondParent = parents[1];
    if (secondParent !== undefined) {
      secondParentAuthor = authors.get(secondParent) ?? null;
      if (secondParentAuthor === null) {
        const found = await readAuthor(path, secondParent);
        secondParentAuthor = found && intern(found.name, found.email, found.mailmap);
      }
    }
    const author = intern(authorName, authorEmail, { name: mappedName, email: mappedEmail });
    authors.set(sha, author);
    const coAuthors = trailers === '' ? [] : await resolveCoAuthors(trailers);
    mainLine ??= await readingMainLine;
    yield {
      kind: 'commit',
      commit: {
        sha,
        parents,
        author: { ...author, date: authorDate },
        committer: { name: committerName, email: committerEmail, date: committerDate },
        subject,
        secondParentAuthor,
        ...(coAuthors.length > 0 ? { coAuthors } : {}),
        ...(mainLine.has(sha) ? {} : { onMainLine: false as const }),
      },
    };
  }
}

/** The sha HEAD points to, or null when the repository has no commits yet. */
async function readHead(path: string): Promise<string | null> {
  const result = await runGit(path, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (result.code === 0) return result.stdout.trim();
  if (result.code === 1 && result.stderr.trim() === '') return null;
  throw toInputError(path, result.stderr);
}

/** True when `ancestor` names a commit in the history of `head`; false when it is not or no longer exists. */
async function isAncestor(path: string, ancestor: string, head: string): Promise<boolean> {
  if (!/^[0-9a-f]{4,64}$/i.test(ancestor)) return false;
  const result = await runGit(path, ['merge-base', '--is-ancestor', ancestor, head]);
  if (result.code === 0) return true;
  if (result.code === 1 || /not a valid|bad object|unknown revision/i.test(result.stderr)) return false;
  throw toInputError(path, result.stderr);
}

/** The author of one commit outside the streamed range, or null when git does not have it (a shallow clone). */
async function readAuthor(path: string, sha: string): Promise<GitIdentity | null> {
  const result = await runGit(path, [
    'show',
    '--no-patch',
    '-z',
    '--format=%an%x00%ae%x00%aN%x00%aE',
    sha,
    '--',
  ]);
  if (result.code !== 0) return null;
  const [name, email, mappedName, mappedEmail] = result.stdout.split('\0');
  if (name === undefined || email === undefined) return null;
  const mailmap =
    mappedName !== undefined && mappedEmail !== undefined && (mappedName !== name || mappedEmail !== email)
      ? { name: mappedName, email: mappedEmail }
      : undefined;
  return mailmap ? { name, email, mailmap } : { name, email };
}

/** The shas of `range` on HEAD's first-parent line. */
async function readMainLine(path: string, range: string): Promise<Set<string>> {
  const result = await runGit(path, ['rev-list', '--first-parent', range, '--']);
  if (result.code !== 0) throw toInputError(path, result.stderr);
  return new Set(result.stdout.split('\n').filter((line) => line !== ''));
}

/** What the repository's `.mailmap` maps each identity to (itself when it has no entry), in order. */
async function readMailmap(path: string, who: readonly GitName[]): Promise<(GitName | undefined)[]> {
  const result = await runGit(path, ['check-mailmap', ...who.map((one) => `${one.name} <${one.email}>`)]);
  if (result.code !== 0) return who.map((one) => one);
  return result.stdout
    .split('\n')
    .slice(0, who.length)
    .map((line) => {
      const match = TRAILER_IDENTITY.exec(line);
      return match ? { name: match[1]!, email: match[2]! } : undefined;
    });
}

function gitArgs(path: string, args: readonly string[]): string[] {
  // Settings a user's configuration could change that would alter what we parse.
  return ['-C', path, '-c', 'log.showSignature=false', '-c', 'i18n.logOutputEncoding=UTF-8', ...args];
}

function gitEnv(): NodeJS.ProcessEnv {
  // Variables that would point git at another repository than `path` (set inside git hooks, say),
  // and English messages so failures can be recognised.
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANGUAGE: 'C' };
  for (const name of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_COMMON_DIR',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_NAMESPACE',
  ]) {
    delete env[name];
  }
  return env;
}

interface GitExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error: Error | null;
}

function spawnGit(
  path: string,
  args: readonly string[],
): { child: ChildProcess; exit: Promise<GitExit>; stderr: () => string } {
  const child = spawn('git', gitArgs(path, args), { stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv() });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += chunk;
  });
  const exit = new Promise<GitExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal, error: null }));
  });
  return { child, exit, stderr: () => stderr };
}

async function runGit(
  path: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { child, exit, stderr } = spawnGit(path, args);
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const ended = await exit;
  if (ended.error) throw toSpawnError(ended.error);
  return { code: ended.code ?? -1, stdout, stderr: stderr() };
}

/** Streams git's NUL-terminated output as groups of `fieldCount` fields; throws if git fails. */
async function* streamGitFields(
  path: string,
  args: readonly string[],
  fieldCount: number,
): AsyncGenerator<readonly string[]> {
  const { child, exit, stderr } = spawnGit(path, args);
  const stdout = child.stdout;
  if (!stdout) throw new Error('git was started without a stdout pipe');
  stdout.setEncoding('utf8');
  let rest = '';
  let fields: string[] = [];
  try {
    for await (const chunk of stdout as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\0');
      rest = parts.pop() ?? '';
      for (const part of parts) {
        fields.push(part);
        if (fields.length === fieldCount) {
          yield fields;
          fields = [];
        }
      }
    }
    const ended = await exit;
    if (ended.error) throw toSpawnError(ended.error);
    if (ended.code !== 0) throw toInputError(path, stderr());
    if (rest !== '' || fields.length > 0) {
      throw new Error(`git log output for ${path} ended in the middle of a commit`);
    }
  } finally {
    // The reader stopped early or failed: do not leave git running.
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

function toInputError(path: string, stderr: string): InputError {
  if (/not a git repository|cannot change to/i.test(stderr)) {
    return new InputError(`not a git repository: ${path}`);
  }
  const line = stderr
    .split('\n')
    .map((text) => text.replace(/^(fatal|error): /, '').trim())
    .find((text) => text !== '');
  return new InputError(`git failed on ${path}: ${line ?? 'no message'}`);
}

function toSpawnError(error: Error): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(
    code === 'ENOENT' ? 'git is not installed or not on PATH' : `could not run git: ${error.message}`,
  );
}
