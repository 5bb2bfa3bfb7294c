import {
  type Conv2dGeometry,
  type DType,
  dtypeOf,
  type KernelBackend,
  type KernelSet,
} from '@scratchnet/tensor';
import { maxPool2dForward } from './max-pool2d';
import {
  type ConvPass,
  type ConvPlan,
  type PlannerFeatures,
  planConv,
  planMatmul,
  planMaxPool,
} from './planner';
import { DEFAULT_SETTINGS, type WasmSettings } from './settings';
import { getThreads, setThreads, threadsRestartFailure } from './threads/thread-pool';
import {
  runConv2dBackwardInput,
  runConv2dBackwardWeight,
  runConv2dForward,
  runMatmul,
} from './threads/threaded-kernels';
import { wasmKernels } from './wasm/wasm-kernels';

export type WasmKernelSet = Pick<
  KernelSet,
  'matmul' | 'conv2dForward' | 'conv2dBackwardInput' | 'conv2dBackwardWeight' | 'maxPool2dForward'
>;

export type WasmBackend = KernelBackend &
  WasmKernelSet & {
    /** The plan a convolution pass of this geometry and dtype gets here now (threads included). */
    planConv2d(pass: ConvPass, g: Conv2dGeometry, dtype: DType): ConvPlan;
    readonly settings: Readonly<WasmSettings>;
  };

const PASSES: Record<'conv2dForward' | 'conv2dBackwardInput' | 'conv2dBackwardWeight', ConvPass> = {
  conv2dForward: 'forward',
  conv2dBackwardInput: 'backward-input',
  conv2dBackwardWeight: 'backward-weight',
};

/** The algorithms whose products run through the packed GEMM (the SIMD block kernel where the plan says). */
const GEMM_ALGORITHMS: readonly string[] = ['implicit-gemm', 'gemm-col2im', 'winograd'];

const withSimdGemm = (algorithm: string, simd: boolean) => (simd ? `${algorithm} (SIMD GEMM)` : algorithm);

/**
 * A wasm backend: the convolutions, matmul and max-pool forward as WebAssembly SIMD kernels
 * assembled at run time (scalar TypeScript kernels where WebAssembly SIMD cannot run, or where
 * `settings.simd` is false), on the pool's threads when setThreads(n > 1) started one. Both
 * dtypes; what it leaves out (pool backward, average pooling, the optimizer step) runs on `js`.
 * Every call asks the planner once and runs the plan.
 */
export function createWasmBackend(overrides: Partial<WasmSettings> = {}, name = 'wasm'): WasmBackend {
  const settings: WasmSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const features = (): PlannerFeatures => ({
    simd: settings.simd && wasmKernels() !== null,
    threads: getThreads(),
    minFlops: settings.minFlops,
    minBackwardFlops: settings.minBackwardFlops,
  });
  const plan = (pass: ConvPass, g: Conv2dGeometry, dtype: DType) => planConv(pass, g, dtype, features());
  return {
    name,
    apiVersion: 1,
    dtypes: ['float32', 'float64'],
    settings,
    planConv2d: plan,
    matmul: (a, b, c, args) => runMatmul(a, b, c, args, planMatmul(args, features()), settings),
    conv2dForward: (x, weight, bias, y, g) =>
      runConv2dForward(x, weight, bias, y, g, plan('forward', g, dtypeOf(y)), settings),
    conv2dBackwardInput: (dy, weight, dx, g) =>
      runConv2dBackwardInput(dy, weight, dx, g, plan('backward-input', g, dtypeOf(dx)), settings),
    conv2dBackwardWeight: (x, dy, dWeight, dBias, g) =>
      runConv2dBackwardWeight(
        x,
        dy,
        dWeight,
        dBias,
        g,
        plan('backward-weight', g, dtypeOf(dWeight)),
        settings,
      ),
    maxPool2dForward: (x, y, argmax, g) => maxPool2dForward(x, y, argmax, g, planMaxPool(features())),
    plan: (request) => {
      if (request.kernel === 'matmul') {
        const p = planMatmul(request.args, features());
        return {
          algorithm: withSimdGemm(p.algorithm, p.simd && p.algorithm === 'packed-gemm'),
          threads: p.threads,
        };
      }
      const p = plan(PASSES[request.kernel], request.geometry, request.dtype);
      return {
        algorithm: withSimdGemm(p.algorithm, p.simd && GEMM_ALGORITHMS.includes(p.algorithm)),
        threads: p.threads,
      };
    },
    setThreads: (n) => setThreads(n),
    getThreads,
    describe: () => {
      const restartFailure = threadsRestartFailure();
      return {
        language: 'TypeScript + WebAssembly',
        threads: getThreads(),
        simd: features().simd ? 'WebAssembly f64x2' : 'none (scalar kernels)',
        ...(restartFailure ? { threadsError: restartFailure } : {}),
      };
    },
  };
}

/** The backend this package registers as `wasm`. */
export const wasmBackend = createWasmBackend();
