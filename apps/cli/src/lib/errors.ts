/** Exit codes of the `scratchnet` command. */
export const EXIT_OK = 0;
/** Something went wrong while running (no data set, training diverged, a failed check, a write error). */
export const EXIT_FAILURE = 1;
/** What was typed or given is wrong: unknown flags, bad numbers, missing or unreadable files, a model that does not fit. */
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C after saving a checkpoint (the shell convention, 128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** Bad usage or bad input: exits with EXIT_USAGE. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  override name = 'UsageError';
}

/** Wraps any error thrown by `fn` as a UsageError prefixed with `what` (the flag or file involved). */
export function asUsageError<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${what}: ${firstLine(message.trim())}`, { cause: error });
  }
}

/** Runs a reader of the user's files; its error (which names the file, row or column) becomes bad input. */
export function asInputError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** The first line of a (possibly multi-line) message. */
export function firstLine(text: string): string {
  return text.split('\n')[0];
}

export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}
