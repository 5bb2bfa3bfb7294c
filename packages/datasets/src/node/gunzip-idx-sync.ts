import { constants, gunzipSync } from 'node:zlib';
import { idxInflateBound, inflatedPastBound, MAX_IDX_HEADER_BYTES } from '../idx/idx-inflate-bound';

/**
 * Inflates gzip `bytes`: all of them, or (`partial`) as much as a prefix of a gzip stream decodes
 * to. Returns null instead once the output would pass `maxBytes`.
 */
export type InflateSync = (bytes: Uint8Array, maxBytes: number, partial: boolean) => Uint8Array | null;

/** InflateSync on zlib, whose maxOutputLength stops inflating within one chunk past the limit. */
export const zlibInflate: InflateSync = (bytes, maxBytes, partial) => {
  const finishFlush = partial ? constants.Z_SYNC_FLUSH : constants.Z_FINISH;
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes), finishFlush });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null;
    throw error;
  }
};

/** The most a look for the header may inflate: far more than any header, far less than a bomb. */
const PROBE_BYTES = 2 ** 20;

/**
 * The first inflated bytes, at least MAX_IDX_HEADER_BYTES of them unless the data ends sooner, from
 * prefixes of `bytes`: doubled while they decode to too little, the gap halved when one decodes to
 * more than PROBE_BYTES. A compressed byte inflates to at most a few KiB, so a prefix in between exists.
 */
function inflatedHead(bytes: Uint8Array, inflate: InflateSync, source: string): Uint8Array {
  let under = 0;
  let over = Number.POSITIVE_INFINITY;
  let n = Math.min(64, bytes.length);
  for (;;) {
    const head = inflate(bytes.subarray(0, n), PROBE_BYTES, true);
    if (head && (head.length >= MAX_IDX_HEADER_BYTES || n === bytes.length)) return head;
    if (head) under = n;
    else over = n;
    n = over === Number.POSITIVE_INFINITY ? Math.min(2 * n, bytes.length) : Math.floor((under + over) / 2);
    if (n <= under) {
      throw new Error(
        `${source}: gzip data inflates to more than ${PROBE_BYTES} bytes from one compressed byte`,
      );
    }
  }
}

/**
 * Inflates a gzip'd IDX file in two bounded steps: the header, then the whole file capped at the size
 * the header declares. A gzip bomb stops within a chunk of that size, and a header declaring more
 * elements than a tensor may hold stops before the data. `inflate` is replaceable for tests.
 */
export function gunzipIdxSync(bytes: Uint8Array, source: string, inflate = zlibInflate): Uint8Array {
  const naming: InflateSync = (input, maxBytes, partial) => {
    try {
      return inflate(input, maxBytes, partial);
    } catch (error) {
      throw new Error(`${source}: not valid gzip data: ${(error as Error).message}`);
    }
  };
  const head = inflatedHead(bytes, naming, source);
  const bound = idxInflateBound(head, source);
  // No bound: the data ended before its header did, and parsing will say so.
  if (!bound) return head;
  const whole = naming(bytes, bound.totalBytes, false);
  if (!whole) throw inflatedPastBound(source, bound);
  return whole;
}
