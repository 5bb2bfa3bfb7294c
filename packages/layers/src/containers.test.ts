import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d } from './batch-norm2d';
import { Concat } from './concat';
import { Conv2d } from './conv2d';
import { Linear } from './linear';
import { layerFromConfig } from './registry';
import { ReLU } from './relu';
import { Residual } from './residual';
import { Sequential } from './sequential';
import { getStateDict, loadStateDict } from './state-dict';

const dtype = 'float64';

/** torchvision's BasicBlock, by name: conv1, bn1, relu, conv2, bn2 and a downsample of 1×1 conv + BatchNorm2d. */
function basicBlock(inC: number, outC: number, stride: number, seed = 1): Residual {
  const conv = (i: number, o: number, k: number, s: number) =>
    new Conv2d(i, o, k, { seed: seed++, dtype, stride: s, padding: (k - 1) / 2, bias: false });
  return new Residual(
    {
      conv1: conv(inC, outC, 3, stride),
      bn1: new BatchNorm2d(outC, { dtype }),
      relu: new ReLU(),
      conv2: conv(outC, outC, 3, 1),
      bn2: new BatchNorm2d(outC, { dtype }),
    },
    { shortcut: new Sequential(conv(inC, outC, 1, stride), new BatchNorm2d(outC, { dtype })) },
  );
}

describe('containers: Residual, Concat, named Sequential', () => {
  it("name parameters and buffers as PyTorch's nested modules do (torchvision BasicBlock in a named Sequential)", () => {
    const model = new Sequential({
      layer1: new Sequential(basicBlock(2, 4, 2)),
      fc: new Linear(4, 3, { seed: 9, dtype }),
    });
    expect(model.parameters().map((p) => p.name)).toEqual([
      'layer1.0.conv1.weight',
      'layer1.0.bn1.weight',
      'layer1.0.bn1.bias',
      'layer1.0.conv2.weight',
      'layer1.0.bn2.weight',
      'layer1.0.bn2.bias',
      'layer1.0.downsample.0.weight',
      'layer1.0.downsample.1.weight',
      'layer1.0.downsample.1.bias',
      'fc.weight',
      'fc.bias',
    ]);
    expect(model.buffers().map((b) => b.name)).toContain('layer1.0.downsample.1.running_mean');
    const body = new Residual(new Conv2d(2, 2, 3, { seed: 1, padding: 1 }));
    expect(body.parameters().map((p) => p.name)).toEqual(['body.weight', 'body.bias']);
  });

  it('y = body(x) + x for the identity shortcut, and dx = body′ᵀ·dy + dy', () => {
    const conv = new Conv2d(2, 2, 3, { seed: 3, dtype, padding: 1 });
    const block = new Residual(conv);
    const x = Tensor.randn([2, 2, 4, 4], { rng: createRng(1), dtype });
    const dy = Tensor.randn([2, 2, 4, 4], { rng: createRng(2), dtype });
    const alone = new Conv2d(2, 2, 3, { seed: 3, dtype, padding: 1 });
    const y = block.forward(x);
    const expected = alone.forward(x);
    expect(Array.from(y.data)).toEqual(Array.from(expected.data, (v, i) => v + x.data[i]));
    const dx = block.backward(dy);
    const dxBody = alone.backward(dy);
    expect(Array.from(dx.data)).toEqual(Array.from(dxBody.data, (v, i) => v + dy.data[i]));
  });

  it('round-trips through model.json and a strict state dict, with the same outputs', () => {
    const model = new Sequential({
      stem: new Conv2d(1, 2, 3, { seed: 1, dtype, padding: 1 }),
      block: basicBlock(2, 2, 1, 5),
      mixed: new Concat({ a: new Conv2d(2, 1, 1, { seed: 7, dtype }), b: new ReLU() }),
    });
    const x = Tensor.randn([2, 1, 5, 5], { rng: createRng(4), dtype });
    const rebuilt = layerFromConfig(JSON.parse(JSON.stringify(model.config())), { seed: 99 });
    expect(rebuilt.parameters().map((p) => p.name)).toEqual(model.parameters().map((p) => p.name));
    loadStateDict(rebuilt, getStateDict(model));
    expect(Array.from(rebuilt.forward(x).data)).toEqual(Array.from(model.forward(x).data));
    expect(rebuilt.outputShape([2, 1, 5, 5])).toEqual([2, 3, 5, 5]);
  });

  it('Concat splits dy among its branches and adds their dx', () => {
    const a = new Linear(3, 2, { seed: 1, dtype });
    const b = new Linear(3, 4, { seed: 2, dtype });
    const both = new Concat([new Linear(3, 2, { seed: 1, dtype }), new Linear(3, 4, { seed: 2, dtype })], {
      dim: 1,
    });
    const x = Tensor.randn([5, 3], { rng: createRng(6), dtype });
    const dy = Tensor.randn([5, 6], { rng: createRng(7), dtype });
    expect(both.forward(x).shape).toEqual([5, 6]);
    a.forward(x);
    b.forward(x);
    const dx = both.backward(dy);
    // Columns 0-1 of dy belong to a, 2-5 to b.
    const columns = (first: number, count: number) =>
      new Tensor(
        Float64Array.from(
          { length: 5 * count },
          (_, i) => dy.data[Math.floor(i / count) * 6 + first + (i % count)],
        ),
        [5, count],
      );
    const da = a.backward(columns(0, 2));
    const db = b.backward(columns(2, 4));
    Array.from(dx.data).forEach((v, i) => {
      expect(v).toBeCloseTo(da.data[i] + db.data[i], 14);
    });
  });

  it('name the layers and shapes when paths cannot be added or joined, and refuse bad children', () => {
    const x = Tensor.zeros([1, 2, 6, 6]);
    const widening = new Residual(new Conv2d(2, 3, 3, { seed: 1, padding: 1 }));
    expect(() => widening.forward(x)).toThrow(
      'Residual(body + identity): the body gives [1, 3, 6, 6] but the shortcut gives [1, 2, 6, 6] for input [1, 2, 6, 6]; they must match to be added',
    );
    const branches = new Concat({ same: new ReLU(), strided: new Conv2d(2, 2, 3, { seed: 1, stride: 2 }) });
    expect(() => branches.forward(x)).toThrow(
      'Concat(same, strided; dim 1): for input [1, 2, 6, 6] the branches give same: [1, 2, 6, 6], strided: [1, 2, 2, 2], which cannot be concatenated along dim 1',
    );
    expect(() => new Residual({ relu: new ReLU() }, { shortcut: new ReLU(), shortcutName: 'relu' })).toThrow(
      'Residual: the name "relu" is used twice',
    );
    expect(() => new Concat({ 'a.b': new ReLU() })).toThrow(
      'Concat: child name "a.b" must be non-empty and contain no "."',
    );
    expect(() => new Residual(42 as never)).toThrow(
      'Residual: the body must be a layer or a record of named layers, got 42',
    );
    expect(() => new Concat([])).toThrow('Concat: needs at least one branch');
    expect(() => new Sequential({ fc: 'no' } as never)).toThrow(
      'Sequential: child "fc" is not a layer (got "no")',
    );
  });

  it('refuse hostile configs with a plain Error, never a TypeError (found by fuzzing model files)', () => {
    const relu = { kind: 'ReLU', args: [] };
    const cases: [unknown[], string][] = [
      [
        [{ layer: relu }, { shortcut: relu, shortcutName: 7 }],
        'Residual: shortcutName 7 must be a non-empty string',
      ],
      [[{ layer: relu }, null], 'Residual: options must be an object, got null'],
      [
        [{ layer: relu }, { shortcut: relu, shortcutName: `${'n'.repeat(5000)}.x` }],
        `Residual: shortcutName "${'n'.repeat(38)}… must be a non-empty string without "."`,
      ],
    ];
    for (const [args, message] of cases) {
      expect(() => layerFromConfig({ kind: 'Residual', args } as never)).toThrow(message);
    }
    const graph = { inputs: ['x'], nodes: [5, { name: 'y', inputs: ['x'], layer: relu }], outputs: ['y'] };
    expect(() => layerFromConfig({ kind: 'Graph', args: [graph] } as never)).toThrow(
      'Graph: name undefined must be a non-empty string without "."',
    );
    const long = { ...graph, nodes: [graph.nodes[1]], outputs: ['o'.repeat(5000)] };
    expect(() => layerFromConfig({ kind: 'Graph', args: [long] } as never)).toThrow(
      `Graph: output "${'o'.repeat(38)}… is neither an input nor a node`,
    );
  });
});
