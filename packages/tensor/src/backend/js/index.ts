import type { KernelBackend, KernelSet } from '../types';
import { avgPool2dBackward, avgPool2dForward } from './avg-pool2d';
import { conv2dBackwardInput } from './conv2d-backward-input';
import { conv2dBackwardWeight } from './conv2d-backward-weight';
import { conv2dForward } from './conv2d-forward';
import { matmul } from './gemm';
import { maxPool2dBackward, maxPool2dForward } from './max-pool2d';

/** The pure-TypeScript backend: every kernel, both dtypes, runs anywhere. */
export const jsBackend: KernelBackend & KernelSet = {
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
  describe: () => ({ language: 'TypeScript', threads: 1 }),
};
