import { afterEach, describe, expect, it } from 'vitest';
import { registerBackend, setBackend } from '../backend/registry';
import { type Conv2dOptions, resolveConv2dGeometry } from '../conv-geometry';
import { createRng } from '../rng';
import { Tensor } from '../tensor';
import { randomConv2dCases } from '../testing/random-cases';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  referenceConv2dBackwardInput,
  referenceConv2dBackwardWeight,
  referenceConv2dForward,
} from '../testing/reference-kernels';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './conv2d';

const rng = createRng(29);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float64') =>
  Tensor.randn(shape, { rng, dtype });

afterEach(() => setBackend('js'));

describe('conv2d ops', () => {
  it('forward and both backward passes match the reference kernels, with output shapes', () => {
    for (const c of randomConv2dCases(31, 18)) {
      const g = c.geometry;
      const x = randn(c.inputShape);
      const w = randn(c.weightShape);
      const b = randn([g.outChannels]);
      const y = conv2d(x, w, b, c.options);
      expect(y.shape).toEqual([g.batch, g.outChannels, g.outHeight, g.outWidth]);
      const expectedY = new Float64Array(y.size);
      referenceConv2dForward(x.data, w.data, b.data, expectedY, g);
      expect(maxRelativeError(y.data, expectedY), c.kind).toBeLessThan(CONV_TOLERANCE.float64);

      const dx = conv2dBackwardInput(y, w, c.inputShape, c.options);
      expect(dx.shape).toEqual(c.inputShape);
      const expectedDx = new Float64Array(dx.size);
      referenceConv2dBackwardInput(y.data, w.data, expectedDx, g);
      expect(maxRelativeError(dx.data, expectedDx), c.kind).toBeLessThan(CONV_TOLERANCE.float64);

      const { dWeight, dBias } = conv2dBackwardWeight(x, y, c.weightShape, c.options);
      expect(dWeight.shape).toEqual(c.weightShape);
      const expectedDw = new Float64Array(dWeight.size);
      const expectedDb = new Float64Array(g.outChannels);
      referenceConv2dBackwardWeight(x.data, y.data, expectedDw, expectedDb, g);
      expect(maxRelativeError(dWeight.data, expectedDw), c.kind).toBeLessThan(CONV_TOLERANCE.float64);
      expect(maxRelativeError(dBias!.data, expectedDb), c.kind).toBeLessThan(CONV_TOLERANCE.float64);
    }
  });

  it('all three passes match the reference on larger shapes that take every path of the js kernels', () => {
    const cases: [number[], number[], Conv2dOptions][] = [
      [[2, 32, 9, 10], [12, 32, 3, 3], { padding: 1 }], // 288 taps: more than one 256-deep panel
      [[1, 3, 20, 19], [6, 3, 3, 3], {}], // 306 output positions: the weight gradient's reduction spans panels
      [[1, 32, 9, 9], [16, 8, 3, 3], { groups: 4, stride: 2, padding: [0, 2, 1, 0] }], // strided: col2im path
      [[2, 24, 7, 7], [20, 24, 1, 1], {}], // pointwise
      [[2, 2, 23, 21], [1, 2, 5, 5], { padding: 2 }], // one output channel: sliding-window paths
    ];
    for (const [inputShape, weightShape, options] of cases) {
      const g = resolveConv2dGeometry(inputShape, weightShape, options);
      const x = randn(inputShape);
      const w = randn(weightShape);
      const y = conv2d(x, w, null, options);
      const dx = conv2dBackwardInput(y, w, inputShape, options);
      const { dWeight } = conv2dBackwardWeight(x, y, weightShape, options, false);
      const expected = [new Float64Array(y.size), new Float64Array(x.size), new Float64Array(w.size)];
      referenceConv2dForward(x.data, w.data, null, expected[0], g);
      referenceConv2dBackwardInput(y.data, w.data, expected[1], g);
      referenceConv2dBackwardWeight(x.data, y.data, expected[2], null, g);
      const label = JSON.stringify({ inputShape, weightShape, options });
      expect(maxRelativeError(y.data, expected[0]), label).toBeLessThan(CONV_TOLERANCE.float64);
      expect(maxRelativeError(dx.data, expected[1]), label).toBeLessThan(CONV_TOLERANCE.float64);
      expect(maxRelativeError(dWeight.data, expected[2]), label).toBeLessThan(CONV_TOLERANCE.float64);
    }
  });

  it('leaves out the bias gradient when asked, and accepts a null bias', () => {
    const x = randn([1, 2, 4, 4]);
    const w = randn([3, 2, 3, 3]);
    const y = conv2d(x, w, null, { padding: 'same' });
    expect(y.shape).toEqual([1, 3, 4, 4]);
    expect(conv2dBackwardWeight(x, y, w.shape, { padding: 'same' }, false).dBias).toBeNull();
  });

  it("runs the active backend's kernel for the dtypes it serves, js for the others", () => {
    registerBackend({
      name: 'conv-spy',
      apiVersion: 1,
      dtypes: ['float32'],
      conv2dForward: (_x, _w, _b, y) => y.fill(42),
    });
    setBackend('conv-spy');
    const w32 = randn([1, 1, 2, 2], 'float32');
    expect([...conv2d(randn([1, 1, 3, 3], 'float32'), w32, null).data]).toEqual([42, 42, 42, 42]);
    const y64 = conv2d(
      Tensor.ones([1, 1, 2, 2], { dtype: 'float64' }),
      Tensor.ones([1, 1, 2, 2], { dtype: 'float64' }),
      null,
    );
    expect([...y64.data]).toEqual([4]);
  });

  describe('rejects bad input with a message naming the op and the shapes', () => {
    const x = randn([1, 4, 5, 5]);
    it('wrong rank', () => {
      expect(() => conv2d(randn([4, 5, 5]), randn([2, 4, 3, 3]), null)).toThrow(
        'conv2d: input must be 4-D [N, C, H, W], got shape [4, 5, 5]',
      );
      expect(() => conv2d(x, randn([2, 4, 3]), null)).toThrow(
        'conv2d: weight must be 4-D [outC, inC/groups, kH, kW], got shape [2, 4, 3]',
      );
    });
    it('channel mismatch', () => {
      expect(() => conv2d(x, randn([2, 3, 3, 3]), null)).toThrow(
        'conv2d: weight [2, 3, 3, 3] expects 3 input channels (inC/groups=3, groups=1), input [1, 4, 5, 5] has 4',
      );
    });
    it('groups not dividing the channels', () => {
      expect(() => conv2d(x, randn([3, 2, 3, 3]), null, { groups: 2 })).toThrow(
        'conv2d: groups=2 must divide input channels (4) and output channels (3)',
      );
    });
    it('mismatched dtypes', () => {
      expect(() => conv2d(x, randn([2, 4, 3, 3], 'float32'), null)).toThrow(
        'conv2d: dtypes differ: input is float64, weight is float32',
      );
      expect(() => conv2d(x, randn([2, 4, 3, 3]), randn([2], 'float32'))).toThrow(
        'conv2d: dtypes differ: input is float64, bias is float32',
      );
      expect(() => conv2dBackwardWeight(x, randn([1, 2, 3, 3], 'float32'), [2, 4, 3, 3])).toThrow(
        'conv2dBackwardWeight: dtypes differ: input is float64, dy is float32',
      );
    });
    it('bias or dy of the wrong shape', () => {
      expect(() => conv2d(x, randn([2, 4, 3, 3]), randn([3]))).toThrow(
        'conv2d: bias must have shape [2] (one value per output channel), got [3]',
      );
      expect(() => conv2dBackwardInput(randn([1, 2, 4, 4]), randn([2, 4, 3, 3]), [1, 4, 5, 5])).toThrow(
        'conv2dBackwardInput: dy must have shape [1, 2, 3, 3] (the convolution output), got [1, 2, 4, 4]',
      );
      expect(() => conv2dBackwardWeight(x, randn([1, 3, 3, 3]), [2, 4, 3, 3])).toThrow(
        'conv2dBackwardWeight: dy must have shape [1, 2, 3, 3] (the convolution output), got [1, 3, 3, 3]',
      );
    });
    it('non-tensors and invalid shapes', () => {
      expect(() => conv2d([1, 2] as unknown as Tensor, randn([2, 4, 3, 3]), null)).toThrow(
        'conv2d: input must be a Tensor, got an array',
      );
      expect(() => conv2dBackwardInput(randn([1, 2, 3, 3]), randn([2, 4, 3, 3]), [1, 4, -5, 5])).toThrow(
        'conv2dBackwardInput: shape [1, 4, -5, 5] has an invalid size -5',
      );
    });
  });

  it('applies asymmetric padding and per-axis strides to the output shape', () => {
    // outH = ⌊(5 + 0 + 1 − 3) / 2⌋ + 1 = 2, outW = ⌊(6 + 2 + 0 − 2) / 1⌋ + 1 = 7.
    const y = conv2d(randn([1, 1, 5, 6]), randn([1, 1, 3, 2]), null, {
      padding: [0, 1, 2, 0],
      stride: [2, 1],
    });
    expect(y.shape).toEqual([1, 1, 2, 7]);
  });
});
