import { describe, expect, it } from 'vitest';
import * as js from './backend/js/conv2d';
import { resolveConv2dGeometry } from './conv-geometry';
import { allocate, allocateFor } from './dtype';
import { MAX_TENSOR_ELEMENTS } from './element-limit';
import { concat } from './ops/concat';
import { conv2d } from './ops/conv2d';
import { add } from './ops/elementwise';
import { im2col } from './ops/im2col';
import { matmul } from './ops/matmul';
import { validateShape } from './shape';
import { Tensor } from './tensor';

const LIMIT = /more than the 2\^28 a tensor may hold$/;

describe('the tensor element limit (2^28)', () => {
  it('admits realistic tensors up to the limit, and refuses one element more', () => {
    expect(MAX_TENSOR_ELEMENTS).toBe(2 ** 28);
    expect(validateShape('fc6', [4096, 25088], 'weight')).toBe(102_760_448);
    expect(validateShape('activations', [64, 64, 224, 224])).toBe(205_520_896);
    expect(validateShape('edge', [2 ** 14, 2 ** 14])).toBe(2 ** 28);
    expect(() => validateShape('edge', [2 ** 28 + 1])).toThrow(
      'edge: shape [268435457] has 268435457 elements, more than the 2^28 a tensor may hold',
    );
  });

  it('counts an empty dimension as empty, whatever the others say', () => {
    expect(validateShape('empty', [0, 2 ** 40])).toBe(0);
    expect(validateShape('empty', [1e300, 1e300, 0])).toBe(0);
  });

  it('Tensor constructors throw at once, naming the shape and the limit', () => {
    expect(() => Tensor.zeros([1e6, 1e6])).toThrow(
      'Tensor.zeros: shape [1000000, 1000000] has 1000000000000 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => Tensor.zeros([2 ** 29])).toThrow(
      /^Tensor.zeros: shape \[536870912\] has 536870912 elements/,
    );
    expect(() => Tensor.full([2 ** 15, 2 ** 15], 1, { dtype: 'float64' })).toThrow(/^Tensor.full: .*2\^28/);
    expect(() => Tensor.randn([2 ** 31])).toThrow(LIMIT);
    expect(() => Tensor.uniform([1e300, 1e300])).toThrow(
      /^Tensor.zeros: shape \[1e\+300, 1e\+300\] has over 2\^53 elements, more than the 2\^28/,
    );
    expect(() => Tensor.arange(0, 2 ** 30)).toThrow(LIMIT);
    expect(() => Tensor.from([1], [2 ** 20, 2 ** 20])).toThrow(/^Tensor.from: shape \[1048576, 1048576\]/);
  });

  it('allocate refuses a length past the limit or one that is not a count', () => {
    expect(() => allocate('float32', 2 ** 29)).toThrow(
      'allocate: a float32 array of shape [536870912] has 536870912 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => allocate('float64', 2.5)).toThrow(/^allocate: shape \[2.5\] has an invalid size 2.5/);
    expect(() => allocateFor('myOp', 'float32', [2 ** 16, 2 ** 16], 'buffer')).toThrow(
      'myOp: buffer of shape [65536, 65536] has 4294967296 elements, more than the 2^28 a tensor may hold',
    );
  });

  it('ops whose output outgrows their inputs refuse it before allocating', () => {
    const column = Tensor.zeros([2 ** 17, 1]);
    const row = Tensor.zeros([1, 2 ** 17]);
    expect(() => matmul(column, row)).toThrow(
      'matmul: output of shape [131072, 131072] has 17179869184 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => add(column, row)).toThrow(
      /^add: output of shape \[131072, 131072\] has 17179869184 elements/,
    );
    expect(() => concat(Array(512).fill(Tensor.zeros([2 ** 20])))).toThrow(
      'concat: output of shape [536870912] has 536870912 elements, more than the 2^28 a tensor may hold',
    );
    const image = Tensor.zeros([1, 1, 1024, 1024]);
    expect(() => conv2d(image, Tensor.zeros([8192, 1, 1, 1]), null)).toThrow(
      /^conv2d: output of shape \[1, 8192, 1024, 1024\] has 8589934592 elements/,
    );
    const pixel = Tensor.zeros([1, 1, 1, 1]);
    expect(() => im2col(pixel, 1024, { padding: 1024 })).toThrow(
      /^im2col: output of shape \[1, 1048576, 1052676\] has \d+ elements, more than the 2\^28/,
    );
  });

  it("the js backend's working arrays are held to the same limit", () => {
    // One input pixel, a 1024x1024 kernel and padding 1024: a small output, a 2^40-entry column matrix.
    const g = resolveConv2dGeometry([1, 1, 1, 1], [1, 1, 1024, 1024], { padding: 1024 }, 'test');
    const [x, w, y] = [new Float32Array(1), new Float32Array(2 ** 20), new Float32Array(1026 * 1026)];
    expect(() => js.conv2dForward(x, w, null, y, g)).toThrow(
      /^conv2dForward \(js backend\): column matrix of shape \[1048576, 1052676\] has \d+ elements, more than/,
    );
    expect(() => js.conv2dBackwardInput(y, w, x, g)).toThrow(/^conv2dBackwardInput \(js backend\): column/);
    expect(() => js.conv2dBackwardWeight(x, y, w, null, g)).toThrow(/^conv2dBackwardWeight \(js backend\)/);
  });
});
