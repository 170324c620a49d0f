import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../app/input-error.ts';
import { checkInputPath } from '../files/check-input-path.ts';
import { describeFileError } from '../files/describe-file-error.ts';

/** A GH Archive file opened for reading: its decompressed bytes, and whether it was gzip. */
export interface GhArchiveStream {
  readonly stream: Readable;
  readonly compressed: boolean;
}

// Large chunks matter: zlib's default 16 KiB output chunk makes inflating several times slower.
const READ_CHUNK_BYTES = 1 << 20;
const INFLATE_CHUNK_BYTES = 1 << 18;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Opens `path` as a stream of decompressed bytes: gzip (one member or several concatenated, as
 * hour files can be) when the file starts with the gzip magic bytes, whatever its name, else the
 * file's own bytes. Memory stays bounded by the chunk sizes. A path that is missing, a directory,
 * a symlink loop or unreadable, and a file named `.gz` that is not gzip, are an `InputError`
 * `<path>: <reason>` before anything is read; a gzip error later (truncated or corrupt data)
 * surfaces while iterating the stream as an error whose `code` starts with `Z_`.
 */
export async function openGhArchiveStream(path: string): Promise<GhArchiveStream> {
  await checkInputPath(path, 'file');
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new InputError(`${path}: ${describeFileError(error)}`);
  });
  let compressed: boolean;
  try {
    const magic = Buffer.alloc(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(magic, 0, magic.length, 0);
    compressed = bytesRead === magic.length && magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
  } catch (error) {
    await handle.close();
    throw new InputError(`${path}: ${describeFileError(error)}`);
  }
  if (!compressed && /\.gz$/i.test(path)) {
    await handle.close();
    throw new InputError(
      `${path}: not gzip data (the name ends in .gz, but the file does not start with gzip's magic bytes); nothing was read`,
    );
  }
  const file = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES });
  if (!compressed) return { stream: file, compressed };
  const gunzip = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  // Errors reach the reader through `gunzip`, which pipeline destroys with the first error of
  // either stream; destroying `gunzip` early (the reader stopped) closes the file.
  pipeline(file, gunzip, () => {});
  return { stream: gunzip, compressed };
}

/** Whether `error` came from zlib (truncated or corrupt gzip data) rather than from the file. */
export function isGzipDataError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}
