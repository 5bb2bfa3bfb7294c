import { formatValue } from './format-value';
/**
 * A seeded random-number generator: xoshiro128** (Blackman & Vigna) seeded through a
 * SplitMix-style 32-bit mixer (a Weyl sequence through Murmur3's fmix32), so every seed — including 0 — gives a well-mixed state. Pure 32-bit
 * integer arithmetic (Math.imul, >>> 0), hence bit-identical in Node and every browser.
 * Normals come from the Box–Muller transform, using both outputs of each pair.
 */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T;
  /** An independent generator derived from this one (for per-layer or per-epoch streams). */
  fork(): Rng;
  readonly seed: number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** The raw xoshiro128** step over a 4-word state (exported for the reference-vector test). */
export function xoshiro128StarStar(state: readonly [number, number, number, number]): () => number {
  let [s0, s1, s2, s3] = state.map((v) => v >>> 0);
  return (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
}

/** `seed` when it is an integer in [0, 2^32), else an error naming `owner` and the value given. */
export function checkSeed(owner: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`${owner}: seed must be an integer in [0, 2^32), got ${formatValue(seed)}`);
  }
  return seed;
}

export function createRng(seed: number): Rng {
  checkSeed('createRng', seed);
  const mix = splitmix32(seed);
  const nextUint32 = xoshiro128StarStar([mix(), mix(), mix(), mix()]);
  let spareNormal: number | undefined;

  const next = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;

  const rng: Rng = {
    seed,
    nextUint32,
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
        throw new Error(`rng.int: n must be an integer in [1, 2^32], got ${String(n)}`);
      }
      // Rejection sampling avoids modulo bias.
      const limit = 0x100000000 - (0x100000000 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
    normal(): number {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      let u = next();
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle(array) {
      for (let i = array.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = array[i];
        array[i] = array[j];
        array[j] = tmp;
      }
      return array;
    },
    fork(): Rng {
      return createRng(nextUint32());
    },
  };
  return rng;
}
