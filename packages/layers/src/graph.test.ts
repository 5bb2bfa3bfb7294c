import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Conv2d } from './conv2d';
import { Graph } from './graph';
import { Linear } from './linear';
import { layerFromConfig } from './registry';
import { ReLU } from './relu';
import { getStateDict, loadStateDict } from './state-dict';

const dtype = 'float64';
const rng = createRng(12);

describe('Graph', () => {
  it('takes several inputs and gives several outputs; backward sums the gradients where a value fans out', () => {
    const shared = new Linear(3, 3, { seed: 1, dtype });
    const graph = new Graph({
      inputs: ['left', 'right'],
      nodes: [
        { name: 'shared', layer: shared, inputs: ['left'] },
        { name: 'sum', merge: 'add', inputs: ['shared', 'right'] },
        { name: 'product', merge: 'mul', inputs: ['shared', 'right'] },
      ],
      outputs: ['sum', 'product'],
    });
    const left = Tensor.randn([2, 3], { rng, dtype });
    const right = Tensor.randn([2, 3], { rng, dtype });
    const { sum, product } = graph.forwardAll({ left, right });
    const s = new Linear(3, 3, { seed: 1, dtype }).forward(left);
    expect(Array.from(sum.data)).toEqual(Array.from(s.data, (v, i) => v + right.data[i]));
    expect(Array.from(product.data)).toEqual(Array.from(s.data, (v, i) => v * right.data[i]));
    const dSum = Tensor.randn([2, 3], { rng, dtype });
    const dProduct = Tensor.randn([2, 3], { rng, dtype });
    const grads = graph.backwardAll({ sum: dSum, product: dProduct });
    // d/d right = dSum + dProduct · shared(left); the shared node gets dSum + dProduct · right.
    expect(Array.from(grads.right.data)).toEqual(
      Array.from(dSum.data, (v, i) => v + dProduct.data[i] * s.data[i]),
    );
    const reference = new Linear(3, 3, { seed: 1, dtype });
    reference.forward(left);
    const dShared = new Tensor(
      Float64Array.from(dSum.data, (v, i) => v + dProduct.data[i] * right.data[i]),
      [2, 3],
    );
    expect(Array.from(grads.left.data)).toEqual(Array.from(reference.backward(dShared).data));
    expect(Array.from(shared.weight.grad.data)).toEqual(Array.from(reference.weight.grad.data));
    // An output left out of backwardAll contributes nothing.
    const onlySum = graph.backwardAll({ sum: dSum });
    expect(Array.from(onlySum.right.data)).toEqual(Array.from(dSum.data));
  });

  it('round-trips through model.json with its parameters named after the nodes', () => {
    const graph = new Graph({
      inputs: ['image'],
      nodes: [
        { name: 'stem', layer: new Conv2d(1, 2, 3, { seed: 1, padding: 1 }), inputs: ['image'] },
        { name: 'act', layer: new ReLU(), inputs: ['stem'] },
        { name: 'skip', merge: 'add', inputs: ['act', 'stem'] },
        { name: 'wide', merge: 'concat', inputs: ['skip', 'image'] },
      ],
      outputs: ['wide'],
    });
    expect(graph.parameters().map((p) => p.name)).toEqual(['stem.weight', 'stem.bias']);
    expect(graph.outputShape([4, 1, 5, 5])).toEqual([4, 3, 5, 5]);
    const rebuilt = layerFromConfig(JSON.parse(JSON.stringify(graph.config())), { seed: 5 });
    loadStateDict(rebuilt, getStateDict(graph));
    const x = Tensor.randn([2, 1, 5, 5], { rng });
    expect(Array.from(rebuilt.forward(x).data)).toEqual(Array.from(graph.forward(x).data));
  });

  it('names the nodes and shapes of every mistake: cycles, unknown values, merges that do not fit', () => {
    const relu = () => new ReLU();
    expect(
      () =>
        new Graph({
          inputs: ['x'],
          nodes: [
            { name: 'a', layer: relu(), inputs: ['b'] },
            { name: 'b', layer: relu(), inputs: ['a'] },
            { name: 'c', layer: relu(), inputs: ['x'] },
          ],
          outputs: ['c'],
        }),
    ).toThrow('Graph: the nodes "a", "b" form or depend on a cycle');
    expect(
      () =>
        new Graph({ inputs: ['x'], nodes: [{ name: 'a', layer: relu(), inputs: ['y'] }], outputs: ['a'] }),
    ).toThrow('Graph: node "a" reads "y", which is neither an input nor a node');
    expect(
      () =>
        new Graph({ inputs: ['x'], nodes: [{ name: 'x', layer: relu(), inputs: ['x'] }], outputs: ['x'] }),
    ).toThrow('Graph: the name "x" is used twice');
    expect(() => new Graph({ inputs: ['x'], nodes: [], outputs: ['z'] })).toThrow(
      'Graph: output "z" is neither an input nor a node',
    );
    expect(
      () => new Graph({ inputs: ['x'], nodes: [{ name: 'm', merge: 'add', inputs: ['x'] }], outputs: ['m'] }),
    ).toThrow('Graph: merge node "m" needs at least two inputs');
    const mismatch = new Graph({
      inputs: ['x'],
      nodes: [
        { name: 'narrow', layer: new Linear(4, 2, { seed: 1 }), inputs: ['x'] },
        { name: 'sum', merge: 'add', inputs: ['narrow', 'x'] },
      ],
      outputs: ['sum'],
    });
    expect(() => mismatch.forward(Tensor.zeros([3, 4]))).toThrow(
      'node "sum" cannot add narrow: [3, 2], x: [3, 4]: the shapes must be equal',
    );
    expect(() => mismatch.outputShape([3, 4])).toThrow('node "sum" cannot add narrow: [3, 2], x: [3, 4]');
    const two = new Graph({
      inputs: ['a', 'b'],
      nodes: [{ name: 's', merge: 'add', inputs: ['a', 'b'] }],
      outputs: ['s'],
    });
    expect(() => two.forward(Tensor.zeros([1]))).toThrow(
      'forward takes one input and gives one output; this graph has 2 and 1: use forwardAll',
    );
  });
});
