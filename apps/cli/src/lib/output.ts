/** Human-readable lines go to stdout; warnings and errors to stderr. */
export const say = (text = '') => process.stdout.write(`${text}\n`);
export const warn = (text: string) => process.stderr.write(`warning: ${text}\n`);

/** The machine-readable result: one JSON object, on the last line of stdout. */
export const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

/** `scratchnet doctor | head` closes the pipe early; that is not an error worth a stack trace. */
export function exitQuietlyOnBrokenPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
