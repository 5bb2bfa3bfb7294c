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

/**
 * The inflated chunks of gzip `bytes`, from the platform's `DecompressionStream` (browsers, Node >= 18).
 * Leaving the loop early cancels the stream, so no more is inflated than was read.
 */
export function gunzipChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new Error(
      'gunzip: DecompressionStream is not available here; decompress the file yourself and pass the raw bytes',
    );
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // A failure to inflate rejects these promises too; the reader reports it, once.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return readChunks(stream.readable.getReader());
}

async function* readChunks(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  let done = false;
  try {
    while (!done) {
      const next = await reader.read();
      done = next.done;
      if (next.value) yield next.value;
    }
  } finally {
    if (!done) await reader.cancel();
  }
}

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
 * header declares more elements than a tensor may hold. `inflate` is replaceable for tests.
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
