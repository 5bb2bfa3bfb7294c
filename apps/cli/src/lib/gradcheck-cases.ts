import {
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  GELU,
  GlobalAvgPool2d,
  type Layer,
  LeakyReLU,
  Linear,
  LogSoftmax,
  MaxPool2d,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from '@scratchnet/layers';
import { createRng, Tensor } from '@scratchnet/tensor';

/** One layer kind on a small float64 input, as the `gradcheck` command runs it. */
export interface GradcheckCase {
  kind: string;
  make: () => Layer;
  inputShape: number[];
  /** 'kinks': keep inputs >= 0.1 away from 0 (ReLU); 'distinct': no ties in pooling windows. */
  input?: 'kinks' | 'distinct';
  /** Run forward in training mode, calling `reset` before each forward (Dropout replays its mask). */
  training?: boolean;
  reset?: (layer: Layer) => void;
}

const dtype = 'float64' as const;
const seed = 1;

export const GRADCHECK_CASES: GradcheckCase[] = [
  { kind: 'Linear', make: () => new Linear(5, 3, { seed, dtype }), inputShape: [4, 5] },
  {
    kind: 'Conv2d',
    make: () => new Conv2d(2, 3, 3, { seed, dtype, stride: 2, padding: 1 }),
    inputShape: [2, 2, 5, 5],
  },
  { kind: 'ReLU', make: () => new ReLU(), inputShape: [3, 6], input: 'kinks' },
  { kind: 'LeakyReLU', make: () => new LeakyReLU(0.1), inputShape: [3, 6], input: 'kinks' },
  { kind: 'Sigmoid', make: () => new Sigmoid(), inputShape: [3, 6] },
  { kind: 'Tanh', make: () => new Tanh(), inputShape: [3, 6] },
  { kind: 'GELU', make: () => new GELU(), inputShape: [3, 6] },
  { kind: 'Softmax', make: () => new Softmax(), inputShape: [3, 6] },
  { kind: 'LogSoftmax', make: () => new LogSoftmax(), inputShape: [3, 6] },
  { kind: 'Flatten', make: () => new Flatten(), inputShape: [2, 3, 2, 2] },
  { kind: 'MaxPool2d', make: () => new MaxPool2d(2), inputShape: [1, 2, 4, 4], input: 'distinct' },
  { kind: 'AvgPool2d', make: () => new AvgPool2d(3, { stride: 2, padding: 1 }), inputShape: [1, 2, 5, 5] },
  { kind: 'GlobalAvgPool2d', make: () => new GlobalAvgPool2d(), inputShape: [2, 3, 3, 3] },
  {
    kind: 'Dropout',
    make: () => new Dropout(0.3, { seed }),
    inputShape: [3, 6],
    training: true,
    reset: (layer) => {
      (layer as Dropout).rng = createRng(7);
    },
  },
  { kind: 'BatchNorm1d', make: () => new BatchNorm1d(3, { dtype }), inputShape: [5, 3] },
  { kind: 'BatchNorm2d', make: () => new BatchNorm2d(2, { dtype }), inputShape: [3, 2, 3, 3] },
  {
    kind: 'Sequential',
    make: () =>
      new Sequential(
        new Conv2d(1, 2, 3, { seed, dtype, padding: 1 }),
        new Tanh(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(8, 3, { seed, dtype }),
      ),
    inputShape: [2, 1, 4, 4],
    input: 'distinct',
  },
];

/** A seeded float64 input for `c`. */
export function gradcheckInput(c: GradcheckCase): Tensor {
  const rng = createRng(11);
  const size = c.inputShape.reduce((a, b) => a * b, 1);
  if (c.input === 'distinct') {
    // A shuffled grid 0.1 apart: every pooling window has one clear maximum under a ±1e-6 nudge.
    const grid = Float64Array.from({ length: size }, (_, k) => (k - size / 2) * 0.1);
    rng.shuffle(grid);
    return new Tensor(grid, c.inputShape);
  }
  const x = Tensor.randn(c.inputShape, { rng, dtype });
  if (c.input === 'kinks') {
    for (let k = 0; k < x.size; k++) x.data[k] += x.data[k] < 0 ? -0.1 : 0.1;
  }
  return x;
}
