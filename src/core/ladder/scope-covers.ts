/**
 * True when a role held in `held` covers `target`: the same scope, or one containing it (the
 * repository `owner/name` contains its directory `owner/name/path`, a directory its subdirectories).
 * A role held for the whole community (null) covers every scope. Case and surrounding slashes are
 * ignored, as GitHub logins and paths are compared elsewhere.
 */
export function scopeCovers(held: string | null, target: string): boolean {
  if (held === null) return true;
  const outer = normalizedScope(held);
  const inner = normalizedScope(target);
  return outer !== '' && (inner === outer || inner.startsWith(`${outer}/`));
}

/** A scope lower-cased, without surrounding spaces or slashes. */
export function normalizedScope(scope: string): string {
  return scope
    .trim()
    .toLowerCase()
    .replace(/^\/+|\/+$/g, '');
}
