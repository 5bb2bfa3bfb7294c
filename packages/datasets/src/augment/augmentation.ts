import {
  allocate,
  dtypeOf,
  type FloatArray,
  formatShape,
  type Rng,
  resolveRng,
  sizeOf,
  Tensor,
} from '@scratchnet/tensor';

/**
 * A random per-image transform. `apply` reads one sample `[C, H, W]` from `src` and writes the
 * transformed sample (of `outputShape`) into `dst`. Randomness comes from `rng`: the augmentation's
 * own generator when it was given one, else the one the DataLoader derives for each epoch (which
 * keeps epoch e reproducible on its own).
 */
export interface Augmentation {
  readonly name: string;
  readonly rng?: Rng;
  outputShape(sampleShape: readonly number[]): number[];
  apply(src: FloatArray, dst: FloatArray, sampleShape: readonly number[], rng: Rng): void;
}

export function checkImageShape(op: string, sampleShape: readonly number[]): [number, number, number] {
  if (sampleShape.length !== 3) {
    throw new Error(
      `${op}: expects images of shape [C, H, W] (a batch [N, C, H, W]), got a sample of ${formatShape(sampleShape)}`,
    );
  }
  return [sampleShape[0], sampleShape[1], sampleShape[2]];
}

/**
 * Copies `src` `[C, H, W]` into `dst` `[C, outH, outW]` so that dst[c, y, x] = src[c, y + dy, x + dx],
 * with zeros where that falls outside the source.
 */
export function copyWindow(
  src: FloatArray,
  dst: FloatArray,
  [channels, height, width]: readonly number[],
  outHeight: number,
  outWidth: number,
  dy: number,
  dx: number,
): void {
  const x0 = Math.max(0, -dx);
  const x1 = Math.min(outWidth, width - dx);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < outHeight; y++) {
      const row = dst.subarray((c * outHeight + y) * outWidth, (c * outHeight + y + 1) * outWidth);
      const sy = y + dy;
      if (sy < 0 || sy >= height || x1 <= x0) {
        row.fill(0);
        continue;
      }
      const base = (c * height + sy) * width + dx;
      row.fill(0, 0, x0);
      row.set(src.subarray(base + x0, base + x1), x0);
      row.fill(0, x1);
    }
  }
}

/** Applies augmentations one after another (through two scratch buffers). */
export function composeAugmentations(list: readonly Augmentation[]): Augmentation {
  if (list.length === 0) throw new Error('composeAugmentations: give at least one augmentation');
  if (list.length === 1) return list[0];
  const shapesFrom = (sample: readonly number[]) => {
    const shapes = [[...sample]];
    for (const a of list) shapes.push(a.outputShape(shapes[shapes.length - 1]));
    return shapes;
  };
  let scratch: FloatArray[] = [];
  return {
    name: list.map((a) => a.name).join(' + '),
    outputShape: (sample) => shapesFrom(sample)[list.length],
    apply(src, dst, sampleShape, rng) {
      const shapes = shapesFrom(sampleShape);
      const longest = Math.max(...shapes.map(sizeOf));
      if (scratch.length === 0 || scratch[0].length < longest || dtypeOf(scratch[0]) !== dtypeOf(src)) {
        scratch = [allocate(dtypeOf(src), longest), allocate(dtypeOf(src), longest)];
      }
      let input = src;
      list.forEach((a, k) => {
        const output = k === list.length - 1 ? dst : scratch[k % 2].subarray(0, sizeOf(shapes[k + 1]));
        a.apply(input, output, shapes[k], a.rng ?? rng);
        input = output;
      });
    },
  };
}

/** One augmentation out of the `augment` option's single value or list. */
export function asAugmentation(augment: Augmentation | readonly Augmentation[]): Augmentation {
  return Array.isArray(augment) ? composeAugmentations(augment) : (augment as Augmentation);
}

/**
 * Augments every image of a batch `[N, C, H, W]` into a new tensor (the DataLoader does this per batch),
 * drawing from each augmentation's own generator, else `rng`, else the global one (see `manualSeed`).
 */
export function augmentImages(x: Tensor, augment: Augmentation | readonly Augmentation[], rng?: Rng): Tensor {
  const aug = asAugmentation(augment);
  const fallback = resolveRng('augmentImages', { rng });
  if (x.rank !== 4) throw new Error(`augmentImages: x must be [N, C, H, W], got ${formatShape(x.shape)}`);
  const sample = x.shape.slice(1);
  const outSample = aug.outputShape(sample);
  const inSize = sizeOf(sample);
  const outSize = sizeOf(outSample);
  const out = allocate(x.dtype, x.shape[0] * outSize);
  for (let i = 0; i < x.shape[0]; i++) {
    const src = x.data.subarray(i * inSize, (i + 1) * inSize);
    aug.apply(src, out.subarray(i * outSize, (i + 1) * outSize), sample, aug.rng ?? fallback);
  }
  return new Tensor(out, [x.shape[0], ...outSample]);
}
