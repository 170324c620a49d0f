const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Finds, in the raw bytes of one JSON line `bytes[start, end)`, where the string value of the
 * top-level `repo.name` begins (just after its opening quote), or -1 when the bytes do not show one
 * plainly: not an object, no top-level `repo` object with a `name` string, keys written with escapes,
 * or broken JSON. It walks only the members before `repo` (in GH Archive: `id`, `type`, `actor`,
 * about 200 bytes of a 2 KB line) without decoding or allocating, which is what lets a filtered
 * read skip most lines at a fraction of the cost of searching them.
 *
 * For valid JSON the answer is exact, except that with duplicate top-level `repo` keys it reads the
 * first (JSON.parse keeps the last). For invalid JSON it may return any position or -1.
 */
export function locateRepoName(bytes: Uint8Array, start: number, end: number): number {
  let i = skipSpace(bytes, start, end);
  if (bytes[i] !== OPEN_BRACE) return -1;
  i = skipSpace(bytes, i + 1, end);
  while (i < end && bytes[i] === QUOTE) {
    const isRepo = isKey(bytes, i, end, REPO_KEY);
    i = skipString(bytes, i, end);
    if (i === -1) return -1;
    i = skipSpace(bytes, i, end);
    if (bytes[i] !== COLON) return -1;
    i = skipSpace(bytes, i + 1, end);
    if (isRepo) return locateNameMember(bytes, i, end);
    i = skipValue(bytes, i, end);
    if (i === -1) return -1;
    i = skipSpace(bytes, i, end);
    if (bytes[i] !== COMMA) return -1;
    i = skipSpace(bytes, i + 1, end);
  }
  return -1;
}

const REPO_KEY = [0x72, 0x65, 0x70, 0x6f] as const; // repo
const NAME_KEY = [0x6e, 0x61, 0x6d, 0x65] as const; // name

/** Where the `name` string of the object starting at `at` begins, or -1. */
function locateNameMember(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] !== OPEN_BRACE) return -1;
  let i = skipSpace(bytes, at + 1, end);
  while (i < end && bytes[i] === QUOTE) {
    const isName = isKey(bytes, i, end, NAME_KEY);
    i = skipString(bytes, i, end);
    if (i === -1) return -1;
    i = skipSpace(bytes, i, end);
    if (bytes[i] !== COLON) return -1;
    i = skipSpace(bytes, i + 1, end);
    if (isName) return bytes[i] === QUOTE ? i + 1 : -1;
    i = skipValue(bytes, i, end);
    if (i === -1) return -1;
    i = skipSpace(bytes, i, end);
    if (bytes[i] !== COMMA) return -1;
    i = skipSpace(bytes, i + 1, end);
  }
  return -1;
}

/** Whether the string starting at `at` (its opening quote) is exactly `key`, written plainly. */
function isKey(bytes: Uint8Array, at: number, end: number, key: readonly number[]): boolean {
  if (at + key.length + 1 >= end || bytes[at + key.length + 1] !== QUOTE) return false;
  for (let k = 0; k < key.length; k += 1) if (bytes[at + 1 + k] !== key[k]) return false;
  return true;
}

/** The index after the string whose opening quote is at `at`, or -1 if it does not end in range. */
function skipString(bytes: Uint8Array, at: number, end: number): number {
  let i = at + 1;
  while (i < end) {
    const byte = bytes[i];
    if (byte === QUOTE) return i + 1;
    i += byte === BACKSLASH ? 2 : 1;
  }
  return -1;
}

/** The index after the value starting at `at`, or -1 if it does not end in range. */
function skipValue(bytes: Uint8Array, at: number, end: number): number {
  const first = bytes[at];
  if (first === QUOTE) return skipString(bytes, at, end);
  let i = at;
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    while (i < end) {
      const byte = bytes[i];
      if (byte === QUOTE) {
        i = skipString(bytes, i, end);
        if (i === -1) return -1;
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    return -1;
  }
  // A number, true, false or null: it runs to the next delimiter.
  while (i < end) {
    const byte = bytes[i];
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
    i += 1;
  }
  return i > at ? i : -1;
}

function skipSpace(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && isSpace(bytes[i])) i += 1;
  return i;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
