import { open } from 'node:fs/promises';
import { InputError } from '../../app/input-error.ts';
import { checkInputPath } from './check-input-path.ts';
import { describeFileError } from './describe-file-error.ts';

/**
 * The largest policy, groups, roster or scoring rules file rungs reads: 2 MiB, ten times
 * Kubernetes' sigs.yaml, so a hand-kept file always fits and a runaway one is refused before
 * parsing. The streaming imports (GH Archive, webhooks, git, activities) have no such limit.
 */
export const MAX_CONFIG_FILE_BYTES = 2 * 1024 * 1024;

const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Reads a file people keep (a ladder policy, groups, a roster, scoring rules) as UTF-8, refusing it
 * when it holds more than `maxBytes`: reading stops at the first byte past the limit, so a huge or
 * growing file costs no more than the limit. Rejects with an
 * `InputError` `<path>: <reason>` naming the limit, or why the path cannot be read.
 */
export async function readBoundedTextFile(
  path: string,
  what: string,
  maxBytes: number = MAX_CONFIG_FILE_BYTES,
): Promise<string> {
  await checkInputPath(path, 'file');
  const tooLarge = (): InputError =>
    new InputError(`${path}: larger than the ${formatByteSize(maxBytes)} allowed for ${what}; not read`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(`${path}: ${describeFileError(error)}`);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: ${describeFileError(error)}`);
  } finally {
    await handle.close();
  }
}

/** `2 MiB`, `512 KiB`, `100 bytes`. */
function formatByteSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
