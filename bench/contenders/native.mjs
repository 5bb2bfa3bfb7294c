import { setBackend } from '@scratchnet/tensor';
import js from './js.mjs';

/**
 * scratchnet's Rust backend through the same tensor-level ops (and inputs) as the js contender:
 * only the active backend differs. Threads: SCRATCHNET_NUM_THREADS, else every core.
 */
let native;

/** Wraps a js-contender run function so that each call runs on the native backend. */
const onNative = (run) => () => {
  setBackend('native');
  return run();
};

export default {
  name: 'native',
  async available() {
    native = await import('@scratchnet/conv-native');
    if (!native.nativeAvailable()) return `the binary did not load: ${native.nativeLoadErrors().join('; ')}`;
    const { threads, simd } = native.nativeDescription();
    console.log(`  native: ${threads} threads, ${simd}`);
    return true;
  },
  async matmul(size) {
    return onNative(await js.matmul(size));
  },
  async conv(pass, shape) {
    return onNative(await js.conv(pass, shape));
  },
};
