import type { AllKernels, KernelBackend } from '../types';
import { adamStep } from './adam-step';
import { avgPool2dBackward, avgPool2dForward } from './avg-pool2d';
import { maxPool2dBackward, maxPool2dForward } from './max-pool2d';
import { getJsThreads } from './threads/js-threads';
import {
  threadedConv2dBackwardInput,
  threadedConv2dBackwardWeight,
  threadedConv2dForward,
  threadedMatmul,
} from './threads/threaded-kernels';
import { wasmKernels } from './wasm/wasm-kernels';

/**
 * The TypeScript backend: every kernel, both dtypes, runs anywhere; its hot loops run as
 * WebAssembly SIMD kernels it assembles itself where the runtime allows (describe() says).
 * The convolutions and matmul run on the calling thread alone unless setJsThreads(n > 1)
 * started a pool of workers.
 */
export const jsBackend: KernelBackend & AllKernels = {
  name: 'js',
  apiVersion: 1,
  dtypes: ['float32', 'float64'],
  matmul: threadedMatmul,
  conv2dForward: threadedConv2dForward,
  conv2dBackwardInput: threadedConv2dBackwardInput,
  conv2dBackwardWeight: threadedConv2dBackwardWeight,
  maxPool2dForward,
  maxPool2dBackward,
  avgPool2dForward,
  avgPool2dBackward,
  adamStep,
  describe: () => ({
    language: 'TypeScript',
    threads: getJsThreads(),
    simd: wasmKernels() ? 'WebAssembly f64x2' : 'none (scalar kernels)',
  }),
};
