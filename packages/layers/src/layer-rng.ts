import { createRng, type Rng } from '@scratchnet/tensor';

/**
 * Every random layer needs an explicit source of randomness: `{ rng }` (a generator from
 * `createRng(seed)`) or `{ seed }` (a number). There is deliberately no silent default seed.
 */
export interface RandomSource {
  rng?: Rng;
  seed?: number;
}

export function resolveRng(layer: string, source: RandomSource): Rng {
  if (source.rng !== undefined) {
    if (typeof source.rng?.next !== 'function') {
      throw new Error(`${layer}: rng must be a generator made by createRng(seed), got ${String(source.rng)}`);
    }
    return source.rng;
  }
  if (source.seed !== undefined) return createRng(source.seed);
  throw new Error(
    `${layer}: pass { rng: createRng(seed) } or { seed } so that initialisation is reproducible (there is no default seed)`,
  );
}
