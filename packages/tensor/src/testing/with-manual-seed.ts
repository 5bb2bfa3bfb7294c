import { replaceGlobalStream } from '../global-rng';
import { checkSeed, createRng } from '../rng';

/**
 * Runs the synchronous `body` with the global generator seeded by `seed` (as after `manualSeed`),
 * then puts back the stream that was there before, at the very position it had reached — even when
 * `body` throws or reseeds — so that a test which seeds leaves the global generator as it found it.
 */
export function withManualSeed<T>(seed: number, body: () => T): T {
  const saved = replaceGlobalStream(createRng(checkSeed('withManualSeed', seed)));
  try {
    return body();
  } finally {
    replaceGlobalStream(saved);
  }
}
