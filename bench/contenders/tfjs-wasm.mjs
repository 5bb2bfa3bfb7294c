import { createRequire } from 'node:module';
import path from 'node:path';
import { tfjsContender } from './tfjs-common.mjs';

/** TensorFlow.js's WebAssembly backend (XNNPACK, SIMD, single-threaded in Node). */
export default tfjsContender({
  name: 'tfjs-wasm',
  backend: 'wasm',
  maxMatmulSize: 2048,
  setup: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const packageJson = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
    wasm.setWasmPaths(`${path.join(path.dirname(packageJson), 'dist')}${path.sep}`);
  },
  // The WASM backend registers no Conv2DBackpropFilter kernel.
  skip: (pass) => (pass === 'backward-weight' ? 'n/a' : null),
});
