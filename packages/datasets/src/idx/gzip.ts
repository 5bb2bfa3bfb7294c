import { isGzip } from './idx-header';
import { type IdxArray, type ParseIdxOptions, parseIdx } from './parse-idx';

/**
 * Decompresses gzip bytes with the platform's `DecompressionStream` (browsers, Node >= 18), collecting
 * the output into one buffer. In Node, `readIdxFile` from `@scratchnet/datasets/node` uses zlib instead.
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new Error(
      'gunzip: DecompressionStream is not available here; decompress the file yourself and pass the raw bytes',
    );
  }
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `parseIdx` for bytes that may be gzip'd (detected by the 1f 8b magic). */
export async function parseIdxAsync(bytes: Uint8Array, options: ParseIdxOptions = {}): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes) : bytes, options);
}
