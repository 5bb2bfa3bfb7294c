import type { AllKernels, KernelBackend } from '../types';
import { adamStep } from './adam-step';
import { avgPool2dBackward, avgPool2dForward } from './avg-pool2d';
import { conv2dBackwardInput, conv2dBackwardWeight, conv2dForward } from './conv2d';
import { matmul } from './matmul';
import { maxPool2dBackward, maxPool2dForward } from './max-pool2d';
import { relu, reluBackward } from './relu';

/**
 * The reference backend: every kernel of the contract, both dtypes, in plain TypeScript that
 * runs anywhere — convolutions as im2col + GEMM, pooling, ReLU and the optimizer step as plain loops,
 * one thread. It is the readable definition of each kernel and what the `wasm` and `native`
 * backends are tested against; whatever a backend leaves out runs here.
 */
export const jsBackend: KernelBackend & AllKernels = {
  name: 'js',
  apiVersion: 1,
  dtypes: ['float32', 'float64'],
  matmul,
  conv2dForward,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  maxPool2dForward,
  maxPool2dBackward,
  avgPool2dForward,
  avgPool2dBackward,
  relu,
  reluBackward,
  adamStep,
  plan: (request) => ({
    algorithm: request.kernel === 'matmul' ? 'dot products' : 'im2col + GEMM',
    threads: 1,
  }),
  describe: () => ({ language: 'TypeScript', threads: 1, algorithm: 'im2col + GEMM, plain loops' }),
};
