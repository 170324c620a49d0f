import { readFileSync } from 'node:fs';

/**
 * The version in rungs' package.json, for `rungs --version`. The file sits two folders up from
 * this module both in the sources (src/compose/) and in the build (dist/compose/).
 */
export function readPackageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
