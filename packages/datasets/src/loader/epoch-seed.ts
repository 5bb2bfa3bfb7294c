/** MurmurHash3's 32-bit finalizer: a bijection that spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The seed of epoch `epoch` of a loader seeded with `seed`: a function of the two alone, so a resumed
 * run reproduces epoch e without replaying epochs 0..e-1.
 */
export function epochSeed(seed: number, epoch: number): number {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffffffff) {
    throw new Error(`DataLoader: epoch must be an integer in [0, 2^32), got ${String(epoch)}`);
  }
  return fmix32((fmix32(seed >>> 0) + Math.imul((epoch + 1) >>> 0, 0x9e3779b9)) >>> 0);
}
