import { gunzipChunks } from './gunzip-chunks';
import { isGzip } from './idx-header';
import {
  type IdxInflateBound,
  idxInflateBound,
  inflatedPastBound,
  MAX_IDX_HEADER_BYTES,
} from './idx-inflate-bound';
import { type IdxArray, type ParseIdxOptions, parseIdx } from './parse-idx';

/** Gzip bytes in, their inflated bytes out, chunk by chunk; stopping the iteration stops inflating. */
export type InflateChunks = (bytes: Uint8Array) => AsyncIterable<Uint8Array>;

/** The chunks of `chunks`, with a failure to inflate said as "<source>: not valid gzip data: …". */
async function* namingFailures(
  chunks: AsyncIterable<Uint8Array>,
  source: string,
): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    throw new Error(`${source}: not valid gzip data: ${(error as Error).message}`);
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk.subarray(0, length - at), at);
    at += Math.min(chunk.length, length - at);
  }
  return out;
}

/**
 * Decompresses gzip bytes into one buffer, however large. In Node, `readIdxFile` from
 * `@scratchnet/datasets/node` uses zlib instead; for IDX data prefer `parseIdxAsync`, which stops
 * at the size the file's header declares.
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of gunzipChunks(bytes)) {
    chunks.push(chunk);
    length += chunk.length;
  }
  return concat(chunks, length);
}

/**
 * Inflates a gzip'd IDX file, stopping with an error as soon as the output passes the size its
 * header declares (a gzip bomb inflates no further than that, plus one chunk), or as soon as the
 * header declares more elements than a tensor may hold. Memory follows what was inflated, not what
 * the header claims. `inflate` is replaceable for tests.
 */
export async function gunzipIdx(
  bytes: Uint8Array,
  source: string,
  inflate: InflateChunks = gunzipChunks,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let bound: IdxInflateBound | null = null;
  for await (const chunk of namingFailures(inflate(bytes), source)) {
    chunks.push(chunk);
    length += chunk.length;
    bound ??= idxInflateBound(concat(chunks, Math.min(length, MAX_IDX_HEADER_BYTES)), source);
    if (bound && length > bound.totalBytes) throw inflatedPastBound(source, bound, length);
  }
  return concat(chunks, length);
}

/** `parseIdx` for bytes that may be gzip'd (detected by the 1f 8b magic). */
export async function parseIdxAsync(bytes: Uint8Array, options: ParseIdxOptions = {}): Promise<IdxArray> {
  const source = options.source ?? 'parseIdxAsync';
  return parseIdx(isGzip(bytes) ? await gunzipIdx(bytes, source) : bytes, { ...options, source });
}
