// For the fuzzing children: runs one call and tallies whether it returned or threw, keeping one
// example of each failure that is not an Error whose message starts with the function's name.
export function createOutcomes() {
  const counts = { calls: 0, threw: 0, returned: 0 };
  const problems = new Map();

  /** Calls `fn()` as `op` (with `geometry` for the report); returns the Error's message, if any. */
  function call(op, geometry, fn) {
    counts.calls++;
    try {
      fn();
      counts.returned++;
      return undefined;
    } catch (error) {
      counts.threw++;
      const message = error instanceof Error ? error.message : `non-Error ${String(error)}`;
      if (!(error instanceof Error) || !message.startsWith(`${op}: `)) {
        // One example per op and message shape (numbers stripped), to keep the report short.
        const key = `${op}: ${message.replace(/[0-9.e+-]+/g, '#').slice(0, 160)}`;
        if (!problems.has(key))
          problems.set(key, { op, message: message.slice(0, 300), geometry: String(geometry) });
      }
      return message;
    }
  }

  return { counts, call, report: () => ({ ...counts, problems: [...problems.values()] }) };
}
