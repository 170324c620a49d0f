/** A repository, or a directory in one, split from `owner/name` or `owner/name/path`. */
export interface RepositoryPath {
  /** Lower-cased `owner/name`. */
  readonly repo: string;
  /** The directory inside the repository without leading or trailing `/`, as written; '' for the whole repository. */
  readonly path: string;
}

const SEGMENT = /^[\w.-]+$/;

/**
 * Reads `owner/name` or `owner/name/path/to/dir` (GitHub's characters for owners and names; any
 * path without empty, `.` or `..` segments). Null when the text is neither.
 */
export function parseRepositoryPath(text: string): RepositoryPath | null {
  const parts = text.trim().replace(/\/+$/, '').split('/');
  if (parts.length < 2) return null;
  const [owner, name, ...path] = parts as [string, string, ...string[]];
  if (!SEGMENT.test(owner) || !SEGMENT.test(name) || name === '.' || name === '..') return null;
  if (path.some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  return { repo: `${owner}/${name}`.toLowerCase(), path: path.join('/') };
}

/**
 * The repository and directory an OWNERS file governs, from its URL as sigs.yaml writes it:
 * `https://raw.githubusercontent.com/<owner>/<name>/<branch>/<path>/OWNERS` or the same file on
 * github.com (`/<owner>/<name>/blob/<branch>/<path>/OWNERS`). A branch with `/` in its name is
 * not told apart from the path. Null for any other URL.
 */
export function parseOwnersUrl(url: string): RepositoryPath | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const host = parsed.hostname.toLowerCase();
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  let rest: string[];
  if (host === 'raw.githubusercontent.com') {
    // owner / name / branch / ...path / OWNERS
    if (segments.length < 4) return null;
    rest = [segments[0]!, segments[1]!, ...segments.slice(3)];
  } else if (host === 'github.com' || host === 'www.github.com') {
    // owner / name / blob|tree / branch / ...path / OWNERS
    if (segments.length < 5 || (segments[2] !== 'blob' && segments[2] !== 'tree')) return null;
    rest = [segments[0]!, segments[1]!, ...segments.slice(4)];
  } else {
    return null;
  }
  if (rest[rest.length - 1] !== 'OWNERS') return null;
  let decoded: string[];
  try {
    decoded = rest.slice(0, -1).map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  return parseRepositoryPath(decoded.join('/'));
}
