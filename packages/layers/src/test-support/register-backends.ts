import '@scratchnet/backend-wasm';
import { nativeAvailable, nativeLoadErrors } from '@scratchnet/conv-native';

// CI builds the addon before the tests; a missing backend there would silently halve coverage.
if (process.env.CI && !nativeAvailable()) {
  throw new Error(
    `the native backend did not load, so the layer suites cannot run on it:\n${nativeLoadErrors().join('\n')}`,
  );
}
