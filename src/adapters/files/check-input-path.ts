import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { InputError } from '../../app/input-error.ts';
import { describeFileError } from './describe-file-error.ts';

/** What an input path must be: a file, a directory, or either (a folder of files). */
export type InputPathKind = 'file' | 'directory' | 'file or directory';

/**
 * Checks, before anything is read, that `path` exists (through symbolic links), is what the command
 * expects and can be read. Resolves to what it is; otherwise rejects with an `InputError` whose
 * message is `<path>: <reason>` (no such file, a directory where a file is expected, a symlink loop,
 * permission denied), which the CLI prints as one line and exits 1.
 */
export async function checkInputPath(path: string, expected: InputPathKind): Promise<'file' | 'directory'> {
  let kind: 'file' | 'directory' | 'other';
  try {
    const info = await stat(path);
    kind = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
    await access(path, constants.R_OK);
  } catch (error) {
    throw new InputError(`${path}: ${describeFileError(error)}`);
  }
  if (kind === 'other') throw new InputError(`${path}: not a regular file or directory`);
  if (expected === 'file' && kind === 'directory') {
    throw new InputError(`${path}: is a directory, expected a file`);
  }
  if (expected === 'directory' && kind === 'file') {
    throw new InputError(`${path}: is a file, expected a directory`);
  }
  return kind;
}
