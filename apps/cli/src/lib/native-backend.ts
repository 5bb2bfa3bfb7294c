import { getBackend, setBackend, setJsThreads } from '@scratchnet/tensor';

/** What the CLI uses of `@scratchnet/conv-native` (importing it registers the 'native' backend). */
export interface NativeModule {
  nativeAvailable(): boolean;
  nativeLoadErrors(): string[];
  setNumThreads(n: number): void;
  getNumThreads(): number;
}

export interface NativeStatus {
  /** The module, when the package could be imported at all. */
  module?: NativeModule;
  available: boolean;
  /** Why the backend is unavailable (import failure or the loader's own reasons). */
  errors: string[];
}

// A variable specifier keeps the package optional at type-check and bundle time: the CLI runs without it.
const NATIVE_PACKAGE = '@scratchnet/conv-native';
let cached: Promise<NativeStatus> | undefined;

/** Imports the native backend once; never throws. */
export function loadNative(): Promise<NativeStatus> {
  cached ??= (async () => {
    try {
      const module = (await import(NATIVE_PACKAGE)) as NativeModule;
      const available = module.nativeAvailable?.() ?? false;
      return {
        module,
        available,
        errors: available ? [] : (module.nativeLoadErrors?.() ?? ['no reason given']),
      };
    } catch (error) {
      return {
        available: false,
        errors: [`cannot import ${NATIVE_PACKAGE}: ${(error as Error).message.split('\n')[0]}`],
      };
    }
  })();
  return cached;
}

export const BACKEND_CHOICES = ['auto', 'native', 'js'] as const;
export type BackendOption = (typeof BACKEND_CHOICES)[number];

/**
 * Imports the native backend, selects `choice` (asking for 'native' when it cannot load fails with
 * the reasons), and sets the thread count of the active backend: native's rayon pool, or the js
 * backend's worker threads (results are bit-identical for every js thread count).
 */
export async function setupBackend(
  choice: BackendOption | undefined,
  threads?: number,
): Promise<NativeStatus> {
  const status = await loadNative();
  if (choice !== undefined) setBackend(choice);
  if (threads === undefined) return status;
  if (status.available && status.module) status.module.setNumThreads(threads);
  if (getBackend().name === 'js') await setJsThreads(threads);
  return status;
}
