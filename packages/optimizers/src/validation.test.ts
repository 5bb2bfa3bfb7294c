import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, AdamW } from './adam';
import { RMSprop } from './rmsprop';
import { SGD } from './sgd';

const param = () => [{ name: 'w', value: Tensor.ones([2, 2]), grad: Tensor.full([2, 2], 0.5) }];

describe('option validation names the option and the value', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'SGD lr NaN',
      () => new SGD(param(), { lr: Number.NaN }),
      'SGD: option lr must be a number >= 0, got NaN',
    ],
    [
      'SGD lr missing',
      () => new SGD(param(), {} as { lr: number }),
      'SGD: option lr must be a number >= 0, got undefined',
    ],
    [
      'SGD momentum < 0',
      () => new SGD(param(), { lr: 0.1, momentum: -0.5 }),
      'SGD: option momentum must be a number >= 0, got -0.5',
    ],
    [
      'SGD dampening > 1',
      () => new SGD(param(), { lr: 0.1, dampening: 2 }),
      'SGD: option dampening must be a number in [0, 1], got 2',
    ],
    [
      'SGD weightDecay < 0',
      () => new SGD(param(), { lr: 0.1, weightDecay: -1 }),
      'SGD: option weightDecay must be a number >= 0, got -1',
    ],
    [
      'SGD nesterov without momentum',
      () => new SGD(param(), { lr: 0.1, nesterov: true }),
      'SGD: nesterov requires momentum > 0 and dampening 0, got momentum 0 and dampening 0',
    ],
    [
      'SGD nesterov with dampening',
      () => new SGD(param(), { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }),
      'SGD: nesterov requires momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1',
    ],
    [
      'Adam lr < 0',
      () => new Adam(param(), { lr: -1e-3 }),
      'Adam: option lr must be a number >= 0, got -0.001',
    ],
    [
      'Adam betas[0] = 1',
      () => new Adam(param(), { betas: [1, 0.999] }),
      'Adam: option betas[0] must be a number in [0, 1), got 1',
    ],
    [
      'Adam betas[1] NaN',
      () => new Adam(param(), { betas: [0.9, Number.NaN] }),
      'Adam: option betas[1] must be a number in [0, 1), got NaN',
    ],
    [
      'Adam betas not a pair',
      () => new Adam(param(), { betas: [0.9] as unknown as [number, number] }),
      'Adam: option betas must be a pair [beta1, beta2], got 0.9',
    ],
    ['Adam eps < 0', () => new Adam(param(), { eps: -1 }), 'Adam: option eps must be a number >= 0, got -1'],
    [
      'AdamW weightDecay NaN',
      () => new AdamW(param(), { weightDecay: Number.NaN }),
      'AdamW: option weightDecay must be a number >= 0, got NaN',
    ],
    [
      'AdamW amsgrad not boolean',
      () => new AdamW(param(), { amsgrad: 1 as unknown as boolean }),
      'AdamW: option amsgrad must be true or false, got 1',
    ],
    [
      'RMSprop alpha > 1',
      () => new RMSprop(param(), { alpha: 1.5 }),
      'RMSprop: option alpha must be a number in [0, 1], got 1.5',
    ],
    [
      'RMSprop momentum < 0',
      () => new RMSprop(param(), { momentum: -1 }),
      'RMSprop: option momentum must be a number >= 0, got -1',
    ],
    ['empty parameter list', () => new Adam([]), 'Adam: got an empty parameter list'],
  ];
  for (const [label, make, message] of cases) {
    it(label, () => {
      expect(make).toThrow(message);
    });
  }

  it('lr setter validates', () => {
    const opt = new SGD(param(), { lr: 0.1 });
    opt.lr = 0.05;
    expect(opt.lr).toBe(0.05);
    expect(() => {
      opt.lr = -1;
    }).toThrow('SGD: option lr must be a number >= 0, got -1');
  });
});

describe('parameters', () => {
  it('a grad whose shape differs from its value is reported with the parameter name', () => {
    const p = [{ name: 'fc.weight', value: Tensor.ones([2, 3]), grad: Tensor.ones([3, 2]) }];
    expect(() => new Adam(p)).toThrow(
      "Adam: parameter 'fc.weight' has grad float32 [3, 2] but value float32 [2, 3]",
    );
  });

  it('a grad whose dtype differs is reported at step() too, unnamed parameters by index', () => {
    const p = [{ value: Tensor.ones([2]), grad: Tensor.ones([2]) }];
    const opt = new SGD(p, { lr: 0.1 });
    p[0].grad = Tensor.ones([2], { dtype: 'float64' });
    expect(() => opt.step()).toThrow(
      "SGD.step: parameter 'parameter 0' has grad float64 [2] but value float32 [2]",
    );
  });

  it('a parameter without tensors is reported', () => {
    const p = [{ name: 'b', value: Tensor.ones([2]), grad: undefined as unknown as Tensor }];
    expect(() => new RMSprop(p)).toThrow("RMSprop: parameter 'b' must have Tensor value and grad");
  });

  it('zeroGrad fills the grads with 0 and keeps the tensors', () => {
    const p = param();
    const grad = p[0].grad;
    new Adam(p).zeroGrad();
    expect(p[0].grad).toBe(grad);
    expect([...grad.data]).toEqual([0, 0, 0, 0]);
  });

  it('step follows the hand-computed SGD rule with momentum (buffer starts at the grad, undampened)', () => {
    const p = [
      { value: Tensor.from([1], { dtype: 'float64' }), grad: Tensor.from([2], { dtype: 'float64' }) },
    ];
    const opt = new SGD(p, { lr: 0.1, momentum: 0.5, dampening: 0.5 });
    opt.step(); // b = 2, p = 1 - 0.2
    expect(p[0].value.data[0]).toBeCloseTo(0.8, 15);
    opt.step(); // b = 0.5 * 2 + 0.5 * 2 = 2, p = 0.8 - 0.2
    expect(p[0].value.data[0]).toBeCloseTo(0.6, 15);
  });
});
