import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { GELU } from './gelu';
import { LeakyReLU } from './leaky-relu';
import { LogSoftmax } from './log-softmax-layer';
import { ReLU } from './relu';
import { Sigmoid } from './sigmoid';
import { Softmax } from './softmax-layer';
import { Tanh } from './tanh';
import { f64 } from './test-support/tensors';

describe('activations', () => {
  it('ReLU reproduces the seeds’ Lab 5 example (gradient 0 at 0)', () => {
    const relu = new ReLU();
    expect(Array.from(relu.forward(f64([0, -1, 2, -1, 4])).data)).toEqual([0, 0, 2, 0, 4]);
    expect(Array.from(relu.backward(f64([1, 2, 3, 2, 1])).data)).toEqual([0, 0, 3, 0, 1]);
  });

  it('LeakyReLU scales negatives (and 0) by its slope', () => {
    const leaky = new LeakyReLU(0.1);
    expect(Array.from(leaky.forward(f64([-2, 0, 3])).data)).toEqual([-0.2, 0, 3]);
    expect(Array.from(leaky.backward(f64([1, 1, 1])).data)).toEqual([0.1, 0.1, 1]);
    expect(new LeakyReLU().negativeSlope).toBe(0.01);
    expect(() => new LeakyReLU(Number.NaN)).toThrow(
      'LeakyReLU: negativeSlope must be a finite number, got NaN',
    );
  });

  it('Softmax reproduces the seeds’ Lab 5 example', () => {
    const softmax = new Softmax();
    const y = softmax.forward(f64([0, 1, 2, 3, 4]));
    const dx = softmax.backward(f64([1, 2, 3, 2, 1]));
    const seedsY = [0.01165623, 0.03168492, 0.08612854, 0.23412166, 0.63640865];
    const seedsDx = [-0.00510617, 0.01780491, 0.1345273, 0.13156147, -0.27878751];
    // The notebook printed 8 decimals.
    seedsY.forEach((v, i) => {
      expect(y.data[i]).toBeCloseTo(v, 8);
    });
    seedsDx.forEach((v, i) => {
      expect(dx.data[i]).toBeCloseTo(v, 8);
    });
  });

  it('stay finite at extreme inputs', () => {
    const x = f64([-1000, -40, 40, 1000]);
    for (const layer of [new Sigmoid(), new Tanh(), new GELU(), new Softmax(), new LogSoftmax()]) {
      const y = layer.forward(x);
      const dx = layer.backward(f64([1, 1, 1, 1]));
      expect([...y.data, ...dx.data].every(Number.isFinite), `${layer}`).toBe(true);
    }
    expect(Array.from(new Sigmoid().forward(x).data)).toEqual([
      0,
      Math.exp(-40) / (1 + Math.exp(-40)),
      1 / (1 + Math.exp(-40)),
      1,
    ]);
    expect(Array.from(new GELU().forward(x).data)).toEqual([-0, -0, 40, 1000]);
  });

  it('GELU is x·Φ(x) (exact erf form) with Φ(1) = 0.8413447460685429', () => {
    const gelu = new GELU();
    expect(gelu.forward(f64([1])).data[0]).toBeCloseTo(0.8413447460685429, 15);
    expect(gelu.forward(f64([-1])).data[0]).toBeCloseTo(-0.15865525393145707, 15);
  });

  it('Softmax/LogSoftmax reject an axis out of range, naming the shape', () => {
    expect(() => new Softmax(2).forward(Tensor.zeros([3, 4]))).toThrow(
      'Softmax(axis=2): axis 2 is out of range for input of shape [3, 4] (rank 2)',
    );
    expect(() => new LogSoftmax().forward(Tensor.zeros([]))).toThrow(
      'LogSoftmax(axis=-1): expected input of rank >= 1, got []',
    );
    expect(() => new Softmax(0.5)).toThrow('Softmax: axis must be an integer, got 0.5');
  });
});
