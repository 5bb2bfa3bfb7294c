import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../idx/encode-idx';
import { parseIdx } from '../idx/parse-idx';
import { fakeImageIdx } from '../testing/fake-image-idx';
import { FASHION_MNIST, imageSetFromIdx, mnistFromIdx } from './image-set';

describe('mnistFromIdx', () => {
  it('builds [N, 1, 28, 28] float32 images in [0, 1] and copies the labels', () => {
    const fake = fakeImageIdx(4);
    const { images, labels } = mnistFromIdx(fake.images, fake.labels);
    expect(images.shape).toEqual([4, 1, 28, 28]);
    expect(images.dtype).toBe('float32');
    // Each pixel p becomes float32(p / 255): exact up to float32 rounding.
    images.data.forEach((v, i) => {
      expect(v).toBe(Math.fround(fake.pixels[i] / 255));
    });
    expect(Math.min(...images.data)).toBe(0);
    expect(Math.max(...images.data)).toBe(1);
    expect(labels).toEqual(fake.labelValues);
    expect(labels.buffer).not.toBe(fake.labels.buffer);
  });

  it('accepts parsed arrays and a limit', () => {
    const fake = fakeImageIdx(5);
    const { images, labels } = mnistFromIdx(parseIdx(fake.images), parseIdx(fake.labels), { limit: 2 });
    expect(images.shape).toEqual([2, 1, 28, 28]);
    expect(labels).toEqual(fake.labelValues.subarray(0, 2));
  });

  it('rejects wrong types, sizes, counts and labels', () => {
    const fake = fakeImageIdx(3);
    const small = fakeImageIdx(3, { height: 27, width: 28 });
    expect(() => mnistFromIdx(small.images, fake.labels)).toThrow(
      'MNIST images: expected ubyte IDX of dims [N, 28, 28], got ubyte [3, 27, 28]',
    );
    const floats = encodeIdx({ dtype: 'float', dims: [1, 28, 28], data: new Float32Array(784) });
    expect(() => mnistFromIdx(floats, fake.labels)).toThrow('got float [1, 28, 28]');
    expect(() => mnistFromIdx(fake.images, fake.images)).toThrow(
      'MNIST labels: expected ubyte IDX of dims [N], got ubyte [3, 28, 28]',
    );
    expect(() => mnistFromIdx(fake.images, fakeImageIdx(4).labels)).toThrow('MNIST: 3 images but 4 labels');
    const badLabels = encodeIdx({ dtype: 'ubyte', dims: [3], data: [1, 10, 2] });
    expect(() => mnistFromIdx(fake.images, badLabels)).toThrow(
      'MNIST labels: label 10 at index 1 is not a class in [0, 10)',
    );
    expect(() => mnistFromIdx(fake.images.subarray(0, 100), fake.labels)).toThrow(
      'MNIST images: truncated data',
    );
  });

  it('refuses a set whose float32 images would pass the tensor limit before reading a pixel', () => {
    const count = 400_000;
    const images = { dtype: 'ubyte' as const, dims: [count, 28, 28], data: new Uint8Array(0) };
    const labels = { dtype: 'ubyte' as const, dims: [count], data: new Uint8Array(count) };
    expect(() => mnistFromIdx(images, labels)).toThrow(
      'MNIST images: tensor of shape [400000, 1, 28, 28] has 313600000 elements, more than the 2^28 a tensor may hold',
    );
  });

  it('names the data set in errors', () => {
    const fake = fakeImageIdx(1);
    expect(() => imageSetFromIdx(fake.images, fakeImageIdx(2).labels, FASHION_MNIST)).toThrow(
      'Fashion-MNIST: 1 images but 2 labels',
    );
  });
});
