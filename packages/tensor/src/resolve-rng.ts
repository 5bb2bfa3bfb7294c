import { formatValue } from './format-value';
import { globalRng } from './global-rng';
import { checkSeed, createRng, type Rng } from './rng';

/** Where a random operation draws from: a generator, a seed to make one, or neither (the global generator). */
export interface RngOptions {
  rng?: Rng;
  seed?: number;
}

const RNG_METHODS = ['nextUint32', 'next', 'int', 'normal', 'shuffle', 'fork'] as const;

/** Why `value` is not a generator, or undefined when it is one. */
function notAGenerator(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') {
    return formatValue(value);
  }
  const missing = RNG_METHODS.filter((m) => typeof (value as Record<string, unknown>)[m] !== 'function');
  return missing.length > 0 ? `an object without ${missing.join(', ')}` : undefined;
}

/**
 * The generator a random operation named `owner` draws from: `options.rng` when given, else a new
 * generator made from `options.seed`, else the global one (see `manualSeed`).
 */
export function resolveRng(owner: string, options: RngOptions | undefined): Rng {
  const { rng, seed } = options ?? {};
  if (rng !== undefined) {
    const why = notAGenerator(rng);
    if (why !== undefined)
      throw new Error(`${owner}: rng must be a generator from createRng(seed), got ${why}`);
    return rng;
  }
  if (seed !== undefined) return createRng(checkSeed(owner, seed));
  return globalRng();
}
