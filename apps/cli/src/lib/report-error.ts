import { CommanderError } from 'commander';
import { EXIT_OK, EXIT_USAGE, exitCodeOf, UsageError } from './errors';

/** commander codes that are not failures. */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

export function usageHint(command: string | undefined): string {
  return `(run 'scratchnet ${command ? `${command} ` : ''}--help' for usage)`;
}

/**
 * Prints an error the way users should see it: one line for bad usage plus the usage hint, the
 * message of a runtime failure, and the stack only with --verbose. Returns the exit code.
 */
export function reportError(error: unknown, command: string | undefined, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed its message and the usage hint already.
    return NOT_ERRORS.has(error.code) ? EXIT_OK : EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (error instanceof UsageError) process.stderr.write(`${usageHint(command)}\n`);
  if (verbose && error instanceof Error && error.stack) {
    const cause = error.cause instanceof Error ? `\ncaused by: ${error.cause.stack}` : '';
    process.stderr.write(`${error.stack}${cause}\n`);
  }
  return exitCodeOf(error);
}
