export { jsBackend } from './backend/js';
export type { BackendChoice, BackendInfo, LabelledPlanRequest } from './backend/registry';
export {
  backendInfo,
  explainKernel,
  getBackend,
  getKernel,
  getThreads,
  listBackends,
  registerBackend,
  reportBackendFailure,
  setBackend,
  setThreads,
} from './backend/registry';
export type {
  AdamStepArgs,
  AllKernels,
  Conv2dGeometry,
  KernelBackend,
  KernelName,
  KernelPlanInfo,
  KernelSet,
  MatmulArgs,
  OptimizerKernelSet,
  PlanRequest,
  Pool2dGeometry,
  WindowGeometry,
} from './backend/types';
export type { Conv2dOptions, Conv2dPadding } from './conv-geometry';
export {
  conv2dFlops,
  conv2dInputSize,
  conv2dOutputSize,
  conv2dWeightSize,
  resolveConv2dGeometry,
} from './conv-geometry';
export type { DType, FloatArray } from './dtype';
export { allocate, allocateFor, dtypeOf, isDType } from './dtype';
export { MAX_TENSOR_ELEMENTS } from './element-limit';
export { formatValue } from './format-value';
export {
  CONV2D_GEOMETRY_FIELDS,
  conv2dGeometryNumbers,
  POOL2D_GEOMETRY_FIELDS,
  pool2dGeometryNumbers,
} from './geometry-fields';
export { DEFAULT_SEED, globalRng, manualSeed } from './global-rng';
export type { AdamMoments } from './ops/adam-step';
export { adamStep } from './ops/adam-step';
export { broadcastShapes } from './ops/broadcast';
export { concat, split } from './ops/concat';
export { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './ops/conv2d';
export { abs, add, clamp, div, exp, log, maximum, minimum, mul, neg, sqrt, sub } from './ops/elementwise';
export { col2im, im2col } from './ops/im2col';
export type { MatmulOptions } from './ops/matmul';
export { matmul } from './ops/matmul';
export type { AvgPool2dOptions } from './ops/pool2d';
export { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './ops/pool2d';
export { argmax, max, mean, sum } from './ops/reduce';
export { relu, reluBackward } from './ops/relu';
export { logSoftmax, logSumExp, softmax } from './ops/softmax';
export type { Pool2dOptions } from './pool-geometry';
export { resolvePool2dGeometry } from './pool-geometry';
export type { RngOptions } from './resolve-rng';
export { resolveRng } from './resolve-rng';
export type { Rng } from './rng';
export { createRng } from './rng';
export type { Shape } from './shape';
export { formatShape, sizeOf, stridesOf, validateShape } from './shape';
export { StepArena, stepArray, stepInt32Array } from './step-arena';
export type { CreateOptions, NestedArray, RandomOptions } from './tensor';
export { Tensor } from './tensor';
