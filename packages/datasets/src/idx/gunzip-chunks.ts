/** Compressed bytes go in this many at a time, so that no write can inflate to more than a few MiB at once. */
const SLICE_BYTES = 4096;

/**
 * The inflated chunks of gzip `bytes`, from the platform's `DecompressionStream` (browsers, Node >= 18).
 * The input goes in slice by slice as the output is read, and leaving the loop early cancels the
 * stream: a gzip bomb inflates little further than what was read.
 */
export function gunzipChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new Error(
      'gunzip: DecompressionStream is not available here; decompress the file yourself and pass the raw bytes',
    );
  }
  const stream = new DecompressionStream('gzip');
  void feed(stream.writable.getWriter(), bytes);
  return readChunks(stream.readable.getReader());
}

async function feed(writer: WritableStreamDefaultWriter<BufferSource>, bytes: Uint8Array): Promise<void> {
  try {
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      await writer.ready;
      await writer.write(bytes.subarray(at, at + SLICE_BYTES) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  } catch {
    // The stream failed (bad data) or was cancelled: the reader reports the one, wanted the other.
  }
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
