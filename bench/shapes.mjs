/**
 * The convolution shapes of the benchmark (stride 1, square inputs and kernels, symmetric padding).
 * slowBackwardFilter marks shapes where TensorFlow.js's CPU backward-filter takes minutes per call.
 */
export const CONV_SHAPES = [
  { id: 'a', batch: 50, inChannels: 1, size: 28, outChannels: 4, kernel: 3, padding: 0 },
  { id: 'b', batch: 50, inChannels: 4, size: 26, outChannels: 2, kernel: 7, padding: 0 },
  { id: 'c', batch: 64, inChannels: 1, size: 28, outChannels: 32, kernel: 5, padding: 2 },
  {
    id: 'd',
    batch: 64,
    inChannels: 32,
    size: 14,
    outChannels: 64,
    kernel: 5,
    padding: 2,
    slowBackwardFilter: true,
  },
  {
    id: 'e',
    batch: 32,
    inChannels: 64,
    size: 56,
    outChannels: 64,
    kernel: 3,
    padding: 1,
    slowBackwardFilter: true,
  },
  {
    id: 'f',
    batch: 8,
    inChannels: 128,
    size: 28,
    outChannels: 128,
    kernel: 3,
    padding: 1,
    slowBackwardFilter: true,
  },
];

export const PASSES = ['forward', 'backward-input', 'backward-weight'];

/** Square matmul sizes; each contender declares the largest it is run at (maxMatmulSize). */
export const MATMUL_SIZES = [512, 1024, 2048];

/** NCHW input shape, PyTorch weight shape and NCHW output shape of a benchmark shape. */
export function convShapes(s) {
  const out = s.size + 2 * s.padding - s.kernel + 1;
  return {
    input: [s.batch, s.inChannels, s.size, s.size],
    weight: [s.outChannels, s.inChannels, s.kernel, s.kernel],
    output: [s.batch, s.outChannels, out, out],
  };
}

export function describeShape(s) {
  return `${s.id}) N${s.batch} C${s.inChannels} ${s.size}x${s.size} K${s.outChannels} ${s.kernel}x${s.kernel} p${s.padding}`;
}
