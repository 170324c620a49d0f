/**
 * Located problems in a file the user wrote (scoring rules, a ladder policy): every parser that
 * reads user files reports all of its problems at once as these, never by throwing.
 */

/** One problem, located at the offending node of the file. Lines and columns start at 1. */
export interface Diagnostic {
  /** The file name as the user knows it, e.g. `ladder.yaml`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The key path of the offending value, e.g. `levels[2].requires[0].points.min`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** What a parser of user input returns: the value, or every problem found. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Renders a diagnostic as one line: `ladder.yaml:14:7 levels[2].requires[0].points.min: expected a number, got "lots"`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const place = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
  return diagnostic.path === ''
    ? `${place} ${diagnostic.message}`
    : `${place} ${diagnostic.path}: ${diagnostic.message}`;
}

/**
 * Writes a key path the way users read it: `levels[2].requires[0].points.min`. Keys that are not
 * plain words are quoted in brackets: `deny["dependabot[bot]"]`.
 */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) text += text === '' ? key : `.${key}`;
      else text += `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}

/** Orders diagnostics by position in the file, then by path, so reports read top to bottom. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}
