import { createRng } from '@scratchnet/tensor';
import { encodeIdx } from '../idx/encode-idx';

export interface FakeImageIdx {
  /** IDX bytes of ubyte images [count, height, width]. */
  images: Uint8Array;
  /** IDX bytes of ubyte labels [count]. */
  labels: Uint8Array;
  pixels: Uint8Array;
  labelValues: Uint8Array;
}

/** Random IDX image and label files in MNIST's format, for tests (seeded). */
export function fakeImageIdx(
  count: number,
  { height = 28, width = 28, classes = 10, seed = 1 } = {},
): FakeImageIdx {
  const rng = createRng(seed);
  const pixels = Uint8Array.from({ length: count * height * width }, () => rng.int(256));
  const labelValues = Uint8Array.from({ length: count }, () => rng.int(classes));
  return {
    images: encodeIdx({ dims: [count, height, width], data: pixels }),
    labels: encodeIdx({ dims: [count], data: labelValues }),
    pixels,
    labelValues,
  };
}
