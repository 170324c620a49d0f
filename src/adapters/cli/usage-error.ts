/** A command line that parsed but says something impossible (a bad window); exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
