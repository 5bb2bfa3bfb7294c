import {
  backendInfo,
  concat,
  createRng,
  jsBackend,
  type MatmulArgs,
  registerBackend,
  setBackend,
  split,
  Tensor,
} from '@scratchnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Differentiable } from './differentiable';
import { gradcheck } from './gradcheck';
import { GRU } from './gru';
import { LastStep } from './last-step';
import type { ForwardOptions } from './layer';
import { LSTM } from './lstm';
import type { Parameter } from './parameter';
import type { RecurrentLayer, RecurrentOptions } from './recurrent-layer';
import { Sequential } from './sequential';
import { getStateDict, loadStateDict } from './state-dict';
import { describeEachBackend } from './test-support/backends';
import { expectClose, maxAbs } from './test-support/expect-close';

const dtype = 'float64';
const kinds = [
  { kind: 'LSTM', gates: 4, make: (c: number, h: number, o: RecurrentOptions = {}) => new LSTM(c, h, o) },
  { kind: 'GRU', gates: 3, make: (c: number, h: number, o: RecurrentOptions = {}) => new GRU(c, h, o) },
] as const;

const randn = (shape: readonly number[], seed: number, d: 'float32' | 'float64' = dtype) =>
  Tensor.randn(shape, { rng: createRng(seed), dtype: d });

/** The time steps of a time-major [T, N, F] tensor in reverse order. */
function reverseTime(x: Tensor): Tensor {
  return concat(split(x, Array(x.shape[0]).fill(1), 0).reverse(), 0);
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe.each(kinds)('$kind', ({ kind, gates, make }) => {
  it("has PyTorch's parameter names, order, shapes and U(−1/√H, 1/√H) initialisation", () => {
    const layer = make(3, 4, { seed: 0, numLayers: 2, bidirectional: true });
    const g = gates * 4;
    const shapes = (suffix: string, input: number) => [
      `weight_ih${suffix} [${g},${input}]`,
      `weight_hh${suffix} [${g},4]`,
      `bias_ih${suffix} [${g}]`,
      `bias_hh${suffix} [${g}]`,
    ];
    expect(layer.parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual([
      ...shapes('_l0', 3),
      ...shapes('_l0_reverse', 3),
      ...shapes('_l1', 8),
      ...shapes('_l1_reverse', 8),
    ]);
    const values = layer.parameters().flatMap((p) => Array.from(p.value.data, Math.abs));
    expect(Math.max(...values)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...values)).toBeGreaterThan(0.49);
    expect(
      make(2, 3, { bias: false })
        .parameters()
        .map((p) => p.name),
    ).toEqual(['weight_ih_l0', 'weight_hh_l0']);
  });

  it('batchFirst is the same computation on [N, T, C]', () => {
    const options = { seed: 1, dtype, numLayers: 2, bidirectional: true } as const;
    const timeMajor = make(3, 2, options);
    const batchFirst = make(3, 2, { ...options, batchFirst: true });
    const x = randn([4, 2, 3], 2);
    const y = timeMajor.forward(x);
    const yb = batchFirst.forward(x.permute([1, 0, 2]));
    expect(Array.from(yb.permute([1, 0, 2]).data)).toEqual(Array.from(y.data));
    expect(Array.from(batchFirst.lastState().h.data)).toEqual(Array.from(timeMajor.lastState().h.data));
  });

  it('the reverse direction is the forward computation on the time-reversed sequence', () => {
    const both = make(3, 2, { seed: 3, dtype, bidirectional: true });
    const reverse = make(3, 2, { seed: 4, dtype });
    const weights = getStateDict(both);
    loadStateDict(
      reverse,
      Object.fromEntries(
        ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((n) => [`${n}_l0`, weights[`${n}_l0_reverse`]]),
      ),
    );
    const x = randn([5, 2, 3], 5);
    const [, backward] = split(both.forward(x), [2, 2], 2);
    expectClose(
      backward,
      reverseTime(reverse.forward(reverseTime(x))),
      { rtol: 1e-14, atol: 1e-15 },
      'reverse half',
    );
  });

  it('carries its state: 3 steps, then 2 more from lastState(), equal 5 steps at once', () => {
    const layer = make(2, 3, { seed: 6, dtype, numLayers: 2 });
    const x = randn([5, 2, 2], 7);
    const whole = layer.forward(x);
    const [first, second] = split(x, [3, 2], 0);
    layer.forward(first);
    const { h, c } = layer.lastState();
    const rest = layer.forward(second, { h0: h, ...(c ? { c0: c } : {}) });
    expectClose(rest, split(whole, [3, 2], 0)[1], { rtol: 1e-14, atol: 1e-15 }, 'continued');
  });

  it('drops between layers only in training, with masks from its generator', () => {
    const x = randn([3, 2, 2], 8);
    const layer = make(2, 3, { seed: 9, dtype, numLayers: 2, dropout: 0.5 });
    const run = (training: boolean, seed: number) => {
      layer.rng = createRng(seed);
      return Array.from(layer.forward(x, { training }).data);
    };
    expect(run(true, 1)).toEqual(run(true, 1));
    expect(run(true, 1)).not.toEqual(run(true, 2));
    expect(run(false, 1)).toEqual(run(false, 2));
    expect(run(true, 1)).not.toEqual(run(false, 1));
    // One layer: no layer follows, so nothing is dropped.
    const single = make(2, 3, { seed: 9, dtype, dropout: 0.5 });
    expect(Array.from(single.forward(x, { training: true }).data)).toEqual(
      Array.from(single.forward(x, { training: false }).data),
    );
  });

  it('names itself, the argument and the shapes in its errors', () => {
    expect(() => make(0, 2)).toThrow(`${kind}: inputSize must be a positive integer, got 0`);
    expect(() => make(2, 2.5)).toThrow(`${kind}: hiddenSize must be a positive integer, got 2.5`);
    expect(() => make(2, 3, { numLayers: 0 })).toThrow(
      `${kind}(2, 3): numLayers must be a positive integer, got 0`,
    );
    expect(() => make(2, 3, { dropout: 1 })).toThrow(
      `${kind}(2, 3): dropout must be a probability in [0, 1), got 1`,
    );
    expect(() => make(2, 3, { bidirectional: 'yes' as never })).toThrow(
      `${kind}(2, 3): bidirectional must be true or false, got "yes"`,
    );
    expect(() => make(2, 3, { dtype: 'int8' as never })).toThrow(
      `${kind}(2, 3): dtype must be 'float32' or 'float64', got "int8"`,
    );
    expect(() => make(2, 3, { seed: -1 })).toThrow(
      `${kind}(2, 3): seed must be an integer in [0, 2^32), got -1`,
    );
    expect(() => make(1e5, 1e5)).toThrow(
      `${kind}(100000, 100000): numLayers 1 of hiddenSize 100000 make ${gates * 1e5 * 2e5 + 2 * gates * 1e5} parameters, more than the 2^28 elements a tensor may hold`,
    );
    expect(() => make(4, 4, { numLayers: 1e9 })).toThrow(
      `${kind}(4, 4): numLayers 1000000000 of hiddenSize 4 make`,
    );

    const layer = make(3, 2, { numLayers: 2, bidirectional: true });
    const name = `${kind}(3, 2, numLayers=2, bidirectional=true)`;
    expect(String(layer)).toBe(name);
    expect(() => layer.forward(Tensor.zeros([4, 3]))).toThrow(
      `${name}: expected input [T, N, 3] (T, N >= 1, inputSize 3), got [4, 3]`,
    );
    expect(() => layer.forward(Tensor.zeros([4, 2, 5]))).toThrow(
      `${name}: expected input [T, N, 3] (T, N >= 1, inputSize 3), got [4, 2, 5]`,
    );
    expect(() => layer.forward(Tensor.zeros([0, 2, 3]))).toThrow(`${name}: expected input [T, N, 3]`);
    expect(() => layer.forward(Tensor.zeros([2, 0, 3]))).toThrow(`${name}: expected input [T, N, 3]`);
    expect(() => layer.forward(Tensor.zeros([4, 2, 3], { dtype: 'float64' }))).toThrow(
      `${name}: expected float32 input (the dtype of its parameters), got float64`,
    );
    const x = Tensor.zeros([4, 5, 3]);
    expect(() => layer.forward(x, { h0: Tensor.zeros([2, 5, 2]) })).toThrow(
      `${name}: h0 must have shape [directions·numLayers, N, hiddenSize] = [4, 5, 2], got [2, 5, 2]`,
    );
    expect(() => layer.forward(x, { h0: Tensor.zeros([4, 5, 2], { dtype: 'float64' }) })).toThrow(
      `${name}: h0 must be float32 (the dtype of its parameters), got float64`,
    );
    expect(() => layer.forward(x, { h0: [1] as never })).toThrow(
      `${name}: h0 must be a Tensor, got [object Array]`,
    );
    expect(() => layer.lastState()).toThrow(`${name}: lastState() called before forward`);
    expect(() => layer.initialStateGrad()).toThrow(`${name}: initialStateGrad() called before backward`);
    expect(() => make(3, 2, { batchFirst: true }).forward(Tensor.zeros([2, 4, 2]))).toThrow(
      `${kind}(3, 2, batchFirst=true): expected input [N, T, 3] (T, N >= 1, inputSize 3), got [2, 4, 2]`,
    );
  });
});

describe('initial states', () => {
  it('an LSTM takes c0 as well; a GRU refuses it', () => {
    const lstm = new LSTM(2, 3, { seed: 0 });
    const x = Tensor.zeros([2, 1, 2]);
    expect(() => lstm.forward(x, { c0: Tensor.zeros([2, 1, 3]) })).toThrow(
      'LSTM(2, 3): c0 must have shape [directions·numLayers, N, hiddenSize] = [1, 1, 3], got [2, 1, 3]',
    );
    expect(() => new GRU(2, 3).forward(x, { c0: Tensor.zeros([1, 1, 3]) })).toThrow(
      "GRU(2, 3): c0 is an LSTM's cell state; a GRU has none",
    );
    // Either state alone: the other starts at zero.
    const h0 = Tensor.full([1, 1, 3], 0.5);
    const withZeroC0 = Array.from(lstm.forward(x, { h0, c0: Tensor.zeros([1, 1, 3]) }).data);
    expect(Array.from(lstm.forward(x, { h0 }).data)).toEqual(withZeroC0);
    expect(Array.from(lstm.forward(x, { h0: Tensor.zeros([1, 1, 3]) }).data)).not.toEqual(withZeroC0);
  });

  it('reach a recurrent layer inside a container through its forward options', () => {
    const lstm = new LSTM(2, 3, { seed: 1, dtype });
    const model = new Sequential(lstm, new LastStep());
    const [x, h0] = [randn([3, 2, 2], 2), randn([1, 2, 3], 3)];
    const direct = Array.from(split(lstm.forward(x, { h0 }), [2, 1], 0)[1].data);
    expect(Array.from(model.forward(x, { h0 } as ForwardOptions).data)).toEqual(direct);
  });

  it('one LSTM step from given states, by hand', () => {
    const lstm = new LSTM(1, 1, { seed: 0, dtype });
    const [wIh, wHh, bIh, bHh] = lstm.parameters();
    wIh.value.data.set([0.5, -0.25, 1, 0.75]); // i, f, g, o
    wHh.value.data.set([0.1, 0.2, -0.3, 0.4]);
    bIh.value.data.set([0, 0.1, 0, -0.1]);
    bHh.value.data.set([0.05, 0, 0.05, 0]);
    const [x, h0, c0] = [2, 0.5, -1];
    const pre = [0, 1, 2, 3].map(
      (k) => wIh.value.data[k] * x + wHh.value.data[k] * h0 + bIh.value.data[k] + bHh.value.data[k],
    );
    const [i, f, g, o] = [sigmoid(pre[0]), sigmoid(pre[1]), Math.tanh(pre[2]), sigmoid(pre[3])];
    const c = f * c0 + i * g;
    const y = lstm.forward(Tensor.from([x], [1, 1, 1], { dtype }), {
      h0: Tensor.from([h0], [1, 1, 1], { dtype }),
      c0: Tensor.from([c0], [1, 1, 1], { dtype }),
    });
    expect(y.data[0]).toBeCloseTo(o * Math.tanh(c), 15);
    expect(lstm.lastState().c!.data[0]).toBeCloseTo(c, 15);
  });

  it('one GRU step from a given state, by hand (the reset gate scales W_hn·h + b_hn)', () => {
    const gru = new GRU(1, 1, { seed: 0, dtype });
    const [wIh, wHh, bIh, bHh] = gru.parameters();
    wIh.value.data.set([0.5, -0.25, 1]); // r, z, n
    wHh.value.data.set([0.1, 0.2, -0.3]);
    bIh.value.data.set([0, 0.1, 0.2]);
    bHh.value.data.set([0.05, 0, 0.3]);
    const [x, h0] = [2, 0.5];
    const r = sigmoid(0.5 * x + 0.1 * h0 + 0.05);
    const z = sigmoid(-0.25 * x + 0.2 * h0 + 0.1);
    const n = Math.tanh(1 * x + 0.2 + r * (-0.3 * h0 + 0.3));
    const y = gru.forward(Tensor.from([x], [1, 1, 1], { dtype }), {
      h0: Tensor.from([h0], [1, 1, 1], { dtype }),
    });
    expect(y.data[0]).toBeCloseTo((1 - z) * n + z * h0, 15);
    expect(gru.lastState().c).toBeNull();
  });
});

/**
 * The layer with its initial states as two more "parameters": gradcheck then perturbs h0 and c0 and
 * compares with initialStateGrad(), alongside dx and every weight.
 */
function withInitialStates(layer: RecurrentLayer, h0: Tensor, c0: Tensor | null): Differentiable {
  const states: Parameter[] = [{ name: 'h0', value: h0, grad: Tensor.zeros(h0.shape, { dtype }) }];
  if (c0) states.push({ name: 'c0', value: c0, grad: Tensor.zeros(c0.shape, { dtype }) });
  return {
    forward: (x, options) => layer.forward(x, { ...options, h0, ...(c0 ? { c0 } : {}) }),
    backward: (dy) => {
      const dx = layer.backward(dy);
      const grads = layer.initialStateGrad();
      states[0].grad.data.set(states[0].grad.data.map((g, i) => g + grads.h.data[i]));
      if (c0) states[1].grad.data.set(states[1].grad.data.map((g, i) => g + grads.c!.data[i]));
      return dx;
    },
    parameters: () => [...layer.parameters(), ...states],
  };
}

// float64 central differences (eps 1e-6) of smooth O(1) functions: gradcheck's defaults hold (see gradcheck-all-layers).
describeEachBackend('gradcheck with initial states (float64)', () => {
  for (const { kind, make } of kinds) {
    for (const batchFirst of [false, true]) {
      it(`${kind} 2 layers bidirectional, batchFirst ${batchFirst}, h0${kind === 'LSTM' ? ' and c0' : ''}`, () => {
        const layer = make(2, 3, { seed: 11, dtype, numLayers: 2, bidirectional: true, batchFirst });
        const [steps, batch] = [3, 2];
        const h0 = randn([4, batch, 3], 12);
        const c0 = kind === 'LSTM' ? randn([4, batch, 3], 13) : null;
        const x = randn(batchFirst ? [batch, steps, 2] : [steps, batch, 2], 14);
        const report = gradcheck(withInitialStates(layer, h0, c0), x);
        expect(report.ok, JSON.stringify(report)).toBe(true);
        expect(Object.keys(report.parameters)).toEqual([
          ...layer.parameters().map((p) => p.name),
          ...(c0 ? ['h0', 'c0'] : ['h0']),
        ]);
      });
    }
  }
});

describeEachBackend('float32 on this backend against js', (backend) => {
  /** Output, dx, parameter gradients and final states of a float32 run on `name`. */
  const run = (name: string, kind: (typeof kinds)[number]) => {
    const previous = backendInfo().choice;
    setBackend(name);
    try {
      const layer = kind.make(5, 8, { seed: 21, numLayers: 2, bidirectional: true, batchFirst: true });
      const x = randn([3, 6, 5], 22, 'float32');
      const y = layer.forward(x, { h0: randn([4, 3, 8], 23, 'float32') });
      const dx = layer.backward(randn(y.shape, 24, 'float32'));
      return [y, dx, layer.lastState().h, ...layer.parameters().map((p) => p.grad)];
    } finally {
      setBackend(previous);
    }
  };
  for (const kind of kinds) {
    it(`${kind.kind}: output, dx, h_n and every gradient`, () => {
      const reference = run('js', kind);
      const actual = run(backend, kind);
      // Both round float32 products; GEMM blocking orders the ≤ 16-term sums differently: a few ulps.
      actual.forEach((t, i) => {
        expectClose(
          t,
          reference[i],
          { rtol: 1e-5, atol: 1e-5 * Math.max(maxAbs(reference[i]), 1e-2) },
          `tensor ${i}`,
        );
      });
    });
  }
});

describe('the products run on the active backend’s GEMM', () => {
  const calls: MatmulArgs[] = [];
  let previous = 'auto';
  beforeAll(() => {
    previous = backendInfo().choice;
    registerBackend({
      name: 'recurrent-gemm-spy',
      apiVersion: 1,
      dtypes: ['float32'],
      matmul(a, b, c, args) {
        calls.push(args);
        jsBackend.matmul(a, b, c, args);
      },
    });
    setBackend('recurrent-gemm-spy');
  });
  afterAll(() => setBackend(previous));

  it.each(kinds)(
    '$kind: x·W_ihᵀ once, h·W_hhᵀ per step; backward per step, then dW_ih, dW_hh and dx',
    ({ make, gates }) => {
      calls.length = 0;
      const [steps, batch, inputs, hidden] = [4, 2, 3, 5];
      const layer = make(inputs, hidden, { seed: 1 });
      const y = layer.forward(Tensor.ones([steps, batch, inputs]));
      const width = gates * hidden;
      const shape = (a: MatmulArgs) => [a.m, a.n, a.k, a.transA, a.transB, a.accumulate];
      expect(calls.map(shape)).toEqual([
        [steps * batch, width, inputs, false, true, false],
        ...Array(steps).fill([batch, width, hidden, false, true, false]),
      ]);
      calls.length = 0;
      layer.backward(Tensor.ones(y.shape));
      expect(calls.map(shape)).toEqual([
        ...Array(steps).fill([batch, hidden, width, false, false, true]),
        [width, inputs, steps * batch, true, false, false],
        [width, hidden, steps * batch, true, false, false],
        [steps * batch, inputs, width, false, false, false],
      ]);
    },
  );
});
