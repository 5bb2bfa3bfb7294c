import { inflateSync } from 'node:zlib';
import type { RasterImage } from '@scratchnet/datasets';
import { type PngChunk, readChunks } from './png-chunks';

/** 8192 x 8192: far above any image worth predicting on, and at most 256 MB of RGBA once decoded. */
export const MAX_PIXELS = 2 ** 26;

const CHANNELS_OF_COLOR_TYPE: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface Header {
  width: number;
  height: number;
  colorType: number;
  /** Bytes per pixel in the filtered stream (palette indices count as one). */
  bpp: number;
}

function readHeader(chunk: PngChunk | undefined, source: string): Header {
  if (chunk?.type !== 'IHDR' || chunk.data.length !== 13) {
    throw new Error(`${source}: corrupt PNG (the first chunk must be a 13-byte IHDR)`);
  }
  const view = new DataView(chunk.data.buffer, chunk.data.byteOffset, 13);
  const [width, height] = [view.getUint32(0), view.getUint32(4)];
  const [bitDepth, colorType, compression, filter, interlace] = chunk.data.subarray(8);
  const channels = CHANNELS_OF_COLOR_TYPE[colorType];
  const unsupported = (what: string) =>
    new Error(
      `${source}: unsupported PNG (${what}); this reader takes 8-bit, non-interlaced grey, grey+alpha, RGB, RGBA and palette images`,
    );
  if (channels === undefined) throw new Error(`${source}: corrupt PNG (unknown colour type ${colorType})`);
  if (bitDepth !== 8) throw unsupported(`bit depth ${bitDepth}`);
  if (interlace !== 0) throw unsupported('Adam7 interlacing');
  if (compression !== 0 || filter !== 0)
    throw new Error(`${source}: corrupt PNG (compression ${compression}, filter method ${filter})`);
  if (width === 0 || height === 0 || width * height > MAX_PIXELS)
    throw new Error(`${source}: unsupported PNG size ${width}x${height}`);
  return { width, height, colorType, bpp: channels };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG spec §9) into `width * bpp` bytes per row. */
function unfilter(raw: Uint8Array, { width, height, bpp }: Header, source: string): Uint8Array {
  const stride = width * bpp;
  if (raw.length !== (stride + 1) * height) {
    throw new Error(
      `${source}: corrupt PNG (image data holds ${raw.length} bytes, expected ${(stride + 1) * height})`,
    );
  }
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const b = y > 0 ? out[row - stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[row - stride + x - bpp] : 0;
      let predictor: number;
      if (type === 0) predictor = 0;
      else if (type === 1) predictor = a;
      else if (type === 2) predictor = b;
      else if (type === 3) predictor = (a + b) >> 1;
      else if (type === 4) predictor = paeth(a, b, c);
      else throw new Error(`${source}: corrupt PNG (row ${y} has unknown filter type ${type})`);
      out[row + x] = (line[x] + predictor) & 0xff;
    }
  }
  return out;
}

/** Palette indices to RGB, or RGBA when a tRNS chunk gives alpha values. */
function expandPalette(
  indices: Uint8Array,
  chunks: PngChunk[],
  source: string,
): Pick<RasterImage, 'channels' | 'data'> {
  const palette = chunks.find((c) => c.type === 'PLTE')?.data;
  if (!palette || palette.length % 3 !== 0)
    throw new Error(`${source}: corrupt PNG (palette image without a valid PLTE chunk)`);
  const alpha = chunks.find((c) => c.type === 'tRNS')?.data;
  const channels = alpha ? 4 : 3;
  const colours = palette.length / 3;
  const data = new Uint8Array(indices.length * channels);
  indices.forEach((index, i) => {
    if (index >= colours)
      throw new Error(`${source}: corrupt PNG (pixel ${i} uses palette entry ${index} of ${colours})`);
    data.set(palette.subarray(index * 3, index * 3 + 3), i * channels);
    if (alpha) data[i * channels + 3] = index < alpha.length ? alpha[index] : 255;
  });
  return { channels, data };
}

/** Decodes an 8-bit, non-interlaced PNG; `source` names the file in errors. */
export function decodePng(bytes: Uint8Array, source = 'image'): RasterImage {
  const chunks = readChunks(bytes, source);
  const header = readHeader(chunks[0], source);
  const idat = chunks.filter((c) => c.type === 'IDAT');
  if (idat.length === 0) throw new Error(`${source}: corrupt PNG (no IDAT chunk)`);
  // Inflate at most one byte more than the rows need, so that a zip bomb cannot exhaust memory.
  const needed = (header.width * header.bpp + 1) * header.height;
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat.map((c) => c.data)), { maxOutputLength: needed + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`${source}: corrupt PNG (image data inflates past the ${needed} bytes its rows need)`);
    throw new Error(`${source}: corrupt PNG (image data does not inflate: ${(error as Error).message})`);
  }
  const pixels = unfilter(raw, header, source);
  const { width, height } = header;
  if (header.colorType === 3) return { width, height, ...expandPalette(pixels, chunks, source) };
  return { width, height, channels: CHANNELS_OF_COLOR_TYPE[header.colorType], data: pixels };
}
