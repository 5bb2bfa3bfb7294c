import { Tensor } from '@scratchnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AvgPool2d } from './avg-pool2d';
import { BatchNorm1d } from './batch-norm1d';
import { BatchNorm2d } from './batch-norm2d';
import { Conv2d } from './conv2d';
import { Dropout } from './dropout';
import { Flatten } from './flatten';
import { GELU } from './gelu';
import { GlobalAvgPool2d } from './global-avg-pool2d';
import type { Layer } from './layer';
import { LeakyReLU } from './leaky-relu';
import { Linear } from './linear';
import { LogSoftmax } from './log-softmax-layer';
import { MaxPool2d } from './max-pool2d';
import { ReLU } from './relu';
import { Sequential } from './sequential';
import { Sigmoid } from './sigmoid';
import { Softmax } from './softmax-layer';
import { Tanh } from './tanh';

const seed = 1;

/** Bad constructor arguments: each must throw a plain Error naming the layer, the argument and the value. */
const BAD_ARGUMENTS: [string, () => unknown, RegExp][] = [
  ['Linear in 0', () => new Linear(0, 3, { seed }), /^Linear: inFeatures must be a positive integer, got 0$/],
  [
    'Linear out NaN',
    () => new Linear(2, Number.NaN, { seed }),
    /^Linear: outFeatures must be a positive integer, got NaN$/,
  ],
  [
    'Linear out 2.5',
    () => new Linear(2, 2.5, { seed }),
    /^Linear: outFeatures must be a positive integer, got 2.5$/,
  ],
  [
    'Linear dtype',
    () => new Linear(2, 3, { seed, dtype: 'int8' as never }),
    /^Linear.*dtype must be 'float32' or 'float64', got "int8"/,
  ],
  ['Linear seed NaN', () => new Linear(2, 3, { seed: Number.NaN }), /^Linear\(2 -> 3\): seed .*got NaN$/],
  [
    'Linear rng not a generator',
    () => new Linear(2, 3, { rng: {} as never }),
    /^Linear\(2 -> 3\): rng .*without/,
  ],
  ['Dropout seed 1.5', () => new Dropout(0.5, { seed: 1.5 }), /^Dropout\(p=0.5\): seed .*got 1.5$/],
  [
    'Linear options null',
    () => new Linear(2, 3, null as never),
    /^Linear.*options must be an object, got null$/,
  ],
  ['Conv2d channels -1', () => new Conv2d(-1, 4, 3, { seed }), /^Conv2d.*inChannels.*-1/],
  ['Conv2d kernel 0', () => new Conv2d(1, 4, 0, { seed }), /^Conv2d.*kernel.*0/],
  ['Conv2d kernel NaN', () => new Conv2d(1, 4, Number.NaN, { seed }), /^Conv2d.*kernel.*NaN/],
  [
    'Conv2d stride NaN',
    () => new Conv2d(1, 4, 3, { seed, stride: Number.NaN }),
    /^Conv2d\(1 -> 4, kernel 3x3, stride=NaN\): stride .*NaN/,
  ],
  ['Conv2d padding -1', () => new Conv2d(1, 4, 3, { seed, padding: -1 }), /^Conv2d.*padding.*-1/],
  ['Conv2d groups 3 of 4', () => new Conv2d(4, 4, 3, { seed, groups: 3 }), /^Conv2d.*groups.*3/],
  [
    'Conv2d options array',
    () => new Conv2d(1, 4, 3, [] as never),
    /^Conv2d: options must be an object, got an array$/,
  ],
  ['MaxPool2d kernel 0', () => new MaxPool2d(0), /^MaxPool2d.*kernel.*0/],
  [
    'MaxPool2d stride NaN',
    () => new MaxPool2d(2, { stride: Number.NaN }),
    /^MaxPool2d\(2, stride=NaN\): stride .*NaN/,
  ],
  ['AvgPool2d padding over half', () => new AvgPool2d(2, { padding: 2 }), /^AvgPool2d.*padding.*2/],
  [
    'BatchNorm1d features 0',
    () => new BatchNorm1d(0),
    /^BatchNorm1d: numFeatures must be a positive integer, got 0$/,
  ],
  ['BatchNorm2d eps NaN', () => new BatchNorm2d(2, { eps: Number.NaN }), /^BatchNorm2d.*eps.*NaN/],
  ['BatchNorm2d eps -1', () => new BatchNorm2d(2, { eps: -1 }), /^BatchNorm2d.*eps.*-1/],
  [
    'BatchNorm2d momentum NaN',
    () => new BatchNorm2d(2, { momentum: Number.NaN }),
    /^BatchNorm2d.*momentum.*NaN/,
  ],
  ['BatchNorm2d momentum 2', () => new BatchNorm2d(2, { momentum: 2 }), /^BatchNorm2d.*momentum.*2/],
  [
    'Dropout p NaN',
    () => new Dropout(Number.NaN, { seed }),
    /^Dropout: p must be a probability in \[0, 1\), got NaN$/,
  ],
  ['Dropout p 1', () => new Dropout(1, { seed }), /^Dropout: p must be a probability in \[0, 1\), got 1$/],
  [
    'LeakyReLU slope NaN',
    () => new LeakyReLU(Number.NaN),
    /^LeakyReLU: negativeSlope must be a finite number, got NaN$/,
  ],
  [
    'LeakyReLU slope Infinity',
    () => new LeakyReLU(Number.POSITIVE_INFINITY),
    /^LeakyReLU: negativeSlope must be a finite number, got Infinity$/,
  ],
  ['Softmax axis 0.5', () => new Softmax(0.5), /^Softmax: axis must be an integer, got 0.5$/],
  ['LogSoftmax axis NaN', () => new LogSoftmax(Number.NaN), /^LogSoftmax: axis must be an integer, got NaN$/],
  [
    'MaxPool2d stride 0',
    () => new MaxPool2d(2, { stride: 0 }),
    /^MaxPool2d.*stride must be a positive integer, got 0/,
  ],
  [
    'AvgPool2d stride [2, NaN]',
    () => new AvgPool2d(2, { stride: [2, Number.NaN] }),
    /^AvgPool2d.*stride must be a positive integer, got NaN/,
  ],
  ['Sequential of a number', () => new Sequential(3 as never), /^Sequential.*3/],
];

/** Bad inputs to forward: a wrong rank, size or dtype is named with the shapes involved. */
const BAD_INPUTS: [string, () => Layer, Tensor, RegExp][] = [
  [
    'Linear wrong features',
    () => new Linear(4, 3, { seed }),
    Tensor.zeros([2, 5]),
    /Linear\(4 -> 3\).*\[2, 5\]/,
  ],
  ['Linear 1-D input', () => new Linear(4, 3, { seed }), Tensor.zeros([4]), /Linear\(4 -> 3\).*\[4\]/],
  [
    'Linear float64 input to float32 weights',
    () => new Linear(4, 3, { seed }),
    Tensor.zeros([2, 4], { dtype: 'float64' }),
    /Linear\(4 -> 3\).*float64.*float32|float32.*float64/,
  ],
  [
    'Conv2d wrong channels',
    () => new Conv2d(3, 4, 3, { seed }),
    Tensor.zeros([1, 2, 8, 8]),
    /Conv2d.*\[1, 2, 8, 8\]/,
  ],
  ['Conv2d 3-D input', () => new Conv2d(3, 4, 3, { seed }), Tensor.zeros([3, 8, 8]), /Conv2d.*\[3, 8, 8\]/],
  [
    'Conv2d input smaller than the kernel',
    () => new Conv2d(1, 4, 5, { seed }),
    Tensor.zeros([1, 1, 3, 3]),
    /Conv2d.*\[1, 1, 3, 3\]/,
  ],
  ['MaxPool2d 2-D input', () => new MaxPool2d(2), Tensor.zeros([4, 4]), /MaxPool2d.*\[4, 4\]/],
  [
    'AvgPool2d window larger than the input',
    () => new AvgPool2d(5),
    Tensor.zeros([1, 1, 3, 3]),
    /AvgPool2d.*\[1, 1, 3, 3\]/,
  ],
  [
    'GlobalAvgPool2d 2-D input',
    () => new GlobalAvgPool2d(),
    Tensor.zeros([4, 4]),
    /GlobalAvgPool2d.*\[4, 4\]/,
  ],
  [
    'BatchNorm2d wrong channels',
    () => new BatchNorm2d(3),
    Tensor.zeros([2, 4, 2, 2]),
    /BatchNorm2d.*\[2, 4, 2, 2\]/,
  ],
  [
    'BatchNorm1d 4-D input',
    () => new BatchNorm1d(3),
    Tensor.zeros([2, 3, 2, 2]),
    /BatchNorm1d.*\[2, 3, 2, 2\]/,
  ],
  [
    'BatchNorm2d float64 input to float32 statistics',
    () => new BatchNorm2d(3),
    Tensor.zeros([2, 3, 2, 2], { dtype: 'float64' }),
    /BatchNorm2d.*float64.*float32|float32.*float64/,
  ],
  [
    'Softmax axis out of range',
    () => new Softmax(3),
    Tensor.zeros([2, 4]),
    /Softmax.*axis 3.*\[2, 4\]|Softmax.*\[2, 4\].*axis 3/,
  ],
  ['Flatten a 1-D input', () => new Flatten(), Tensor.zeros([4]), /Flatten.*\[4\]/],
];

function plainError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect((error as Error).constructor, (error as Error).message).toBe(Error);
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('layers: input validation at every public entry', () => {
  it.each(BAD_ARGUMENTS)('%s', (_name, make, message) => {
    expect(plainError(make).message).toMatch(message);
  });

  it.each(BAD_INPUTS)('%s', (_name, make, x, message) => {
    const layer = make();
    expect(plainError(() => layer.forward(x, { training: true })).message).toMatch(message);
  });

  it('activations accept any shape and dtype; a NaN in the data is data, not an error', () => {
    for (const Act of [ReLU, Sigmoid, Tanh, GELU]) {
      const y = new Act().forward(Tensor.from([Number.NaN, 1, -1]));
      expect(Number.isNaN(y.data[0])).toBe(true);
    }
  });

  it('random constructor arguments build a layer or throw a plain Error naming it', () => {
    const value = fc.oneof(
      fc.integer({ min: -2, max: 9 }),
      // Huge sizes too: past the tensor element limit a layer refuses them before allocating.
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0.5, -0, null, undefined, 'x', [2, 2], {}),
      fc.constantFrom(2 ** 31, 1e9, 'k'.repeat(5000), Array(5000).fill(1)),
    );
    const makers: Record<string, (a: unknown[]) => unknown> = {
      Linear: (a) => new Linear(a[0] as number, a[1] as number, { seed, ...(a[2] as object) }),
      Conv2d: (a) =>
        new Conv2d(a[0] as number, a[1] as number, a[2] as number, { seed, stride: a[3] as number }),
      MaxPool2d: (a) => new MaxPool2d(a[0] as number, { stride: a[1] as number, padding: a[2] as number }),
      AvgPool2d: (a) => new AvgPool2d(a[0] as number, { padding: a[1] as number }),
      BatchNorm2d: (a) => new BatchNorm2d(a[0] as number, { eps: a[1] as number, momentum: a[2] as number }),
      Dropout: (a) => new Dropout(a[0] as number, { seed }),
      LeakyReLU: (a) => new LeakyReLU(a[0] as number),
      Softmax: (a) => new Softmax(a[0] as number),
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(makers)),
        fc.array(value, { minLength: 4, maxLength: 4 }),
        (kind, args) => {
          try {
            makers[kind](args);
          } catch (error) {
            expect((error as Error).constructor, (error as Error).message).toBe(Error);
            expect((error as Error).message).toContain(kind);
            expect((error as Error).message.length).toBeLessThan(300);
          }
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
  });
});
