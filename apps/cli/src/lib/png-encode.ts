import { deflateSync } from 'node:zlib';
import type { RasterImage } from '@scratchnet/datasets';
import { PNG_SIGNATURE, writeChunk } from './png-chunks';

/** PNG colour type per channel count: grey, grey+alpha, RGB, RGBA. */
export const COLOR_TYPE_OF_CHANNELS = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/** An 8-bit, non-interlaced PNG; every row uses filter 0 (none) and zlib does the compressing. */
export function encodePng(image: RasterImage): Uint8Array {
  const { width, height, channels, data } = image;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new Error(`encodePng: width and height must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new Error(
      `encodePng: ${width}x${height}x${channels} needs ${width * height * channels} bytes, got ${data.length}`,
    );
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = COLOR_TYPE_OF_CHANNELS[channels];
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const parts = [
    PNG_SIGNATURE,
    writeChunk('IHDR', header),
    writeChunk('IDAT', deflateSync(raw)),
    writeChunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
