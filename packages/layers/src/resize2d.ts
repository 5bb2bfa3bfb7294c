import { allocate, Tensor } from '@scratchnet/tensor';

/**
 * x [N, C, H, W] -> [N, C, h, w]: the top-left min(H, h) x min(W, w) of each plane, the rest zeros —
 * pads at the bottom and right when growing, crops there when shrinking.
 */
export function resize2d(x: Tensor, h: number, w: number): Tensor {
  const [n, c, inH, inW] = x.shape;
  if (inH === h && inW === w) return x;
  const y = allocate(x.dtype, n * c * h * w);
  const [rows, cols] = [Math.min(inH, h), Math.min(inW, w)];
  for (let plane = 0; plane < n * c; plane++) {
    for (let r = 0; r < rows; r++) {
      const from = (plane * inH + r) * inW;
      y.set(x.data.subarray(from, from + cols), (plane * h + r) * w);
    }
  }
  return new Tensor(y, [n, c, h, w]);
}
