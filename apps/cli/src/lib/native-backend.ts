import '@scratchnet/backend-wasm';
import { setBackend, setThreads } from '@scratchnet/tensor';

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

export const BACKEND_CHOICES = ['auto', 'native', 'wasm', 'js'] as const;
export type BackendOption = (typeof BACKEND_CHOICES)[number];

/**
 * Imports the native backend (wasm is registered by this module's import), selects `choice`
 * (asking for 'native' when it cannot load fails with the reasons), and sets the thread count of
 * the active backend (native's rayon pool, wasm's workers; js runs on one thread).
 */
export async function setupBackend(
  choice: BackendOption | undefined,
  threads?: number,
): Promise<NativeStatus> {
  const status = await loadNative();
  if (choice !== undefined) setBackend(choice);
  if (threads !== undefined) await setThreads(threads);
  return status;
}
