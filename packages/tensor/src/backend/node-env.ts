/**
 * Reads SCRATCHNET_BACKEND when running under Node; in a browser there is no
 * environment and this returns undefined. Read on every call so that tests and
 * long-lived processes may change it.
 */
export function readBackendEnv(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.SCRATCHNET_BACKEND?.trim();
  return value ? value : undefined;
}
