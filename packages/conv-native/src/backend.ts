import {
  type AdamStepArgs,
  type AllKernels,
  conv2dGeometryNumbers,
  type KernelBackend,
  type MatmulArgs,
  pool2dGeometryNumbers,
} from '@scratchnet/tensor';
import type { NativeBinding } from './binding';

type F32 = Float32Array;

/** The addon's matmul argument list: sizes, then the flags as 0 or 1. */
export function matmulNumbers({ m, n, k, transA, transB, accumulate }: MatmulArgs): number[] {
  return [m, n, k, +transA, +transB, +accumulate];
}

/** The addon's adamStep argument list; the bias corrections are formed here, as the js kernel forms them. */
export function adamNumbers(a: AdamStepArgs): number[] {
  return [
    a.lr,
    a.beta1,
    a.beta2,
    a.eps,
    a.weightDecay,
    1 - a.beta1 ** a.step,
    (1 - a.beta2 ** a.step) ** 0.5,
    +a.decoupledWeightDecay,
    +a.amsgrad,
    +a.maximize,
  ];
}

/** The `native` kernel backend: float32 only (float64 falls back to js through the registry). */
export function createNativeBackend(binding: NativeBinding, binaryPath: string): KernelBackend & AllKernels {
  return {
    name: 'native',
    apiVersion: 1,
    dtypes: ['float32'],
    matmul: (a, b, c, args) => binding.matmul(a as F32, b as F32, c as F32, matmulNumbers(args)),
    conv2dForward: (x, weight, bias, y, g) =>
      binding.conv2dForward(x as F32, weight as F32, bias as F32 | null, y as F32, conv2dGeometryNumbers(g)),
    conv2dBackwardInput: (dy, weight, dx, g) =>
      binding.conv2dBackwardInput(dy as F32, weight as F32, dx as F32, conv2dGeometryNumbers(g)),
    conv2dBackwardWeight: (x, dy, dWeight, dBias, g) =>
      binding.conv2dBackwardWeight(
        x as F32,
        dy as F32,
        dWeight as F32,
        dBias as F32 | null,
        conv2dGeometryNumbers(g),
      ),
    maxPool2dForward: (x, y, argmax, g) =>
      binding.maxPool2dForward(x as F32, y as F32, argmax, pool2dGeometryNumbers(g)),
    maxPool2dBackward: (dy, argmax, dx, g) =>
      binding.maxPool2dBackward(dy as F32, argmax, dx as F32, pool2dGeometryNumbers(g)),
    avgPool2dForward: (x, y, g, countIncludePad) =>
      binding.avgPool2dForward(x as F32, y as F32, pool2dGeometryNumbers(g), countIncludePad),
    avgPool2dBackward: (dy, dx, g, countIncludePad) =>
      binding.avgPool2dBackward(dy as F32, dx as F32, pool2dGeometryNumbers(g), countIncludePad),
    relu: (x, y) => binding.relu(x as F32, y as F32),
    reluBackward: (y, dy, dx) => binding.reluBackward(y as F32, dy as F32, dx as F32),
    adamStep: (param, grad, expAvg, expAvgSq, maxExpAvgSq, args) => {
      if (!Number.isInteger(args.step) || args.step < 1) {
        throw new Error(
          `adamStep: step must be an integer >= 1 (the count including this step), got ${args.step}`,
        );
      }
      binding.adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, adamNumbers(args));
    },
    plan: (request) =>
      request.kernel === 'matmul'
        ? binding.matmulPlan(matmulNumbers(request.args))
        : binding.conv2dPlan(request.kernel, conv2dGeometryNumbers(request.geometry)),
    setThreads: async (n) => binding.setNumThreads(n),
    getThreads: () => binding.getNumThreads(),
    describe: () => {
      const info = binding.nativeInfo();
      return {
        language: 'Rust',
        threads: info.threads,
        simd: info.simd,
        gemm: info.gemm,
        version: info.version,
        binary: binaryPath,
      };
    },
  };
}
