import { createRng, type Rng } from '@scratchnet/tensor';

/** The randomness every seeded function here takes: a generator, or a seed to make one. */
export interface SeedOptions {
  rng?: Rng;
  seed?: number;
}

/** The given generator, or one made from `seed`; throws when neither is given (runs stay reproducible). */
export function resolveRng(op: string, options: SeedOptions): Rng {
  if (options.rng !== undefined) {
    if (typeof options.rng?.nextUint32 !== 'function') {
      throw new Error(`${op}: rng must be a generator from createRng(seed), got ${String(options.rng)}`);
    }
    return options.rng;
  }
  if (options.seed === undefined) {
    throw new Error(`${op}: pass { rng: createRng(seed) } or { seed } so that the result is reproducible`);
  }
  return createRng(options.seed);
}
