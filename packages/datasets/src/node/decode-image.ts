import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkRaster, MAX_IMAGE_PIXELS, type RasterImage } from '../images/gray-from-raster';
import { decodePgm, isPgm } from '../images/pgm';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
const isPng = (bytes: Uint8Array) => startsWith(bytes, PNG_SIGNATURE);
const isJpeg = (bytes: Uint8Array) => startsWith(bytes, [0xff, 0xd8, 0xff]);

/**
 * pngjs bounds the inflated size of a non-interlaced PNG by its rows, but inflates an Adam7 one
 * without a bound: those are taken up to this size, whose data cannot inflate past ~260 MB
 * (deflate's ratio is at most 1032:1).
 */
const MAX_INTERLACED_PNG_BYTES = 256 * 1024;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Channels of each PNG colour type (palette indices count as one). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The image data (IDAT chunks) of a PNG, stopping where the file or its chunks end. */
function imageData(bytes: Uint8Array, view: DataView): Buffer {
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IEND' || at + 12 + length > bytes.length) break;
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return Buffer.concat(parts);
}

/**
 * Checks, before pngjs decodes, what it does not: the size the IHDR declares (refused over
 * MAX_IMAGE_PIXELS before anything is allocated), and that a non-interlaced image's data inflates
 * to all of its rows. pngjs's synchronous reader hands on its whole output buffer when the data
 * inflates short (it reads zlib's two counters in swapped order), so rows never written, stale
 * memory, would come back as pixels. The data is inflated here by Node's zlib, no further than
 * the rows need.
 */
function checkPng(bytes: Uint8Array, source: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
    throw new Error(`${source}: corrupt PNG (no IHDR chunk after the signature)`);
  }
  const [width, height] = [view.getUint32(16), view.getUint32(20)];
  const [depth, colorType, , , interlace] = bytes.subarray(24, 29);
  if (width === 0 || height === 0 || width * height > MAX_IMAGE_PIXELS) {
    throw new Error(`${source}: unsupported PNG size ${width}x${height}`);
  }
  const channels = PNG_CHANNELS[colorType];
  if (channels === undefined) throw new Error(`${source}: corrupt PNG (unknown colour type ${colorType})`);
  if (interlace !== 0) {
    if (bytes.length > MAX_INTERLACED_PNG_BYTES)
      throw new Error(
        `${source}: unsupported PNG (Adam7-interlaced and over ${MAX_INTERLACED_PNG_BYTES / 1024} KiB)`,
      );
    return;
  }
  checkRowsInflate(bytes, view, (Math.ceil((width * channels * depth) / 8) + 1) * height, source);
}

function checkRowsInflate(bytes: Uint8Array, view: DataView, rows: number, source: string): void {
  let inflated: number;
  try {
    inflated = inflateSync(imageData(bytes, view), { maxOutputLength: rows }).length;
  } catch (error) {
    // More than the rows need is pngjs's to judge (it ignores the rest); anything else is corrupt.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return;
    if (code === 'Z_BUF_ERROR') throw new Error(`${source}: corrupt PNG (image data cut short or damaged)`);
    throw new Error(`${source}: corrupt PNG (image data does not inflate: ${messageOf(error)})`);
  }
  if (inflated < rows) {
    throw new Error(
      `${source}: truncated PNG (image data inflates to ${inflated} bytes, its rows need ${rows})`,
    );
  }
}

function decodePng(bytes: Uint8Array, source: string): RasterImage {
  checkPng(bytes, source);
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    // pngjs's word for chunks, or inflated rows, that end before what they declare.
    if (/finished stream/.test(messageOf(error)))
      throw new Error(`${source}: truncated PNG (the file or its image data ends early)`);
    throw new Error(`${source}: corrupt PNG (${messageOf(error)})`);
  }
  // pngjs returns 8-bit RGBA whatever the colour type and depth (16-bit levels are rescaled).
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
}

function decodeJpeg(bytes: Uint8Array, source: string): RasterImage {
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // A truncated or damaged scan is an error, not a picture with grey blocks.
      tolerantDecoding: false,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
      maxMemoryUsageInMB: 1024,
    });
  } catch (error) {
    throw new Error(`${source}: corrupt JPEG (${messageOf(error)})`);
  }
  const { width, height, data } = image;
  if (!(width > 0 && height > 0) || data.length !== width * height * 3) {
    throw new Error(`${source}: corrupt JPEG (decoded to ${width}x${height} with ${data.length} bytes)`);
  }
  return { width, height, channels: 3, data };
}

/**
 * Decodes PNG (by pngjs), JPEG (by jpeg-js) or PGM bytes, chosen by their signature, to 8-bit
 * pixels. Every failure is a plain Error starting with `source` and saying what is wrong (not a …,
 * corrupt …, truncated …, unsupported …); sizes over 8192 x 8192 pixels are refused before decoding.
 */
export function decodeImage(bytes: Uint8Array, source = 'image'): RasterImage {
  if (isPng(bytes)) return decodePng(bytes, source);
  if (isJpeg(bytes)) return decodeJpeg(bytes, source);
  if (isPgm(bytes)) return decodePgm(bytes, source);
  throw new Error(`${source}: not a PNG, JPEG or PGM image (unrecognised signature)`);
}

/** Reads and decodes an image file; errors name the file (a missing file too). */
export function readImage(path: string): RasterImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${path}: cannot read the image (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  return decodeImage(bytes, path);
}

/** An 8-bit PNG of `image` (by pngjs): gray, gray + alpha, RGB or RGBA as it has 1 to 4 channels. */
export function encodePng(image: RasterImage): Uint8Array {
  checkRaster(image, 'encodePng');
  const { width, height, channels, data } = image;
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    const [r, g, b] = channels >= 3 ? [data[p], data[p + 1], data[p + 2]] : [data[p], data[p], data[p]];
    rgba.set([r, g, b, channels === 2 || channels === 4 ? data[p + channels - 1] : 255], i * 4);
  }
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer);
  const colorType = ({ 1: 0, 2: 4, 3: 2, 4: 6 } as const)[channels];
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: 6 }));
}
