/** Which prebuilt binary fits this process: the napi-rs platform triple, with the libc on Linux. */

/** The triples the release builds (package.json `napi.targets`), in napi-rs naming. */
export const BUILT_PLATFORMS = [
  'linux-x64-gnu',
  'linux-x64-musl',
  'linux-arm64-gnu',
  'darwin-arm64',
  'darwin-x64',
  'win32-x64-msvc',
] as const;

interface ProcessLike {
  platform: string;
  arch: string;
  report?: { getReport(): unknown };
}

/** glibc reports its version in the process report header; musl (e.g. Alpine) does not. */
export function isMusl(proc: ProcessLike): boolean {
  try {
    const report = proc.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    return !report?.header?.glibcVersionRuntime;
  } catch {
    return false;
  }
}

/** e.g. `linux-x64-gnu`, `linux-x64-musl`, `darwin-arm64`, `win32-x64-msvc`. */
export function platformTriple(proc: ProcessLike): string {
  const base = `${proc.platform}-${proc.arch}`;
  if (proc.platform === 'linux') return `${base}-${isMusl(proc) ? 'musl' : 'gnu'}`;
  if (proc.platform === 'win32') return `${base}-msvc`;
  return base;
}

export function platformPackage(triple: string): string {
  return `@scratchnet/conv-native-${triple}`;
}

/** Relative to this file's folder (dist/ once built, src/ under test): napi build's output. */
export function localBinary(triple: string): string {
  return `../native/conv-native.${triple}.node`;
}
