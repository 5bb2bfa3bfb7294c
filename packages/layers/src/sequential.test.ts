import { createRng, Tensor } from '@scratchnet/tensor';
import { expect, it } from 'vitest';
import { BatchNorm2d } from './batch-norm2d';
import { Conv2d } from './conv2d';
import { Flatten } from './flatten';
import { Linear } from './linear';
import { ReLU } from './relu';
import { Sequential } from './sequential';
import { describeEachBackend } from './test-support/backends';

/** The seeds' CNN (Lab 8): conv 3x3 -> 4, ReLU, conv 7x7 -> 2, ReLU, flatten, dense 800 -> 10. */
function seedsCnn(seed: number): Sequential {
  const rng = createRng(seed);
  return new Sequential(
    new Conv2d(1, 4, 3, { rng, bias: false }),
    new ReLU(),
    new Conv2d(4, 2, 7, { rng, bias: false }),
    new ReLU(),
    new Flatten(),
    new Linear(800, 10, { rng }),
  );
}

function smallNet(seed: number): Sequential {
  return new Sequential(
    new Conv2d(1, 2, 3, { seed, padding: 1 }),
    new BatchNorm2d(2),
    new ReLU(),
    new Flatten(),
    new Linear(2 * 3 * 3, 4, { seed: seed + 1 }),
  );
}

describeEachBackend('Sequential', () => {
  it('names parameters and buffers as PyTorch does', () => {
    const net = smallNet(0);
    const names = ['0.weight', '0.bias', '1.weight', '1.bias', '4.weight', '4.bias'];
    expect(net.parameters().map((p) => p.name)).toEqual(names);
    const buffers = ['1.running_mean', '1.running_var', '1.num_batches_tracked'];
    expect(Object.keys(net.stateDict())).toEqual([...names, ...buffers]);
    const nested = new Sequential(new Sequential(new Linear(2, 2, { seed: 0 })), new ReLU());
    expect(nested.parameters().map((p) => p.name)).toEqual(['0.0.weight', '0.0.bias']);
  });

  it('its parameters are the layers’ own tensors (an optimizer updating them updates the layer)', () => {
    const linear = new Linear(2, 2, { seed: 0 });
    const net = new Sequential(linear);
    const [weight] = net.parameters();
    expect(weight.value).toBe(linear.weight.value);
    expect(weight.grad).toBe(linear.weight.grad);
    const replacement = Tensor.ones([2, 2]);
    weight.value = replacement;
    expect(linear.weight.value).toBe(replacement);
  });

  it('runs forward in order and backward in reverse, matching the layers applied by hand', () => {
    const net = smallNet(3);
    const x = Tensor.randn([2, 1, 3, 3], { rng: createRng(1) });
    const dy = Tensor.randn([2, 4], { rng: createRng(2) });
    const y = net.forward(x);
    const dx = net.backward(dy);
    const twin = smallNet(3);
    let h = x;
    for (const layer of twin.layers) h = layer.forward(h);
    let g = dy;
    for (const layer of [...twin.layers].reverse()) g = layer.backward(g);
    expect(Array.from(y.data)).toEqual(Array.from(h.data));
    expect(Array.from(dx.data)).toEqual(Array.from(g.data));
  });

  it('stateDict round trip: loading one model’s state into another makes them agree', () => {
    const source = smallNet(1);
    const target = smallNet(7);
    const x = Tensor.randn([3, 1, 3, 3], { rng: createRng(5) });
    source.forward(x);
    expect(Array.from(target.forward(x, { training: false }).data)).not.toEqual(
      Array.from(source.forward(x, { training: false }).data),
    );
    const targetWeight = target.parameters()[0].value;
    const result = target.loadStateDict(source.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(target.parameters()[0].value).toBe(targetWeight);
    expect(target.stateDict()['1.num_batches_tracked'].item()).toBe(1);
    expect(Array.from(target.forward(x, { training: false }).data)).toEqual(
      Array.from(source.forward(x, { training: false }).data),
    );
  });

  it('loadStateDict names missing, unexpected and wrongly shaped keys', () => {
    const net = smallNet(0);
    const dict = net.stateDict();
    const { '4.bias': _dropped, ...missing } = dict;
    expect(() => net.loadStateDict(missing)).toThrow(
      'loadStateDict(Sequential(5 layers)): missing keys: "4.bias" (pass { strict: false } to load the matching keys only)',
    );
    expect(() => net.loadStateDict({ ...dict, '9.weight': Tensor.zeros([1]) })).toThrow(
      'loadStateDict(Sequential(5 layers)): unexpected keys: "9.weight"',
    );
    expect(() => net.loadStateDict({ ...dict, '4.weight': Tensor.zeros([4, 17]) })).toThrow(
      'loadStateDict(Sequential(5 layers)): size mismatch for "4.weight": the model has shape [4, 18], the state dict has [4, 17]',
    );
    expect(net.loadStateDict({ ...missing, extra: Tensor.zeros([1]) }, { strict: false })).toEqual({
      missingKeys: ['4.bias'],
      unexpectedKeys: ['extra'],
    });
  });

  it('loadStateDict lists at most 5 keys, each in at most 40 characters (a hostile file may hold thousands)', () => {
    const net = smallNet(0);
    const extra = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`${'x'.repeat(50)}${i}`, Tensor.zeros([1])]),
    );
    const message = (() => {
      try {
        net.loadStateDict({ ...net.stateDict(), ...extra });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toBe(
      `loadStateDict(Sequential(5 layers)): unexpected keys: ${Array(5)
        .fill(`"${'x'.repeat(38)}…`)
        .join(', ')} and 1995 more (pass { strict: false } to load the matching keys only)`,
    );
  });

  it('train() and eval() reach every layer', () => {
    const net = smallNet(0);
    expect(net.eval().layers.every((l) => !l.training)).toBe(true);
    expect(net.training).toBe(false);
    expect(net.train().layers.every((l) => l.training)).toBe(true);
  });

  it('prints a Keras-style summary; the seeds’ CNN has the seeds’ 8,438 parameters', () => {
    const expected = `Model: "Sequential"
______________________________________________
Layer (type)    Output Shape       Param #
==============================================
0 (Conv2d)      [50, 4, 26, 26]    36
1 (ReLU)        [50, 4, 26, 26]    0
2 (Conv2d)      [50, 2, 20, 20]    392
3 (ReLU)        [50, 2, 20, 20]    0
4 (Flatten)     [50, 800]          0
5 (Linear)      [50, 10]           8,010
==============================================
Total params: 8,438 (32.96 KB)
Trainable params: 8,438 (32.96 KB)
Non-trainable params: 0 (0 B)
______________________________________________`;
    expect(seedsCnn(0).summary([50, 1, 28, 28])).toBe(expected);
    // BatchNorm's running mean and variance (2 + 2 float32) and batch count (a float64) are non-trainable.
    expect(smallNet(0).summary([8, 1, 3, 3])).toContain('Non-trainable params: 5 (24 B)');
  });

  it('reports errors from the layer that fails, and backward before forward', () => {
    const net = seedsCnn(0);
    expect(() => net.forward(Tensor.zeros([2, 3, 28, 28]))).toThrow(
      'Conv2d(1 -> 4, kernel 3x3): expected input [N, 1, H, W], got [2, 3, 28, 28]',
    );
    expect(() => net.summary([1, 1, 20, 20])).toThrow(
      'Linear(800 -> 10): expected input [N, 800], got [1, 288]',
    );
    expect(() => seedsCnn(0).backward(Tensor.zeros([1, 10]))).toThrow(
      'Sequential(6 layers): backward called before forward',
    );
    expect(() => new Sequential({} as never)).toThrow('Sequential: argument 0 is not a layer');
  });
});
