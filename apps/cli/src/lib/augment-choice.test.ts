import { augmentImages } from '@scratchnet/datasets';
import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { augmentationFor } from './augment-choice';

describe('--augment', () => {
  it('shifts gray pictures, crops and flips colour ones, keeping their shape', () => {
    for (const shape of [
      [1, 28, 28],
      [3, 32, 32],
    ]) {
      const x = Tensor.uniform([8, ...shape], { rng: createRng(1) });
      const y = augmentImages(x, augmentationFor(shape), createRng(2));
      expect(y.shape).toEqual(x.shape);
      expect(Array.from(y.data)).not.toEqual(Array.from(x.data));
    }
    expect(augmentationFor([1, 28, 28])).toHaveLength(1);
    expect(augmentationFor([3, 32, 32])).toHaveLength(2);
  });

  it('refuses samples that are not pictures, naming their shape', () => {
    expect(() => augmentationFor([7])).toThrow('these samples have shape [7], not [channels, height, width]');
  });
});
