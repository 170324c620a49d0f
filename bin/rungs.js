#!/usr/bin/env node
// The rungs command. It runs the compiled JavaScript in dist/, which `npm install` builds (the
// `prepare` script) and `npm run build` rebuilds. In a development checkout (src/ beside dist/) it
// runs the TypeScript sources through tsx instead whenever dist/ is missing or older than a source,
// so a checkout never runs stale code (the check costs about 2 ms); `npm run build` makes it fast again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}/dist/main.js`;
const sources = `${root}/src`;

/** The newest modification time of the sources under `directory` that are compiled (not tests). */
function newestSourceTime(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures') newest = Math.max(newest, newestSourceTime(path));
    } else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

const checkout = existsSync(sources);
const built = existsSync(compiled);
let entry;
if (built && (!checkout || statSync(compiled).mtimeMs >= newestSourceTime(sources))) {
  entry = compiled;
} else if (checkout) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = `${sources}/main.ts`;
} else {
  process.stderr.write(
    `error: rungs is not built (${compiled} is missing): run \`npm run build\` in ${root}\n`,
  );
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
