import type { Document, Node } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import type { Diagnostic, ParseResult } from './diagnostics.ts';
import { compareDiagnostics, formatKeyPath } from './diagnostics.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Parses YAML text and validates it with a zod schema. Returns the schema's output, or every
 * problem at once as diagnostics located at the offending node: YAML syntax errors where the parser
 * found them; a wrong value at that value; an unknown key (use strict objects) at the key itself; a
 * missing key at the key that holds the map it is missing from (or the map itself at the top). A
 * wrong type is described generically unless the schema gave its own message (zod's `error`).
 * Checks a schema adds with `superRefine` are located by the path they give. When the YAML has
 * syntax errors only those are reported, since validating a half-read document reports noise.
 * Never throws on bad input.
 */
export function parseYamlDocument<S extends z.ZodType>(
  text: string,
  fileName: string,
  schema: S,
): ParseResult<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    const diagnostics = doc.errors.map(
      (error): Diagnostic => ({ file: fileName, ...at(error.pos[0]), path: '', message: error.message }),
    );
    return { ok: false, diagnostics: diagnostics.sort(compareDiagnostics) };
  }

  const expansion = findAliasOverExpansion(doc);
  if (expansion !== null) {
    return {
      ok: false,
      diagnostics: [
        {
          file: fileName,
          ...at(expansion.offset),
          path: formatKeyPath(expansion.path),
          message: `aliases here expand the document by more than the ${MAX_ALIAS_EXPANSION.toLocaleString('en')} values allowed; write the values out or use fewer aliases`,
        },
      ],
    };
  }

  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, diagnostics: [{ file: fileName, line: 1, column: 1, path: '', message }] };
  }

  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };

  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    for (const located of locateIssue(doc, schema, issue)) {
      diagnostics.push({
        file: fileName,
        ...at(located.offset),
        path: formatKeyPath(located.path),
        message: located.message,
      });
    }
  }
  return { ok: false, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/** How many times a document may use aliases (yaml's own check, which counts uses, not sizes). */
const MAX_ALIAS_COUNT = 1000;

/**
 * How many values aliases may add to a document when expanded: generous for anchors shared by a
 * few dozen keys, far below what a "billion laughs" file asks for (a 58 KB groups file whose
 * thousand aliases of a thousand-item list would become a million rows).
 */
export const MAX_ALIAS_EXPANSION = 20_000;

/**
 * The first alias, in document order, at which the values aliases add pass
 * {@link MAX_ALIAS_EXPANSION}, with its key path; null when the document stays within it. Sizes of
 * anchored nodes are computed once each, so this is linear in the written document; an alias
 * inside the node it refers to (which would expand without end) is over the limit at once.
 */
function findAliasOverExpansion(doc: Document): { offset: number; path: Path } | null {
  const sizes = new Map<unknown, number>();
  const expandedSize = (node: unknown, open: Set<unknown>): number => {
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) return Number.POSITIVE_INFINITY;
    open.add(node);
    let size = 1;
    if (isAlias(node)) {
      size = expandedSize(node.resolve(doc), open);
    } else if (isMap(node)) {
      for (const pair of node.items) size += expandedSize(pair.key, open) + expandedSize(pair.value, open);
    } else if (isSeq(node)) {
      for (const item of node.items) size += expandedSize(item, open);
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };

  let added = 0;
  const walk = (node: unknown, path: Path): { offset: number; path: Path } | null => {
    if (isAlias(node)) {
      added += expandedSize(node.resolve(doc), new Set([node])) - 1;
      return added > MAX_ALIAS_EXPANSION ? { offset: startOf(node) ?? 0, path } : null;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair.key) ?? '?';
        const found = walk(pair.key, [...path, key]) ?? walk(pair.value, [...path, key]);
        if (found !== null) return found;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const found = walk(item, [...path, index]);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return walk(doc.contents, []);
}

interface LocatedIssue {
  readonly offset: number;
  readonly path: Path;
  readonly message: string;
}

/** Where a walk along a key path ended in the YAML tree. */
interface Walk {
  /** The node at the full path, or null when the path leaves the document. */
  readonly node: Node | null;
  /** Offset of the node at the full path when found, else of the deepest node found on the way. */
  readonly offset: number;
  /** Offset of the key naming the last segment, when the last segment is a map key that exists. */
  readonly keyOffset: number | null;
}

function locateIssue(doc: Document, schema: z.ZodType, issue: Issue): LocatedIssue[] {
  const path = issue.path as Path;
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, path);
    return issue.keys.map((key) => {
      const walk = walkPath(doc, [...path, key]);
      return {
        offset: walk.keyOffset ?? walk.offset,
        path: [...path, key],
        message: unknownKeyMessage(key, known),
      };
    });
  }
  const walk = walkPath(doc, path);
  const got =
    walk.node !== null ? describeNode(doc, walk.node) : path.length === 0 ? 'an empty document' : null;
  return [{ offset: walk.offset, path, message: issueMessage(issue, got) }];
}

function issueMessage(issue: Issue, got: string | null): string {
  const suffix = got === null ? '' : `, got ${got}`;
  switch (issue.code) {
    case 'invalid_type': {
      const last = issue.path[issue.path.length - 1];
      if (got === null && typeof last === 'string') return `missing required key "${last}"`;
      // A schema's own message (zod's `error` option) says more than the generic one.
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      return `expected ${describeExpected(issue.expected)}${suffix}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}${suffix}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${suffix}`;
    case 'too_small':
      return `${boundMessage(issue.origin, 'at least', 'more than', issue.minimum, issue.inclusive)}${suffix}`;
    case 'too_big':
      return `${boundMessage(issue.origin, 'at most', 'less than', issue.maximum, issue.inclusive)}${suffix}`;
    case 'invalid_union':
      return issue.message === 'Invalid input'
        ? `not an allowed value${suffix}`
        : `${issue.message}${suffix}`;
    default:
      return issue.message;
  }
}

function boundMessage(
  origin: string,
  inclusiveWord: string,
  exclusiveWord: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
): string {
  const word = inclusive === false ? exclusiveWord : inclusiveWord;
  switch (origin) {
    case 'array':
    case 'set':
      return `expected ${word} ${bound} item${bound === 1 ? '' : 's'}`;
    case 'string':
      return `expected ${word} ${bound} character${bound === 1 ? '' : 's'}`;
    default:
      return `expected a number ${word} ${bound}`;
  }
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  map: 'a map',
  array: 'a list',
  tuple: 'a list',
  null: 'nothing',
  date: 'a date',
};

function describeExpected(expected: string): string {
  return EXPECTED_WORDS[expected] ?? expected;
}

function describeNode(doc: Document, node: Node): string {
  const resolved = deref(doc, node);
  if (isMap(resolved)) return resolved.items.length === 0 ? 'an empty map' : 'a map';
  if (isSeq(resolved)) return resolved.items.length === 0 ? 'an empty list' : 'a list';
  if (isScalar(resolved)) {
    const value = resolved.value;
    if (value === null || value === undefined) return 'nothing';
    if (typeof value === 'string') return JSON.stringify(value);
    return String(value);
  }
  return 'an unreadable value';
}

function deref(doc: Document, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 100; hops++) current = current.resolve(doc);
  return current;
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return String(key.value);
  return null;
}

/** True for the empty scalar YAML makes of `key:` with nothing after it. */
function isEmptyScalar(node: unknown): boolean {
  return (
    isScalar(node) && (node.value === null || node.value === undefined) && node.range?.[0] === node.range?.[1]
  );
}

function walkPath(doc: Document, path: Path): Walk {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  let keyOffset: number | null = null;
  for (const segment of path) {
    const container = deref(doc, node);
    let next: unknown;
    let nextKeyOffset: number | null = null;
    if (isMap(container)) {
      const pair = container.items.find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) return { node: null, offset: keyOffset ?? offset, keyOffset: null };
      next = pair.value;
      nextKeyOffset = startOf(pair.key);
    } else if (isSeq(container) && (typeof segment === 'number' || /^\d+$/.test(String(segment)))) {
      next = container.items[Number(segment)];
      if (next === undefined) return { node: null, offset: keyOffset ?? offset, keyOffset: null };
    } else {
      return { node: null, offset: keyOffset ?? offset, keyOffset: null };
    }
    node = next;
    keyOffset = nextKeyOffset;
    const start = startOf(next);
    offset = start === null || isEmptyScalar(next) ? (nextKeyOffset ?? offset) : start;
  }
  return { node: (node ?? null) as Node | null, offset, keyOffset };
}

function startOf(node: unknown): number | null {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    if (range && typeof range[0] === 'number') return range[0];
  }
  return null;
}

function unknownKeyMessage(key: string, known: readonly string[] | null): string {
  if (known === null || known.length === 0) return `unknown key "${key}"`;
  const close = closestKey(key, known);
  if (close !== null) return `unknown key "${key}"; did you mean "${close}"?`;
  return `unknown key "${key}"; expected one of ${known.join(', ')}`;
}

function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = key.toLowerCase();
  if (lower.length >= 3) {
    const extended = known.filter((candidate) => candidate.toLowerCase().startsWith(lower));
    if (extended.length === 1) return extended[0]!;
  }
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The definition fields of zod schemas that the walk below reads. */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly innerType?: unknown;
  readonly in?: unknown;
  readonly element?: unknown;
  readonly valueType?: unknown;
  readonly catchall?: unknown;
  readonly getter?: () => unknown;
}

function defOf(schema: unknown): SchemaDef | null {
  if (schema !== null && typeof schema === 'object' && '_zod' in schema) {
    return (schema as { _zod: { def: SchemaDef } })._zod.def;
  }
  return null;
}

/** Strips wrappers (optional, default, pipe, ...) that do not change which keys a map may have. */
function unwrap(schema: unknown): SchemaDef | null {
  let def = defOf(schema);
  for (let hops = 0; def !== null && hops < 20; hops++) {
    const inner = def.innerType ?? def.in ?? (def.type === 'lazy' && def.getter ? def.getter() : undefined);
    if (inner === undefined) return def;
    def = defOf(inner);
  }
  return def;
}

/** The keys the schema allows at `path`, to suggest one for an unknown key; null when unknown. */
function knownKeysAt(schema: unknown, path: Path): readonly string[] | null {
  let def = unwrap(schema);
  for (const segment of path) {
    if (def === null) return null;
    if (def.type === 'object' && def.shape) {
      const child = def.shape[String(segment)] ?? def.catchall;
      def = child === undefined ? null : unwrap(child);
    } else if (def.type === 'array' && def.element) {
      def = unwrap(def.element);
    } else if (def.type === 'record' && def.valueType) {
      def = unwrap(def.valueType);
    } else {
      return null;
    }
  }
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : null;
}
