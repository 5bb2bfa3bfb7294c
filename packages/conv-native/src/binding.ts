/**
 * The functions the Rust addon exports. Arrays are the caller's typed arrays, never copied;
 * geometries are plain number arrays in the field order of the TypeScript interfaces.
 */
export interface NativeBinding {
  /** args = [m, n, k, transA, transB, accumulate], flags as 0 or 1. */
  matmul(a: Float32Array, b: Float32Array, c: Float32Array, args: number[]): void;
  /** geometry = the 18 `Conv2dGeometry` fields in declaration order (`CONV2D_GEOMETRY_FIELDS` of @scratchnet/tensor). */
  conv2dForward(
    x: Float32Array,
    weight: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    geometry: number[],
  ): void;
  conv2dBackwardInput(dy: Float32Array, weight: Float32Array, dx: Float32Array, geometry: number[]): void;
  conv2dBackwardWeight(
    x: Float32Array,
    dy: Float32Array,
    dWeight: Float32Array,
    dBias: Float32Array | null,
    geometry: number[],
  ): void;
  /** geometry = the 14 `Pool2dGeometry` fields in declaration order (`POOL2D_GEOMETRY_FIELDS` of @scratchnet/tensor). */
  maxPool2dForward(x: Float32Array, y: Float32Array, argmax: Int32Array, geometry: number[]): void;
  maxPool2dBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, geometry: number[]): void;
  avgPool2dForward(x: Float32Array, y: Float32Array, geometry: number[], countIncludePad: boolean): void;
  avgPool2dBackward(dy: Float32Array, dx: Float32Array, geometry: number[], countIncludePad: boolean): void;
  /** y = max(x, 0) (NaN kept, −0 → +0); arrays of one length. */
  relu(x: Float32Array, y: Float32Array): void;
  /** dx = dy where y > 0, else 0. */
  reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /**
   * args = [lr, beta1, beta2, eps, weightDecay, 1 - beta1^step, sqrt(1 - beta2^step),
   * decoupledWeightDecay, amsgrad, maximize], flags as 0 or 1; float32 or float64 arrays.
   */
  adamStep(
    param: Float32Array | Float64Array,
    grad: Float32Array | Float64Array,
    expAvg: Float32Array | Float64Array,
    expAvgSq: Float32Array | Float64Array,
    maxExpAvgSq: Float32Array | Float64Array | null,
    args: number[],
  ): void;
  setNumThreads(threads: number): void;
  getNumThreads(): number;
  nativeInfo(): { threads: number; simd: string; gemm: string; version: string };
  /** The field tables the addon parses geometries with (`CONV_FIELDS`, `POOL_FIELDS`), for contract tests. */
  geometryFields(): { conv: string[]; pool: string[] };
  /** The plan a convolution pass (its kernel's name) would follow for a geometry, as `Plan::name` names it. */
  conv2dPlan(pass: string, geometry: number[]): { algorithm: string; threads: number };
  /** The plan of a matmul with these args. */
  matmulPlan(args: number[]): { algorithm: string; threads: number };
}

export const BINDING_FUNCTIONS: readonly (keyof NativeBinding)[] = [
  'matmul',
  'conv2dForward',
  'conv2dBackwardInput',
  'conv2dBackwardWeight',
  'maxPool2dForward',
  'maxPool2dBackward',
  'avgPool2dForward',
  'avgPool2dBackward',
  'relu',
  'reluBackward',
  'adamStep',
  'setNumThreads',
  'getNumThreads',
  'nativeInfo',
  'geometryFields',
  'conv2dPlan',
  'matmulPlan',
];

/** The functions `value` lacks (a stale or foreign binary). */
export function missingFunctions(value: unknown): string[] {
  const record = (value ?? {}) as Record<string, unknown>;
  return BINDING_FUNCTIONS.filter((name) => typeof record[name] !== 'function');
}
