import { checkSeed, createRng, type Rng } from './rng';

/**
 * The seed of the global generator until `manualSeed` is called. An arbitrary fixed number: a
 * script that never seeds still gets the same weights, shuffles and dropout masks on every run.
 */
export const DEFAULT_SEED = 0x5eed;

interface GlobalRngState {
  /** The stream that the global generator draws from now; `manualSeed` replaces it. */
  current: Rng;
}

// One generator per process even when two copies of this package are loaded (e.g. ESM and CJS).
const GLOBAL_RNG_KEY = Symbol.for('scratchnet.tensor.global-rng.v1');

function state(): GlobalRngState {
  const holder = globalThis as unknown as Record<symbol, GlobalRngState | undefined>;
  let global = holder[GLOBAL_RNG_KEY];
  if (!global) {
    global = { current: createRng(DEFAULT_SEED) };
    holder[GLOBAL_RNG_KEY] = global;
  }
  return global;
}

/**
 * The global generator. It forwards every draw to the current stream, so whoever holds it (a
 * Dropout layer built before `manualSeed`, say) follows a reseed, as PyTorch's default generator does.
 */
const globalGenerator: Rng = {
  get seed() {
    return state().current.seed;
  },
  nextUint32: () => state().current.nextUint32(),
  next: () => state().current.next(),
  int: (n) => state().current.int(n),
  normal: () => state().current.normal(),
  shuffle: (array) => state().current.shuffle(array),
  fork: () => state().current.fork(),
};

/** The generator that layers, dropout and data loaders use when given neither `rng` nor `seed`. */
export function globalRng(): Rng {
  return globalGenerator;
}

/**
 * Makes `stream` the one the global generator draws from and returns the one it replaces (so that
 * tests can put it back exactly; not exported from the package index).
 */
export function replaceGlobalStream(stream: Rng): Rng {
  const global = state();
  const previous = global.current;
  global.current = stream;
  return previous;
}

/** Reseeds the global generator (as `torch.manual_seed`): what follows is reproducible from `seed`. */
export function manualSeed(seed: number): void {
  replaceGlobalStream(createRng(checkSeed('manualSeed', seed)));
}
