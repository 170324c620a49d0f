/**
 * Why a file system call failed, in words a user reads after the path (`error: <path>: <reason>`):
 * a missing path, a directory where a file is expected, a symlink loop, a permission refused.
 */
export function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
