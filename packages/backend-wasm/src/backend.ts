import type { KernelBackend, KernelSet } from '@scratchnet/tensor';
import { maxPool2dForward } from './max-pool2d';
import { getThreads, setThreads } from './threads/thread-pool';
import {
  threadedConv2dBackwardInput,
  threadedConv2dBackwardWeight,
  threadedConv2dForward,
  threadedMatmul,
} from './threads/threaded-kernels';
import { wasmKernels } from './wasm/wasm-kernels';

type WasmKernelSet = Pick<
  KernelSet,
  'matmul' | 'conv2dForward' | 'conv2dBackwardInput' | 'conv2dBackwardWeight' | 'maxPool2dForward'
>;

/**
 * The fast JavaScript backend: the convolutions, matmul and max-pool forward as WebAssembly SIMD
 * kernels assembled at run time (scalar TypeScript kernels where WebAssembly SIMD cannot run),
 * on the calling thread alone unless setThreads(n > 1) started a pool of workers. Both dtypes;
 * what it leaves out (pool backward, average pooling, the optimizer step) runs on `js`.
 */
export const wasmBackend: KernelBackend & WasmKernelSet = {
  name: 'wasm',
  apiVersion: 1,
  dtypes: ['float32', 'float64'],
  matmul: threadedMatmul,
  conv2dForward: threadedConv2dForward,
  conv2dBackwardInput: threadedConv2dBackwardInput,
  conv2dBackwardWeight: threadedConv2dBackwardWeight,
  maxPool2dForward,
  setThreads: (n) => setThreads(n),
  getThreads,
  describe: () => ({
    language: 'TypeScript + WebAssembly',
    threads: getThreads(),
    simd: wasmKernels() ? 'WebAssembly f64x2' : 'none (scalar kernels)',
  }),
};
