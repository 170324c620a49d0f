/**
 * A failure caused by what the user gave (a missing file, a non-repository path, an unknown preset,
 * a person who does not exist). Its message is complete and shown as is; edges map it to exit code 1
 * or an HTTP 4xx without a stack trace.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
