import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { missingFunctions, type NativeBinding } from './binding';
import { BUILT_PLATFORMS, localBinary, platformPackage, platformTriple } from './platform';

export const DISABLE_ENV = 'SCRATCHNET_CONV_NATIVE_DISABLE';
export const PATH_ENV = 'SCRATCHNET_CONV_NATIVE_PATH';

export type LoadResult =
  | { ok: true; binding: NativeBinding; path: string; attempts: string[] }
  | { ok: false; attempts: string[] };

type Require = NodeRequire;

function nodeRequire(): Require {
  // The CJS build has __filename (and an empty import.meta); the ESM build has import.meta.url.
  // `typeof require` cannot tell them apart: bundlers shim `require` in ESM output.
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function isNotFound(error: unknown, request: string): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && (e.message ?? '').includes(request);
}

/** Tries one candidate; returns the binding or why it failed, phrased for the user. */
function attempt(
  req: Require,
  request: string,
  label: string,
): { binding?: NativeBinding; path?: string; why?: string } {
  let path: string;
  try {
    path = req.resolve(request);
  } catch (error) {
    if (!isNotFound(error, request)) return { why: `${label}: ${errorMessage(error)}` };
    const isFile = request.startsWith('.') || isAbsolute(request);
    return { why: `${label}: ${isFile ? 'no such file' : 'not installed'}` };
  }
  let binding: unknown;
  try {
    binding = req(path);
  } catch (error) {
    return { why: `${label}: load error: ${errorMessage(error)}` };
  }
  const missing = missingFunctions(binding);
  if (missing.length > 0)
    return { why: `${label}: load error: the binary lacks ${missing.join(', ')} (stale build?)` };
  return { binding: binding as NativeBinding, path };
}

/**
 * Tries, in order: $SCRATCHNET_CONV_NATIVE_PATH, the per-platform package, then the local
 * build output. Never throws: every failed attempt is returned with its reason.
 */
export function loadBinding(env: Record<string, string | undefined>, proc: NodeJS.Process): LoadResult {
  const attempts: string[] = [];
  if (env[DISABLE_ENV] === '1' || env[DISABLE_ENV] === 'true') {
    return { ok: false, attempts: [`disabled by ${DISABLE_ENV}=${env[DISABLE_ENV]}`] };
  }
  const triple = platformTriple(proc);
  const candidates: [string, string][] = [];
  if (env[PATH_ENV]) candidates.push([env[PATH_ENV], `${PATH_ENV}=${env[PATH_ENV]}`]);
  if (!(BUILT_PLATFORMS as readonly string[]).includes(triple)) {
    attempts.push(
      `no binary is built for this platform or libc (${triple}); built: ${BUILT_PLATFORMS.join(', ')}`,
    );
  }
  candidates.push([platformPackage(triple), platformPackage(triple)]);
  candidates.push([
    localBinary(triple),
    `local build native/conv-native.${triple}.node (pnpm --filter @scratchnet/conv-native build)`,
  ]);
  const req = nodeRequire();
  for (const [request, label] of candidates) {
    const result = attempt(req, request, label);
    if (result.binding && result.path)
      return { ok: true, binding: result.binding, path: result.path, attempts };
    attempts.push(result.why ?? `${label}: unknown failure`);
  }
  return { ok: false, attempts };
}
