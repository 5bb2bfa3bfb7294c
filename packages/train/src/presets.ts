import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@scratchnet/layers';
import { type DType, type RngOptions, resolveRng } from '@scratchnet/tensor';

/** `seed` or `rng` for the initialisation (else the global generator, see `manualSeed`), and a dtype. */
export interface PresetOptions extends RngOptions {
  dtype?: DType;
}

/** One generator that every layer of the preset draws from in turn (a `seed` is not reused per layer). */
function layerOptions(name: string, options: PresetOptions) {
  return { rng: resolveRng(name, options), dtype: options?.dtype };
}

/** The seeds' MNIST MLP: 784-100-200-10 with ReLU. */
export function mlp(options: PresetOptions = {}): Sequential {
  const o = layerOptions('mlp', options);
  return new Sequential(
    new Flatten(),
    new Linear(784, 100, o),
    new ReLU(),
    new Linear(100, 200, o),
    new ReLU(),
    new Linear(200, 10, o),
  );
}

/** The seeds' CNN (which never learned there): Conv 3x3x4 → ReLU → Conv 7x7x2 → ReLU → Flatten → Linear 800→10. */
export function seedCnn(options: PresetOptions = {}): Sequential {
  const o = layerOptions('seedCnn', options);
  return new Sequential(
    new Conv2d(1, 4, 3, o),
    new ReLU(),
    new Conv2d(4, 2, 7, o),
    new ReLU(),
    new Flatten(),
    new Linear(800, 10, o),
  );
}

/** A LeNet-style CNN: two 5x5 convolutions (32, 64 channels) with max-pooling, then 3136→128→10. */
export function lenet(options: PresetOptions = {}): Sequential {
  const o = layerOptions('lenet', options);
  return new Sequential(
    new Conv2d(1, 32, 5, { ...o, padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(32, 64, 5, { ...o, padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(3136, 128, o),
    new ReLU(),
    new Linear(128, 10, o),
  );
}

export const presets = { mlp, 'seed-cnn': seedCnn, lenet } as const;
export type PresetName = keyof typeof presets;
